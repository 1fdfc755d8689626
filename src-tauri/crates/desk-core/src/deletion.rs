//! Save a backup, then delete: the one way the app deletes a single item.
//!
//! Order is the whole point: the delete request is sent only after the backup is finished,
//! synced, read back with every checksum matching, and known to contain the item. Any
//! failure or cancel before that returns an error and nothing is deleted.

use scriptix_api::{DeleteOutcome, ScriptixClient};
use serde::{Deserialize, Serialize};

use crate::backup::{back_up_sessions, AccountMeta, BackupProgress, VerifiedBackup};
use crate::cancel::CancelToken;
use crate::error::{DeskError, DeskResult, Detail};
use crate::library::{document_comments, ItemKey};
use crate::saving::{back_up_to, SaveTarget};

/// What to delete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum DeleteTarget {
    Document {
        session_id: String,
        document_id: String,
    },
    Session {
        session_id: String,
    },
    Comment {
        session_id: String,
        document_id: String,
        comment_id: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum DeleteResult {
    Deleted,
    /// It was already gone from Scriptix; nothing was lost.
    AlreadyDeleted,
    /// Scriptix answered "not found", which the docs define as "not found or not yours":
    /// not on Scriptix for this account (already deleted, or not visible to it). Nothing
    /// was deleted by this app.
    NotOnScriptix,
}

/// The verified backup a delete relied on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupSummary {
    pub path: String,
    /// SHA-256 of the `.zip`, lower-case hex.
    pub sha256: String,
    pub bytes: f64,
}

impl From<&VerifiedBackup> for BackupSummary {
    fn from(v: &VerifiedBackup) -> Self {
        BackupSummary {
            path: v.path.display().to_string(),
            sha256: v.sha256.clone(),
            bytes: v.bytes as f64,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeleteReport {
    pub outcome: DeleteResult,
    /// `None` when the person chose to delete without a backup, or the item was already
    /// gone before a backup was made.
    pub backup: Option<BackupSummary>,
}

/// Back `target` up to `backup_path` (verified), then delete it. `backup_path: None` deletes
/// without a backup; the UI only passes that after asking twice.
///
/// A comment's backup holds its whole document with all its comments. An item that is
/// already gone before the backup is reported without a backup file, since there is nothing
/// left to save: [`DeleteResult::AlreadyDeleted`] when Scriptix flags it deleted,
/// [`DeleteResult::NotOnScriptix`] when it answers "not found".
pub async fn back_up_then_delete(
    client: &ScriptixClient,
    account: &AccountMeta,
    target: &DeleteTarget,
    backup_to: Option<SaveTarget>,
    include_media: bool,
    progress: &(dyn Fn(BackupProgress) + Send + Sync),
    cancel: &CancelToken,
) -> DeskResult<DeleteReport> {
    cancel.check()?;
    let backup = match backup_to {
        None => None,
        Some(save_target) => {
            let presence = presence(client, target).await?;
            let gone = match presence {
                Presence::Deleted => Some(DeleteResult::AlreadyDeleted),
                Presence::NotFound => Some(DeleteResult::NotOnScriptix),
                Presence::Here | Presence::CommentsNotListed => None,
            };
            if let Some(outcome) = gone {
                return Ok(DeleteReport {
                    outcome,
                    backup: None,
                });
            }
            let (session_id, only_documents) = target.backup_scope();
            // A file the person chose to replace is replaced only by a verified backup.
            // Checked before it takes the chosen name, so a backup that lacks the item never
            // replaces a file.
            let verified = back_up_to(&save_target, |path| async move {
                let verified = back_up_sessions(
                    client,
                    account.clone(),
                    std::slice::from_ref(&session_id),
                    only_documents.as_deref(),
                    include_media,
                    &path,
                    progress,
                    cancel,
                )
                .await?;
                if !backup_holds(&verified, target, presence == Presence::CommentsNotListed) {
                    let _ = std::fs::remove_file(&verified.path);
                    return Err(DeskError::Backup(Detail::ChangedDuringBackup));
                }
                Ok(verified)
            })
            .await?;
            Some(BackupSummary::from(&verified))
        }
    };
    // The last moment a Stop can still prevent the delete.
    cancel.check()?;
    let outcome = match target {
        DeleteTarget::Session { session_id } => client.delete_session(session_id).await,
        DeleteTarget::Document {
            session_id,
            document_id,
        } => client.delete_document(session_id, document_id).await,
        DeleteTarget::Comment {
            session_id,
            document_id,
            comment_id,
        } => {
            client
                .delete_comment(session_id, document_id, comment_id)
                .await
        }
    }?;
    let outcome = match outcome {
        DeleteOutcome::Deleted => DeleteResult::Deleted,
        DeleteOutcome::AlreadyGone => DeleteResult::AlreadyDeleted,
        DeleteOutcome::NotFound => DeleteResult::NotOnScriptix,
    };
    Ok(DeleteReport { outcome, backup })
}

/// The session to back up and, for a document or comment, the one document in it.
impl DeleteTarget {
    /// What a backup made before this delete holds: the item's session, and for a document
    /// or a comment only that document (with all its comments). The one place this is
    /// decided: single backups, deletes and the save dialog's suggestion all ask here.
    pub fn backup_scope(&self) -> (String, Option<Vec<(String, String)>>) {
        match self {
            DeleteTarget::Session { session_id } => (session_id.clone(), None),
            DeleteTarget::Document {
                session_id,
                document_id,
            }
            | DeleteTarget::Comment {
                session_id,
                document_id,
                ..
            } => (
                session_id.clone(),
                Some(vec![(session_id.clone(), document_id.clone())]),
            ),
        }
    }
}

/// The library's key for the item a delete is aimed at. Here rather than in `library`, which
/// knows nothing of deletes.
impl From<&DeleteTarget> for ItemKey {
    fn from(target: &DeleteTarget) -> ItemKey {
        match target {
            DeleteTarget::Session { session_id } => ItemKey::Session(session_id.clone()),
            DeleteTarget::Document {
                session_id,
                document_id,
            } => ItemKey::Document(session_id.clone(), document_id.clone()),
            DeleteTarget::Comment {
                session_id,
                document_id,
                comment_id,
            } => ItemKey::Comment(session_id.clone(), document_id.clone(), comment_id.clone()),
        }
    }
}

/// What Scriptix says about the item before its backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Presence {
    Here,
    /// Returned, but flagged `is_deleted: true`: gone, nothing to back up.
    Deleted,
    /// 404: not on Scriptix for this account (already deleted, or not visible to it).
    NotFound,
    /// A comment on a document that is here, on a server with no comment list call and
    /// no comments in the document: whether the comment exists cannot be known without
    /// asking, so the document is backed up and the delete is sent.
    CommentsNotListed,
}

fn absent(e: scriptix_api::ApiError) -> DeskResult<Presence> {
    match e {
        scriptix_api::ApiError::NotFound { .. } => Ok(Presence::NotFound),
        scriptix_api::ApiError::Deleted { .. } => Ok(Presence::Deleted),
        e => Err(e.into()),
    }
}

/// Whether Scriptix still has the item. Only a clear "not there" counts as gone; anything
/// uncertain (a session that does not list its documents) proceeds to the backup, which
/// is strict about what it could save.
async fn presence(client: &ScriptixClient, target: &DeleteTarget) -> DeskResult<Presence> {
    match target {
        DeleteTarget::Session { session_id } => match client.session(session_id).await {
            Ok(_) => Ok(Presence::Here),
            Err(e) => absent(e),
        },
        DeleteTarget::Document {
            session_id,
            document_id,
        } => {
            let listed = match client.session(session_id).await {
                Ok(session) => session
                    .documents
                    .is_none_or(|docs| docs.iter().any(|d| &d.id == document_id)),
                Err(e) => return absent(e),
            };
            if listed {
                return Ok(Presence::Here);
            }
            // Not in the session's list (which leaves deleted ones out): ask the document
            // itself whether it is flagged deleted or simply not found.
            match client.document(session_id, document_id).await {
                Ok(_) => Ok(Presence::Here),
                Err(e) => absent(e),
            }
        }
        DeleteTarget::Comment {
            session_id,
            document_id,
            comment_id,
        } => {
            let doc = match client.document(session_id, document_id).await {
                Ok(doc) => doc,
                Err(e) => return absent(e),
            };
            let comments = document_comments(client, session_id, document_id, &doc).await?;
            Ok(match comments {
                Some(listed) if listed.iter().any(|c| &c.id == comment_id) => Presence::Here,
                Some(_) => Presence::NotFound,
                None => Presence::CommentsNotListed,
            })
        }
    }
}

/// The verified backup really contains what is about to be deleted. A comment on a server
/// that cannot list comments cannot be in the backup; then its document must be.
fn backup_holds(backup: &VerifiedBackup, target: &DeleteTarget, comments_not_listed: bool) -> bool {
    let sessions = &backup.manifest.sessions;
    match target {
        DeleteTarget::Session { session_id } => sessions.iter().any(|s| &s.id == session_id),
        DeleteTarget::Document {
            session_id,
            document_id,
        } => sessions
            .iter()
            .filter(|s| &s.id == session_id)
            .any(|s| s.documents.iter().any(|d| &d.id == document_id)),
        DeleteTarget::Comment {
            session_id,
            document_id,
            comment_id,
        } => sessions
            .iter()
            .filter(|s| &s.id == session_id)
            .flat_map(|s| &s.documents)
            .filter(|d| &d.id == document_id)
            .any(|d| comments_not_listed || d.comments.iter().any(|c| &c.id == comment_id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_cross_ipc_tagged_and_in_camel_case() {
        let target: DeleteTarget = serde_json::from_value(serde_json::json!({
            "kind": "comment", "sessionId": "s", "documentId": "d", "commentId": "c"
        }))
        .unwrap();
        assert_eq!(
            target,
            DeleteTarget::Comment {
                session_id: "s".into(),
                document_id: "d".into(),
                comment_id: "c".into()
            }
        );
        let report = DeleteReport {
            outcome: DeleteResult::AlreadyDeleted,
            backup: None,
        };
        assert_eq!(
            serde_json::to_value(report).unwrap(),
            serde_json::json!({"outcome": "alreadyDeleted", "backup": null})
        );
    }

    #[test]
    fn a_comment_is_backed_up_with_its_whole_document() {
        let target = DeleteTarget::Comment {
            session_id: "s".into(),
            document_id: "d".into(),
            comment_id: "c".into(),
        };
        assert_eq!(
            target.backup_scope(),
            ("s".into(), Some(vec![("s".into(), "d".into())]))
        );
        let session = DeleteTarget::Session {
            session_id: "s".into(),
        };
        assert_eq!(session.backup_scope(), ("s".into(), None));
    }
}
