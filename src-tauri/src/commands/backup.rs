//! Backups and readable exports, saved where the person chooses in the native dialog.

use desk_core::backup::{self, BackupProgress as CoreProgress, BackupView};
use desk_core::deletion::{BackupSummary, DeleteTarget};
use desk_core::{saving, DeskError, DeskResult, Detail};
use scriptix_api::ExportFormat;
use tauri::AppHandle;

use super::guard::watch;
use crate::action;
use crate::dialog::{self, DialogWords, FileKind};
use crate::events::{self, BackupProgress};
use crate::ipc_record::reply;
use crate::state::State;

pub const ZIP: FileKind = FileKind {
    extensions: &["zip"],
};

/// The save dialog for a backup of `session_id`: the UI's words, the account's last
/// backup folder, and a proposed name (the UI's, else the session's name).
pub async fn ask_backup_path(
    app: &AppHandle,
    state: &crate::state::AppState,
    account_id: &str,
    session_id: &str,
    words: &DialogWords,
) -> DeskResult<std::path::PathBuf> {
    let fallback = state
        .library
        .session(account_id, session_id)
        .map(|s| s.filename)
        .unwrap_or_else(|| session_id.to_owned());
    let start_in = state.settings.last_folder(account_id);
    dialog::save_path(
        app,
        words,
        &words.suggested_name(&fallback, "zip"),
        ZIP,
        start_in.as_deref(),
    )
    .await
    .ok_or_else(cancelled_dialog)
}

pub fn cancelled_dialog() -> DeskError {
    DeskError::Cancelled(Detail::NoFileChosen)
}

/// Report a running job's progress to the UI.
pub fn progress_sender(app: &AppHandle, job_id: &str) -> impl Fn(CoreProgress) + Send + Sync {
    let (app, job_id) = (app.clone(), job_id.to_string());
    move |p: CoreProgress| {
        events::send(
            &app,
            "backup_progress",
            BackupProgress {
                job_id: job_id.clone(),
                files_done: p.files_done,
                files_total: p.files_total,
                bytes: p.bytes,
            },
        )
    }
}

/// Back up a session or one document into a `.zip`, verified by reading it back.
#[tauri::command]
#[specta::specta]
pub async fn back_up(
    app: AppHandle,
    state: State<'_>,
    account_id: String,
    target: DeleteTarget,
    include_media: bool,
    words: DialogWords,
    action_id: String,
) -> DeskResult<BackupSummary> {
    // Every early error too (no account, no sign-in, the dialog cancelled) goes through
    // `watch` and the IPC record: the banner must show for a missing sign-in as for a 401.
    let r = async {
        let account = state.account_meta(&account_id).await?;
        let (session_id, only) = target.backup_scope();
        let path = ask_backup_path(&app, &state, &account_id, &session_id, &words).await?;
        let client = state.client(&account_id).await?;
        // Stop (`cancel_job(action_id)`) also ends a wait for Scriptix, which the UI is told of.
        let action = action::start(&app, &state.jobs, &action_id, &client)?;
        let progress = progress_sender(&app, action.id());
        let r = saving::back_up_to(&saving::SaveTarget::chosen(path.clone()), |path| {
            let (client, progress, cancel) = (action.client(), &progress, action.cancel());
            async move {
                backup::back_up_sessions(
                    client,
                    account,
                    &[session_id],
                    only.as_deref(),
                    include_media,
                    &path,
                    progress,
                    cancel,
                )
                .await
            }
        })
        .await
        .map(|v| BackupSummary::from(&v));
        drop(action);
        if r.is_ok() {
            state.note_written(&account_id, &path);
        }
        r
    }
    .await;
    reply("back_up", watch(&app, &state, &account_id, r).await)
}

/// Save one document as a single readable file (Word, text, SubRip or WebVTT).
#[tauri::command]
#[specta::specta]
#[allow(clippy::too_many_arguments)] // the IPC call's named fields, plus Tauri's app and state
pub async fn export_as(
    app: AppHandle,
    state: State<'_>,
    account_id: String,
    session_id: String,
    document_id: String,
    format: ExportFormatChoice,
    words: DialogWords,
    action_id: String,
) -> DeskResult<String> {
    let r = async {
        let choice = format;
        let format: ExportFormat = format.into();
        let name = state
            .library
            .session(&account_id, &session_id)
            .and_then(|s| {
                s.documents?
                    .into_iter()
                    .find(|d| d.id == document_id)
                    .map(|d| d.filename)
            })
            .unwrap_or_else(|| document_id.clone());
        let suggested = words.suggested_name(&name, format.file_extension());
        let kind = FileKind {
            extensions: choice.extensions(),
        };
        let start_in = state.settings.last_folder(&account_id);
        let path = dialog::save_path(&app, &words, &suggested, kind, start_in.as_deref())
            .await
            .ok_or_else(cancelled_dialog)?;
        let client = state.client(&account_id).await?;
        let action = action::start(&app, &state.jobs, &action_id, &client)?;
        let r =
            saving::export_file(action.client(), &session_id, &document_id, format, &path).await;
        drop(action);
        if r.is_ok() {
            state.note_written(&account_id, &path);
        }
        r.map(|_| path.display().to_string())
    }
    .await;
    reply("export_as", watch(&app, &state, &account_id, r).await)
}

/// The readable formats a person can pick for "Export as".
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ExportFormatChoice {
    Docx,
    Txt,
    Srt,
    Vtt,
}

impl ExportFormatChoice {
    fn extensions(self) -> &'static [&'static str] {
        match self {
            ExportFormatChoice::Docx => &["docx"],
            ExportFormatChoice::Txt => &["txt"],
            ExportFormatChoice::Srt => &["srt"],
            ExportFormatChoice::Vtt => &["vtt"],
        }
    }
}

impl From<ExportFormatChoice> for ExportFormat {
    fn from(c: ExportFormatChoice) -> Self {
        match c {
            ExportFormatChoice::Docx => ExportFormat::Docx,
            ExportFormatChoice::Txt => ExportFormat::Txt,
            ExportFormatChoice::Srt => ExportFormat::Srt,
            ExportFormatChoice::Vtt => ExportFormat::Vtt,
        }
    }
}

/// Pick a backup `.zip` and read it offline, checksums verified first.
#[tauri::command]
#[specta::specta]
pub async fn open_backup(app: AppHandle, words: DialogWords) -> DeskResult<BackupView> {
    let path = dialog::open_path(&app, &words, ZIP, None)
        .await
        .ok_or(DeskError::Cancelled(Detail::NoBackupChosen))?;
    read_backup(path).await
}

/// Open a backup this app wrote (from a result panel or the deletion record), checked
/// like any other, without a dialog.
#[tauri::command]
#[specta::specta]
pub async fn open_backup_file(state: State<'_>, path: String) -> DeskResult<BackupView> {
    let path = state.known_file(&path)?;
    read_backup(path).await
}

/// Show the folder holding a file this app wrote, in the system's file manager.
#[tauri::command]
#[specta::specta]
pub async fn show_in_folder(state: State<'_>, path: String) -> DeskResult<()> {
    let r = state
        .known_file(&path)
        .and_then(|path| crate::reveal::reveal(&path));
    reply("show_in_folder", r)
}

async fn read_backup(path: std::path::PathBuf) -> DeskResult<BackupView> {
    let r = super::blocking(move || backup::open_backup(&path)).await;
    reply("open_backup", r)
}

/// Stop a running action (backup, delete, export, mark as finished) by the id the UI
/// started it under; nothing is deleted after this. `false` when none runs under that id.
#[tauri::command]
#[specta::specta]
pub fn cancel_job(state: State<'_>, job_id: String) -> bool {
    state.cancel_job(&job_id)
}
