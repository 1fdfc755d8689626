//! "Copy details for support": what a helpdesk needs to understand a problem report, and
//! nothing it must not see.
//!
//! The log already never formats a secret (secrets are `scriptix_api::Secret`), but this
//! text leaves the computer in an email, so it is scrubbed a second time on its own terms:
//! a value after `token=`, `password:`, `Bearer `, … and anything that looks like a key
//! (a long run of mixed letters and digits) is replaced. Over-scrubbing a file name now and
//! then is the price of never pasting a sign-in into a ticket.
//!
//! Reading is bounded: only the tail of the newest log files is read, whatever their size,
//! and each line is cut to a fixed length.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::logging::{LOG_FILE_PREFIX, LOG_FILE_SUFFIX};

/// How many log lines the details carry (the newest ones).
pub const LOG_LINES: usize = 200;
/// At most this much of each log file's end is read.
const TAIL_BYTES: u64 = 256 * 1024;
/// A longer line is cut (a support ticket needs the gist, not a 1 MB JSON body).
const MAX_LINE_CHARS: usize = 1000;
/// Scrubbed values read as this.
pub const SCRUBBED: &str = "[removed]";

/// What the app knows about where it runs; the UI lays it out with its own labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SupportDetails {
    pub app_version: String,
    /// e.g. "Debian GNU/Linux 12 (bookworm), Linux 6.1.0-18-amd64, x86_64".
    pub os: String,
    /// The WebKitGTK version the app runs on (or the platform's webview).
    pub webview: String,
    /// Where the full log files are, for when support asks for them.
    pub log_folder: String,
    /// The newest log lines, oldest first, scrubbed.
    pub log_lines: Vec<String>,
}

/// Collect the details. `webview` comes from the app shell (only it links WebKitGTK).
pub fn collect(app_version: &str, webview: &str, log_dir: &Path) -> SupportDetails {
    SupportDetails {
        app_version: app_version.to_owned(),
        os: os_description(),
        webview: webview.to_owned(),
        log_folder: log_dir.display().to_string(),
        log_lines: last_log_lines(log_dir, LOG_LINES)
            .iter()
            .map(|l| scrub(l))
            .collect(),
    }
}

/// The operating system in one line: distribution, kernel, architecture.
pub fn os_description() -> String {
    let mut parts = Vec::new();
    if let Ok(text) = read_small("/etc/os-release") {
        if let Some(name) = text.lines().find_map(|l| l.strip_prefix("PRETTY_NAME=")) {
            parts.push(name.trim_matches('"').to_owned());
        }
    }
    if let Ok(kernel) = read_small("/proc/sys/kernel/osrelease") {
        parts.push(format!("{} {}", std::env::consts::OS, kernel.trim()));
    } else {
        parts.push(std::env::consts::OS.to_owned());
    }
    parts.push(std::env::consts::ARCH.to_owned());
    parts.join(", ")
}

fn read_small(path: &str) -> std::io::Result<String> {
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(16 * 1024)
        .read_to_string(&mut text)?;
    Ok(text)
}

/// The last `n` lines over the app's log files, oldest first. Missing or unreadable files
/// give fewer lines, never an error: support details must work when logging did not.
pub fn last_log_lines(log_dir: &Path, n: usize) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(log_dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with(&format!("{LOG_FILE_PREFIX}."))
                    && n.ends_with(&format!(".{LOG_FILE_SUFFIX}"))
            })
        })
        .collect();
    // Daily files are named by date (YYYY-MM-DD), so the name order is the time order.
    files.sort();
    let mut lines: Vec<String> = Vec::new();
    for file in files.iter().rev() {
        if lines.len() >= n {
            break;
        }
        let mut tail = tail_lines(file);
        let room = n - lines.len();
        if tail.len() > room {
            tail.drain(..tail.len() - room);
        }
        tail.append(&mut lines);
        lines = tail;
    }
    lines
}

/// The complete lines in the last [`TAIL_BYTES`] of a file, each cut to [`MAX_LINE_CHARS`].
fn tail_lines(path: &Path) -> Vec<String> {
    let Ok(mut file) = std::fs::File::open(path) else {
        return Vec::new();
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let start = len.saturating_sub(TAIL_BYTES);
    let mut bytes = Vec::new();
    if file.seek(SeekFrom::Start(start)).is_err()
        || file.take(TAIL_BYTES).read_to_end(&mut bytes).is_err()
    {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(&bytes);
    let mut lines: Vec<&str> = text.lines().collect();
    if start > 0 && !lines.is_empty() {
        lines.remove(0); // began mid-line
    }
    lines
        .into_iter()
        .map(|l| {
            if l.chars().count() > MAX_LINE_CHARS {
                let mut cut: String = l.chars().take(MAX_LINE_CHARS).collect();
                cut.push('…');
                cut
            } else {
                l.to_owned()
            }
        })
        .collect()
}

/// Names whose value is a secret when followed by `=` or `:` (as in `token=…`,
/// `"password": "…"`, `Authorization: …`).
const SECRET_KEYS: &[&str] = &[
    "token",
    "password",
    "passwd",
    "secret",
    "authorization",
    "api_key",
    "apikey",
    "api-key",
    "x-zoom-s2t-key",
    "totp_code",
    "backup_code",
    "signature",
    "cookie",
];
/// Words after which (and a space) the next word is a secret: `Bearer eyJ…`.
const SECRET_SCHEMES: &[&str] = &["bearer", "basic"];

/// Remove anything in `line` that is or may be a secret.
pub fn scrub(line: &str) -> String {
    scrub_looks_like_keys(&scrub_after_names(line))
}

fn is_value_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '"' | '\'' | ',' | '&' | ';' | '}' | ')' | ']')
}

/// Pass 1: values after secret names and auth schemes.
fn scrub_after_names(line: &str) -> String {
    let lower = line.to_ascii_lowercase();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        if let Some(end) = secret_value_start(&lower, i) {
            // Keep the name and separators, drop the value (and a scheme word's token).
            out.push_str(&line[i..end]);
            let mut j = end;
            let value_end = skip_value(line, j);
            if value_end > j {
                let value = &lower[j..value_end];
                out.push_str(SCRUBBED);
                j = value_end;
                // `Authorization: Bearer abc` — the scheme is not the secret, the next word is.
                if SECRET_SCHEMES.contains(&value) {
                    let after_space = skip_while(line, j, |c| c == ' ');
                    let token_end = skip_value(line, after_space);
                    if token_end > after_space {
                        j = token_end;
                    }
                }
            }
            i = j;
        } else {
            let c = line[i..].chars().next().expect("inside the line");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// When a secret name or scheme starts at `i` (at a word start), where its value starts.
fn secret_value_start(lower: &str, i: usize) -> Option<usize> {
    let at_word_start = lower[..i]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_ascii_alphanumeric());
    if !at_word_start {
        return None;
    }
    let rest = &lower[i..];
    for scheme in SECRET_SCHEMES {
        if rest.starts_with(scheme) && rest[scheme.len()..].starts_with(' ') {
            return Some(skip_while(lower, i + scheme.len(), |c| c == ' '));
        }
    }
    for key in SECRET_KEYS {
        // `access_token`, `x_api_key`: the name may end with the key word.
        let Some(pos) = key_in_name(rest, key) else {
            continue;
        };
        let mut j = i + pos + key.len();
        j = skip_while(lower, j, |c| c == '"' || c == '\'');
        j = skip_while(lower, j, |c| c == ' ');
        if matches!(lower[j..].chars().next(), Some('=' | ':')) {
            j += 1;
            j = skip_while(lower, j, |c| c == ' ' || c == '"' || c == '\'');
            return Some(j);
        }
    }
    None
}

/// Where `key` ends the identifier starting `rest` (`access_token` for `token`).
fn key_in_name(rest: &str, key: &str) -> Option<usize> {
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let name = &rest[..name_len];
    name.ends_with(key).then(|| name_len - key.len())
}

fn skip_while(s: &str, mut i: usize, keep: impl Fn(char) -> bool) -> usize {
    while let Some(c) = s[i..].chars().next() {
        if !keep(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

fn skip_value(s: &str, i: usize) -> usize {
    skip_while(s, i, is_value_char)
}

/// Pass 2: anything shaped like a key, wherever it stands. A "word" of letters, digits and
/// `_-.+/=~` is replaced when it holds a stretch of 16+ letters and digits mixed (hex or
/// base64 keys, JWT parts, `fk_owner_0123abcd…`), or of 32+ of either. UUIDs (stretches
/// of at most 12) and dates survive, so ids stay useful to support.
fn scrub_looks_like_keys(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if looks_like_key(word) {
            out.push_str(SCRUBBED);
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in line.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '+' | '/' | '=' | '~') {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn looks_like_key(word: &str) -> bool {
    word.split(|c: char| !c.is_ascii_alphanumeric()).any(|run| {
        let letters = run.chars().any(|c| c.is_ascii_alphabetic());
        let digits = run.chars().any(|c| c.is_ascii_digit());
        (run.len() >= 16 && letters && digits) || run.len() >= 32
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_after_secret_names_are_removed() {
        for (line, secret) in [
            ("GET /x token=abc", "abc"),
            (r#"{"access_token": "shortone", "login": true}"#, "shortone"),
            ("Authorization: Bearer s3cr3t", "s3cr3t"),
            ("header authorization=Basic dXNlcjpw", "dXNlcjpw"),
            ("password: hunter2 next", "hunter2"),
            (
                "https://x/shared/1/document/2?token=tok9&format=txt",
                "tok9",
            ),
            ("x-zoom-s2t-key: k1", "k1"),
            ("sent bearer abc.def", "abc.def"),
        ] {
            let out = scrub(line);
            assert!(!out.contains(secret), "{secret} left in {out:?}");
            assert!(out.contains(SCRUBBED), "{out:?}");
        }
        // The rest of the line stays readable.
        assert_eq!(
            scrub("https://x/s?token=tok9&format=txt"),
            "https://x/s?token=[removed]&format=txt"
        );
    }

    #[test]
    fn key_shaped_words_are_removed_and_ids_and_dates_kept() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        for secret in [
            "fk_owner_0123456789abcdef",
            jwt,
            "a1b2c3d4e5f6a7b8c9d0",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGH",
        ] {
            let out = scrub(&format!("INFO something happened with {secret} here"));
            assert!(!out.contains(secret), "{out}");
            assert!(out.ends_with(" here"), "{out}");
        }
        let kept = "2026-12-02T02:21:03.123456Z INFO scriptix_api: session 3f2a9c1e-77b0-4c1d-9e8f-0a1b2c3d4e5f deleted status=204 took 12ms";
        assert_eq!(scrub(kept), kept);
        // An ordinary word that contains "token" is not a name with a value.
        assert_eq!(scrub("tokens refreshed: 3"), "tokens refreshed: 3");
    }

    #[test]
    fn only_the_newest_lines_are_read_across_days_and_cut_when_long() {
        let dir = tempfile::tempdir().unwrap();
        let older: String = (0..150).map(|i| format!("old {i}\n")).collect();
        let newer: String = (0..120).map(|i| format!("new {i}\n")).collect();
        std::fs::write(dir.path().join("scriptix-desk.2026-12-01.log"), older).unwrap();
        std::fs::write(dir.path().join("scriptix-desk.2026-12-02.log"), newer).unwrap();
        std::fs::write(dir.path().join("unrelated.txt"), "not a log\n").unwrap();

        let lines = last_log_lines(dir.path(), LOG_LINES);
        assert_eq!(lines.len(), 200);
        assert_eq!(lines[0], "old 70");
        assert_eq!(lines[79], "old 149");
        assert_eq!(lines[80], "new 0");
        assert_eq!(lines[199], "new 119");

        std::fs::write(
            dir.path().join("scriptix-desk.2026-12-03.log"),
            format!("{}\n", "x".repeat(5000)),
        )
        .unwrap();
        let lines = last_log_lines(dir.path(), 1);
        assert_eq!(lines[0].chars().count(), MAX_LINE_CHARS + 1);
    }

    #[test]
    fn a_huge_log_is_read_from_its_end_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = "y".repeat(3 * TAIL_BYTES as usize);
        text.push_str("\nlast line\n");
        std::fs::write(dir.path().join("scriptix-desk.2026-12-02.log"), text).unwrap();
        let lines = last_log_lines(dir.path(), LOG_LINES);
        assert_eq!(lines, vec!["last line".to_owned()]);
    }

    #[test]
    fn no_log_folder_gives_no_lines_not_an_error() {
        let details = collect("1.2.3", "WebKitGTK 2.50.6", Path::new("/nonexistent/logs"));
        assert!(details.log_lines.is_empty());
        assert_eq!(details.app_version, "1.2.3");
        assert!(
            details.os.contains(std::env::consts::ARCH),
            "{}",
            details.os
        );
    }
}
