//! Native file dialogs, asked for from Rust (the webview has no dialog or fs permission).
//!
//! Debug builds only: end-to-end tests cannot click a GTK dialog through WebDriver, so an
//! environment variable can answer it instead. Everything after the answer stays real.
//! - `SCRIPTIX_DESK_TEST_SAVE_TO`: a folder (the suggested file name is used in it), a full
//!   path ending in the right extension, or `cancel`.
//! - `SCRIPTIX_DESK_TEST_OPEN`: the file an "open" dialog returns, or `cancel`.
//!   Release builds ignore both.

use std::path::PathBuf;

use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

pub struct FileKind {
    pub label: &'static str,
    pub extensions: &'static [&'static str],
}

/// Ask where to save a file. `None` when the person cancelled.
pub async fn save_path(app: &AppHandle, suggested_name: &str, kind: FileKind) -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(answer) = test_answer("SCRIPTIX_DESK_TEST_SAVE_TO") {
        return answer.map(|p| {
            if p.is_dir() {
                p.join(suggested_name)
            } else {
                p
            }
        });
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_file_name(suggested_name)
        .add_filter(kind.label, kind.extensions)
        .save_file(move |path| {
            let _ = tx.send(path.and_then(|p| p.into_path().ok()));
        });
    rx.await.ok().flatten()
}

/// Ask for a folder (bulk backups). `None` when the person cancelled.
pub async fn folder(app: &AppHandle) -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(answer) = test_answer("SCRIPTIX_DESK_TEST_SAVE_TO") {
        return answer;
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().pick_folder(move |path| {
        let _ = tx.send(path.and_then(|p| p.into_path().ok()));
    });
    rx.await.ok().flatten()
}

/// Ask for a file to open. `None` when the person cancelled.
pub async fn open_path(app: &AppHandle, kind: FileKind) -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(answer) = test_answer("SCRIPTIX_DESK_TEST_OPEN") {
        return answer;
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .add_filter(kind.label, kind.extensions)
        .pick_file(move |path| {
            let _ = tx.send(path.and_then(|p| p.into_path().ok()));
        });
    rx.await.ok().flatten()
}

/// `Some(answer)` when the test variable is set: `Some(None)` means "cancelled".
#[cfg(debug_assertions)]
fn test_answer(var: &str) -> Option<Option<PathBuf>> {
    let value = std::env::var_os(var)?;
    if value == "cancel" {
        return Some(None);
    }
    Some(Some(PathBuf::from(value)))
}
