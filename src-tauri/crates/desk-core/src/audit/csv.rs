//! The audit log as a CSV that spreadsheets open safely, in the person's language.
//!
//! RFC 4180: CRLF line ends, a field quoted when it holds a comma, semicolon, quote or line
//! break, quotes doubled. The separator follows the language ([`CsvWords::separator`]): Excel
//! in a Dutch, German or French locale splits columns at `;` (the comma is their decimal
//! mark), in an English one at `,`. The words (header, kinds, outcomes, reasons) come from
//! the UI's catalogue, so Rust holds no sentence; [`CsvWords::default`] is the English
//! wording for callers without a UI (tests, support tools). A UTF-8 byte-order mark comes first because Excel otherwise
//! reads the file in the local code page and garbles non-English names.
//!
//! Names come from Scriptix and anyone who can upload can choose them, so a cell that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, or a tab or carriage
//! return that some programs skip first) gets a leading `'`, which spreadsheets show as text.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::{AuditEntry, AuditKind, AuditOutcome};
use crate::reason::FailureReason;

/// The column separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CsvSeparator {
    #[default]
    Comma,
    Semicolon,
}

impl CsvSeparator {
    pub(crate) fn char(self) -> char {
        match self {
            CsvSeparator::Comma => ',',
            CsvSeparator::Semicolon => ';',
        }
    }
}

/// The words of the deletion record's CSV, in the UI's language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CsvWords {
    pub separator: CsvSeparator,
    /// The 13 column titles, in the order of [`HEADER`].
    pub header: Vec<String>,
    pub session: String,
    pub document: String,
    pub comment: String,
    pub deleted: String,
    pub already_deleted: String,
    /// A delete Scriptix answered "not found": not on Scriptix for this account, with the
    /// words for the reason column (already deleted, or not visible to it).
    pub not_on_scriptix: String,
    pub not_on_scriptix_reason: String,
    pub not_permitted: String,
    pub failed: String,
    /// Each failure reason of the record as the UI words it (the reasons come from
    /// `AuditLog::failure_reasons`). A reason not in this list (recorded after the UI
    /// asked) gets its stable code; a sentence written by an older version is kept as is.
    pub reasons: Vec<WordedReason>,
}

/// A failure reason and its words in the person's language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WordedReason {
    pub reason: FailureReason,
    pub words: String,
}

impl Default for CsvWords {
    fn default() -> Self {
        let s = |text: &str| text.to_owned();
        CsvWords {
            separator: CsvSeparator::Comma,
            header: HEADER.iter().map(|h| s(h)).collect(),
            session: s("Session"),
            document: s("Document"),
            comment: s("Comment"),
            deleted: s("Deleted"),
            already_deleted: s("Already deleted"),
            not_on_scriptix: s("Not on Scriptix for this account"),
            not_on_scriptix_reason: s("already deleted, or not visible to it"),
            not_permitted: s("Not permitted"),
            failed: s("Failed"),
            reasons: Vec::new(),
        }
    }
}

pub(super) const HEADER: [&str; 13] = [
    "At",
    "Account",
    "Organization",
    "Server",
    "Kind",
    "Session ID",
    "Document ID",
    "Comment ID",
    "Name",
    "Outcome",
    "Reason",
    "Backup file",
    "Backup SHA-256",
];

/// Writes the CSV a row at a time, so an export of years of deletes holds one entry in
/// memory, not the whole record.
pub(super) struct CsvWriter<'w, W: Write> {
    out: W,
    words: &'w CsvWords,
    /// The UI's words by the reason's JSON (reasons are compared by their codes).
    worded: HashMap<String, &'w str>,
    row: String,
    pub rows: u32,
}

impl<'w, W: Write> CsvWriter<'w, W> {
    /// Starts the file: byte-order mark and header.
    pub fn new(mut out: W, words: &'w CsvWords) -> io::Result<Self> {
        let sep = words.separator.char();
        let mut head = String::from("\u{feff}");
        let header =
            (0..HEADER.len()).map(|i| words.header.get(i).map_or(HEADER[i], String::as_str));
        push_row_with(&mut head, header, sep);
        out.write_all(head.as_bytes())?;
        let worded = words
            .reasons
            .iter()
            .filter_map(|w| Some((serde_json::to_string(&w.reason).ok()?, w.words.as_str())))
            .collect();
        Ok(CsvWriter {
            out,
            words,
            worded,
            row: String::new(),
            rows: 0,
        })
    }

    pub fn push(&mut self, e: &AuditEntry) -> io::Result<()> {
        let words = self.words;
        let (outcome, reason) = outcome_words(&e.outcome, words, &self.worded);
        self.row.clear();
        push_row_with(
            &mut self.row,
            [
                e.at.as_str(),
                &e.account_label,
                &e.organization,
                &e.server,
                kind_word(e.kind, words),
                &e.session_id,
                e.document_id.as_deref().unwrap_or(""),
                e.comment_id.as_deref().unwrap_or(""),
                &e.name,
                outcome,
                &reason,
                e.backup_path.as_deref().unwrap_or(""),
                e.backup_sha256.as_deref().unwrap_or(""),
            ],
            words.separator.char(),
        );
        self.rows = self.rows.saturating_add(1);
        self.out.write_all(self.row.as_bytes())
    }

    pub fn finish(self) -> io::Result<W> {
        Ok(self.out)
    }
}

fn kind_word(kind: AuditKind, words: &CsvWords) -> &str {
    match kind {
        AuditKind::Session => &words.session,
        AuditKind::Document => &words.document,
        AuditKind::Comment => &words.comment,
    }
}

fn outcome_words<'w>(
    outcome: &AuditOutcome,
    words: &'w CsvWords,
    worded: &HashMap<String, &str>,
) -> (&'w str, String) {
    match outcome {
        AuditOutcome::Deleted => (&words.deleted, String::new()),
        AuditOutcome::AlreadyDeleted => (&words.already_deleted, String::new()),
        AuditOutcome::NotOnScriptix => {
            (&words.not_on_scriptix, words.not_on_scriptix_reason.clone())
        }
        AuditOutcome::NotPermitted => (&words.not_permitted, String::new()),
        AuditOutcome::Failed { reason } => (
            &words.failed,
            match reason {
                FailureReason::Legacy(text) => text.clone(),
                coded => {
                    let code = serde_json::to_string(coded).unwrap_or_default();
                    match worded.get(&code) {
                        Some(text) if !text.is_empty() => (*text).to_owned(),
                        _ => code,
                    }
                }
            },
        ),
    }
}

/// One comma-separated row (the bulk job's `backup-index.csv`).
pub(crate) fn push_row_with<'a>(
    out: &mut String,
    cells: impl IntoIterator<Item = &'a str>,
    sep: char,
) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        push_cell(out, cell);
    }
    out.push_str("\r\n");
}

fn push_cell(out: &mut String, cell: &str) {
    let guarded;
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{cell}");
        guarded.as_str()
    } else {
        cell
    };
    // Both separators are quoted whatever the file uses, so a cell never splits in a
    // spreadsheet that guesses the other one.
    if cell.contains([',', ';', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(s: &str) -> String {
        let mut out = String::new();
        push_cell(&mut out, s);
        out
    }

    #[test]
    fn quotes_only_what_needs_quoting() {
        assert_eq!(cell("plain name"), "plain name");
        assert_eq!(cell("Acme, Inc."), "\"Acme, Inc.\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn formula_starts_become_text() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\t=1"), "'\t=1");
        assert_eq!(cell("a=1"), "a=1");
    }

    #[test]
    fn starts_with_bom_and_header_and_uses_crlf() {
        let words = CsvWords::default();
        let bytes = CsvWriter::new(Vec::new(), &words)
            .unwrap()
            .finish()
            .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("\u{feff}At,Account,Organization,"));
        assert!(text.ends_with("Backup SHA-256\r\n"));
    }
}
