//! What every command that talks to Scriptix does with the answer.

use desk_core::{DeskError, DeskResult};
use tauri::AppHandle;

use crate::events::{self, SignInExpired};
use crate::state::AppState;

/// Pass `result` through; when Scriptix refused the account's sign-in (401), mark the account
/// and tell the UI, so it can offer "sign in again" for exactly that account.
pub async fn watch<T>(
    app: &AppHandle,
    state: &AppState,
    account_id: &str,
    result: DeskResult<T>,
) -> DeskResult<T> {
    if let Err(DeskError::Auth(_)) = &result {
        sign_in_refused(app, state, account_id).await;
    }
    result
}

/// Scriptix refused the account's sign-in (a call, or a bulk job partway): mark the account
/// and raise the "sign in again" banner for it.
pub async fn sign_in_refused(app: &AppHandle, state: &AppState, account_id: &str) {
    if state.accounts.mark_needs_sign_in(account_id).await.is_ok() {
        if let Ok(account) = state.account(account_id).await {
            events::send(
                app,
                "sign_in_expired",
                SignInExpired {
                    account_id: account.id,
                    label: account.label,
                },
            );
        }
    }
}
