//! Debug builds only: with `SCRIPTIX_DESK_RECORD_IPC=<file>`, every command reply and event
//! payload is appended to that file as one JSON line. The end-to-end suite scans it (with
//! the data folder and logs) to prove no token ever crosses to the webview.

use serde::Serialize;

#[cfg(debug_assertions)]
pub fn record<T: Serialize + ?Sized>(what: &str, payload: &T) {
    use std::io::Write;
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let Some(path) = std::env::var_os("SCRIPTIX_DESK_RECORD_IPC") else {
        return;
    };
    let line = serde_json::json!({ "what": what, "payload": payload });
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(f, "{line}");
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn record<T: Serialize + ?Sized>(_what: &str, _payload: &T) {}

/// Record a command's reply on its way out, and pass it through unchanged.
pub fn reply<T: Serialize>(
    command: &str,
    result: desk_core::DeskResult<T>,
) -> desk_core::DeskResult<T> {
    match &result {
        Ok(v) => record(command, v),
        Err(e) => record(command, e),
    }
    result
}
