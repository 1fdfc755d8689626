//! The library cache against the fake server over real TCP: every page loads, windows come
//! back filtered and in order, and what the app learns shows at once.

use std::sync::Mutex;

use desk_core::library::{ItemKey, Library, LibraryQuery, SortKey};
use desk_core::permissions::Viewer;
use fake_scriptix::{Config, FakeServer, Persona};
use scriptix_api::{ClientOptions, ScriptixClient, Secret};

async fn setup(sessions: usize, who: Persona) -> (FakeServer, ScriptixClient, Viewer) {
    let server = FakeServer::start(Config {
        seed: 11,
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
    (server, client, viewer)
}

#[tokio::test]
async fn loads_every_page_and_reports_progress() {
    let (_server, client, viewer) = setup(1_234, Persona::Admin).await;
    let lib = Library::new();
    let seen = Mutex::new(Vec::new());
    lib.load("acct", &client, viewer, false, |p| {
        seen.lock().unwrap().push(p.loaded)
    })
    .await
    .unwrap();
    let progress = lib.progress("acct");
    assert_eq!(progress.loaded, 1_234);
    assert_eq!(progress.total, Some(1_234));
    assert!(progress.complete);
    let seen = seen.into_inner().unwrap();
    assert!(
        seen.len() >= 13,
        "one progress report per page of 100: {seen:?}"
    );
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "progress only grows: {seen:?}"
    );
}

#[tokio::test]
async fn windows_are_sorted_and_exclude_what_was_deleted() {
    let (_server, client, viewer) = setup(250, Persona::Admin).await;
    let lib = Library::new();
    lib.load("acct", &client, viewer, false, |_| {})
        .await
        .unwrap();
    let q = LibraryQuery {
        sort: SortKey::Name,
        ..Default::default()
    };
    let w = lib.window("acct", &q, 0, 100);
    assert_eq!(w.matching, 250);
    assert_eq!(w.rows.len(), 100);
    let names: Vec<String> = w.rows.iter().map(|r| r.name.to_lowercase()).collect();
    assert!(names.windows(2).all(|p| p[0] <= p[1]), "sorted by name");

    let gone = w.rows[0].id.clone();
    lib.mark_gone("acct", ItemKey::Session(gone.clone()));
    let after = lib.window("acct", &q, 0, 100);
    assert_eq!(after.matching, 249);
    assert_eq!(
        after.loaded, 249,
        "what was deleted is not counted as loaded"
    );
    assert_eq!(lib.progress("acct").loaded, 249);
    assert!(
        after.rows.iter().all(|r| r.id != gone),
        "a deleted session never shows again"
    );
}

#[tokio::test]
async fn a_view_only_user_gets_no_delete_and_a_403_hides_delete_for_an_admin() {
    let (_server, client, viewer) = setup(20, Persona::Viewer).await;
    let lib = Library::new();
    lib.load("v", &client, viewer, false, |_| {}).await.unwrap();
    let w = lib.window("v", &LibraryQuery::default(), 0, 20);
    assert!(w
        .rows
        .iter()
        .all(|r| !r.actions.can_delete && r.actions.can_back_up));
    assert!(w
        .rows
        .iter()
        .flat_map(|r| r.documents.clone().unwrap_or_default())
        .all(|d| !d.actions.can_delete));

    let (_server, client, viewer) = setup(20, Persona::Admin).await;
    lib.load("a", &client, viewer, false, |_| {}).await.unwrap();
    let first = lib
        .window("a", &LibraryQuery::default(), 0, 1)
        .rows
        .remove(0);
    assert!(first.actions.can_delete);
    lib.mark_forbidden("a", ItemKey::Session(first.id.clone()));
    assert!(!lib.session_row("a", &first.id).unwrap().actions.can_delete);
}

#[tokio::test]
async fn old_readings_are_refreshed_by_the_list_when_that_is_cheaper() {
    let (server, client, viewer) = setup(250, Persona::Admin).await;
    let lib = Library::new();
    lib.load("acct", &client, viewer, false, |_| {})
        .await
        .unwrap();
    let ids = lib.matching_ids("acct", &LibraryQuery::default());
    let (_, first_read) = lib.listing("acct", &ids[0]).unwrap();
    let pages_before = server
        .state()
        .requests
        .get("GET sessions")
        .copied()
        .unwrap_or(0);

    // Just read: nothing to do.
    let now = std::time::Instant::now();
    assert_eq!(
        lib.refresh_stale("acct", &client, &ids, now).await.unwrap(),
        0
    );
    // Six minutes on, 250 old readings: three pages beat 250 session reads.
    let later = now + desk_core::bulk::LISTING_FRESH_FOR + std::time::Duration::from_secs(60);
    assert_eq!(
        lib.refresh_stale("acct", &client, &ids, later)
            .await
            .unwrap(),
        3
    );
    let pages_after = server
        .state()
        .requests
        .get("GET sessions")
        .copied()
        .unwrap_or(0);
    assert_eq!(pages_after - pages_before, 3);
    assert!(lib.listing("acct", &ids[0]).unwrap().1 > first_read);
    // Two old readings in a 250-session account: reading them one by one is cheaper.
    assert_eq!(
        lib.refresh_stale("acct", &client, &ids[..2], later + LATER)
            .await
            .unwrap(),
        0
    );
}

const LATER: std::time::Duration = std::time::Duration::from_secs(3600);
