//! Typed events Rust sends to the UI (generated into `bindings.ts` like the commands).

use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use tauri_specta::Event;

use crate::ipc_record::record;

/// Sessions of an account are loading (or finished loading).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct LibraryProgress(pub desk_core::library::LoadProgress);

/// A single backup (or backup-then-delete) is under way.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct BackupProgress {
    pub job_id: String,
    pub files_done: u32,
    pub files_total: u32,
    pub bytes: f64,
}

/// Scriptix refused an account's saved sign-in (401): the UI offers to sign in again.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct SignInExpired {
    pub account_id: String,
    pub label: String,
}

/// A bulk job moved on: progress, or one session finished.
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct BulkProgress {
    pub job_id: String,
    pub event: desk_core::bulk::BulkEvent,
}

/// A single action (one backup, one delete, …) is held back by Scriptix's rate limit or
/// an unreachable server (`waiting`), or goes on again (`None`). `action_id` is the id the
/// UI started it under, which `cancel_job` stops.
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct ActionWait {
    pub action_id: String,
    pub waiting: Option<desk_core::bulk::JobWait>,
}

/// Send an event, recording its payload in debug builds (see `ipc_record`).
pub fn send<E: Event + Serialize + Clone>(app: &AppHandle, name: &str, event: E) {
    record(name, &event);
    if let Err(e) = event.emit(app) {
        tracing::warn!("could not send {name} event: {e}");
    }
}
