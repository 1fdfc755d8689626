//! The table of figures with their goals, and target/bench/app.json.

use desk_e2e::target_dir;
use serde_json::json;

use crate::figures::{median, percentile, Round};
use crate::{LARGE_SESSIONS, SESSIONS};

/// Median PSS of the app's own process (the first of its tree) and of WebKit's web process.
fn pss_of(all: &[Round], web: bool) -> f64 {
    let per_round: Vec<f64> = all
        .iter()
        .filter_map(|r| {
            let by = &r.app_loaded_pss_by_process;
            if web {
                by.iter().find(|(n, _)| n.starts_with("WebKitWebProc"))
            } else {
                by.first()
            }
            .map(|(_, m)| *m)
        })
        .collect();
    median(&per_round)
}

/// The growth table: the 100,000-session account beside the 10,000 one, same run.
fn growth(all: &[Round], large: &[Round]) -> serde_json::Value {
    let flat = |v: &[Round], f: fn(&Round) -> &Vec<f64>| -> Vec<f64> {
        v.iter().flat_map(|r| f(r).clone()).collect()
    };
    let col = |v: &[Round], f: fn(&Round) -> f64| median(&v.iter().map(f).collect::<Vec<f64>>());
    let figures = [
        (
            "P3 first rows after switching (median)",
            median(&flat(all, |r| &r.switch_first_rows_ms)),
            median(&flat(large, |r| &r.switch_first_rows_ms)),
            "ms",
            "≤ 300 ms",
        ),
        (
            "P3 rows match the search, p95 of keystrokes",
            percentile(&flat(all, |r| &r.keystroke_ms), 95.0),
            percentile(&flat(large, |r| &r.keystroke_ms), 95.0),
            "ms",
            "≤ 50 ms",
        ),
        (
            "P3 rows match the search, median",
            median(&flat(all, |r| &r.keystroke_ms)),
            median(&flat(large, |r| &r.keystroke_ms)),
            "ms",
            "",
        ),
        (
            "P3 of which Rust's answer (median)",
            col(all, |r| r.search_answer_ms),
            col(large, |r| r.search_answer_ms),
            "ms",
            "",
        ),
        (
            "P4 PSS idle, all sessions loaded: app",
            col(all, |r| r.app_loaded_pss_mib),
            col(large, |r| r.app_loaded_pss_mib),
            "MiB",
            "≤ 1.25×",
        ),
        (
            "P4 of which the app's own process",
            pss_of(all, false),
            pss_of(large, false),
            "MiB",
            "",
        ),
        (
            "P4 of which WebKit's web process",
            pss_of(all, true),
            pss_of(large, true),
            "MiB",
            "",
        ),
    ];
    println!(
        "\nGrowth: {SESSIONS} and {LARGE_SESSIONS} sessions side by side (same run, {} rounds each)",
        large.len()
    );
    println!(
        "{:<46} {:>10} {:>10} {:>8} {:>10}",
        "figure", "10,000", "100,000", "ratio", "goal"
    );
    let mut out = serde_json::Map::new();
    for (name, small, big, unit, goal) in figures {
        println!(
            "{name:<46} {:>10} {:>10} {:>7.2}× {goal:>10}",
            format!("{small:.1} {unit}"),
            format!("{big:.1} {unit}"),
            big / small
        );
        out.insert(
            name.into(),
            json!({ "small": small, "large": big, "ratio": big / small }),
        );
    }
    serde_json::Value::Object(out)
}

pub(crate) fn report(
    all: &[Round],
    large: &[Round],
    rounds: usize,
    load_before: &str,
    load_after: &str,
) {
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
        load_after,
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

    let growth = (!large.is_empty()).then(|| growth(all, large));

    let dir = target_dir().join("bench");
    std::fs::create_dir_all(&dir).unwrap();
    let report = json!({
        "sessions": SESSIONS,
        "load_average_before": load_before,
        "rounds": all,
        "large_sessions": LARGE_SESSIONS,
        "large_rounds": large,
        "growth": growth,
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
