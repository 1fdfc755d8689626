//! Library cache benchmark: what an account's sessions cost as it grows from 10,000 to
//! 100,000 sessions, side by side, against the fake Scriptix on loopback.
//!
//! `cargo bench -p desk-core --bench library` prints a table and writes
//! `target/bench/library.json`. For each size:
//! - memory: how much the resident set (VmRSS) grew while the library loaded every page,
//!   per session. The workspace forbids `unsafe`, so no counting allocator can be installed;
//!   instead each size is measured in a fresh process of its own with the fake server in
//!   yet another, so what grows is the library, the client's leftovers and the allocator's
//!   fragmentation: what the app's own process pays. The goal is that 10× the sessions
//!   cost no more than 10× the bytes (a per-session ratio of about 1.0 or less);
//! - typing a 30-character session name into the search box, one `window` call per
//!   keystroke as the UI asks (rows 0..100), then deleting it again; p50 / p95 of every
//!   keystroke of every round, and p95 of each keystroke's fastest round: on a busy two-core
//!   machine the clock also counts other programs' turns, which the fastest of five mostly
//!   leaves out (this VM's CPU-time counters tick in 4 ms steps, too coarse to use). The
//!   app's budget for a keystroke to its rows is 50 ms; this is Rust's part of it.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use desk_core::library::{Library, LibraryQuery};
use desk_core::permissions::Viewer;
use fake_scriptix::{Config, FakeServer, Persona};
use scriptix_api::{ClientOptions, ScriptixClient, Secret};
use serde_json::{json, Value};

const SIZES: [usize; 2] = [10_000, 100_000];
const TYPED_CHARS: usize = 30;
const ROUNDS: usize = 5;
const ACCOUNT: &str = "bench";

/// What one size measured, as the measuring process reports it (one JSON line).
#[derive(serde::Serialize, serde::Deserialize)]
struct Figures {
    sessions: usize,
    load_ms: f64,
    rss_grown_bytes: i64,
    rss_after_forget_bytes: i64,
    typing_ms: Vec<f64>,
    deleting_ms: Vec<f64>,
    /// Each keystroke's fastest round.
    typing_best_ms: Vec<f64>,
    deleting_best_ms: Vec<f64>,
    typed: String,
}

fn main() {
    // `cargo bench` adds `--bench`; the roles below are this binary started by itself.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.first().map(String::as_str) {
        Some("serve") => serve(args[1].parse().unwrap()),
        Some("measure") => {
            let sessions = args[1].parse().unwrap();
            let figures = runtime().block_on(measure(sessions, &args[2], &args[3]));
            println!("{}", serde_json::to_string(&figures).unwrap());
        }
        _ => {
            let figures: Vec<Figures> = SIZES.iter().map(|&n| in_processes(n)).collect();
            report(&figures);
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    // Two workers, as on the 2-core machines the app is measured on.
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// One size: the fake server in one child process, the library measured in another.
fn in_processes(sessions: usize) -> Figures {
    let me = std::env::current_exe().unwrap();
    let mut server = Command::new(&me)
        .args(["serve", &sessions.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let started: Value = serde_json::from_str(&line).expect("the server's URL and token");
    let out = Command::new(&me)
        .args([
            "measure",
            &sessions.to_string(),
            started["url"].as_str().unwrap(),
            started["token"].as_str().unwrap(),
        ])
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    assert!(out.status.success(), "measuring {sessions} sessions failed");
    serde_json::from_slice(&out.stdout).expect("the figures")
}

fn serve(sessions: usize) {
    runtime().block_on(async {
        let server = FakeServer::start(Config {
            seed: 12,
            sessions,
            ..Default::default()
        })
        .await
        .unwrap();
        let line = json!({ "url": server.base_url(), "token": server.token(Persona::Admin) });
        println!("{line}");
        // Serves until the parent kills it.
        std::future::pending::<()>().await;
    })
}

/// VmRSS of this process, in bytes.
fn rss() -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kib: i64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    kib * 1024
}

async fn measure(sessions: usize, url: &str, token: &str) -> Figures {
    let client =
        ScriptixClient::new(url, Secret::new(token.to_owned()), ClientOptions::default()).unwrap();
    let viewer = Viewer::from_identity(&client.me().await.unwrap());
    let lib = Library::new();
    // The client, TLS and the runtime are set up by the first request; what grows after
    // this is the sessions.
    let before = rss();
    let started = Instant::now();
    lib.load(ACCOUNT, &client, viewer, false, |_| {})
        .await
        .unwrap();
    let load_ms = started.elapsed().as_secs_f64() * 1000.0;
    let rss_grown_bytes = rss() - before;
    assert_eq!(lib.progress(ACCOUNT).loaded as usize, sessions);

    // A name from the middle of the list, typed as a person would: long enough for 30
    // keystrokes, so every prefix is a real one.
    let all = LibraryQuery {
        descending: true,
        ..Default::default()
    };
    let mut offset = sessions as u32 / 2;
    let typed = loop {
        let name = lib.window(ACCOUNT, &all, offset, 1).rows[0].name.clone();
        if name.chars().count() >= TYPED_CHARS {
            break name.chars().take(TYPED_CHARS).collect::<String>();
        }
        offset += 1;
    };
    let prefixes: Vec<String> = (1..=TYPED_CHARS)
        .map(|k| typed.chars().take(k).collect())
        .collect();
    let time = |search: &str| {
        let q = LibraryQuery {
            search: search.to_owned(),
            ..all.clone()
        };
        let t0 = Instant::now();
        let w = lib.window(ACCOUNT, &q, 0, 100);
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        std::hint::black_box(w);
        ms
    };
    let (mut typing, mut deleting) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        time("");
        for p in &prefixes {
            typing.push(time(p));
        }
        let q = LibraryQuery {
            search: typed.clone(),
            ..all.clone()
        };
        assert!(
            lib.window(ACCOUNT, &q, 0, 100).matching >= 1,
            "the name finds itself"
        );
        for p in prefixes.iter().rev().skip(1) {
            deleting.push(time(p));
        }
        deleting.push(time(""));
    }
    // Samples are round after round of the same keystrokes.
    let best = |v: &[f64]| {
        let per_round = v.len() / ROUNDS;
        (0..per_round)
            .map(|k| {
                (0..ROUNDS)
                    .map(|r| v[r * per_round + k])
                    .fold(f64::MAX, f64::min)
            })
            .collect::<Vec<_>>()
    };
    lib.forget(ACCOUNT);
    Figures {
        sessions,
        load_ms,
        rss_grown_bytes,
        rss_after_forget_bytes: rss() - before,
        typing_best_ms: best(&typing),
        deleting_best_ms: best(&deleting),
        typing_ms: typing,
        deleting_ms: deleting,
        typed,
    }
}

fn percentile(v: &[f64], p: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * s.len() as f64).ceil() as usize;
    s[rank.clamp(1, s.len()) - 1]
}

/// Which of a size's keystroke samples.
type Samples = fn(&Figures) -> &Vec<f64>;

fn report(f: &[Figures]) {
    let (small, large) = (&f[0], &f[1]);
    let per = |x: &Figures| x.rss_grown_bytes as f64 / x.sessions as f64;
    println!(
        "\nLibrary cache (release build; fake Scriptix on loopback in its own process; typing {TYPED_CHARS} characters, {ROUNDS} rounds)"
    );
    println!("typed: {:?} / {:?}", small.typed, large.typed);
    println!(
        "{:<42} {:>14} {:>14} {:>10}",
        "figure", "10,000", "100,000", "ratio"
    );
    let row = |name: &str, a: f64, b: f64, unit: &str| {
        println!(
            "{name:<42} {:>14} {:>14} {:>9.2}×",
            format!("{a:.1} {unit}"),
            format!("{b:.1} {unit}"),
            b / a
        )
    };
    let mib = |b: i64| b as f64 / 1048576.0;
    row("all sessions listed", small.load_ms, large.load_ms, "ms");
    row(
        "memory grown by loading (VmRSS)",
        mib(small.rss_grown_bytes),
        mib(large.rss_grown_bytes),
        "MiB",
    );
    row("memory grown per session", per(small), per(large), "B");
    let samples: [(&str, Samples); 4] = [
        ("typing", |x| &x.typing_ms),
        ("typing, fastest round", |x| &x.typing_best_ms),
        ("deleting", |x| &x.deleting_ms),
        ("deleting, fastest round", |x| &x.deleting_best_ms),
    ];
    for (what, pick) in samples {
        for p in [50.0, 95.0] {
            let name = format!("keystroke {what}, p{p}");
            row(
                &name,
                percentile(pick(small), p),
                percentile(pick(large), p),
                "ms",
            );
        }
    }
    println!(
        "still resident after forgetting the account: {:.1} / {:.1} MiB (freed memory the allocator keeps)",
        mib(small.rss_after_forget_bytes),
        mib(large.rss_after_forget_bytes)
    );

    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../target").into())
        .join("bench");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("library.json"),
        serde_json::to_string_pretty(f).unwrap(),
    )
    .unwrap();
    println!("details: {}", dir.join("library.json").display());
}
