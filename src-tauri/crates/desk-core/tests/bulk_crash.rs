//! Kill -9 at any point of a bulk job, then resume: never a delete without a verified
//! backup, and the job always completes.
//!
//! Each trial runs the job in the `bulk-worker` process, SIGKILLs it once its journal has
//! reached a seeded-random number of records (so kills land before, during and after
//! backups and deletes), checks the server, resumes in a new process and checks again.
#![cfg(unix)]

mod bulk_support;

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use bulk_support::{assert_no_delete_without_backup, Env};
use desk_core::bulk::ItemOutcome;
use desk_core::journal::{Journal, DONE_DIR};
use fake_scriptix::{Config, Faults, Persona};
use tokio::process::{Child, Command};

const TRIALS: u64 = 20;
const SESSIONS: usize = 6;
/// planned + (backed_up, delete_sent, outcome) per session + finished.
const JOURNAL_LINES: u64 = 1 + 3 * SESSIONS as u64 + 1;

/// SplitMix64: a fixed seed gives the same kill points on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

fn worker(env: &Env, resume: bool) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bulk-worker"));
    cmd.arg("--base-url")
        .arg(env.server.base_url())
        .arg("--data-dir")
        .arg(env.data.path())
        .arg("--folder")
        .arg(env.folder.path())
        .env("SCRIPTIX_TOKEN", env.server.token(Persona::Admin))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if resume {
        cmd.arg("--resume");
    }
    cmd.spawn().expect("the worker starts")
}

/// Complete lines in the job's journal (0 before it exists).
fn journal_lines(jobs_dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(jobs_dir) else {
        return 0;
    };
    // Journals still in the folder (a finished one moves on to `done/`, and the job
    // then has nothing left to kill anyway).
    entries
        .flatten()
        .map(|e| {
            std::fs::read(e.path()).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count() as u64)
        })
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_at_any_point_then_resumed_never_deletes_without_a_backup() {
    let mut rng = Rng(0x5c21_7d35);
    for trial in 0..TRIALS {
        // A little latency so the job is still running when the kill comes.
        let faults = Faults {
            latency_ms: 5,
            ..Default::default()
        };
        let env = Env::start(Config {
            sessions: SESSIONS,
            seed: trial,
            faults,
            ..Default::default()
        })
        .await;
        let kill_after = 1 + rng.next() % (JOURNAL_LINES - 1);

        let mut child = worker(&env, false);
        loop {
            if journal_lines(&env.jobs_dir()) >= kill_after || child.try_wait().unwrap().is_some() {
                break;
            }
            // Polling the journal, not timing anything.
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        child.start_kill().ok(); // SIGKILL; harmless if it already exited
        child.wait().await.unwrap();

        let deleted = env.deleted_sessions();
        assert_no_delete_without_backup(&deleted, env.folder.path());

        let resumed = worker(&env, true).wait_with_output().await.unwrap();
        assert!(
            resumed.status.success(),
            "trial {trial} (killed after {kill_after} records): resume failed: {}",
            String::from_utf8_lossy(&resumed.stderr)
        );

        let deleted = env.deleted_sessions();
        assert_no_delete_without_backup(&deleted, env.folder.path());
        assert_eq!(
            deleted.len(),
            SESSIONS,
            "trial {trial}: every session ends deleted"
        );

        // The one job's journal: moved to `done/` once it finished.
        let journal = [env.jobs_dir(), env.jobs_dir().join(DONE_DIR)]
            .iter()
            .flat_map(|dir| std::fs::read_dir(dir).unwrap())
            .map(|e| e.unwrap().path())
            .find(|p| p.is_file())
            .expect("the job's journal");
        let state = Journal::replay(&journal).unwrap();
        assert!(state.finished, "trial {trial}: the job finished");
        for (item, st) in state.plan.items.iter().zip(&state.items) {
            assert!(
                matches!(
                    st.outcome,
                    Some(ItemOutcome::Deleted | ItemOutcome::AlreadyDeleted)
                ),
                "trial {trial}: {} ended {:?}",
                item.session_id,
                st.outcome
            );
        }
        let audited: std::collections::BTreeSet<String> = env
            .audit
            .entries()
            .unwrap()
            .into_iter()
            .map(|e| e.session_id)
            .collect();
        assert_eq!(
            audited, deleted,
            "trial {trial}: every delete is in the audit log"
        );
    }
}
