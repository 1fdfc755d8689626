//! The audit log as a CSV that spreadsheets open safely.
//!
//! RFC 4180: comma separated, CRLF line ends, a field quoted when it holds a comma, quote or
//! line break, quotes doubled. A UTF-8 byte-order mark comes first because Excel otherwise
//! reads the file in the local code page and garbles non-English names.
//!
//! Names come from Scriptix and anyone who can upload can choose them, so a cell that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, or a tab or carriage
//! return that some programs skip first) gets a leading `'`, which spreadsheets show as text.

use super::{AuditEntry, AuditKind, AuditOutcome};

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

pub(super) fn render(entries: &[AuditEntry]) -> String {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, HEADER.iter().copied());
    for e in entries {
        let (outcome, reason) = outcome_words(&e.outcome);
        push_row(
            &mut out,
            [
                e.at.as_str(),
                &e.account_label,
                &e.organization,
                &e.server,
                kind_word(e.kind),
                &e.session_id,
                e.document_id.as_deref().unwrap_or(""),
                e.comment_id.as_deref().unwrap_or(""),
                &e.name,
                outcome,
                reason,
                e.backup_path.as_deref().unwrap_or(""),
                e.backup_sha256.as_deref().unwrap_or(""),
            ],
        );
    }
    out
}

fn kind_word(kind: AuditKind) -> &'static str {
    match kind {
        AuditKind::Session => "Session",
        AuditKind::Document => "Document",
        AuditKind::Comment => "Comment",
    }
}

fn outcome_words(outcome: &AuditOutcome) -> (&'static str, &str) {
    match outcome {
        AuditOutcome::Deleted => ("Deleted", ""),
        AuditOutcome::AlreadyDeleted => ("Already deleted", ""),
        AuditOutcome::NotOnScriptix => (
            "Not on Scriptix for this account",
            "already deleted, or not visible to it",
        ),
        AuditOutcome::NotPermitted => ("Not permitted", ""),
        AuditOutcome::Failed { reason } => ("Failed", reason),
    }
}

pub(crate) fn push_row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
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
    if cell.contains([',', '"', '\r', '\n']) {
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
        let text = render(&[]);
        assert!(text.starts_with("\u{feff}At,Account,Organization,"));
        assert!(text.ends_with("Backup SHA-256\r\n"));
    }
}
