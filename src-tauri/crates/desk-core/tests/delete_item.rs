//! A single delete from the library, through the core's one function: after it, the
//! session has left the list and the deletion record names it as the person saw it; a
//! delete whose backup cannot be saved deletes nothing and leaves the list as it was.

#[path = "bulk_support/mod.rs"]
mod bulk_support;

use std::sync::Arc;

use bulk_support::Env;
use desk_core::accounts::AccountService;
use desk_core::audit::AuditOutcome;
use desk_core::cancel::CancelToken;
use desk_core::delete_item::{self, Books, DeleteRequest};
use desk_core::deletion::DeleteTarget;
use desk_core::library::{Library, LibraryQuery};
use desk_core::paths::AppPaths;
use desk_core::saving::SaveTarget;
use desk_core::secrets::MemorySecretStore;
use fake_scriptix::{Config, Persona};
use scriptix_api::Secret;

struct Desk {
    env: Env,
    accounts: AccountService,
    library: Library,
    account_id: String,
    _home: tempfile::TempDir,
}

async fn desk() -> Desk {
    let env = Env::start(Config {
        sessions: 3,
        ..Default::default()
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let paths = AppPaths::under(home.path());
    paths.ensure().unwrap();
    let accounts = AccountService::open(&paths, Arc::new(MemorySecretStore::new())).unwrap();
    let account = accounts
        .add_with_api_key(
            Some("Office".into()),
            Some(env.server.base_url().to_string()),
            Secret::new(env.server.token(Persona::Admin)),
        )
        .await
        .unwrap();
    let library = Library::new();
    let viewer = accounts.viewer_for(&account.id).await.unwrap();
    library
        .load(&account.id, &env.client, viewer, false, |_| {})
        .await
        .unwrap();
    Desk {
        env,
        accounts,
        library,
        account_id: account.id,
        _home: home,
    }
}

fn listed(d: &Desk) -> Vec<(String, String)> {
    d.library
        .window(&d.account_id, &LibraryQuery::default(), 0, 100)
        .rows
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect()
}

async fn delete(d: &Desk, session_id: &str, backup_to: SaveTarget) -> desk_core::DeskResult<()> {
    let books = Books {
        accounts: &d.accounts,
        library: &d.library,
        audit: &d.env.audit,
    };
    let target = DeleteTarget::Session {
        session_id: session_id.to_string(),
    };
    let request = DeleteRequest {
        account_id: &d.account_id,
        account: &d.env.account(),
        target: &target,
        backup_to: Some(backup_to),
        include_media: false,
    };
    delete_item::run(books, &d.env.client, request, &|_| {}, &CancelToken::new())
        .await
        .map(drop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_session_leaves_the_list_and_is_recorded_under_its_name() {
    let d = desk().await;
    let before = listed(&d);
    let (id, name) = before[1].clone();

    let zip = d.env.folder.path().join("backup.zip");
    delete(&d, &id, SaveTarget::chosen(zip.clone()))
        .await
        .unwrap();

    assert!(zip.is_file(), "the backup was saved first");
    assert!(d.env.deleted_sessions().contains(&id));
    let after = listed(&d);
    assert_eq!(after.len(), before.len() - 1);
    assert!(
        !after.iter().any(|(i, _)| i == &id),
        "{name} is still listed"
    );
    let record = d.env.audit.entries().unwrap();
    assert_eq!(record.len(), 1, "{record:?}");
    assert_eq!(record[0].session_id, id);
    assert_eq!(record[0].name, name, "the name the person saw");
    assert!(
        matches!(record[0].outcome, AuditOutcome::Deleted),
        "{record:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_that_cannot_be_saved_deletes_nothing_and_keeps_the_list() {
    let d = desk().await;
    let before = listed(&d);
    let (id, _) = before[0].clone();

    // A folder that does not exist: the backup cannot be written.
    let nowhere = d.env.folder.path().join("missing").join("backup.zip");
    assert!(delete(&d, &id, SaveTarget::chosen(nowhere)).await.is_err());

    assert!(d.env.deleted_sessions().is_empty(), "nothing deleted");
    assert_eq!(listed(&d), before, "the list is as it was");
}
