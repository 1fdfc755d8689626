//! When a bulk job trusts the library's reading of a session, and when it reads the session
//! again: a session delete removes every document in it, so which documents the backup
//! takes decides whether anything can be lost.

mod bulk_support;

use std::time::{Duration, Instant};

use bulk_support::{all_sessions, verified_backups, Env};
use desk_core::bulk::{BulkItem, BulkMode, BulkPlan, LISTING_FRESH_FOR};
use fake_scriptix::Config;
use scriptix_api::Session;

fn config(sessions: usize) -> Config {
    Config {
        sessions,
        seed: 11,
        ..Default::default()
    }
}

fn plan(env: &Env, items: Vec<BulkItem>) -> BulkPlan {
    BulkPlan::new(
        env.account(),
        "acct".into(),
        env.folder.path().to_path_buf(),
        BulkMode::BackUpThenDelete,
        items,
        false,
    )
    .unwrap()
}

fn requests(env: &Env, key: &str) -> u64 {
    env.server.state().requests.get(key).copied().unwrap_or(0)
}

/// Document ids inside each session's verified backup.
fn backed_up_documents(env: &Env, session_id: &str) -> Vec<String> {
    let zip = &verified_backups(env.folder.path())[session_id];
    let verified = desk_core::backup::verify(zip).unwrap();
    let session = verified
        .manifest
        .sessions
        .iter()
        .find(|s| s.id == session_id)
        .unwrap();
    let mut ids: Vec<String> = session.documents.iter().map(|d| d.id.clone()).collect();
    ids.sort();
    ids
}

fn document_ids(session: &Session) -> Vec<String> {
    let mut ids: Vec<String> = session
        .documents
        .iter()
        .flatten()
        .map(|d| d.id.clone())
        .collect();
    ids.sort();
    ids
}

/// A reading of `session` taken before its last document was added.
fn older_reading(session: &Session) -> Session {
    let mut older = session.clone();
    older.documents.as_mut().unwrap().pop();
    older
}

fn sessions_with_two_or_more(sessions: &[Session]) -> Vec<Session> {
    sessions
        .iter()
        .filter(|s| s.documents.as_ref().is_some_and(|d| d.len() >= 2))
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recent_listing_costs_no_session_reads() {
    let env = Env::start(config(12)).await;
    let plan = env.plan_all(BulkMode::BackUpThenDelete, false).await;
    let before = requests(&env, "GET session");

    let summary = env.run(plan.clone()).await;

    assert_eq!(summary.deleted, 12, "{summary:?}");
    assert_eq!(
        requests(&env, "GET session"),
        before,
        "no session was read again"
    );
    for item in &plan.items {
        let mut listed = item.document_ids.clone();
        listed.sort();
        assert_eq!(backed_up_documents(&env, &item.session_id), listed);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_old_listing_is_read_again_so_a_newer_document_is_in_the_backup() {
    let env = Env::start(config(20)).await;
    let sessions = sessions_with_two_or_more(&all_sessions(&env.client).await);
    assert!(
        sessions.len() >= 2,
        "the fake gives some sessions several documents"
    );
    let old = Instant::now()
        .checked_sub(LISTING_FRESH_FOR + Duration::from_secs(1))
        .expect("the machine has been up for a few minutes");
    // The library read these sessions before their last document was added.
    let items: Vec<BulkItem> = sessions
        .iter()
        .map(|s| BulkItem::listed(&older_reading(s), old))
        .collect();
    let before = requests(&env, "GET session");

    let summary = env.run(plan(&env, items)).await;

    assert_eq!(summary.deleted as usize, sessions.len(), "{summary:?}");
    assert_eq!(
        requests(&env, "GET session") - before,
        sessions.len() as u64,
        "each session was read again before its backup"
    );
    for session in &sessions {
        assert_eq!(
            backed_up_documents(&env, &session.id),
            document_ids(session),
            "the backup holds every document the delete removed"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listing_without_documents_is_never_trusted() {
    let env = Env::start(config(6)).await;
    let sessions = all_sessions(&env.client).await;
    let items: Vec<BulkItem> = sessions
        .iter()
        .map(|s| {
            let mut bare = s.clone();
            bare.documents = None; // a server whose list does not name the documents
            BulkItem::listed(&bare, Instant::now())
        })
        .collect();

    let summary = env.run(plan(&env, items)).await;

    assert_eq!(summary.deleted, 6, "{summary:?}");
    for session in &sessions {
        assert_eq!(
            backed_up_documents(&env, &session.id),
            document_ids(session)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listed_document_deleted_meanwhile_leads_to_a_fresh_read() {
    let env = Env::start(config(20)).await;
    let session = sessions_with_two_or_more(&all_sessions(&env.client).await)
        .into_iter()
        .next()
        .unwrap();
    let items = vec![BulkItem::listed(&session, Instant::now())];
    let gone = document_ids(&session)[0].clone();
    env.server.delete_behind_the_back(&gone);

    let summary = env.run(plan(&env, items)).await;

    assert_eq!(summary.deleted, 1, "{summary:?}");
    let mut rest = document_ids(&session);
    rest.retain(|d| *d != gone);
    assert_eq!(backed_up_documents(&env, &session.id), rest);
}
