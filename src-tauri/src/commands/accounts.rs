//! Adding, switching and removing Scriptix accounts.

use desk_core::accounts::{AccountView, RemovedAccount, SignInStep, MICROSOFT_SIGN_IN_TIMEOUT};
use desk_core::cancel::CancelToken;
use desk_core::DeskResult;
use scriptix_api::Secret;
use serde::Deserialize;

use crate::ipc_record::reply;
use crate::state::State;

#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AddKeyInput {
    pub label: Option<String>,
    pub server: Option<String>,
    pub api_key: String,
}

#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MicrosoftInput {
    pub label: Option<String>,
    pub server: Option<String>,
}

/// The job id under which a running Microsoft sign-in can be stopped (`cancel_job`).
pub const MICROSOFT_SIGN_IN_JOB: &str = "microsoft-sign-in";

#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SignInInput {
    pub label: Option<String>,
    pub server: Option<String>,
    pub email: String,
    pub password: String,
}

#[tauri::command]
#[specta::specta]
pub async fn list_accounts(state: State<'_>) -> DeskResult<Vec<AccountView>> {
    reply("list_accounts", Ok(state.accounts.list().await))
}

/// Checks the key with Scriptix, then saves it in the OS keyring. Nothing is saved if
/// Scriptix refuses it.
#[tauri::command]
#[specta::specta]
pub async fn add_account_with_key(state: State<'_>, input: AddKeyInput) -> DeskResult<AccountView> {
    let key = Secret::new(input.api_key);
    let r = state
        .accounts
        .add_with_api_key(input.label, input.server, key)
        .await;
    reply("add_account_with_key", r)
}

/// "Sign in with Microsoft": opens the system browser and waits (up to 5 minutes, or until
/// `cancel_job("microsoft-sign-in")`) for Scriptix to send it back with a token; only the
/// token is kept. A newer attempt stops an older one.
#[tauri::command]
#[specta::specta]
pub async fn sign_in_with_microsoft(
    state: State<'_>,
    input: MicrosoftInput,
) -> DeskResult<AccountView> {
    let cancel = CancelToken::new();
    if let Some(older) = state
        .jobs
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(MICROSOFT_SIGN_IN_JOB.into(), cancel.clone())
    {
        older.cancel();
    }
    let r = state
        .accounts
        .add_with_microsoft(
            input.label,
            input.server,
            crate::browser::open,
            MICROSOFT_SIGN_IN_TIMEOUT,
            &cancel,
        )
        .await;
    if !cancel.is_cancelled() {
        state.end_job(MICROSOFT_SIGN_IN_JOB);
    }
    reply("sign_in_with_microsoft", r)
}

/// Email and password sign-in; only the token Scriptix returns is kept.
#[tauri::command]
#[specta::specta]
pub async fn sign_in(state: State<'_>, input: SignInInput) -> DeskResult<SignInStep> {
    let password = Secret::new(input.password);
    let r = state
        .accounts
        .begin_password_sign_in(input.label, input.server, &input.email, password)
        .await;
    reply("sign_in", r)
}

#[tauri::command]
#[specta::specta]
pub async fn finish_sign_in(
    state: State<'_>,
    pending_id: String,
    code: String,
) -> DeskResult<AccountView> {
    reply(
        "finish_sign_in",
        state.accounts.finish_mfa(&pending_id, &code).await,
    )
}

#[tauri::command]
#[specta::specta]
pub async fn renew_with_key(
    state: State<'_>,
    account_id: String,
    api_key: String,
) -> DeskResult<AccountView> {
    let r = state
        .accounts
        .reauth_with_api_key(&account_id, Secret::new(api_key))
        .await;
    reply("renew_with_key", r)
}

#[tauri::command]
#[specta::specta]
pub async fn renew_with_password(
    state: State<'_>,
    account_id: String,
    email: String,
    password: String,
) -> DeskResult<SignInStep> {
    let r = state
        .accounts
        .begin_password_reauth(&account_id, &email, Secret::new(password))
        .await;
    reply("renew_with_password", r)
}

#[tauri::command]
#[specta::specta]
pub async fn switch_account(state: State<'_>, account_id: String) -> DeskResult<AccountView> {
    reply("switch_account", state.accounts.switch(&account_id).await)
}

#[tauri::command]
#[specta::specta]
pub async fn rename_account(
    state: State<'_>,
    account_id: String,
    label: String,
) -> DeskResult<AccountView> {
    reply(
        "rename_account",
        state.accounts.rename(&account_id, &label).await,
    )
}

#[tauri::command]
#[specta::specta]
pub async fn reorder_accounts(
    state: State<'_>,
    account_ids: Vec<String>,
) -> DeskResult<Vec<AccountView>> {
    reply(
        "reorder_accounts",
        state.accounts.reorder(&account_ids).await,
    )
}

/// Forgets the account: its keyring entry and cached lists go; nothing on Scriptix changes.
#[tauri::command]
#[specta::specta]
pub async fn remove_account(state: State<'_>, account_id: String) -> DeskResult<RemovedAccount> {
    let r = state.accounts.remove(&account_id).await;
    state.library.forget(&account_id);
    reply("remove_account", r)
}

#[tauri::command]
#[specta::specta]
pub async fn forget_all_accounts(state: State<'_>) -> DeskResult<Vec<RemovedAccount>> {
    let r = state.accounts.forget_all().await;
    if let Ok(removed) = &r {
        removed.iter().for_each(|a| state.library.forget(&a.id));
    }
    reply("forget_all_accounts", r)
}
