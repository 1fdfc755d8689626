//! What a bulk job tells the UI: live events while it runs, a summary when it stops.

use serde::{Deserialize, Serialize};

use crate::audit::AuditOutcome;
use crate::error::DeskError;
use crate::library::{ItemKey, Library};
use crate::reason::FailureReason;

/// How one session of a bulk job ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ItemOutcome {
    /// Back-up-only job: the backup was written and verified.
    BackedUp,
    /// Backed up, verified, then deleted from Scriptix.
    Deleted,
    /// Backed up, and Scriptix said the delete found it already gone; or, before its
    /// backup, Scriptix flagged it deleted (`is_deleted`), so there was nothing to back up.
    AlreadyDeleted,
    /// Scriptix answered "not found", which also means "not yours": not on Scriptix for
    /// this account (already deleted, or not visible to it). Either the delete was
    /// answered so (after a verified backup), or, in a delete job, reading the session
    /// before its backup was (then there was nothing to back up, and nothing was deleted).
    NotOnScriptix,
    /// Backed up; Scriptix refused the delete (403).
    NotPermitted,
    /// Not finished; nothing was deleted unless `reason` says so.
    Failed { reason: FailureReason },
}

impl ItemOutcome {
    /// The audit-log form, for outcomes of a delete that was sent.
    pub(crate) fn as_audit(&self) -> Option<AuditOutcome> {
        match self {
            ItemOutcome::BackedUp => None,
            ItemOutcome::Deleted => Some(AuditOutcome::Deleted),
            ItemOutcome::AlreadyDeleted => Some(AuditOutcome::AlreadyDeleted),
            ItemOutcome::NotOnScriptix => Some(AuditOutcome::NotOnScriptix),
            ItemOutcome::NotPermitted => Some(AuditOutcome::NotPermitted),
            ItemOutcome::Failed { reason } => Some(AuditOutcome::Failed {
                reason: reason.clone(),
            }),
        }
    }
}

/// Live news from a running job.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum BulkEvent {
    #[serde(rename_all = "camelCase")]
    Progress {
        /// Sessions with a final outcome (including those done before a resume).
        done: u32,
        total: u32,
        /// Bytes of verified backups written so far.
        bytes: f64,
        /// Estimated seconds left, once there is enough to estimate from.
        eta_seconds: Option<f64>,
        /// Sessions the job currently works on at once (adapts to the server).
        concurrency: u32,
        /// Set while Scriptix holds the job back (a rate limit) or cannot be reached: the
        /// job is waiting, not failing, and goes on by itself.
        waiting: Option<JobWait>,
    },
    #[serde(rename_all = "camelCase")]
    ItemDone {
        session_id: String,
        outcome: ItemOutcome,
    },
}

impl BulkEvent {
    /// Keep the library in step with a running job: a session it deleted, or found already
    /// gone, leaves every list at once rather than at the next refresh.
    pub fn follow_in(&self, library: &Library, account_id: &str) {
        if let BulkEvent::ItemDone {
            session_id,
            outcome: ItemOutcome::Deleted | ItemOutcome::AlreadyDeleted | ItemOutcome::NotOnScriptix,
        } = self
        {
            library.mark_gone(account_id, ItemKey::Session(session_id.clone()));
        }
    }
}

/// Why a job (or a single action) is waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum WaitKind {
    /// Scriptix's rate limit: its quota is used up, or it said "come back later".
    Quota,
    /// Scriptix cannot be reached; trying again.
    Network,
}

/// A wait and when it ends.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobWait {
    pub kind: WaitKind,
    /// When it ends, in milliseconds since the Unix epoch (the UI counts down to it).
    pub until_ms: f64,
}

impl JobWait {
    pub fn from_pace(wait: scriptix_api::PaceWait) -> Self {
        let until_ms = wait
            .until
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
        JobWait {
            kind: match wait.reason {
                scriptix_api::WaitReason::Quota => WaitKind::Quota,
                scriptix_api::WaitReason::Network => WaitKind::Network,
            },
            until_ms,
        }
    }
}

/// A session that did not finish, for the "try again" list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FailedItem {
    pub session_id: String,
    pub name: String,
    pub reason: FailureReason,
}

/// Where a job stands when `run` returns (the whole job, including earlier runs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BulkSummary {
    pub job_id: String,
    pub total: u32,
    pub deleted: u32,
    pub already_deleted: u32,
    /// The delete was answered "not found": not on Scriptix for this account (already
    /// deleted, or not visible to it). Never counted as deleted.
    pub not_on_scriptix: u32,
    pub not_permitted: u32,
    pub failed: Vec<FailedItem>,
    /// Sessions with a verified backup on disk.
    pub backed_up: u32,
    /// Sessions with no final outcome yet (the job was cancelled or stopped early).
    pub remaining: u32,
    pub cancelled: bool,
    /// Why the job stopped before the end (e.g. the disk is full), as kind + detail.
    pub stopped_because: Option<DeskError>,
    /// The `backup-index.csv` listing every backup of this job, if it could be written.
    pub index_path: Option<String>,
    /// Scriptix refused the account's sign-in during this run (the job stopped): the app
    /// marks the account as needing a sign-in, as it does for any other refused call.
    pub sign_in_refused: bool,
    /// For "back up the whole account": whether it is covered, or why not (sessions
    /// Scriptix did not list, or sessions not backed up). `None` for picked sessions.
    pub whole_account: Option<crate::bulk::account::AccountCoverage>,
}
