//! Planning a bulk job from the library's selection (`bulk::plan_selection`), against the
//! fake server over real TCP: what the person selected is what the job covers — in a delete
//! job only the sessions whose delete button the library shows, each once, from the readings
//! the library already holds.

use std::collections::BTreeSet;

use desk_core::backup::AccountMeta;
use desk_core::bulk::{plan_selection, BulkMode, Selection};
use desk_core::library::{Library, LibraryQuery};
use desk_core::permissions::Viewer;
use desk_core::{DeskError, Detail};
use fake_scriptix::{Config, FakeServer, Persona};
use scriptix_api::{ClientOptions, ScriptixClient, Secret};

const ACCOUNT: &str = "acct";

struct Setup {
    _server: FakeServer,
    client: ScriptixClient,
    library: Library,
    folder: tempfile::TempDir,
    account: AccountMeta,
}

/// A library loaded for `who`, as the app has it once the session list is read.
async fn loaded(who: Persona, sessions: usize) -> Setup {
    let server = FakeServer::start(Config {
        seed: 5,
        sessions,
        ..Default::default()
    })
    .await
    .unwrap();
    let client = ScriptixClient::new(
        &server.base_url(),
        Secret::new(server.token(who)),
        ClientOptions::default(),
    )
    .unwrap();
    let viewer = Viewer::from_identity(&client.me().await.unwrap());
    let library = Library::new();
    library
        .load(ACCOUNT, &client, viewer, false, |_| {})
        .await
        .unwrap();
    let account = AccountMeta {
        label: "Office".into(),
        organization: "Acme".into(),
        server: server.base_url(),
    };
    Setup {
        _server: server,
        client,
        library,
        folder: tempfile::tempdir().unwrap(),
        account,
    }
}

impl Setup {
    fn selection(&self, session_ids: Vec<String>, mode: BulkMode) -> Selection {
        Selection {
            account: self.account.clone(),
            account_id: ACCOUNT.into(),
            session_ids,
            folder: self.folder.path().to_path_buf(),
            mode,
            include_media: false,
            index_words: Default::default(),
        }
    }

    /// Every session as the list shows it: id, and whether its delete button shows.
    fn shown(&self) -> Vec<(String, bool)> {
        self.library
            .window(ACCOUNT, &LibraryQuery::default(), 0, 500)
            .rows
            .into_iter()
            .map(|r| (r.id, r.actions.can_delete))
            .collect()
    }
}

fn planned(plan: &desk_core::bulk::BulkPlan) -> Vec<String> {
    plan.items.iter().map(|i| i.session_id.clone()).collect()
}

#[tokio::test]
async fn a_delete_job_covers_only_the_sessions_the_account_may_delete() {
    let s = loaded(Persona::Contributor, 40).await;
    let shown = s.shown();
    let deletable: BTreeSet<String> = shown
        .iter()
        .filter(|(_, d)| *d)
        .map(|(id, _)| id.clone())
        .collect();
    assert!(
        !deletable.is_empty() && deletable.len() < shown.len(),
        "a contributor may delete some sessions, not all ({} of {})",
        deletable.len(),
        shown.len()
    );
    // Everything selected, one session twice.
    let mut ids: Vec<String> = shown.iter().map(|(id, _)| id.clone()).collect();
    ids.push(ids[0].clone());

    let plan = plan_selection(
        &s.library,
        Some(&s.client),
        s.selection(ids.clone(), BulkMode::BackUpThenDelete),
    )
    .await
    .unwrap();
    let in_plan = planned(&plan);
    assert_eq!(in_plan.iter().cloned().collect::<BTreeSet<_>>(), deletable);
    assert_eq!(in_plan.len(), deletable.len(), "each session once");
    assert_eq!(plan.mode, BulkMode::BackUpThenDelete);
    assert_eq!(plan.account_id, ACCOUNT);

    // A backup-only job takes every selected session.
    let plan = plan_selection(
        &s.library,
        Some(&s.client),
        s.selection(ids, BulkMode::BackUpOnly),
    )
    .await
    .unwrap();
    assert_eq!(planned(&plan).len(), shown.len());
}

#[tokio::test]
async fn the_plan_carries_the_library_reading_and_its_documents() {
    let s = loaded(Persona::Admin, 12).await;
    let ids: Vec<String> = s.shown().into_iter().map(|(id, _)| id).collect();
    let plan = plan_selection(
        &s.library,
        Some(&s.client),
        s.selection(ids.clone(), BulkMode::BackUpOnly),
    )
    .await
    .unwrap();
    assert_eq!(planned(&plan), ids, "in the order selected");
    for item in &plan.items {
        let (session, _) = s.library.listing(ACCOUNT, &item.session_id).unwrap();
        let documents: Vec<String> = session
            .documents
            .iter()
            .flatten()
            .map(|d| d.id.clone())
            .collect();
        assert_eq!(item.document_ids, documents, "{}", item.session_id);
        assert_eq!(item.name, session.filename);
        assert!(
            item.listing
                .as_ref()
                .is_some_and(|l| l.fresh_session().is_some()),
            "a reading just taken spares the job a request: {}",
            item.session_id
        );
    }
}

#[tokio::test]
async fn without_a_client_the_plan_still_comes_from_the_library() {
    let s = loaded(Persona::Admin, 6).await;
    let ids: Vec<String> = s.shown().into_iter().map(|(id, _)| id).collect();
    let plan = plan_selection(
        &s.library,
        None,
        s.selection(ids.clone(), BulkMode::BackUpOnly),
    )
    .await
    .unwrap();
    assert_eq!(planned(&plan), ids);
}

#[tokio::test]
async fn sessions_the_library_does_not_know_are_left_out_and_nothing_is_refused() {
    let s = loaded(Persona::Admin, 3).await;
    let unknown = vec!["no-such-session".to_string()];
    let r = plan_selection(
        &s.library,
        Some(&s.client),
        s.selection(unknown, BulkMode::BackUpOnly),
    )
    .await;
    assert!(matches!(
        r,
        Err(DeskError::InvalidInput(Detail::NothingSelected))
    ));

    // A viewer may delete nothing: a delete job over its sessions has nothing to do.
    let v = loaded(Persona::Viewer, 5).await;
    let ids: Vec<String> = v.shown().into_iter().map(|(id, _)| id).collect();
    let r = plan_selection(
        &v.library,
        Some(&v.client),
        v.selection(ids, BulkMode::BackUpThenDelete),
    )
    .await;
    assert!(matches!(
        r,
        Err(DeskError::InvalidInput(Detail::NothingSelected))
    ));
}
