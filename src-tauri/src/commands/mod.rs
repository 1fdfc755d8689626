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
