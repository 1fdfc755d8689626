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

// ---- tokens bound to their server ----
//
// An account's keyring entry holds the token *and the origin of the server that issued it*
// (`<origin>\n<token>`). The account list names the server too, but it is a plain file
// anything can edit: pointed at another host, the app would send the token there. So the
// token is handed out only for the origin it was stored with; an entry for another origin,
// or an old entry without one, reads as "sign in again" and no request carries it.

/// The origin (`scheme://host[:port]`) a server URL belongs to, `None` if it is no URL.
pub fn server_origin(server: &str) -> Option<String> {
    let url = url::Url::parse(server).ok()?;
    let origin = url.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

/// What the keyring stores for an account: `token`, bound to `server`'s origin.
pub fn bind_token(server: &str, token: &Secret) -> DeskResult<Secret> {
    let origin = server_origin(server).ok_or(crate::DeskError::InvalidInput(
        crate::Detail::ServerAddressUnusable,
    ))?;
    Ok(Secret::new(format!("{origin}\n{}", token.expose())))
}

/// The token in a stored entry, if the entry was bound to `server`'s origin.
pub fn bound_token(entry: &Secret, server: &str) -> Option<Secret> {
    let (origin, token) = entry.expose().split_once('\n')?;
    let expected = server_origin(server)?;
    (origin == expected && !token.is_empty()).then(|| Secret::new(token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_handed_out_only_for_its_own_origin() {
        let token = Secret::new("tok-1");
        let entry = bind_token("https://api.scriptix.io/", &token).unwrap();
        assert_eq!(entry.expose(), "https://api.scriptix.io\ntok-1");
        assert_eq!(bound_token(&entry, "https://api.scriptix.io"), Some(token));
        for other in [
            "https://evil.example",
            "http://api.scriptix.io",
            "https://api.scriptix.io:8443",
            "https://api.scriptix.io.evil.example",
            "not a url",
        ] {
            assert_eq!(bound_token(&entry, other), None, "{other}");
        }
        // An entry from before binding (a bare token) is not trusted for any server.
        assert_eq!(
            bound_token(&Secret::new("tok-1"), "https://api.scriptix.io"),
            None
        );
    }
}
