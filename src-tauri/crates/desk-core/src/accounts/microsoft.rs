//! "Sign in with Microsoft": Scriptix's single sign-on, through the system browser.
//!
//! `GET /api/v3/auth/login/microsoft?redirect_uri=…` is the whole of what the docs say,
//! plus "the token comes back as a URL parameter on the redirect". So the app:
//! 1. listens on a one-shot loopback address ([`super::loopback`]: 127.0.0.1, a port the
//!    system picks, a random `state` inside the redirect address);
//! 2. has the system browser open the Scriptix address with that `redirect_uri` (the app
//!    never sees the Microsoft password: the browser talks to Microsoft and Scriptix);
//! 3. takes the token from the redirect, and from there goes the same way as a password
//!    sign-in: the token is checked with `/account/me` before anything is saved, and only
//!    the token is kept, in the keyring.
//!
//! Guessed (not documented): the parameter's name (`token`; `access_token`, `act` and `jwt`
//! are read too), that it arrives in the query rather than the fragment, and that the
//! token is a session JWT sent as `Authorization: Bearer`.

use std::time::Duration;

use scriptix_api::microsoft_login_url;
use url::Url;

use super::loopback::LoopbackCatch;
use super::model::AccountView;
use super::pending::Purpose;
use super::service::{clean_label, normalise_server, AccountService};
use crate::cancel::CancelToken;
use crate::{DeskError, DeskResult, Detail};

/// How long the browser sign-in may take before the app stops listening.
pub const MICROSOFT_SIGN_IN_TIMEOUT: Duration = Duration::from_secs(5 * 60);

impl AccountService {
    /// Adds an account by signing in with Microsoft in the browser. `open_browser` is given
    /// the address to open (the app opens the system browser; tests follow it themselves).
    /// Ends with the new, active account; or with `Cancelled` when `cancel` is set, or
    /// `Auth` when the browser came back without a token or not within `timeout`.
    pub async fn add_with_microsoft(
        &self,
        label: Option<String>,
        server: Option<String>,
        open_browser: impl FnOnce(&Url) -> DeskResult<()>,
        timeout: Duration,
        cancel: &CancelToken,
    ) -> DeskResult<AccountView> {
        let label = clean_label(label.as_deref())?;
        let server = normalise_server(server.as_deref())?;
        let catch = LoopbackCatch::bind().await?;
        let url = microsoft_login_url(&server, &catch.redirect_uri())?;
        open_browser(&url)?;
        let token = catch.wait(timeout, cancel).await?;
        cancel.check()?;
        self.complete_sign_in(
            Purpose::Add { label },
            server,
            token,
            super::AddedVia::Microsoft,
        )
        .await
    }
}

/// Opens `url` in the system browser (no shell; the helper program is reaped:
/// [`crate::system_open`]). Only web addresses: anything else could start a program.
pub fn open_in_browser(url: &Url) -> DeskResult<()> {
    if !matches!(url.scheme(), "https" | "http") {
        return Err(DeskError::InvalidInput(Detail::NotAWebAddress));
    }
    crate::system_open::open_address(url.as_str())
        .map(drop)
        .map_err(|_| DeskError::Internal(Detail::CannotOpenBrowser))
}
