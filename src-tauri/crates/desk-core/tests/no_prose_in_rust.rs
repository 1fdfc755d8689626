//! Rust sends codes, the UI writes the words (issue 11). This test reads the source of the
//! crates whose values reach the screen (desk-core and the command layer) and fails on any
//! string literal that reads like a sentence or a phrase for people ("Practice account",
//! "No file was chosen…"), outside tests, log lines and the few documents Rust writes as
//! files in the person's language (the README inside a backup).
//!
//! It is a source scan rather than a walk of the IPC types because prose used to reach the
//! UI through `String` fields that also carry names and paths; only the literal text tells
//! them apart.

mod source_scan;

use std::path::Path;

use source_scan::rust_files;

/// Files that may hold words for people, and why.
const ALLOWED: &[(&str, &str)] = &[
    (
        "backup/readme.rs",
        "the README inside each backup: file content, one template per language",
    ),
    (
        "audit/csv.rs",
        "the English column titles for callers without a UI (tests, support tools); the app sends the UI's words",
    ),
    (
        "accounts/browser_page.rs",
        "the page the web browser shows after Microsoft sign-in: outside the app, in all four languages",
    ),
    ("bin/", "test tools, never shown to staff"),
];

#[test]
fn no_user_visible_sentence_is_built_in_rust() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs = [root.join("src"), root.join("../../src")];
    let mut found = Vec::new();
    let mut scanned = 0;
    for dir in &dirs {
        for file in rust_files(dir) {
            let rel = file
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if rel.ends_with("_tests.rs") || ALLOWED.iter().any(|(p, _)| rel.starts_with(p)) {
                continue;
            }
            scanned += 1;
            let text = std::fs::read_to_string(&file).unwrap();
            for (line, literal) in literals(&production_code(&text)) {
                if reads_like_prose(&literal) {
                    found.push(format!("{}:{line}: {literal:?}", file.display()));
                }
            }
        }
    }
    assert!(
        scanned > 40,
        "the scan must see the crates ({scanned} files)"
    );
    assert!(
        found.is_empty(),
        "user-visible words belong in ui/src/lib/messages.ts; send a code instead:\n{}",
        found.join("\n")
    );
}

/// The scanner itself: it flags what it is meant to and passes codes and names.
#[test]
fn the_scan_tells_prose_from_codes() {
    for prose in [
        "No file was chosen, so nothing was saved.",
        "Practice account",
        "Comment on {doc_name}",
        "The disk is full.",
        "Scriptix backup {}.zip",
    ] {
        assert!(reads_like_prose(prose), "{prose}");
    }
    for code in [
        "not_found",
        "Scriptix Desk",
        "application/json",
        "{}.{}",
        "sessions/{id}/",
        "Bearer {token}",
        "SHA-256",
        "io.scriptix.desk",
    ] {
        assert!(!reads_like_prose(code), "{code}");
    }
    let src = "fn a() { tracing::info!(\"Starting up now\"); let x = \"Keep it\"; }\n#[cfg(test)]\nmod tests { const Y: &str = \"Not this one\"; }";
    let lits: Vec<String> = literals(&production_code(src))
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    assert_eq!(lits, ["Keep it"]);
}

/// The file without its tests, comments, attributes and log/panic macros (text for
/// support and developers, never for the screen). Line breaks are kept so line numbers hold.
fn production_code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") || trimmed.starts_with("#[") {
            out.push('\n');
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    // Blank out developer-facing macro calls, keeping line breaks.
    for start in [
        "tracing::",
        "debug!(",
        "info!(",
        "warn!(",
        "error!(",
        "trace!(",
        ".expect(",
        "panic!(",
        "unreachable!(",
        "assert!(",
        "assert_eq!(",
        "debug_assert!(",
    ] {
        out = blank_calls(&out, start);
    }
    out
}

/// Replace every `start…(…)` call's arguments with spaces (balanced parentheses, strings
/// respected).
fn blank_calls(text: &str, start: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let mut from = 0;
    while let Some(pos) = text[from..].find(start) {
        let begin = from + pos;
        let Some(open) = text[begin..].find('(').map(|o| begin + o) else {
            break;
        };
        let (mut depth, mut i, mut in_str) = (0i32, open, false);
        while i < bytes.len() {
            let c = bytes[i];
            if in_str {
                if c == b'\\' {
                    i += 1;
                } else if c == b'"' {
                    in_str = false;
                }
            } else if c == b'"' {
                in_str = true;
            } else if c == b'(' {
                depth += 1;
            } else if c == b')' {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            i += 1;
        }
        for b in &mut bytes[open..i.min(text.len())] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
        from = i.min(text.len());
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// Plain string literals with their line numbers (raw strings and byte strings are data).
fn literals(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
        } else if c == '\'' && i + 2 < chars.len() && (chars[i + 2] == '\'' || chars[i + 1] == '\\')
        {
            // a char literal such as '"' or '\n'
            i += if chars[i + 1] == '\\' { 3 } else { 2 };
        } else if c == '"'
            && (i == 0 || !(chars[i - 1] == 'r' || chars[i - 1] == '#' || chars[i - 1] == 'b'))
        {
            let (start_line, mut s) = (line, String::new());
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if i < chars.len() {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    s.push(chars[i]);
                }
                i += 1;
            }
            out.push((start_line, s));
        }
        i += 1;
    }
    out
}

/// A capitalised word followed by a lowercase word ("Practice account", "No file was…"), or
/// a sentence ending in a full stop, question mark or ellipsis.
fn reads_like_prose(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    let wordlike = |w: &str| w.chars().all(|c| c.is_alphabetic() || "'’,.?…".contains(c));
    let capital_then_lower = words.len() >= 2
        && words[0].chars().next().is_some_and(char::is_uppercase)
        && wordlike(words[0])
        && words[1].chars().next().is_some_and(char::is_lowercase)
        && wordlike(words[1]);
    let sentence = words.len() >= 3
        && words.iter().filter(|w| wordlike(w)).count() >= 3
        && s.trim_end().ends_with(['.', '?', '…']);
    capital_then_lower || sentence
}
