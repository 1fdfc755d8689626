//! Accounts against the fake Scriptix server over real loopback TCP, with tokens in an
//! in-memory secret store (the real keyring is covered by `keyring_real.rs`).

mod support;

use std::sync::Arc;

use desk_core::accounts::{AccountService, AccountView, AddedVia, SignInStep};
use desk_core::paths::AppPaths;
use desk_core::secrets::{account_key, bound_token, MemorySecretStore, SecretStore};
use desk_core::{DeskError, Detail};
use fake_scriptix::{Config, FakeServer, Persona};
use scriptix_api::model::{Identity, Organization};
use scriptix_api::{ApiError, Secret};
use support::{assert_not_on_disk, files_under};

const PASSWORD: &str = "practice-pass";

struct World {
    fake: FakeServer,
    home: tempfile::TempDir,
    paths: AppPaths,
    store: MemorySecretStore,
}

impl World {
    async fn new() -> World {
        Self::with_store(MemorySecretStore::new()).await
    }

    async fn with_store(store: MemorySecretStore) -> World {
        let fake = FakeServer::start(Config::default()).await.unwrap();
        let home = tempfile::tempdir().unwrap();
        let paths = AppPaths::under(home.path());
        paths.ensure().unwrap();
        World {
            fake,
            home,
            paths,
            store,
        }
    }

    /// A service as the app makes it at startup (also after a restart).
    fn open(&self) -> AccountService {
        AccountService::open(&self.paths, Arc::new(self.store.clone())).unwrap()
    }

    fn server(&self) -> Option<String> {
        Some(self.fake.base_url())
    }

    fn token(&self, persona: Persona) -> Secret {
        Secret::new(self.fake.token(persona))
    }

    /// The token the keyring holds for `account_id`, as bound to this world's server.
    fn stored_token(&self, account_id: &str) -> Secret {
        let entry = self.store.get(&account_key(account_id)).unwrap().unwrap();
        bound_token(&entry, &self.fake.base_url()).expect("bound to the account's server")
    }

    /// Who the persona is, as the client reads it from `/me`.
    fn identity(&self, persona: Persona) -> Identity {
        let info = self.fake.identity(persona);
        Identity {
            id: info.id,
            name: info.name,
            email: info.email,
            organization: Some(Organization {
                id: "org_acme".into(),
                name: "Acme Transcription".into(),
            }),
            roles: info.roles,
            roles_known: true,
        }
    }

    async fn add(&self, service: &AccountService, persona: Persona) -> (AccountView, Secret) {
        let token = self.token(persona);
        let view = service
            .add_with_api_key(None, self.server(), token.clone())
            .await
            .unwrap();
        (view, token)
    }

    fn accounts_json(&self) -> String {
        std::fs::read_to_string(self.paths.accounts_file()).unwrap_or_default()
    }
}

fn ids(views: &[AccountView]) -> Vec<&str> {
    views.iter().map(|v| v.id.as_str()).collect()
}

#[tokio::test]
async fn api_key_account_is_checked_saved_and_usable_after_a_restart() {
    let w = World::new().await;
    let service = w.open();
    let (view, token) = w.add(&service, Persona::Admin).await;

    assert!(view.is_active && !view.is_practice && !view.needs_sign_in);
    assert_eq!(view.email, "ada@acme.example");
    assert_eq!(
        Some(view.label.clone()),
        view.organization,
        "named after the organisation"
    );
    assert_eq!(view.added_via, AddedVia::ApiKey);
    assert_eq!(w.store.keys(), [account_key(&view.id)]);
    assert_eq!(w.stored_token(&view.id), token);
    assert_not_on_disk(w.home.path(), token.expose());

    let restarted = w.open();
    assert_eq!(restarted.list().await, vec![view.clone()]);
    assert_eq!(
        restarted.active().await.map(|a| a.id),
        Some(view.id.clone())
    );
    let me = restarted
        .client_for(&view.id)
        .await
        .unwrap()
        .me()
        .await
        .unwrap();
    assert_eq!(me.email, "ada@acme.example");
}

#[tokio::test]
async fn a_refused_key_saves_nothing() {
    let w = World::new().await;
    let service = w.open();
    let err = service
        .add_with_api_key(
            Some("Mine".into()),
            w.server(),
            Secret::new("definitely-not-a-key"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, DeskError::Auth(Detail::KeyRefused)),
        "{err:?}"
    );
    assert!(service.list().await.is_empty());
    assert!(w.store.keys().is_empty());
    assert!(files_under(w.home.path()).is_empty(), "no file written");
}

#[tokio::test]
async fn bad_input_is_refused_before_any_network_call() {
    let w = World::new().await;
    let service = w.open();
    let key = w.token(Persona::Admin);
    for (server, label, key) in [
        (
            Some("http://scriptix.example".to_owned()),
            None,
            key.clone(),
        ),
        (w.server(), None, Secret::new("   ")),
        (w.server(), Some("x".repeat(81)), key.clone()),
    ] {
        let err = service
            .add_with_api_key(label, server, key)
            .await
            .unwrap_err();
        assert!(matches!(err, DeskError::InvalidInput(_)), "{err:?}");
    }
    assert!(w.store.keys().is_empty());
}

#[tokio::test]
async fn without_a_keyring_nothing_is_saved_anywhere() {
    let w = World::with_store(MemorySecretStore::unavailable()).await;
    let service = w.open();
    let token = w.token(Persona::Admin);
    let err = service
        .add_with_api_key(None, w.server(), token.clone())
        .await
        .unwrap_err();
    assert!(matches!(err, DeskError::Keyring(_)), "{err:?}");
    assert!(matches!(
        service.check_keyring().await,
        Err(DeskError::Keyring(_))
    ));
    assert!(service.list().await.is_empty());
    assert!(!w.paths.accounts_file().exists());
    assert_not_on_disk(w.home.path(), token.expose());
}

#[tokio::test]
async fn password_sign_in_keeps_only_the_token() {
    let w = World::new().await;
    let service = w.open();
    let step = service
        .begin_password_sign_in(
            Some("Work".into()),
            w.server(),
            "ada@acme.example",
            Secret::new(PASSWORD),
        )
        .await
        .unwrap();
    let SignInStep::Done { account } = step else {
        panic!("no code should be needed: {step:?}");
    };
    assert_eq!(account.label, "Work");
    assert_eq!(account.added_via, AddedVia::Password);
    let token = w.stored_token(&account.id);
    assert_ne!(token.expose(), PASSWORD);
    assert_not_on_disk(w.home.path(), PASSWORD);
    assert_not_on_disk(w.home.path(), token.expose());
    service
        .client_for(&account.id)
        .await
        .unwrap()
        .me()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_wrong_password_is_a_plain_sign_in_error() {
    let w = World::new().await;
    let service = w.open();
    let err = service
        .begin_password_sign_in(None, w.server(), "ada@acme.example", Secret::new("nope"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, DeskError::Auth(Detail::PasswordRefused)),
        "{err:?}"
    );
    assert!(service.list().await.is_empty());
    assert!(w.store.keys().is_empty());
}

#[tokio::test]
async fn two_factor_sign_in_allows_a_retry_and_finishes_once() {
    let w = World::new().await;
    let service = w.open();
    let email = w.identity(Persona::Mfa).email;
    let step = service
        .begin_password_sign_in(None, w.server(), &email, Secret::new(PASSWORD))
        .await
        .unwrap();
    let SignInStep::NeedsCode { pending_id } = step else {
        panic!("expected a code request: {step:?}");
    };
    assert!(w.store.keys().is_empty(), "nothing saved before the code");

    let err = service.finish_mfa(&pending_id, "000000").await.unwrap_err();
    assert!(
        matches!(&err, DeskError::Auth(Detail::CodeRefused)),
        "{err:?}"
    );

    let account = service.finish_mfa(&pending_id, "123456").await.unwrap();
    assert_eq!(account.email, email);
    assert!(account.is_active);
    assert_eq!(w.store.keys(), [account_key(&account.id)]);
    assert_not_on_disk(w.home.path(), PASSWORD);

    let again = service.finish_mfa(&pending_id, "123456").await.unwrap_err();
    assert!(matches!(again, DeskError::Auth(_)));
    assert_eq!(service.list().await.len(), 1);
}

#[tokio::test]
async fn a_cancelled_code_request_cannot_be_finished() {
    let w = World::new().await;
    let service = w.open();
    let email = w.identity(Persona::Mfa).email;
    let SignInStep::NeedsCode { pending_id } = service
        .begin_password_sign_in(None, w.server(), &email, Secret::new(PASSWORD))
        .await
        .unwrap()
    else {
        panic!("expected a code request");
    };
    service.cancel_sign_in(&pending_id);
    assert!(service.finish_mfa(&pending_id, "123456").await.is_err());
    assert!(service.list().await.is_empty());
}

#[tokio::test]
async fn rename_reorder_and_switch_are_kept_across_a_restart() {
    let w = World::new().await;
    let service = w.open();
    let (a, _) = w.add(&service, Persona::Admin).await;
    let (b, _) = w.add(&service, Persona::Contributor).await;
    assert_eq!(service.active().await.unwrap().id, b.id, "newest is active");

    service.rename(&a.id, "  Head office ").await.unwrap();
    assert!(matches!(
        service.rename(&a.id, " ").await,
        Err(DeskError::InvalidInput(_))
    ));
    let order = service.reorder(std::slice::from_ref(&b.id)).await.unwrap();
    assert_eq!(ids(&order), [b.id.as_str(), a.id.as_str()]);
    let switched = service.switch(&a.id).await.unwrap();
    assert!(switched.is_active && switched.last_used.is_some());

    let restarted = w.open();
    let list = restarted.list().await;
    assert_eq!(ids(&list), [b.id.as_str(), a.id.as_str()]);
    assert_eq!(list[1].label, "Head office");
    assert!(list[1].is_active && !list[0].is_active);
    assert!(matches!(
        restarted.switch("no-such-id").await,
        Err(DeskError::NotFound(_))
    ));
}

#[tokio::test]
async fn remove_takes_the_token_the_row_and_the_cache() {
    let w = World::new().await;
    let service = w.open();
    let (a, _) = w.add(&service, Persona::Admin).await;
    let (b, _) = w.add(&service, Persona::Contributor).await;
    let cache = w.paths.account_cache_dir(&b.id);
    std::fs::create_dir_all(cache.join("sessions")).unwrap();
    std::fs::write(cache.join("sessions/page-1.json"), b"[]").unwrap();

    let removed = service.remove(&b.id).await.unwrap();
    assert_eq!(
        (
            removed.id.as_str(),
            removed.sign_in_deleted,
            removed.cache_deleted
        ),
        (b.id.as_str(), true, true)
    );
    assert!(!cache.exists());
    assert_eq!(w.store.keys(), [account_key(&a.id)]);
    assert_eq!(
        service.active().await.unwrap().id,
        a.id,
        "the remaining one becomes active"
    );
    assert!(!w.accounts_json().contains(&b.id));
    assert!(matches!(
        service.client_for(&b.id).await,
        Err(DeskError::NotFound(_))
    ));
}

#[tokio::test]
async fn remove_keeps_the_account_when_the_keyring_refuses() {
    let w = World::new().await;
    let service = w.open();
    let (a, _) = w.add(&service, Persona::Admin).await;
    w.store.set_available(false);
    assert!(matches!(
        service.remove(&a.id).await,
        Err(DeskError::Keyring(_))
    ));
    w.store.set_available(true);
    assert_eq!(ids(&service.list().await), [a.id.as_str()]);
    assert_eq!(
        w.store.keys(),
        [account_key(&a.id)],
        "no orphaned token either way"
    );
}

#[tokio::test]
async fn forget_all_leaves_no_account_token_or_cache() {
    let w = World::new().await;
    let service = w.open();
    let (a, _) = w.add(&service, Persona::Admin).await;
    w.add(&service, Persona::Contributor).await;
    std::fs::create_dir_all(w.paths.account_cache_dir(&a.id)).unwrap();
    let me = w.identity(Persona::Admin);
    service
        .add_ephemeral(None, &w.fake.base_url(), w.token(Persona::Admin), &me)
        .await
        .unwrap();

    let removed = service.forget_all().await.unwrap();
    assert_eq!(removed.len(), 3);
    assert!(service.list().await.is_empty());
    assert!(service.active().await.is_none());
    assert!(w.store.keys().is_empty());
    assert!(!w.paths.account_cache_dir(&a.id).exists());
    assert!(w.open().list().await.is_empty());
}

#[tokio::test]
async fn a_refused_token_asks_for_sign_in_and_renewal_keeps_name_and_place() {
    let w = World::new().await;
    let service = w.open();
    let (a, old_token) = w.add(&service, Persona::Admin).await;
    let (b, _) = w.add(&service, Persona::Contributor).await;
    service.rename(&a.id, "Acme archive").await.unwrap();

    w.fake.revoke_token(old_token.expose());
    let err = service
        .client_for(&a.id)
        .await
        .unwrap()
        .me()
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Unauthorized { .. }));
    service.mark_needs_sign_in(&a.id).await.unwrap();

    let restarted = w.open();
    let view = restarted
        .list()
        .await
        .into_iter()
        .find(|v| v.id == a.id)
        .unwrap();
    assert!(view.needs_sign_in, "remembered across a restart");
    assert!(matches!(
        restarted.client_for(&a.id).await,
        Err(DeskError::Auth(_))
    ));

    let someone_else = restarted
        .begin_password_reauth(&a.id, "carl@acme.example", Secret::new(PASSWORD))
        .await
        .unwrap_err();
    assert!(
        matches!(someone_else, DeskError::InvalidInput(_)),
        "{someone_else:?}"
    );

    let step = restarted
        .begin_password_reauth(&a.id, "ada@acme.example", Secret::new(PASSWORD))
        .await
        .unwrap();
    let SignInStep::Done { account: renewed } = step else {
        panic!("no code should be needed: {step:?}");
    };
    assert!(!renewed.needs_sign_in);
    assert_eq!(renewed.label, "Acme archive");
    assert_eq!(renewed.added_via, AddedVia::Password);
    assert_eq!(ids(&restarted.list().await), [a.id.as_str(), b.id.as_str()]);
    let new_token = w.stored_token(&a.id);
    assert_ne!(new_token, old_token);
    restarted
        .client_for(&a.id)
        .await
        .unwrap()
        .me()
        .await
        .unwrap();
    assert!(!w.open().list().await[0].needs_sign_in);
}

#[tokio::test]
async fn api_key_renewal_must_be_the_same_user() {
    let w = World::new().await;
    let service = w.open();
    let (a, token) = w.add(&service, Persona::Admin).await;
    service.mark_needs_sign_in(&a.id).await.unwrap();

    let err = service
        .reauth_with_api_key(&a.id, w.token(Persona::Viewer))
        .await
        .unwrap_err();
    assert!(matches!(err, DeskError::InvalidInput(_)), "{err:?}");
    assert_eq!(w.stored_token(&a.id), token);

    let refused = service
        .reauth_with_api_key(&a.id, Secret::new("fk_admin_0000000000000000"))
        .await
        .unwrap_err();
    assert!(matches!(refused, DeskError::Auth(_)), "{refused:?}");

    let renewed = service.reauth_with_api_key(&a.id, token).await.unwrap();
    assert!(!renewed.needs_sign_in);
    service.client_for(&a.id).await.unwrap().me().await.unwrap();
}

#[tokio::test]
async fn password_renewal_through_a_code_clears_needs_sign_in() {
    let w = World::new().await;
    let service = w.open();
    let mfa = w.identity(Persona::Mfa);
    let SignInStep::NeedsCode { pending_id } = service
        .begin_password_sign_in(None, w.server(), &mfa.email, Secret::new(PASSWORD))
        .await
        .unwrap()
    else {
        panic!("expected a code request");
    };
    let account = service.finish_mfa(&pending_id, "123456").await.unwrap();
    service.mark_needs_sign_in(&account.id).await.unwrap();

    let SignInStep::NeedsCode { pending_id } = service
        .begin_password_reauth(&account.id, &mfa.email, Secret::new(PASSWORD))
        .await
        .unwrap()
    else {
        panic!("expected a code request");
    };
    let renewed = service.finish_mfa(&pending_id, "123456").await.unwrap();
    assert_eq!(renewed.id, account.id);
    assert!(!renewed.needs_sign_in);
    assert_eq!(service.list().await.len(), 1);
}

#[tokio::test]
async fn practice_accounts_never_reach_the_disk_or_the_keyring() {
    let w = World::new().await;
    let service = w.open();
    let (first, _) = w.add(&service, Persona::Admin).await;
    let (last, _) = w.add(&service, Persona::Viewer).await;
    let token = w.token(Persona::Contributor);
    let me = w.identity(Persona::Contributor);
    let practice = service
        .add_ephemeral(
            Some("Practice".into()),
            &w.fake.base_url(),
            token.clone(),
            &me,
        )
        .await
        .unwrap();
    assert!(practice.is_practice && practice.is_active);
    let client = service.client_for(&practice.id).await.unwrap();
    assert_eq!(client.me().await.unwrap().email, me.email);
    assert_eq!(w.store.keys().len(), 2, "no keyring entry for practice");
    assert!(!w.accounts_json().contains(&practice.id));
    assert_not_on_disk(w.home.path(), token.expose());

    let restarted = w.open();
    assert_eq!(
        ids(&restarted.list().await),
        [first.id.as_str(), last.id.as_str()]
    );
    let reopened = restarted.active().await.unwrap();
    assert_eq!(reopened.id, last.id, "the last real account opens");

    let removed = service.remove(&practice.id).await.unwrap();
    assert!(!removed.sign_in_deleted);
    assert_eq!(service.active().await.unwrap().id, last.id);
    assert_eq!(service.list().await.len(), 2);
}

#[tokio::test]
async fn an_unreadable_account_list_is_kept_aside_and_reported() {
    let w = World::new().await;
    let file = w.paths.accounts_file();
    std::fs::write(&file, b"{ this is not json").unwrap();

    let service = w.open();
    let warning = service.index_warning().expect("reported to the UI");
    assert!(service.list().await.is_empty());
    w.add(&service, Persona::Admin).await;
    assert_eq!(
        std::fs::read(&warning.moved_to).unwrap(),
        b"{ this is not json"
    );
    assert!(w.accounts_json().contains("\"version\": 1"));
    assert!(
        w.open().index_warning().is_none(),
        "reported once, not on every start"
    );
}

#[tokio::test]
async fn a_token_deleted_outside_the_app_asks_for_sign_in() {
    let w = World::new().await;
    let (a, _) = w.add(&w.open(), Persona::Admin).await;
    // As if someone cleaned up the keyring with the system's password manager.
    w.store.delete(&account_key(&a.id)).unwrap();

    let service = w.open();
    let err = service.client_for(&a.id).await.unwrap_err();
    assert!(
        matches!(&err, DeskError::Auth(Detail::SignInMissing { .. })),
        "{err:?}"
    );
    assert!(service.list().await[0].needs_sign_in);
    assert!(w.open().list().await[0].needs_sign_in, "saved");
}

/// The account list is a plain file: pointed at another server, the token stays home. The
/// other server (a second fake) never sees a request, and the account asks for a sign-in.
#[tokio::test]
async fn an_account_list_edited_to_another_server_does_not_send_the_token_there() {
    let w = World::new().await;
    let (a, token) = w.add(&w.open(), Persona::Admin).await;
    let elsewhere = FakeServer::start(Config::default()).await.unwrap();

    let file = w.paths.accounts_file();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(&w.fake.base_url()), "{text}");
    std::fs::write(
        &file,
        text.replace(&w.fake.base_url(), &elsewhere.base_url()),
    )
    .unwrap();

    let service = w.open();
    let err = service.client_for(&a.id).await.unwrap_err();
    assert!(matches!(&err, DeskError::Auth(_)), "{err:?}");
    assert_eq!(
        elsewhere.state().total_requests,
        0,
        "no request reached the other server"
    );
    assert!(service.list().await[0].needs_sign_in);
    // The entry itself is untouched, still bound to the server that issued it.
    let entry = w.store.get(&account_key(&a.id)).unwrap().unwrap();
    assert_eq!(bound_token(&entry, &w.fake.base_url()), Some(token));
}

/// Practice mode (in the app crate) adds its account through the core, which asks Scriptix
/// who the token is first: a token the server refuses adds nothing.
#[tokio::test]
async fn a_checked_practice_account_is_who_the_server_says() {
    let w = World::new().await;
    let service = w.open();
    let practice = service
        .add_ephemeral_checked(
            Some("practice".into()),
            &w.fake.base_url(),
            w.token(Persona::Admin),
        )
        .await
        .unwrap();
    assert!(practice.is_practice && practice.is_active);
    assert_eq!(practice.label, "practice");
    let expected = w.identity(Persona::Admin);
    let client = service.client_for(&practice.id).await.unwrap();
    assert_eq!(client.me().await.unwrap().email, expected.email);

    let refused = service
        .add_ephemeral_checked(None, &w.fake.base_url(), Secret::new("not-a-token"))
        .await;
    assert!(matches!(refused, Err(DeskError::Auth(_))), "{refused:?}");
    assert_eq!(ids(&service.list().await), [practice.id.as_str()]);
    assert!(
        w.store.keys().is_empty(),
        "practice never reaches the keyring"
    );
}
