//! Save a backup, then delete — and the gentle alternative, mark as finished.

use desk_core::deletion::{self, DeleteReport, DeleteTarget};
use desk_core::deletion_record;
use desk_core::library::{DocumentRow, ItemKey};
use desk_core::saving::SaveTarget;
use desk_core::{DeskError, DeskResult};
use tauri::AppHandle;

use super::backup::{ask_backup_path, progress_sender};
use super::guard::watch;
use crate::action;
use crate::dialog::DialogWords;
use crate::ipc_record::reply;
use crate::state::{AppState, State};

/// The item's name as the person saw it, for the audit log.
fn item_name(state: &AppState, account_id: &str, target: &DeleteTarget) -> String {
    let (session_id, _) = target.backup_scope();
    let session = state.library.session(account_id, &session_id);
    match (target, session) {
        (DeleteTarget::Session { .. }, Some(s)) => s.filename,
        (
            DeleteTarget::Document { document_id, .. } | DeleteTarget::Comment { document_id, .. },
            Some(s),
        ) => {
            let doc = s
                .documents
                .unwrap_or_default()
                .into_iter()
                .find(|d| &d.id == document_id);
            let doc_name = doc
                .map(|d| d.filename)
                .unwrap_or_else(|| document_id.clone());
            // For a comment, its document's name: the record's kind says it was a
            // comment, and the UI words it ("Comment on …") in the person's language.
            doc_name
        }
        (_, None) => session_id,
    }
}

fn key(t: &DeleteTarget) -> ItemKey {
    match t {
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

/// Delete a session, document or comment. With `with_backup` (the default in the UI) the
/// backup is saved where the person chooses and verified first; without, the UI has asked
/// twice. Already gone counts as done. The item leaves every list at once; a refusal (403)
/// hides its delete button from then on.
#[tauri::command]
#[specta::specta]
#[allow(clippy::too_many_arguments)] // the IPC call's named fields, plus Tauri's app and state
pub async fn delete_item(
    app: AppHandle,
    state: State<'_>,
    account_id: String,
    target: DeleteTarget,
    with_backup: bool,
    include_media: bool,
    words: DialogWords,
    action_id: String,
) -> DeskResult<DeleteReport> {
    let account = state.account_meta(&account_id).await?;
    let name = item_name(&state, &account_id, &target);
    let backup_to = if with_backup {
        let (session_id, _) = target.backup_scope();
        let path = ask_backup_path(&app, &state, &account_id, &session_id, &words).await?;
        Some(SaveTarget::chosen(path))
    } else {
        None
    };
    let client = state.client(&account_id).await?;
    // Stop (`cancel_job(action_id)`) also ends a wait for Scriptix, which the UI is told of.
    let action = action::start(&app, &state.jobs, &action_id, &client)?;
    let progress = progress_sender(&app, action.id());
    let r = deletion::back_up_then_delete(
        action.client(),
        &account,
        &target,
        backup_to,
        include_media,
        &progress,
        action.cancel(),
    )
    .await;
    drop(action);
    match &r {
        Ok(report) => {
            state.library.mark_gone(&account_id, key(&target));
            if let Some(backup) = &report.backup {
                state.note_written(&account_id, std::path::Path::new(&backup.path));
            }
        }
        Err(DeskError::Forbidden(_)) => {
            desk_core::library::learn_from_refusal(
                &state.accounts,
                &state.library,
                &account_id,
                key(&target),
            )
            .await
        }
        Err(_) => {}
    }
    if let Some(entry) = deletion_record::entry_for(&account, &target, name, &r) {
        if let Err(e) = state.audit.record(&entry).await {
            tracing::error!("could not write the audit log: {e}");
        }
    }
    reply("delete_item", watch(&app, &state, &account_id, r).await)
}

/// Mark a document as finished (nothing is deleted, editing is locked on Scriptix), or with
/// `finished: false` as not finished again. Stop (`cancel_job(action_id)`) ends a wait.
#[tauri::command]
#[specta::specta]
pub async fn mark_finished(
    app: AppHandle,
    state: State<'_>,
    account_id: String,
    session_id: String,
    document_id: String,
    finished: bool,
    action_id: String,
) -> DeskResult<DocumentRow> {
    let r = async {
        let client = state.client(&account_id).await?;
        let action = action::start(&app, &state.jobs, &action_id, &client)?;
        state
            .library
            .set_finished(
                &account_id,
                action.client(),
                &session_id,
                &document_id,
                finished,
            )
            .await
    }
    .await;
    reply("mark_finished", watch(&app, &state, &account_id, r).await)
}
