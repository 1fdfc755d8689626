//! Scriptix Desk's Tauri-free core. One module per domain; `src-tauri` only adapts these
//! to commands.

pub mod error;
pub mod fsutil;

pub use error::{DeskError, DeskResult};
