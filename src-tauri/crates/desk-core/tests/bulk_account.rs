//! "Back up the whole account" against the fake Scriptix over real TCP: when Scriptix cannot
//! list every session, the job's summary and its `backup-index.json` say the backup is not
//! complete (and by how many sessions); when it can, they say it is complete.

mod bulk_support;

use bulk_support::{verified_backups, Env};
use desk_core::bulk::{self, AccountCoverage, BulkPlan, JobControl};
use desk_core::library::Library;
use desk_core::permissions::Viewer;
use fake_scriptix::{Config, Quirks};

const ACCOUNT: &str = "acct";

fn config(sessions: usize, quirks: Quirks) -> Config {
    Config {
        sessions,
        seed: 21,
        quirks,
        ..Default::default()
    }
}

/// The library loads the account as the app does when it opens; the whole-account job is
/// planned from it. Returns the plan and whether the library's load reported an error.
async fn plan_whole_account(env: &Env) -> (BulkPlan, bool) {
    let library = Library::new();
    let loaded = library
        .load(ACCOUNT, &env.client, Viewer::default(), false, |_| {})
        .await;
    let plan = bulk::plan_account_backup(
        &library,
        Some(&env.client),
        env.account(),
        ACCOUNT.into(),
        env.folder.path().to_path_buf(),
        false,
        Default::default(),
    )
    .await
    .expect("the job is planned");
    (plan, loaded.is_err())
}

fn index_json(env: &Env) -> serde_json::Value {
    let bytes = std::fs::read(env.folder.path().join("backup-index.json")).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_account_backup_scriptix_could_not_list_to_the_end_says_it_is_not_complete() {
    // 30 sessions, 10 to a page, and a server that hands out no rows past the 20th while
    // still counting 30: the list cannot be read to its end.
    let env = Env::start(config(
        30,
        Quirks {
            max_page_size: Some(10),
            max_offset: Some(20),
            ..Quirks::default()
        },
    ))
    .await;
    let (plan, load_failed) = plan_whole_account(&env).await;
    assert!(load_failed, "the library says its list did not end");
    assert_eq!(
        plan.items.len(),
        20,
        "only what was listed can be backed up"
    );

    let summary = env.run(plan).await;

    assert_eq!((summary.backed_up, summary.remaining), (20, 0));
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    assert_eq!(
        summary.whole_account,
        Some(AccountCoverage::NotListed { sessions: Some(10) }),
        "the summary says how many sessions are missing, not that the account is backed up"
    );
    let index = index_json(&env);
    assert_eq!(index["whole_account"], true);
    assert_eq!(index["complete"], false, "{index}");
    assert_eq!(index["sessions_not_listed"], 10);
    assert_eq!(index["backups"].as_array().unwrap().len(), 20);
    assert_eq!(verified_backups(env.folder.path()).len(), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_account_backup_of_a_list_read_to_its_end_says_it_is_complete() {
    // The same short pages, with no window: every session is listed.
    let env = Env::start(config(
        30,
        Quirks {
            max_page_size: Some(10),
            ..Quirks::default()
        },
    ))
    .await;
    let (plan, load_failed) = plan_whole_account(&env).await;
    assert!(!load_failed);
    assert_eq!(plan.items.len(), 30);

    let summary = env.run(plan).await;

    assert_eq!((summary.backed_up, summary.remaining), (30, 0));
    assert_eq!(summary.whole_account, Some(AccountCoverage::Complete));
    let index = index_json(&env);
    assert_eq!(index["whole_account"], true);
    assert_eq!(index["complete"], true, "{index}");
    assert_eq!(index["sessions_not_listed"], 0);
    assert_eq!(index["backups"].as_array().unwrap().len(), 30);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_account_backup_stopped_before_the_end_is_not_complete() {
    let env = Env::start(config(6, Quirks::default())).await;
    let (plan, load_failed) = plan_whole_account(&env).await;
    assert!(!load_failed);
    // Stopped at once: every session was listed, none was saved.
    let control = JobControl::new();
    control.cancel();
    let summary = env.start_under(plan, &control).await.unwrap();

    assert_eq!(summary.remaining, 6, "{summary:?}");
    assert_eq!(summary.whole_account, Some(AccountCoverage::NotAllBackedUp));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn picked_sessions_are_not_the_whole_account() {
    let env = Env::start(config(4, Quirks::default())).await;
    let plan = env
        .plan_all(desk_core::bulk::BulkMode::BackUpOnly, false)
        .await;
    let summary = env.run(plan).await;
    assert_eq!(summary.whole_account, None);
    let index = index_json(&env);
    assert_eq!(index["whole_account"], false);
    assert_eq!(index["complete"], true);
    assert_eq!(index["sessions_not_listed"], serde_json::Value::Null);
}
