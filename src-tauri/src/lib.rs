//! Scriptix Desk, the Tauri shell: wires `desk-core` to typed commands and the window.
//! No business logic lives here; see `src-tauri/crates/desk-core`.

mod action;
pub mod bindings;
mod browser;
pub mod cli;
#[cfg(test)]
mod command_names;
pub mod commands;
mod dialog;
mod events;
mod ipc_record;
#[cfg(test)]
mod ipc_surface_tests;
#[cfg(test)]
mod ipc_words_tests;
mod practice;
mod reveal;
mod state;
#[cfg(test)]
mod version_tests;

use std::sync::Arc;

use desk_core::accounts::AccountService;
use desk_core::audit::AuditLog;
use desk_core::library::Library;
use desk_core::paths::{keyring_service, AppPaths};
use desk_core::secrets::KeyringStore;
use tauri::Manager;

pub use state::AppState;

/// Where the platform keeps an app's files, for when `SCRIPTIX_DESK_HOME` is not set.
fn platform_paths(app: &tauri::App) -> tauri::Result<AppPaths> {
    let p = app.path();
    Ok(AppPaths {
        config_dir: p.app_config_dir()?,
        data_dir: p.app_data_dir()?,
        log_dir: p.app_log_dir()?,
        cache_dir: p.app_cache_dir()?,
    })
}

fn build_state(app: &tauri::App) -> Result<AppState, Box<dyn std::error::Error>> {
    let paths = AppPaths::resolve(platform_paths(app)?);
    paths.ensure()?;
    let log_guard = desk_core::logging::init(&paths.log_dir)?;
    // The guard flushes the log file when dropped: keep it for the app's lifetime.
    app.manage(log_guard);
    let store = Arc::new(KeyringStore::new(keyring_service()));
    let accounts = AccountService::open(&paths, store)?;
    let audit = AuditLog::open(&paths.data_dir)?;
    let settings = desk_core::settings::Settings::open(&paths.config_dir);
    let practice_when_empty = std::env::args().any(|a| a == "--practice-when-empty");
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        "Scriptix Desk starting"
    );
    Ok(AppState {
        paths,
        accounts,
        library: Library::new(),
        audit,
        practice: Default::default(),
        jobs: Default::default(),
        bulk_jobs: Default::default(),
        planned_bulk: Default::default(),
        chosen_folders: Default::default(),
        settings,
        written: Default::default(),
        practice_when_empty,
    })
}

/// The main window, made here rather than in `tauri.conf.json` so the webview's own storage
/// (caches, HSTS list) lives under the app's data folder, and so under `SCRIPTIX_DESK_HOME`.
fn open_main_window(app: &tauri::App, paths: &AppPaths) -> tauri::Result<()> {
    tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::default())
        .title("Scriptix Desk")
        .inner_size(1100.0, 720.0)
        .min_inner_size(760.0, 520.0)
        // Ctrl +, Ctrl − and Ctrl 0 zoom the page (WCAG 1.4.4). On Linux and macOS Tauri
        // injects a small key handler that calls the webview's zoom, which is why the
        // capability grants `core:webview:allow-set-webview-zoom`.
        .zoom_hotkeys_enabled(true)
        .data_directory(paths.data_dir.join("webview"))
        .build()?;
    Ok(())
}

/// The app's compiled-in configuration (tauri.conf.json, the embedded UI). Its version is
/// the workspace version: tauri.conf.json names none, so Tauri takes Cargo's.
pub fn context() -> tauri::Context<tauri::Wry> {
    tauri::generate_context!()
}

pub fn run() {
    let specta = bindings::specta_builder();

    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            let state = build_state(app)?;
            open_main_window(app, &state.paths)?;
            app.manage(Arc::new(state));
            Ok(())
        })
        .run(context())
        .expect("error while running Scriptix Desk");
}
