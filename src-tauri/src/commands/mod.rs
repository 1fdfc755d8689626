//! The IPC surface: one module per domain, each command a few lines over `desk-core`.
//!
//! Tauri runs a plain `fn` command on the main thread, where it holds up the window while
//! it works; so only commands that touch a few bytes of memory are plain `fn`s, and any that
//! reads files or walks the whole library is `async`.

pub mod accounts;
pub mod app;
pub mod audit;
pub mod backup;
pub mod bulk;
pub mod delete;
mod guard;
pub mod library;

/// Run file work that blocks (reads and fsyncs of the app's records) on tokio's blocking
/// pool, off the threads that serve IPC and the network.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> desk_core::DeskResult<T> + Send + 'static,
) -> desk_core::DeskResult<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|_| desk_core::DeskError::Internal(desk_core::Detail::TaskStopped))?
}
