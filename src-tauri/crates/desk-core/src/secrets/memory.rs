//! An in-memory store for tests, which can also play a missing keyring.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use scriptix_api::Secret;

use super::SecretStore;
use crate::{DeskError, DeskResult, Detail};

/// Clones share one map, so a test can hand one clone to the code under test and inspect
/// the other.
#[derive(Debug, Clone, Default)]
pub struct MemorySecretStore {
    entries: Arc<Mutex<HashMap<String, Secret>>>,
    unavailable: Arc<AtomicBool>,
}

impl MemorySecretStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that refuses every call, like a locked or absent keyring.
    pub fn unavailable() -> Self {
        let store = Self::new();
        store.set_available(false);
        store
    }

    pub fn set_available(&self, available: bool) {
        self.unavailable.store(!available, Ordering::SeqCst);
    }

    /// The keys currently stored, sorted.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.map().keys().cloned().collect();
        keys.sort();
        keys
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Secret>> {
        // A panic elsewhere while holding the lock cannot leave a HashMap half-updated.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn check(&self) -> DeskResult<()> {
        if self.unavailable.load(Ordering::SeqCst) {
            Err(DeskError::Keyring(Detail::KeyringUnavailable))
        } else {
            Ok(())
        }
    }
}

impl SecretStore for MemorySecretStore {
    fn get(&self, key: &str) -> DeskResult<Option<Secret>> {
        self.check()?;
        Ok(self.map().get(key).cloned())
    }

    fn set(&self, key: &str, secret: &Secret) -> DeskResult<()> {
        self.check()?;
        self.map().insert(key.to_owned(), secret.clone());
        Ok(())
    }

    fn delete(&self, key: &str) -> DeskResult<()> {
        self.check()?;
        self.map().remove(key);
        Ok(())
    }

    fn check_available(&self) -> DeskResult<()> {
        self.check()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_reads_replaces_and_deletes() {
        let store = MemorySecretStore::new();
        let view = store.clone();
        assert_eq!(store.get("k").unwrap(), None);
        store.set("k", &Secret::new("one")).unwrap();
        store.set("k", &Secret::new("two")).unwrap();
        assert_eq!(view.get("k").unwrap().unwrap().expose(), "two");
        store.delete("k").unwrap();
        store.delete("k").unwrap();
        assert_eq!(view.get("k").unwrap(), None);
    }

    #[test]
    fn unavailable_store_refuses_everything() {
        let store = MemorySecretStore::unavailable();
        assert!(matches!(
            store.check_available(),
            Err(DeskError::Keyring(_))
        ));
        assert!(matches!(
            store.set("k", &Secret::new("s")),
            Err(DeskError::Keyring(_))
        ));
        assert!(matches!(store.get("k"), Err(DeskError::Keyring(_))));
        store.set_available(true);
        store.set("k", &Secret::new("s")).unwrap();
        assert_eq!(store.keys(), ["k"]);
    }
}
