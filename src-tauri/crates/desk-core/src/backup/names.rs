//! Names inside and beside a backup that are safe on Windows, macOS and Linux.
//!
//! Names come from Scriptix (file names people typed), so they may contain anything: path
//! separators, `..`, characters Windows refuses, reserved device names, invisible bidi or
//! zero-width characters that make one name look like another, two Unicode spellings of
//! the same letter, or be very long. A name here is one path segment, never empty, NFC,
//! at most [`MAX_NAME_CHARS`] characters and [`MAX_NAME_BYTES`] bytes.
//!
//! Why bytes: file systems limit a file name to 255 *bytes* (ext4, APFS, NTFS counts
//! UTF-16 units, which is never more than the UTF-8 bytes), not characters, and 60
//! characters of emoji are 240 bytes. The name of a bulk backup adds the id, a counter,
//! `.zip`, and while it is written the temp affixes (`.<name>.<8 hex>.partial`) or
//! `.replaced`; [`MAX_NAME_BYTES`] leaves room for all of them (see the test
//! `the_longest_file_name_fits_every_file_system`).

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

/// Short enough that `sessions/<name>--<id>/<doc name>/transcript.docx` stays well under
/// the 260-character path limit of older Windows tools even when unpacked deep.
pub const MAX_NAME_CHARS: usize = 60;
/// UTF-8 bytes of a name; with the id slug, a counter and every affix the app adds, a file
/// name stays under the 255-byte limit.
pub const MAX_NAME_BYTES: usize = 120;
const MAX_ID_CHARS: usize = 40;

/// One readable, safe path segment for `name`.
pub fn safe_name(name: &str) -> String {
    // NFC first, so a decomposed "é" (e + U+0301) counts as one character below and the
    // result compares equal to the same name typed on another system.
    let cleaned: String = name
        .nfc()
        .filter(|&c| !is_invisible(c))
        .map(|c| match c {
            '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let truncated = truncate(cleaned.trim(), MAX_NAME_CHARS, MAX_NAME_BYTES);
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

/// At most `chars` characters and `bytes` UTF-8 bytes of `s`, cut on a character boundary.
fn truncate(s: &str, chars: usize, bytes: usize) -> &str {
    let mut end = 0;
    for (count, (i, c)) in s.char_indices().enumerate() {
        if count == chars || i + c.len_utf8() > bytes {
            break;
        }
        end = i + c.len_utf8();
    }
    &s[..end]
}

/// Characters that show nothing but change how a name reads or compares: bidi controls
/// (which can make `exe.txt` display as `txt.exe`), zero-width spaces and joiners, the
/// byte-order mark, invisible operators and tag characters.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
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

/// Names Windows keeps for devices: `CON`, `NUL`, `COM1`, `LPT¹`, `CONIN$`… Any extension
/// does not help (`nul.txt`, `com1.tar.gz` are the device too), and neither do spaces
/// before the dot.
fn is_windows_device_name(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or(name)
        .trim_end()
        .to_uppercase();
    if matches!(
        stem.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) {
        return true;
    }
    let mut chars = stem.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let digit = chars.next();
    (prefix == "COM" || prefix == "LPT")
        && chars.next().is_none()
        && digit.is_some_and(|d| d.is_ascii_digit() || matches!(d, '¹' | '²' | '³'))
}

/// Hands out names that are unique within one folder. Comparison ignores case and Unicode
/// form, because Windows and macOS folders do.
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: HashSet<String>,
}

impl UniqueNames {
    /// `name`, or `name (2)`, `name (3)`… if that is taken already.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(folded(&name)) {
            return name;
        }
        (2u32..)
            .map(|n| format!("{name} ({n})"))
            .find(|candidate| self.taken.insert(folded(candidate)))
            .expect("some numbered name is always free")
    }
}

/// The form two names are compared in: NFC, lower case.
pub fn folded(name: &str) -> String {
    name.nfc().collect::<String>().to_lowercase()
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

    #[test]
    fn every_windows_device_name_is_made_safe_with_any_extension() {
        for device in [
            "CON", "prn", "Aux", "nul", "COM0", "com9", "LPT0", "lpt9", "COM¹", "com²", "LPT³",
            "CONIN$", "conout$",
        ] {
            for name in [
                device.to_string(),
                format!("{device}.txt"),
                format!("{device}.tar.gz"),
                format!("{device} .docx"),
            ] {
                let safe = safe_name(&name);
                assert!(safe.starts_with('_'), "{name} -> {safe}");
            }
        }
        // Only the exact device names: longer words are ordinary names.
        for ordinary in [
            "CONSOLE",
            "COM10",
            "LPT",
            "auxiliary.txt",
            "nullable",
            "CONIN",
        ] {
            assert_eq!(safe_name(ordinary), ordinary);
        }
    }

    #[test]
    fn bidi_and_zero_width_characters_are_removed() {
        // U+202E would show "report\u{202E}xcod.exe" as "reportexe.docx".
        assert_eq!(safe_name("report\u{202E}xcod.exe"), "reportxcod.exe");
        assert_eq!(
            safe_name("a\u{200B}b\u{200C}c\u{200D}d\u{2060}e\u{FEFF}f\u{2066}g\u{2069}"),
            "abcdefg"
        );
        assert_eq!(safe_name("\u{200B}\u{200B}"), "untitled");
        // Looks like "CON" once the zero-width space is gone: still a device name.
        assert_eq!(safe_name("CO\u{200B}N"), "_CON");
    }

    #[test]
    fn names_are_nfc_and_compared_in_one_form() {
        let composed = "Caf\u{00E9}";
        let decomposed = "Cafe\u{0301}";
        assert_eq!(safe_name(decomposed), composed);
        let mut names = UniqueNames::default();
        assert_eq!(names.claim(composed.into()), composed);
        assert_eq!(
            names.claim(decomposed.into()),
            format!("{decomposed} (2)"),
            "the same name in another Unicode form is the same file on macOS"
        );
    }

    #[test]
    fn names_are_capped_in_bytes_on_a_char_boundary() {
        let emoji = "\u{1F600}".repeat(60); // 60 characters, 240 bytes
        let safe = safe_name(&emoji);
        assert!(safe.len() <= MAX_NAME_BYTES, "{} bytes", safe.len());
        assert_eq!(safe.chars().count(), MAX_NAME_BYTES / 4);
        let mixed = format!("a{}", "\u{1F600}".repeat(40));
        let safe = safe_name(&mixed);
        assert!(safe.len() <= MAX_NAME_BYTES && safe.len() > MAX_NAME_BYTES - 4);
    }

    #[test]
    fn the_longest_file_name_fits_every_file_system() {
        // The longest name the app builds: a bulk backup's `<name> [<id>] (<n>).zip`, set
        // aside as `.replaced`, or written under its temp name.
        let name = safe_name(&"\u{10FFFD}".repeat(500));
        let id = id_slug(&"x".repeat(500));
        let file = format!("{name} [{id}] ({}).zip.replaced", u32::MAX);
        let temp = crate::fsutil::temp_path_for(std::path::Path::new(&file));
        let temp = temp.file_name().unwrap().to_str().unwrap();
        for n in [&file, temp] {
            assert!(n.len() <= 255, "{} bytes: {n}", n.len());
        }
    }
}
