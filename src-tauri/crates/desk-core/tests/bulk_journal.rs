//! The journal as a resume sees it: replay, torn tails, damage, unfinished jobs, retries.

use std::io::Write;

use desk_core::backup::AccountMeta;
use desk_core::bulk::{retry_failed, BulkItem, BulkMode, BulkPlan, ItemOutcome};
use desk_core::journal::{Journal, JournalRecord};
use desk_core::reason::{FailedStep, FailureReason, StoredError};
use desk_core::{DeskError, Detail};

fn plan(folder: &std::path::Path, sessions: &[&str]) -> BulkPlan {
    let items = sessions
        .iter()
        .map(|id| BulkItem {
            session_id: id.to_string(),
            name: format!("Meeting {id}"),
            document_ids: vec![format!("doc_{id}")],
            listing: None,
        })
        .collect();
    let account = AccountMeta {
        label: "Office".into(),
        organization: "Acme".into(),
        server: "https://api.example".into(),
    };
    BulkPlan::new(
        account,
        "acct-1".into(),
        folder.to_path_buf(),
        BulkMode::BackUpThenDelete,
        items,
        false,
    )
    .unwrap()
}

fn backed_up(plan: &BulkPlan, i: usize) -> JournalRecord {
    JournalRecord::BackedUp {
        session_id: plan.items[i].session_id.clone(),
        path: plan.zip_path(&plan.items[i]),
        sha256: "ab".repeat(32),
        bytes: 1234,
    }
}

#[tokio::test]
async fn replay_rebuilds_each_sessions_progress() {
    let dir = tempfile::tempdir().unwrap();
    let jobs = dir.path().join("jobs");
    let plan = plan(dir.path(), &["s1", "s2", "s3"]);
    let journal = Journal::create(&jobs, &plan).await.unwrap();
    journal.append(backed_up(&plan, 0)).await.unwrap();
    journal
        .append(JournalRecord::DeleteSent {
            session_id: "s1".into(),
        })
        .await
        .unwrap();
    journal
        .append(JournalRecord::Outcome {
            session_id: "s1".into(),
            outcome: ItemOutcome::Deleted,
        })
        .await
        .unwrap();
    journal.append(backed_up(&plan, 1)).await.unwrap();
    journal
        .append(JournalRecord::DeleteSent {
            session_id: "s2".into(),
        })
        .await
        .unwrap();

    let state = Journal::replay(journal.path()).unwrap();
    assert_eq!(state.plan, plan);
    assert_eq!(state.items[0].outcome, Some(ItemOutcome::Deleted));
    assert!(state.items[1].delete_sent && state.items[1].outcome.is_none());
    assert_eq!(state.items[1].backup.as_ref().unwrap().bytes, 1234);
    assert_eq!(state.items[2], Default::default());
    assert_eq!(state.done_count(), 1);
    assert!(!state.finished);
}

#[tokio::test]
async fn a_rejected_backup_is_forgotten_until_backed_up_again() {
    let dir = tempfile::tempdir().unwrap();
    let jobs = dir.path().join("jobs");
    let plan = plan(dir.path(), &["s1"]);
    let journal = Journal::create(&jobs, &plan).await.unwrap();
    journal.append(backed_up(&plan, 0)).await.unwrap();
    journal
        .append(JournalRecord::BackupRejected {
            session_id: "s1".into(),
            reason: StoredError::Coded(DeskError::Backup(Detail::BackupChanged)),
        })
        .await
        .unwrap();
    assert_eq!(
        Journal::replay(journal.path()).unwrap().items[0].backup,
        None
    );
}

#[tokio::test]
async fn a_torn_last_line_is_ignored_but_damage_elsewhere_refuses_the_job() {
    let dir = tempfile::tempdir().unwrap();
    let jobs = dir.path().join("jobs");
    let plan = plan(dir.path(), &["s1", "s2"]);
    let journal = Journal::create(&jobs, &plan).await.unwrap();
    journal.append(backed_up(&plan, 0)).await.unwrap();
    let path = journal.path().to_path_buf();
    drop(journal);

    // A kill mid-write leaves half a line.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(b"{\"at\":\"x\",\"type\":\"delete_se")
        .unwrap();
    let state = Journal::replay(&path).unwrap();
    assert!(state.items[0].backup.is_some());
    assert!(!state.items[0].delete_sent, "a torn record never counts");

    // Reopening cuts the torn tail, so the next record is a whole line.
    let journal = Journal::open(&jobs, &plan.job_id).unwrap();
    journal
        .append(JournalRecord::DeleteSent {
            session_id: "s1".into(),
        })
        .await
        .unwrap();
    assert!(Journal::replay(&path).unwrap().items[0].delete_sent);
    drop(journal);

    // Anything unreadable before the last line means someone edited the file.
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1] = "{garbage";
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    assert!(matches!(
        Journal::replay(&path),
        Err(DeskError::Storage(Detail::AppFileDamaged { .. }))
    ));
}

#[tokio::test]
async fn unfinished_jobs_are_listed_finished_and_cancelled_ones_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let jobs = dir.path().join("jobs");
    let crashed = plan(dir.path(), &["a1", "a2"]);
    let journal = Journal::create(&jobs, &crashed).await.unwrap();
    journal
        .append(JournalRecord::Outcome {
            session_id: "a1".into(),
            outcome: ItemOutcome::Deleted,
        })
        .await
        .unwrap();

    let finished = plan(dir.path(), &["b1"]);
    let journal = Journal::create(&jobs, &finished).await.unwrap();
    journal
        .append(JournalRecord::Outcome {
            session_id: "b1".into(),
            outcome: ItemOutcome::Deleted,
        })
        .await
        .unwrap();
    journal.append(JournalRecord::Finished).await.unwrap();

    let cancelled = plan(dir.path(), &["c1"]);
    Journal::create(&jobs, &cancelled)
        .await
        .unwrap()
        .append(JournalRecord::Cancelled)
        .await
        .unwrap();

    std::fs::write(jobs.join("notes.txt"), "not a journal").unwrap();

    let unfinished = Journal::list_unfinished(&jobs).unwrap();
    assert_eq!(unfinished.len(), 1, "{unfinished:?}");
    let job = &unfinished[0];
    assert_eq!(job.job_id, crashed.job_id);
    assert_eq!((job.done, job.total), (1, 2));
    assert_eq!(job.account_label, "Office");
    assert!(job.deletes);

    assert!(Journal::list_unfinished(&dir.path().join("no-such-dir"))
        .unwrap()
        .is_empty());
}

#[test]
fn job_ids_cannot_name_files_outside_the_jobs_folder() {
    let jobs = std::path::Path::new("/data/jobs");
    for bad in ["../audit", "a/b", "", ".", "x.jsonl\0"] {
        assert!(
            matches!(
                Journal::path_for(jobs, bad),
                Err(DeskError::InvalidInput(_))
            ),
            "{bad:?}"
        );
    }
    assert_eq!(
        Journal::path_for(jobs, "0b6f-aa_1").unwrap(),
        jobs.join("0b6f-aa_1.jsonl")
    );
}

#[tokio::test]
async fn retry_builds_a_new_plan_of_only_the_failed_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let jobs = dir.path().join("jobs");
    let plan = plan(dir.path(), &["s1", "s2", "s3"]);
    let journal = Journal::create(&jobs, &plan).await.unwrap();
    journal
        .append(JournalRecord::Outcome {
            session_id: "s1".into(),
            outcome: ItemOutcome::Deleted,
        })
        .await
        .unwrap();
    let failed = ItemOutcome::Failed {
        reason: FailureReason::new(
            FailedStep::NotDeleted,
            Some(DeskError::Server(Detail::ServerProblem)),
        ),
    };
    journal
        .append(JournalRecord::Outcome {
            session_id: "s2".into(),
            outcome: failed,
        })
        .await
        .unwrap();

    let state = Journal::replay(journal.path()).unwrap();
    let retry = retry_failed(&state).unwrap();
    assert_ne!(retry.job_id, plan.job_id);
    assert_eq!(
        retry
            .items
            .iter()
            .map(|i| i.session_id.as_str())
            .collect::<Vec<_>>(),
        ["s2"]
    );
    assert_eq!(retry.mode, plan.mode);
    assert_eq!(retry.account, plan.account);
}

#[test]
fn a_plan_drops_repeated_sessions_and_refuses_a_missing_folder() {
    let dir = tempfile::tempdir().unwrap();
    let p = plan(dir.path(), &["s1", "s1", "s2"]);
    assert_eq!(p.items.len(), 2);
    assert_eq!(p.total_documents(), 2);
    let account = p.account.clone();
    let err = BulkPlan::new(
        account,
        "a".into(),
        dir.path().join("gone"),
        BulkMode::BackUpOnly,
        vec![],
        false,
    );
    assert!(matches!(err, Err(DeskError::InvalidInput(_))));
}

/// Journals written before reasons became codes hold English sentences; a job started by
/// that version can still be resumed and its failures listed.
#[tokio::test]
async fn a_journal_with_english_reasons_from_an_older_version_replays() {
    let dir = tempfile::tempdir().unwrap();
    let jobs = dir.path().join("jobs");
    let plan = plan(dir.path(), &["s1", "s2"]);
    let journal = Journal::create(&jobs, &plan).await.unwrap();
    let path = journal.path().to_path_buf();
    drop(journal);
    let zip = plan.zip_path(&plan.items[0]);
    let old_lines = [
        serde_json::json!({"at": "2026-11-01T09:00:00Z", "type": "backed_up", "session_id": "s1",
            "path": zip, "sha256": "ab".repeat(32), "bytes": 10}),
        serde_json::json!({"at": "2026-11-01T09:00:01Z", "type": "backup_rejected", "session_id": "s1",
            "reason": "The backup file was changed after it was made."}),
        serde_json::json!({"at": "2026-11-01T09:00:02Z", "type": "outcome", "session_id": "s1",
            "outcome": {"kind": "failed", "reason": "It could not be backed up, so it was not deleted. The disk is full."}}),
    ];
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    for line in old_lines {
        writeln!(file, "{line}").unwrap();
    }
    drop(file);

    let state = Journal::replay(&path).unwrap();
    assert_eq!(
        state.items[0].backup, None,
        "the old rejection still counts"
    );
    assert_eq!(
        state.items[0].outcome,
        Some(ItemOutcome::Failed {
            reason: FailureReason::Legacy(
                "It could not be backed up, so it was not deleted. The disk is full.".into()
            )
        })
    );
    assert_eq!(state.done_count(), 1);
}
