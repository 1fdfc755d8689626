//! The audit-log entry for a single delete (bulk jobs write their own).

use crate::audit::{timestamp_now, AuditEntry, AuditKind, AuditOutcome};
use crate::backup::AccountMeta;
use crate::deletion::{DeleteReport, DeleteResult, DeleteTarget};
use crate::reason::{FailedStep, FailureReason};
use crate::{DeskError, DeskResult};

/// `None` when nothing was sent to Scriptix (e.g. the backup failed or was cancelled):
/// the audit log records deletions, not deletions that never started.
pub fn entry_for(
    account: &AccountMeta,
    target: &DeleteTarget,
    name: String,
    result: &DeskResult<DeleteReport>,
) -> Option<AuditEntry> {
    let (kind, session_id, document_id, comment_id) = match target {
        DeleteTarget::Session { session_id } => (AuditKind::Session, session_id, None, None),
        DeleteTarget::Document {
            session_id,
            document_id,
        } => (
            AuditKind::Document,
            session_id,
            Some(document_id.clone()),
            None,
        ),
        DeleteTarget::Comment {
            session_id,
            document_id,
            comment_id,
        } => (
            AuditKind::Comment,
            session_id,
            Some(document_id.clone()),
            Some(comment_id.clone()),
        ),
    };
    let (outcome, backup) = match result {
        Ok(r) => (
            match r.outcome {
                DeleteResult::Deleted => AuditOutcome::Deleted,
                DeleteResult::AlreadyDeleted => AuditOutcome::AlreadyDeleted,
                DeleteResult::NotOnScriptix => AuditOutcome::NotOnScriptix,
            },
            r.backup.clone(),
        ),
        Err(DeskError::Forbidden(_)) => (AuditOutcome::NotPermitted, None),
        Err(DeskError::Backup(_) | DeskError::Cancelled(_) | DeskError::InvalidInput(_)) => {
            return None
        }
        Err(e) => (
            AuditOutcome::Failed {
                reason: FailureReason::new(FailedStep::NotDeleted, Some(e.clone())),
            },
            None,
        ),
    };
    Some(AuditEntry {
        at: timestamp_now(),
        account_label: account.label.clone(),
        organization: account.organization.clone(),
        server: account.server.clone(),
        kind,
        session_id: session_id.clone(),
        document_id,
        comment_id,
        name,
        outcome,
        backup_path: backup.as_ref().map(|b| b.path.clone()),
        backup_sha256: backup.map(|b| b.sha256),
    })
}
