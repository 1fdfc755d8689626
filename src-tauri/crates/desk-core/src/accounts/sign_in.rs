//! Adding an account and renewing its sign-in: by API key, or by email and password
//! (with an authenticator code when Scriptix asks for one).
//!
//! Only the token Scriptix hands back is kept, in the keyring. The password is sent to
//! the login call and, while an authenticator code is awaited, held in memory only.

use std::time::Instant;

use scriptix_api::{login, login_mfa, ApiError, LoginStep, Secret};

use super::model::{Account, AccountAuthStyle, AccountView, AddedVia, IdentitySummary, SignInStep};
use super::pending::Purpose;
use super::service::{clean_label, normalise_server, now_rfc3339, row_mut, AccountService};
use super::state::not_found;
use crate::secrets::{account_key, bind_token};
use crate::{DeskError, DeskResult, Detail};

const KEY_REFUSED: Detail = Detail::KeyRefused;
const PASSWORD_REFUSED: Detail = Detail::PasswordRefused;
const TOKEN_REFUSED: Detail = Detail::TokenRefused;

impl AccountService {
    /// Adds an account by API key. The key is checked with Scriptix first, in whichever
    /// header it accepts (see `key_probe`); a refused key saves nothing at all. The new
    /// account becomes active.
    pub async fn add_with_api_key(
        &self,
        label: Option<String>,
        server: Option<String>,
        key: Secret,
    ) -> DeskResult<AccountView> {
        let label = clean_label(label.as_deref())?;
        let server = normalise_server(server.as_deref())?;
        require_secret(&key, Detail::MissingApiKey)?;
        let (auth_style, identity) = self.identify_key(&server, &key, KEY_REFUSED).await?;
        self.save_new(label, server, auth_style, key, AddedVia::ApiKey, identity)
            .await
    }

    /// Starts a sign-in with email and password for a new account.
    pub async fn begin_password_sign_in(
        &self,
        label: Option<String>,
        server: Option<String>,
        email: &str,
        password: Secret,
    ) -> DeskResult<SignInStep> {
        let label = clean_label(label.as_deref())?;
        let server = normalise_server(server.as_deref())?;
        self.password_step(server, email, password, Purpose::Add { label })
            .await
    }

    /// Renews an account's sign-in with email and password. Its name, place in the list
    /// and settings stay; it must be the same Scriptix user as before.
    pub async fn begin_password_reauth(
        &self,
        id: &str,
        email: &str,
        password: Secret,
    ) -> DeskResult<SignInStep> {
        let server = self.saved_account(id).await?.server;
        let purpose = Purpose::Renew {
            account_id: id.to_owned(),
        };
        self.password_step(server, email, password, purpose).await
    }

    /// Sends the authenticator code for a sign-in that asked for one.
    pub async fn finish_mfa(&self, pending_id: &str, code: &str) -> DeskResult<AccountView> {
        if code.trim().is_empty() {
            return Err(DeskError::InvalidInput(Detail::MissingCode));
        }
        let pending = self.pending().take(pending_id, Instant::now())?;
        let answer = login_mfa(
            &pending.server,
            &pending.email,
            &pending.password,
            code,
            &self.inner.options,
        )
        .await;
        match answer {
            Ok(token) => {
                self.complete_sign_in(pending.purpose, pending.server, token, AddedVia::Password)
                    .await
            }
            Err(ApiError::Unauthorized { .. } | ApiError::Validation { .. }) => {
                Err(self.pending().wrong_code(pending_id, pending))
            }
            Err(e) => {
                self.pending().put_back(pending_id, pending);
                Err(e.into())
            }
        }
    }

    /// The person closed the code dialog: forget the password now rather than in 5 min.
    pub fn cancel_sign_in(&self, pending_id: &str) {
        self.pending().cancel(pending_id);
    }

    /// Renews an account's sign-in with a new API key, keeping its name, place and
    /// settings. It must be the same Scriptix user as before.
    pub async fn reauth_with_api_key(&self, id: &str, key: Secret) -> DeskResult<AccountView> {
        require_secret(&key, Detail::MissingApiKey)?;
        let account = self.saved_account(id).await?;
        let (auth_style, identity) = self
            .identify_key(&account.server, &key, KEY_REFUSED)
            .await?;
        self.renew(id, key, auth_style, AddedVia::ApiKey, identity)
            .await
    }

    // ---- steps ----

    async fn password_step(
        &self,
        server: String,
        email: &str,
        password: Secret,
        purpose: Purpose,
    ) -> DeskResult<SignInStep> {
        let email = email.trim();
        if email.is_empty() {
            return Err(DeskError::InvalidInput(Detail::MissingEmail));
        }
        require_secret(&password, Detail::MissingPassword)?;
        match login(&server, email, &password, &self.inner.options).await {
            Ok(LoginStep::Signed(token)) => {
                let account = self
                    .complete_sign_in(purpose, server, token, AddedVia::Password)
                    .await?;
                Ok(SignInStep::Done { account })
            }
            Ok(LoginStep::MfaRequired) => {
                let pending_id = super::pending::park(
                    &self.inner.pending,
                    server,
                    email.to_owned(),
                    password,
                    purpose,
                );
                Ok(SignInStep::NeedsCode { pending_id })
            }
            Err(ApiError::Unauthorized { .. }) => Err(DeskError::Auth(PASSWORD_REFUSED)),
            Err(e) => Err(e.into()),
        }
    }

    /// A sign-in token from the login calls becomes a new account or a renewed one.
    pub(super) async fn complete_sign_in(
        &self,
        purpose: Purpose,
        server: String,
        token: Secret,
        via: AddedVia,
    ) -> DeskResult<AccountView> {
        // Login tokens are session JWTs, which always go in `Authorization: Bearer`.
        let style = AccountAuthStyle::Bearer;
        let identity = self.identify(&server, &token, style, TOKEN_REFUSED).await?;
        match purpose {
            Purpose::Add { label } => {
                self.save_new(label, server, style, token, via, identity)
                    .await
            }
            Purpose::Renew { account_id } => {
                self.renew(&account_id, token, style, via, identity).await
            }
        }
    }

    /// Asks Scriptix who the token belongs to, proving it works before anything is saved.
    async fn identify(
        &self,
        server: &str,
        token: &Secret,
        style: AccountAuthStyle,
        refused: Detail,
    ) -> DeskResult<IdentitySummary> {
        let client = self.build_client(server, token.clone(), style)?;
        match client.me().await {
            Ok(me) => Ok(IdentitySummary::from(&me)),
            // The token was accepted but may not read the profile (a restricted API key):
            // it works, the app just does not know whose it is or its roles.
            Err(ApiError::Forbidden { .. }) => Ok(IdentitySummary::default()),
            Err(ApiError::Unauthorized { .. }) => Err(DeskError::Auth(refused)),
            Err(e) => Err(e.into()),
        }
    }

    /// Keyring first, then the list row; the keyring entry is taken back if the list
    /// cannot be saved, so a failure leaves no trace.
    async fn save_new(
        &self,
        label: Option<String>,
        server: String,
        auth_style: AccountAuthStyle,
        token: Secret,
        added_via: AddedVia,
        identity: IdentitySummary,
    ) -> DeskResult<AccountView> {
        let mut state = self.inner.state.lock().await;
        let account = Account {
            id: uuid::Uuid::new_v4().to_string(),
            label: label.unwrap_or_else(|| identity.default_label()),
            server,
            auth_style,
            identity,
            order: state.next_order(),
            last_used: Some(now_rfc3339()),
            needs_sign_in: false,
            added_via,
        };
        let id = account.id.clone();
        let client = self.build_client(&account.server, token.clone(), auth_style)?;

        let key = account_key(&id);
        let entry = bind_token(&account.server, &token)?;
        self.blocking_store(move |s| s.set(&key, &entry)).await?;

        let mut next = state.index.clone();
        next.accounts.push(account);
        next.active = Some(id.clone());
        if let Err(e) = self.commit(&mut state, next).await {
            let key = account_key(&id);
            if let Err(undo) = self.blocking_store(move |s| s.delete(&key)).await {
                tracing::warn!(account = %id, error = %undo, "could not take back a keyring entry");
            }
            return Err(e);
        }
        tracing::info!(account = %id, "account added");
        state.practice_active = None;
        state.clients.insert(id.clone(), client);
        state.view(&id)
    }

    /// Replaces a saved account's token and clears "needs sign-in", keeping its name,
    /// place and settings.
    async fn renew(
        &self,
        id: &str,
        token: Secret,
        auth_style: AccountAuthStyle,
        added_via: AddedVia,
        identity: IdentitySummary,
    ) -> DeskResult<AccountView> {
        let mut state = self.inner.state.lock().await;
        let account = state.saved(id).cloned().ok_or_else(not_found)?;
        if !account.identity.same_user_as(&identity) {
            let user = if identity.email.is_empty() {
                &identity.name
            } else {
                &identity.email
            };
            return Err(DeskError::InvalidInput(Detail::DifferentUser {
                user: user.clone(),
            }));
        }
        let client = self.build_client(&account.server, token.clone(), auth_style)?;
        let key = account_key(id);
        let entry = bind_token(&account.server, &token)?;
        self.blocking_store(move |s| s.set(&key, &entry)).await?;
        // The old token is gone from the keyring now; drop any client still holding it.
        state.clients.remove(id);

        let mut next = state.index.clone();
        let row = row_mut(&mut next, id)?;
        row.needs_sign_in = false;
        row.auth_style = auth_style;
        row.added_via = added_via;
        // A restricted key that cannot read the profile keeps what was known before.
        if identity != IdentitySummary::default() {
            row.identity = identity;
        }
        self.commit(&mut state, next).await?;
        tracing::info!(account = %id, "sign-in renewed");
        state.clients.insert(id.to_owned(), client);
        state.view(id)
    }

    /// A saved (not practice) account; practice accounts never need signing in again.
    async fn saved_account(&self, id: &str) -> DeskResult<Account> {
        let state = self.inner.state.lock().await;
        if state.practice(id).is_some() {
            return Err(DeskError::InvalidInput(Detail::PracticeNeedsNoSignIn));
        }
        state.saved(id).cloned().ok_or_else(not_found)
    }

    fn pending(&self) -> std::sync::MutexGuard<'_, super::pending::PendingSignIns> {
        super::pending::lock(&self.inner.pending)
    }
}

fn require_secret(secret: &Secret, ask: Detail) -> DeskResult<()> {
    if secret.is_empty() {
        Err(DeskError::InvalidInput(ask))
    } else {
        Ok(())
    }
}
