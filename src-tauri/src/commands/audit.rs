//! The local record of every deletion.

use desk_core::audit::AuditEntry;
use desk_core::{DeskError, DeskResult};
use serde::Serialize;
use tauri::AppHandle;

use crate::dialog::{self, FileKind};
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
pub async fn export_audit_csv(app: AppHandle, state: State<'_>) -> DeskResult<CsvExport> {
    let kind = FileKind {
        label: "Spreadsheet (.csv)",
        extensions: &["csv"],
    };
    let path = dialog::save_path(&app, "Scriptix deletion record.csv", kind)
        .await
        .ok_or_else(|| DeskError::Cancelled("No file was chosen, so nothing was saved.".into()))?;
    let rows = state.audit.export_csv(&path)?;
    reply(
        "export_audit_csv",
        Ok(CsvExport {
            path: path.display().to_string(),
            rows,
        }),
    )
}
