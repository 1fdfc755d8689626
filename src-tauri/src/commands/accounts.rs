//! Adding, switching and removing Scriptix accounts.

use desk_core::accounts::{AccountView, RemovedAccount, SignInStep, MICROSOFT_SIGN_IN_TIMEOUT};
use desk_core::cancel::CancelToken;
use desk_core::DeskResult;
use scriptix_api::Secret;
use serde::Deserialize;

use crate::ipc_record::reply;
use crate::state::State;

// Passwords and keys deserialize straight into `Secret` (a string to the UI): no plain
// `String` ever holds one, and `{:?}` of an input shows `<redacted>` in its place.

#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AddKeyInput {
    pub label: Option<String>,
    pub server: Option<String>,
    #[specta(type = String)]
    pub api_key: Secret,
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
    #[specta(type = String)]
    pub password: Secret,
}

/// A password or key passed as a plain command argument.
#[derive(Debug, Deserialize, specta::Type)]
#[serde(transparent)]
pub struct SecretText(#[specta(type = String)] pub Secret);

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
    let r = state
        .accounts
        .add_with_api_key(input.label, input.server, input.api_key)
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
    let r = state
        .accounts
        .begin_password_sign_in(input.label, input.server, &input.email, input.password)
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

/// The person closed the code dialog: the parked password is dropped now, not after 5 min.
#[tauri::command]
#[specta::specta]
pub async fn cancel_sign_in(state: State<'_>, pending_id: String) -> DeskResult<()> {
    state.accounts.cancel_sign_in(&pending_id);
    reply("cancel_sign_in", Ok(()))
}

#[tauri::command]
#[specta::specta]
pub async fn renew_with_key(
    state: State<'_>,
    account_id: String,
    api_key: SecretText,
) -> DeskResult<AccountView> {
    let r = state
        .accounts
        .reauth_with_api_key(&account_id, api_key.0)
        .await;
    reply("renew_with_key", r)
}

#[tauri::command]
#[specta::specta]
pub async fn renew_with_password(
    state: State<'_>,
    account_id: String,
    email: String,
    password: SecretText,
) -> DeskResult<SignInStep> {
    let r = state
        .accounts
        .begin_password_reauth(&account_id, &email, password.0)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Formatting a sign-in input (a log line, a panic, a debug print) never shows the
    /// password or key it carries.
    #[test]
    fn inputs_never_show_their_secret() {
        let sign_in: SignInInput = serde_json::from_str(
            r#"{"label":null,"server":null,"email":"ada@acme.example","password":"pw-hunter2"}"#,
        )
        .unwrap();
        let add: AddKeyInput = serde_json::from_str(
            r#"{"label":"Office","server":null,"apiKey":"key-hunter2","keyHeader":"bearer"}"#,
        )
        .unwrap();
        let bare: SecretText = serde_json::from_str(r#""arg-hunter2""#).unwrap();
        assert_eq!(sign_in.password.expose(), "pw-hunter2");
        assert_eq!(add.api_key.expose(), "key-hunter2");
        assert_eq!(bare.0.expose(), "arg-hunter2");
        let shown = format!("{sign_in:?} {sign_in:#?} {add:?} {add:#?} {bare:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(
            shown.contains("ada@acme.example"),
            "the rest stays readable"
        );
    }
}
