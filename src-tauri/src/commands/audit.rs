//! The local record of every deletion.

use desk_core::audit::{AuditPage, CsvWords};
use desk_core::reason::FailureReason;
use desk_core::DeskResult;
use serde::Serialize;
use tauri::AppHandle;

use super::blocking;
use crate::dialog::{self, DialogWords, FileKind};
use crate::ipc_record::reply;
use crate::state::State;

/// One page of the deletion record, newest first: `before` is the previous page's
/// `older` (none for the newest entries), `limit` at most 200.
#[tauri::command]
#[specta::specta]
pub async fn audit_entries(
    state: State<'_>,
    before: Option<String>,
    limit: u32,
) -> DeskResult<AuditPage> {
    let audit = state.audit.clone();
    let r = blocking(move || audit.page(before.as_deref(), limit)).await;
    reply("audit_entries", r)
}

/// The distinct failure reasons in the deletion record, for the UI to word in the CSV.
#[tauri::command]
#[specta::specta]
pub async fn audit_reasons(state: State<'_>) -> DeskResult<Vec<FailureReason>> {
    let audit = state.audit.clone();
    let r = blocking(move || audit.failure_reasons()).await;
    reply("audit_reasons", r)
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CsvExport {
    pub path: String,
    pub rows: u32,
}

/// Save the deletion record as a CSV file where the person chooses.
#[tauri::command]
#[specta::specta]
pub async fn export_audit_csv(
    app: AppHandle,
    state: State<'_>,
    dialog_words: DialogWords,
    words: CsvWords,
) -> DeskResult<CsvExport> {
    let r = async {
        let kind = FileKind {
            extensions: &["csv"],
        };
        let suggested = dialog_words.suggested_name("scriptix", "csv");
        let path = dialog::save_path(&app, &dialog_words, &suggested, kind, None)
            .await
            .ok_or_else(crate::commands::backup::cancelled_dialog)?;
        // Streams the whole record into the file: a blocking thread's work.
        let (audit, to) = (state.audit.clone(), path.clone());
        let rows = blocking(move || audit.export_csv(&to, &words)).await?;
        Ok(CsvExport {
            path: path.display().to_string(),
            rows,
        })
    }
    .await;
    reply("export_audit_csv", r)
}
