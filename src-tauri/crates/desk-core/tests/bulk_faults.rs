//! A bulk job of 1,000+ documents against a server that fails one request in ten (500,
//! 503, 429, dropped connections): every session ends deleted or reported, and not one is
//! deleted without a verified backup, as the server itself records.

mod bulk_support;

use bulk_support::{assert_deleted_sessions_backed_up_whole, assert_no_delete_without_backup, Env};
use desk_core::bulk::{BulkMode, ItemOutcome};
use desk_core::journal::Journal;
use fake_scriptix::{Config, Faults};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flaky_server_never_costs_a_backup() {
    let env = Env::with_documents(
        1000,
        Config {
            seed: 1000,
            ..Default::default()
        },
    )
    .await;
    let plan = env.plan_all(BulkMode::BackUpThenDelete, false).await;
    let documents = plan.total_documents();
    assert!(documents >= 1000, "the job covers {documents} documents");

    env.server.set_faults(Faults {
        error_rate: 0.10,
        ..Default::default()
    });
    let summary = env.run(plan.clone()).await;
    env.server.set_faults(Faults::default());
    println!(
        "{documents} documents in {} sessions: {} deleted, {} already deleted, {} failed",
        summary.total,
        summary.deleted,
        summary.already_deleted,
        summary.failed.len()
    );

    // Every session ended deleted or reported.
    assert_eq!(summary.remaining, 0, "{summary:?}");
    assert!(summary.stopped_because.is_none(), "{summary:?}");
    assert_eq!(
        summary.deleted
            + summary.already_deleted
            + summary.not_permitted
            + summary.failed.len() as u32,
        summary.total
    );
    // Retries must carry the job through: with one request in ten failing and four retries per
    // request, a session is lost only when one request fails five times in a row. A job that
    // merely "lost nothing" by failing everything would not pass this.
    let completed = summary.deleted + summary.already_deleted;
    assert!(
        completed * 100 >= summary.total * 95,
        "only {completed} of {} sessions completed: {summary:?}",
        summary.total
    );
    // Every failure says how far the session got (codes the UI words), none is old prose.
    assert!(
        summary.failed.iter().all(|f| f.reason.step().is_some()),
        "{summary:?}"
    );

    // The server's own record: nothing deleted without a verified backup holding it.
    let deleted = env.deleted_sessions();
    assert_no_delete_without_backup(&deleted, env.folder.path());
    assert_deleted_sessions_backed_up_whole(&plan, &deleted, env.folder.path());

    // What the job reports as deleted, the server has deleted.
    let state = Journal::replay(&Journal::locate(&env.jobs_dir(), &plan.job_id).unwrap()).unwrap();
    assert!(state.finished);
    for (item, st) in plan.items.iter().zip(&state.items) {
        if st.outcome == Some(ItemOutcome::Deleted) {
            assert!(
                deleted.contains(&item.session_id),
                "{} reported deleted",
                item.session_id
            );
        }
    }
}
