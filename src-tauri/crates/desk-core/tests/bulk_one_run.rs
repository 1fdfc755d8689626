//! One job runs at most once at a time: two resumes of one journal (two clicks, or two
//! copies of the app), or two starts of one plan, leave exactly one run; the other is
//! refused with `job_already_running` and writes nothing.

mod bulk_support;

use std::collections::BTreeMap;

use bulk_support::{assert_no_delete_without_backup, verified_backups, Env};
use desk_core::bulk::{self, BulkMode, ItemOutcome, JobControl};
use desk_core::journal::Journal;
use desk_core::{DeskError, Detail};
use fake_scriptix::Config;
use serde_json::Value;

const SESSIONS: usize = 6;

async fn env() -> Env {
    Env::start(Config {
        sessions: SESSIONS,
        seed: 21,
        ..Default::default()
    })
    .await
}

fn refused(r: &Result<bulk::BulkSummary, DeskError>) -> bool {
    matches!(r, Err(DeskError::InvalidInput(Detail::JobAlreadyRunning)))
}

/// How many journal lines of each `type` name each session.
fn lines_per_session(journal: &std::path::Path) -> BTreeMap<(String, String), usize> {
    let mut counts = BTreeMap::new();
    for line in std::fs::read_to_string(journal).unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        if let Some(id) = v["session_id"].as_str() {
            let kind = v["type"].as_str().unwrap().to_string();
            *counts.entry((kind, id.to_string())).or_insert(0) += 1;
        }
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_resumes_at_once_run_the_job_once() {
    let env = env().await;
    let plan = env.plan_all(BulkMode::BackUpThenDelete, false).await;
    // A job that was planned and then the app closed: nothing done yet.
    drop(Journal::create(&env.jobs_dir(), &plan).await.unwrap());

    let (jobs, control) = (env.jobs_dir(), JobControl::new());
    let resume = || {
        bulk::resume(
            &env.client,
            &jobs,
            &plan.job_id,
            &env.audit,
            |_| {},
            &control,
        )
    };
    let (a, b) = tokio::join!(resume(), resume());

    assert!(
        refused(&a) != refused(&b),
        "exactly one run is refused: {a:?} / {b:?}"
    );
    let summary = a.or(b).expect("the other run completes");
    assert_eq!(summary.deleted as usize, SESSIONS, "{summary:?}");

    // The journal replays, and says each thing once.
    let path = Journal::locate(&env.jobs_dir(), &plan.job_id).unwrap();
    let state = Journal::replay(&path).unwrap();
    assert!(state.finished);
    assert!(state
        .items
        .iter()
        .all(|i| i.outcome == Some(ItemOutcome::Deleted)));
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text.matches("\"type\":\"resumed\"").count(),
        1,
        "the refused run journalled nothing:\n{text}"
    );
    for ((kind, session), n) in lines_per_session(&path) {
        assert_eq!(n, 1, "{kind} of {session} journalled {n} times");
    }

    // Each backup once: no second copy, nothing moved aside.
    let names: Vec<String> = std::fs::read_dir(env.folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains(".replaced")),
        "a backup was moved aside by a second run: {names:?}"
    );
    assert_eq!(
        names.iter().filter(|n| n.ends_with(".zip")).count(),
        SESSIONS,
        "{names:?}"
    );
    assert_eq!(verified_backups(env.folder.path()).len(), SESSIONS);
    assert_no_delete_without_backup(&env.deleted_sessions(), env.folder.path());

    // Each delete sent once and audited once.
    let server = env.server.state();
    assert_eq!(
        server.requests.get("DELETE session").copied(),
        Some(SESSIONS as u64),
        "{:?}",
        server.requests
    );
    assert_eq!(env.audit.entries().unwrap().len(), SESSIONS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_started_job_cannot_be_started_again() {
    let env = env().await;
    let plan = env.plan_all(BulkMode::BackUpOnly, false).await;
    let (jobs, control) = (env.jobs_dir(), JobControl::new());
    let start = || {
        bulk::start(
            &env.client,
            plan.clone(),
            &jobs,
            &env.audit,
            |_| {},
            &control,
        )
    };
    let (a, b) = tokio::join!(start(), start());
    assert!(refused(&a) != refused(&b), "{a:?} / {b:?}");
    assert_eq!(a.or(b).unwrap().backed_up as usize, SESSIONS);

    // Nor once it has finished: its id is spent (a retry is a new job).
    assert!(refused(&start().await));
}

/// The lock is the OS's, on the journal file: a second handle (as another copy of the app
/// would open) is refused while a run holds it, and free again once the run ends, so a
/// resume right after a stop is not refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_journal_is_locked_exactly_while_its_job_runs() {
    let env = env().await;
    let plan = env.plan_all(BulkMode::BackUpOnly, false).await;
    let journal = Journal::create(&env.jobs_dir(), &plan).await.unwrap();
    assert!(matches!(
        Journal::open(&env.jobs_dir(), &plan.job_id),
        Err(DeskError::InvalidInput(Detail::JobAlreadyRunning))
    ));
    let clone = journal.clone();
    drop(journal);
    assert!(
        Journal::open(&env.jobs_dir(), &plan.job_id).is_err(),
        "a clone still holds it"
    );
    drop(clone);
    drop(Journal::open(&env.jobs_dir(), &plan.job_id).expect("free once dropped"));

    let control = JobControl::new();
    control.cancel();
    let summary = env.resume_under(&plan.job_id, &control).await.unwrap();
    assert!(summary.cancelled);
    // Straight after the run returned, the journal is free to resume.
    let summary = env
        .resume_under(&plan.job_id, &JobControl::new())
        .await
        .unwrap();
    assert_eq!(summary.backed_up as usize, SESSIONS);
}
