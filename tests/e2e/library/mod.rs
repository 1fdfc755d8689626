//! The library: permission-aware actions and save-backup-then-delete.
//!
//! Every test runs its own fake Scriptix server, adds an account the way a person does (an
//! API key pasted on the first screen), and checks what a person would notice: which buttons
//! are there, what the app says, what Scriptix (the fake) holds afterwards, and the backup
//! file on disk. Expectations come from the fake's own API answers and the rules in
//! `docs/permissions.md`, never from the app.

mod delete;
mod dialog_drawing;
mod finished;
mod gone_or_unsaved;
mod open_backup;
mod permissions;
mod save_dialog;

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use desk_e2e::{run_tool, session_details_loaded, session_row, squash, xpath_literal, App, Launch};
use fake_scriptix::{Config, FakeServer, IdentityInfo, Persona};
use serde_json::Value;

use crate::fake_api::{admin_get, str_of};
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

/// Click a session in the list and wait until its details are shown, documents included.
async fn open_session(app: &App, name: &str) {
    let row = app
        .wait_xpath(&session_row(name), &format!("session {name:?} in the list"))
        .await;
    app.reveal_and_click(&row).await;
    app.wait_xpath(
        &session_details_loaded(name),
        &format!("the details of {name:?} with its documents"),
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

// ---- Backups on disk ----------------------------------------------------------------------

/// A backup read the way the format promises: every file listed in `manifest.json` with
/// a SHA-256 and size that match its content, and nothing unlisted.
struct Backup {
    manifest: Value,
    files: BTreeMap<String, Vec<u8>>,
}

impl Backup {
    fn read_verified(path: &Path) -> Backup {
        let (manifest, files) = crate::backup_zip::read_verified(path);
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
