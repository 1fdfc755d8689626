//! The IPC surface: one module per domain, each command a few lines over `desk-core`.

pub mod app;
