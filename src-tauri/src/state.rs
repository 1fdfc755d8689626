//! What the app keeps while it runs: the core services, shared by every command.

use std::collections::HashMap;
use std::sync::Arc;

use desk_core::accounts::{AccountService, AccountView};
use desk_core::audit::AuditLog;
use desk_core::backup::AccountMeta;
use desk_core::cancel::CancelToken;
use desk_core::library::Library;
use desk_core::paths::AppPaths;
use desk_core::permissions::Viewer;
use desk_core::{DeskError, DeskResult, Detail};
use scriptix_api::ScriptixClient;

pub struct AppState {
    pub paths: AppPaths,
    pub accounts: AccountService,
    pub library: Library,
    /// The local record of every deletion.
    pub audit: AuditLog,
    /// The built-in sample server behind practice mode, once started.
    pub practice: crate::practice::Practice,
    /// Stop switches of running actions and jobs, by id (see `action`).
    pub jobs: std::sync::Mutex<HashMap<String, CancelToken>>,
    /// Controls of running bulk jobs, by job id.
    pub bulk_jobs: std::sync::Mutex<HashMap<String, desk_core::bulk::JobControl>>,
    /// Bulk jobs planned (their id already handed to the UI) but not started yet.
    pub planned_bulk: std::sync::Mutex<HashMap<String, desk_core::bulk::BulkPlan>>,
    /// Folders the person picked in the native dialog; bulk jobs write only there.
    pub chosen_folders: std::sync::Mutex<std::collections::HashSet<std::path::PathBuf>>,
    /// The language and the last backup folder per account.
    pub settings: desk_core::settings::Settings,
    /// Backups and exports this app wrote while running: the only files "Open folder" and
    /// "Open backup" accept besides those in the deletion record.
    pub written: std::sync::Mutex<std::collections::HashSet<std::path::PathBuf>>,
    /// `--practice-when-empty`: open practice mode when no account is set up.
    pub practice_when_empty: bool,
}

pub type State<'a> = tauri::State<'a, Arc<AppState>>;

impl AppState {
    pub async fn account(&self, id: &str) -> DeskResult<AccountView> {
        self.accounts
            .list()
            .await
            .into_iter()
            .find(|a| a.id == id)
            .ok_or(DeskError::NotFound(Detail::AccountMissing))
    }

    pub async fn client(&self, id: &str) -> DeskResult<ScriptixClient> {
        self.accounts.client_for(id).await
    }

    pub async fn viewer(&self, id: &str) -> DeskResult<Viewer> {
        self.accounts.viewer_for(id).await
    }

    /// Names the account in backups and the audit log: never a credential.
    pub async fn account_meta(&self, id: &str) -> DeskResult<AccountMeta> {
        let a = self.account(id).await?;
        Ok(AccountMeta {
            label: a.label,
            organization: a.organization.unwrap_or_default(),
            server: a.server,
        })
    }

    pub fn remember_folder(&self, folder: std::path::PathBuf) -> String {
        let shown = folder.display().to_string();
        self.chosen_folders
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(folder);
        shown
    }

    pub fn chosen_folder(&self, folder: &str) -> DeskResult<std::path::PathBuf> {
        let path = std::path::PathBuf::from(folder);
        if self
            .chosen_folders
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&path)
        {
            Ok(path)
        } else {
            Err(DeskError::InvalidInput(Detail::ChooseFolderFirst))
        }
    }

    /// Note a file the app wrote for `account_id`, and start its next dialog in that folder.
    pub fn note_written(&self, account_id: &str, path: &std::path::Path) {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf());
        if let Some(folder) = path.parent() {
            self.settings.remember_folder(account_id, folder);
        }
    }

    /// A file the person may open from a result panel: one this app wrote (this run, or
    /// recorded in the deletion record or a bulk job's folder index). Anything else the page
    /// names is refused, so the page cannot make the app open arbitrary files.
    pub fn known_file(&self, path: &str) -> DeskResult<std::path::PathBuf> {
        let path = std::path::PathBuf::from(path);
        let known = self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&path)
            || self.audit.entries().is_ok_and(|entries| {
                entries.iter().any(|e| {
                    e.backup_path.as_deref() == Some(path.as_os_str().to_string_lossy().as_ref())
                })
            })
            || self
                .chosen_folders
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .iter()
                .any(|folder| path.parent() == Some(folder.as_path()));
        if known && path.is_file() {
            Ok(path)
        } else {
            Err(DeskError::InvalidInput(Detail::NotAppFile))
        }
    }

    /// Where bulk jobs keep their journals.
    pub fn jobs_dir(&self) -> std::path::PathBuf {
        self.paths.data_dir.join("jobs")
    }

    pub fn end_job(&self, id: &str) {
        self.jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(id);
    }

    pub fn cancel_job(&self, id: &str) -> bool {
        match self.jobs.lock().unwrap_or_else(|e| e.into_inner()).get(id) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }
}
