//! A session of a delete job that Scriptix no longer shows when its backup starts. The docs
//! define 404 as "not found or not yours": the job reports it as not on Scriptix for this
//! account (the same outcome a single delete gives), never as deleted; only a session
//! Scriptix itself flags `is_deleted` is "already deleted". Against the fake over real TCP.

mod bulk_support;

use bulk_support::{verified_backups, Env};
use desk_core::audit::AuditOutcome;
use desk_core::bulk::{BulkMode, ItemOutcome};
use desk_core::journal::Journal;
use fake_scriptix::Config;

fn config(soft_delete: bool) -> Config {
    Config {
        sessions: 6,
        seed: 31,
        soft_delete,
        ..Default::default()
    }
}

/// Plans a delete job over every session (listed just now, as the library does), then has
/// a colleague delete the first one in the web app before the job starts. Returns the job's
/// outcome for that session, the summary, and the session's id.
async fn run_with_one_gone(env: &Env) -> (ItemOutcome, desk_core::bulk::BulkSummary, String) {
    let plan = env.plan_all(BulkMode::BackUpThenDelete, false).await;
    let gone = plan.items[0].session_id.clone();
    env.server.delete_behind_the_back(&gone);

    let summary = env.run(plan.clone()).await;

    let state = Journal::replay(&Journal::locate(&env.jobs_dir(), &plan.job_id).unwrap()).unwrap();
    let outcome = state.items[0]
        .outcome
        .clone()
        .expect("the session has an outcome");
    assert!(
        state.items[0].backup.is_none(),
        "nothing was left to back up"
    );
    assert!(!verified_backups(env.folder.path()).contains_key(&gone));
    (outcome, summary, gone)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_answering_404_before_its_backup_is_not_on_scriptix_never_deleted() {
    let env = Env::start(config(false)).await;
    let (outcome, summary, gone) = run_with_one_gone(&env).await;

    assert_eq!(outcome, ItemOutcome::NotOnScriptix);
    assert_eq!(
        (
            summary.deleted,
            summary.not_on_scriptix,
            summary.already_deleted
        ),
        (5, 1, 0),
        "{summary:?}"
    );
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);

    // The deletion record says the same as for a single delete: not on Scriptix for this
    // account, without a backup.
    let entries = env.audit.entries().unwrap();
    let entry = entries
        .iter()
        .find(|e| e.session_id == gone)
        .expect("the session is in the deletion record");
    assert_eq!(entry.outcome, AuditOutcome::NotOnScriptix);
    assert_eq!((&entry.backup_path, &entry.backup_sha256), (&None, &None));
    assert_eq!(entries.len(), 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_flagged_deleted_before_its_backup_is_already_deleted() {
    // A server that keeps deleted sessions readable, flagged `is_deleted: true`.
    let env = Env::start(config(true)).await;
    let (outcome, summary, gone) = run_with_one_gone(&env).await;

    assert_eq!(outcome, ItemOutcome::AlreadyDeleted);
    assert_eq!(
        (
            summary.deleted,
            summary.already_deleted,
            summary.not_on_scriptix
        ),
        (5, 1, 0),
        "{summary:?}"
    );
    let entries = env.audit.entries().unwrap();
    let entry = entries.iter().find(|e| e.session_id == gone).unwrap();
    assert_eq!(entry.outcome, AuditOutcome::AlreadyDeleted);
    assert_eq!(entry.backup_path, None);
}
