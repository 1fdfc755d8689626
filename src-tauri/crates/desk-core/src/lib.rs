//! Scriptix Desk's Tauri-free core. One module per domain; `src-tauri` only adapts these
//! to commands.

pub mod accounts;
pub mod audit;
pub mod backup;
pub mod bulk;
pub mod cancel;
pub mod delete_item;
pub mod deletion;
pub mod deletion_record;
pub mod error;
pub mod fsutil;
pub mod instance;
pub mod journal;
mod jsonl;
pub mod library;
pub mod logging;
pub mod paths;
pub mod permissions;
pub mod reason;
pub mod saving;
pub mod secrets;
pub mod settings;
pub mod support;
pub mod system_open;
pub mod waiting;

pub use error::{DeskError, DeskResult, Detail};
