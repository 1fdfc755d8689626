//! Backing up from (fake) Scriptix, and save-backup-then-delete, over loopback.

mod backup_support;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::Mutex;

use backup_support::dir_names;
use desk_core::backup::{back_up_sessions, open_backup, AccountMeta, BackupProgress};
use desk_core::cancel::CancelToken;
use desk_core::deletion::{back_up_then_delete, DeleteResult, DeleteTarget};
use desk_core::DeskError;
use fake_scriptix::{Config, FakeServer, Persona};
use scriptix_api::{ClientOptions, DocumentKind, ExportFormat, ScriptixClient, Secret, Session};

struct Fixture {
    server: FakeServer,
    client: ScriptixClient,
}

async fn fixture() -> Fixture {
    let server = FakeServer::start(Config {
        sessions: 5,
        ..Default::default()
    })
    .await
    .unwrap();
    let token = server.token(Persona::Admin);
    let client = ScriptixClient::new(
        &server.base_url(),
        Secret::new(token),
        ClientOptions::default(),
    )
    .unwrap();
    Fixture { server, client }
}

fn account() -> AccountMeta {
    AccountMeta {
        label: "Office".into(),
        organization: "Acme".into(),
        server: "loopback".into(),
    }
}

fn no_progress(_: BackupProgress) {}

/// A session of the fake account with at least two documents, one of them a transcript.
async fn two_document_session(client: &ScriptixClient) -> Session {
    let ids: Vec<String> = client.list_all_session_ids().await;
    for id in ids {
        let session = client.session(&id).await.unwrap();
        let docs = session.documents.clone().unwrap_or_default();
        if docs.len() >= 2 && docs.iter().any(|d| d.kind == DocumentKind::Transcript) {
            return session;
        }
    }
    panic!("the fake server has no session with two documents");
}

/// A session, document and comment of the fake account that exist.
async fn session_with_comment(client: &ScriptixClient) -> (String, String, String) {
    for id in client.list_all_session_ids().await {
        let session = client.session(&id).await.unwrap();
        for doc in session.documents.unwrap_or_default() {
            if let Some(c) = client.comments(&id, &doc.id).await.unwrap().first() {
                return (id, doc.id, c.id.clone());
            }
        }
    }
    panic!("the fake server has no comments");
}

trait ListAll {
    async fn list_all_session_ids(&self) -> Vec<String>;
}

impl ListAll for ScriptixClient {
    async fn list_all_session_ids(&self) -> Vec<String> {
        let page = self
            .list_sessions_page(&Default::default(), 0, scriptix_api::PAGE_SIZE)
            .await
            .unwrap();
        page.items.into_iter().map(|s| s.id).collect()
    }
}

fn zip_entry(path: &Path, name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut bytes = Vec::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} is in the backup"))
        .read_to_end(&mut bytes)
        .unwrap();
    bytes
}

#[tokio::test]
async fn a_two_document_session_is_backed_up_with_readable_exports() {
    let f = fixture().await;
    let session = two_document_session(&f.client).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backup.zip");
    let seen = Mutex::new(Vec::new());
    let progress = |p: BackupProgress| seen.lock().unwrap().push(p);

    let verified = back_up_sessions(
        &f.client,
        account(),
        std::slice::from_ref(&session.id),
        None,
        false,
        &path,
        &progress,
        &CancelToken::new(),
    )
    .await
    .unwrap();

    assert_eq!(dir_names(dir.path()), ["backup.zip"]);
    let record = &verified.manifest.sessions[0];
    assert_eq!(record.id, session.id);
    assert_eq!(
        record.documents.len(),
        session.documents.as_ref().unwrap().len()
    );
    for doc in &record.documents {
        let exports: &[&str] = match doc.kind.as_str() {
            "caption" => &["captions.srt", "captions.vtt"],
            _ => &["transcript.txt", "transcript.docx"],
        };
        for name in exports.iter().chain(&["document.json", "comments.json"]) {
            let bytes = zip_entry(&path, &format!("{}{name}", doc.path));
            assert!(!bytes.is_empty(), "{}{name} is empty", doc.path);
        }
        if doc.kind == "transcript" {
            // The Word file is itself a zip with the document body in it.
            let docx = zip_entry(&path, &format!("{}transcript.docx", doc.path));
            let mut word = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
            assert!(word.by_name("word/document.xml").is_ok());
        }
    }
    // The offline view shows the transcript's text.
    let view = open_backup(&path).unwrap();
    let transcript = view.sessions[0]
        .documents
        .iter()
        .find(|d| d.kind == "transcript")
        .unwrap();
    assert!(transcript.segments.iter().any(|s| !s.text.is_empty()));

    let seen = seen.into_inner().unwrap();
    let last = seen.last().unwrap();
    assert_eq!(last.files_done, last.files_total);
    assert!(last.bytes > 0.0);
}

/// Requests the fake server counted since `before`, by kind (`"GET document"`…).
fn requests_since(server: &FakeServer, before: &BTreeMap<String, u64>) -> BTreeMap<String, u64> {
    server
        .state()
        .requests
        .into_iter()
        .map(|(kind, n)| {
            let earlier = before.get(&kind).copied().unwrap_or(0);
            (kind, n - earlier)
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

#[tokio::test]
async fn each_document_costs_one_request() {
    let f = fixture().await;
    let session = two_document_session(&f.client).await;
    let documents = session.documents.as_ref().unwrap().len() as u64;
    let dir = tempfile::tempdir().unwrap();

    for (include_media, name) in [(false, "plain.zip"), (true, "with-media.zip")] {
        let before = f.server.state().requests;
        back_up_sessions(
            &f.client,
            account(),
            std::slice::from_ref(&session.id),
            None,
            include_media,
            &dir.path().join(name),
            &no_progress,
            &CancelToken::new(),
        )
        .await
        .unwrap();

        // The session (its current document list), then each document's JSON with its
        // comments inline. No separate comments call, no server-side text or Word exports.
        let mut expected = counts(&[("GET session", 1), ("GET document", documents)]);
        if include_media {
            // The recording: one export request and its download, once per session.
            expected.extend(counts(&[("GET export", 1), ("GET blob", 1)]));
        }
        assert_eq!(
            requests_since(&f.server, &before),
            expected,
            "media: {include_media}"
        );
    }
}

/// The body of `word/document.xml` inside a Word file: the part that carries the text (the
/// zip around it holds timestamps that differ from one rendering to the next).
fn word_text(docx: &[u8]) -> String {
    let mut word = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    word.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[tokio::test]
async fn readable_copies_read_the_same_as_scriptix_own_exports() {
    let f = fixture().await;
    let session = two_document_session(&f.client).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backup.zip");
    let verified = back_up_sessions(
        &f.client,
        account(),
        std::slice::from_ref(&session.id),
        None,
        false,
        &path,
        &no_progress,
        &CancelToken::new(),
    )
    .await
    .unwrap();

    let mut kinds_compared = Vec::new();
    for doc in &verified.manifest.sessions[0].documents {
        let copies: &[(&str, ExportFormat)] = match doc.kind.as_str() {
            "caption" => &[
                ("captions.srt", ExportFormat::Srt),
                ("captions.vtt", ExportFormat::Vtt),
            ],
            _ => &[
                ("transcript.txt", ExportFormat::Txt),
                ("transcript.docx", ExportFormat::Docx),
            ],
        };
        for (name, format) in copies {
            let ours = zip_entry(&path, &format!("{}{name}", doc.path));
            let mut theirs = Vec::new();
            f.client
                .export_to(&session.id, &doc.id, *format, &mut theirs, &|_| {})
                .await
                .unwrap();
            if *format == ExportFormat::Docx {
                assert_eq!(word_text(&ours), word_text(&theirs), "{}{name}", doc.path);
            } else {
                // Same title, times, speaker names (not ids) and text.
                assert_eq!(
                    String::from_utf8(ours).unwrap(),
                    String::from_utf8(theirs).unwrap(),
                    "{}{name}",
                    doc.path
                );
            }
        }
        kinds_compared.push(doc.kind.clone());
    }
    assert!(kinds_compared.iter().any(|k| k == "transcript"));
    assert!(kinds_compared.iter().any(|k| k == "caption"));
}

#[tokio::test]
async fn media_is_stored_once_per_session_as_is() {
    let f = fixture().await;
    let session = two_document_session(&f.client).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("with-media.zip");
    let verified = back_up_sessions(
        &f.client,
        account(),
        std::slice::from_ref(&session.id),
        None,
        true,
        &path,
        &no_progress,
        &CancelToken::new(),
    )
    .await
    .unwrap();

    let media_path = verified.manifest.sessions[0].media_path.clone().unwrap();
    let extension = session.filename.rsplit_once('.').unwrap().1.to_lowercase();
    assert_eq!(
        media_path,
        format!("{}media.{extension}", verified.manifest.sessions[0].path)
    );
    let media_files = verified
        .manifest
        .files
        .iter()
        .filter(|f| f.path.contains("/media."))
        .count();
    assert_eq!(media_files, 1, "one recording, however many documents");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let media = zip.by_name(&media_path).unwrap();
    assert_eq!(media.size(), Config::default().media_bytes);
    assert_eq!(media.compression(), zip::CompressionMethod::Stored);
    assert!(open_backup(&path).unwrap().sessions[0].has_media);
}

#[tokio::test]
async fn a_cancelled_backup_leaves_no_file() {
    let f = fixture().await;
    let session = two_document_session(&f.client).await;
    let dir = tempfile::tempdir().unwrap();
    let cancel = CancelToken::new();
    // Stop as soon as the first file is in.
    let stop = cancel.clone();
    let progress = move |p: BackupProgress| {
        if p.files_done >= 1 {
            stop.cancel();
        }
    };
    let result = back_up_sessions(
        &f.client,
        account(),
        std::slice::from_ref(&session.id),
        None,
        false,
        &dir.path().join("backup.zip"),
        &progress,
        &cancel,
    )
    .await;
    assert!(matches!(result, Err(DeskError::Cancelled(_))), "{result:?}");
    assert!(
        dir_names(dir.path()).is_empty(),
        "{:?}",
        dir_names(dir.path())
    );
}

#[tokio::test]
async fn deleting_a_document_backs_it_up_first() {
    let f = fixture().await;
    let session = two_document_session(&f.client).await;
    let doc = session.documents.as_ref().unwrap()[0].id.clone();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("before-delete.zip");
    let target = DeleteTarget::Document {
        session_id: session.id.clone(),
        document_id: doc.clone(),
    };

    let report = back_up_then_delete(
        &f.client,
        &account(),
        &target,
        Some(path.clone().into()),
        false,
        &no_progress,
        &CancelToken::new(),
    )
    .await
    .unwrap();

    assert_eq!(report.outcome, DeleteResult::Deleted);
    assert!(f.server.state().deleted_documents.contains(&doc));
    let backup = report.backup.unwrap();
    assert_eq!(Path::new(&backup.path), path);
    // The backup holds exactly that document, and checks out.
    let view = open_backup(&path).unwrap();
    let docs: Vec<&str> = view.sessions[0]
        .documents
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(docs, [doc.as_str()]);
    assert_eq!(view.sha256, backup.sha256);
}

#[tokio::test]
async fn deleting_a_session_backs_up_all_its_documents() {
    let f = fixture().await;
    let session = two_document_session(&f.client).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.zip");
    let target = DeleteTarget::Session {
        session_id: session.id.clone(),
    };

    let report = back_up_then_delete(
        &f.client,
        &account(),
        &target,
        Some(path.clone().into()),
        false,
        &no_progress,
        &CancelToken::new(),
    )
    .await
    .unwrap();

    assert_eq!(report.outcome, DeleteResult::Deleted);
    assert!(f.server.state().deleted_sessions.contains(&session.id));
    let view = open_backup(&path).unwrap();
    assert_eq!(
        view.sessions[0].documents.len(),
        session.documents.unwrap().len()
    );
}

#[tokio::test]
async fn deleting_a_comment_backs_up_its_document_with_all_comments() {
    let f = fixture().await;
    let (s, d, c) = session_with_comment(&f.client).await;
    let all_comments = f.client.comments(&s, &d).await.unwrap().len();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("comment.zip");
    let target = DeleteTarget::Comment {
        session_id: s,
        document_id: d.clone(),
        comment_id: c.clone(),
    };

    let report = back_up_then_delete(
        &f.client,
        &account(),
        &target,
        Some(path.clone().into()),
        false,
        &no_progress,
        &CancelToken::new(),
    )
    .await
    .unwrap();

    assert_eq!(report.outcome, DeleteResult::Deleted);
    assert!(f.server.state().deleted_comments.contains(&c));
    let view = open_backup(&path).unwrap();
    let doc = &view.sessions[0].documents[0];
    assert_eq!(doc.id, d);
    assert_eq!(doc.comments.len(), all_comments);
    assert!(doc.comments.iter().any(|k| k.id == c));
}

#[cfg(unix)]
#[tokio::test]
async fn nothing_is_deleted_when_the_backup_cannot_be_written() {
    let f = fixture().await;
    let session = two_document_session(&f.client).await;
    let folder = backup_support::ReadOnlyDir::new();
    let target = DeleteTarget::Session {
        session_id: session.id.clone(),
    };

    let result = back_up_then_delete(
        &f.client,
        &account(),
        &target,
        Some(folder.path().join("backup.zip").into()),
        false,
        &no_progress,
        &CancelToken::new(),
    )
    .await;

    match result {
        Err(DeskError::Backup(message)) => {
            assert_eq!(
                message,
                desk_core::Detail::BackupNotSaved {
                    io: desk_core::error::IoProblem::NotAllowed
                }
            )
        }
        other => panic!("expected a backup error, got {other:?}"),
    }
    assert!(!f.server.state().deleted_sessions.contains(&session.id));
    assert!(
        f.client.session(&session.id).await.is_ok(),
        "the session is still on Scriptix"
    );
}

#[tokio::test]
async fn a_cancel_before_the_delete_deletes_nothing() {
    let f = fixture().await;
    let session = two_document_session(&f.client).await;
    let dir = tempfile::tempdir().unwrap();
    let cancel = CancelToken::new();
    let stop = cancel.clone();
    // Pressed while the last file is being saved: the backup may finish, the delete must not go.
    let progress = move |p: BackupProgress| {
        if p.files_done == p.files_total {
            stop.cancel();
        }
    };
    let target = DeleteTarget::Session {
        session_id: session.id.clone(),
    };
    let result = back_up_then_delete(
        &f.client,
        &account(),
        &target,
        Some(dir.path().join("b.zip").into()),
        false,
        &progress,
        &cancel,
    )
    .await;
    assert!(matches!(result, Err(DeskError::Cancelled(_))), "{result:?}");
    assert!(!f.server.state().deleted_sessions.contains(&session.id));
}

#[tokio::test]
async fn an_item_deleted_elsewhere_is_not_on_scriptix_or_already_deleted() {
    let f = fixture().await;
    let session = two_document_session(&f.client).await;
    let doc = session.documents.as_ref().unwrap()[1].id.clone();
    f.server.delete_behind_the_back(&doc);
    let dir = tempfile::tempdir().unwrap();

    let with_backup = DeleteTarget::Document {
        session_id: session.id.clone(),
        document_id: doc.clone(),
    };
    let report = back_up_then_delete(
        &f.client,
        &account(),
        &with_backup,
        Some(dir.path().join("b.zip").into()),
        false,
        &no_progress,
        &CancelToken::new(),
    )
    .await
    .unwrap();
    // A 404 means "not found, or not yours": never a flat "already deleted".
    assert_eq!(report.outcome, DeleteResult::NotOnScriptix);
    assert!(report.backup.is_none());
    assert!(
        dir_names(dir.path()).is_empty(),
        "no backup of nothing is left behind"
    );

    // Deleting without a backup reaches the server, whose 400 "already marked as removed"
    // says it really was deleted.
    f.server.delete_behind_the_back(&session.id);
    let session_target = DeleteTarget::Session {
        session_id: session.id.clone(),
    };
    let report = back_up_then_delete(
        &f.client,
        &account(),
        &session_target,
        None,
        false,
        &no_progress,
        &CancelToken::new(),
    )
    .await
    .unwrap();
    assert_eq!(report.outcome, DeleteResult::AlreadyDeleted);
}

#[tokio::test]
async fn a_forbidden_delete_is_reported_and_the_item_stays() {
    let f = fixture().await;
    let session = two_document_session(&f.client).await;
    let doc = session.documents.as_ref().unwrap()[0].id.clone();
    f.server.forbid(&doc);
    let dir = tempfile::tempdir().unwrap();
    let target = DeleteTarget::Document {
        session_id: session.id.clone(),
        document_id: doc.clone(),
    };

    let result = back_up_then_delete(
        &f.client,
        &account(),
        &target,
        Some(dir.path().join("b.zip").into()),
        false,
        &no_progress,
        &CancelToken::new(),
    )
    .await;

    assert!(matches!(result, Err(DeskError::Forbidden(_))), "{result:?}");
    assert!(!f.server.state().deleted_documents.contains(&doc));
    let still_there = f.client.session(&session.id).await.unwrap();
    assert!(still_there.documents.unwrap().iter().any(|d| d.id == doc));
}
