//! Resume trusts nothing about a backup that it cannot check again: a changed or missing
//! backup is made anew before its delete, and a delete lost in flight is sent again.

mod bulk_support;

use std::io::Write;

use bulk_support::{assert_no_delete_without_backup, verified_backups, Env};
use desk_core::backup::back_up_sessions;
use desk_core::bulk::{BulkMode, ItemOutcome, JobControl};
use desk_core::cancel::CancelToken;
use desk_core::journal::{Journal, JournalRecord};
use fake_scriptix::Config;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_rechecks_backups_before_any_delete() {
    let env = Env::start(Config {
        sessions: 3,
        seed: 11,
        ..Default::default()
    })
    .await;
    let plan = env.plan_all(BulkMode::BackUpThenDelete, false).await;
    let journal = Journal::create(&env.jobs_dir(), &plan).await.unwrap();

    // The state a crash left: all three backed up and journalled...
    let mut sha = Vec::new();
    for item in &plan.items {
        let path = plan.zip_path(item);
        let verified = back_up_sessions(
            &env.client,
            plan.account.clone(),
            std::slice::from_ref(&item.session_id),
            None,
            false,
            &path,
            &|_| {},
            &CancelToken::new(),
        )
        .await
        .unwrap();
        let record = JournalRecord::BackedUp {
            session_id: item.session_id.clone(),
            path,
            sha256: verified.sha256.clone(),
            bytes: verified.bytes,
        };
        journal.append(record).await.unwrap();
        sha.push(verified.sha256);
    }
    // ...the third one's delete sent and carried out, but the answer lost.
    let third = &plan.items[2].session_id;
    journal
        .append(JournalRecord::DeleteSent {
            session_id: third.clone(),
        })
        .await
        .unwrap();
    env.client.delete_session(third).await.unwrap();
    drop(journal);

    // Meanwhile the first backup was changed (it still opens as a zip) and the second removed.
    let first_path = plan.zip_path(&plan.items[0]);
    std::fs::OpenOptions::new()
        .append(true)
        .open(&first_path)
        .unwrap()
        .write_all(b"edited")
        .unwrap();
    std::fs::remove_file(plan.zip_path(&plan.items[1])).unwrap();

    let summary = env
        .resume_under(&plan.job_id, &JobControl::new())
        .await
        .unwrap();
    assert_eq!(
        (summary.deleted, summary.already_deleted, summary.remaining),
        (2, 1, 0),
        "{summary:?}"
    );

    // Read the journal as a person would, in order.
    let lines: Vec<Value> =
        std::fs::read_to_string(Journal::locate(&env.jobs_dir(), &plan.job_id).unwrap())
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
    let steps = |session: &str| -> Vec<String> {
        lines
            .iter()
            .filter(|l| l["session_id"] == session)
            .map(|l| l["type"].as_str().unwrap().to_string())
            .collect()
    };
    for item in &plan.items[..2] {
        assert_eq!(
            steps(&item.session_id),
            [
                "backed_up",
                "backup_rejected",
                "backed_up",
                "delete_sent",
                "outcome"
            ],
            "{}",
            item.session_id
        );
    }
    // The lost delete is journalled as sent again before it is re-sent.
    assert_eq!(
        steps(third),
        ["backed_up", "delete_sent", "delete_sent", "outcome"]
    );

    // The new backups verify and are the ones the journal now vouches for; the changed
    // one was kept aside, not trusted and not thrown away.
    let state = Journal::replay(&Journal::locate(&env.jobs_dir(), &plan.job_id).unwrap()).unwrap();
    let backups = verified_backups(env.folder.path());
    for (item, st) in plan.items.iter().zip(&state.items) {
        let backup = st.backup.as_ref().unwrap();
        assert_eq!(backups[&item.session_id], backup.path);
        assert_eq!(bulk_support::sha256_of(&backup.path), backup.sha256);
    }
    assert_ne!(
        state.items[0].backup.as_ref().unwrap().sha256,
        bulk_support::sha256_of(&{
            let mut p = first_path.clone().into_os_string();
            p.push(".replaced");
            std::path::PathBuf::from(p)
        })
    );
    assert_eq!(state.items[2].outcome, Some(ItemOutcome::AlreadyDeleted));
    assert_eq!(
        state.items[2].backup.as_ref().unwrap().sha256,
        sha[2],
        "an intact backup is reused"
    );

    assert_no_delete_without_backup(&env.deleted_sessions(), env.folder.path());
    assert_eq!(env.deleted_sessions().len(), 3);
}
