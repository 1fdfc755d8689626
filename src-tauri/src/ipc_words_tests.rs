//! Rust sends codes, not sentences (issue 11), checked on the IPC surface the UI compiles
//! against: no field that carries an explanation for people is a free-form string, and
//! errors cross as a kind with a detail code. (desk-core's `tests/no_prose_in_rust.rs`
//! checks the literals that would fill such fields.)

use crate::bindings::render_bindings;

/// Field names that, as plain strings, would be sentences written in Rust.
const WORDY_FIELDS: &[&str] = &[
    "message",
    "reason",
    "notice",
    "stoppedBecause",
    "detail",
    "explanation",
    "hint",
    "error",
];

#[test]
fn no_ipc_type_carries_an_explanation_as_a_string() {
    let bindings = render_bindings();
    let mut found = Vec::new();
    for line in bindings.lines() {
        for field in WORDY_FIELDS {
            for shape in [
                ": string",
                "?: string",
                ": string | null",
                "?: string | null",
            ] {
                let needle = format!("{field}{shape}");
                let at_word_start = line.match_indices(&needle).any(|(i, _)| {
                    i == 0 || !line[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_')
                });
                if at_word_start && !line.contains("Legacy") {
                    found.push(line.trim().to_string());
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "send a code (and values) instead of words:\n{}",
        found.join("\n")
    );
}

#[test]
fn errors_cross_as_kind_and_detail_code() {
    let bindings = render_bindings();
    let error = bindings
        .split("export type DeskError_Serialize =")
        .nth(1)
        .and_then(|rest| rest.split("export type").next())
        .expect("DeskError in the bindings");
    assert!(error.contains("detail: Detail"), "{error}");
    assert!(!error.contains("string"), "{error}");
    let json =
        serde_json::to_value(desk_core::DeskError::NotFound(desk_core::Detail::Gone)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"kind": "not_found", "detail": {"code": "gone"}})
    );
}
