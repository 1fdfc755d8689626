//! P3: the library with 10,000 (and 100,000) sessions, measured in the page: switching to
//! the account, typing in the search box, scrolling the list end to end.

use std::time::Duration;

use desk_e2e::App;
use serde_json::json;

use crate::figures::dropped_frames;
use crate::page::{eval_async, floats, window};
use crate::{KEYSTROKES, SWITCHES};

/// Milliseconds from choosing the account (`id`, shown as `label`) to the first frame
/// showing its own first row, once per switch back from `practice_id` to `id`.
pub(crate) async fn switch_times(app: &App, id: &str, label: &str, practice_id: &str) -> Vec<f64> {
    // P3a: switch away and back; time from the switch to the first frame that shows the
    // measured account's own first row (Rust's answer, asked beforehand), so a frame
    // still showing the other account's rows does not count.
    let first_name = window(app, id, "", 1).await["rows"][0]["name"]
        .as_str()
        .expect("a first row")
        .to_owned();
    let mut switches = Vec::new();
    for _ in 0..SWITCHES {
        for (target, label, record) in [
            (practice_id, None, false),
            (id, Some((label, first_name.as_str())), true),
        ] {
            let ms = eval_async(
                app,
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

    switches
}

/// What typing 100 keystrokes into the search box measured.
pub(crate) struct Typing {
    /// Keystroke to the first frame showing the matching rows, each.
    pub keystrokes: Vec<f64>,
    /// Every frame's length while typing.
    pub frames: Vec<f64>,
    /// Rust's answer alone (the UI's own call), each.
    pub answers: Vec<f64>,
}

pub(crate) async fn typing(app: &App, id: &str) -> Typing {
    // P3b: 100 keystrokes. The words come from the loaded names; what each prefix should
    // show is Rust's own answer, asked before the typing starts.
    let names: Vec<String> = window(app, id, "", 60).await["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect();
    let mut words: Vec<String> = Vec::new();
    for n in &names {
        for w in n.split_whitespace() {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
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
        let rows: Vec<String> = window(app, id, s, 5).await["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_owned())
            .collect();
        expected.push(rows);
    }
    // The answer alone: the UI's own call for each typed prefix, timed in the page.
    let answers = eval_async(
        app,
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
    let answers = floats(&answers);
    let latencies = eval_async(
        app,
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
    let typing_frames = floats(&latencies["frames"]);
    let keystrokes = floats(&latencies["latencies"]);
    assert!(
        keystrokes.iter().all(|&l| l >= 0.0),
        "the rows never matched for some keystrokes: {keystrokes:?}"
    );

    Typing {
        keystrokes,
        frames: typing_frames,
        answers,
    }
}

/// What scrolling the list end to end in 10 s measured.
#[derive(Default)]
pub(crate) struct Scroll {
    pub frames: Vec<f64>,
    pub dropped: u64,
    /// Frames that showed a row in view still waiting for its name.
    pub blank: u64,
}

pub(crate) async fn scroll(app: &App) -> Scroll {
    // P3c: clear the search, then scroll the list end to end in 10 s, one step per frame.
    let scroll = eval_async(
        app,
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
    let frames = floats(&scroll["frames"]);
    let dropped = dropped_frames(&frames);
    Scroll {
        blank: scroll["blank"].as_u64().unwrap(),
        frames,
        dropped,
    }
}
