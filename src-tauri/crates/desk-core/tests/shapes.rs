//! The documented shapes the app must cope with, end to end through the core: API keys in
//! either header, `/account/me` closed to keys, "Sign in with Microsoft", a 404 on delete,
//! objects flagged `is_deleted`, and comments that cannot be listed. Against the fake
//! Scriptix server (switched to each variant) over real loopback TCP.

use std::sync::Arc;
use std::time::Duration;

use desk_core::accounts::{AccountService, AddedVia};
use desk_core::audit::AuditOutcome;
use desk_core::backup::{AccountMeta, BackupProgress};
use desk_core::cancel::CancelToken;
use desk_core::deletion::{back_up_then_delete, DeleteResult, DeleteTarget};
use desk_core::deletion_record::entry_for;
use desk_core::paths::AppPaths;
use desk_core::secrets::MemorySecretStore;
use desk_core::DeskError;
use fake_scriptix::{AuthStyle, Config, FakeServer, Persona, Quirks};
use futures_util::TryStreamExt;
use scriptix_api::{ClientOptions, ListQuery, ScriptixClient, Secret, Session};

struct World {
    fake: FakeServer,
    home: tempfile::TempDir,
    service: AccountService,
}

impl World {
    async fn new(config: Config) -> World {
        let fake = FakeServer::start(config).await.unwrap();
        let home = tempfile::tempdir().unwrap();
        let paths = AppPaths::under(home.path());
        paths.ensure().unwrap();
        let service = AccountService::open(&paths, Arc::new(MemorySecretStore::new())).unwrap();
        World {
            fake,
            home,
            service,
        }
    }

    fn accounts_json(&self) -> String {
        let paths = AppPaths::under(self.home.path());
        std::fs::read_to_string(paths.accounts_file()).unwrap()
    }
}

#[tokio::test]
async fn an_api_key_is_tried_as_bearer_then_in_the_key_header() {
    for (fake_style, saved_style) in [(AuthStyle::Bearer, "bearer"), (AuthStyle::Key, "api_key")] {
        let w = World::new(Config {
            auth_style: fake_style,
            ..Config::default()
        })
        .await;
        let key = Secret::new(w.fake.token(Persona::Admin));
        let view = w
            .service
            .add_with_api_key(None, Some(w.fake.base_url()), key)
            .await
            .unwrap();
        assert_eq!(view.email, "ada@acme.example", "{fake_style:?}");
        assert!(view.identity_known && view.roles_known);
        assert!(
            w.accounts_json()
                .contains(&format!("\"auth_style\": \"{saved_style}\"")),
            "{fake_style:?}: {}",
            w.accounts_json()
        );
        // And the saved account works with it.
        let client = w.service.client_for(&view.id).await.unwrap();
        assert!(client.me().await.is_ok());
    }
}

#[tokio::test]
async fn a_key_that_may_not_read_the_profile_is_still_added_as_unknown() {
    for status in [403, 404, 405] {
        let w = World::new(Config {
            auth_style: AuthStyle::Key,
            quirks: Quirks {
                me_refuses_keys: Some(status),
                ..Quirks::default()
            },
            ..Config::default()
        })
        .await;
        let key = Secret::new(w.fake.token(Persona::Contributor));
        let view = w
            .service
            .add_with_api_key(Some("Batch key".into()), Some(w.fake.base_url()), key)
            .await
            .unwrap_or_else(|e| panic!("{status}: {e:?}"));
        assert!(!view.identity_known && !view.roles_known, "{status}");
        assert!(view.email.is_empty() && view.organization.is_none());
        assert!(w.accounts_json().contains("\"auth_style\": \"api_key\""));
        // A wrong key is still refused: the session list says 401 in both headers.
        let err = w
            .service
            .add_with_api_key(None, Some(w.fake.base_url()), Secret::new("nope"))
            .await
            .unwrap_err();
        assert!(matches!(err, DeskError::Auth(_)), "{status}: {err:?}");
    }
}

#[tokio::test]
async fn sign_in_with_microsoft_adds_the_account_from_the_browser_redirect() {
    let w = World::new(Config::default()).await;
    let browser = reqwest::Client::new();
    let (tx, rx) = tokio::sync::oneshot::channel();
    let opened = |url: &url::Url| {
        let _ = tx.send(url.clone());
        Ok(())
    };
    // The "browser": follows the address the app opened, redirects and all.
    let follow = tokio::spawn(async move {
        let url = rx.await.unwrap();
        let with_hint = format!("{url}&login_hint=carl%40acme.example");
        let page = browser.get(with_hint).send().await.unwrap();
        (url, page.status(), page.text().await.unwrap())
    });
    let view = w
        .service
        .add_with_microsoft(
            None,
            Some(w.fake.base_url()),
            opened,
            Duration::from_secs(60),
            &CancelToken::new(),
        )
        .await
        .unwrap();
    let (url, status, page) = follow.await.unwrap();
    assert!(url.as_str().starts_with(&format!(
        "{}/api/v3/auth/login/microsoft?redirect_uri=http%3A%2F%2F127.0.0.1%3A",
        w.fake.base_url()
    )));
    assert!(status.is_success() && page.contains("signed in"), "{page}");
    assert_eq!(view.email, "carl@acme.example");
    assert_eq!(view.added_via, AddedVia::Microsoft);
    assert!(view.is_active);
    let client = w.service.client_for(&view.id).await.unwrap();
    assert_eq!(client.me().await.unwrap().email, "carl@acme.example");
}

#[tokio::test]
async fn a_microsoft_sign_in_can_be_cancelled_and_saves_nothing() {
    let w = World::new(Config::default()).await;
    let cancel = CancelToken::new();
    cancel.cancel();
    let err = w
        .service
        .add_with_microsoft(
            None,
            Some(w.fake.base_url()),
            |_| Ok(()),
            Duration::from_secs(60),
            &cancel,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, DeskError::Cancelled(_)), "{err:?}");
    assert!(w.service.list().await.is_empty());
}

// ---- deletes ----

fn account() -> AccountMeta {
    AccountMeta {
        label: "Office".into(),
        organization: "Acme".into(),
        server: "loopback".into(),
    }
}

fn no_progress(_: BackupProgress) {}

fn client(server: &FakeServer, who: Persona) -> ScriptixClient {
    ScriptixClient::new(
        &server.base_url(),
        Secret::new(server.token(who)),
        ClientOptions::default(),
    )
    .unwrap()
}

async fn sessions(c: &ScriptixClient) -> Vec<Session> {
    let pages: Vec<_> = c
        .sessions(ListQuery::default())
        .try_collect()
        .await
        .unwrap();
    pages.into_iter().flat_map(|p| p.items).collect()
}

async fn delete(
    c: &ScriptixClient,
    target: &DeleteTarget,
    dir: &tempfile::TempDir,
) -> desk_core::DeskResult<desk_core::deletion::DeleteReport> {
    back_up_then_delete(
        c,
        &account(),
        target,
        Some(dir.path().join("backup.zip").into()),
        false,
        &no_progress,
        &CancelToken::new(),
    )
    .await
}

#[tokio::test]
async fn a_404_on_delete_is_reported_and_recorded_as_not_on_scriptix() {
    let server = FakeServer::start(Config {
        sessions: 8,
        quirks: Quirks {
            hide_refusals: true,
            ..Quirks::default()
        },
        ..Config::default()
    })
    .await
    .unwrap();
    let admin_id = server.identity(Persona::Admin).id;
    let admin_session = sessions(&client(&server, Persona::Admin))
        .await
        .into_iter()
        .find(|s| s.created_by.as_ref().is_some_and(|p| p.id == admin_id))
        .expect("Ada owns a session");
    let target = DeleteTarget::Session {
        session_id: admin_session.id.clone(),
    };
    let dir = tempfile::tempdir().unwrap();
    let report = delete(&client(&server, Persona::Contributor), &target, &dir).await;
    let outcome = report.as_ref().unwrap().outcome;
    assert_eq!(outcome, DeleteResult::NotOnScriptix);
    assert!(
        report.as_ref().unwrap().backup.is_some(),
        "backed up before asking"
    );
    assert!(server.state().sessions.contains(&admin_session.id));
    let entry = entry_for(&account(), &target, "x".into(), &report).unwrap();
    assert_eq!(entry.outcome, AuditOutcome::NotOnScriptix);
}

#[tokio::test]
async fn a_session_flagged_deleted_is_already_deleted_without_a_backup() {
    let server = FakeServer::start(Config {
        sessions: 4,
        soft_delete: true,
        ..Config::default()
    })
    .await
    .unwrap();
    let c = client(&server, Persona::Admin);
    let s = sessions(&c).await.remove(0);
    server.delete_behind_the_back(&s.id);
    let dir = tempfile::tempdir().unwrap();
    let target = DeleteTarget::Session {
        session_id: s.id.clone(),
    };
    let report = delete(&c, &target, &dir).await.unwrap();
    assert_eq!(report.outcome, DeleteResult::AlreadyDeleted);
    assert!(report.backup.is_none());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no backup file"
    );
    assert_eq!(server.state().requests.get("DELETE session"), None);
}

#[tokio::test]
async fn a_comment_is_still_deleted_where_comments_cannot_be_listed() {
    // Same seed, same ids: the plain server shows which document has comments.
    let plain = FakeServer::start(Config {
        sessions: 6,
        ..Config::default()
    })
    .await
    .unwrap();
    let pc = client(&plain, Persona::Admin);
    let mut found = None;
    'find: for s in sessions(&pc).await {
        for d in s.documents.clone().unwrap_or_default() {
            if let Some(comment) = pc.comments(&s.id, &d.id).await.unwrap().first() {
                found = Some((s.id.clone(), d.id.clone(), comment.id.clone()));
                break 'find;
            }
        }
    }
    let (session_id, document_id, comment_id) = found.expect("a comment somewhere");
    let server = FakeServer::start(Config {
        sessions: 6,
        quirks: Quirks {
            no_comment_list: Some(405),
            ..Quirks::default()
        },
        ..Config::default()
    })
    .await
    .unwrap();
    let c = client(&server, Persona::Admin);
    let target = DeleteTarget::Comment {
        session_id,
        document_id,
        comment_id: comment_id.clone(),
    };
    let dir = tempfile::tempdir().unwrap();
    let report = delete(&c, &target, &dir).await.unwrap();
    assert_eq!(report.outcome, DeleteResult::Deleted);
    assert!(report.backup.is_some(), "the document was backed up first");
    assert!(server.state().deleted_comments.contains(&comment_id));
}

#[tokio::test]
async fn refusals_with_unknown_roles_reread_the_profile_then_make_deletes_view_only() {
    use desk_core::library::{learn_from_refusal, ItemKey, Library};
    let w = World::new(Config {
        sessions: 12,
        quirks: Quirks {
            me_shape: fake_scriptix::MeShape::NoRoles,
            ..Quirks::default()
        },
        ..Config::default()
    })
    .await;
    let key = Secret::new(w.fake.token(Persona::Contributor));
    let view = w
        .service
        .add_with_api_key(None, Some(w.fake.base_url()), key)
        .await
        .unwrap();
    assert!(view.identity_known && !view.roles_known);
    let (id, client) = (
        view.id.clone(),
        w.service.client_for(&view.id).await.unwrap(),
    );
    let library = Library::default();
    let viewer = w.service.viewer_for(&id).await.unwrap();
    library
        .load(&id, &client, viewer, false, |_| {})
        .await
        .unwrap();
    let all: Vec<String> = sessions(&client).await.into_iter().map(|s| s.id).collect();
    let mine = library.deletable_among(&id, &all);
    assert!(mine.len() >= 3, "Carl may delete his own: {mine:?}");

    let me_reads = || w.fake.state().requests.get("GET me").copied().unwrap_or(0);
    let before = me_reads();
    learn_from_refusal(&w.service, &library, &id, ItemKey::Session(mine[0].clone())).await;
    assert_eq!(me_reads(), before + 1, "the profile is read again");
    assert_eq!(
        library.deletable_among(&id, &all).len(),
        mine.len() - 1,
        "one refusal hides that one delete"
    );
    learn_from_refusal(&w.service, &library, &id, ItemKey::Session(mine[1].clone())).await;
    assert_eq!(me_reads(), before + 2);
    assert!(
        library.deletable_among(&id, &all).is_empty(),
        "two refusals with roles still unknown: view-only for deletes"
    );
}
