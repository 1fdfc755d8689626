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
//!
//! Figures, not pass/fail: it prints a table with the goals and writes target/bench/app.json.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use desk_e2e::{target_dir, App, Launch};
use fake_scriptix::{Config, FakeServer, Persona};
use serde_json::{json, Value};

const SESSIONS: usize = 10_000;
const LABEL: &str = "Bench 10k";
const KEYSTROKES: usize = 100;
const SWITCHES: usize = 5;

// ---- processes ---------------------------------------------------------------------------

fn children_of(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(p) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if stat_fields(p).and_then(|f| f.get(1).and_then(|s| s.parse::<u32>().ok())) == Some(pid) {
            out.push(p);
        }
    }
    out
}

/// The fields of /proc/<pid>/stat after the command name (state is [0], ppid [1]).
fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &text[text.rfind(')')? + 2..];
    Some(rest.split_whitespace().map(str::to_owned).collect())
}

fn descendants(pid: u32) -> Vec<u32> {
    let mut all = vec![pid];
    let mut i = 0;
    while i < all.len() {
        let kids = children_of(all[i]);
        all.extend(kids);
        i += 1;
    }
    all
}

/// The app process: the driver's child running `binary`.
fn app_pid(driver_pid: u32, binary: &Path) -> u32 {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        for p in descendants(driver_pid) {
            if std::fs::read_link(format!("/proc/{p}/exe")).ok().as_deref() == Some(binary) {
                return p;
            }
        }
        assert!(Instant::now() < deadline, "the app process did not appear");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Proportional set size of the process and everything it started, in MiB.
fn pss_mib(pid: u32) -> f64 {
    pss_by_process(pid).iter().map(|(_, mib)| mib).sum()
}

/// The same, per process (name, MiB): which of app, web and network process grew.
fn pss_by_process(pid: u32) -> Vec<(String, f64)> {
    descendants(pid)
        .into_iter()
        .filter_map(|p| {
            let rollup = std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")).ok()?;
            let kib = rollup
                .lines()
                .find_map(|l| l.strip_prefix("Pss:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())?;
            let name = std::fs::read_to_string(format!("/proc/{p}/comm")).ok()?;
            Some((name.trim().to_owned(), kib as f64 / 1024.0))
        })
        .collect()
}

/// The largest mappings (file, or `[heap]`/anonymous) of the WebKit web process started by
/// `pid`, in MiB of PSS: what the page's process holds that the bare window's does not.
fn web_process_mappings(pid: u32) -> Vec<(String, f64)> {
    let Some(web) = descendants(pid).into_iter().find(|p| {
        std::fs::read_to_string(format!("/proc/{p}/comm"))
            .is_ok_and(|c| c.starts_with("WebKitWebProc"))
    }) else {
        return Vec::new();
    };
    let smaps = std::fs::read_to_string(format!("/proc/{web}/smaps")).unwrap_or_default();
    let mut by_name: std::collections::BTreeMap<String, f64> = Default::default();
    let mut name = String::new();
    for line in smaps.lines() {
        if let Some(kib) = line.strip_prefix("Pss:") {
            let kib: f64 = kib
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse()
                .unwrap_or(0.0);
            *by_name.entry(name.clone()).or_default() += kib / 1024.0;
        } else if line
            .split_whitespace()
            .next()
            .is_some_and(|f| f.contains('-') && !f.ends_with(':'))
        {
            // A mapping's header: address range, perms, offset, dev, inode, then the path.
            name = line
                .split_whitespace()
                .nth(5)
                .unwrap_or("[anonymous]")
                .to_owned();
        }
    }
    let mut v: Vec<(String, f64)> = by_name.into_iter().collect();
    v.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap());
    v.truncate(8);
    v
}

/// Frame lengths in ms over `ms` of an idle page: what this Xvfb and this machine's load
/// allow at all, the baseline for the frames measured while typing and scrolling.
async fn idle_frames(app: &App, ms: u32) -> Vec<f64> {
    let v = eval_async(
        app,
        r#"const [ms, done] = arguments;
           const frames = [];
           let t0 = null, last = null;
           const tick = (ts) => {
             if (t0 === null) t0 = ts;
             if (last !== null) frames.push(ts - last);
             last = ts;
             if (ts - t0 < ms) requestAnimationFrame(tick); else done(frames);
           };
           requestAnimationFrame(tick);"#,
        vec![json!(ms)],
    )
    .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_f64().unwrap())
        .collect()
}

fn process_names(pid: u32) -> Vec<String> {
    descendants(pid)
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/comm")).ok())
        .map(|s| s.trim().to_owned())
        .collect()
}

/// When the process started, in milliseconds since the epoch (clock-tick resolution).
fn start_epoch_ms(pid: u32) -> f64 {
    let ticks: f64 = stat_fields(pid).expect("stat")[19].parse().unwrap();
    let hz: f64 = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0);
    let btime: f64 = std::fs::read_to_string("/proc/stat")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("btime "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    (btime + ticks / hz) * 1000.0
}

// ---- page helpers ------------------------------------------------------------------------

async fn eval_async(app: &App, script: &str, args: Vec<Value>) -> Value {
    app.driver
        .execute_async(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}"))
        .json()
        .clone()
}

/// Epoch milliseconds of the page's `first-screen` mark (set by the app and the bare window).
async fn first_screen_epoch_ms(app: &App) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let v = app
            .eval_in_page(
                "const m = performance.getEntriesByName('first-screen')[0];
                 return m ? performance.timeOrigin + m.startTime : null;",
            )
            .await;
        if let Some(ms) = v.as_f64() {
            return ms;
        }
        assert!(Instant::now() < deadline, "no first-screen mark");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn query(search: &str) -> Value {
    json!({ "search": search, "kind": "all", "finished": null, "from": null, "to": null,
            "sort": "modified", "descending": true })
}

async fn window(app: &App, account: &str, search: &str, limit: u32) -> Value {
    let w = app
        .invoke(
            "library_window",
            json!({ "accountId": account, "query": query(search), "offset": 0, "limit": limit }),
        )
        .await;
    w["ok"].clone()
}

/// Until the account's whole list is in Rust's cache (the UI loads it page by page).
async fn wait_loaded(app: &App, id: &str) {
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let w = window(app, id, "", 1).await;
        if w["complete"] == true && w["matching"].as_u64() == Some(SESSIONS as u64) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "10,000 sessions did not load: {w}"
        );
    }
}

// ---- figures -----------------------------------------------------------------------------

/// Frames dropped: for every frame, each whole vsync interval (16.7 ms at 60 Hz) it took
/// beyond its own.
fn dropped_frames(frames: &[f64]) -> u64 {
    frames
        .iter()
        .map(|f| ((f / (1000.0 / 60.0)) - 0.5).round().max(1.0) as u64 - 1)
        .sum()
}

fn median(v: &[f64]) -> f64 {
    percentile(v, 50.0)
}

fn percentile(v: &[f64], p: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    if s.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * s.len() as f64).ceil() as usize;
    s[rank.clamp(1, s.len()) - 1]
}

#[derive(Default, Clone, serde::Serialize)]
struct Round {
    bare_start_ms: f64,
    bare_pss_mib: f64,
    /// The bare window drawn by the CPU, as the app is.
    bare_cpu_start_ms: f64,
    bare_cpu_pss_mib: f64,
    app_start_ms: f64,
    app_first_screen_pss_mib: f64,
    app_loaded_pss_mib: f64,
    switch_first_rows_ms: Vec<f64>,
    keystroke_ms: Vec<f64>,
    scroll_frames: u64,
    scroll_dropped: u64,
    scroll_longest_frame_ms: f64,
    /// Frames drawn while scrolling that showed a row in view still waiting for its name.
    scroll_blank_frames: u64,
    typing_frames: u64,
    typing_dropped: u64,
    typing_longest_frame_ms: f64,
    processes: Vec<String>,
    bare_pss_by_process: Vec<(String, f64)>,
    app_loaded_pss_by_process: Vec<(String, f64)>,
    /// The web process's largest mappings: bare window, app loaded.
    bare_web_mappings: Vec<(String, f64)>,
    app_loaded_web_mappings: Vec<(String, f64)>,
    /// The same 30 s later, still idle.
    app_loaded_later_pss_mib: f64,
    app_loaded_later_pss_by_process: Vec<(String, f64)>,
    /// Median frame length of the idle bare window and of the idle app (10,000 loaded).
    bare_idle_frame_ms: f64,
    app_idle_frame_ms: f64,
    /// Median time for the UI's own call (`library_window` of 100 rows for a search) to
    /// come back from Rust: the part of a keystroke that is not drawing.
    search_answer_ms: f64,
}

/// The bare window as Tauri makes it (WebKit's GL compositing), or with `cpu_drawn` drawn by
/// the CPU like the app (`WEBKIT_DISABLE_COMPOSITING_MODE`, what the app's hardware
/// acceleration policy does): the first is the baseline the goals name, the second shows
/// how much of the difference is that choice.
async fn bare_run(bare: PathBuf, cpu_drawn: bool, out: Arc<Mutex<Round>>) {
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

async fn app_run(bin: PathBuf, server_url: String, token: String, out: Arc<Mutex<Round>>) {
    // One home folder (and keyring namespace: same name, same process) for both launches.
    let home = tempfile::tempdir().expect("home folder");
    let launch = Launch::default().home(home.path());

    // First launch: cold start to the first screen (no account yet), and its memory; then
    // the 10,000-session account is added and made the active one.
    let (bin1, first) = (bin.clone(), out.clone());
    App::run("bench_app", launch.clone(), move |app| async move {
        let pid = app_pid(app.driver_pid.unwrap(), &bin1);
        let shown = first_screen_epoch_ms(&app).await;
        let start = shown - start_epoch_ms(pid);
        tokio::time::sleep(Duration::from_secs(3)).await;
        let first_screen_pss = pss_mib(pid);
        let added = app
            .invoke(
                "add_account_with_key",
                json!({ "input": { "label": LABEL, "server": server_url, "apiKey": token,
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
    // and loads its 10,000 sessions; memory is measured once they are in and the app idles.
    App::run("bench_app", launch, move |app| async move {
        let pid = app_pid(app.driver_pid.unwrap(), &bin);
        let accounts = app.invoke("list_accounts", json!({})).await;
        let id = accounts["ok"]
            .as_array()
            .and_then(|a| a.iter().find(|a| a["label"] == LABEL))
            .and_then(|a| a["id"].as_str())
            .unwrap_or_else(|| panic!("the account is gone after the restart: {accounts}"))
            .to_owned();
        wait_loaded(&app, &id).await;
        tokio::time::sleep(Duration::from_secs(3)).await;
        let loaded_by_process = pss_by_process(pid);
        let loaded_mappings = web_process_mappings(pid);
        let loaded_pss: f64 = loaded_by_process.iter().map(|(_, m)| m).sum();
        let processes = process_names(pid);
        let app_idle_frames = idle_frames(&app, 3000).await;
        // Once more after half a minute of idling: what WebKit's garbage collector and
        // allocators give back on their own.
        tokio::time::sleep(Duration::from_secs(30)).await;
        let later_by_process = pss_by_process(pid);

        // A second account to switch away from: practice mode. The page is reloaded so the
        // UI knows both accounts, with the 10,000-session one active again.
        let practice = app.invoke("start_practice", json!({})).await;
        let practice_id = practice["ok"]["id"].as_str().expect("practice").to_owned();
        app.invoke("switch_account", json!({ "accountId": id })).await;
        app.eval_in_page("location.reload(); return null;").await;
        wait_loaded(&app, &id).await;
        tokio::time::sleep(Duration::from_secs(1)).await;

        // P3a: switch away and back; time from the switch to the first frame that shows the
        // 10,000-session account's own first row (Rust's answer, asked beforehand), so a frame
        // still showing the other account's rows does not count.
        let first_name = window(&app, &id, "", 1).await["rows"][0]["name"]
            .as_str()
            .expect("a first row")
            .to_owned();
        let mut switches = Vec::new();
        for _ in 0..SWITCHES {
            for (target, label, record) in [
                (&practice_id, None, false),
                (&id, Some((LABEL, first_name.as_str())), true),
            ] {
                let ms = eval_async(
                    &app,
                    r#"const [id, want, done] = arguments;
                       const sel = document.getElementById("account-select");
                       const t0 = performance.now();
                       sel.value = id;
                       sel.dispatchEvent(new Event("change"));
                       const ok = () => {
                         const rows = [...document.querySelectorAll(".session-row")];
                         const first = rows.find(r => r.dataset.index === "0")?.querySelector(".name");
                         if (!want) return first != null;
                         const active = document.querySelector("[data-testid='active-account']");
                         return active?.textContent.trim() === want[0]
                           && first?.textContent.trim() === want[1];
                       };
                       const check = (ts) => {
                         if (ok()) done(ts - t0);
                         else if (performance.now() - t0 > 10000) done(-1);
                         else requestAnimationFrame(check);
                       };
                       requestAnimationFrame(check);"#,
                    vec![json!(target), json!(label)],
                )
                .await;
                // Let the practice library settle before switching back.
                tokio::time::sleep(Duration::from_millis(700)).await;
                let ms = ms.as_f64().unwrap();
                assert!(ms >= 0.0, "switching to {target}: the rows never showed");
                if record {
                    switches.push(ms);
                }
            }
        }

        // P3b: 100 keystrokes. The words come from the loaded names; what each prefix should
        // show is Rust's own answer, asked before the typing starts.
        let names: Vec<String> = window(&app, &id, "", 60).await["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_owned())
            .collect();
        let mut words: Vec<String> = Vec::new();
        for n in &names {
            for w in n.split_whitespace() {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
                if w.chars().count() >= 4 && !words.contains(&w) {
                    words.push(w);
                }
            }
        }
        let mut steps: Vec<String> = Vec::new(); // the box's value after each keystroke
        'outer: for w in words.iter().cycle() {
            let chars: Vec<char> = w.chars().collect();
            for k in 1..=chars.len() {
                steps.push(chars[..k].iter().collect());
                if steps.len() == KEYSTROKES {
                    break 'outer;
                }
            }
            for k in (0..chars.len()).rev() {
                steps.push(chars[..k].iter().collect());
                if steps.len() == KEYSTROKES {
                    break 'outer;
                }
            }
        }
        let mut expected = Vec::new();
        for s in &steps {
            let rows: Vec<String> = window(&app, &id, s, 5).await["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["name"].as_str().unwrap().to_owned())
                .collect();
            expected.push(rows);
        }
        // The answer alone: the UI's own call for each typed prefix, timed in the page.
        let answers = eval_async(
            &app,
            r#"const [id, steps, done] = arguments;
               const out = [];
               const q = (search) => ({ search, kind: "all", finished: null, from: null,
                 to: null, sort: "modified", descending: true });
               (async () => {
                 for (const s of steps) {
                   const t0 = performance.now();
                   await window.__TAURI_INTERNALS__.invoke("library_window",
                     { accountId: id, query: q(s), offset: 0, limit: 100 });
                   out.push(performance.now() - t0);
                 }
                 done(out);
               })();"#,
            vec![json!(id), json!(steps)],
        )
        .await;
        let answers: Vec<f64> = answers
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let latencies = eval_async(
            &app,
            r#"const [steps, expected, done] = arguments;
               const box = document.getElementById("lib-search");
               box.focus();
               const shown = () => [...document.querySelectorAll(".session-row")]
                 .sort((a, b) => a.dataset.index - b.dataset.index)
                 .slice(0, 5)
                 .map(r => r.querySelector(".name")?.textContent.trim() ?? null);
               const same = (want) => {
                 const got = shown();
                 if (want.length === 0) return got.length === 0;
                 return want.every((w, i) => got[i] === w);
               };
               const out = [];
               // Every frame's length while typing: a stutter is a long frame.
               const frames = [];
               let last = null, typing = true;
               const tick = (ts) => {
                 if (last !== null) frames.push(ts - last);
                 last = ts;
                 if (typing) requestAnimationFrame(tick);
               };
               requestAnimationFrame(tick);
               let i = 0;
               const next = () => {
                 if (i === steps.length) { typing = false; return done({ latencies: out, frames }); }
                 const want = expected[i];
                 box.value = steps[i];
                 const t0 = performance.now();
                 box.dispatchEvent(new InputEvent("input", { bubbles: true }));
                 const check = (ts) => {
                   if (same(want)) { out.push(ts - t0); i++; setTimeout(next, 80); }
                   else if (performance.now() - t0 > 5000) { out.push(-1); i++; setTimeout(next, 80); }
                   else requestAnimationFrame(check);
                 };
                 requestAnimationFrame(check);
               };
               next();"#,
            vec![json!(steps), json!(expected)],
        )
        .await;
        let typing_frames: Vec<f64> = latencies["frames"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let keystrokes: Vec<f64> = latencies["latencies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert!(
            keystrokes.iter().all(|&l| l >= 0.0),
            "the rows never matched for some keystrokes: {keystrokes:?}"
        );

        // P3c: clear the search, then scroll the list end to end in 10 s, one step per frame.
        let scroll = eval_async(
            &app,
            r#"const done = arguments[0];
               const box = document.getElementById("lib-search");
               box.value = "";
               box.dispatchEvent(new InputEvent("input", { bubbles: true }));
               setTimeout(() => {
                 const list = document.querySelector(".session-list");
                 list.scrollTop = 0;
                 const end = list.scrollHeight - list.clientHeight;
                 const frames = [];
                 let t0 = null, last = null, blank = 0;
                 const step = (ts) => {
                   if (t0 === null) t0 = ts;
                   if (last !== null) frames.push(ts - last);
                   last = ts;
                   // Rows in view still waiting for their names ("…") in the frame just drawn.
                   const top = list.getBoundingClientRect().top, bottom = top + list.clientHeight;
                   const waiting = [...document.querySelectorAll(".session-row")].some(r => {
                     const b = r.getBoundingClientRect();
                     return b.bottom > top && b.top < bottom && !r.querySelector(".name");
                   });
                   if (waiting) blank++;
                   list.scrollTop = Math.min(end, ((ts - t0) / 10000) * end);
                   if (list.scrollTop >= end - 1) done({ frames, blank });
                   else requestAnimationFrame(step);
                 };
                 requestAnimationFrame(step);
               }, 1000);"#,
            vec![],
        )
        .await;
        let frames: Vec<f64> = scroll["frames"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let dropped = dropped_frames(&frames);

        let mut r = out.lock().unwrap();
        r.app_loaded_pss_mib = loaded_pss;
        r.switch_first_rows_ms = switches;
        r.keystroke_ms = keystrokes;
        r.scroll_frames = frames.len() as u64;
        r.scroll_dropped = dropped;
        r.scroll_longest_frame_ms = frames.iter().cloned().fold(0.0, f64::max);
        r.scroll_blank_frames = scroll["blank"].as_u64().unwrap();
        r.typing_frames = typing_frames.len() as u64;
        r.typing_dropped = dropped_frames(&typing_frames);
        r.typing_longest_frame_ms = typing_frames.iter().cloned().fold(0.0, f64::max);
        r.processes = processes;
        r.app_loaded_pss_by_process = loaded_by_process;
        r.app_loaded_web_mappings = loaded_mappings;
        r.app_loaded_later_pss_mib = later_by_process.iter().map(|(_, m)| m).sum();
        r.app_loaded_later_pss_by_process = later_by_process;
        r.app_idle_frame_ms = median(&app_idle_frames);
        r.search_answer_ms = median(&answers);
    })
    .await;
}

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

    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt
        .block_on(FakeServer::start(Config {
            seed: 12,
            sessions: SESSIONS,
            ..Default::default()
        }))
        .expect("start the fake server");
    let (url, token) = (server.base_url(), server.token(Persona::Admin));

    // The machine's load, printed with the figures: frame times and start-up on a busy
    // two-core machine say more about the machine than about the app.
    let load = || {
        std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    let load_before = load();
    let mut all = Vec::new();
    for round in 0..rounds {
        let r = Arc::new(Mutex::new(Round::default()));
        // Alternate who goes first, so neither always gets the warmer disk cache.
        if round % 2 == 0 {
            rt.block_on(bare_run(bare.clone(), false, r.clone()));
            rt.block_on(bare_run(bare.clone(), true, r.clone()));
            rt.block_on(app_run(bin.clone(), url.clone(), token.clone(), r.clone()));
        } else {
            rt.block_on(app_run(bin.clone(), url.clone(), token.clone(), r.clone()));
            rt.block_on(bare_run(bare.clone(), true, r.clone()));
            rt.block_on(bare_run(bare.clone(), false, r.clone()));
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

    let col = |f: fn(&Round) -> f64| all.iter().map(f).collect::<Vec<f64>>();
    let app_start = median(&col(|r| r.app_start_ms));
    let bare_start = median(&col(|r| r.bare_start_ms));
    let app_pss = median(&col(|r| r.app_loaded_pss_mib));
    let app_pss_first = median(&col(|r| r.app_first_screen_pss_mib));
    let bare_pss = median(&col(|r| r.bare_pss_mib));
    let switches: Vec<f64> = all
        .iter()
        .flat_map(|r| r.switch_first_rows_ms.clone())
        .collect();
    let keys: Vec<f64> = all.iter().flat_map(|r| r.keystroke_ms.clone()).collect();
    let frames: u64 = all.iter().map(|r| r.scroll_frames).sum();
    let dropped: u64 = all.iter().map(|r| r.scroll_dropped).sum();
    let longest = all
        .iter()
        .map(|r| r.scroll_longest_frame_ms)
        .fold(0.0, f64::max);
    let blank: u64 = all.iter().map(|r| r.scroll_blank_frames).sum();
    let typing_frames: u64 = all.iter().map(|r| r.typing_frames).sum();
    let typing_dropped: u64 = all.iter().map(|r| r.typing_dropped).sum();
    let typing_longest = all
        .iter()
        .map(|r| r.typing_longest_frame_ms)
        .fold(0.0, f64::max);

    println!("\nScriptix Desk app benchmarks (release build, {rounds} rounds, medians; {SESSIONS} sessions on the fake server)");
    println!(
        "load average before: {load_before}; after: {}; {} cores",
        load(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("{:<58} {:>12} {:>12}", "figure", "measured", "goal");
    let row = |name: &str, v: String, goal: &str| println!("{name:<58} {v:>12} {goal:>12}");
    row(
        "P3 first rows after switching to the account (median)",
        format!("{:.0} ms", median(&switches)),
        "≤ 300 ms",
    );
    row(
        "P3 first rows after switching (slowest)",
        format!("{:.0} ms", percentile(&switches, 100.0)),
        "",
    );
    row(
        "P3 rows match the search, p95 of keystrokes",
        format!("{:.1} ms", percentile(&keys, 95.0)),
        "≤ 50 ms",
    );
    row(
        "P3 rows match the search, median",
        format!("{:.1} ms", median(&keys)),
        "",
    );
    row(
        "P3 of which Rust's answer to the search (median)",
        format!("{:.1} ms", median(&col(|r| r.search_answer_ms))),
        "",
    );
    row(
        "P3 typing: frames dropped",
        format!("{typing_dropped} of {typing_frames}"),
        "0",
    );
    row(
        "P3 typing: longest frame",
        format!("{typing_longest:.1} ms"),
        "",
    );
    row(
        "P3 scrolling end to end: frames dropped",
        format!("{dropped} of {frames}"),
        "0",
    );
    row(
        "P3 scrolling: longest frame",
        format!("{longest:.1} ms"),
        "",
    );
    row(
        "P3 scrolling: frames with a row in view not yet drawn",
        format!("{blank} of {frames}"),
        "",
    );
    row(
        "P3 idle frame length: app (10,000 loaded) / bare window",
        format!(
            "{:.1} / {:.1} ms",
            median(&col(|r| r.app_idle_frame_ms)),
            median(&col(|r| r.bare_idle_frame_ms))
        ),
        "",
    );
    row(
        "P4 start to first screen: app",
        format!("{app_start:.0} ms"),
        "≤ 500 ms",
    );
    row(
        "P4 start to first screen: bare Tauri window",
        format!("{bare_start:.0} ms"),
        "",
    );
    let bare_cpu_start = median(&col(|r| r.bare_cpu_start_ms));
    let bare_cpu_pss = median(&col(|r| r.bare_cpu_pss_mib));
    row(
        "P4 start: bare window drawn by the CPU, as the app is",
        format!("{bare_cpu_start:.0} ms"),
        "",
    );
    row(
        "P4 start ratio app / bare",
        format!("{:.2}×", app_start / bare_start),
        "≤ 1.20×",
    );
    row(
        "P4 PSS idle, 10,000 sessions loaded: app",
        format!("{app_pss:.0} MiB"),
        "",
    );
    row(
        "P4 PSS idle 30 s later: app",
        format!("{:.0} MiB", median(&col(|r| r.app_loaded_later_pss_mib))),
        "",
    );
    row(
        "P4 PSS on the first screen: app",
        format!("{app_pss_first:.0} MiB"),
        "",
    );
    row(
        "P4 PSS idle: bare Tauri window",
        format!("{bare_pss:.0} MiB"),
        "",
    );
    row(
        "P4 PSS idle: bare window drawn by the CPU, as the app is",
        format!("{bare_cpu_pss:.0} MiB"),
        "",
    );
    row(
        "P4 memory ratio app (loaded) / bare drawn by the CPU",
        format!("{:.2}×", app_pss / bare_cpu_pss),
        "",
    );
    row(
        "P4 memory ratio app (loaded) / bare",
        format!("{:.2}×", app_pss / bare_pss),
        "≤ 1.25×",
    );
    if let Some(r) = all.first() {
        let list = |v: &[(String, f64)]| {
            v.iter()
                .map(|(n, m)| format!("{n} {m:.0}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        println!(
            "PSS by process, round 1 (MiB): app loaded: {}; 30 s later: {}; bare: {}",
            list(&r.app_loaded_pss_by_process),
            list(&r.app_loaded_later_pss_by_process),
            list(&r.bare_pss_by_process)
        );
        println!(
            "web process, largest mappings, round 1 (MiB): app loaded: {}; bare: {}",
            list(&r.app_loaded_web_mappings),
            list(&r.bare_web_mappings)
        );
    }

    let dir = target_dir().join("bench");
    std::fs::create_dir_all(&dir).unwrap();
    let report = json!({
        "sessions": SESSIONS,
        "load_average_before": load_before,
        "rounds": all,
        "summary": {
            "switch_first_rows_ms_median": median(&switches),
            "keystroke_ms_p95": percentile(&keys, 95.0),
            "scroll_frames": frames, "scroll_dropped": dropped, "scroll_blank_frames": blank,
            "typing_frames": typing_frames, "typing_dropped": typing_dropped,
            "app_start_ms": app_start, "bare_start_ms": bare_start,
            "app_loaded_pss_mib": app_pss, "app_first_screen_pss_mib": app_pss_first,
            "bare_pss_mib": bare_pss,
            "bare_cpu_start_ms": bare_cpu_start, "bare_cpu_pss_mib": bare_cpu_pss,
        }
    });
    std::fs::write(
        dir.join("app.json"),
        serde_json::to_string_pretty(&report).unwrap(),
    )
    .unwrap();
    println!("details: {}", dir.join("app.json").display());
}
