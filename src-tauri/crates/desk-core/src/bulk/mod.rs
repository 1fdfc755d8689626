//! Bulk jobs: back up many sessions (one verified `.zip` each), then optionally delete
//! them, fast, resumable after a crash, and with an audit trail.
//!
//! - [`plan`]: what a job will do, fixed up front (sessions, file names, mode).
//! - [`account`]: "back up the whole account", and whether a job may say it covered it.
//! - [`runner`]: runs a job, items pipelined under the [`limiter`]'s adaptive limit.
//! - [`resume`]: continues a job from its journal ([`crate::journal`]), re-checking every
//!   backup before any delete relies on it.
//!
//! `docs/bulk-jobs.md` describes the journal format, the resume rules and the index files.

pub mod account;
mod control;
pub mod estimate;
mod index;
mod item;
pub mod limiter;
pub mod plan;
mod report;
pub mod resume;
pub mod runner;
mod tally;

use std::path::Path;

use scriptix_api::ScriptixClient;

pub use account::{plan_account_backup, AccountCoverage};
pub use control::JobControl;
pub use estimate::{estimate, estimate_selection, requests_for, JobEstimate, RateWindow};
pub use index::{IndexWords, INDEX_HEADER};
pub use limiter::LimiterConfig;
pub use plan::{
    plan_selection, reading_is_fresh, BulkItem, BulkMode, BulkPlan, Listing, PlannedItem,
    Selection, LISTING_FRESH_FOR,
};
pub use report::{BulkEvent, BulkSummary, FailedItem, ItemOutcome, JobWait, WaitKind};
pub use resume::resume;
pub use runner::run;

use crate::audit::AuditLog;
use crate::error::{DeskError, DeskResult, Detail};
use crate::journal::{JobState, Journal};

/// Journal a new job in `jobs_dir` and run it.
pub async fn start(
    client: &ScriptixClient,
    plan: BulkPlan,
    jobs_dir: &Path,
    audit: &AuditLog,
    events: impl Fn(BulkEvent) + Send + Sync + 'static,
    control: &JobControl,
) -> DeskResult<BulkSummary> {
    let journal = Journal::create(jobs_dir, &plan).await?;
    run(
        client,
        JobState::new(plan),
        &journal,
        audit,
        events,
        control,
    )
    .await
}

/// A new plan for the failed sessions of job `job_id` (unfinished or done), read from its
/// journal, on a blocking thread (a journal read and a look at the folder per session).
pub async fn plan_retry(jobs_dir: &Path, job_id: &str) -> DeskResult<BulkPlan> {
    let (jobs_dir, job_id) = (jobs_dir.to_path_buf(), job_id.to_string());
    tokio::task::spawn_blocking(move || retry_failed(&Journal::replay_job(&jobs_dir, &job_id)?))
        .await
        .map_err(|_| DeskError::Internal(Detail::TaskStopped))?
}

/// A new plan (new job id, fresh file names) for the sessions of `state` that failed.
pub fn retry_failed(state: &JobState) -> DeskResult<BulkPlan> {
    let items: Vec<BulkItem> = state
        .plan
        .items
        .iter()
        .zip(&state.items)
        .filter(|(_, st)| matches!(st.outcome, Some(ItemOutcome::Failed { .. })))
        .map(|(item, _)| BulkItem {
            session_id: item.session_id.clone(),
            name: item.name.clone(),
            document_ids: item.document_ids.clone(),
            listing: None, // read again: a retry comes later, and after a failure
        })
        .collect();
    if items.is_empty() {
        return Err(DeskError::InvalidInput(Detail::NothingFailed));
    }
    let plan = &state.plan;
    let mut retry = BulkPlan::new(
        plan.account.clone(),
        plan.account_id.clone(),
        plan.folder.clone(),
        plan.mode,
        items,
        plan.include_media,
    )?;
    retry.index_words = plan.index_words.clone();
    Ok(retry)
}
