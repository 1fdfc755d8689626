//! Several Scriptix accounts, each with its token only in the OS keyring.
//!
//! [`AccountService`] owns the list (`accounts.json`, no secrets) and the tokens (the
//! keyring, key `account:<id>`), and hands out ready [`scriptix_api::ScriptixClient`]s.
//! Practice-mode accounts live in memory only.

mod browser_page;
mod index;
mod key_probe;
mod loopback;
mod microsoft;
mod model;
mod pending;
mod refresh;
mod removal;
mod service;
mod sign_in;
mod state;

pub use index::{AccountIndex, IndexSetAside, LoadedIndex, INDEX_VERSION};
pub use microsoft::{open_in_browser, MICROSOFT_SIGN_IN_TIMEOUT};
pub use model::{
    Account, AccountAuthStyle, AccountView, AddedVia, IdentitySummary, RemovedAccount, SignInStep,
};
pub use pending::{MAX_CODE_ATTEMPTS, PENDING_TTL};
pub use service::{AccountService, DEFAULT_SERVER, MAX_LABEL_CHARS};
