//! Command-layer checks of the IPC surface as a whole.

use crate::bindings::render_bindings;
use crate::command_names::COMMANDS;

fn invoked_commands(bindings: &str) -> Vec<String> {
    bindings
        .split("__TAURI_INVOKE")
        .skip(2) // the import line, then one piece per command
        .filter_map(|piece| {
            piece
                .split("(\"")
                .nth(1)?
                .split('"')
                .next()
                .map(str::to_string)
        })
        .collect()
}

#[test]
fn every_registered_command_is_listed_and_granted_and_nothing_else() {
    let bindings = render_bindings();
    let mut registered = invoked_commands(&bindings);
    registered.sort();
    let mut listed: Vec<String> = COMMANDS.iter().map(|c| c.to_string()).collect();
    listed.sort();
    assert_eq!(
        registered, listed,
        "bindings.rs and command_names.rs disagree"
    );

    let cap: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/capabilities/default.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut granted: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    granted.sort();
    assert_eq!(
        granted, listed,
        "capabilities/default.json grants a different set"
    );

    let others: Vec<&str> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| !p.starts_with("allow-"))
        .collect();
    // Events, and the webview's own zoom for Ctrl +/−/0 (Tauri's zoom hotkeys call it).
    assert_eq!(
        others,
        [
            "core:event:allow-listen",
            "core:event:allow-unlisten",
            "core:webview:allow-set-webview-zoom"
        ]
    );
}

#[test]
fn no_64_bit_integers_cross_ipc() {
    let bindings = render_bindings();
    assert!(
        !bindings.contains("bigint"),
        "a u64/i64 crossed the IPC boundary"
    );
}
