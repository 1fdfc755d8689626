//! A bulk job end to end against the fake Scriptix: backups, deletes, index, audit, cancel.

mod bulk_support;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bulk_support::{parse_csv, sha256_of, verified_backups, Env, Events};
use desk_core::audit::{timestamp_now, AuditEntry, AuditKind, AuditOutcome, CsvWords};
use desk_core::bulk::{
    self, BulkEvent, BulkMode, BulkPlan, ItemOutcome, JobControl, LimiterConfig,
};
use desk_core::journal::Journal;
use desk_core::reason::{FailedStep, FailureReason};
use desk_core::{DeskError, Detail};
use fake_scriptix::Config;

fn config(sessions: usize) -> Config {
    Config {
        sessions,
        seed: 7,
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_sessions_are_backed_up_verified_deleted_and_audited() {
    let env = Env::start(config(30)).await;
    let plan = env.plan_all(BulkMode::BackUpThenDelete, false).await;
    assert_eq!(plan.items.len(), 30);
    let events = Events::default();

    let summary = env.run_watched(plan.clone(), events.sink()).await;

    assert_eq!(summary.deleted, 30, "{summary:?}");
    assert_eq!((summary.backed_up, summary.remaining), (30, 0));
    assert!(summary.failed.is_empty() && !summary.cancelled && summary.stopped_because.is_none());

    // Scriptix itself saw every session deleted.
    let planned: BTreeSet<String> = plan.items.iter().map(|i| i.session_id.clone()).collect();
    assert_eq!(env.deleted_sessions(), planned);
    bulk_support::assert_deleted_sessions_backed_up_whole(
        &plan,
        &env.deleted_sessions(),
        env.folder.path(),
    );

    // One verified zip per session, at its planned name.
    let backups = verified_backups(env.folder.path());
    for item in &plan.items {
        assert_eq!(
            backups.get(&item.session_id),
            Some(&plan.zip_path(item)),
            "{}",
            item.session_id
        );
    }

    // The index lists each zip with the SHA-256 the file really has.
    let index =
        parse_csv(&std::fs::read_to_string(env.folder.path().join("backup-index.csv")).unwrap());
    assert_eq!(
        index[0],
        [
            "File",
            "Session ID",
            "Name",
            "Documents",
            "Bytes",
            "SHA-256"
        ]
    );
    assert_eq!(index.len(), 31);
    for row in &index[1..] {
        let path = env.folder.path().join(&row[0]);
        assert_eq!(sha256_of(&path), row[5], "{}", row[0]);
        assert_eq!(backups[&row[1]], path);
        assert_eq!(std::fs::metadata(&path).unwrap().len().to_string(), row[4]);
    }
    let index: serde_json::Value = serde_json::from_slice(
        &std::fs::read(env.folder.path().join("backup-index.json")).unwrap(),
    )
    .unwrap();
    // Every session picked has its backup here: the job is complete.
    assert_eq!(index["complete"], true);
    let json = index["backups"].as_array().unwrap();
    assert_eq!(json.len(), 30);
    assert!(json
        .iter()
        .all(|e| sha256_of(&env.folder.path().join(e["file"].as_str().unwrap())) == e["sha256"]));

    // One audit entry per delete, pointing at the backup it relied on.
    let entries = env.audit.entries().unwrap();
    assert_eq!(entries.len(), 30);
    for e in &entries {
        assert_eq!(
            (e.kind, &e.outcome),
            (AuditKind::Session, &AuditOutcome::Deleted)
        );
        assert_eq!(e.account_label, "Office");
        let backup = std::path::Path::new(e.backup_path.as_deref().unwrap());
        assert_eq!(e.backup_sha256.as_deref(), Some(sha256_of(backup).as_str()));
        assert_eq!(backups[&e.session_id], backup);
    }

    // The UI heard about every item and ended at 30 of 30.
    let events = events.all();
    let done = events
        .iter()
        .filter(|e| {
            matches!(
                e,
                BulkEvent::ItemDone {
                    outcome: ItemOutcome::Deleted,
                    ..
                }
            )
        })
        .count();
    assert_eq!(done, 30);
    let last_progress = events.iter().rev().find_map(|e| match e {
        BulkEvent::Progress {
            done,
            total,
            bytes,
            eta_seconds,
            ..
        } => Some((*done, *total, *bytes, *eta_seconds)),
        _ => None,
    });
    let (done, total, bytes, eta) = last_progress.unwrap();
    assert_eq!((done, total, eta), (30, 30, None));
    assert!(bytes > 0.0);

    assert!(
        Journal::list_unfinished(&env.jobs_dir())
            .unwrap()
            .is_empty(),
        "the job is finished"
    );
}

/// Workers finish items at the same moment; the UI must still see the count only go up.
/// The sink dawdles on every other event, which widened the old gap between computing a
/// count and sending it until counts arrived out of order (seen as "the bar went backwards"
/// in the end-to-end test).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn progress_counts_reach_the_ui_in_order() {
    let env = Env::start(config(40)).await;
    let plan = env.plan_all(BulkMode::BackUpOnly, false).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let turn = Arc::new(AtomicUsize::new(0));
    let sink = {
        let seen = seen.clone();
        move |e: BulkEvent| {
            if let BulkEvent::Progress { done, .. } = e {
                if turn.fetch_add(1, Ordering::Relaxed).is_multiple_of(2) {
                    std::thread::sleep(std::time::Duration::from_millis(3));
                }
                seen.lock().unwrap().push(done);
            }
        }
    };
    let summary = env.run_watched(plan, sink).await;
    assert_eq!(summary.backed_up, 40, "{summary:?}");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.last(), Some(&40));
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "the count went backwards: {seen:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_csv_round_trips_and_defuses_formulas() {
    let env = Env::start(config(4)).await;
    let plan = env.plan_all(BulkMode::BackUpThenDelete, false).await;
    env.run(plan).await;
    // The single-item delete path records through the same log.
    let hostile = AuditEntry {
        at: timestamp_now(),
        account_label: "Office, \"North\"".into(),
        organization: "Acme".into(),
        server: env.server.base_url(),
        kind: AuditKind::Document,
        session_id: "sess_x".into(),
        document_id: Some("doc_x".into()),
        comment_id: None,
        name: "=HYPERLINK(\"http://evil\",\"click\")\nsecond line".into(),
        outcome: AuditOutcome::Failed {
            reason: FailureReason::new(
                FailedStep::NotDeleted,
                Some(DeskError::Server(Detail::ServerProblem)),
            ),
        },
        backup_path: None,
        backup_sha256: None,
    };
    env.audit.record(&hostile).await.unwrap();

    let entries = env.audit.entries().unwrap();
    assert_eq!(entries.len(), 5);
    let csv_path = env.data.path().join("export.csv");
    assert_eq!(
        env.audit
            .export_csv(&csv_path, &CsvWords::default())
            .unwrap(),
        5
    );
    let rows = parse_csv(&std::fs::read_to_string(&csv_path).unwrap());
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[0].len(), 13);
    for (row, e) in rows[1..].iter().zip(&entries) {
        let outcome = match &e.outcome {
            AuditOutcome::Deleted => "Deleted",
            AuditOutcome::Failed { .. } => "Failed",
            other => panic!("unexpected {other:?}"),
        };
        let unguard = |cell: &str| {
            cell.strip_prefix('\'')
                .filter(|c| c.starts_with('='))
                .unwrap_or(cell)
                .to_string()
        };
        assert_eq!(row[0], e.at);
        assert_eq!(row[1], e.account_label);
        assert_eq!(row[5], e.session_id);
        assert_eq!(row[6], e.document_id.clone().unwrap_or_default());
        assert_eq!(unguard(&row[8]), e.name);
        assert_eq!(row[9], outcome);
        assert_eq!(row[11], e.backup_path.clone().unwrap_or_default());
        assert_eq!(row[12], e.backup_sha256.clone().unwrap_or_default());
    }
    let last = rows.last().unwrap();
    assert!(
        last[8].starts_with("'=HYPERLINK"),
        "a formula is shown as text: {:?}",
        last[8]
    );
    // No wording from the UI for it: the reason's stable codes, never an English sentence.
    assert!(last[10].contains("server_problem"), "{:?}", last[10]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_up_only_deletes_nothing() {
    let env = Env::start(config(5)).await;
    let plan = env.plan_all(BulkMode::BackUpOnly, false).await;
    let summary = env.run(plan.clone()).await;
    assert_eq!(
        (summary.backed_up, summary.deleted, summary.remaining),
        (5, 0, 0)
    );
    assert!(env.deleted_sessions().is_empty());
    assert_eq!(verified_backups(env.folder.path()).len(), 5);
    assert!(
        env.audit.entries().unwrap().is_empty(),
        "nothing was deleted, so nothing is audited"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_stops_new_work_reports_it_and_the_job_can_be_finished_later() {
    let env = Env::start(config(12)).await;
    let plan = env.plan_all(BulkMode::BackUpThenDelete, false).await;
    let control = JobControl::new().with_limits(LimiterConfig {
        initial: 1,
        max: 1,
        ..Default::default()
    });
    let stopper = control.clone();
    let events = Events::default();
    let record = events.sink();
    let sink = move |e: BulkEvent| {
        if matches!(e, BulkEvent::ItemDone { .. }) {
            stopper.cancel();
        }
        record(e);
    };

    let summary = bulk::start(
        &env.client,
        plan.clone(),
        &env.jobs_dir(),
        &env.audit,
        sink,
        &control,
    )
    .await
    .unwrap();
    assert!(summary.cancelled);
    assert!(
        summary.remaining > 0 && summary.remaining < 12,
        "{summary:?}"
    );
    assert_eq!(summary.deleted + summary.remaining, 12);
    let deleted = env.deleted_sessions();
    assert_eq!(
        deleted.len() as u32,
        summary.deleted,
        "the summary says exactly what was done"
    );
    bulk_support::assert_no_delete_without_backup(&deleted, env.folder.path());
    assert!(
        Journal::list_unfinished(&env.jobs_dir())
            .unwrap()
            .is_empty(),
        "a cancelled job is not a crash"
    );

    // The person changes their mind: the rest of the job finishes.
    let summary = env
        .resume_under(&plan.job_id, &JobControl::new())
        .await
        .unwrap();
    assert_eq!(
        (summary.deleted, summary.remaining, summary.cancelled),
        (12, 0, false)
    );
    assert_eq!(env.deleted_sessions().len(), 12);
    bulk_support::assert_no_delete_without_backup(&env.deleted_sessions(), env.folder.path());
}

/// A second job into a folder that already holds an earlier job's index keeps both: each
/// index lists its own job's backups.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_job_into_the_same_folder_keeps_the_first_index() {
    let env = Env::start(Config {
        sessions: 4,
        ..Default::default()
    })
    .await;
    let items = env.all_items().await;
    let (first, second) = items.split_at(2);
    let plan_of = |items: &[desk_core::bulk::BulkItem]| {
        BulkPlan::new(
            env.account(),
            "acct".into(),
            env.folder.path().to_path_buf(),
            BulkMode::BackUpOnly,
            items.to_vec(),
            false,
        )
        .unwrap()
    };
    let first_plan = plan_of(first);
    env.run(first_plan.clone()).await;
    let second_plan = plan_of(second);
    env.run(second_plan.clone()).await;

    let listed = |name: &str| -> Vec<String> {
        parse_csv(&std::fs::read_to_string(env.folder.path().join(name)).unwrap())
            .into_iter()
            .skip(1)
            .map(|row| row[1].clone())
            .collect()
    };
    let ids = |plan: &BulkPlan| -> Vec<String> {
        plan.items.iter().map(|i| i.session_id.clone()).collect()
    };
    assert_eq!(listed("backup-index.csv"), ids(&first_plan));
    assert_eq!(listed("backup-index (2).csv"), ids(&second_plan));
    assert!(env.folder.path().join("backup-index.json").exists());
    assert!(env.folder.path().join("backup-index (2).json").exists());
}
