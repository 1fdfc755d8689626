//! Folder names inside a backup that are safe to unpack on Windows, macOS and Linux.
//!
//! Names come from Scriptix (file names people typed), so they may contain anything: path
//! separators, `..`, characters Windows refuses, reserved device names, or be very long.
//! A name here is one path segment, never empty, at most [`MAX_NAME_CHARS`] characters.

use std::collections::HashSet;

/// Short enough that `sessions/<name>--<id>/<doc name>/transcript.docx` stays well under
/// the 260-character path limit of older Windows tools even when unpacked deep.
pub const MAX_NAME_CHARS: usize = 60;
const MAX_ID_CHARS: usize = 40;

/// One readable, safe path segment for `name`.
pub fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let truncated: String = cleaned.trim().chars().take(MAX_NAME_CHARS).collect();
    // Windows drops trailing dots and spaces, which would make "a." and "a" collide, and
    // a name made only of dots is `.`/`..`.
    let trimmed = truncated
        .trim_end_matches(['.', ' '])
        .trim_start_matches('.');
    if trimmed.is_empty() {
        return "untitled".into();
    }
    if is_windows_device_name(trimmed) {
        return format!("_{trimmed}");
    }
    trimmed.to_string()
}

/// An id as a short slug: letters, digits, `-` and `_` only.
pub fn id_slug(id: &str) -> String {
    let slug: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(MAX_ID_CHARS)
        .collect();
    if slug.is_empty() {
        "no-id".into()
    } else {
        slug
    }
}

/// `CON`, `NUL`, `COM1`… (also with an extension) cannot be created on Windows.
fn is_windows_device_name(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or(name)
        .trim_end()
        .to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}

/// Hands out names that are unique within one folder. Comparison ignores case, because
/// Windows and macOS folders do.
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: HashSet<String>,
}

impl UniqueNames {
    /// `name`, or `name (2)`, `name (3)`… if that is taken already.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.to_lowercase()) {
            return name;
        }
        (2u32..)
            .map(|n| format!("{name} ({n})"))
            .find(|candidate| self.taken.insert(candidate.to_lowercase()))
            .expect("some numbered name is always free")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_parent_references_cannot_escape_the_folder() {
        for hostile in [
            "../../etc/passwd",
            "..",
            ".",
            "a/b\\c",
            "..\\..\\boot.ini",
            "/abs",
        ] {
            let name = safe_name(hostile);
            assert!(
                !name.contains('/') && !name.contains('\\'),
                "{hostile} -> {name}"
            );
            assert!(
                name != "." && name != ".." && !name.starts_with('.'),
                "{hostile} -> {name}"
            );
            assert!(!name.is_empty());
        }
    }

    #[test]
    fn keeps_readable_names_and_limits_length_on_a_char_boundary() {
        assert_eq!(
            safe_name("Interview with Anna.mp3"),
            "Interview with Anna.mp3"
        );
        assert_eq!(safe_name("Überweisung: Q1?"), "Überweisung_ Q1_");
        let long = "é".repeat(200);
        assert_eq!(safe_name(&long).chars().count(), MAX_NAME_CHARS);
    }

    #[test]
    fn windows_trouble_names_are_made_safe() {
        assert_eq!(safe_name("CON"), "_CON");
        assert_eq!(safe_name("com1.txt"), "_com1.txt");
        assert_eq!(safe_name("report. . "), "report");
        assert_eq!(safe_name("   "), "untitled");
        assert_eq!(safe_name("tab\there"), "tab_here");
    }

    #[test]
    fn id_slugs_are_plain() {
        assert_eq!(id_slug("sess_01AB"), "sess_01AB");
        assert_eq!(id_slug("a/../b"), "a____b");
        assert_eq!(id_slug(""), "no-id");
    }

    #[test]
    fn claimed_names_are_unique_ignoring_case() {
        let mut names = UniqueNames::default();
        assert_eq!(names.claim("Meeting".into()), "Meeting");
        assert_eq!(names.claim("meeting".into()), "meeting (2)");
        assert_eq!(names.claim("Meeting".into()), "Meeting (3)");
        assert_eq!(names.claim("Other".into()), "Other");
    }
}
