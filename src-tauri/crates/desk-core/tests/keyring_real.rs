//! The real OS keyring (Secret Service on Linux). Ignored by default: the test command runs
//! them under a throwaway `gnome-keyring-daemon` in a private D-Bus session
//! (`cargo test -p desk-core --test keyring_real -- --ignored --test-threads=1`), and runs
//! `keyring_unavailable` alone with no D-Bus session at all.
//!
//! Every test uses a unique keyring namespace, so a real person's saved sign-ins are never
//! read or touched.

mod support;

use std::sync::Arc;

use desk_core::accounts::AccountService;
use desk_core::paths::{keyring_service_for, AppPaths};
use desk_core::secrets::{account_key, KeyringStore, SecretStore};
use desk_core::{DeskError, Detail};
use fake_scriptix::{Config, FakeServer, Persona};
use scriptix_api::Secret;
use support::assert_not_on_disk;

fn unique_store() -> KeyringStore {
    let ns = format!("test-{}", uuid::Uuid::new_v4().simple());
    KeyringStore::new(keyring_service_for(Some(&ns)))
}

#[test]
#[ignore = "needs an unlocked Secret Service (run by the test command)"]
fn keyring_round_trip_through_a_fresh_instance() {
    let store = unique_store();
    store.check_available().expect("keyring available");
    let key = account_key("round-trip");
    store.set(&key, &Secret::new("tok-ℝ-1")).unwrap();

    let again = KeyringStore::new(store.service());
    assert_eq!(again.get(&key).unwrap().unwrap().expose(), "tok-ℝ-1");
    again.set(&key, &Secret::new("tok-2")).unwrap();
    assert_eq!(store.get(&key).unwrap().unwrap().expose(), "tok-2");

    again.delete(&key).unwrap();
    again.delete(&key).unwrap();
    assert_eq!(KeyringStore::new(store.service()).get(&key).unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an unlocked Secret Service (run by the test command)"]
async fn accounts_survive_a_restart_and_removal_deletes_the_keyring_entry() {
    let fake = FakeServer::start(Config::default()).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let paths = AppPaths::under(home.path());
    let store = unique_store();
    let service_name = store.service().to_owned();

    let admin = Secret::new(fake.token(Persona::Admin));
    let other = Secret::new(fake.token(Persona::Contributor));
    let (first, second) = {
        let service = AccountService::open(&paths, Arc::new(store)).unwrap();
        let first = service
            .add_with_api_key(None, Some(fake.base_url()), admin.clone())
            .await
            .unwrap();
        let second = service
            .add_with_api_key(None, Some(fake.base_url()), other.clone())
            .await
            .unwrap();
        (first.id, second.id)
    };

    let service = AccountService::open(&paths, Arc::new(KeyringStore::new(&service_name))).unwrap();
    for id in [&first, &second] {
        let me = service.client_for(id).await.unwrap().me().await.unwrap();
        assert!(!me.id.is_empty());
    }
    assert_not_on_disk(home.path(), admin.expose());
    assert_not_on_disk(home.path(), other.expose());

    service.remove(&first).await.unwrap();
    let fresh = KeyringStore::new(&service_name);
    assert_eq!(fresh.get(&account_key(&first)).unwrap(), None);
    assert!(fresh.get(&account_key(&second)).unwrap().is_some());

    service.forget_all().await.unwrap();
    assert_eq!(fresh.get(&account_key(&second)).unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "run by the test command with no D-Bus session (env -u DBUS_SESSION_BUS_ADDRESS)"]
async fn keyring_unavailable() {
    let store = unique_store();
    assert!(matches!(
        store.check_available(),
        Err(DeskError::Keyring(_))
    ));

    let fake = FakeServer::start(Config::default()).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let paths = AppPaths::under(home.path());
    paths.ensure().unwrap();
    let service = AccountService::open(&paths, Arc::new(store)).unwrap();
    let token = Secret::new(fake.token(Persona::Admin));
    let err = service
        .add_with_api_key(None, Some(fake.base_url()), token.clone())
        .await
        .unwrap_err();
    match err {
        DeskError::Keyring(detail) => assert_eq!(detail, Detail::KeyringUnavailable),
        other => panic!("expected a keyring error, got {other:?}"),
    }
    assert!(service.list().await.is_empty());
    assert_not_on_disk(home.path(), token.expose());
    assert!(
        !paths.accounts_file().exists(),
        "nothing saved without the keyring"
    );
}
