//! Continuing a job after a crash, a kill, a full disk or a cancel.
//!
//! The journal says what was done; the disk may disagree (a backup deleted, moved, edited
//! or half-synced when the power went). So nothing the journal says about a backup is
//! taken on trust: before a resumed item's delete is sent, its backup is checked again
//! here, and an item whose backup fails the check is backed up anew (see
//! `docs/bulk-jobs.md` for all the rules).

use std::path::Path;

use scriptix_api::ScriptixClient;

use crate::audit::AuditLog;
use crate::bulk::control::JobControl;
use crate::bulk::plan::{BulkPlan, PlannedItem};
use crate::bulk::report::{BulkEvent, BulkSummary};
use crate::bulk::runner::run;
use crate::error::{DeskError, DeskResult, Detail};
use crate::journal::{BackupRecord, Journal, JournalRecord};

/// Continue job `job_id` from its journal in `jobs_dir`.
///
/// `client` must be signed in to the job's account (`JobSummary::account_id`).
pub async fn resume(
    client: &ScriptixClient,
    jobs_dir: &Path,
    job_id: &str,
    audit: &AuditLog,
    events: impl Fn(BulkEvent) + Send + Sync + 'static,
    control: &JobControl,
) -> DeskResult<BulkSummary> {
    // Open (and lock) first, replay after: what another run appended until it let go of
    // the journal is part of the state this run continues from. File work, so on a
    // blocking thread.
    let (dir, id) = (jobs_dir.to_path_buf(), job_id.to_string());
    let (journal, mut state) = tokio::task::spawn_blocking(move || {
        let journal = Journal::open(&dir, &id)?;
        let state = Journal::replay(journal.path())?;
        remove_leftover_partials(&state.plan);
        Ok::<_, DeskError>((journal, state))
    })
    .await
    .map_err(|_| DeskError::Internal(Detail::TaskStopped))??;
    journal.append(JournalRecord::Resumed).await?;
    state.apply(&JournalRecord::Resumed)?;
    run(client, state, &journal, audit, events, control).await
}

/// Check a journalled backup before relying on it for a delete: it is the planned file, it
/// opens and every file in it matches its manifest, the whole zip still has the SHA-256
/// the journal recorded, and it holds this session. `Err` says what is wrong.
pub(crate) async fn reverify(
    plan: &BulkPlan,
    item: &PlannedItem,
    backup: &BackupRecord,
    cancel: &crate::cancel::CancelToken,
) -> Result<(), DeskError> {
    if backup.path != plan.zip_path(item) {
        return Err(DeskError::Backup(Detail::BackupNotPlanned));
    }
    let (path, cancel) = (backup.path.clone(), cancel.clone());
    let verified =
        tokio::task::spawn_blocking(move || crate::backup::verify_cancellable(&path, &cancel))
            .await
            .map_err(|_| DeskError::Internal(Detail::TaskStopped))??;
    if verified.sha256 != backup.sha256 {
        return Err(DeskError::Backup(Detail::BackupChanged));
    }
    if !verified
        .manifest
        .sessions
        .iter()
        .any(|s| s.id == item.session_id)
    {
        return Err(DeskError::Backup(Detail::BackupMissingSession));
    }
    Ok(())
}

/// A kill during a backup can leave its hidden temporary file (see
/// [`crate::fsutil::temp_path_for`]); those of this job's planned files are removed.
fn remove_leftover_partials(plan: &BulkPlan) {
    let Ok(entries) = std::fs::read_dir(&plan.folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.ends_with(".partial")
            && plan
                .items
                .iter()
                .any(|item| name.starts_with(&format!(".{}.", item.file_name)));
        if ours {
            if let Err(e) = std::fs::remove_file(entry.path()) {
                tracing::warn!(file = %name, error = %e, "could not remove a leftover partial backup");
            }
        }
    }
}
