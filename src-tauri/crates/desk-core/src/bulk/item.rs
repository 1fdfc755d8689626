//! One session of a bulk job: back up → verify → journal → (delete mode) journal the
//! intent → delete → audit → journal the outcome.
//!
//! The one rule everything here serves: a delete is sent only for a session whose backup
//! was verified *by this process* — just written and read back, or, after a resume,
//! re-checked against the journal (see [`crate::bulk::resume::reverify`]).

use std::time::Duration;

use scriptix_api::{ApiError, DeleteOutcome, WaitReason};

use crate::audit::{timestamp_now, AuditEntry, AuditKind};
use crate::bulk::limiter::Permit;
use crate::bulk::plan::{BulkMode, PlannedItem};
use crate::bulk::report::ItemOutcome;
use crate::bulk::resume::reverify;
use crate::bulk::runner::{Ctx, Halt};
use crate::error::{DeskError, Detail, IoProblem};
use crate::journal::{BackupRecord, JournalRecord};
use crate::reason::{FailedStep, FailureReason, StoredError};

/// How often one step is tried again after a failure that is usually passing (a 500, a
/// "not found" of a document that went away meanwhile). The client does not retry a 500 on
/// its own, and one session's backup takes many requests, so without this a short hiccup
/// would fail whole sessions.
///
/// Overload (429, 503) and an unreachable server are not counted: a job of hours meets
/// quotas and network drops as a matter of course, and waits them out (the client waits
/// out every 429 itself; a 503 backs the limiter off; the network is waited for with
/// [`Ctx::wait_a_while`]) until it goes on or the person stops it. Nothing fails for
/// a reason of rate or reachability.
const TRANSIENT_RETRIES: u32 = 2;

/// Drive item `index` as far as it can go.
pub(crate) async fn process(ctx: &Ctx, index: usize, permit: Permit) -> Result<(), Halt> {
    let item = &ctx.plan.items[index];
    let mut slot = Slot(Some(permit));
    let Some(backup) = ensure_backup(ctx, index, item, &mut slot).await? else {
        return Ok(()); // the item already has its outcome
    };
    match ctx.plan.mode {
        BulkMode::BackUpOnly => {
            ctx.finish_item(&item.session_id, ItemOutcome::BackedUp)
                .await
        }
        BulkMode::BackUpThenDelete => delete(ctx, item, &backup, &mut slot).await,
    }
}

/// A verified backup of the item, reusing a journalled one only if it passes the re-check.
/// `None` when the item ended without one (its outcome is recorded).
async fn ensure_backup(
    ctx: &Ctx,
    index: usize,
    item: &PlannedItem,
    slot: &mut Slot,
) -> Result<Option<BackupRecord>, Halt> {
    let prior = ctx.item_state(index);
    if let Some(backup) = &prior.backup {
        match reverify(&ctx.plan, item, backup, ctx.control.cancel_token()).await {
            Ok(()) => return Ok(Some(backup.clone())),
            // A check cut short by Stop says nothing about the backup: keep it for resume.
            Err(_) if ctx.control.is_cancelled() => return Err(Halt::Cancelled),
            Err(reason) => {
                tracing::warn!(session = %item.session_id, %reason, "journalled backup rejected; backing up again");
                ctx.record(JournalRecord::BackupRejected {
                    session_id: item.session_id.clone(),
                    reason: StoredError::Coded(reason),
                })
                .await?;
            }
        }
    }

    let (mut overloads, mut offline, mut transient) = (0, 0, 0);
    // After a "not found" the library's reading is out of date: read the session again.
    let mut trust_listing = true;
    loop {
        if ctx.control.is_cancelled() {
            return Err(Halt::Cancelled);
        }
        let error = match back_up(ctx, item, trust_listing).await {
            Ok(backup) => {
                slot.success();
                ctx.record(JournalRecord::BackedUp {
                    session_id: item.session_id.clone(),
                    path: backup.path.clone(),
                    sha256: backup.sha256.clone(),
                    bytes: backup.bytes,
                })
                .await?;
                return Ok(Some(backup));
            }
            Err(e) => e,
        };
        // A "not found" may be the session itself: ask Scriptix which (it cannot be
        // asked inside the match below).
        let gone = match &error {
            DeskError::NotFound(_) => session_gone(ctx, item).await,
            _ => None,
        };
        match error {
            DeskError::Cancelled(_) => return Err(Halt::Cancelled),
            DeskError::RateLimited(_) => {
                overloads += 1;
                slot.back_off(ctx, None).await;
                pause_after_overload(ctx, overloads).await?;
            }
            DeskError::Network(_) => {
                ctx.wait_a_while(offline, WaitReason::Network).await?;
                offline += 1;
            }
            DeskError::Server(_) if transient < TRANSIENT_RETRIES => transient += 1,
            e if stops_the_job(&e) => {
                if matches!(e, DeskError::Auth(_)) {
                    ctx.note_sign_in_refused();
                }
                return Err(Halt::Stop(e));
            }
            // Something was not found: the session, or only a document that went away
            // while the backup ran (then a new attempt backs up what is there now).
            DeskError::NotFound(_) if gone.is_some() => {
                let gone = gone.expect("just checked");
                let outcome = gone_before_backup(ctx.plan.mode, prior.delete_sent, gone);
                record_gone(ctx, item, &outcome).await?;
                ctx.finish_item(&item.session_id, outcome).await?;
                return Ok(None);
            }
            DeskError::NotFound(_) if transient < TRANSIENT_RETRIES => {
                transient += 1;
                trust_listing = false;
            }
            e => {
                let step = match ctx.plan.mode {
                    BulkMode::BackUpOnly => FailedStep::NotBackedUp,
                    BulkMode::BackUpThenDelete => FailedStep::NotBackedUpNotDeleted,
                };
                let reason = FailureReason::new(step, Some(e));
                ctx.finish_item(&item.session_id, ItemOutcome::Failed { reason })
                    .await?;
                return Ok(None);
            }
        }
    }
}

/// Write and verify one session's backup: the whole session (a session delete removes
/// every document in it), as the library recently read it or, failing that, as Scriptix
/// lists it now. The only place a bulk job asks the backup module for anything.
async fn back_up(
    ctx: &Ctx,
    item: &PlannedItem,
    trust_listing: bool,
) -> Result<BackupRecord, DeskError> {
    use crate::backup::collect::{back_up_listed_session, back_up_sessions};
    let path = ctx.plan.zip_path(item);
    move_aside(&path)?;
    let (client, account, media) = (
        &ctx.client,
        ctx.plan.account.clone(),
        ctx.plan.include_media,
    );
    let cancel = ctx.control.cancel_token();
    let listed = item.listing.as_ref().filter(|_| trust_listing);
    let verified = match listed.and_then(|l| l.fresh_session()) {
        Some(session) => {
            back_up_listed_session(client, account, session, media, &path, cancel).await?
        }
        None => {
            let ids = std::slice::from_ref(&item.session_id);
            back_up_sessions(client, account, ids, None, media, &path, &|_| {}, cancel).await?
        }
    };
    if !verified
        .manifest
        .sessions
        .iter()
        .any(|s| s.id == item.session_id)
    {
        return Err(DeskError::Backup(Detail::BackupMissingSession));
    }
    Ok(BackupRecord {
        path,
        sha256: verified.sha256,
        bytes: verified.bytes,
    })
}

/// The backup writer never replaces a file. A file at a planned path is this job's own
/// backup that was rejected on resume, or one written just before a crash and never
/// journalled (or, very unlikely, something the person put there since planning): it is
/// kept, renamed to `<name>.zip.replaced` (or `.replaced-2`, `-3`… when an earlier one is
/// there: they never overwrite each other), and never taken as a backup.
fn move_aside(path: &std::path::Path) -> Result<(), DeskError> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(());
    }
    tracing::warn!(file = %path.display(), "moving an unconfirmed backup aside before backing up again");
    let failed = |e: std::io::Error| {
        DeskError::Backup(Detail::BackupNotSaved {
            io: IoProblem::of(&e),
        })
    };
    for n in 1u32.. {
        let mut aside = path.as_os_str().to_owned();
        aside.push(if n == 1 {
            ".replaced".to_string()
        } else {
            format!(".replaced-{n}")
        });
        let aside = std::path::PathBuf::from(aside);
        // A hard link fails, atomically, when the name is taken; the old name then goes.
        match std::fs::hard_link(path, &aside) {
            Ok(()) => return std::fs::remove_file(path).map_err(failed),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            // No hard links on this file system (FAT/exFAT): check, then rename.
            Err(_) if std::fs::symlink_metadata(&aside).is_ok() => continue,
            Err(_) => return std::fs::rename(path, &aside).map_err(failed),
        }
    }
    unreachable!("a u32's worth of names cannot all be taken")
}

/// How Scriptix says a session is not there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gone {
    /// Returned, flagged `is_deleted: true`: deleted.
    Deleted,
    /// 404, which the docs define as "not found or not yours": already deleted, or not
    /// visible to this account. Never taken for "deleted".
    NotFound,
}

/// Whether the session itself is gone (rather than only a document of it).
async fn session_gone(ctx: &Ctx, item: &PlannedItem) -> Option<Gone> {
    match ctx.client.session(&item.session_id).await {
        Err(ApiError::Deleted { .. }) => Some(Gone::Deleted),
        Err(ApiError::NotFound { .. }) => Some(Gone::NotFound),
        _ => None,
    }
}

/// The session was not on Scriptix when its backup was attempted.
fn gone_before_backup(mode: BulkMode, delete_sent: bool, gone: Gone) -> ItemOutcome {
    match (mode, delete_sent, gone) {
        (BulkMode::BackUpOnly, _, _) => ItemOutcome::Failed {
            reason: FailureReason::new(FailedStep::GoneBeforeBackup, None),
        },
        // Nobody lost anything through this job: it was gone before we touched it. The
        // same outcomes a single delete reports when its backup finds the item gone.
        (BulkMode::BackUpThenDelete, false, Gone::Deleted) => ItemOutcome::AlreadyDeleted,
        (BulkMode::BackUpThenDelete, false, Gone::NotFound) => ItemOutcome::NotOnScriptix,
        // Our earlier delete went through, but the backup it relied on is now missing or
        // changed: say so, rather than report a clean delete.
        (BulkMode::BackUpThenDelete, true, _) => ItemOutcome::Failed {
            reason: FailureReason::new(FailedStep::DeletedBackupLost, None),
        },
    }
}

/// A delete job's session found gone before its backup goes into the deletion record, as a
/// single delete's does: the person asked for it to be deleted, and the record says how
/// that ended (without a backup: there was nothing left to save).
async fn record_gone(ctx: &Ctx, item: &PlannedItem, outcome: &ItemOutcome) -> Result<(), Halt> {
    if ctx.plan.mode != BulkMode::BackUpThenDelete {
        return Ok(());
    }
    let Some(audit_outcome) = outcome.as_audit() else {
        return Ok(());
    };
    ctx.audit
        .record(&audit_entry(ctx, item, audit_outcome, None))
        .await
        .map_err(Halt::Stop)
}

/// The deletion record's line for one of this job's sessions.
fn audit_entry(
    ctx: &Ctx,
    item: &PlannedItem,
    outcome: crate::audit::AuditOutcome,
    backup: Option<&BackupRecord>,
) -> AuditEntry {
    AuditEntry {
        at: timestamp_now(),
        account_label: ctx.plan.account.label.clone(),
        organization: ctx.plan.account.organization.clone(),
        server: ctx.plan.account.server.clone(),
        kind: AuditKind::Session,
        session_id: item.session_id.clone(),
        document_id: None,
        comment_id: None,
        name: item.name.clone(),
        outcome,
        backup_path: backup.map(|b| b.path.to_string_lossy().into_owned()),
        backup_sha256: backup.map(|b| b.sha256.clone()),
    }
}

/// Send the delete for a session whose backup is verified, and record how it ended.
async fn delete(
    ctx: &Ctx,
    item: &PlannedItem,
    backup: &BackupRecord,
    slot: &mut Slot,
) -> Result<(), Halt> {
    if !ctx.control.proceed().await {
        return Err(Halt::Cancelled); // backed up, delete not sent: a resume picks it up here
    }
    ctx.record(JournalRecord::DeleteSent {
        session_id: item.session_id.clone(),
    })
    .await?;

    // From here on the delete is in flight: it is always taken to an outcome, even if the
    // person cancels meanwhile, so the journal never leaves it undecided by choice.
    let (mut overloads, mut offline, mut transient) = (0, 0, 0);
    let mut stop_after = None;
    let outcome = loop {
        match ctx.client.delete_session(&item.session_id).await {
            Ok(DeleteOutcome::Deleted) => {
                slot.success();
                break ItemOutcome::Deleted;
            }
            Ok(DeleteOutcome::AlreadyGone) => {
                slot.success();
                break ItemOutcome::AlreadyDeleted;
            }
            Ok(DeleteOutcome::NotFound) => {
                slot.success();
                break ItemOutcome::NotOnScriptix;
            }
            Err(ApiError::Forbidden { .. }) => break ItemOutcome::NotPermitted,
            // Stopped while waiting for a rate limit: the delete may not have gone out.
            // The journal says "sent" without an outcome, so a resume asks again.
            Err(ApiError::Cancelled) => return Err(Halt::Cancelled),
            Err(e) if overload_hint(&e).is_some() => {
                overloads += 1;
                slot.back_off(ctx, overload_hint(&e).flatten()).await;
                pause_after_overload(ctx, overloads).await?;
            }
            // A delete is idempotent: if the first one did go through, the retry hears
            // "already gone".
            Err(ApiError::Network { .. }) => {
                ctx.wait_a_while(offline, WaitReason::Network).await?;
                offline += 1;
            }
            Err(ApiError::Server { .. }) if transient < TRANSIENT_RETRIES => {
                transient += 1;
            }
            Err(e) => {
                let e = DeskError::from(e);
                if matches!(e, DeskError::Auth(_)) {
                    ctx.note_sign_in_refused();
                    stop_after = Some(e.clone());
                }
                break ItemOutcome::Failed {
                    reason: FailureReason::new(FailedStep::NotDeleted, Some(e)),
                };
            }
        }
    };

    // Audit before the journal's outcome: a crash in between re-sends the delete on resume
    // (answered "already gone") and audits again, rather than leaving a delete unaudited.
    if let Some(audit_outcome) = outcome.as_audit() {
        let entry = audit_entry(ctx, item, audit_outcome, Some(backup));
        ctx.audit.record(&entry).await.map_err(Halt::Stop)?;
    }
    ctx.finish_item(&item.session_id, outcome).await?;
    match stop_after {
        Some(reason) => Err(Halt::Stop(reason)),
        None => Ok(()),
    }
}

/// `Some(retry_after)` when the server said "too many of you" (429, 503).
fn overload_hint(e: &ApiError) -> Option<Option<Duration>> {
    match e {
        ApiError::RateLimited { retry_after, .. } => Some(*retry_after),
        ApiError::Server { status: 503, .. } => Some(None),
        _ => None,
    }
}

/// After the third overload in a row of one step, wait too (as for the network: growing,
/// announced, cancellable), so a server that answers 503 for minutes is not hammered.
async fn pause_after_overload(ctx: &Ctx, overloads: u32) -> Result<(), Halt> {
    if overloads >= 3 {
        ctx.wait_a_while(overloads - 3, WaitReason::Quota).await?;
    }
    Ok(())
}

/// Failures that would hit every other item too, so the job stops instead of failing them
/// one by one: the backup folder is full, not writable or gone (a USB stick pulled out),
/// the app's own files cannot be written, or the sign-in is refused. Decided from the
/// error's kind and the disk's [`IoProblem`], never from words.
fn stops_the_job(e: &DeskError) -> bool {
    match e {
        DeskError::Storage(_) | DeskError::Auth(_) => true,
        DeskError::Backup(_) => e.io_problem().is_some_and(IoProblem::is_folder_problem),
        _ => false,
    }
}

/// The item's place under the concurrency limit, given back while it waits out an
/// overload so the job as a whole slows down.
struct Slot(Option<Permit>);

impl Slot {
    fn success(&self) {
        if let Some(p) = &self.0 {
            p.success();
        }
    }

    async fn back_off(&mut self, ctx: &Ctx, retry_after: Option<Duration>) {
        if let Some(p) = self.0.take() {
            p.overload(retry_after);
        }
        self.0 = Some(ctx.limiter.acquire().await);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_moved_aside_never_overwrite_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let zip = dir.path().join("Meeting [s1].zip");
        for round in 1..=3 {
            std::fs::write(&zip, format!("attempt {round}")).unwrap();
            move_aside(&zip).unwrap();
            assert!(!zip.exists());
        }
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(read("Meeting [s1].zip.replaced"), "attempt 1");
        assert_eq!(read("Meeting [s1].zip.replaced-2"), "attempt 2");
        assert_eq!(read("Meeting [s1].zip.replaced-3"), "attempt 3");
    }

    #[test]
    fn only_folder_and_sign_in_problems_stop_the_job() {
        use std::io::ErrorKind as K;
        for kind in [
            K::StorageFull,
            K::QuotaExceeded,
            K::PermissionDenied,
            K::ReadOnlyFilesystem,
            K::NotFound,
        ] {
            let io = IoProblem::from(kind);
            assert!(
                stops_the_job(&DeskError::Backup(Detail::BackupNotWritten {
                    io: Some(io)
                })),
                "{kind:?}"
            );
            assert!(
                stops_the_job(&DeskError::Backup(Detail::BackupNotSaved { io })),
                "{kind:?}"
            );
        }
        let journal = std::io::Error::from(K::Other);
        assert!(stops_the_job(&DeskError::app_file(
            crate::error::AppFile::Journal,
            crate::error::FileAction::Write,
            &journal
        )));
        assert!(stops_the_job(&DeskError::Auth(Detail::SignInRefused)));
        // A damaged file in one backup, or a write failure the disk gave no reason for,
        // concerns that session only.
        assert!(!stops_the_job(&DeskError::Backup(Detail::NotIntact {
            problem: crate::error::IntactProblem::EntryChanged,
            entry: Some("a.json".into()),
            io: None,
        })));
        assert!(!stops_the_job(&DeskError::Backup(
            Detail::BackupNotWritten {
                io: Some(IoProblem::Other)
            }
        )));
        assert!(!stops_the_job(&DeskError::Server(Detail::ServerProblem)));
        assert!(!stops_the_job(&DeskError::Network(Detail::Unreachable)));
    }

    #[test]
    fn a_session_gone_before_backup_is_reported_honestly() {
        use BulkMode::{BackUpOnly, BackUpThenDelete};
        assert_eq!(
            gone_before_backup(BackUpThenDelete, false, Gone::Deleted),
            ItemOutcome::AlreadyDeleted
        );
        // 404 is "not found or not yours": never reported as deleted.
        assert_eq!(
            gone_before_backup(BackUpThenDelete, false, Gone::NotFound),
            ItemOutcome::NotOnScriptix
        );
        for gone in [Gone::Deleted, Gone::NotFound] {
            assert!(matches!(
                gone_before_backup(BackUpThenDelete, true, gone),
                ItemOutcome::Failed { .. }
            ));
            assert!(matches!(
                gone_before_backup(BackUpOnly, false, gone),
                ItemOutcome::Failed { .. }
            ));
        }
    }

    #[test]
    fn overload_is_429_and_503_only() {
        let d = Duration::from_secs(2);
        assert_eq!(
            overload_hint(&ApiError::RateLimited {
                retry_after: Some(d),
                message: String::new()
            }),
            Some(Some(d))
        );
        assert_eq!(
            overload_hint(&ApiError::Server {
                status: 503,
                message: String::new()
            }),
            Some(None)
        );
        assert_eq!(
            overload_hint(&ApiError::Server {
                status: 500,
                message: String::new()
            }),
            None
        );
        assert_eq!(
            overload_hint(&ApiError::Network {
                message: String::new()
            }),
            None
        );
    }
}
