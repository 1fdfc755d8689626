//! Scriptix refuses the account's sign-in in the middle of a bulk job: the job stops, deletes
//! nothing it had not backed up, and says the sign-in was refused, so the app can mark the
//! account and show the same "sign in again" banner as for any other refused call.

mod bulk_support;

use bulk_support::{assert_no_delete_without_backup, Env};
use desk_core::bulk::BulkMode;
use fake_scriptix::{Config, Persona};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_sign_in_stops_the_job_and_is_reported() {
    let env = Env::start(Config {
        sessions: 4,
        ..Default::default()
    })
    .await;
    let plan = env.plan_all(BulkMode::BackUpThenDelete, false).await;
    // The token stops working after the listing (the person's session ended elsewhere).
    env.server.revoke_token(&env.server.token(Persona::Admin));

    let summary = env.run(plan).await;
    assert!(summary.sign_in_refused, "{summary:?}");
    assert!(summary.stopped_because.is_some(), "{summary:?}");
    assert_eq!(summary.deleted, 0, "{summary:?}");
    assert!(summary.remaining > 0, "left for a resume: {summary:?}");
    assert_no_delete_without_backup(&env.deleted_sessions(), env.folder.path());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_that_ends_normally_reports_no_refused_sign_in() {
    let env = Env::start(Config {
        sessions: 2,
        ..Default::default()
    })
    .await;
    let plan = env.plan_all(BulkMode::BackUpOnly, false).await;
    let summary = env.run(plan).await;
    assert!(!summary.sign_in_refused, "{summary:?}");
    assert_eq!(summary.backed_up, 2);
}
