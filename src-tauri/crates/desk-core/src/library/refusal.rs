//! What the app does when Scriptix refuses (403) a delete its rules allowed.

use super::{ItemKey, Library};
use crate::accounts::AccountService;

/// The item's delete button goes at once. If the account's roles were unknown (the rules
/// then guess generously), `/account/me` is asked again: it may say the roles now. Two such
/// refusals with the roles still unknown make the account view-only for deletes until
/// they are known (see [`super::Knowledge::deletes_view_only`]).
pub async fn learn_from_refusal(
    accounts: &AccountService,
    library: &Library,
    account_id: &str,
    key: ItemKey,
) {
    library.mark_forbidden(account_id, key);
    let roles_known = accounts
        .viewer_for(account_id)
        .await
        .is_ok_and(|v| v.roles_known);
    if roles_known {
        return;
    }
    match accounts.refresh_identity(account_id).await {
        Ok(viewer) => library.set_viewer(account_id, viewer),
        Err(e) => {
            tracing::info!(account = account_id, error = %e, "could not read the account's roles again")
        }
    }
}
