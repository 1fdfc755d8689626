//! One delete as the person asks for it in the library: save-then-delete
//! ([`crate::deletion::back_up_then_delete`]) plus what the app keeps of it. The item leaves
//! every list at once; a refusal (403) hides its delete button and may teach the app the
//! account's roles; every attempt that reached Scriptix goes into the deletion record, under
//! the name the person saw. The command layer only asks where the backup goes and starts the
//! action (its Stop switch and waits), then maps this function's result.

use scriptix_api::ScriptixClient;

use crate::accounts::AccountService;
use crate::audit::AuditLog;
use crate::backup::{AccountMeta, BackupProgress};
use crate::cancel::CancelToken;
use crate::deletion::{back_up_then_delete, DeleteReport, DeleteTarget};
use crate::deletion_record::entry_for;
use crate::error::{DeskError, DeskResult};
use crate::library::{learn_from_refusal, Library};
use crate::saving::SaveTarget;

/// What the app knows and keeps, changed by a delete.
pub struct Books<'a> {
    pub accounts: &'a AccountService,
    pub library: &'a Library,
    pub audit: &'a AuditLog,
}

/// The item to delete, in the account it belongs to.
pub struct DeleteRequest<'a> {
    pub account_id: &'a str,
    pub account: &'a AccountMeta,
    pub target: &'a DeleteTarget,
    /// Where the backup goes; `None` when the person chose to delete without one.
    pub backup_to: Option<SaveTarget>,
    pub include_media: bool,
}

/// Delete `request.target`, first saving and verifying its backup when one is asked for.
pub async fn run(
    books: Books<'_>,
    client: &ScriptixClient,
    request: DeleteRequest<'_>,
    progress: &(dyn Fn(BackupProgress) + Send + Sync),
    cancel: &CancelToken,
) -> DeskResult<DeleteReport> {
    let DeleteRequest {
        account_id,
        account,
        target,
        backup_to,
        include_media,
    } = request;
    // Read before the delete: afterwards the item is no longer in the library.
    let name = item_name(books.library, account_id, target);
    let result = back_up_then_delete(
        client,
        account,
        target,
        backup_to,
        include_media,
        progress,
        cancel,
    )
    .await;
    match &result {
        Ok(_) => books.library.mark_gone(account_id, target.into()),
        Err(DeskError::Forbidden(_)) => {
            learn_from_refusal(books.accounts, books.library, account_id, target.into()).await
        }
        Err(_) => {}
    }
    if let Some(entry) = entry_for(account, target, name, &result) {
        // The delete itself happened (or did not) either way; a record that cannot be
        // written is logged, not turned into a failed delete the person would retry.
        if let Err(e) = books.audit.record(&entry).await {
            tracing::error!("could not write the audit log: {e}");
        }
    }
    result
}

/// The item's name as the person saw it, for the deletion record. For a document or a
/// comment, the document's name: the record's kind says which, and the UI words a comment
/// ("Comment on …") in the person's language.
fn item_name(library: &Library, account_id: &str, target: &DeleteTarget) -> String {
    let (session_id, _) = target.backup_scope();
    let Some(session) = library.session(account_id, &session_id) else {
        return session_id;
    };
    match target {
        DeleteTarget::Session { .. } => session.filename,
        DeleteTarget::Document { document_id, .. } | DeleteTarget::Comment { document_id, .. } => {
            session
                .documents
                .unwrap_or_default()
                .into_iter()
                .find(|d| &d.id == document_id)
                .map_or_else(|| document_id.clone(), |d| d.filename)
        }
    }
}
