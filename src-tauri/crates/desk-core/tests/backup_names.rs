//! "Two backups, one name": two save-backup-then-deletes in one session on the same day both
//! succeed, and a file the person chose to replace in the save dialog is replaced only by a
//! verified backup, in one step.

mod backup_support;

use backup_support::dir_names;
use desk_core::backup::{verify, AccountMeta, BackupProgress};
use desk_core::cancel::CancelToken;
use desk_core::deletion::{back_up_then_delete, DeleteResult, DeleteTarget};
use desk_core::saving::SaveTarget;
use fake_scriptix::{Config, FakeServer, Persona};
use scriptix_api::{ClientOptions, ScriptixClient, Secret, Session};

async fn server_and_client() -> (FakeServer, ScriptixClient) {
    let server = FakeServer::start(Config {
        sessions: 5,
        ..Default::default()
    })
    .await
    .unwrap();
    let client = ScriptixClient::new(
        &server.base_url(),
        Secret::new(server.token(Persona::Admin)),
        ClientOptions::default(),
    )
    .unwrap();
    (server, client)
}

fn account() -> AccountMeta {
    AccountMeta {
        label: "Office".into(),
        organization: "Acme".into(),
        server: "loopback".into(),
    }
}

fn no_progress(_: BackupProgress) {}

/// A session with two documents, and a comment on the second one.
async fn session_with_two_documents_and_a_comment(
    client: &ScriptixClient,
) -> (Session, String, String, String) {
    let ids: Vec<String> = {
        use futures_util::TryStreamExt;
        let pages: Vec<_> = client
            .sessions(scriptix_api::ListQuery::default())
            .try_collect()
            .await
            .unwrap();
        pages
            .into_iter()
            .flat_map(|p| p.items)
            .map(|s| s.id)
            .collect()
    };
    for id in ids {
        let session = client.session(&id).await.unwrap();
        let docs = session.documents.clone().unwrap_or_default();
        if docs.len() < 2 {
            continue;
        }
        for (first, second) in [(0, 1), (1, 0)] {
            if let Some(c) = client
                .comments(&id, &docs[second].id)
                .await
                .unwrap()
                .first()
            {
                let (a, b) = (docs[first].id.clone(), docs[second].id.clone());
                return (session, a, b, c.id.clone());
            }
        }
    }
    panic!("the fake server has no session with two documents and a comment");
}

/// What the app does: the UI proposes "<session> - <item> backup <date and time>" (in its
/// language, see ui/src/lib/dialogs.ts) in the folder the dialog opens on, and the person
/// confirms it (here: as a person who just clicks Save, on the same day).
fn save_as_suggested(folder: &std::path::Path, session: &Session, item: &str) -> SaveTarget {
    let now = time::OffsetDateTime::now_utc();
    let stamp = format!("{:02}.{:02}.{:02}", now.hour(), now.minute(), now.second());
    let name = format!("{} - {item} backup {stamp}.zip", session.filename);
    SaveTarget::chosen(folder.join(name))
}

#[tokio::test]
async fn two_deletes_in_one_session_on_one_day_both_succeed() {
    let (_server, client) = server_and_client().await;
    let (session, first_doc, second_doc, comment) =
        session_with_two_documents_and_a_comment(&client).await;
    let docs = session.documents.clone().unwrap();
    let name_of = |id: &str| docs.iter().find(|d| d.id == id).unwrap().filename.clone();
    let folder = tempfile::tempdir().unwrap();

    let deleted_doc = back_up_then_delete(
        &client,
        &account(),
        &DeleteTarget::Document {
            session_id: session.id.clone(),
            document_id: first_doc.clone(),
        },
        Some(save_as_suggested(
            folder.path(),
            &session,
            &name_of(&first_doc),
        )),
        false,
        &no_progress,
        &CancelToken::new(),
    )
    .await
    .expect("the first delete succeeds");
    let deleted_comment = back_up_then_delete(
        &client,
        &account(),
        &DeleteTarget::Comment {
            session_id: session.id.clone(),
            document_id: second_doc.clone(),
            comment_id: comment,
        },
        Some(save_as_suggested(
            folder.path(),
            &session,
            &name_of(&second_doc),
        )),
        false,
        &no_progress,
        &CancelToken::new(),
    )
    .await
    .expect("the second delete, same session, same day, succeeds too");

    assert_eq!(deleted_doc.outcome, DeleteResult::Deleted);
    assert_eq!(deleted_comment.outcome, DeleteResult::Deleted);
    let (a, b) = (deleted_doc.backup.unwrap(), deleted_comment.backup.unwrap());
    assert_ne!(a.path, b.path, "two backups, two files");
    assert_eq!(
        dir_names(folder.path()).len(),
        2,
        "{:?}",
        dir_names(folder.path())
    );
    for backup in [&a.path, &b.path] {
        verify(std::path::Path::new(backup)).expect("each backup verifies");
    }
}

#[tokio::test]
async fn a_file_chosen_for_replacing_is_replaced_by_a_verified_backup() {
    let (_server, client) = server_and_client().await;
    let (session, first_doc, _, _) = session_with_two_documents_and_a_comment(&client).await;
    let folder = tempfile::tempdir().unwrap();
    let chosen = folder.path().join("Meeting backup.zip");
    std::fs::write(&chosen, b"an older file the person chose to replace").unwrap();

    let target = SaveTarget::chosen(chosen.clone());
    assert!(target.replace, "the dialog confirmed replacing it");
    let report = back_up_then_delete(
        &client,
        &account(),
        &DeleteTarget::Document {
            session_id: session.id.clone(),
            document_id: first_doc,
        },
        Some(target),
        false,
        &no_progress,
        &CancelToken::new(),
    )
    .await
    .expect("replacing a chosen file succeeds");
    assert_eq!(report.outcome, DeleteResult::Deleted);
    assert_eq!(report.backup.unwrap().path, chosen.display().to_string());
    verify(&chosen).expect("the chosen name now holds the verified backup");
    assert_eq!(
        dir_names(folder.path()),
        ["Meeting backup.zip"],
        "no staging file is left"
    );
}
