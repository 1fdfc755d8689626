//! Native file dialogs, asked for from Rust (the webview has no dialog or fs permission).
//!
//! Debug builds only: end-to-end tests cannot click a GTK dialog through WebDriver, so an
//! environment variable can answer it instead. Everything after the answer stays real.
//! - `SCRIPTIX_DESK_TEST_SAVE_TO`: a folder (the suggested file name is used in it), a full
//!   path ending in the right extension, or `cancel`.
//! - `SCRIPTIX_DESK_TEST_OPEN`: the file an "open" dialog returns, or `cancel`.
//!   Release builds ignore both.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use tauri::AppHandle;
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

/// What a native dialog says, in the UI's language: the UI sends its own words, so Rust
/// holds none. Sent with every command that opens a dialog.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DialogWords {
    /// The dialog's title ("Where should the backup go?").
    pub title: String,
    /// The file type's name in the filter list ("Backup", "Spreadsheet").
    pub filter: String,
    /// The proposed file name without its extension (save dialogs only). Made safe for
    /// the file system here; the extension is the command's.
    pub file_name: Option<String>,
}

pub struct FileKind {
    pub extensions: &'static [&'static str],
}

impl DialogWords {
    /// The proposed file name: the UI's (made safe) or `fallback`, with `extension`.
    pub fn suggested_name(&self, fallback: &str, extension: &str) -> String {
        let stem = self
            .file_name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(fallback);
        format!("{}.{extension}", desk_core::backup::safe_name(stem))
    }

    fn apply<R: tauri::Runtime>(
        &self,
        mut builder: FileDialogBuilder<R>,
        kind: &FileKind,
        start_in: Option<&Path>,
    ) -> FileDialogBuilder<R> {
        if !self.title.trim().is_empty() {
            builder = builder.set_title(self.title.trim());
        }
        if !kind.extensions.is_empty() {
            let label = match self.filter.trim() {
                "" => kind.extensions.join(", "),
                words => format!("{words} (.{})", kind.extensions.join(", .")),
            };
            builder = builder.add_filter(label, kind.extensions);
        }
        if let Some(dir) = start_in.filter(|d| d.is_dir()) {
            builder = builder.set_directory(dir);
        }
        builder
    }
}

/// Ask where to save a file. `None` when the person cancelled.
pub async fn save_path(
    app: &AppHandle,
    words: &DialogWords,
    suggested_name: &str,
    kind: FileKind,
    start_in: Option<&Path>,
) -> Option<PathBuf> {
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
    words
        .apply(app.dialog().file(), &kind, start_in)
        .set_file_name(suggested_name)
        .save_file(move |path| {
            let _ = tx.send(path.and_then(|p| p.into_path().ok()));
        });
    rx.await.ok().flatten()
}

/// Ask for a folder (bulk backups). `None` when the person cancelled.
pub async fn folder(
    app: &AppHandle,
    words: &DialogWords,
    start_in: Option<&Path>,
) -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(answer) = test_answer("SCRIPTIX_DESK_TEST_SAVE_TO") {
        return answer;
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    let none = FileKind { extensions: &[] };
    words
        .apply(app.dialog().file(), &none, start_in)
        .pick_folder(move |path| {
            let _ = tx.send(path.and_then(|p| p.into_path().ok()));
        });
    rx.await.ok().flatten()
}

/// Ask for a file to open. `None` when the person cancelled.
pub async fn open_path(
    app: &AppHandle,
    words: &DialogWords,
    kind: FileKind,
    start_in: Option<&Path>,
) -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(answer) = test_answer("SCRIPTIX_DESK_TEST_OPEN") {
        return answer;
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    words
        .apply(app.dialog().file(), &kind, start_in)
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
