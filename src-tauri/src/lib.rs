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
mod instance;
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
use desk_core::instance::{instance_name, Claim};
use desk_core::library::Library;
use desk_core::paths::{home_folder, keyring_service, AppPaths, HOME_ENV};
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

fn build_state(app: &tauri::App, paths: AppPaths) -> Result<AppState, Box<dyn std::error::Error>> {
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
/// A second copy that found the data folder in use passes a temporary folder instead
/// (`instance::SecondCopy`), so it writes nothing in the app's folders.
fn open_main_window(app: &tauri::App, webview_dir: std::path::PathBuf) -> tauri::Result<()> {
    let window = tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::default())
        .data_directory(webview_dir)
        .title("Scriptix Desk")
        .inner_size(1100.0, 720.0)
        .min_inner_size(760.0, 520.0)
        // Ctrl +, Ctrl − and Ctrl 0 zoom the page (WCAG 1.4.4). On Linux and macOS Tauri
        // injects a small key handler that calls the webview's zoom, which is why the
        // capability grants `core:webview:allow-set-webview-zoom`.
        .zoom_hotkeys_enabled(true)
        .build()?;
    // WebKitGTK draws the page with the CPU instead of compositing it through OpenGL. The app
    // is text, a list and dialogs: nothing a GPU would help with. Compositing made WebKit's
    // web process load a GL driver and keep layer buffers (on a machine without a GPU, Mesa's
    // software renderer: about 100 MiB more with 10,000 sessions loaded, and typing and
    // scrolling dropped frames); drawn by the CPU the list scrolls without a dropped frame
    // (`make bench-app`, README). It also avoids the blank windows some GPU drivers give
    // WebKitGTK's GL path. Drawn this way, WebKitGTK 2.50 paints its own overlay scrollbars
    // in a last pass above everything, dialogs included, so the page draws its scrollbars
    // itself (ui/src/style.css; e2e `library::dialog_drawing` holds it to that).
    // WebKitWebDriver cannot take screenshots of such a page, so the end-to-end tests take
    // them from the X display (tests/harness/shot.rs).
    #[cfg(target_os = "linux")]
    window.with_webview(|webview| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = webview.inner().settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    })?;
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
        // First, before any other plugin or the setup below runs: a second start hands its
        // arguments to the running copy (which comes to the front) and exits 0.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance_name(
                    home_folder(std::env::var_os(HOME_ENV)).as_deref(),
                ))
                .callback(|app, args, _cwd| instance::second_start(app, args.len()))
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            let paths = AppPaths::resolve(platform_paths(app)?);
            // The single-instance plugin lets a copy start when there is no session bus; the
            // data folder's lock is what keeps two copies from writing the same files.
            match desk_core::instance::claim(&paths)? {
                Claim::Owner(lock) => {
                    app.manage(lock);
                    let state = build_state(app, paths)?;
                    open_main_window(app, state.paths.data_dir.join("webview"))?;
                    app.manage(Arc::new(state));
                }
                Claim::AlreadyOpen => {
                    // Stderr for whoever started it from a terminal; the window says it in
                    // the person's language (commands::app::app_info).
                    eprintln!("Scriptix Desk is already open.");
                    let second = instance::SecondCopy::new(&paths)?;
                    open_main_window(app, second.webview_dir.clone())?;
                    app.manage(second);
                }
            }
            Ok(())
        })
        .build(context())
        .expect("error while starting Scriptix Desk")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                if let Some(second) = app.try_state::<instance::SecondCopy>() {
                    second.clean_up();
                }
            }
        });
}
