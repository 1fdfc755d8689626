//! One copy of the app per data folder: a second start hands over to the running copy; a
//! second copy that cannot reach it (no session bus) says the app is already open and
//! writes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use desk_e2e::{app_binary, App, Catalogue, Launch};

/// Every file under `home` with its contents, except the logs (the running first copy may
/// write a line at any time).
fn files_under(home: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![home.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path != home.join("logs") {
                    stack.push(path);
                }
            } else {
                found.insert(path.clone(), std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    found
}

/// The first copy's log lines so far.
fn log_text(home: &Path) -> String {
    std::fs::read_dir(home.join("logs"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn a_second_start_brings_the_first_copy_to_the_front_and_exits_0() {
    App::run("second_start", Launch::default(), |app| async move {
        app.wait_text("No account is set up yet").await;

        // Started the way a double-click starts it: same data folder, same session bus.
        let mut second = tokio::process::Command::new(app_binary())
            .env("SCRIPTIX_DESK_HOME", &app.home)
            .env("SCRIPTIX_DESK_KEYRING_NAMESPACE", &app.keyring_namespace)
            .kill_on_drop(true)
            .spawn()
            .expect("start a second copy");
        let status = tokio::time::timeout(Duration::from_secs(60), second.wait())
            .await
            .expect("the second copy handed over and ended within a minute")
            .expect("wait for the second copy");
        assert!(status.success(), "the second copy ended with {status}");

        // The first copy heard it (and showed its window); it still works.
        let deadline = Instant::now() + Duration::from_secs(30);
        while !log_text(&app.home).contains("a second start was handed to this copy") {
            assert!(
                Instant::now() < deadline,
                "the first copy never heard of the second start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        app.click("Try it with sample data").await;
        app.wait_text("Practice mode").await;
    })
    .await;
}

#[tokio::test]
async fn without_a_session_bus_a_second_copy_says_the_app_is_already_open_and_writes_nothing() {
    App::run(
        "already_open_first",
        Launch::default(),
        |first| async move {
            first.wait_text("No account is set up yet").await;
            let home = first.home.clone();
            let before = files_under(&home);

            // The single-instance plugin cannot find the first copy without a session bus and lets
            // this one start; the data folder's lock stops it.
            let second = Launch::default()
                .home(&home)
                .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
                .env("SCRIPTIX_DESK_LANG", "nl");
            App::run("already_open_second", second, |second| async move {
                let nl = Catalogue::load("nl");
                second
                    .wait_text(&nl.t("alreadyOpen.title", &[("name", "Scriptix Desk")]))
                    .await;
                second.wait_text(&nl.t("alreadyOpen.explain", &[])).await;
                assert!(
                    !second.has_button(&nl.t("welcome.addAccount", &[])).await,
                    "the second copy offers to change accounts"
                );
                second.assert_accessible("the already-open screen").await;
            })
            .await;

            assert_eq!(
                files_under(&home),
                before,
                "the second copy wrote, changed or removed files in the data folder"
            );
            // The first copy is unharmed.
            first.click("Try it with sample data").await;
            first.wait_text("Practice mode").await;
        },
    )
    .await;
}
