//! Practice mode: the built-in sample server and a clearly labelled account on it, so a
//! newcomer (or a new colleague in training) can try every feature with no risk.

use fake_scriptix::{Config, FakeServer, Persona};
use scriptix_api::{ClientOptions, ScriptixClient, Secret};

use crate::accounts::{AccountService, AccountView};
use crate::{DeskError, DeskResult};

/// Sample data is the same on every start, so a training guide can refer to it.
const SEED: u64 = 7;
const SESSIONS: usize = 120;

pub const PRACTICE_LABEL: &str = "Practice account";

/// Start the sample server on loopback and add the practice account (an organisation
/// admin, so every feature is available). The account lives in memory only.
pub async fn start(accounts: &AccountService) -> DeskResult<(FakeServer, AccountView)> {
    let server = FakeServer::start(Config {
        seed: SEED,
        sessions: SESSIONS,
        ..Config::default()
    })
    .await
    .map_err(|_| DeskError::Internal("The practice server could not start.".into()))?;
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
