//! About the app itself, and what it shows on start.

use desk_core::accounts::{AccountView, IndexSetAside};
use desk_core::settings::{Language, LANGUAGE_ENV};
use desk_core::DeskResult;
use serde::Serialize;

use crate::ipc_record::reply;
use crate::state::State;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    /// Set when another copy of the app holds this data folder: this copy shows only that
    /// and writes nothing (`desk_core::instance`).
    pub already_open: Option<AlreadyOpen>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AlreadyOpen {
    /// The language chosen in the app; `None` = the system's.
    pub language: Option<Language>,
    pub system_language: Option<Language>,
}

/// Product name and version, shown on the first screen; asked first, so a second copy can
/// say that the app is already open before anything else is asked of it.
#[tauri::command]
#[specta::specta]
pub fn app_info(app: tauri::AppHandle) -> AppInfo {
    use tauri::Manager;
    let pkg = app.package_info();
    let already_open = app
        .try_state::<crate::instance::SecondCopy>()
        .map(|second| AlreadyOpen {
            language: pinned_language().or(second.language),
            system_language: system_language(),
        });
    AppInfo {
        name: pkg.name.clone(),
        version: pkg.version.to_string(),
        already_open,
    }
}

/// Close the app: the "already open" screen's Close button.
#[tauri::command]
#[specta::specta]
pub fn quit_app(app: tauri::AppHandle) {
    app.exit(0);
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Startup {
    pub accounts: Vec<AccountView>,
    /// Open practice mode straight away (started with `--practice-when-empty`, no accounts).
    pub open_practice: bool,
    /// The account list could not be used and was kept aside (where, and why); the UI
    /// says so once.
    pub notice: Option<IndexSetAside>,
    /// The language the person chose in the app; `None` = follow the system.
    pub language: Option<Language>,
    /// The system's language as the OS environment says (`LC_ALL`, `LC_MESSAGES`, `LANG`),
    /// when the app speaks it; the UI falls back to the webview's `navigator.language`.
    pub system_language: Option<Language>,
}

#[tauri::command]
#[specta::specta]
pub async fn startup(state: State<'_>) -> DeskResult<Startup> {
    let accounts = state.accounts.list().await;
    let notice = state.accounts.index_warning();
    let language = pinned_language().or_else(|| state.settings.language());
    let open_practice = state.practice_when_empty && accounts.is_empty();
    reply(
        "startup",
        Ok(Startup {
            accounts,
            open_practice,
            notice,
            language,
            system_language: system_language(),
        }),
    )
}

/// The UI tells which language it shows (`shown`: backups' README is written in it) on
/// start and on every change; when the person picked one in the app, `remember` saves
/// `chosen` (`None`: follow the system again).
#[tauri::command]
#[specta::specta]
pub async fn set_language(
    state: State<'_>,
    chosen: Option<Language>,
    shown: Language,
    remember: bool,
) -> DeskResult<()> {
    desk_core::backup::readme::set_document_language(shown);
    let saved = if remember {
        state.settings.set_language(chosen)
    } else {
        Ok(())
    };
    reply("set_language", saved)
}

/// Debug builds: `SCRIPTIX_DESK_LANG=nl` pins the language, so end-to-end tests choose it
/// explicitly whatever the machine's locale.
fn pinned_language() -> Option<Language> {
    if cfg!(debug_assertions) {
        Language::from_tag(&std::env::var(LANGUAGE_ENV).ok()?)
    } else {
        None
    }
}

/// The POSIX locale variables in their order of precedence; `C`/`POSIX` say nothing.
fn system_language() -> Option<Language> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .and_then(|v| Language::from_tag(&v))
}

/// Start practice mode (or switch back to it): sample data on a built-in practice server.
#[tauri::command]
#[specta::specta]
pub async fn start_practice(state: State<'_>) -> DeskResult<AccountView> {
    reply("start_practice", state.practice.open(&state.accounts).await)
}

/// "Copy details for support": versions, OS and the newest log lines, scrubbed of anything
/// secret-shaped. Async: it reads the log files.
#[tauri::command]
#[specta::specta]
pub async fn support_details(
    app: tauri::AppHandle,
    state: State<'_>,
) -> DeskResult<desk_core::support::SupportDetails> {
    let version = app.package_info().version.to_string();
    // WebKitGTK on Linux; unknown only if the webview library cannot say.
    let webview = tauri::webview_version().unwrap_or_else(|_| "unknown".into());
    let log_dir = state.paths.log_dir.clone();
    let details =
        super::blocking(move || Ok(desk_core::support::collect(&version, &webview, &log_dir)))
            .await;
    reply("support_details", details)
}
