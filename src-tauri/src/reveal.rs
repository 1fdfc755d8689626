//! "Open folder": show the folder of a file the app wrote in the system's file manager.
//!
//! Rust does it (the webview has no shell or opener permission), only for a path the
//! command layer has checked is one of the app's own files (`AppState::known_file`), and
//! it opens the *folder*, never runs the file. Debug builds only: when
//! `SCRIPTIX_DESK_TEST_REVEAL` names a file, the folder is appended to it instead, so
//! end-to-end tests can check the button without a file manager.

use std::path::Path;

use desk_core::{DeskError, DeskResult, Detail};

pub fn reveal(file: &Path) -> DeskResult<()> {
    let folder = file.parent().unwrap_or(Path::new("."));
    #[cfg(debug_assertions)]
    if let Some(log) = std::env::var_os("SCRIPTIX_DESK_TEST_REVEAL") {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)?;
        writeln!(f, "{}", folder.display())?;
        return Ok(());
    }
    desk_core::system_open::open_folder(folder)
        .map(drop)
        .map_err(|e| {
            tracing::warn!(error = %e, "could not open the folder");
            DeskError::Internal(Detail::CannotOpenFolder)
        })
}
