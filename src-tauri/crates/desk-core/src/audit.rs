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
mod page;

pub use csv::{CsvSeparator, CsvWords, WordedReason};

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::error::Detail;
use crate::error::{AppFile, DeskError, DeskResult, FileAction};
use crate::jsonl::{for_each_record, DurableLog, Writers};
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

/// The most entries one page of the deletion record holds.
pub const MAX_PAGE: u32 = 200;

/// The most distinct failure reasons [`AuditLog::failure_reasons`] returns (the UI words
/// each; a few dozen is the most any real record holds).
pub const MAX_REASONS: usize = 1_000;

/// One page of the deletion record, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass back as `before` for the next, older page; `None` when this page reached the
    /// first entry. Opaque to the UI.
    pub older: Option<String>,
}

/// The app's audit log. Cheap to clone; clones share one writer.
#[derive(Debug, Clone)]
pub struct AuditLog {
    log: Arc<DurableLog>,
    backups: Arc<Mutex<BackupPaths>>,
}

/// The backup files the record names, for "is this a file the app wrote?". The file part
/// is read once, on the first question; what this app records later is added as it goes.
#[derive(Debug, Default)]
struct BackupPaths {
    from_file: Option<HashSet<String>>,
    recorded: HashSet<String>,
}

impl AuditLog {
    /// Open `data_dir/audit.jsonl`, creating the folder and file when missing.
    pub fn open(data_dir: &Path) -> DeskResult<Self> {
        crate::fsutil::create_private_dir_all(data_dir).map_err(storage_error)?;
        // Shared: every copy of the app records its own deletes here.
        let log = DurableLog::open_append(&data_dir.join(AUDIT_FILE_NAME), Writers::Shared)
            .map_err(storage_error)?;
        Ok(AuditLog {
            log: Arc::new(log),
            backups: Arc::default(),
        })
    }

    pub fn path(&self) -> &Path {
        self.log.path()
    }

    /// Append one entry; returns once it is on disk.
    pub async fn record(&self, entry: &AuditEntry) -> DeskResult<()> {
        self.log.append(entry).await.map_err(storage_error)?;
        if let Some(path) = &entry.backup_path {
            self.backup_paths().recorded.insert(path.clone());
        }
        Ok(())
    }

    /// Up to `limit` entries (at most [`MAX_PAGE`]) recorded before `before` (a page's
    /// `older`; `None` for the newest), newest first. Reads from the end of the file, a
    /// bounded chunk at a time, so it costs the same with ten entries or a million.
    pub fn page(&self, before: Option<&str>, limit: u32) -> DeskResult<AuditPage> {
        let before = match before {
            None => None,
            Some(c) => Some(c.parse::<u64>().map_err(|_| bad_cursor())?),
        };
        let limit = limit.clamp(1, MAX_PAGE) as usize;
        let page =
            page::read_page::<AuditEntry>(self.path(), before, limit).map_err(|e| {
                match e.kind() {
                    std::io::ErrorKind::InvalidInput => bad_cursor(),
                    _ => storage_error(e),
                }
            })?;
        warn_damaged(page.damaged);
        Ok(AuditPage {
            entries: page.records,
            older: page.older.map(|o| o.to_string()),
        })
    }

    /// Every entry, oldest first. Holds the whole record in memory: for tests and tools;
    /// the app pages ([`AuditLog::page`]) or streams ([`AuditLog::export_csv`]).
    pub fn entries(&self) -> DeskResult<Vec<AuditEntry>> {
        let mut entries = Vec::new();
        self.each(|e| entries.push(e))?;
        Ok(entries)
    }

    /// Every entry, oldest first, one at a time.
    fn each(&self, each: impl FnMut(AuditEntry)) -> DeskResult<()> {
        let damaged = for_each_record(self.path(), each).map_err(storage_error)?;
        warn_damaged(damaged);
        Ok(())
    }

    /// Whether an entry names `path` as its backup. The record is read once per app run
    /// (streamed); later questions are answered from memory.
    pub fn names_backup(&self, path: &str) -> DeskResult<bool> {
        if self.backup_paths().from_file.is_none() {
            // Read without holding the lock, so `record` never waits on the read; what
            // this app records meanwhile is in `recorded` either way.
            /// Only the field wanted: parsing whole entries made this several times slower.
            #[derive(Deserialize)]
            struct Backup {
                #[serde(rename = "backupPath")]
                backup_path: Option<String>,
            }
            let mut found = HashSet::new();
            let damaged = for_each_record(self.path(), |e: Backup| {
                if let Some(p) = e.backup_path {
                    found.insert(p);
                }
            })
            .map_err(storage_error)?;
            warn_damaged(damaged);
            self.backup_paths().from_file.get_or_insert(found);
        }
        let paths = self.backup_paths();
        Ok(paths.recorded.contains(path)
            || paths.from_file.as_ref().is_some_and(|f| f.contains(path)))
    }

    /// The distinct failure reasons in the record (coded ones: an older version's sentence
    /// needs no words), at most [`MAX_REASONS`], for the UI to word in the CSV.
    pub fn failure_reasons(&self) -> DeskResult<Vec<FailureReason>> {
        let mut seen = HashSet::new();
        let mut reasons = Vec::new();
        self.each(|e| {
            if let AuditOutcome::Failed { reason } = e.outcome {
                if matches!(reason, FailureReason::Coded(_)) && reasons.len() < MAX_REASONS {
                    if let Ok(code) = serde_json::to_string(&reason) {
                        if seen.insert(code) {
                            reasons.push(reason);
                        }
                    }
                }
            }
        })?;
        Ok(reasons)
    }

    /// Write every entry to `path` as a spreadsheet-safe CSV, atomically, streaming from
    /// the record (one entry in memory at a time). Returns the number of rows written
    /// (without the header).
    pub fn export_csv(&self, path: &Path, words: &CsvWords) -> DeskResult<u32> {
        use std::io::Write;
        let tmp = crate::fsutil::temp_path_for(path);
        let result = (|| -> DeskResult<u32> {
            let file = crate::fsutil::create_new_private(&tmp).map_err(storage_error)?;
            let mut out =
                csv::CsvWriter::new(std::io::BufWriter::new(file), words).map_err(storage_error)?;
            let mut failed = Ok(());
            self.each(|e| {
                if failed.is_ok() {
                    failed = out.push(&e);
                }
            })?;
            failed.map_err(storage_error)?;
            let rows = out.rows;
            let file = out
                .finish()
                .and_then(|mut w| w.flush().map(|()| w))
                .map_err(storage_error)?
                .into_inner()
                .map_err(|e| storage_error(e.into_error()))?;
            file.sync_all().map_err(storage_error)?;
            drop(file);
            std::fs::rename(&tmp, path).map_err(storage_error)?;
            crate::fsutil::sync_dir(path.parent().unwrap_or(Path::new(".")))
                .map_err(storage_error)?;
            Ok(rows)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    fn backup_paths(&self) -> std::sync::MutexGuard<'_, BackupPaths> {
        self.backups.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn warn_damaged(damaged: u32) {
    if damaged > 0 {
        // The trail is still worth showing; the damaged lines stay in the file untouched.
        tracing::warn!(damaged, "audit log has unreadable lines");
    }
}

fn bad_cursor() -> DeskError {
    DeskError::InvalidInput(Detail::Bug {
        what: "deletion record page cursor".into(),
    })
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
