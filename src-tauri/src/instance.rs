//! The shell's side of "one copy of the app": what the running copy does when a second start
//! is handed to it, and what a second copy that found the data folder in use knows.
//! The rule itself (the data folder's lock) is in `desk_core::instance`.

use std::path::PathBuf;

use desk_core::paths::AppPaths;
use desk_core::settings::{Language, Settings};
use tauri::{AppHandle, Manager, Runtime};

/// A second start reached the running copy (single-instance plugin): bring its window to the
/// front, where the person expects the app they just started. The arguments are only
/// counted in the log; they are whatever the person typed and may name private files.
pub fn second_start<R: Runtime>(app: &AppHandle<R>, args: usize) {
    tracing::info!(
        args,
        "a second start was handed to this copy; showing its window"
    );
    if let Some(window) = app.get_webview_window("main") {
        // Each step can fail on a desktop without a window manager; none of them matters
        // enough to report.
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Managed in a copy that found the data folder in use. It reads the language to say
/// "already open" in, and writes nothing in the app's folders: its webview keeps its
/// storage in a private temporary folder, removed when the copy ends. (An incognito webview
/// would keep nothing at all, but WebKit allows no automation in one, and the end-to-end
/// test drives this copy through WebDriver.)
pub struct SecondCopy {
    pub language: Option<Language>,
    pub webview_dir: PathBuf,
}

impl SecondCopy {
    pub fn new(paths: &AppPaths) -> std::io::Result<SecondCopy> {
        let webview_dir =
            std::env::temp_dir().join(format!("scriptix-desk-second-copy-{}", std::process::id()));
        desk_core::fsutil::create_private_dir_all(&webview_dir)?;
        // Reading settings.json writes nothing (a missing or damaged file reads as defaults).
        Ok(SecondCopy {
            language: Settings::open(&paths.config_dir).language(),
            webview_dir,
        })
    }

    /// Called as the app exits.
    pub fn clean_up(&self) {
        let _ = std::fs::remove_dir_all(&self.webview_dir);
    }
}
