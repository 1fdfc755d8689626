//! Practice mode: the built-in sample server and a clearly labelled account on it, so a
//! newcomer (or a new colleague in training) can try every feature with no risk.

use fake_scriptix::{Config, FakeServer, Persona};
use scriptix_api::{ClientOptions, ScriptixClient, Secret};

use crate::accounts::{AccountService, AccountView};
use crate::{DeskError, DeskResult, Detail};

/// Sample data is the same on every start, so a training guide can refer to it.
const SEED: u64 = 7;
const SESSIONS: usize = 120;

/// The practice account's label is this code, not a name: the UI shows its own words for
/// it ("Oefenaccount", "Practice account") from the account's `is_practice`.
pub const PRACTICE_LABEL: &str = "practice";

/// Start the sample server on loopback and add the practice account (an organisation
/// admin, so every feature is available). The account lives in memory only.
pub async fn start(accounts: &AccountService) -> DeskResult<(FakeServer, AccountView)> {
    let server = FakeServer::start(Config {
        seed: SEED,
        sessions: SESSIONS,
        ..Config::default()
    })
    .await
    .map_err(|_| DeskError::Internal(Detail::PracticeServerFailed))?;
    let token = Secret::new(server.token(Persona::Admin));
    let client = ScriptixClient::new(&server.base_url(), token.clone(), ClientOptions::default())?;
    let me = client.me().await?;
    let account = accounts
        .add_ephemeral(
            Some(PRACTICE_LABEL.to_string()),
            &server.base_url(),
            token,
            &me,
        )
        .await?;
    Ok((server, account))
}
