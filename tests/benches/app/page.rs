//! Talking to the page: scripts run through WebDriver, the first-screen mark, the library's
//! own command, frame times.

use std::time::{Duration, Instant};

use desk_e2e::App;
use serde_json::{json, Value};

/// Frame lengths in ms over `ms` of an idle page: what this Xvfb and this machine's load
/// allow at all, the baseline for the frames measured while typing and scrolling.
pub(crate) async fn idle_frames(app: &App, ms: u32) -> Vec<f64> {
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
    floats(&v)
}

/// A JSON array of numbers from the page as `Vec<f64>`; panics on anything else, reported at
/// the caller's line.
#[track_caller]
pub(crate) fn floats(v: &Value) -> Vec<f64> {
    // A loop, not `map`: a closure would report its own line, not the caller's.
    let mut out = Vec::new();
    for x in v.as_array().unwrap() {
        out.push(x.as_f64().unwrap());
    }
    out
}

pub(crate) async fn eval_async(app: &App, script: &str, args: Vec<Value>) -> Value {
    app.driver
        .execute_async(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}"))
        .json()
        .clone()
}

/// Epoch milliseconds of the page's `first-screen` mark (set by the app and the bare window).
pub(crate) async fn first_screen_epoch_ms(app: &App) -> f64 {
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

pub(crate) fn query(search: &str) -> Value {
    json!({ "search": search, "kind": "all", "finished": null, "from": null, "to": null,
            "sort": "modified", "descending": true })
}

pub(crate) async fn window(app: &App, account: &str, search: &str, limit: u32) -> Value {
    let w = app
        .invoke(
            "library_window",
            json!({ "accountId": account, "query": query(search), "offset": 0, "limit": limit }),
        )
        .await;
    w["ok"].clone()
}

/// Until the account's whole list (`sessions`) is in Rust's cache (the UI loads it page by
/// page).
pub(crate) async fn wait_loaded(app: &App, id: &str, sessions: usize) {
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let w = window(app, id, "", 1).await;
        if w["complete"] == true && w["matching"].as_u64() == Some(sessions as u64) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{sessions} sessions did not load: {w}"
        );
    }
}
