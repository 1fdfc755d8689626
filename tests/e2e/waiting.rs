//! A single action that Scriptix asks to wait, in the real app: the delete confirmation says
//! "Scriptix asks us to wait — continuing in 0:12" and counts down, then the delete goes on
//! by itself; or the person presses Stop and nothing is deleted (and no backup is left), and
//! a single backup started while Scriptix still says "wait" shows it and stops alike. And
//! "Back up the whole account" estimates the requests and the time on the plan's limits.
//!
//! The fake answers every API request 429 with a `Retry-After` while its
//! `rate_limit_all_retry_after` fault is set, so the test decides when the wait starts and
//! (by clearing it) when it may end. Every word comes from the UI's catalogue in the
//! language the test picks; expectations about Scriptix come from the fake's state.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use desk_e2e::{
    session_details_loaded, session_row, squash, xpath_literal, App, Catalogue, Launch, WAIT,
};
use fake_scriptix::{Config, FakeServer, Faults, Persona, Plan};
use serde_json::Value;

use crate::fake_api::{admin_get, str_of};

const SESSIONS: usize = 6;
const LABEL: &str = "Kantoor";

async fn start_fake() -> FakeServer {
    FakeServer::start(Config {
        seed: 11,
        sessions: SESSIONS,
        // A published plan in real time: its headers tell the app "120 a minute", which the
        // whole-account estimate names; this test stays far below it.
        plan: Some(Plan::Gold),
        ..Default::default()
    })
    .await
    .expect("start the fake Scriptix server")
}

fn launch(lang: &str, saves: &Path) -> Launch {
    Launch::default()
        .env("SCRIPTIX_DESK_LANG", lang)
        .env("SCRIPTIX_DESK_TEST_SAVE_TO", saves.display().to_string())
}

fn quota_used_up(retry_after_seconds: f64) -> Faults {
    Faults {
        rate_limit_all_retry_after: Some(retry_after_seconds),
        ..Faults::default()
    }
}

/// The first session the fake lists that has a document: (session, its first document).
async fn a_session_with_a_document(server: &FakeServer) -> (Value, Value) {
    let listed = admin_get(server, "speech-to-text/session?limit=100").await;
    listed
        .as_array()
        .expect("a list of sessions")
        .iter()
        .find_map(|s| {
            let doc = s["documents"].as_array()?.first()?.clone();
            Some((s.clone(), doc))
        })
        .expect("a sample session with a document")
}

/// Add the admin's key as the account, with the mouse, in the app's language.
async fn add_account(app: &App, words: &Catalogue, server: &FakeServer) {
    app.wait_text(&words.t("welcome.noAccount", &[])).await;
    app.click(&words.t("welcome.addAccount", &[])).await;
    app.choose(&words.t("account.methodKey", &[])).await;
    app.type_into(
        &words.t("account.apiKey", &[]),
        &server.token(Persona::Admin),
    )
    .await;
    app.type_into(&words.t("account.label", &[]), LABEL).await;
    app.open_section(&words.t("account.moreOptions", &[])).await;
    app.type_into(&words.t("account.server", &[]), &server.base_url())
        .await;
    app.click(&words.t("account.addKey", &[])).await;
    app.wait_text(&words.t("account.added", &[("label", LABEL)]))
        .await;
    app.wait_text(&words.t("library.count.other", &[("count", &SESSIONS.to_string())]))
        .await;
}

/// Open a session and wait for its documents too: the tests make Scriptix wait right after,
/// and a details request still on its way would be made to wait instead of the delete.
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

async fn press(app: &App, name: &str) {
    let button = app.button(name).await;
    app.reveal_and_click(&button).await;
}

/// XPath of the countdown inside the delete confirmation.
fn countdown_in_dialog(words: &Catalogue) -> String {
    format!(
        "//*[@role='alertdialog']//span[@class='waiting' and starts-with(normalize-space(.), {})]",
        xpath_literal(words.prefix("pace.waitQuota").trim_end())
    )
}

/// The countdown's text, every time it is read, until it has shown two different times.
async fn watch_countdown(app: &App, words: &Catalogue) -> BTreeSet<String> {
    let xpath = countdown_in_dialog(words);
    let mut seen = BTreeSet::new();
    // Two readings a second apart must differ; allow several seconds for a busy machine.
    for _ in 0..(WAIT.as_secs() * 4) {
        let shown = app
            .wait_xpath(&xpath, "the waiting message in the confirmation")
            .await;
        seen.insert(squash(&shown.text().await.unwrap()));
        if seen.len() >= 2 {
            return seen;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("the countdown did not move: {seen:?}");
}

fn zips_in(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect()
}

/// `template` (a catalogue text with one `{count}`) matches `said` for some whole number.
fn matches_with_some_count(template: &str, said: &str) -> bool {
    let Some((before, after)) = template.split_once("{count}") else {
        return false;
    };
    said.strip_prefix(before)
        .and_then(|rest| rest.strip_suffix(after))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

#[tokio::test]
async fn a_single_delete_waits_with_a_countdown_then_completes() {
    let words = Catalogue::load("nl");
    let server = start_fake().await;
    let (session, doc) = a_session_with_a_document(&server).await;
    let saves = tempfile::tempdir().unwrap();
    let launch = launch("nl", saves.path());
    App::run("waiting_single_delete", launch, move |app| async move {
        add_account(&app, &words, &server).await;
        open_session(&app, str_of(&session, "filename")).await;
        let name = str_of(&doc, "filename");

        // Scriptix's quota is used up from now on: it says "come back in 12 seconds".
        server.set_faults(quota_used_up(12.0));
        press(&app, &format!("{} {name}", words.t("document.delete", &[]))).await;
        press(&app, &words.t("delete.saveThenDelete", &[])).await;

        let seen = watch_countdown(&app, &words).await;
        for said in &seen {
            let time = said
                .rsplit(' ')
                .next()
                .expect("the message ends with the time");
            assert!(
                time.starts_with("0:") && time.len() == 4,
                "a countdown in minutes and seconds: {said:?}"
            );
            assert_eq!(
                said,
                &words.t("pace.waitQuota", &[("time", time)]),
                "the catalogue's words"
            );
        }
        app.screenshot("waiting-single-delete").await;
        app.assert_accessible("the delete confirmation while it waits")
            .await;
        assert!(
            server.state().deleted_documents.is_empty(),
            "nothing is deleted while the backup waits"
        );

        // The quota is back: the wait runs out and the delete goes on by itself.
        server.set_faults(Faults::default());
        let done = words.t("delete.done", &[("name", name)]);
        let done = done.split("{path}").next().unwrap_or_default().trim_end();
        app.notice_containing(done).await;
        app.wait_xpath_gone(&countdown_in_dialog(&words), "the waiting message")
            .await;
        let state = server.state();
        assert!(
            state.deleted_documents.contains(str_of(&doc, "id")),
            "the document was deleted after the wait"
        );
        assert!(state.answered_429 >= 1, "Scriptix did ask the app to wait");
        assert_eq!(zips_in(saves.path()).len(), 1, "its backup was saved first");

        // "Back up the whole account" names the requests and the time on the plan's limits.
        press(&app, &words.t("bulk.backUpAccount", &[])).await;
        let estimate = app
            .wait_xpath(
                "//*[@role='dialog']//p[@class='estimate']",
                "the request and time estimate",
            )
            .await;
        let said = squash(&estimate.text().await.unwrap());
        let quick = words.t(
            "pace.estimateQuick.other",
            &[("limit", "120"), ("per", &words.t("pace.perMinute", &[]))],
        );
        assert!(
            matches_with_some_count(&quick, &said),
            "{said:?} is not {quick:?}"
        );
        app.screenshot("waiting-account-estimate").await;
        press(&app, &words.t("account.cancel", &[])).await;
    })
    .await;
}

#[tokio::test]
async fn stop_during_the_wait_deletes_nothing() {
    let words = Catalogue::load("de");
    let server = start_fake().await;
    let (session, _) = a_session_with_a_document(&server).await;
    let saves = tempfile::tempdir().unwrap();
    let launch = launch("de", saves.path());
    App::run("waiting_stop", launch, move |app| async move {
        add_account(&app, &words, &server).await;
        let name = str_of(&session, "filename");
        open_session(&app, name).await;

        // An hour: only Stop ends this wait within the test.
        server.set_faults(quota_used_up(3600.0));
        press(&app, &words.t("session.delete", &[])).await;
        press(&app, &words.t("delete.saveThenDelete", &[])).await;
        let waiting = app
            .wait_xpath(&countdown_in_dialog(&words), "the waiting message")
            .await;
        let said = squash(&waiting.text().await.unwrap());
        assert!(
            said.ends_with(" 1:00:00") || said.contains(" 59:"),
            "an hour's wait: {said:?}"
        );

        press(&app, &words.t("pace.stop", &[])).await;
        app.notice_containing(&words.t("pace.deleteStopped", &[("name", name)])).await;
        app.wait_xpath_gone("//*[@role='alertdialog']", "the confirmation")
            .await;

        let state = server.state();
        assert!(
            state.deleted_sessions.is_empty() && state.deleted_documents.is_empty(),
            "nothing was deleted: {:?} {:?}",
            state.deleted_sessions,
            state.deleted_documents
        );
        let left: Vec<_> = std::fs::read_dir(saves.path()).unwrap().collect();
        assert!(
            left.is_empty(),
            "no backup and no half-written file: {left:?}"
        );
        // Still there to delete later.
        app.button(&words.t("session.delete", &[])).await;

        // Scriptix still holds every request for the rest of its hour: a single backup
        // started now says so at once, in the library (no dialog is open), and stops too.
        press(&app, &words.t("session.backUp", &[])).await;
        let in_library = format!(
            "//*[contains(@class, 'wait-notice') and not(ancestor::*[@role='alertdialog'])]//span[@class='waiting' and starts-with(normalize-space(.), {})]",
            xpath_literal(words.prefix("pace.waitQuota").trim_end())
        );
        app.wait_xpath(&in_library, "the backup's waiting message")
            .await;
        press(&app, &words.t("pace.stop", &[])).await;
        app.notice_containing(&words.t("pace.stopped", &[])).await;
        app.wait_xpath_gone(&in_library, "the backup's waiting message")
            .await;
        let left: Vec<_> = std::fs::read_dir(saves.path()).unwrap().collect();
        assert!(left.is_empty(), "a stopped backup leaves no file: {left:?}");
    })
    .await;
}
