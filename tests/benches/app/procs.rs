//! The app's processes (app, WebKit web and network processes) from /proc: which they are,
//! when they started, and their memory (PSS).

use std::path::Path;
use std::time::{Duration, Instant};

pub(crate) fn children_of(pid: u32) -> Vec<u32> {
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
pub(crate) fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &text[text.rfind(')')? + 2..];
    Some(rest.split_whitespace().map(str::to_owned).collect())
}

pub(crate) fn descendants(pid: u32) -> Vec<u32> {
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
pub(crate) fn app_pid(driver_pid: u32, binary: &Path) -> u32 {
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
pub(crate) fn pss_mib(pid: u32) -> f64 {
    pss_by_process(pid).iter().map(|(_, mib)| mib).sum()
}

/// The same, per process (name, MiB): which of app, web and network process grew.
pub(crate) fn pss_by_process(pid: u32) -> Vec<(String, f64)> {
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
pub(crate) fn web_process_mappings(pid: u32) -> Vec<(String, f64)> {
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

pub(crate) fn process_names(pid: u32) -> Vec<String> {
    descendants(pid)
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/comm")).ok())
        .map(|s| s.trim().to_owned())
        .collect()
}

/// When the process started, in milliseconds since the epoch (clock-tick resolution).
pub(crate) fn start_epoch_ms(pid: u32) -> f64 {
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
