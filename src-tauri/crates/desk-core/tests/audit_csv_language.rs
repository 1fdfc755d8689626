//! The deletion record's spreadsheet in the person's language, read back the way Excel in a
//! Dutch locale reads it: split at `;`, quotes honoured, the byte-order mark first. And the
//! record written by older versions, with English sentences as reasons, still loads.

use desk_core::audit::{
    AuditEntry, AuditKind, AuditLog, AuditOutcome, CsvSeparator, CsvWords, WordedReason,
};
use desk_core::reason::{FailedStep, FailureReason};
use desk_core::{DeskError, Detail};

fn dutch_words(reasons: Vec<WordedReason>) -> CsvWords {
    let s = |t: &str| t.to_owned();
    CsvWords {
        separator: CsvSeparator::Semicolon,
        header: [
            "Wanneer (UTC)",
            "Account",
            "Organisatie",
            "Scriptix-adres",
            "Wat",
            "Opnamenummer",
            "Documentnummer",
            "Opmerkingnummer",
            "Naam",
            "Resultaat",
            "Waarom",
            "Back-upbestand",
            "Vingerafdruk back-up (SHA-256)",
        ]
        .map(s)
        .to_vec(),
        session: s("Opname"),
        document: s("Document"),
        comment: s("Opmerking"),
        deleted: s("Verwijderd"),
        already_deleted: s("Was al verwijderd"),
        not_on_scriptix: s("Niet in Scriptix voor dit account"),
        not_on_scriptix_reason: s("al verwijderd, of niet zichtbaar voor dit account"),
        not_permitted: s("Niet toegestaan"),
        failed: s("Niet gelukt"),
        reasons,
    }
}

fn entry(name: &str, organization: &str, outcome: AuditOutcome) -> AuditEntry {
    AuditEntry {
        at: "2026-12-02T10:00:00Z".into(),
        account_label: "Gemeente; afdeling Burgerzaken".into(),
        organization: organization.into(),
        server: "https://api.scriptix.io".into(),
        kind: AuditKind::Session,
        session_id: "s1".into(),
        document_id: None,
        comment_id: None,
        name: name.into(),
        outcome,
        backup_path: Some("/home/anna/Back-ups/Raadsvergadering; deel 1.zip".into()),
        backup_sha256: Some("ab".repeat(32)),
    }
}

/// RFC 4180 reading with a chosen separator, as a spreadsheet does.
fn parse(text: &str, sep: char) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, c) if c == sep => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(field.is_empty() && row.is_empty(), "ends with a line break");
    rows
}

#[tokio::test]
async fn the_dutch_csv_opens_in_columns_with_semicolons_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::open(dir.path()).unwrap();
    log.record(&entry(
        "Raadsvergadering 2 december",
        "Gemeente, Utrecht",
        AuditOutcome::Deleted,
    ))
    .await
    .unwrap();
    let reason = FailureReason::new(
        FailedStep::NotDeleted,
        Some(DeskError::Server(Detail::ServerProblem)),
    );
    let failed = AuditOutcome::Failed {
        reason: reason.clone(),
    };
    log.record(&entry("=1+1; -2", "Acme", failed))
        .await
        .unwrap();

    // The UI words each distinct reason the record holds.
    assert_eq!(log.failure_reasons().unwrap(), vec![reason.clone()]);
    let words =
        "Er is een back-up gemaakt, maar het is niet verwijderd; probeer het later opnieuw.";
    let reasons = vec![WordedReason {
        reason,
        words: words.into(),
    }];
    let path = dir.path().join("verwijderlogboek.csv");
    assert_eq!(log.export_csv(&path, &dutch_words(reasons)).unwrap(), 2);
    let text = std::fs::read_to_string(&path).unwrap();

    assert!(text.starts_with('\u{feff}'), "a BOM so Excel reads UTF-8");
    let text = &text['\u{feff}'.len_utf8()..];
    assert!(text.starts_with("Wanneer (UTC);Account;"), "{text}");
    let rows = parse(text, ';');
    assert_eq!(rows.len(), 3, "{rows:?}");
    for row in &rows {
        assert_eq!(row.len(), 13, "every row in 13 columns: {row:?}");
    }
    assert_eq!(rows[0][10], "Waarom");
    assert_eq!(rows[1][4], "Opname");
    assert_eq!(rows[1][9], "Verwijderd");
    // Cells holding the separator (or a comma) stay one cell.
    assert_eq!(rows[1][1], "Gemeente; afdeling Burgerzaken");
    assert_eq!(rows[1][2], "Gemeente, Utrecht");
    assert_eq!(
        rows[1][11],
        "/home/anna/Back-ups/Raadsvergadering; deel 1.zip"
    );
    // A formula start is shown as text, and its `;` does not split it.
    assert_eq!(rows[2][8], "'=1+1; -2");
    assert_eq!(rows[2][9], "Niet gelukt");
    assert_eq!(rows[2][10], words);
}

#[tokio::test]
async fn english_stays_comma_separated() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::open(dir.path()).unwrap();
    log.record(&entry(
        "Board; meeting",
        "Acme",
        AuditOutcome::AlreadyDeleted,
    ))
    .await
    .unwrap();
    let path = dir.path().join("record.csv");
    log.export_csv(&path, &CsvWords::default()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let rows = parse(text.trim_start_matches('\u{feff}'), ',');
    assert_eq!(rows[0][0], "At");
    assert_eq!(rows[1][8], "Board; meeting");
    assert_eq!(rows[1][9], "Already deleted");
}

#[tokio::test]
async fn a_record_written_with_english_reasons_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    // A line as version 0.1 wrote it: the reason an English sentence.
    let old = r#"{"at":"2026-11-01T09:00:00Z","accountLabel":"Office","organization":"Acme","server":"https://api.scriptix.io","kind":"session","sessionId":"s9","documentId":null,"commentId":null,"name":"Old meeting","outcome":{"kind":"failed","reason":"It was backed up but not deleted. Scriptix had a problem of its own."},"backupPath":null,"backupSha256":null}"#;
    std::fs::write(dir.path().join("audit.jsonl"), format!("{old}\n")).unwrap();
    let log = AuditLog::open(dir.path()).unwrap();
    let entries = log.entries().unwrap();
    assert_eq!(
        entries.len(),
        1,
        "the old line is read, not skipped as damaged"
    );
    assert_eq!(
        entries[0].outcome,
        AuditOutcome::Failed {
            reason: FailureReason::Legacy(
                "It was backed up but not deleted. Scriptix had a problem of its own.".into()
            )
        }
    );
    // Its sentence goes into the spreadsheet as it was written.
    let path = dir.path().join("old.csv");
    log.export_csv(&path, &CsvWords::default()).unwrap();
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("It was backed up but not deleted."));
}
