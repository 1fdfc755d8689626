//! Practice mode: the built-in sample server and a clearly labelled account on it, so a
//! newcomer (or a new colleague in training) can try every feature with no risk.
//!
//! It lives in the app crate, not in `desk-core`: the sample server is the fake Scriptix
//! server the tests use, and the core must not depend on it (only its tests do). The app
//! depends on `fake-scriptix` unconditionally rather than behind a cargo feature: practice
//! mode is a shipped feature (the first screen offers it, `make run` opens on it), so a
//! build without it would be an untested variant offering a button that cannot work.

use desk_core::accounts::{AccountService, AccountView};
use desk_core::{DeskError, DeskResult, Detail};
use fake_scriptix::{Config, FakeServer, Persona};
use scriptix_api::Secret;

/// Sample data is the same on every start, so a training guide can refer to it.
const SEED: u64 = 7;
const SESSIONS: usize = 120;

/// The practice account's label is this code, not a name: the UI shows its own words for
/// it ("Oefenaccount", "Practice account") from the account's `is_practice`.
pub const PRACTICE_LABEL: &str = "practice";

/// The sample server once started; it runs until the app ends (dropping it stops it).
#[derive(Default)]
pub struct Practice {
    server: tokio::sync::Mutex<Option<FakeServer>>,
}

impl Practice {
    /// Open practice mode: the first time, start the sample server and add the practice
    /// account; afterwards switch back to that account (one server per run, so its sample
    /// data keeps what the person did to it).
    pub async fn open(&self, accounts: &AccountService) -> DeskResult<AccountView> {
        let mut server = self.server.lock().await;
        if server.is_some() {
            if let Some(existing) = accounts.list().await.into_iter().find(|a| a.is_practice) {
                return accounts.switch(&existing.id).await;
            }
        }
        let (started, account) = start(accounts).await?;
        *server = Some(started);
        Ok(account)
    }
}

/// Start the sample server on loopback and add the practice account (an organisation
/// admin, so every feature is available). The account lives in memory only.
async fn start(accounts: &AccountService) -> DeskResult<(FakeServer, AccountView)> {
    let server = FakeServer::start(Config {
        seed: SEED,
        sessions: SESSIONS,
        ..Config::default()
    })
    .await
    .map_err(|_| DeskError::Internal(Detail::PracticeServerFailed))?;
    let token = Secret::new(server.token(Persona::Admin));
    let account = accounts
        .add_ephemeral_checked(Some(PRACTICE_LABEL.to_string()), &server.base_url(), token)
        .await?;
    Ok((server, account))
}
