//! Removing accounts: the keyring entry, the list row and the cached data, together.

use std::io::ErrorKind;
use std::path::PathBuf;

use super::index::AccountIndex;
use super::model::RemovedAccount;
use super::service::{run_blocking, AccountService};
use super::state::{not_found, State};
use crate::secrets::account_key;
use crate::DeskResult;

impl AccountService {
    /// Removes the account: its saved sign-in from the keyring, its row from the list,
    /// and its cached data. When the keyring refuses, nothing is removed (a token must
    /// not stay behind in the keyring with no account pointing at it). If it was the
    /// active account, the first remaining one becomes active.
    pub async fn remove(&self, id: &str) -> DeskResult<RemovedAccount> {
        let mut state = self.inner.state.lock().await;
        let was_active = state.active_id() == Some(id);
        let successor = state.first_other(id).filter(|_| was_active);

        let (label, sign_in_deleted) =
            if let Some(pos) = state.practice.iter().position(|p| p.account.id == id) {
                let label = state.practice.remove(pos).account.label;
                if was_active {
                    state.practice_active = None;
                    // The last real account (still in `index.active`) comes back if
                    // there is one; otherwise the first account left.
                    if state.index.active.is_none() {
                        self.make_active(&mut state, successor).await?;
                    }
                }
                (label, false)
            } else {
                let label = state.saved(id).ok_or_else(not_found)?.label.clone();
                let key = account_key(id);
                self.blocking_store(move |s| s.delete(&key)).await?;

                let mut next = state.index.clone();
                next.accounts.retain(|a| a.id != id);
                if next.active.as_deref() == Some(id) {
                    next.active = None;
                }
                self.commit(&mut state, next).await?;
                if was_active {
                    self.make_active(&mut state, successor).await?;
                }
                (label, true)
            };
        state.clients.remove(id);
        let cache_deleted = self.delete_cache(id).await;
        tracing::info!(account = %id, "account removed");
        Ok(RemovedAccount {
            id: id.to_owned(),
            label,
            sign_in_deleted,
            cache_deleted,
        })
    }

    /// Removes every account, practice ones included. Stops at the first keyring
    /// refusal, keeping what is not removed yet in the list (so the person can retry).
    pub async fn forget_all(&self) -> DeskResult<Vec<RemovedAccount>> {
        let mut state = self.inner.state.lock().await;
        let mut removed = Vec::new();

        for p in std::mem::take(&mut state.practice) {
            removed.push((p.account.id, p.account.label, false));
        }
        state.practice_active = None;

        let saved: Vec<(String, String)> = state
            .index
            .accounts
            .iter()
            .map(|a| (a.id.clone(), a.label.clone()))
            .collect();
        let mut failure = None;
        for (id, label) in saved {
            let key = account_key(&id);
            match self.blocking_store(move |s| s.delete(&key)).await {
                Ok(()) => removed.push((id, label, true)),
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }

        let mut next = state.index.clone();
        next.accounts
            .retain(|a| !removed.iter().any(|(id, _, _)| id == &a.id));
        if next
            .active
            .as_ref()
            .is_some_and(|a| !next.accounts.iter().any(|r| &r.id == a))
        {
            next.active = next.accounts.first().map(|a| a.id.clone());
        }
        self.commit(&mut state, next).await?;

        let mut report = Vec::with_capacity(removed.len());
        for (id, label, sign_in_deleted) in removed {
            state.clients.remove(&id);
            let cache_deleted = self.delete_cache(&id).await;
            report.push(RemovedAccount {
                id,
                label,
                sign_in_deleted,
                cache_deleted,
            });
        }
        tracing::info!(removed = report.len(), "accounts forgotten");
        match failure {
            Some(e) => Err(e),
            None => Ok(report),
        }
    }

    /// Makes `next` (an id, and whether it is a practice account) the active account.
    async fn make_active(&self, state: &mut State, next: Option<(String, bool)>) -> DeskResult<()> {
        match next {
            Some((id, true)) => state.practice_active = Some(id),
            Some((id, false)) => {
                let next = AccountIndex {
                    active: Some(id),
                    ..state.index.clone()
                };
                self.commit(state, next).await?;
            }
            None => {}
        }
        Ok(())
    }

    /// Deletes the account's cache folder. Returns whether it is gone; a failure is
    /// logged and reported, not fatal (the data there can always be fetched again).
    async fn delete_cache(&self, id: &str) -> bool {
        let dir: PathBuf = self.inner.paths.account_cache_dir(id);
        let result = run_blocking(move || match std::fs::remove_dir_all(&dir) {
            Err(e) if e.kind() != ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        })
        .await;
        if let Err(e) = &result {
            tracing::warn!(account = %id, error = %e, "cache folder not deleted");
        }
        result.is_ok()
    }
}
