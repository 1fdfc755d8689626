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
    pub bulk_jobs: BulkJobs,
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
            || self
                .chosen_folders
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .iter()
                .any(|folder| path.parent() == Some(folder.as_path()))
            // Last, as the costliest: the record is read once per run (then kept in memory).
            || self
                .audit
                .names_backup(path.as_os_str().to_string_lossy().as_ref())
                .unwrap_or(false);
        if known && path.is_file() {
            Ok(path)
        } else {
            Err(DeskError::InvalidInput(Detail::NotAppFile))
        }
    }

    /// Register a bulk job as running and hand out its controls; refused while a job of
    /// that id runs already (two clicks on "Resume"). The journal's OS lock refuses it too,
    /// but only once the run opens its journal: this answers before any request is made.
    pub fn begin_bulk(&self, job_id: &str) -> DeskResult<desk_core::bulk::JobControl> {
        register_bulk(&self.bulk_jobs, job_id)
    }

    /// The job's run ended (however it ended).
    pub fn end_bulk(&self, job_id: &str) {
        self.bulk_jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(job_id);
    }

    pub fn bulk_running(&self, job_id: &str) -> bool {
        self.bulk_jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(job_id)
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

/// Controls of running bulk jobs, by job id.
pub type BulkJobs = std::sync::Mutex<HashMap<String, desk_core::bulk::JobControl>>;

/// Check and register in one step under the lock, so two clicks cannot both pass the check.
fn register_bulk(jobs: &BulkJobs, job_id: &str) -> DeskResult<desk_core::bulk::JobControl> {
    let mut jobs = jobs.lock().unwrap_or_else(|e| e.into_inner());
    match jobs.entry(job_id.to_string()) {
        std::collections::hash_map::Entry::Occupied(_) => {
            Err(DeskError::InvalidInput(Detail::JobAlreadyRunning))
        }
        std::collections::hash_map::Entry::Vacant(slot) => {
            Ok(slot.insert(desk_core::bulk::JobControl::new()).clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_job_id_is_refused_until_its_run_ends() {
        let jobs = BulkJobs::default();
        let control = register_bulk(&jobs, "job-1").unwrap();
        assert_eq!(
            register_bulk(&jobs, "job-1").unwrap_err(),
            DeskError::InvalidInput(Detail::JobAlreadyRunning)
        );
        // Pause from the buttons reaches the run's own controls, not a second set.
        jobs.lock().unwrap()["job-1"].pause();
        assert!(control.is_paused());
        assert!(register_bulk(&jobs, "job-2").is_ok(), "another job may run");
        jobs.lock().unwrap().remove("job-1");
        assert!(register_bulk(&jobs, "job-1").is_ok());
    }
}
