//! Browsing: the session list, a session's documents, one document with its comments.

use desk_core::library::{DocumentView, LibraryQuery, LibraryWindow, LoadProgress, SessionRow};
use desk_core::DeskResult;
use tauri::AppHandle;

use super::guard::watch;
use crate::events::{self, LibraryProgress};
use crate::ipc_record::reply;
use crate::state::State;

/// Start loading the account's sessions in the background (a no-op when they are loaded,
/// unless `refresh`). Progress arrives as `LibraryProgress` events.
#[tauri::command]
#[specta::specta]
pub async fn open_library(
    app: AppHandle,
    state: State<'_>,
    account_id: String,
    refresh: bool,
) -> DeskResult<LoadProgress> {
    let client = watch(&app, &state, &account_id, state.client(&account_id).await).await?;
    let viewer = state.viewer(&account_id).await?;
    let (state2, app2, id) = (state.inner().clone(), app.clone(), account_id.clone());
    tauri::async_runtime::spawn(async move {
        let progress =
            |p: LoadProgress| events::send(&app2, "library_progress", LibraryProgress(p));
        let loaded = state2
            .library
            .load(&id, &client, viewer, refresh, progress)
            .await;
        let _ = watch(&app2, &state2, &id, loaded).await;
    });
    reply("open_library", Ok(state.library.progress(&account_id)))
}

/// Rows `offset..offset+limit` of the loaded sessions that match `query`.
#[tauri::command]
#[specta::specta]
pub async fn library_window(
    state: State<'_>,
    account_id: String,
    query: LibraryQuery,
    offset: u32,
    limit: u32,
) -> DeskResult<LibraryWindow> {
    reply(
        "library_window",
        Ok(state
            .library
            .window(&account_id, &query, offset, limit.min(500))),
    )
}

/// Ids of every loaded session matching `query` ("select all matching").
#[tauri::command]
#[specta::specta]
pub async fn matching_session_ids(
    state: State<'_>,
    account_id: String,
    query: LibraryQuery,
) -> DeskResult<Vec<String>> {
    reply(
        "matching_session_ids",
        Ok(state.library.matching_ids(&account_id, &query)),
    )
}

/// Which of the selected sessions this account may delete (decided in Rust, like every
/// permission; the UI offers "back up and delete" only for these).
#[tauri::command]
#[specta::specta]
pub async fn deletable_sessions(
    state: State<'_>,
    account_id: String,
    session_ids: Vec<String>,
) -> DeskResult<Vec<String>> {
    reply(
        "deletable_sessions",
        Ok(state.library.deletable_among(&account_id, &session_ids)),
    )
}

/// A session with its documents, fresh from Scriptix.
#[tauri::command]
#[specta::specta]
pub async fn session_details(
    app: AppHandle,
    state: State<'_>,
    account_id: String,
    session_id: String,
) -> DeskResult<SessionRow> {
    let r = async {
        let client = state.client(&account_id).await?;
        state
            .library
            .session_details(&account_id, &client, &session_id)
            .await
    }
    .await;
    reply("session_details", watch(&app, &state, &account_id, r).await)
}

/// A document's text and comments, with what may be done to each.
#[tauri::command]
#[specta::specta]
pub async fn open_document(
    app: AppHandle,
    state: State<'_>,
    account_id: String,
    session_id: String,
    document_id: String,
) -> DeskResult<DocumentView> {
    let r = async {
        let client = state.client(&account_id).await?;
        state
            .library
            .open_document(&account_id, &client, &session_id, &document_id)
            .await
    }
    .await;
    reply("open_document", watch(&app, &state, &account_id, r).await)
}

/// Open a document from a Scriptix shared link, read-only.
#[tauri::command]
#[specta::specta]
pub async fn open_shared_link(
    state: State<'_>,
    account_id: String,
    link: String,
) -> DeskResult<DocumentView> {
    let r = async {
        let account = state.account(&account_id).await?;
        state
            .library
            .open_shared_link(&account_id, &account.server, &link)
            .await
    }
    .await;
    reply("open_shared_link", r)
}
