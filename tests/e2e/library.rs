//! The library: permission-aware actions and save-backup-then-delete.
//!
//! Every test runs its own fake Scriptix server, adds an account the way a person does (an
//! API key pasted on the first screen), and checks what a person would notice: which buttons
//! are there, what the app says, what Scriptix (the fake) holds afterwards, and the backup
//! file on disk. Expectations come from the fake's own API answers and the rules in
//! `docs/permissions.md`, never from the app.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use desk_e2e::{run_tool, session_row, xpath_literal, App, Launch};
use fake_scriptix::{Config, FakeServer, IdentityInfo, Persona};
use serde_json::Value;

use crate::fake_api::admin_get;
use sha2::{Digest, Sha256};
use thirtyfour::prelude::*;

const SESSIONS: usize = 12;
const ACCOUNT_LABEL: &str = "Office";
const ORGANISATION: &str = "Acme Transcription";

async fn start_fake() -> FakeServer {
    FakeServer::start(Config {
        seed: 3,
        sessions: SESSIONS,
        ..Default::default()
    })
    .await
    .expect("start the fake Scriptix server")
}

/// Add `who` as the app's account as a person does: first screen → "Add a Scriptix account"
/// → "Use an API key" → paste the key → "More options" → server address → "Add account".
async fn add_account_by_key(app: &App, server: &FakeServer, who: Persona) {
    app.add_first_account_by_key(&server.base_url(), &server.token(who), ACCOUNT_LABEL)
        .await;
    app.wait_text(&format!("{SESSIONS} sessions")).await;
}

// ---- What the fake Scriptix says ------------------------------------------------------

/// Every session, with its document summaries, as the fake lists them.
async fn fake_sessions(server: &FakeServer) -> Vec<Value> {
    admin_get(server, "speech-to-text/session?limit=100")
        .await
        .as_array()
        .expect("a list of sessions")
        .clone()
}

/// One document with its content and comments.
async fn fake_document(server: &FakeServer, session: &Value, doc: &Value) -> Value {
    admin_get(
        server,
        &format!(
            "speech-to-text/session/{}/document/{}",
            str_of(session, "session_id"),
            str_of(doc, "id")
        ),
    )
    .await
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

fn documents(session: &Value) -> &[Value] {
    session["documents"].as_array().map_or(&[], Vec::as_slice)
}

fn owner(item: &Value) -> &str {
    item["created_by"]["id"].as_str().unwrap_or_default()
}

fn comment_count(doc: &Value) -> u64 {
    doc["comment_count"].as_u64().unwrap_or(0)
}

fn comments(document: &Value) -> Vec<&Value> {
    document["comments"]
        .as_array()
        .map(|cs| cs.iter().filter(|c| c["is_deleted"] != true).collect())
        .unwrap_or_default()
}

/// The text of every segment, in both shapes the fake sends (transcript object, caption list).
fn segment_texts(document: &Value) -> Vec<String> {
    let segments = match &document["document"] {
        Value::Array(list) => list.clone(),
        body => body["content"]["segments"]
            .as_array()
            .cloned()
            .unwrap_or_default(),
    };
    segments
        .iter()
        .filter_map(|s| s["text"].as_str())
        .map(squash)
        .collect()
}

/// Whitespace folded to single spaces, as a person reads it.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    Session,
    Document,
    Comment,
}

/// `docs/permissions.md`, rows 5–10, for the fake's data (roles and owners always known).
fn may_delete(who: &IdentityInfo, kind: Kind, owner: &str, document_owner: Option<&str>) -> bool {
    let has = |role: &str| who.roles.iter().any(|r| r.eq_ignore_ascii_case(role));
    if has("ORGADMIN") || has("SYSOP") {
        return true;
    }
    if has("CONTRIBUTOR") || has("DEVELOPER") {
        return owner == who.id
            || (matches!(kind, Kind::Comment) && document_owner == Some(who.id.as_str()));
    }
    false
}

// ---- Finding things on screen -----------------------------------------------------------

/// Press a button by its accessible name, scrolled to the middle of its scroll area first
/// (a button at the bottom edge of the pane sits under the status bar otherwise).
async fn press(app: &App, name: &str) {
    let button = app.button(name).await;
    app.reveal_and_click(&button).await;
}

/// Click a session in the list and wait until its details are shown.
async fn open_session(app: &App, name: &str) {
    let n = xpath_literal(name);
    let row = app
        .wait_xpath(&session_row(name), &format!("session {name:?} in the list"))
        .await;
    app.reveal_and_click(&row).await;
    app.wait_xpath(
        &format!("//h2[normalize-space(.)={n}]"),
        &format!("the details of {name:?}"),
    )
    .await;
}

/// Open a document of the shown session and wait for its text and comments.
async fn open_document(app: &App, name: &str) {
    press(app, &format!("Open {name}")).await;
    app.wait_xpath(
        &format!("//h3[normalize-space(.)={}]", xpath_literal(name)),
        &format!("document {name:?}"),
    )
    .await;
}

/// The accessible names (aria-label, else text) of every button matching `xpath`.
async fn button_names(app: &App, xpath: &str) -> Vec<String> {
    let mut names = Vec::new();
    for b in app.driver.find_all(By::XPath(xpath)).await.unwrap() {
        let name = match b.attr("aria-label").await.unwrap() {
            Some(label) => label,
            None => b.text().await.unwrap(),
        };
        names.push(squash(&name));
    }
    names.sort();
    names
}

const DOCUMENT_DELETES: &str = "//button[starts-with(@aria-label, 'Delete document ')]";
const COMMENT_DELETES: &str = "//button[starts-with(normalize-space(.), 'Delete comment by ')]";

/// XPath of a button by its exact accessible name.
fn named_button(name: &str) -> String {
    let n = xpath_literal(name);
    format!("//button[normalize-space(.)={n} or @aria-label={n}]")
}

/// Wait until the button is gone from the page, then check it is not even hidden there.
async fn wait_button_removed(app: &App, name: &str) {
    app.wait_xpath_gone(&named_button(name), &format!("button {name:?}"))
        .await;
    assert!(!app.has_button(name).await, "{name:?} is still in the page");
}

/// The status line's text once it contains `part`.
async fn notice_containing(app: &App, part: &str) -> String {
    let el = app
        .wait_xpath(
            &format!(
                "//*[@role='status' and contains(normalize-space(.), {})]",
                xpath_literal(part)
            ),
            &format!("a message saying {part:?}"),
        )
        .await;
    squash(&el.text().await.unwrap())
}

// ---- Backups on disk ----------------------------------------------------------------------

/// A backup read the way the format promises: every file listed in `manifest.json` with
/// a SHA-256 and size that match its content, and nothing unlisted.
struct Backup {
    manifest: Value,
    files: BTreeMap<String, Vec<u8>>,
}

impl Backup {
    fn read_verified(path: &Path) -> Backup {
        let mut zip = zip::ZipArchive::new(File::open(path).expect("open the backup"))
            .expect("the backup is a zip");
        let mut manifest = String::new();
        zip.by_name("manifest.json")
            .expect("the backup has a manifest.json")
            .read_to_string(&mut manifest)
            .unwrap();
        let manifest: Value = serde_json::from_str(&manifest).expect("manifest.json is JSON");
        assert_eq!(manifest["format"], "scriptix-desk-backup", "{manifest}");
        let mut files = BTreeMap::new();
        for listed in manifest["files"].as_array().expect("manifest lists files") {
            let name = str_of(listed, "path");
            let mut content = Vec::new();
            zip.by_name(name)
                .unwrap_or_else(|_| panic!("{name} is listed but not in the zip"))
                .read_to_end(&mut content)
                .unwrap();
            assert_eq!(
                hex::encode(Sha256::digest(&content)),
                str_of(listed, "sha256"),
                "{name}: content does not match its SHA-256 in manifest.json"
            );
            assert_eq!(
                Some(content.len() as u64),
                listed["bytes"].as_u64(),
                "{name}"
            );
            files.insert(name.to_string(), content);
        }
        let names: Vec<String> = zip
            .file_names()
            .map(|n| n.expect("a readable file name").into_owned())
            .collect();
        for name in names {
            assert!(
                name == "manifest.json" || name.ends_with('/') || files.contains_key(&name),
                "{name} is in the zip but not listed in manifest.json"
            );
        }
        assert!(!files.is_empty(), "the backup lists no files");
        Backup { manifest, files }
    }

    /// Every file whose path ends with `suffix`, as text.
    fn texts_ending(&self, suffix: &str) -> Vec<String> {
        self.files
            .iter()
            .filter(|(name, _)| name.ends_with(suffix))
            .map(|(_, c)| String::from_utf8_lossy(c).into_owned())
            .collect()
    }

    /// The document ids this backup holds, from the manifest.
    fn document_ids(&self) -> BTreeSet<String> {
        self.manifest["sessions"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|s| s["documents"].as_array().into_iter().flatten())
            .map(|d| str_of(d, "id").to_string())
            .collect()
    }

    /// The backup holds `document` (fake JSON): its full JSON, its text, its comments.
    fn assert_holds_document(&self, document: &Value) {
        let id = str_of(document, "id");
        assert!(self.document_ids().contains(id), "{id} not in the manifest");
        let jsons: Vec<Value> = self
            .texts_ending("/document.json")
            .iter()
            .map(|t| serde_json::from_str(t).expect("document.json is JSON"))
            .collect();
        assert!(
            jsons.iter().any(|j| j["id"] == id),
            "no document.json for {id}"
        );
        let readable = squash(
            &[
                self.texts_ending("/transcript.txt"),
                self.texts_ending("/captions.srt"),
            ]
            .concat()
            .join("\n"),
        );
        let texts = segment_texts(document);
        assert!(!texts.is_empty(), "the fake document has no text");
        for text in &texts {
            assert!(
                readable.contains(text),
                "{text:?} missing from the readable copy"
            );
        }
        let saved_comments = self.texts_ending("/comments.json").join("\n");
        for c in comments(document) {
            let text = serde_json::to_string(&c["text"]).unwrap();
            assert!(
                saved_comments.contains(&text),
                "comment {text} missing from comments.json"
            );
        }
    }
}

/// `.zip` files directly in `dir`.
fn zips_in(dir: &Path) -> BTreeSet<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect()
}

/// The one backup that appeared in `dir` since `before`.
fn new_backup(dir: &Path, before: &BTreeSet<PathBuf>) -> PathBuf {
    let new: Vec<PathBuf> = zips_in(dir).difference(before).cloned().collect();
    assert_eq!(new.len(), 1, "expected exactly one new backup: {new:?}");
    new[0].clone()
}

/// A folder that not even root can write into (`chmod 555` plus `chattr +i`), made writable
/// again on drop — as `desk-core`'s backup tests do.
struct ReadOnlyDir {
    _parent: tempfile::TempDir,
    path: PathBuf,
}

impl ReadOnlyDir {
    fn new() -> ReadOnlyDir {
        use std::os::unix::fs::PermissionsExt;
        let parent = tempfile::tempdir().unwrap();
        let path = parent.path().join("read-only");
        std::fs::create_dir(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o555)).unwrap();
        let dir = ReadOnlyDir {
            _parent: parent,
            path,
        };
        if dir.is_writable() {
            let _ = std::process::Command::new("chattr")
                .arg("+i")
                .arg(&dir.path)
                .status();
        }
        assert!(
            !dir.is_writable(),
            "this machine cannot make a read-only folder for the test"
        );
        dir
    }

    fn is_writable(&self) -> bool {
        let probe = self.path.join("probe");
        let writable = std::fs::write(&probe, b"x").is_ok();
        let _ = std::fs::remove_file(probe);
        writable
    }
}

impl Drop for ReadOnlyDir {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.path)
            .stderr(Stdio::null())
            .status();
        let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o755));
    }
}

// ---- 1. Delete buttons follow the permission rules -------------------------------------

/// Visit every session, and every document with comments, and compare the delete buttons in
/// the page with the rules applied to the fake's data.
async fn delete_buttons_follow_the_rules(test: &str, who: Persona) {
    let server = start_fake().await;
    let me = server.identity(who);
    let sessions = fake_sessions(&server).await;
    assert_eq!(sessions.len(), SESSIONS);
    let mut full_documents = BTreeMap::new();
    for s in &sessions {
        for d in documents(s).iter().filter(|d| comment_count(d) > 0) {
            full_documents.insert(
                str_of(d, "id").to_string(),
                fake_document(&server, s, d).await,
            );
        }
    }

    // What the rules allow, per kind: (allowed, refused). The data has to contain both for a
    // contributor, or this test could not tell a right answer from a lucky one.
    let mut tally: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    let mut count = |kind: &'static str, yes: bool| {
        let e = tally.entry(kind).or_default();
        if yes {
            e.0 += 1
        } else {
            e.1 += 1
        }
    };
    for s in &sessions {
        count("session", may_delete(&me, Kind::Session, owner(s), None));
        for d in documents(s) {
            count("document", may_delete(&me, Kind::Document, owner(d), None));
            for c in full_documents
                .get(str_of(d, "id"))
                .map(comments)
                .unwrap_or_default()
            {
                let yes = may_delete(
                    &me,
                    Kind::Comment,
                    c["author"]["id"].as_str().unwrap_or_default(),
                    Some(owner(d)),
                );
                count("comment", yes);
            }
        }
    }
    for kind in ["session", "document", "comment"] {
        let (yes, no) = tally.get(kind).copied().unwrap_or_default();
        match who {
            Persona::Admin => assert!(yes > 0 && no == 0, "{kind}: {yes}/{no}"),
            Persona::Viewer => assert!(yes == 0 && no > 0, "{kind}: {yes}/{no}"),
            _ => assert!(yes > 0 && no > 0, "{kind}: the data must have both cases"),
        }
    }

    App::run(test, Launch::default(), move |app| async move {
        add_account_by_key(&app, &server, who).await;
        for s in &sessions {
            let name = str_of(s, "filename");
            open_session(&app, name).await;
            assert_eq!(
                app.has_button("Delete session").await,
                may_delete(&me, Kind::Session, owner(s), None),
                "session {name:?} owned by {}",
                owner(s)
            );
            let mut expected_docs = Vec::new();
            for d in documents(s) {
                let label = format!("Delete document {}", str_of(d, "filename"));
                let allowed = may_delete(&me, Kind::Document, owner(d), None);
                assert_eq!(
                    app.has_button(&label).await,
                    allowed,
                    "{label:?} (owner {})",
                    owner(d)
                );
                if allowed {
                    expected_docs.push(label);
                }
            }
            expected_docs.sort();
            assert_eq!(
                button_names(&app, DOCUMENT_DELETES).await,
                expected_docs,
                "document delete buttons in {name:?}"
            );

            for d in documents(s) {
                let Some(full) = full_documents.get(str_of(d, "id")) else {
                    continue;
                };
                let doc_name = str_of(d, "filename");
                open_document(&app, doc_name).await;
                let mut expected: Vec<String> = comments(full)
                    .into_iter()
                    .filter(|c| {
                        let author = c["author"]["id"].as_str().unwrap_or_default();
                        may_delete(&me, Kind::Comment, author, Some(owner(d)))
                    })
                    .map(|c| format!("Delete comment by {}", str_of(&c["author"], "name")))
                    .collect();
                expected.sort();
                assert_eq!(
                    button_names(&app, COMMENT_DELETES).await,
                    expected,
                    "comment delete buttons on {doc_name:?} (owner {})",
                    owner(d)
                );
                press(&app, "Close document").await;
                app.wait_xpath(
                    &format!("//h2[normalize-space(.)={}]", xpath_literal(name)),
                    "the session again",
                )
                .await;
            }
        }
        if who == Persona::Viewer {
            let any_delete = button_names(&app, "//button[starts-with(normalize-space(.), 'Delete') or starts-with(@aria-label, 'Delete')]").await;
            assert!(any_delete.is_empty(), "a view-only account sees {any_delete:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn admin_sees_every_delete_button() {
    delete_buttons_follow_the_rules("library_buttons_admin", Persona::Admin).await;
}

#[tokio::test]
async fn contributor_sees_delete_only_for_own_items() {
    delete_buttons_follow_the_rules("library_buttons_contributor", Persona::Contributor).await;
}

#[tokio::test]
async fn view_only_account_sees_no_delete_button() {
    delete_buttons_follow_the_rules("library_buttons_viewer", Persona::Viewer).await;
}

#[tokio::test]
async fn a_refused_delete_hides_its_button() {
    let server = start_fake().await;
    let sessions = fake_sessions(&server).await;
    let session = sessions[0].clone();
    let doc = documents(&session)[0].clone();
    let doc_id = str_of(&doc, "id").to_string();
    server.forbid(&doc_id);
    let saves = tempfile::tempdir().unwrap();
    let launch = Launch::default().env(
        "SCRIPTIX_DESK_TEST_SAVE_TO",
        saves.path().display().to_string(),
    );
    App::run("library_refused_delete", launch, move |app| async move {
        add_account_by_key(&app, &server, Persona::Admin).await;
        open_session(&app, str_of(&session, "filename")).await;
        let name = str_of(&doc, "filename");
        let button = format!("Delete document {name}");
        press(&app, &button).await;
        app.role("alertdialog", &format!("Delete “{name}”?")).await;
        press(&app, "Save backup, then delete").await;
        let said = notice_containing(&app, "was not deleted").await;
        assert!(
            said.contains(&format!("“{name}” was not deleted."))
                && said.contains("This account is not allowed to do that."),
            "{said}"
        );
        wait_button_removed(&app, &button).await;
        assert!(!server.state().deleted_documents.contains(&doc_id));
        drop(saves);
    })
    .await;
}

// ---- 2. Back up, then delete --------------------------------------------------------------

#[tokio::test]
async fn back_up_then_delete_a_document_a_comment_and_a_session() {
    let server = start_fake().await;
    let sessions = fake_sessions(&server).await;
    // Three different sessions: a transcript with comments in a session that keeps other
    // documents; a document with comments; a whole session with documents and comments.
    let (doc_session, doc) = sessions
        .iter()
        .find_map(|s| {
            let docs = documents(s);
            (docs.len() > 1)
                .then(|| {
                    docs.iter()
                        .find(|d| d["type"] != "caption" && comment_count(d) > 0)
                })
                .flatten()
                .map(|d| (s.clone(), d.clone()))
        })
        .expect("a session with several documents, one a transcript with comments");
    let (comment_session, commented) = sessions
        .iter()
        .filter(|s| s["session_id"] != doc_session["session_id"])
        .find_map(|s| {
            documents(s)
                .iter()
                .find(|d| comment_count(d) > 0)
                .map(|d| (s.clone(), d.clone()))
        })
        .expect("another session with comments");
    let gone_session = sessions
        .iter()
        .find(|s| {
            s["session_id"] != doc_session["session_id"]
                && s["session_id"] != comment_session["session_id"]
                && documents(s).iter().map(comment_count).sum::<u64>() > 0
        })
        .expect("a third session with comments")
        .clone();
    let doc_full = fake_document(&server, &doc_session, &doc).await;
    let commented_full = fake_document(&server, &comment_session, &commented).await;
    let all = comments(&commented_full);
    let comment = all
        .iter()
        .find(|c| {
            all.iter()
                .filter(|o| o["author"] == c["author"] && o["text"] == c["text"])
                .count()
                == 1
        })
        .map(|c| (*c).clone())
        .expect("a comment told apart by its author and text");
    let mut gone_docs = Vec::new();
    for d in documents(&gone_session) {
        gone_docs.push(fake_document(&server, &gone_session, d).await);
    }

    let saves = tempfile::tempdir().unwrap();
    let launch = Launch::default().env(
        "SCRIPTIX_DESK_TEST_SAVE_TO",
        saves.path().display().to_string(),
    );
    App::run(
        "library_back_up_then_delete",
        launch,
        move |app| async move {
            let dir = saves.path();
            let account = format!("Account: {ACCOUNT_LABEL} · {ORGANISATION}");
            add_account_by_key(&app, &server, Persona::Admin).await;

            // A document.
            let session_name = str_of(&doc_session, "filename");
            let doc_name = str_of(&doc, "filename");
            open_session(&app, session_name).await;
            app.screenshot("library").await;
            press(&app, &format!("Delete document {doc_name}")).await;
            let dialog = app
                .role("alertdialog", &format!("Delete “{doc_name}”?"))
                .await;
            let said = squash(&dialog.text().await.unwrap());
            for part in [
                doc_name.to_string(),
                format!("the document and its {} comments", comment_count(&doc)),
                account.clone(),
                "First a backup is saved on this computer and checked.".into(),
            ] {
                assert!(
                    said.contains(&part),
                    "the confirmation lacks {part:?}: {said}"
                );
            }
            app.screenshot("confirm-delete").await;
            let before = zips_in(dir);
            press(&app, "Save backup, then delete").await;
            let said = notice_containing(&app, &format!("Deleted “{doc_name}”.")).await;
            let backup = new_backup(dir, &before);
            assert!(
                said.contains(&format!("The backup is at {}", backup.display())),
                "{said}"
            );
            assert!(server
                .state()
                .deleted_documents
                .contains(str_of(&doc, "id")));
            let saved = Backup::read_verified(&backup);
            saved.assert_holds_document(&doc_full);
            assert_eq!(
                saved.document_ids().len(),
                1,
                "only the deleted document is in its backup"
            );
            // The list follows without a reload: the document is gone, its siblings stay.
            app.wait_xpath_gone(
                &format!(
                    "//li//strong[normalize-space(.)={}]",
                    xpath_literal(doc_name)
                ),
                "the deleted document",
            )
            .await;
            app.wait_xpath_gone("//*[@role='alertdialog']", "the confirmation")
                .await;
            app.screenshot("deleted").await;
            for other in documents(&doc_session)
                .iter()
                .filter(|d| d["id"] != doc["id"])
            {
                app.button(&format!("Open {}", str_of(other, "filename")))
                    .await;
            }

            // A comment.
            let commented_name = str_of(&commented, "filename");
            let author = str_of(&comment["author"], "name");
            open_session(&app, str_of(&comment_session, "filename")).await;
            open_document(&app, commented_name).await;
            let comment_items = "//li[contains(@class, 'comment')]";
            let shown = app
                .driver
                .find_all(By::XPath(comment_items))
                .await
                .unwrap()
                .len();
            assert_eq!(shown, comments(&commented_full).len());
            // This comment's own button (other comments may share its author).
            let this_comment = format!(
                "{comment_items}[.//strong[normalize-space(.)={}] and .//p[normalize-space(.)={}]]",
                xpath_literal(author),
                xpath_literal(&squash(str_of(&comment, "text")))
            );
            let button = app
                .wait_xpath(
                    &format!("{this_comment}//button"),
                    "the comment's delete button",
                )
                .await;
            app.reveal_and_click(&button).await;
            let dialog = app
                .role("alertdialog", &format!("Delete this comment by {author}?"))
                .await;
            let said = squash(&dialog.text().await.unwrap());
            assert!(said.contains(&squash(str_of(&comment, "text"))), "{said}");
            assert!(said.contains(&account), "{said}");
            let before = zips_in(dir);
            press(&app, "Save backup, then delete").await;
            // Named by its text (shortened), quoted once.
            let text = str_of(&comment, "text");
            let short = if text.chars().count() > 40 {
                format!("{}…", text.chars().take(39).collect::<String>())
            } else {
                text.to_string()
            };
            let said = notice_containing(&app, &format!("Deleted “{short}”.")).await;
            assert!(!said.contains("““"), "{said}");
            let backup = new_backup(dir, &before);
            assert!(server
                .state()
                .deleted_comments
                .contains(str_of(&comment, "id")));
            // A comment's backup is its document with all its comments, the deleted one included.
            Backup::read_verified(&backup).assert_holds_document(&commented_full);
            app.wait_xpath_gone(&this_comment, "the deleted comment")
                .await;
            let left = app
                .driver
                .find_all(By::XPath(comment_items))
                .await
                .unwrap()
                .len();
            assert_eq!(left, shown - 1, "the other comments stay");
            press(&app, "Close document").await;

            // A whole session.
            let gone_name = str_of(&gone_session, "filename");
            let total_comments: u64 = documents(&gone_session).iter().map(comment_count).sum();
            open_session(&app, gone_name).await;
            press(&app, "Delete session").await;
            let dialog = app
                .role("alertdialog", &format!("Delete the session “{gone_name}”?"))
                .await;
            let said = squash(&dialog.text().await.unwrap());
            // In words with the right plural: "1 document and 2 comments", never "1 documents".
            let plural = |n: u64, one: &str| match n {
                1 => format!("1 {one}"),
                n => format!("{n} {one}s"),
            };
            let counts = format!(
                "{} and {}",
                plural(documents(&gone_session).len() as u64, "document"),
                plural(total_comments, "comment")
            );
            assert!(
                said.contains(&counts),
                "the confirmation lacks {counts:?}: {said}"
            );
            assert!(said.contains(&account), "{said}");
            let before = zips_in(dir);
            press(&app, "Save backup, then delete").await;
            notice_containing(&app, &format!("Deleted “{gone_name}”.")).await;
            let backup = new_backup(dir, &before);
            let state = server.state();
            assert!(state
                .deleted_sessions
                .contains(str_of(&gone_session, "session_id")));
            let saved = Backup::read_verified(&backup);
            for d in &gone_docs {
                saved.assert_holds_document(d);
            }
            app.wait_xpath_gone(&session_row(gone_name), "the deleted session in the list")
                .await;
            app.wait_text(&format!("{} sessions", SESSIONS - 1)).await;
        },
    )
    .await;
}

// ---- 3. and 4. Already gone; a backup that cannot be written ----------------------------

#[tokio::test]
async fn deleting_what_a_colleague_already_deleted_says_it_is_not_on_scriptix() {
    let server = start_fake().await;
    let sessions = fake_sessions(&server).await;
    let session = sessions[1].clone();
    let doc = documents(&session)[0].clone();
    let saves = tempfile::tempdir().unwrap();
    let launch = Launch::default().env(
        "SCRIPTIX_DESK_TEST_SAVE_TO",
        saves.path().display().to_string(),
    );
    App::run("library_already_deleted", launch, move |app| async move {
        add_account_by_key(&app, &server, Persona::Admin).await;
        open_session(&app, str_of(&session, "filename")).await;
        server.delete_behind_the_back(str_of(&doc, "id"));
        let name = str_of(&doc, "filename");
        press(&app, &format!("Delete document {name}")).await;
        press(&app, "Save backup, then delete").await;
        // Scriptix answers 404, which its docs define as "not found or not yours".
        notice_containing(
            &app,
            &format!("“{name}” is not on Scriptix for this account: it was already deleted, or this account cannot see it."),
        )
        .await;
        wait_button_removed(&app, &format!("Delete document {name}")).await;
        assert!(
            zips_in(saves.path()).is_empty(),
            "nothing was left to back up"
        );
    })
    .await;
}

#[tokio::test]
async fn a_backup_that_cannot_be_saved_deletes_nothing() {
    let server = start_fake().await;
    let sessions = fake_sessions(&server).await;
    let session = sessions[2].clone();
    let doc = documents(&session)[0].clone();
    let read_only = ReadOnlyDir::new();
    let launch = Launch::default().env(
        "SCRIPTIX_DESK_TEST_SAVE_TO",
        read_only.path.display().to_string(),
    );
    App::run("library_read_only_folder", launch, move |app| async move {
        add_account_by_key(&app, &server, Persona::Admin).await;
        open_session(&app, str_of(&session, "filename")).await;
        let name = str_of(&doc, "filename");
        press(&app, &format!("Delete document {name}")).await;
        press(&app, "Save backup, then delete").await;
        let said = notice_containing(&app, "was not deleted").await;
        assert!(
            said.contains("The backup could not be saved, so nothing was deleted."),
            "{said}"
        );
        let state = server.state();
        assert!(
            state.deleted_documents.is_empty() && state.deleted_sessions.is_empty(),
            "something was deleted: {:?}",
            state.deleted_documents
        );
        // Still there to try again.
        app.button(&format!("Delete document {name}")).await;
        drop(read_only);
    })
    .await;
}

// ---- 5. Mark as finished ------------------------------------------------------------------

#[tokio::test]
async fn contributor_marks_own_document_finished() {
    let server = start_fake().await;
    let me = server.identity(Persona::Contributor);
    let sessions = fake_sessions(&server).await;
    let (session, doc) = sessions
        .iter()
        .find_map(|s| {
            documents(s)
                .iter()
                .find(|d| owner(d) == me.id && d["finished"] == false)
                .map(|d| (s.clone(), d.clone()))
        })
        .expect("an unfinished document of the contributor's");
    App::run(
        "library_mark_finished",
        Launch::default(),
        move |app| async move {
            add_account_by_key(&app, &server, Persona::Contributor).await;
            open_session(&app, str_of(&session, "filename")).await;
            let name = str_of(&doc, "filename");
            let card = format!(
                "//li[.//strong[normalize-space(.)={}]]",
                xpath_literal(name)
            );
            app.wait_xpath(
                &format!("{card}//div[contains(normalize-space(.), 'Not finished')]"),
                "the document shown as not finished",
            )
            .await;
            press(&app, &format!("Mark as finished: {name}")).await;
            notice_containing(&app, &format!("“{name}” is marked as finished.")).await;
            assert!(server
                .state()
                .finished_documents
                .contains(str_of(&doc, "id")));
            app.wait_xpath(
                &format!(
                    "{card}//div[contains(concat(' ', normalize-space(.), ' '), ' Finished ')]"
                ),
                "the document shown as finished",
            )
            .await;
            wait_button_removed(&app, &format!("Mark as finished: {name}")).await;

            // And back: "Mark as not finished" sends status=false.
            press(&app, &format!("Mark as not finished: {name}")).await;
            notice_containing(&app, &format!("“{name}” is no longer marked as finished.")).await;
            assert!(!server
                .state()
                .finished_documents
                .contains(str_of(&doc, "id")));
            app.wait_xpath(
                &format!("{card}//div[contains(normalize-space(.), 'Not finished')]"),
                "the document shown as not finished again",
            )
            .await;
        },
    )
    .await;
}

// ---- 6. Open a backup -----------------------------------------------------------------------

/// Rewrite the zip at `from` into `to` with one byte of `victim`'s content flipped (a valid
/// zip whose content no longer matches the manifest).
fn tamper(from: &Path, to: &Path, victim: &str) {
    let mut zip = zip::ZipArchive::new(File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(File::create(to).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().expect("a readable file name").into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name == victim {
            let middle = content.len() / 2;
            content[middle] ^= 0x01;
        }
        out.start_file(name, stored).unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap();
}

#[tokio::test]
async fn open_a_backup_shows_its_text_and_refuses_an_altered_one() {
    let server = start_fake().await;
    let sessions = fake_sessions(&server).await;
    let session = sessions
        .iter()
        .find(|s| documents(s).iter().any(|d| d["type"] != "caption"))
        .expect("a session with a transcript")
        .clone();
    let transcript = documents(&session)
        .iter()
        .find(|d| d["type"] != "caption")
        .unwrap()
        .clone();
    let transcript = fake_document(&server, &session, &transcript).await;
    let work = tempfile::tempdir().unwrap();
    let made = work.path().join("made.zip");
    let opened = work.path().join("opened.zip");
    let launch = Launch::default()
        .env("SCRIPTIX_DESK_TEST_SAVE_TO", made.display().to_string())
        .env("SCRIPTIX_DESK_TEST_OPEN", opened.display().to_string());
    App::run("library_open_backup", launch, move |app| async move {
        add_account_by_key(&app, &server, Persona::Admin).await;
        open_session(&app, str_of(&session, "filename")).await;
        press(&app, "Back up session").await;
        notice_containing(
            &app,
            &format!("Backup saved and checked: {}", made.display()),
        )
        .await;
        let backup = Backup::read_verified(&made);
        backup.assert_holds_document(&transcript);

        std::fs::copy(&made, &opened).unwrap();
        press(&app, "Open a backup").await;
        press(&app, "Choose a backup file…").await;
        app.wait_text(&format!(
            "All {} files checked: nothing was changed since the backup was made.",
            backup.files.len()
        ))
        .await;
        app.wait_text(&format!("From “{ACCOUNT_LABEL}” ({ORGANISATION})"))
            .await;
        let first_line = &segment_texts(&transcript)[0];
        app.wait_xpath(
            &format!(
                "//p[contains(normalize-space(.), {})]",
                xpath_literal(first_line)
            ),
            "the transcript's text",
        )
        .await;

        let victim = backup
            .files
            .keys()
            .find(|name| name.ends_with("/transcript.txt"))
            .expect("a transcript.txt in the backup")
            .clone();
        tamper(&made, &opened, &victim);
        press(&app, "Choose a backup file…").await;
        let alert = app
            .wait_xpath(
                "//*[@role='alert' and contains(normalize-space(.), 'cannot be trusted')]",
                "the refusal",
            )
            .await;
        let said = squash(&alert.text().await.unwrap());
        assert!(said.contains("This backup cannot be trusted:"), "{said}");
        assert!(
            said.contains(&victim),
            "the refusal does not name {victim}: {said}"
        );
        app.wait_text_gone("files checked").await;
        drop(work);
    })
    .await;
}

// ---- 7. The real GTK save dialog ------------------------------------------------------------

/// Run `xdotool` with `args`; its output. Gives up (and kills it) after 20 s.
async fn xdotool(args: &[&str]) -> String {
    run_tool("xdotool", args)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn back_up_through_the_real_save_dialog() {
    let server = start_fake().await;
    let sessions = fake_sessions(&server).await;
    let session = sessions[3].clone();
    let work = tempfile::tempdir().unwrap();
    let target = work.path().join("chosen in the dialog.zip");
    App::run(
        "library_gtk_save_dialog",
        Launch::default(),
        move |app| async move {
            add_account_by_key(&app, &server, Persona::Admin).await;
            open_session(&app, str_of(&session, "filename")).await;
            press(&app, "Back up session").await;
            // The dialog's title is the app's own words, in its language.
            let window = xdotool(&[
                "search",
                "--sync",
                "--onlyvisible",
                "--name",
                "^Where should the backup go",
            ])
            .await;
            let window = window
                .lines()
                .next()
                .expect("the save dialog's window")
                .trim()
                .to_string();
            xdotool(&["windowfocus", "--sync", &window]).await;
            xdotool(&["key", "--clearmodifiers", "ctrl+a"]).await;
            xdotool(&["type", "--delay", "20", &target.display().to_string()]).await;
            xdotool(&["key", "Return"]).await;
            notice_containing(
                &app,
                &format!("Backup saved and checked: {}", target.display()),
            )
            .await;
            let backup = Backup::read_verified(&target);
            for d in documents(&session) {
                assert!(backup.document_ids().contains(str_of(d, "id")));
            }
            drop(work);
        },
    )
    .await;
}
