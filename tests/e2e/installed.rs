//! The installed package: the app a person starts from the menu. `scripts/package-check.sh`
//! installs the `.deb`, runs this against `/usr/bin/scriptix-desk` (`DESK_E2E_APP`), then
//! removes the package. It is `#[ignore]`d in the normal e2e run because it needs the
//! package installed; the check script runs it with `--ignored`, so it never skips silently.
//!
//! Besides the first screen it proves that the shipped (release) binary has no test seam:
//! the debug-only variables that answer file dialogs and record IPC traffic are set here and
//! must change nothing.

use std::time::Duration;

use desk_e2e::{app_binary, App, Launch, APP_BINARY_ENV};
use serde_json::json;

/// Every variable the debug build reads for tests only (see src-tauri/src/dialog.rs and
/// ipc_record.rs). `SCRIPTIX_DESK_HOME`/`_KEYRING_NAMESPACE` are not among them: they are
/// documented features (portable installs, isolation) and work in every build.
const DEBUG_ONLY_VARS: &[&str] = &[
    "SCRIPTIX_DESK_TEST_SAVE_TO",
    "SCRIPTIX_DESK_TEST_OPEN",
    "SCRIPTIX_DESK_RECORD_IPC",
];

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
#[ignore = "needs the installed .deb; scripts/package-check.sh runs it with --ignored"]
async fn installed_app_shows_its_first_screen_and_has_no_test_seams() {
    assert!(
        std::env::var_os(APP_BINARY_ENV).is_some(),
        "set {APP_BINARY_ENV}=/usr/bin/scriptix-desk (scripts/package-check.sh does)"
    );
    let bin = app_binary();

    // The release binary does not even hold the names of the debug-only variables: code
    // that cannot read them cannot be steered by them. The documented ones are there,
    // which shows this search would find a name that is present.
    let bytes = std::fs::read(&bin).expect("read the installed binary");
    for var in DEBUG_ONLY_VARS {
        assert!(
            !contains(&bytes, var),
            "{} still mentions {var}",
            bin.display()
        );
    }
    assert!(contains(&bytes, "SCRIPTIX_DESK_HOME"));

    let version = std::process::Command::new(&bin)
        .arg("--version")
        .env_remove("DISPLAY")
        .output()
        .expect("run --version");
    assert!(version.status.success());
    let version = String::from_utf8(version.stdout).unwrap();
    let version = version
        .trim()
        .strip_prefix("scriptix-desk ")
        .expect("`scriptix-desk <version>`")
        .to_owned();

    let seams = tempfile::tempdir().unwrap();
    let record = seams.path().join("ipc.jsonl");
    let answer = seams.path().join("answered-folder");
    std::fs::create_dir(&answer).unwrap();
    let launch = Launch::default()
        .env("SCRIPTIX_DESK_RECORD_IPC", record.display().to_string())
        .env("SCRIPTIX_DESK_TEST_SAVE_TO", answer.display().to_string())
        .env("SCRIPTIX_DESK_TEST_OPEN", "cancel");

    App::run("installed_app", launch, move |app| async move {
        // The first screen: the window title, the product name as the page heading, and
        // its two ways in (add an account, try the sample data).
        assert_eq!(app.driver.title().await.unwrap(), "Scriptix Desk");
        app.wait_xpath(
            "//h1[@id='welcome-title' and normalize-space(.)='Scriptix Desk']",
            "the first screen's heading",
        )
        .await;
        let buttons = app
            .driver
            .find_all(thirtyfour::By::XPath("//section[@class='welcome']//button"))
            .await
            .unwrap();
        assert_eq!(buttons.len(), 2, "add an account, try sample data");
        app.screenshot("installed-first-screen").await;

        let info = app.invoke("app_info", json!({})).await;
        assert_eq!(info["ok"]["version"], version, "{info}");
        let support = app.invoke("support_details", json!({})).await;
        assert_eq!(support["ok"]["appVersion"], version, "{support}");
        assert!(
            support["ok"]["webview"]
                .as_str()
                .is_some_and(|v| v.starts_with("2.")),
            "the WebKitGTK version: {support}"
        );

        // The folder dialog must really open: in a debug build the test variable answers it
        // at once with `answered-folder`. Give it 3 s to (wrongly) answer.
        let raced = app
            .driver
            .execute_async(
                r#"const done = arguments[0];
                   window.__TAURI_INTERNALS__.invoke("choose_folder", {
                     accountId: "none", words: { title: "Folder", filter: "Folder" } })
                     .then(v => done({ answered: v }), e => done({ failed: e }));
                   setTimeout(() => done({ pending: true }), 3000);"#,
                vec![],
            )
            .await
            .expect("race the folder dialog")
            .json()
            .clone();
        assert_eq!(
            raced,
            json!({ "pending": true }),
            "the dialog was answered by a test variable"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    })
    .await;

    assert!(
        !record.exists(),
        "SCRIPTIX_DESK_RECORD_IPC recorded traffic in the release build"
    );
}
