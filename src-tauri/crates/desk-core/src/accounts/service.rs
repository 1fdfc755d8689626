//! `AccountService`: the one owner of the account list and of every account's token.
//!
//! Ordering rules that keep a failure from leaving a half-added account or a stray token:
//! - a token is checked with Scriptix (`/me`) before anything is saved;
//! - on add, the keyring entry is written before the list row, and removed again if the
//!   list cannot be saved; on remove, the keyring entry goes first and the row stays if
//!   that fails, so no token is ever left in the keyring without a row pointing at it;
//! - the list file is written first and the in-memory copy changed only once that worked.
//!
//! Keyring and file calls block, so they run on tokio's blocking pool; the state lock is a
//! tokio mutex because it is held across those calls (a keyring unlock prompt included).

use std::path::PathBuf;
use std::sync::Arc;

use scriptix_api::model::Identity;
use scriptix_api::{validate_base_url, ClientOptions, ScriptixClient, Secret};

use super::index::{AccountIndex, IndexSetAside};
use super::model::{Account, AccountAuthStyle, AccountView, AddedVia, IdentitySummary};
use super::pending::SharedPending;
use super::state::{not_found, PracticeAccount, State};
use crate::paths::AppPaths;
use crate::secrets::{account_key, bound_token, SecretStore};
use crate::{DeskError, DeskResult, Detail};

/// The server an account talks to unless the person says otherwise.
pub const DEFAULT_SERVER: &str = "https://api.scriptix.io";
/// Longest account name, in characters.
pub const MAX_LABEL_CHARS: usize = 80;

/// Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct AccountService {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub accounts_file: PathBuf,
    pub paths: AppPaths,
    pub store: Arc<dyn SecretStore>,
    pub options: ClientOptions,
    pub state: tokio::sync::Mutex<State>,
    /// Sign-ins waiting for a code, shared with their expiry timers.
    pub pending: SharedPending,
    pub set_aside: Option<IndexSetAside>,
}

impl std::fmt::Debug for AccountService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountService")
            .field("accounts_file", &self.inner.accounts_file)
            .finish_non_exhaustive()
    }
}

impl AccountService {
    /// Reads the saved account list (blocking file read; call once at startup). An
    /// unusable list is moved aside: see [`AccountService::index_warning`].
    pub fn open(paths: &AppPaths, store: Arc<dyn SecretStore>) -> DeskResult<Self> {
        Self::open_with_options(paths, store, ClientOptions::default())
    }

    /// [`AccountService::open`] with the options every client is built with (the auth
    /// style is then set per account).
    pub fn open_with_options(
        paths: &AppPaths,
        store: Arc<dyn SecretStore>,
        options: ClientOptions,
    ) -> DeskResult<Self> {
        let accounts_file = paths.accounts_file();
        let loaded = AccountIndex::load(&accounts_file)?;
        Ok(AccountService {
            inner: Arc::new(Inner {
                accounts_file,
                paths: paths.clone(),
                store,
                options,
                state: tokio::sync::Mutex::new(State::new(loaded.index)),
                pending: SharedPending::default(),
                set_aside: loaded.set_aside,
            }),
        })
    }

    /// The account list found at startup could not be used and was moved aside.
    pub fn index_warning(&self) -> Option<IndexSetAside> {
        self.inner.set_aside.clone()
    }

    /// Whether the OS keyring works right now (for a startup hint).
    pub async fn check_keyring(&self) -> DeskResult<()> {
        self.blocking_store(|s| s.check_available()).await
    }

    /// Every account, in list order.
    pub async fn list(&self) -> Vec<AccountView> {
        self.inner.state.lock().await.views()
    }

    pub async fn active(&self) -> Option<AccountView> {
        let state = self.inner.state.lock().await;
        let id = state.active_id()?;
        state.view(id).ok()
    }

    /// Who this account signs in as, for the permission rules (see `permissions`).
    pub async fn viewer_for(&self, id: &str) -> DeskResult<crate::permissions::Viewer> {
        let state = self.inner.state.lock().await;
        let account = match state.practice(id) {
            Some(p) => &p.account,
            None => state.saved(id).ok_or_else(not_found)?,
        };
        let who = &account.identity;
        Ok(crate::permissions::Viewer {
            user_id: who.user_id.clone(),
            roles: who.roles.clone(),
            roles_known: who.roles_known,
        })
    }

    /// Makes the account active and records when it was last used.
    pub async fn switch(&self, id: &str) -> DeskResult<AccountView> {
        let mut state = self.inner.state.lock().await;
        let now = now_rfc3339();
        if let Some(p) = state.practice_mut(id) {
            p.account.last_used = Some(now);
            state.practice_active = Some(id.to_owned());
            return state.view(id);
        }
        let mut next = state.index.clone();
        let row = row_mut(&mut next, id)?;
        row.last_used = Some(now);
        next.active = Some(id.to_owned());
        self.commit(&mut state, next).await?;
        state.practice_active = None;
        state.view(id)
    }

    pub async fn rename(&self, id: &str, label: &str) -> DeskResult<AccountView> {
        let label =
            clean_label(Some(label))?.ok_or(DeskError::InvalidInput(Detail::MissingLabel))?;
        let mut state = self.inner.state.lock().await;
        if let Some(p) = state.practice_mut(id) {
            p.account.label = label;
            return state.view(id);
        }
        let mut next = state.index.clone();
        row_mut(&mut next, id)?.label = label;
        self.commit(&mut state, next).await?;
        state.view(id)
    }

    /// Puts the named accounts first, in that order; the rest follow in their old order.
    pub async fn reorder(&self, ids: &[String]) -> DeskResult<Vec<AccountView>> {
        let mut state = self.inner.state.lock().await;
        let (saved, practice_orders) = state.reordered(ids)?;
        let next = AccountIndex {
            accounts: saved,
            ..state.index.clone()
        };
        self.commit(&mut state, next).await?;
        for p in &mut state.practice {
            if let Some(order) = practice_orders.get(&p.account.id) {
                p.account.order = *order;
            }
        }
        Ok(state.views())
    }

    /// Scriptix refused the account's token (401): remember that, so the UI offers to
    /// sign in again instead of failing every call. An id that is no longer in the list
    /// is ignored (the account may have been removed while the call was running).
    pub async fn mark_needs_sign_in(&self, id: &str) -> DeskResult<()> {
        let mut state = self.inner.state.lock().await;
        if state.practice(id).is_some() {
            // Practice tokens come from the built-in server and cannot be renewed;
            // flagging one would leave an account nobody can fix.
            return Ok(());
        }
        state.clients.remove(id);
        let mut next = state.index.clone();
        match row_mut(&mut next, id) {
            Ok(row) if !row.needs_sign_in => row.needs_sign_in = true,
            _ => return Ok(()),
        }
        self.commit(&mut state, next).await
    }

    /// A client for the account, with its token read from the keyring (once; clients
    /// are kept until the token changes).
    pub async fn client_for(&self, id: &str) -> DeskResult<ScriptixClient> {
        let mut state = self.inner.state.lock().await;
        if let Some(client) = state.clients.get(id) {
            return Ok(client.clone());
        }
        let (account, token) = if let Some(p) = state.practice(id) {
            (p.account.clone(), Some(p.token.clone()))
        } else {
            let account = state.saved(id).cloned().ok_or_else(not_found)?;
            if account.needs_sign_in {
                return Err(sign_in_again(&account));
            }
            let key = account_key(id);
            let entry = self.blocking_store(move |s| s.get(&key)).await?;
            // Only a token stored for this account's server: if the list was edited to point
            // elsewhere, the token is not sent there (see `secrets::bound_token`).
            let token = entry.and_then(|e| bound_token(&e, &account.server));
            (account, token)
        };
        let Some(token) = token else {
            // Someone removed the entry with the system's password manager, or the entry
            // belongs to another server than the list now names.
            tracing::warn!(account = id, "no saved sign-in for this account's server");
            let mut next = state.index.clone();
            row_mut(&mut next, id)?.needs_sign_in = true;
            self.commit(&mut state, next).await?;
            return Err(DeskError::Auth(Detail::SignInMissing {
                label: account.label.clone(),
            }));
        };
        let client = self.build_client(&account.server, token, account.auth_style)?;
        state.clients.insert(id.to_owned(), client.clone());
        Ok(client)
    }

    /// [`Self::add_ephemeral`] for a token not yet checked: asks Scriptix (`/me`) who it
    /// is first, so the app's practice mode reaches the API only through the core.
    pub async fn add_ephemeral_checked(
        &self,
        label: Option<String>,
        server: &str,
        token: Secret,
    ) -> DeskResult<AccountView> {
        let client = self.build_client(server, token.clone(), AccountAuthStyle::Bearer)?;
        let me = client.me().await?;
        self.add_ephemeral(label, server, token, &me).await
    }

    /// A practice-mode account (the built-in sample server). It is kept in memory only:
    /// never in the account list file, never in the keyring. It becomes active.
    pub async fn add_ephemeral(
        &self,
        label: Option<String>,
        server: &str,
        token: Secret,
        identity: &Identity,
    ) -> DeskResult<AccountView> {
        let server = normalise_server(Some(server))?;
        let identity = IdentitySummary::from(identity);
        let label = clean_label(label.as_deref())?.unwrap_or_else(|| identity.default_label());
        let mut state = self.inner.state.lock().await;
        let account = Account {
            id: uuid::Uuid::new_v4().to_string(),
            label,
            server,
            auth_style: AccountAuthStyle::Bearer,
            identity,
            order: state.next_order(),
            last_used: Some(now_rfc3339()),
            needs_sign_in: false,
            added_via: AddedVia::ApiKey,
        };
        let id = account.id.clone();
        state.practice.push(PracticeAccount { account, token });
        state.practice_active = Some(id.clone());
        state.view(&id)
    }

    // ---- helpers shared by the other `impl AccountService` blocks ----

    pub(super) fn build_client(
        &self,
        server: &str,
        token: Secret,
        style: AccountAuthStyle,
    ) -> DeskResult<ScriptixClient> {
        let options = ClientOptions {
            auth_style: style.into(),
            ..self.inner.options.clone()
        };
        Ok(ScriptixClient::new(server, token, options)?)
    }

    /// Saves `next` as the account list, then adopts it in memory.
    pub(super) async fn commit(&self, state: &mut State, next: AccountIndex) -> DeskResult<()> {
        let path = self.inner.accounts_file.clone();
        let to_save = next.clone();
        run_blocking(move || to_save.save(&path)).await?;
        state.index = next;
        Ok(())
    }

    /// Runs a keyring call on the blocking pool.
    pub(super) async fn blocking_store<T: Send + 'static>(
        &self,
        call: impl FnOnce(&dyn SecretStore) -> DeskResult<T> + Send + 'static,
    ) -> DeskResult<T> {
        let store = Arc::clone(&self.inner.store);
        run_blocking(move || call(store.as_ref())).await
    }
}

pub(super) async fn run_blocking<T: Send + 'static>(
    f: impl FnOnce() -> DeskResult<T> + Send + 'static,
) -> DeskResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| DeskError::Internal(Detail::TaskStopped))?
}

pub(super) fn row_mut<'a>(index: &'a mut AccountIndex, id: &str) -> DeskResult<&'a mut Account> {
    index
        .accounts
        .iter_mut()
        .find(|a| a.id == id)
        .ok_or_else(not_found)
}

/// The checked, normalised API address (`None` or blank = the Scriptix cloud).
pub(super) fn normalise_server(server: Option<&str>) -> DeskResult<String> {
    let server = server
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_SERVER);
    validate_base_url(server)
        .map(|url| url.to_string())
        .map_err(|e| match e {
            scriptix_api::ApiError::InvalidBaseUrl { message } => {
                tracing::info!(%message, "server address refused");
                DeskError::InvalidInput(Detail::ServerAddressUnusable)
            }
            other => other.into(),
        })
}

/// A trimmed label, `None` when blank.
pub(super) fn clean_label(label: Option<&str>) -> DeskResult<Option<String>> {
    let Some(label) = label.map(str::trim).filter(|l| !l.is_empty()) else {
        return Ok(None);
    };
    if label.chars().count() > MAX_LABEL_CHARS {
        return Err(DeskError::InvalidInput(Detail::LabelTooLong {
            max: u32::try_from(MAX_LABEL_CHARS).unwrap_or(u32::MAX),
        }));
    }
    if label.chars().any(char::is_control) {
        return Err(DeskError::InvalidInput(Detail::LabelHasLineBreaks));
    }
    Ok(Some(label.to_owned()))
}

pub(super) fn sign_in_again(account: &Account) -> DeskError {
    DeskError::Auth(Detail::SignInExpired {
        label: account.label.clone(),
    })
}

pub(super) fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
