//! Asking Scriptix again who an account is, after a delete the rules allowed was refused
//! (403) while the account's roles were unknown: the answer may now say the roles.

use super::model::IdentitySummary;
use super::service::{row_mut, AccountService};
use crate::permissions::Viewer;
use crate::DeskResult;

impl AccountService {
    /// Reads `/account/me` for a saved account and keeps what it says when it says more
    /// than before (an unknown identity or unknown roles are never written over known
    /// ones). Returns the account's viewer as it now stands.
    pub async fn refresh_identity(&self, id: &str) -> DeskResult<Viewer> {
        let client = self.client_for(id).await?;
        let fresh = match client.me().await {
            Ok(me) => Some(IdentitySummary::from(&me)),
            // Still closed to this token: nothing new to learn.
            Err(
                scriptix_api::ApiError::Forbidden { .. } | scriptix_api::ApiError::NotFound { .. },
            ) => None,
            Err(e) => return Err(e.into()),
        };
        let mut state = self.inner.state.lock().await;
        if let (Some(fresh), Some(saved)) = (fresh, state.saved(id).cloned()) {
            if fresh.roles_known && saved.identity.same_user_as(&fresh) && fresh != saved.identity {
                let mut next = state.index.clone();
                row_mut(&mut next, id)?.identity = fresh;
                self.commit(&mut state, next).await?;
            }
        }
        drop(state);
        self.viewer_for(id).await
    }
}
