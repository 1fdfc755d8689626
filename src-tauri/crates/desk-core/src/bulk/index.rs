//! `backup-index.csv` and `backup-index.json`: every backup of a job with its SHA-256, so
//! someone can find a session's backup and check the file was not changed since.
//!
//! Written atomically whenever a run ends (also after a resume), from the journal's state,
//! so it always lists exactly the backups the job vouches for. The JSON also says whether
//! that is everything the job was for (`complete`): for "back up the whole account", an
//! index of what Scriptix happened to list must not pass for the whole account.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::audit::csv::push_row_with;
use crate::audit::CsvSeparator;
use crate::bulk::account::all_saved;
use crate::error::{AppFile, DeskError, DeskResult, FileAction};
use crate::fsutil::write_atomic;
use crate::journal::JobState;

/// The words of `backup-index.csv` in the person's language, given by the UI when the job is
/// planned and kept in its journal, so a resumed job writes the same words. Spreadsheets in a
/// Dutch, German or French locale split columns at `;`, so the separator comes with them. The
/// JSON index keeps its stable English keys: it is for programs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct IndexWords {
    pub separator: CsvSeparator,
    /// The column titles, in the order of [`INDEX_HEADER`]; a missing one is the English.
    pub header: Vec<String>,
}

/// The CSV's columns, in English (journals from before [`IndexWords`], and tests).
pub const INDEX_HEADER: [&str; 6] = [
    "File",
    "Session ID",
    "Name",
    "Documents",
    "Bytes",
    "SHA-256",
];

/// `backup-index.json`.
#[derive(Debug, Serialize)]
struct IndexFile<'a> {
    /// The job was "back up the whole account".
    whole_account: bool,
    /// Every session the job was for has a verified backup listed here (or is no longer on
    /// Scriptix); for the whole account, also: Scriptix listed every session it has.
    complete: bool,
    /// Whole account only: sessions Scriptix counted but did not list (0 when it listed
    /// them all; `null` when it gave no count, or for picked sessions).
    sessions_not_listed: Option<u32>,
    backups: Vec<IndexEntry<'a>>,
}

#[derive(Debug, Serialize)]
struct IndexEntry<'a> {
    file: &'a str,
    session_id: &'a str,
    name: &'a str,
    documents: usize,
    bytes: u64,
    sha256: &'a str,
}

/// Write both index files into the plan's folder; returns the CSV's path.
pub(crate) fn write_index(state: &JobState) -> DeskResult<PathBuf> {
    let entries: Vec<IndexEntry<'_>> = state
        .plan
        .items
        .iter()
        .zip(&state.items)
        .filter_map(|(item, st)| {
            let backup = st.backup.as_ref()?;
            Some(IndexEntry {
                file: &item.file_name,
                session_id: &item.session_id,
                name: &item.name,
                documents: item.document_ids.len(),
                bytes: backup.bytes,
                sha256: &backup.sha256,
            })
        })
        .collect();

    let words = &state.plan.index_words;
    let sep = words.separator.char();
    let mut csv = String::from("\u{feff}");
    let header = (0..INDEX_HEADER.len()).map(|i| {
        let title = words.header.get(i).map(|h| h.trim());
        title.filter(|h| !h.is_empty()).unwrap_or(INDEX_HEADER[i])
    });
    push_row_with(&mut csv, header, sep);
    for e in &entries {
        let (documents, bytes) = (e.documents.to_string(), e.bytes.to_string());
        push_row_with(
            &mut csv,
            [e.file, e.session_id, e.name, &documents, &bytes, e.sha256],
            sep,
        );
    }
    let listing = state.plan.whole_account;
    let file = IndexFile {
        whole_account: listing.is_some(),
        complete: listing.is_none_or(|l| l.complete) && all_saved(state),
        sessions_not_listed: listing.and_then(|l| l.not_listed),
        backups: entries,
    };
    let json = serde_json::to_vec_pretty(&file).map_err(|e| DeskError::bug(e.to_string()))?;

    // This job's own index (numbered when an earlier job's index is in the folder): a resume
    // rewrites it, another job never does.
    let io = |e: std::io::Error| DeskError::app_file(AppFile::BackupIndex, FileAction::Write, &e);
    write_atomic(&state.plan.index_json_path(), &json).map_err(io)?;
    let csv_path = state.plan.index_csv_path();
    write_atomic(&csv_path, csv.as_bytes()).map_err(io)?;
    Ok(csv_path)
}
