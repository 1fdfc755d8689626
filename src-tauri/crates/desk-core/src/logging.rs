//! The app's log: one plain-text file per day in the log folder, the last week kept.
//!
//! Office staff send this file to support, so it is plain text (no ANSI colours) and it
//! must never hold a token or password: secrets are `scriptix_api::Secret`, whose `Debug`
//! prints `<redacted>`, and nothing here formats anything else.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::filter::{EnvFilter, LevelFilter};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::error::{AppFile, FileAction, IoProblem};
use crate::{DeskError, DeskResult, Detail};

/// Files are named `scriptix-desk.<YYYY-MM-DD>.log`.
pub const LOG_FILE_PREFIX: &str = "scriptix-desk";
pub const LOG_FILE_SUFFIX: &str = "log";
/// About a week of daily files; older ones are deleted when a new day starts.
pub const MAX_LOG_FILES: usize = 7;
/// The standard filter variable (`RUST_LOG=scriptix_api=debug`, …); default `info`.
pub const FILTER_ENV: &str = "RUST_LOG";

/// Starts logging to `log_dir` for the rest of the process, filtered by `RUST_LOG`.
///
/// Keep the returned guard alive until the app exits: dropping it flushes the last lines.
/// A second call fails (the first subscriber stays in place) instead of panicking.
pub fn init(log_dir: &Path) -> DeskResult<WorkerGuard> {
    init_with(log_dir, std::env::var(FILTER_ENV).ok().as_deref())
}

/// [`init`] with the filter passed in (`None` = `info`). Unparsable directives are skipped
/// rather than refusing to start: a typo in a variable must not stop the app.
pub fn init_with(log_dir: &Path, filter: Option<&str>) -> DeskResult<WorkerGuard> {
    // The folder is private (0700), which keeps every log file in it from others whatever
    // mode the appender gives new files; the files already there are made 0600 as well.
    crate::fsutil::create_private_dir_all(log_dir)
        .map_err(|e| DeskError::app_file(AppFile::Log, FileAction::Write, &e))?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(LOG_FILE_PREFIX)
        .filename_suffix(LOG_FILE_SUFFIX)
        .max_log_files(MAX_LOG_FILES)
        .build(log_dir)
        .map_err(|e| {
            tracing::warn!(dir = %log_dir.display(), error = %e, "log file not opened");
            DeskError::Storage(Detail::AppFile {
                file: AppFile::Log,
                action: FileAction::Write,
                io: IoProblem::Other,
            })
        })?;
    make_log_files_private(log_dir);
    // Writes happen on a background thread, so a slow disk never stalls the UI or a
    // request; the guard flushes what is still queued when it is dropped.
    let (writer, guard) = tracing_appender::non_blocking(appender);

    let filter = EnvFilter::builder()
        .with_default_directive(LevelFilter::INFO.into())
        .parse_lossy(filter.unwrap_or_default());
    let file_layer = tracing_subscriber::fmt::layer()
        .with_writer(writer)
        .with_ansi(false)
        .with_target(true);

    tracing_subscriber::registry()
        .with(filter)
        .with(file_layer)
        .try_init()
        .map_err(|_| DeskError::Internal(Detail::LoggingStarted))?;
    Ok(guard)
}

fn make_log_files_private(log_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(log_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_file() {
            let _ = crate::fsutil::make_private(&path);
        }
    }
}
