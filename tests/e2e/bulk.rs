//! Bulk jobs: select many sessions, back them up and delete them, watch progress, audit.
//!
//! Every test runs its own fake Scriptix server, adds its admin as the app's account the way a
//! person does (an API key pasted on the first screen), selects sessions with the mouse and
//! keyboard, and checks what a person would notice: the selection count, the confirmation,
//! the progress bar, the summary, the list afterwards, the deletion record and its CSV, and
//! the files in the chosen folder. Expectations come from the fake's own API answers, its
//! state and the documented formats (`docs/bulk-jobs.md`, `docs/backup-format.md`), never
//! from the app.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use desk_e2e::{session_name_of_row, session_row, squash, xpath_literal, App, Catalogue, Launch};
use fake_scriptix::{Config, FakeServer, Faults, Persona};
use serde_json::Value;

use crate::fake_api::{admin_get, str_of};
use sha2::{Digest, Sha256};
use thirtyfour::prelude::*;

const ACCOUNT_LABEL: &str = "Office";
const ORGANISATION: &str = "Acme Transcription";
/// How long a whole bulk job may take before the test gives up on it.
const JOB_WAIT: Duration = Duration::from_secs(120);
/// How long a person waits for the screen to react to a key.
const REACT_WAIT: Duration = Duration::from_secs(15);

async fn start_fake(seed: u64, sessions: usize) -> FakeServer {
    FakeServer::start(Config {
        seed,
        sessions,
        ..Default::default()
    })
    .await
    .expect("start the fake Scriptix server")
}

/// The app launched with its save and folder dialogs answered by `folder`, and every command
/// reply and event recorded in `ipc_log`.
fn launch(folder: &Path, ipc_log: &Path) -> Launch {
    Launch::default()
        .env("SCRIPTIX_DESK_TEST_SAVE_TO", folder.display().to_string())
        .env("SCRIPTIX_DESK_RECORD_IPC", ipc_log.display().to_string())
}

/// Add the fake's admin as the app's account as a person does: first screen → "Add a
/// Scriptix account" → "Use an API key" → paste the key → "More options" → server address →
/// "Add account"; then wait until the whole list is there.
async fn add_admin_account(app: &App, server: &FakeServer, sessions: usize) {
    app.add_first_account_by_key(
        &server.base_url(),
        &server.token(Persona::Admin),
        ACCOUNT_LABEL,
    )
    .await;
    app.wait_text(&format!("{sessions} sessions")).await;
}

// ---- What the fake Scriptix says ------------------------------------------------------------

/// A session as the fake lists it.
#[derive(Clone, Debug)]
struct Session {
    id: String,
    name: String,
    last_modified: String,
}

/// Every session on the fake, most recently changed first (the library's default order),
/// read with the admin's key. Fails when sessions `cut` and `cut + 1` changed in the same
/// second, since "the first `cut` rows" would then not be one well-defined set.
async fn sessions_newest_first(server: &FakeServer, cut: usize) -> Vec<Session> {
    let listed = admin_get(server, "speech-to-text/session?limit=100").await;
    let mut sessions: Vec<Session> = listed
        .as_array()
        .expect("a list of sessions")
        .iter()
        .map(|s| Session {
            id: str_of(s, "session_id").to_owned(),
            name: str_of(s, "filename").to_owned(),
            last_modified: str_of(s, "last_modified").to_owned(),
        })
        .collect();
    // ISO 8601 in UTC with a fixed width: text order is time order.
    sessions.sort_by(|a, b| b.last_modified.cmp(&a.last_modified));
    assert!(
        sessions.len() > cut && sessions[cut - 1].last_modified != sessions[cut].last_modified,
        "sessions {cut} and {} changed at the same time on the fake; pick another seed",
        cut + 1
    );
    sessions
}

fn ids(sessions: &[Session]) -> BTreeSet<String> {
    sessions.iter().map(|s| s.id.clone()).collect()
}

// ---- On screen ------------------------------------------------------------------------------

/// Poll `check` until it holds; fail with `what` after `limit`.
async fn wait_until<F, Fut>(limit: Duration, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + limit;
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// XPath of the list row showing session `name`.
fn row(name: &str) -> String {
    session_row(name)
}

/// The accessible name of the element that has the keyboard focus.
async fn focused_name(app: &App) -> Option<String> {
    let el = app.driver.active_element().await.ok()?;
    el.attr("aria-label").await.ok().flatten()
}

/// Select the first `n` rows of the list as a person does: click the first row, move down
/// the (virtualized) list with Page Down and the arrow keys until row `n` has the focus, and
/// Shift-click it. `shown` is the list as the person sees it, top row first.
async fn select_first(app: &App, shown: &[Session], n: usize) {
    let first = app
        .wait_xpath("(//*[@role='option'])[1]", "the first row of the list")
        .await;
    let first_name = first.attr("aria-label").await.unwrap().unwrap_or_default();
    assert!(
        session_name_of_row(&first_name, &shown[0].name),
        "the list does not start with the most recently changed session: {first_name:?}"
    );
    first.click().await.expect("click the first row");
    app.wait_xpath(
        &format!("//h2[normalize-space(.)={}]", xpath_literal(&shown[0].name)),
        "the first session's details",
    )
    .await;

    let mut focus = 0;
    while focus + 1 < n {
        let (key, step) = if n - 1 - focus >= 10 {
            (Key::PageDown, 10)
        } else {
            (Key::Down, 1)
        };
        app.driver
            .active_element()
            .await
            .expect("the focused row")
            .send_keys(key)
            .await
            .expect("move down the list");
        focus += step;
        let want = shown[focus].name.clone();
        wait_until(REACT_WAIT, &format!("the focus to reach {want:?}"), || {
            let want = want.clone();
            async move {
                focused_name(app)
                    .await
                    .is_some_and(|n| session_name_of_row(&n, &want))
            }
        })
        .await;
    }

    let last = app
        .wait_xpath(&row(&shown[n - 1].name), "the last row to select")
        .await;
    app.driver
        .action_chain()
        .key_down(Key::Shift)
        .click_element(&last)
        .key_up(Key::Shift)
        .perform()
        .await
        .expect("Shift-click the last row");
    app.wait_text(&format!("{n} selected")).await;
}

/// Confirm a "back up and delete" of `n` sessions into `folder`: the confirmation names the
/// count, the account and (once chosen) the folder.
async fn confirm_delete(app: &App, n: usize, folder: &Path) {
    app.click("Back up and delete selected").await;
    let title = format!("Back up and delete {n} sessions?");
    let dialog = app.role("alertdialog", &title).await;
    let said = squash(&dialog.text().await.unwrap());
    assert!(
        said.contains(&format!("Account: {ACCOUNT_LABEL} · {ORGANISATION}")),
        "the confirmation does not name the account: {said}"
    );
    app.click("Choose folder…").await;
    app.wait_text(&format!("Folder: {}", folder.display()))
        .await;
}

/// Start watching the bulk progress bar: every change of its value, maximum and status line
/// is noted in the page, as a person watching it would see them.
async fn watch_progress(app: &App) {
    let installed = app
        .eval_in_page(
            r#"
            window.__bulkSeen = [];
            const look = () => {
              const bar = document.querySelector('[role="progressbar"][aria-label="Bulk job progress"]');
              if (!bar) return;
              const status = document.getElementById(bar.getAttribute('aria-describedby'));
              const seen = [bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemax'),
                            status ? status.textContent.replace(/\s+/g, ' ').trim() : ''];
              const last = window.__bulkSeen[window.__bulkSeen.length - 1];
              if (!last || last.join('|') !== seen.join('|')) window.__bulkSeen.push(seen);
            };
            new MutationObserver(look).observe(document.body,
              { subtree: true, childList: true, attributes: true, characterData: true });
            return true;
            "#,
        )
        .await;
    assert_eq!(installed, Value::Bool(true), "{installed}");
}

/// What the progress bar showed since [`watch_progress`]: (value, maximum, status line).
async fn progress_seen(app: &App) -> Vec<(u32, u32, String)> {
    let seen = app.eval_in_page("return window.__bulkSeen;").await;
    seen.as_array()
        .expect("the progress notes")
        .iter()
        .filter_map(|s| {
            let num = |v: &Value| v.as_str().and_then(|t| t.parse::<u32>().ok());
            Some((num(&s[0])?, num(&s[1])?, s[2].as_str()?.to_owned()))
        })
        .collect()
}

/// Wait for the end-of-job summary and read it: its counts by label, and the failed
/// sessions as (name, reason).
async fn summary(app: &App) -> (BTreeMap<String, u32>, Vec<(String, String)>) {
    let xpath = "//*[@role='dialog' and @aria-labelledby=//*[normalize-space(.)='Done']/@id]";
    wait_until(JOB_WAIT, "the summary of the bulk job", || async {
        match app.driver.find_all(By::XPath(xpath)).await {
            Ok(found) => !found.is_empty(),
            Err(_) => false,
        }
    })
    .await;
    let dialog = app.wait_xpath(xpath, "the summary").await;
    let mut counts = BTreeMap::new();
    let mut failed = Vec::new();
    for item in dialog.find_all(By::XPath(".//li")).await.unwrap() {
        let text = squash(&item.text().await.unwrap());
        if let Ok(name) = item.find(By::XPath("./strong")).await {
            let name = squash(&name.text().await.unwrap());
            let reason = text
                .strip_prefix(&format!("{name}:"))
                .unwrap_or_else(|| panic!("a failed item reads {text:?}"))
                .trim()
                .to_owned();
            failed.push((name, reason));
        } else if let Some((label, n)) = text.rsplit_once(": ") {
            let n = n
                .parse()
                .unwrap_or_else(|_| panic!("a count reads {text:?}"));
            counts.insert(label.to_owned(), n);
        }
    }
    (counts, failed)
}

/// Press "Retry the failed ones" and wait until the new run's summary is up: one that
/// offers no retry, since nothing failed this time (the test fails after [`JOB_WAIT`]
/// otherwise, with the summary on its screenshot).
async fn retry_failed(app: &App) {
    app.click("Retry the failed ones").await;
    wait_until(JOB_WAIT, "a retry with nothing failed", || async {
        let summary_up = !app
            .driver
            .find_all(By::XPath(
                "//*[@role='dialog']//li[normalize-space(.)='Failed: 0']",
            ))
            .await
            .unwrap_or_default()
            .is_empty();
        summary_up && !app.has_button("Retry the failed ones").await
    })
    .await;
}

fn count(counts: &BTreeMap<String, u32>, label: &str) -> u32 {
    *counts
        .get(label)
        .unwrap_or_else(|| panic!("the summary has no {label:?}: {counts:?}"))
}

/// Every `bulk_progress` event the app sent, from its IPC record.
fn progress_events(ipc_log: &Path) -> Vec<Value> {
    std::fs::read_to_string(ipc_log)
        .expect("the IPC record")
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line"))
        .filter(|l| l["what"] == "bulk_progress" && l["payload"]["event"]["type"] == "progress")
        .map(|l| l["payload"]["event"].clone())
        .collect()
}

// ---- Files on disk --------------------------------------------------------------------------

/// A backup checked the way the format promises (every file listed in `manifest.json` with
/// a matching SHA-256 and size), returning the ids of the sessions its manifest lists.
fn verified_sessions(path: &Path) -> BTreeSet<String> {
    let (manifest, _) = crate::backup_zip::read_verified(path);
    manifest["sessions"]
        .as_array()
        .expect("manifest lists sessions")
        .iter()
        .map(|s| str_of(s, "id").to_owned())
        .collect()
}

/// The `.zip` files in `folder`, each checked, by the one session each holds.
fn backups_by_session(folder: &Path) -> BTreeMap<String, PathBuf> {
    let mut by_session = BTreeMap::new();
    for path in files_in(folder) {
        if path.extension().is_some_and(|e| e == "zip") {
            let sessions = verified_sessions(&path);
            assert_eq!(sessions.len(), 1, "{}: {sessions:?}", path.display());
            let id = sessions.into_iter().next().unwrap();
            let before = by_session.insert(id.clone(), path);
            assert!(before.is_none(), "two backups of session {id}");
        }
    }
    by_session
}

fn files_in(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("read the backup folder")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn sha256_of(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).expect("read a file")))
}

/// A CSV file as the docs promise it: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180
/// quoting. Returns the header and the rows.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).expect("read the CSV");
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("{} has no byte-order mark", path.display()));
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "a bare CR in {}", path.display());
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("a line ends without CR in {}", path.display()),
            (false, c) => cell.push(c),
        }
    }
    assert!(
        cell.is_empty() && row.is_empty(),
        "{} does not end with a line end",
        path.display()
    );
    let mut rows = rows.into_iter();
    let header = rows.next().expect("a header row");
    (header, rows.collect())
}

/// Rows of a CSV as maps from column name to cell.
fn csv_records(path: &Path) -> Vec<BTreeMap<String, String>> {
    let (header, rows) = read_csv(path);
    rows.into_iter()
        .map(|r| {
            assert_eq!(r.len(), header.len(), "a row of {}: {r:?}", path.display());
            header.iter().cloned().zip(r).collect()
        })
        .collect()
}

/// A session name as a spreadsheet cell: a name that would start a formula gets a `'`.
fn as_cell(name: &str) -> String {
    if name.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{name}")
    } else {
        name.to_owned()
    }
}

// ---- The tests ------------------------------------------------------------------------------

#[tokio::test]
async fn back_up_and_delete_25_sessions_then_export_the_deletion_record() {
    const TOTAL: usize = 40;
    const N: usize = 25;
    let server = start_fake(3, TOTAL).await;
    let shown = sessions_newest_first(&server, N).await;
    let chosen = ids(&shown[..N]);
    let folder = tempfile::tempdir().expect("a backup folder");
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let ipc_log = scratch.path().join("ipc.jsonl");

    let launch = launch(folder.path(), &ipc_log);
    App::run("bulk_delete_25", launch, move |app| async move {
        let (folder, _scratch) = (folder, scratch);
        let folder = folder.path();
        add_admin_account(&app, &server, TOTAL).await;

        select_first(&app, &shown, N).await;
        confirm_delete(&app, N, folder).await;

        // Slow Scriptix down a little, so the progress bar can be watched while it moves.
        server.set_faults(Faults {
            latency_ms: 60,
            ..Faults::default()
        });
        watch_progress(&app).await;
        app.click(&format!("Back up, then delete {N}")).await;
        app.wait_xpath(
            "//*[@role='progressbar' and @aria-label='Bulk job progress']",
            "the progress bar",
        )
        .await;
        let moving = format!("of {N} sessions");
        app.wait_text(&moving).await;
        app.screenshot("bulk-progress").await;

        let (counts, failed) = summary(&app).await;
        assert!(failed.is_empty(), "sessions failed: {failed:?}");
        assert_eq!(count(&counts, "Deleted"), N as u32, "{counts:?}");
        assert_eq!(count(&counts, "Already deleted"), 0, "{counts:?}");
        assert_eq!(count(&counts, "Not permitted"), 0, "{counts:?}");
        assert_eq!(count(&counts, "Backed up"), N as u32, "{counts:?}");
        assert_eq!(count(&counts, "Failed"), 0, "{counts:?}");

        // The bar only ever moved forward, always out of N, and was seen part-way.
        let seen = progress_seen(&app).await;
        assert!(!seen.is_empty(), "the progress bar was never seen");
        assert!(
            seen.iter().all(|(_, max, _)| *max == N as u32),
            "the bar's maximum was not always {N}: {seen:?}"
        );
        assert!(
            seen.windows(2).all(|w| w[0].0 <= w[1].0),
            "the bar went backwards: {seen:?}"
        );
        assert!(
            seen.iter().any(|(v, _, _)| *v > 0 && *v < N as u32),
            "the bar was never seen part-way: {seen:?}"
        );
        for (value, max, status) in &seen {
            assert!(
                status.starts_with(&format!("{value} of {max} sessions")),
                "the bar at {value}/{max} next to {status:?}"
            );
        }
        // …and reached the end: the last progress the app reported was N of N.
        let events = progress_events(&ipc_log);
        let last = events.last().expect("progress events");
        assert_eq!(
            (last["done"].as_u64(), last["total"].as_u64()),
            (Some(N as u64), Some(N as u64)),
            "the last progress: {last}"
        );

        app.click("Close").await;
        app.wait_text_gone("Deleted: 25").await;
        // Nothing deleted stays selected.
        app.wait_text("0 selected").await;

        // The 25 are gone from the list; the other 15 are still there.
        app.wait_text(&format!("{} sessions", TOTAL - N)).await;
        // The rows follow the count a moment later: wait for each to go, not read at once.
        for s in &shown[..N] {
            app.wait_xpath_gone(&row(&s.name), &format!("{:?} in the list", s.name))
                .await;
        }
        app.wait_xpath(&row(&shown[N].name), "the next session in the list")
            .await;

        // Scriptix deleted exactly those 25.
        assert_eq!(server.state().deleted_sessions, chosen);

        // The folder holds one checked backup per session, and the index listing them all.
        let backups = backups_by_session(folder);
        assert_eq!(
            backups.keys().cloned().collect::<BTreeSet<_>>(),
            chosen,
            "the backups in the folder"
        );
        let names: BTreeSet<String> = files_in(folder)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with(".zip"))
            .collect();
        assert!(
            names.contains("backup-index.csv"),
            "no backup-index.csv: {names:?}"
        );
        // Titled in the app's language (English here, split at commas).
        let words = Catalogue::load("en");
        let [file_col, id_col, sha_col] =
            ["csv.backupFile", "csv.sessionId", "csv.backupSha"].map(|k| words.t(k, &[]));
        let index = csv_records(&folder.join("backup-index.csv"));
        assert_eq!(index.len(), N, "rows of backup-index.csv: {index:?}");
        for entry in &index {
            let id = &entry[&id_col];
            let file = backups
                .get(id)
                .unwrap_or_else(|| panic!("backup-index.csv lists {id}, not backed up"));
            assert_eq!(folder.join(&entry[&file_col]), *file, "{entry:?}");
            assert_eq!(entry[&sha_col], sha256_of(file), "{entry:?}");
        }

        // The deletion record lists the 25, and exports them as a spreadsheet.
        app.click("Deletion record").await;
        app.wait_xpath(
            "//h1[normalize-space(.)='Deletion record']",
            "the deletion record",
        )
        .await;
        // The entries load a moment after the heading: wait for all 25, not read them at once.
        let rows = app
            .wait_count("//table//tbody/tr", N, "the entries in the deletion record")
            .await;
        let mut listed = BTreeSet::new();
        for r in rows {
            let text = squash(&r.text().await.unwrap());
            let s = shown[..N]
                .iter()
                .find(|s| text.contains(&format!("Session: {}", s.name)))
                .unwrap_or_else(|| panic!("an entry for something not deleted: {text}"));
            assert!(text.contains("Deleted"), "{text}");
            assert!(
                text.contains(&folder.display().to_string()),
                "no backup file in {text}"
            );
            listed.insert(s.id.clone());
        }
        assert_eq!(listed, chosen, "the deletion record's entries");

        app.click("Export as spreadsheet (CSV)…").await;
        let csv = folder.join("Scriptix deletion record.csv");
        app.wait_text(&format!("Saved {N} rows to {}", csv.display()))
            .await;
        let (header, _) = read_csv(&csv);
        assert_eq!(
            header,
            [
                "At",
                "Account",
                "Organization",
                "Server",
                "Kind",
                "Session ID",
                "Document ID",
                "Comment ID",
                "Name",
                "Outcome",
                "Reason",
                "Backup file",
                "Backup SHA-256"
            ]
        );
        let records = csv_records(&csv);
        assert_eq!(records.len(), N, "rows of the exported CSV");
        let mut exported = BTreeSet::new();
        for r in &records {
            let s = shown[..N]
                .iter()
                .find(|s| s.id == r["Session ID"])
                .unwrap_or_else(|| panic!("a CSV row for something not deleted: {r:?}"));
            assert_eq!(r["Name"], as_cell(&s.name), "{r:?}");
            assert_eq!(r["Kind"], "Session", "{r:?}");
            assert!(r["Outcome"].eq_ignore_ascii_case("deleted"), "{r:?}");
            assert_eq!(r["Account"], ACCOUNT_LABEL, "{r:?}");
            assert_eq!(r["Organization"], ORGANISATION, "{r:?}");
            let backup = PathBuf::from(&r["Backup file"]);
            assert_eq!(Some(&backup), backups.get(&s.id), "{r:?}");
            assert_eq!(r["Backup SHA-256"], sha256_of(&backup), "{r:?}");
            exported.insert(s.id.clone());
        }
        assert_eq!(exported, chosen, "the sessions in the exported CSV");
    })
    .await;
}

#[tokio::test]
async fn bulk_delete_against_a_flaky_server_never_deletes_without_a_backup() {
    const TOTAL: usize = 20;
    const N: usize = 10;
    let server = start_fake(5, TOTAL).await;
    let shown = sessions_newest_first(&server, N).await;
    let chosen = ids(&shown[..N]);
    let folder = tempfile::tempdir().expect("a backup folder");
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let ipc_log = scratch.path().join("ipc.jsonl");

    let launch = launch(folder.path(), &ipc_log);
    App::run("bulk_delete_flaky", launch, move |app| async move {
        let (folder, _scratch) = (folder, scratch);
        let folder = folder.path();
        add_admin_account(&app, &server, TOTAL).await;
        select_first(&app, &shown, N).await;
        confirm_delete(&app, N, folder).await;

        // From now on one request in five fails (500, 503, 429 or a dropped connection).
        server.set_faults(Faults {
            error_rate: 0.2,
            ..Faults::default()
        });
        app.click(&format!("Back up, then delete {N}")).await;
        let (counts, failed) = summary(&app).await;
        let deleted_on_server = server.state().deleted_sessions;
        let backups = backups_by_session(folder);

        // Nothing outside the selection was touched, nothing was deleted without a checked
        // backup, and every session that is still there is named as failed, with a reason.
        assert!(
            deleted_on_server.is_subset(&chosen),
            "deleted beyond the selection: {deleted_on_server:?}"
        );
        for s in &shown[..N] {
            if deleted_on_server.contains(&s.id) {
                assert!(
                    backups.contains_key(&s.id),
                    "{:?} was deleted without a backup",
                    s.name
                );
            } else {
                let reason = failed
                    .iter()
                    .find(|(name, _)| *name == s.name)
                    .map(|(_, reason)| reason)
                    .unwrap_or_else(|| panic!("{:?} is neither deleted nor failed", s.name));
                assert!(!reason.is_empty(), "{:?} failed without a reason", s.name);
            }
        }
        assert_eq!(
            count(&counts, "Deleted") + count(&counts, "Already deleted"),
            deleted_on_server.len() as u32,
            "{counts:?}"
        );
        assert_eq!(count(&counts, "Failed"), failed.len() as u32, "{counts:?}");
        assert_eq!(
            deleted_on_server.len() + failed.len(),
            N,
            "{counts:?}, failed: {failed:?}"
        );
        let shot = app.screenshot("bulk-flaky-summary").await;
        // What is gone left the selection; what failed is still selected, ready to try again.
        app.wait_text(&format!("{} selected", failed.len())).await;

        if !failed.is_empty() {
            eprintln!("bulk_delete_flaky: {} failed: {failed:?}", failed.len());
            // Scriptix behaves again; the failed ones are tried once more and go through.
            server.set_faults(Faults::default());
            retry_failed(&app).await;
            let (counts, failed) = summary(&app).await;
            assert!(failed.is_empty(), "still failing: {failed:?}");
            assert_eq!(count(&counts, "Failed"), 0, "{counts:?}");
            assert_eq!(server.state().deleted_sessions, chosen);
        } else {
            eprintln!(
                "bulk_delete_flaky: nothing failed (summary in {})",
                shot.display()
            );
            assert_eq!(deleted_on_server, chosen);
        }
        let backups = backups_by_session(folder);
        assert_eq!(
            backups.keys().cloned().collect::<BTreeSet<_>>(),
            chosen,
            "the backups in the folder"
        );
        app.click("Close").await;
        app.wait_text(&format!("{} sessions", TOTAL - N)).await;
        app.wait_text("0 selected").await;
    })
    .await;
}

#[tokio::test]
async fn sessions_that_failed_are_retried_once_scriptix_recovers() {
    const TOTAL: usize = 12;
    const N: usize = 3;
    let server = start_fake(7, TOTAL).await;
    let shown = sessions_newest_first(&server, N).await;
    let chosen = ids(&shown[..N]);
    let folder = tempfile::tempdir().expect("a backup folder");
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let ipc_log = scratch.path().join("ipc.jsonl");

    let launch = launch(folder.path(), &ipc_log);
    App::run("bulk_retry_failed", launch, move |app| async move {
        let (folder, _scratch) = (folder, scratch);
        let folder = folder.path();
        add_admin_account(&app, &server, TOTAL).await;
        select_first(&app, &shown, N).await;
        confirm_delete(&app, N, folder).await;

        // Scriptix answers nothing but server errors while the job runs: every session
        // fails, with a reason, and nothing is deleted or left half-written. (A rate limit
        // or a dropped network would be waited out instead: see `bulk_plans.rs`.)
        server.set_faults(Faults {
            error_rate: 1.0,
            errors_are_500: true,
            ..Faults::default()
        });
        app.click(&format!("Back up, then delete {N}")).await;
        let (counts, failed) = summary(&app).await;
        assert_eq!(count(&counts, "Failed"), N as u32, "{counts:?}");
        assert_eq!(count(&counts, "Deleted"), 0, "{counts:?}");
        let names: BTreeSet<&str> = failed.iter().map(|(n, _)| n.as_str()).collect();
        let expected: BTreeSet<&str> = shown[..N].iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, expected, "the failed sessions: {failed:?}");
        assert!(
            failed.iter().all(|(_, reason)| !reason.is_empty()),
            "{failed:?}"
        );
        assert!(server.state().deleted_sessions.is_empty());
        assert!(
            backups_by_session(folder).is_empty(),
            "backups of failed sessions"
        );
        app.screenshot("bulk-retry-failed").await;

        // Scriptix recovers; "Retry the failed ones" finishes them.
        server.set_faults(Faults::default());
        retry_failed(&app).await;
        let (counts, failed) = summary(&app).await;
        assert!(failed.is_empty(), "still failing: {failed:?}");
        assert_eq!(count(&counts, "Deleted"), N as u32, "{counts:?}");
        assert_eq!(server.state().deleted_sessions, chosen);
        let backups = backups_by_session(folder);
        assert_eq!(
            backups.keys().cloned().collect::<BTreeSet<_>>(),
            chosen,
            "the backups in the folder"
        );
        app.click("Close").await;
        app.wait_text(&format!("{} sessions", TOTAL - N)).await;
        app.wait_text("0 selected").await;
    })
    .await;
}

/// Scriptix's free plan, run 6× fast (a minute of quota in 10 s): the confirmation says how
/// many requests the job needs and how long the plan makes it take, and while the job waits
/// for the quota the progress line counts down ("Scriptix asks us to wait — continuing in
/// 0:07"); then the job finishes by itself, nothing failed.
#[tokio::test]
async fn a_quota_wait_counts_down_and_the_confirmation_estimates_the_time() {
    const TOTAL: usize = 10;
    const N: usize = 5;
    let server = FakeServer::start(Config {
        seed: 3,
        sessions: TOTAL,
        plan: Some(fake_scriptix::Plan::Free),
        time_scale: 6.0,
        ..Default::default()
    })
    .await
    .expect("start the fake Scriptix server");
    let shown = sessions_newest_first(&server, N).await;
    let chosen = ids(&shown[..N]);
    let folder = tempfile::tempdir().expect("a backup folder");
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let ipc_log = scratch.path().join("ipc.jsonl");

    let launch = launch(folder.path(), &ipc_log);
    App::run("bulk_quota_wait", launch, move |app| async move {
        let (folder, _scratch) = (folder, scratch);
        let folder = folder.path();
        add_admin_account(&app, &server, TOTAL).await;
        select_first(&app, &shown, N).await;
        confirm_delete(&app, N, folder).await;
        // The plan's 10 a minute lasts 10 s here. The app knows a window's length only as the
        // longest time-to-reset it was told (a lower bound: the window began with this
        // test's own listing), so the wording is "10 every N seconds", N ≤ 10.
        let estimate = app
            .wait_xpath(
                "//*[@role='alertdialog']//p[starts-with(normalize-space(.), 'About ')]",
                "the request and time estimate",
            )
            .await;
        let said = squash(&estimate.text().await.unwrap());
        assert!(
            said.contains("requests; at your plan's 10 every ")
                && said.contains(" seconds this takes"),
            "{said}"
        );
        app.screenshot("bulk-estimate").await;

        watch_progress(&app).await;
        app.click(&format!("Back up, then delete {N}")).await;
        app.wait_xpath(
            "//span[@class='waiting' and contains(., 'Scriptix asks us to wait — continuing in 0:')]",
            "the waiting message",
        )
        .await;
        app.screenshot("bulk-quota-wait").await;
        // The countdown moves on its own while the job waits: two different "0:SS" seen.
        wait_until(REACT_WAIT, "the countdown to move", || async {
            let counts: BTreeSet<String> = progress_seen(&app)
                .await
                .into_iter()
                .filter_map(|(_, _, s)| {
                    let at = s.find("continuing in 0:")?;
                    Some(s[at..].chars().take("continuing in 0:00".len()).collect())
                })
                .collect();
            counts.len() >= 2
        })
        .await;

        let (counts, failed) = summary(&app).await;
        assert!(failed.is_empty(), "{failed:?}");
        assert_eq!(count(&counts, "Deleted"), N as u32, "{counts:?}");
        assert_eq!(server.state().deleted_sessions, chosen);
        assert_eq!(
            backups_by_session(folder)
                .keys()
                .cloned()
                .collect::<BTreeSet<_>>(),
            chosen,
            "one backup per deleted session"
        );
    })
    .await;
}
