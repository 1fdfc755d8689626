//! The IPC surface: one module per domain, each command a few lines over `desk-core`.

pub mod accounts;
pub mod app;
pub mod audit;
pub mod backup;
pub mod bulk;
pub mod delete;
mod guard;
pub mod library;
