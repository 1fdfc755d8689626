//! The local record of every deletion.

use desk_core::audit::{AuditEntry, CsvWords};
use desk_core::DeskResult;
use serde::Serialize;
use tauri::AppHandle;

use crate::dialog::{self, DialogWords, FileKind};
use crate::ipc_record::reply;
use crate::state::State;

#[tauri::command]
#[specta::specta]
pub async fn audit_entries(state: State<'_>) -> DeskResult<Vec<AuditEntry>> {
    reply("audit_entries", state.audit.entries())
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
    let kind = FileKind {
        extensions: &["csv"],
    };
    let suggested = dialog_words.suggested_name("scriptix", "csv");
    let path = dialog::save_path(&app, &dialog_words, &suggested, kind, None)
        .await
        .ok_or_else(crate::commands::backup::cancelled_dialog)?;
    let rows = state.audit.export_csv(&path, &words)?;
    reply(
        "export_audit_csv",
        Ok(CsvExport {
            path: path.display().to_string(),
            rows,
        }),
    )
}
