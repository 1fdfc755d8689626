//! One round's launches: the bare window (twice: as Tauri makes it, and drawn by the CPU)
//! and the app (a cold first start, then a restart on the 10,000-session account; the same
//! again on the 100,000-session one).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use desk_e2e::{App, Launch};
use serde_json::json;

use crate::figures::{dropped_frames, median, Round};
use crate::library;
use crate::page::{first_screen_epoch_ms, idle_frames, wait_loaded};
use crate::procs::{
    app_pid, process_names, pss_by_process, pss_mib, start_epoch_ms, web_process_mappings,
};
use crate::Account;

/// The bare window as Tauri makes it (WebKit's GL compositing), or with `cpu_drawn` drawn by
/// the CPU like the app (`WEBKIT_DISABLE_COMPOSITING_MODE`, what the app's hardware
/// acceleration policy does): the first is the baseline the goals name, the second shows
/// how much of the difference is that choice.
pub(crate) async fn bare_run(bare: PathBuf, cpu_drawn: bool, out: Arc<Mutex<Round>>) {
    let mut launch = Launch::default().binary(&bare);
    if cpu_drawn {
        launch = launch.env("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    App::run("bench_bare", launch, move |app| async move {
        let pid = app_pid(app.driver_pid.unwrap(), &bare);
        let shown = first_screen_epoch_ms(&app).await;
        let start = shown - start_epoch_ms(pid);
        tokio::time::sleep(Duration::from_secs(3)).await; // idle
        let per_process = pss_by_process(pid);
        let pss = per_process.iter().map(|(_, m)| m).sum();
        if cpu_drawn {
            let mut r = out.lock().unwrap();
            r.bare_cpu_start_ms = start;
            r.bare_cpu_pss_mib = pss;
            return;
        }
        let mappings = web_process_mappings(pid);
        let frames = idle_frames(&app, 3000).await;
        let mut r = out.lock().unwrap();
        r.bare_start_ms = start;
        r.bare_pss_mib = pss;
        r.bare_pss_by_process = per_process;
        r.bare_web_mappings = mappings;
        r.bare_idle_frame_ms = median(&frames);
    })
    .await;
}

/// The app on `account`. `full`: also the memory 30 s later, idle frames and scrolling
/// (measured on the 10,000-session account only: the growth run compares what typing and
/// memory cost, and scrolling 100,000 rows in 10 s says little about the app).
pub(crate) async fn app_run(bin: PathBuf, account: Account, out: Arc<Mutex<Round>>, full: bool) {
    let Account {
        sessions,
        label,
        url: server_url,
        token,
    } = account;
    // One home folder (and keyring namespace: same name, same process) for both launches.
    let home = tempfile::tempdir().expect("home folder");
    let launch = Launch::default().home(home.path());

    // First launch: cold start to the first screen (no account yet), and its memory; then
    // the account is added and made the active one.
    let (bin1, first, label1) = (bin.clone(), out.clone(), label.clone());
    App::run("bench_app", launch.clone(), move |app| async move {
        let pid = app_pid(app.driver_pid.unwrap(), &bin1);
        let shown = first_screen_epoch_ms(&app).await;
        let start = shown - start_epoch_ms(pid);
        tokio::time::sleep(Duration::from_secs(3)).await;
        let first_screen_pss = pss_mib(pid);
        let added = app
            .invoke(
                "add_account_with_key",
                json!({ "input": { "label": label1, "server": server_url, "apiKey": token,
                                   "keyHeader": "bearer" } }),
            )
            .await;
        let id = added["ok"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{added}"));
        app.invoke("switch_account", json!({ "accountId": id }))
            .await;
        let mut r = first.lock().unwrap();
        r.app_start_ms = start;
        r.app_first_screen_pss_mib = first_screen_pss;
    })
    .await;

    // Second launch, as a person starts the app the next morning: it opens on the account
    // and loads its sessions; memory is measured once they are in and the app idles.
    App::run("bench_app", launch, move |app| async move {
        let pid = app_pid(app.driver_pid.unwrap(), &bin);
        let accounts = app.invoke("list_accounts", json!({})).await;
        let id = accounts["ok"]
            .as_array()
            .and_then(|a| a.iter().find(|a| a["label"] == label.as_str()))
            .and_then(|a| a["id"].as_str())
            .unwrap_or_else(|| panic!("the account is gone after the restart: {accounts}"))
            .to_owned();
        wait_loaded(&app, &id, sessions).await;
        tokio::time::sleep(Duration::from_secs(3)).await;
        let loaded_by_process = pss_by_process(pid);
        let loaded_mappings = web_process_mappings(pid);
        let loaded_pss: f64 = loaded_by_process.iter().map(|(_, m)| m).sum();
        let processes = process_names(pid);
        let (mut app_idle_frames, mut later_by_process) = (Vec::new(), Vec::new());
        if full {
            app_idle_frames = idle_frames(&app, 3000).await;
            // Once more after half a minute of idling: what WebKit's garbage collector and
            // allocators give back on their own.
            tokio::time::sleep(Duration::from_secs(30)).await;
            later_by_process = pss_by_process(pid);
        }

        // A second account to switch away from: practice mode. The page is reloaded so the
        // UI knows both accounts, with the measured one active again.
        let practice = app.invoke("start_practice", json!({})).await;
        let practice_id = practice["ok"]["id"].as_str().expect("practice").to_owned();
        app.invoke("switch_account", json!({ "accountId": id }))
            .await;
        app.eval_in_page("location.reload(); return null;").await;
        wait_loaded(&app, &id, sessions).await;
        tokio::time::sleep(Duration::from_secs(1)).await;

        let switches = library::switch_times(&app, &id, &label, &practice_id).await;
        let typing = library::typing(&app, &id).await;
        let scroll = if full {
            library::scroll(&app).await
        } else {
            library::Scroll::default()
        };

        let mut r = out.lock().unwrap();
        r.app_loaded_pss_mib = loaded_pss;
        r.switch_first_rows_ms = switches;
        r.keystroke_ms = typing.keystrokes;
        r.scroll_frames = scroll.frames.len() as u64;
        r.scroll_dropped = scroll.dropped;
        r.scroll_longest_frame_ms = scroll.frames.iter().cloned().fold(0.0, f64::max);
        r.scroll_blank_frames = scroll.blank;
        r.typing_frames = typing.frames.len() as u64;
        r.typing_dropped = dropped_frames(&typing.frames);
        r.typing_longest_frame_ms = typing.frames.iter().cloned().fold(0.0, f64::max);
        r.processes = processes;
        r.app_loaded_pss_by_process = loaded_by_process;
        r.app_loaded_web_mappings = loaded_mappings;
        r.app_loaded_later_pss_mib = later_by_process.iter().map(|(_, m)| m).sum();
        r.app_loaded_later_pss_by_process = later_by_process;
        r.app_idle_frame_ms = median(&app_idle_frames);
        r.search_answer_ms = median(&typing.answers);
    })
    .await;
}
