//! The audit log: one line for every delete the app sends, single or bulk.
//!
//! `data_dir/audit.jsonl`, append-only and synced after every entry (see [`crate::jsonl`]),
//! so "what did the app delete, when, for whom, and where is the backup" can be answered
//! even after a crash. Entries are never rewritten; a spreadsheet copy comes from
//! [`AuditLog::export_csv`].
//!
//! Open it once per app (keep the [`AuditLog`] in app state and clone it): each open handle
//! has its own writer.

pub(crate) mod csv;

pub use csv::{CsvSeparator, CsvWords};

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::{AppFile, DeskError, DeskResult, FileAction};
use crate::fsutil::write_atomic;
use crate::jsonl::{read_jsonl, DurableLog};
use crate::reason::FailureReason;

pub const AUDIT_FILE_NAME: &str = "audit.jsonl";

/// What was deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum AuditKind {
    Session,
    Document,
    Comment,
}

/// How a delete ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AuditOutcome {
    Deleted,
    /// Scriptix said it was already gone; nothing was lost.
    AlreadyDeleted,
    /// Scriptix answered "not found", which the docs say also means "not yours": it is not
    /// on Scriptix for this account (already deleted, or not visible to it). This app
    /// deleted nothing; it may still exist for someone else.
    NotOnScriptix,
    /// Scriptix refused (403): this account may not delete it.
    NotPermitted,
    /// The delete did not go through; `reason` says why, as codes.
    Failed {
        reason: FailureReason,
    },
}

/// One delete, as the audit log keeps it and the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// When the answer came back, RFC 3339 in UTC.
    pub at: String,
    pub account_label: String,
    pub organization: String,
    /// The account's API base URL.
    pub server: String,
    pub kind: AuditKind,
    pub session_id: String,
    pub document_id: Option<String>,
    pub comment_id: Option<String>,
    /// The session's or document's name as shown to the person (a comment's first words).
    pub name: String,
    pub outcome: AuditOutcome,
    /// The verified backup this delete relied on, if any.
    pub backup_path: Option<String>,
    pub backup_sha256: Option<String>,
}

/// The current time as RFC 3339 (UTC), the format of [`AuditEntry::at`].
pub fn timestamp_now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .expect("formatting the current UTC time as RFC 3339 cannot fail")
}

/// The app's audit log. Cheap to clone; clones share one writer.
#[derive(Debug, Clone)]
pub struct AuditLog {
    log: Arc<DurableLog>,
}

impl AuditLog {
    /// Open `data_dir/audit.jsonl`, creating the folder and file when missing.
    pub fn open(data_dir: &Path) -> DeskResult<Self> {
        crate::fsutil::create_private_dir_all(data_dir).map_err(storage_error)?;
        let log =
            DurableLog::open_append(&data_dir.join(AUDIT_FILE_NAME)).map_err(storage_error)?;
        Ok(AuditLog { log: Arc::new(log) })
    }

    pub fn path(&self) -> &Path {
        self.log.path()
    }

    /// Append one entry; returns once it is on disk.
    pub async fn record(&self, entry: &AuditEntry) -> DeskResult<()> {
        self.log.append(entry).await.map_err(storage_error)
    }

    /// Every entry, oldest first.
    pub fn entries(&self) -> DeskResult<Vec<AuditEntry>> {
        let read = read_jsonl::<AuditEntry>(self.path()).map_err(storage_error)?;
        if read.damaged_lines > 0 {
            // The trail is still worth showing; the damaged lines stay in the file untouched.
            tracing::warn!(
                damaged = read.damaged_lines,
                "audit log has unreadable lines"
            );
        }
        Ok(read.records)
    }

    /// Write every entry to `path` as a spreadsheet-safe CSV, atomically. Returns the number
    /// of rows written (without the header).
    pub fn export_csv(&self, path: &Path, words: &CsvWords) -> DeskResult<u32> {
        let entries = self.entries()?;
        write_atomic(path, csv::render(&entries, words).as_bytes()).map_err(storage_error)?;
        Ok(u32::try_from(entries.len()).unwrap_or(u32::MAX))
    }
}

fn storage_error(e: std::io::Error) -> DeskError {
    DeskError::app_file(AppFile::DeletionRecord, FileAction::Write, &e)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn entry(name: &str, outcome: AuditOutcome) -> AuditEntry {
        AuditEntry {
            at: timestamp_now(),
            account_label: "Office".into(),
            organization: "Acme, \"Legal\"".into(),
            server: "http://127.0.0.1:1".into(),
            kind: AuditKind::Session,
            session_id: "sess_1".into(),
            document_id: None,
            comment_id: None,
            name: name.into(),
            outcome,
            backup_path: Some("/backups/a.zip".into()),
            backup_sha256: Some("ab".repeat(32)),
        }
    }

    #[tokio::test]
    async fn entries_survive_reopening_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::open(dir.path()).unwrap();
        log.record(&entry("one", AuditOutcome::Deleted))
            .await
            .unwrap();
        log.record(&entry(
            "two",
            AuditOutcome::Failed {
                reason: FailureReason::new(crate::reason::FailedStep::NotDeleted, None),
            },
        ))
        .await
        .unwrap();
        drop(log);
        let names: Vec<String> = AuditLog::open(dir.path())
            .unwrap()
            .entries()
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["one", "two"]);
    }

    #[test]
    fn entry_serializes_camel_case_for_the_ui() {
        let json = serde_json::to_value(entry("x", AuditOutcome::NotPermitted)).unwrap();
        assert_eq!(json["accountLabel"], "Office");
        assert_eq!(json["kind"], "session");
        assert_eq!(json["outcome"]["kind"], "notPermitted");
        assert!(json["documentId"].is_null());
    }
}
