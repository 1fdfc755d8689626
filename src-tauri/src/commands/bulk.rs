//! Bulk backup (and backup-then-delete) of many sessions: pausable, cancellable,
//! resumable after a crash, every delete recorded.
//!
//! A job is planned first (`plan_bulk`, `plan_retry`), which hands its id to the UI, and then
//! run by that id (`start_bulk`). So the UI knows which job it started before any progress
//! arrives: it follows only that job's events, and its Pause and Stop can never reach
//! another job that happens to run at the same time.

use std::sync::Arc;

use desk_core::bulk::{
    self, BulkEvent, BulkMode, BulkPlan, BulkSummary, IndexWords, JobControl, JobEstimate,
    Selection,
};
use desk_core::journal::{JobSummary, Journal};
use desk_core::{DeskError, DeskResult, Detail};
use serde::{Deserialize, Serialize};
use tauri::AppHandle;

use super::guard;
use crate::dialog::{self, DialogWords};
use crate::events::{self, BulkProgress};
use crate::ipc_record::reply;
use crate::state::{AppState, State};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum JobAction {
    Pause,
    Resume,
    Cancel,
}

/// Events for the UI; finished deletes leave the library at once.
fn reporter(
    app: &AppHandle,
    state: &Arc<AppState>,
    account_id: &str,
    job_id: &str,
) -> impl Fn(BulkEvent) + Send + Sync + 'static {
    let (app, state, account_id, job_id) = (
        app.clone(),
        state.clone(),
        account_id.to_string(),
        job_id.to_string(),
    );
    move |event: BulkEvent| {
        event.follow_in(&state.library, &account_id);
        events::send(
            &app,
            "bulk_progress",
            BulkProgress {
                job_id: job_id.clone(),
                event,
            },
        );
    }
}

/// Run `work` with a registered control, so the UI can pause or cancel it by job id.
async fn controlled<F, Fut>(state: &Arc<AppState>, job_id: &str, work: F) -> DeskResult<BulkSummary>
where
    F: FnOnce(JobControl) -> Fut,
    Fut: std::future::Future<Output = DeskResult<BulkSummary>>,
{
    /// Unregisters the job however its run ends (also if this future is dropped).
    struct Running<'a>(&'a AppState, &'a str);
    impl Drop for Running<'_> {
        fn drop(&mut self) {
            self.0.end_bulk(self.1);
        }
    }
    let control = state.begin_bulk(job_id)?;
    let _running = Running(state, job_id);
    work(control).await
}

async fn run_plan(
    app: &AppHandle,
    state: &Arc<AppState>,
    plan: BulkPlan,
) -> DeskResult<BulkSummary> {
    let account_id = plan.account_id.clone();
    let client = guard::watch(app, state, &account_id, state.client(&account_id).await).await?;
    let events = reporter(app, state, &account_id, &plan.job_id);
    let job_id = plan.job_id.clone();
    let r = controlled(state, &job_id, |control| async move {
        bulk::start(
            &client,
            plan,
            &state.jobs_dir(),
            &state.audit,
            events,
            &control,
        )
        .await
    })
    .await;
    after_run(app, state, &account_id, r).await
}

/// A 401 partway through a job marks the account and raises the same banner as elsewhere.
async fn after_run(
    app: &AppHandle,
    state: &AppState,
    account_id: &str,
    r: DeskResult<BulkSummary>,
) -> DeskResult<BulkSummary> {
    if matches!(&r, Ok(s) if s.sign_in_refused) {
        guard::sign_in_refused(app, state, account_id).await;
    }
    guard::watch(app, state, account_id, r).await
}

/// Keeps a planned job until `start_bulk`, and returns its id.
fn keep_planned(state: &AppState, plan: BulkPlan) -> String {
    let job_id = plan.job_id.clone();
    state
        .planned_bulk
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(job_id.clone(), plan);
    job_id
}

/// Plan a backup of the chosen sessions into the folder the person picked (`choose_folder`),
/// one verified `.zip` each; with `BackUpThenDelete` each one is deleted only after its own
/// backup verified. `index_words`: the column titles and separator of the job's
/// `backup-index.csv`, in the person's language. Returns the job's id; `start_bulk` runs it.
#[tauri::command]
#[specta::specta]
pub async fn plan_bulk(
    state: State<'_>,
    account_id: String,
    session_ids: Vec<String>,
    mode: BulkMode,
    include_media: bool,
    folder: String,
    index_words: IndexWords,
) -> DeskResult<String> {
    let r = async {
        let folder = state.chosen_folder(&folder)?;
        state.settings.remember_folder(&account_id, &folder);
        let selection = Selection {
            account: state.account_meta(&account_id).await?,
            account_id: account_id.clone(),
            session_ids,
            folder,
            mode,
            include_media,
            index_words,
        };
        let client = state.client(&account_id).await.ok();
        let plan = bulk::plan_selection(&state.library, client.as_ref(), selection).await?;
        Ok(keep_planned(&state, plan))
    }
    .await;
    reply("plan_bulk", r)
}

/// Run a job planned by `plan_bulk` or `plan_retry`, to its end.
#[tauri::command]
#[specta::specta]
pub async fn start_bulk(
    app: AppHandle,
    state: State<'_>,
    job_id: String,
) -> DeskResult<BulkSummary> {
    let plan = state
        .planned_bulk
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&job_id);
    let r = match plan {
        Some(plan) => run_plan(&app, state.inner(), plan).await,
        // A second click on a job that started: say so, rather than "not a job".
        None if state.bulk_running(&job_id) => {
            Err(DeskError::InvalidInput(Detail::JobAlreadyRunning))
        }
        None => Err(DeskError::NotFound(Detail::UnknownJob)),
    };
    reply("start_bulk", r)
}

/// How many requests a bulk job over these sessions needs, and how long the rate limits
/// this account's server has reported make it take, for the confirmation to show.
#[tauri::command]
#[specta::specta]
pub async fn estimate_bulk(
    state: State<'_>,
    account_id: String,
    session_ids: Vec<String>,
    mode: BulkMode,
    include_media: bool,
) -> DeskResult<JobEstimate> {
    let client = state.client(&account_id).await?;
    let estimate = bulk::estimate_selection(
        &state.library,
        &client,
        &account_id,
        &session_ids,
        mode,
        include_media,
    );
    reply("estimate_bulk", Ok(estimate))
}

/// Ask for the folder a bulk job writes into, so the confirmation can name it. Only a folder
/// picked here is accepted by `plan_bulk`: the page cannot choose where files go.
#[tauri::command]
#[specta::specta]
pub async fn choose_folder(
    app: AppHandle,
    state: State<'_>,
    account_id: String,
    words: DialogWords,
) -> DeskResult<String> {
    let start_in = state.settings.last_folder(&account_id);
    let folder = dialog::folder(&app, &words, start_in.as_deref())
        .await
        .ok_or(DeskError::Cancelled(Detail::NoFolderChosen))?;
    reply("choose_folder", Ok(state.remember_folder(folder)))
}

/// Pause, resume or cancel a running bulk job (cancel finishes nothing half-way).
#[tauri::command]
#[specta::specta]
pub fn control_job(state: State<'_>, job_id: String, action: JobAction) -> bool {
    let jobs = state.bulk_jobs.lock().unwrap_or_else(|e| e.into_inner());
    let Some(control) = jobs.get(&job_id) else {
        return false;
    };
    match action {
        JobAction::Pause => control.pause(),
        JobAction::Resume => control.resume(),
        JobAction::Cancel => control.cancel(),
    }
    true
}

/// Jobs that stopped before they finished (the app was closed or crashed).
#[tauri::command]
#[specta::specta]
pub async fn unfinished_jobs(state: State<'_>) -> DeskResult<Vec<JobSummary>> {
    let running: Vec<String> = state
        .bulk_jobs
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .keys()
        .cloned()
        .collect();
    let jobs = Journal::list_unfinished(&state.jobs_dir()).map(|all| {
        all.into_iter()
            .filter(|j| !running.contains(&j.job_id))
            .collect()
    });
    reply("unfinished_jobs", jobs)
}

/// Continue an unfinished job; every backup is checked again before any delete.
#[tauri::command]
#[specta::specta]
pub async fn resume_job(
    app: AppHandle,
    state: State<'_>,
    job_id: String,
) -> DeskResult<BulkSummary> {
    let st = state.inner().clone();
    let r = async {
        let account_id = Journal::replay_job(&st.jobs_dir(), &job_id)?
            .plan
            .account_id;
        let client = guard::watch(&app, &st, &account_id, st.client(&account_id).await).await?;
        let events = reporter(&app, &st, &account_id, &job_id);
        let (st2, id2) = (st.clone(), job_id.clone());
        let r = controlled(&st, &job_id, |control| async move {
            bulk::resume(&client, &st2.jobs_dir(), &id2, &st2.audit, events, &control).await
        })
        .await;
        after_run(&app, &st, &account_id, r).await
    }
    .await;
    reply("resume_job", r)
}

/// Plan the failed items of a finished job again, as a new job into the same folder.
/// Returns the new job's id; `start_bulk` runs it.
#[tauri::command]
#[specta::specta]
pub async fn plan_retry(state: State<'_>, job_id: String) -> DeskResult<String> {
    let r = bulk::plan_retry(&state.jobs_dir(), &job_id)
        .await
        .map(|plan| keep_planned(&state, plan));
    reply("plan_retry", r)
}

/// Plan "back up the whole account": every session the library lists for it, into the folder
/// the person picked. The job remembers whether Scriptix listed the account to its end, so
/// its summary and index never claim the whole account when it did not. Returns the job's
/// id; `start_bulk` runs it.
#[tauri::command]
#[specta::specta]
pub async fn plan_account_backup(
    state: State<'_>,
    account_id: String,
    include_media: bool,
    folder: String,
    index_words: IndexWords,
) -> DeskResult<String> {
    let r = async {
        let folder = state.chosen_folder(&folder)?;
        state.settings.remember_folder(&account_id, &folder);
        let account = state.account_meta(&account_id).await?;
        let client = state.client(&account_id).await.ok();
        let plan = bulk::plan_account_backup(
            &state.library,
            client.as_ref(),
            account,
            account_id,
            folder,
            include_media,
            index_words,
        )
        .await?;
        Ok(keep_planned(&state, plan))
    }
    .await;
    reply("plan_account_backup", r)
}
