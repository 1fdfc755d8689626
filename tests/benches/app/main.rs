//! App benchmarks on the release build, inside the real WebKitGTK webview (performance marks
//! and frame times read through WebDriver). Run by `scripts/bench-app.sh`, which builds the
//! release app and the bare-window fixture and sets `DESK_E2E_APP` / `DESK_BENCH_BARE`.
//!
//! - P3: 10,000 sessions on the fake server: first rows after switching to the account, rows
//!   matching the search box after each of 100 keystrokes (p95), frames dropped while
//!   scrolling the list end to end.
//! - P4: process start to the first screen, and PSS (app + WebKit web and network processes)
//!   on the first screen and, after a restart on the 10,000-session account, idle once they
//!   are loaded; side by side in the same run with a bare Tauri 2 window, rounds alternating
//!   which goes first.
//! - Growth (issue 20): the same app run on a 100,000-session account (first rows after
//!   switching, keystrokes, PSS loaded; no scrolling), side by side with the 10,000 one in
//!   every round, as ratios 100k / 10k. `DESK_BENCH_LARGE=0` leaves it out.
//!
//! Figures, not pass/fail: it prints a table with the goals and writes target/bench/app.json.

mod figures;
mod library;
mod page;
mod procs;
mod report;
mod runs;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use fake_scriptix::{Config, FakeServer, Persona};

use figures::{percentile, Round};
use runs::{app_run, bare_run};

/// An account on one of the fake servers, as the app is given it.
#[derive(Clone)]
pub(crate) struct Account {
    pub(crate) sessions: usize,
    pub(crate) label: String,
    pub(crate) url: String,
    pub(crate) token: String,
}

async fn fake(sessions: usize) -> (FakeServer, Account) {
    let server = FakeServer::start(Config {
        seed: 12,
        sessions,
        ..Default::default()
    })
    .await
    .expect("start the fake server");
    let account = Account {
        sessions,
        label: format!("Bench {}k", sessions / 1000),
        url: server.base_url(),
        token: server.token(Persona::Admin),
    };
    (server, account)
}

const SESSIONS: usize = 10_000;
const LARGE_SESSIONS: usize = 100_000;
const KEYSTROKES: usize = 100;
const SWITCHES: usize = 5;

fn main() {
    // scripts/bench-app.sh runs this with `cargo test --bench app`; it takes no arguments.
    let bin = PathBuf::from(
        std::env::var_os("DESK_E2E_APP")
            .expect("DESK_E2E_APP=<release scriptix-desk> (scripts/bench-app.sh sets it)"),
    )
    .canonicalize()
    .unwrap();
    let bare = PathBuf::from(
        std::env::var_os("DESK_BENCH_BARE")
            .expect("DESK_BENCH_BARE=<release bare-window> (scripts/bench-app.sh sets it)"),
    )
    .canonicalize()
    .unwrap();
    let rounds: usize = std::env::var("DESK_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);

    let with_large = std::env::var("DESK_BENCH_LARGE").as_deref() != Ok("0");

    let rt = tokio::runtime::Runtime::new().unwrap();
    let (server, account) = rt.block_on(fake(SESSIONS));
    let large = with_large.then(|| rt.block_on(fake(LARGE_SESSIONS)));

    // The machine's load, printed with the figures: frame times and start-up on a busy
    // two-core machine say more about the machine than about the app.
    let load = || {
        std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    let load_before = load();
    let mut all = Vec::new();
    let mut all_large = Vec::new();
    for round in 0..rounds {
        let r = Arc::new(Mutex::new(Round::default()));
        let big = Arc::new(Mutex::new(Round::default()));
        let large_run = || {
            if let Some((_, large)) = &large {
                rt.block_on(app_run(bin.clone(), large.clone(), big.clone(), false));
            }
        };
        // Alternate who goes first, so neither always gets the warmer disk cache.
        if round % 2 == 0 {
            rt.block_on(bare_run(bare.clone(), false, r.clone()));
            rt.block_on(bare_run(bare.clone(), true, r.clone()));
            rt.block_on(app_run(bin.clone(), account.clone(), r.clone(), true));
            large_run();
        } else {
            large_run();
            rt.block_on(app_run(bin.clone(), account.clone(), r.clone(), true));
            rt.block_on(bare_run(bare.clone(), true, r.clone()));
            rt.block_on(bare_run(bare.clone(), false, r.clone()));
        }
        if large.is_some() {
            let big = big.lock().unwrap().clone();
            eprintln!(
                "round {} at {LARGE_SESSIONS} sessions: PSS app {:.0} MiB; switch {:?} ms; keystroke p95 {:.1} ms",
                round + 1,
                big.app_loaded_pss_mib,
                big.switch_first_rows_ms.iter().map(|v| v.round()).collect::<Vec<_>>(),
                percentile(&big.keystroke_ms, 95.0),
            );
            all_large.push(big);
        }
        let r = r.lock().unwrap().clone();
        eprintln!(
            "round {}: start app {:.0} ms / bare {:.0} ms; PSS app {:.0} (first screen {:.0}) / bare {:.0} MiB; switch {:?} ms; keystroke p95 {:.1} ms; typing {} dropped; scroll {} frames, {} dropped, {} not yet drawn",
            round + 1,
            r.app_start_ms,
            r.bare_start_ms,
            r.app_loaded_pss_mib,
            r.app_first_screen_pss_mib,
            r.bare_pss_mib,
            r.switch_first_rows_ms.iter().map(|v| v.round()).collect::<Vec<_>>(),
            percentile(&r.keystroke_ms, 95.0),
            r.typing_dropped,
            r.scroll_frames,
            r.scroll_dropped,
            r.scroll_blank_frames
        );
        all.push(r);
    }
    rt.block_on(server.shutdown());
    if let Some((server, _)) = large {
        rt.block_on(server.shutdown());
    }
    report::report(&all, &all_large, rounds, &load_before, &load());
}
