//! Save a backup, then delete — and the gentle alternative, mark as finished.

use desk_core::delete_item::{self, Books, DeleteRequest};
use desk_core::deletion::{DeleteReport, DeleteTarget};
use desk_core::library::DocumentRow;
use desk_core::saving::SaveTarget;
use desk_core::DeskResult;
use tauri::AppHandle;

use super::backup::{ask_backup_path, progress_sender};
use super::guard::watch;
use crate::action;
use crate::dialog::DialogWords;
use crate::ipc_record::reply;
use crate::state::State;

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
    // Early errors too (no sign-in, the dialog cancelled) go through `watch` and the IPC
    // record: the banner must show for a missing sign-in as for a 401.
    let r = async {
        let account = state.account_meta(&account_id).await?;
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
        let books = Books {
            accounts: &state.accounts,
            library: &state.library,
            audit: &state.audit,
        };
        let request = DeleteRequest {
            account_id: &account_id,
            account: &account,
            target: &target,
            backup_to,
            include_media,
        };
        let r = delete_item::run(books, action.client(), request, &progress, action.cancel()).await;
        drop(action);
        if let Ok(DeleteReport {
            backup: Some(backup),
            ..
        }) = &r
        {
            // "Open folder" and "Open backup" accept files this app wrote.
            state.note_written(&account_id, std::path::Path::new(&backup.path));
        }
        r
    }
    .await;
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
