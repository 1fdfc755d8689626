//! Where account tokens live: the OS keyring, and nowhere else.
//!
//! There is deliberately no plain-text fallback. When the keyring is missing or locked the
//! app says so and saves nothing; a token in a file next to the account list would be
//! readable by anything that can read the person's home folder, including backups.
//!
//! Every call here blocks (D-Bus, Keychain, Credential Manager). Async code goes through
//! `AccountService`, which runs them on the blocking pool.

mod keyring_store;
mod memory;

pub use keyring_store::KeyringStore;
pub use memory::MemorySecretStore;

use scriptix_api::Secret;

use crate::DeskResult;

/// A place that keeps secrets under string keys.
pub trait SecretStore: Send + Sync {
    /// `Ok(None)` when nothing is stored under `key`.
    fn get(&self, key: &str) -> DeskResult<Option<Secret>>;
    /// Stores or replaces the secret.
    fn set(&self, key: &str, secret: &Secret) -> DeskResult<()>;
    /// Removes the secret; removing a missing one succeeds.
    fn delete(&self, key: &str) -> DeskResult<()>;
    /// Proves the store works right now by writing, reading back and deleting a probe.
    fn check_available(&self) -> DeskResult<()>;
}

/// The key an account's token is stored under.
pub fn account_key(account_id: &str) -> String {
    format!("account:{account_id}")
}
