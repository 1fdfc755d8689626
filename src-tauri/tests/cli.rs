//! `--version` and `--help` answer on a machine with no display (before the fix, GTK
//! started first and aborted). Runs the real binary with every display variable removed.

use std::process::Command;

fn run_headless(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_scriptix-desk"))
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .expect("run scriptix-desk")
}

#[test]
fn version_works_without_a_display() {
    let out = run_headless(&["--version"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("scriptix-desk {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn help_works_without_a_display() {
    let out = run_headless(&["--help"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Scriptix Desk "), "{text}");
    assert!(text.contains("--version") && text.contains("--practice-when-empty"));
}

#[test]
fn an_unknown_option_is_refused_without_starting_gtk() {
    let out = run_headless(&["--no-such-option"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown option '--no-such-option'"));
}
