//! The OS keyring: Secret Service (GNOME Keyring, KWallet) on Linux, the Keychain on macOS,
//! Credential Manager on Windows.

use std::sync::Mutex;

use scriptix_api::Secret;

use super::SecretStore;
use crate::{DeskError, DeskResult, Detail};

/// One keyring call at a time in the whole process. Concurrent Secret Service calls over
/// D-Bus race (two unlock prompts, or a write lost to a concurrent read), and the app
/// makes few enough calls that serialising them costs nothing noticeable.
static KEYRING_LOCK: Mutex<()> = Mutex::new(());

/// Secrets under one keyring service name (see `paths::keyring_service`).
#[derive(Debug, Clone)]
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    pub fn new(service: impl Into<String>) -> Self {
        KeyringStore {
            service: service.into(),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    /// Runs `op` on the entry for `key` while holding the process-wide lock.
    fn with_entry<T>(
        &self,
        key: &str,
        op: impl FnOnce(&keyring::Entry) -> keyring::Result<T>,
    ) -> keyring::Result<T> {
        let _serialised = KEYRING_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let entry = keyring::Entry::new(&self.service, key)?;
        op(&entry)
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, key: &str) -> DeskResult<Option<Secret>> {
        match self.with_entry(key, |e| e.get_password()) {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(plain_error("read", key, &e)),
        }
    }

    fn set(&self, key: &str, secret: &Secret) -> DeskResult<()> {
        self.with_entry(key, |e| e.set_password(secret.expose()))
            .map_err(|e| plain_error("save", key, &e))
    }

    fn delete(&self, key: &str) -> DeskResult<()> {
        match self.with_entry(key, |e| e.delete_credential()) {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(plain_error("delete", key, &e)),
        }
    }

    fn check_available(&self) -> DeskResult<()> {
        // A random key and value: two app instances probing at once cannot see each
        // other's probe, and a read that returns a stale cached value is caught.
        let key = format!("probe:{}", uuid::Uuid::new_v4().simple());
        let value = Secret::new(uuid::Uuid::new_v4().simple().to_string());
        self.set(&key, &value)?;
        let read_back = self.get(&key);
        let deleted = self.delete(&key);
        match read_back? {
            Some(v) if v == value => deleted,
            _ => {
                tracing::debug!(service = %self.service, "keyring probe did not read back");
                Err(DeskError::Keyring(Detail::KeyringNotReadBack))
            }
        }
    }
}

/// The keyring error as a code; the UI words it for the person's platform. The raw text
/// (which names D-Bus objects or OS error codes, never a secret) goes to the log for support.
fn plain_error(action: &str, key: &str, e: &keyring::Error) -> DeskError {
    tracing::debug!(action, key, error = %e, "keyring call failed");
    DeskError::Keyring(match e {
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => {
            Detail::KeyringUnavailable
        }
        keyring::Error::BadEncoding(_) | keyring::Error::Ambiguous(_) => Detail::KeyringDamaged,
        keyring::Error::TooLong(..) => Detail::KeyringTooLong,
        _ => Detail::KeyringFailed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_failures_become_plain_keyring_errors_without_the_raw_text() {
        let raw = std::io::Error::other("org.freedesktop.DBus.Error.ServiceUnknown");
        for e in [
            keyring::Error::NoStorageAccess(Box::new(raw)),
            keyring::Error::PlatformFailure(Box::new(std::io::Error::other("0x80070005"))),
        ] {
            let error = plain_error("save", "account:a1", &e);
            assert_eq!(error, DeskError::Keyring(Detail::KeyringUnavailable));
            let shown = serde_json::to_string(&error).unwrap();
            assert!(!shown.contains("DBus") && !shown.contains("0x8007"));
        }
        assert!(matches!(
            plain_error(
                "read",
                "account:a1",
                &keyring::Error::BadEncoding(vec![0xff])
            ),
            DeskError::Keyring(Detail::KeyringDamaged)
        ));
    }
}
