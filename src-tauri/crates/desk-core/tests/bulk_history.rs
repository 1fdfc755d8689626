//! History stays bounded: a done job's journal leaves the folder the library scans (and is
//! still found for "retry the failed ones" and a later resume); the deletion record is read
//! a page at a time from its end; "is this a backup the app wrote?" reads it once.

mod bulk_support;

use bulk_support::Env;
use desk_core::audit::{timestamp_now, AuditEntry, AuditKind, AuditLog, AuditOutcome};
use desk_core::bulk::{self, BulkMode, JobControl};
use desk_core::journal::{Journal, DONE_DIR};
use fake_scriptix::Config;

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_done_journal_leaves_the_scanned_folder_and_is_still_found_by_id() {
    let env = Env::start(Config {
        sessions: 3,
        seed: 5,
        ..Default::default()
    })
    .await;
    let plan = env.plan_all(BulkMode::BackUpThenDelete, false).await;
    let job_id = plan.job_id.clone();
    env.run(plan).await;

    assert_eq!(
        files_in(&env.jobs_dir()),
        [DONE_DIR],
        "only the done folder"
    );
    assert_eq!(
        files_in(&env.jobs_dir().join(DONE_DIR)),
        [format!("{job_id}.jsonl")]
    );
    assert!(Journal::list_unfinished(&env.jobs_dir())
        .unwrap()
        .is_empty());
    let state = Journal::replay_job(&env.jobs_dir(), &job_id).unwrap();
    assert!(state.finished);
    // Nothing failed, so there is nothing to retry: but the journal was found to say so.
    assert!(matches!(
        bulk::plan_retry(&env.jobs_dir(), &job_id).await,
        Err(desk_core::DeskError::InvalidInput(
            desk_core::Detail::NothingFailed
        ))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_job_moves_back_when_resumed_and_old_layouts_are_moved_once() {
    let env = Env::start(Config {
        sessions: 3,
        seed: 6,
        ..Default::default()
    })
    .await;
    let plan = env.plan_all(BulkMode::BackUpOnly, false).await;
    let job_id = plan.job_id.clone();
    let control = JobControl::new();
    control.cancel();
    let summary = env.start_under(plan, &control).await.unwrap();
    assert!(summary.cancelled);
    let done = env
        .jobs_dir()
        .join(DONE_DIR)
        .join(format!("{job_id}.jsonl"));
    assert!(done.is_file(), "a cancelled job is done too");

    // A journal left in `jobs/` by an older version (or a crash before the move): the
    // listing leaves it out and moves it.
    let active = Journal::path_for(&env.jobs_dir(), &job_id).unwrap();
    std::fs::rename(&done, &active).unwrap();
    assert!(Journal::list_unfinished(&env.jobs_dir())
        .unwrap()
        .is_empty());
    assert!(done.is_file() && !active.exists(), "moved by the listing");

    // Resumed later: back in `jobs/` while it runs, in `done/` again once finished.
    let summary = env.resume_under(&job_id, &JobControl::new()).await.unwrap();
    assert_eq!(summary.backed_up, 3);
    assert!(done.is_file() && !active.exists());
    assert!(Journal::replay(&done).unwrap().finished);
}

fn entry(n: usize, backup: Option<String>) -> AuditEntry {
    AuditEntry {
        at: timestamp_now(),
        account_label: "Office".into(),
        organization: "Acme".into(),
        server: "https://api.scriptix.io".into(),
        kind: AuditKind::Session,
        session_id: format!("s{n}"),
        document_id: None,
        comment_id: None,
        name: format!("Meeting {n}"),
        outcome: AuditOutcome::Deleted,
        backup_path: backup,
        backup_sha256: None,
    }
}

#[tokio::test]
async fn the_deletion_record_pages_newest_first_and_new_entries_do_not_shift_pages() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::open(dir.path()).unwrap();
    for n in 0..25 {
        log.record(&entry(n, None)).await.unwrap();
    }
    let first = log.page(None, 10).unwrap();
    let ids = |p: &desk_core::audit::AuditPage| -> Vec<String> {
        p.entries.iter().map(|e| e.session_id.clone()).collect()
    };
    assert_eq!(
        ids(&first),
        (15..25).rev().map(|n| format!("s{n}")).collect::<Vec<_>>()
    );
    // A delete recorded while the person reads does not move the older pages.
    log.record(&entry(99, None)).await.unwrap();
    let second = log.page(first.older.as_deref(), 10).unwrap();
    assert_eq!(
        ids(&second),
        (5..15).rev().map(|n| format!("s{n}")).collect::<Vec<_>>()
    );
    let third = log.page(second.older.as_deref(), 10).unwrap();
    assert_eq!(
        ids(&third),
        (0..5).rev().map(|n| format!("s{n}")).collect::<Vec<_>>()
    );
    assert_eq!(third.older, None);
    // The limit is bounded, and a cursor the app did not hand out is refused.
    assert_eq!(log.page(None, 100_000).unwrap().entries.len(), 26);
    assert!(log.page(Some("3"), 10).is_err());
    assert!(log.page(Some("not a cursor"), 10).is_err());
}

#[tokio::test]
async fn known_backups_are_read_once_and_kept_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::open(dir.path()).unwrap();
    log.record(&entry(1, Some("/b/one.zip".into())))
        .await
        .unwrap();
    // Another copy of the app (another handle) recorded one before this one asked.
    let other = AuditLog::open(dir.path()).unwrap();
    other
        .record(&entry(2, Some("/b/two.zip".into())))
        .await
        .unwrap();
    assert!(log.names_backup("/b/one.zip").unwrap());
    assert!(log.names_backup("/b/two.zip").unwrap());
    assert!(!log.names_backup("/b/three.zip").unwrap());
    // Recorded after the first question: known without reading the record again.
    log.record(&entry(3, Some("/b/three.zip".into())))
        .await
        .unwrap();
    assert!(log.names_backup("/b/three.zip").unwrap());
}
