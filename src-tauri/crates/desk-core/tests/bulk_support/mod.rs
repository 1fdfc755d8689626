//! Shared set-up for the bulk tests: a fake Scriptix on loopback, a client signed in as
//! an admin, scratch folders, and the checks every test makes about deletes and backups.

#![allow(dead_code)] // each test file uses its own part of this

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use desk_core::audit::AuditLog;
use desk_core::backup::AccountMeta;
use desk_core::bulk::{BulkEvent, BulkItem, BulkMode, BulkPlan};
use fake_scriptix::{Config, FakeServer, Persona};
use futures_util::TryStreamExt;
use scriptix_api::{ClientOptions, ListQuery, ScriptixClient, Secret};

pub struct Env {
    pub server: FakeServer,
    pub client: ScriptixClient,
    /// The app's data folder (jobs, audit log).
    pub data: tempfile::TempDir,
    /// The backup folder the person picked.
    pub folder: tempfile::TempDir,
    pub audit: AuditLog,
}

impl Env {
    pub async fn start(config: Config) -> Env {
        let server = FakeServer::start(config).await.expect("fake server starts");
        let client = client_for(&server);
        let data = tempfile::tempdir().unwrap();
        let folder = tempfile::tempdir().unwrap();
        let audit = AuditLog::open(data.path()).unwrap();
        Env {
            server,
            client,
            data,
            folder,
            audit,
        }
    }

    /// A server whose sessions hold at least `documents` documents in all (the fake gives
    /// each session 1 to 3), planned from the listing as the app would.
    pub async fn with_documents(documents: usize, config: Config) -> Env {
        let mut sessions = documents / 2;
        loop {
            let env = Env::start(Config {
                sessions,
                ..config.clone()
            })
            .await;
            let found: usize = env
                .all_items()
                .await
                .iter()
                .map(|i| i.document_ids.len())
                .sum();
            if found >= documents {
                return env;
            }
            sessions = sessions * documents / found.max(1) + 1;
        }
    }

    /// Sessions the server itself saw deleted.
    pub fn deleted_sessions(&self) -> BTreeSet<String> {
        self.server.state().deleted_sessions.into_iter().collect()
    }

    pub fn jobs_dir(&self) -> PathBuf {
        self.data.path().join("jobs")
    }

    pub fn account(&self) -> AccountMeta {
        account_for(&self.server)
    }

    /// Every session on the server, as the person would pick them all.
    pub async fn all_items(&self) -> Vec<BulkItem> {
        all_items(&self.client).await
    }

    /// Run `plan` as a new job to its end, with no one watching its events.
    pub async fn run(&self, plan: BulkPlan) -> desk_core::bulk::BulkSummary {
        self.run_watched(plan, |_| {}).await
    }

    /// Run `plan` as a new job to its end, each of its events handed to `events`.
    pub async fn run_watched(
        &self,
        plan: BulkPlan,
        events: impl Fn(BulkEvent) + Send + Sync + 'static,
    ) -> desk_core::bulk::BulkSummary {
        desk_core::bulk::start(
            &self.client,
            plan,
            &self.jobs_dir(),
            &self.audit,
            events,
            &desk_core::bulk::JobControl::new(),
        )
        .await
        .expect("the job runs")
    }

    /// Start `plan` as a new job under `control` (a test stops or pauses it through that).
    pub async fn start_under(
        &self,
        plan: BulkPlan,
        control: &desk_core::bulk::JobControl,
    ) -> desk_core::DeskResult<desk_core::bulk::BulkSummary> {
        desk_core::bulk::start(
            &self.client,
            plan,
            &self.jobs_dir(),
            &self.audit,
            |_| {},
            control,
        )
        .await
    }

    /// Resume job `job_id` from its journal under `control`, as the app does.
    pub async fn resume_under(
        &self,
        job_id: &str,
        control: &desk_core::bulk::JobControl,
    ) -> desk_core::DeskResult<desk_core::bulk::BulkSummary> {
        desk_core::bulk::resume(
            &self.client,
            &self.jobs_dir(),
            job_id,
            &self.audit,
            |_| {},
            control,
        )
        .await
    }

    pub async fn plan_all(&self, mode: BulkMode, include_media: bool) -> BulkPlan {
        let items = self.all_items().await;
        BulkPlan::new(
            self.account(),
            "acct".into(),
            self.folder.path().to_path_buf(),
            mode,
            items,
            include_media,
        )
        .unwrap()
    }
}

pub fn client_for(server: &FakeServer) -> ScriptixClient {
    ScriptixClient::new(
        &server.base_url(),
        Secret::new(server.token(Persona::Admin)),
        ClientOptions::default(),
    )
    .expect("loopback http is accepted")
}

pub fn account_for(server: &FakeServer) -> AccountMeta {
    AccountMeta {
        label: "Office".into(),
        organization: "Acme".into(),
        server: server.base_url(),
    }
}

/// Every session, listed just now: the job trusts the listing, as it does when the person
/// picks sessions in the library.
pub async fn all_items(client: &ScriptixClient) -> Vec<BulkItem> {
    let read_at = std::time::Instant::now();
    all_sessions(client)
        .await
        .iter()
        .map(|s| BulkItem::listed(s, read_at))
        .collect()
}

pub async fn all_sessions(client: &ScriptixClient) -> Vec<scriptix_api::Session> {
    let pages: Vec<_> = client
        .sessions(ListQuery::default())
        .try_collect()
        .await
        .expect("listing works");
    pages.into_iter().flat_map(|p| p.items).collect()
}

/// Collects a job's events for later checks.
#[derive(Clone, Default)]
pub struct Events(Arc<Mutex<Vec<BulkEvent>>>);

impl Events {
    pub fn sink(&self) -> impl Fn(BulkEvent) + Send + Sync + 'static {
        let events = self.0.clone();
        move |e| events.lock().unwrap().push(e)
    }

    pub fn all(&self) -> Vec<BulkEvent> {
        self.0.lock().unwrap().clone()
    }
}

/// Every `.zip` in `folder` that checks out, by the session ids it holds. Zips that do not
/// are left out: they cannot vouch for anything. The check is this file's own (`zip` and
/// `sha2` directly, see [`check_zip`]), not the app's verifier, so a bug there cannot make a
/// broken backup look good here.
pub fn verified_backups(folder: &Path) -> BTreeMap<String, PathBuf> {
    backed_up_documents(folder)
        .into_iter()
        .map(|(session, (path, _))| (session, path))
        .collect()
}

/// For every session in a zip of `folder` that checks out: the zip, and the ids of the
/// documents it holds (each with its own `document.json` of that id).
pub fn backed_up_documents(folder: &Path) -> BTreeMap<String, (PathBuf, BTreeSet<String>)> {
    let mut by_session = BTreeMap::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "zip") {
            continue;
        }
        if let Some(sessions) = check_zip(&path) {
            for (session, documents) in sessions {
                by_session.insert(session, (path.clone(), documents));
            }
        }
    }
    by_session
}

/// Reads a backup with `zip` and `sha2` alone and returns session id → document ids, or
/// `None` unless: every listed file is present with the SHA-256 and size the manifest gives,
/// no file is unlisted, and every document the manifest lists has a `document.json` that
/// parses and carries that document's id.
pub fn check_zip(path: &Path) -> Option<BTreeMap<String, BTreeSet<String>>> {
    use sha2::Digest;
    use std::io::Read;
    type Archive = zip::ZipArchive<std::fs::File>;
    fn read_entry(archive: &mut Archive, name: &str) -> Option<Vec<u8>> {
        let mut entry = archive.by_name(name).ok()?;
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).ok()?;
        Some(bytes)
    }
    let mut archive: Archive = zip::ZipArchive::new(std::fs::File::open(path).ok()?).ok()?;
    let mut read = |name: &str| read_entry(&mut archive, name);
    let manifest: serde_json::Value = serde_json::from_slice(&read("manifest.json")?).ok()?;
    let mut listed = BTreeSet::new();
    for file in manifest["files"].as_array()? {
        let name = file["path"].as_str()?;
        let bytes = read(name)?;
        if hex::encode(sha2::Sha256::digest(&bytes)) != file["sha256"].as_str()?
            || bytes.len() as u64 != file["bytes"].as_u64()?
        {
            return None;
        }
        listed.insert(name.to_string());
    }
    listed.insert("manifest.json".to_string());
    let present: BTreeSet<String> = (0..archive.len())
        .map(|i| {
            let entry = archive.by_index_raw(i).ok()?;
            entry.name().ok().map(|n| n.into_owned())
        })
        .collect::<Option<_>>()?;
    if present != listed || present.len() != archive.len() {
        return None;
    }
    let mut read = |name: &str| read_entry(&mut archive, name);
    let mut sessions = BTreeMap::new();
    for session in manifest["sessions"].as_array()? {
        let mut documents = BTreeSet::new();
        for document in session["documents"].as_array()? {
            let id = document["id"].as_str()?;
            let json = format!("{}document.json", document["path"].as_str()?);
            if !listed.contains(&json) {
                return None;
            }
            let body: serde_json::Value = serde_json::from_slice(&read(&json)?).ok()?;
            let inner = body.get("result").unwrap_or(&body);
            if json_id(inner)? != id {
                return None;
            }
            documents.insert(id.to_string());
        }
        sessions.insert(session["id"].as_str()?.to_string(), documents);
    }
    Some(sessions)
}

/// An id as Scriptix sends it: a string or a number.
fn json_id(v: &serde_json::Value) -> Option<String> {
    match &v["id"] {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The safety rule, checked against the server itself: every session the server saw
/// deleted has a backup on disk that checks out and contains it.
pub fn assert_no_delete_without_backup(deleted_on_server: &BTreeSet<String>, folder: &Path) {
    let backed_up = verified_backups(folder);
    let unbacked: Vec<&String> = deleted_on_server
        .iter()
        .filter(|id| !backed_up.contains_key(*id))
        .collect();
    assert!(
        unbacked.is_empty(),
        "deleted without a verified backup: {unbacked:?}"
    );
}

/// Every planned session the server saw deleted has, in its backup, every document the plan
/// knew it held: a backup that dropped a document must not pass for complete.
pub fn assert_deleted_sessions_backed_up_whole(
    plan: &BulkPlan,
    deleted_on_server: &BTreeSet<String>,
    folder: &Path,
) {
    let backed_up = backed_up_documents(folder);
    for item in &plan.items {
        if !deleted_on_server.contains(&item.session_id) {
            continue;
        }
        let (zip, documents) = backed_up
            .get(&item.session_id)
            .unwrap_or_else(|| panic!("{} deleted without a backup", item.session_id));
        let missing: Vec<&String> = item
            .document_ids
            .iter()
            .filter(|d| !documents.contains(*d))
            .collect();
        assert!(
            missing.is_empty(),
            "{} deleted, but {} lacks its documents {missing:?}",
            item.session_id,
            zip.display()
        );
    }
}

/// Parse RFC 4180 CSV (quoted fields, doubled quotes, CRLF), independently of the writer.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "CSV must end with a line break"
    );
    rows
}

/// SHA-256 of a file, computed here rather than by the code under test.
pub fn sha256_of(path: &Path) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(std::fs::read(path).unwrap()))
}
