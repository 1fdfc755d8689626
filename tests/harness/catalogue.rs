//! The UI's own words, read from its message catalogue, so a test written once runs in every
//! language and follows rewording without edits.
//!
//! The catalogue lives in `ui/src/lib/` as TypeScript object literals of `"key": "text"`
//! pairs: either a table named after the language in a shared file (`const en = { … }` in
//! `messages.ts`) or a file named after the language (`nl.ts`). Both layouts are read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::binary::workspace_root;

pub struct Catalogue {
    pub lang: String,
    texts: BTreeMap<String, String>,
}

impl Catalogue {
    /// The table for `lang` ("en", "nl", …). Panics when the UI has none: a language test
    /// must fail loudly, never pass by checking nothing.
    pub fn load(lang: &str) -> Catalogue {
        let root = workspace_root().join("ui/src/lib");
        let mut texts = BTreeMap::new();
        for file in ts_files(&root) {
            let source = std::fs::read_to_string(&file).expect("read a catalogue file");
            let stem = file
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            if stem == lang {
                texts.extend(pairs(&source));
            } else if let Some(table) = named_table(&source, lang) {
                texts.extend(pairs(table));
            }
        }
        assert!(
            texts.len() > 50,
            "the UI has no message table for {lang:?} under {} ({} texts found)",
            root.display(),
            texts.len()
        );
        Catalogue {
            lang: lang.to_string(),
            texts,
        }
    }

    /// The text for `key`, with `{name}` placeholders filled from `params`.
    pub fn t(&self, key: &str, params: &[(&str, &str)]) -> String {
        let mut text = self
            .texts
            .get(key)
            .unwrap_or_else(|| panic!("no {key:?} in the {} catalogue", self.lang))
            .clone();
        for (name, value) in params {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// The text for `key` up to its first placeholder (for "starts with" checks).
    pub fn prefix(&self, key: &str) -> String {
        let text = self.t(key, &[]);
        text.split('{').next().unwrap_or_default().to_string()
    }
}

fn ts_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(ts_files(&path));
        } else if path.extension().is_some_and(|e| e == "ts")
            && !path.to_string_lossy().ends_with(".test.ts")
        {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The body of `const <lang> … = { … }` (up to the `}` that closes it at a line start).
fn named_table<'a>(source: &'a str, lang: &str) -> Option<&'a str> {
    let start = source
        .match_indices(&format!("const {lang}"))
        .map(|(i, _)| i)
        .find(|&i| {
            let after = &source[i + 6 + lang.len()..];
            after.starts_with([' ', ':', '='])
        })?;
    let body = &source[start..];
    let open = body.find('{')?;
    let close = body[open..].find("\n}")?;
    Some(&body[open..open + close])
}

/// Every `"key": "text"` pair (the text may be on the next line), JS escapes undone.
fn pairs(table: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = table;
    while let Some((key, after)) = string_literal(rest) {
        let after_colon = after.trim_start();
        if let Some(value_part) = after_colon.strip_prefix(':') {
            if let Some((value, next)) = string_literal_at(value_part.trim_start()) {
                out.push((key, value));
                rest = next;
                continue;
            }
        }
        rest = after;
    }
    out
}

/// The next string literal in `s` and what follows it.
fn string_literal(s: &str) -> Option<(String, &str)> {
    let i = s.find(['"', '\''])?;
    string_literal_at(&s[i..]).or_else(|| string_literal(&s[i + 1..]))
}

/// The string literal `s` starts with (single or double quotes) and what follows it.
fn string_literal_at(s: &str) -> Option<(String, &str)> {
    let quote = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let mut out = String::new();
    let mut chars = s[1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = (0..4)
                        .filter_map(|_| chars.next().map(|(_, c)| c))
                        .collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => out.push(other),
            },
            '\n' => return None,
            c if c == quote => return Some((out, &s[1 + i + 1..])),
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_named_table_with_wrapped_and_escaped_texts() {
        let source = "const en = {\n  \"a.b\": \"One {x}\",\n  \"c\":\n    \"It\\'s “q” \\\"d\\\"\",\n} as const;\nconst nl = {\n  \"a.b\": \"Een\",\n};\n";
        let table = named_table(source, "en").unwrap();
        let found: BTreeMap<_, _> = pairs(table).into_iter().collect();
        assert_eq!(found["a.b"], "One {x}");
        assert_eq!(found["c"], "It's “q” \"d\"");
        assert_eq!(found.len(), 2, "the nl table is not mixed in: {found:?}");
    }
}
