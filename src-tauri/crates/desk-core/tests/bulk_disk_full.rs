//! The backup folder fills up mid-job: the job stops, says so in plain words, and deletes
//! nothing that was not backed up.
//!
//! The full disk is a real 2 MiB tmpfs, and mounting one needs root. So the test is ignored in
//! a plain `cargo test` (listed as ignored, never silently passed) and `make test` runs it on
//! its own as root (scripts/test.sh, "Full disk"); once run, it fails loudly when it cannot
//! mount its tmpfs instead of passing without having checked anything.
#![cfg(target_os = "linux")]

mod bulk_support;

use std::path::Path;
use std::process::Command;

use bulk_support::{assert_no_delete_without_backup, verified_backups, Env};
use desk_core::bulk::{BulkMode, BulkPlan, JobControl, LimiterConfig};
use desk_core::journal::Journal;
use fake_scriptix::Config;

/// A 2 MiB tmpfs, unmounted on drop.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn mount() -> Result<Self, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
            .arg(dir.path())
            .output()
            .map_err(|e| format!("mount could not run: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "mount refused: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(SmallDisk(dir))
    }

    fn path(&self) -> &Path {
        self.0.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0.path()).status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs root to mount a tmpfs; `make test` runs it as root"]
async fn a_full_disk_stops_the_job_cleanly() {
    let disk = SmallDisk::mount()
        .unwrap_or_else(|reason| panic!("the full-disk test needs a small tmpfs: {reason}"));
    // Each session's recording is 768 KiB: two fit on the 2 MiB disk, the third does not.
    let env = Env::start(Config {
        sessions: 6,
        seed: 3,
        media_bytes: 768 * 1024,
        ..Default::default()
    })
    .await;
    let items = env.all_items().await;
    let plan = BulkPlan::new(
        env.account(),
        "acct".into(),
        disk.path().to_path_buf(),
        BulkMode::BackUpThenDelete,
        items,
        true,
    )
    .unwrap();
    // One at a time, so which sessions fit is deterministic.
    let control = JobControl::new().with_limits(LimiterConfig {
        initial: 1,
        max: 1,
        ..Default::default()
    });

    let summary = env.start_under(plan.clone(), &control).await.unwrap();

    assert_eq!(
        summary
            .stopped_because
            .as_ref()
            .and_then(|e| e.io_problem()),
        Some(desk_core::error::IoProblem::DiskFull),
        "{summary:?}"
    );
    assert!(
        summary.deleted >= 1,
        "sessions that fitted were finished: {summary:?}"
    );
    assert!(summary.remaining > 0);
    assert!(
        summary.failed.is_empty(),
        "a full disk stops the job; it does not fail sessions one by one: {summary:?}"
    );

    let deleted = env.deleted_sessions();
    assert_eq!(deleted.len() as u32, summary.deleted);
    assert_no_delete_without_backup(&deleted, disk.path());
    assert_eq!(
        verified_backups(disk.path()).len() as u32,
        summary.backed_up
    );

    // No half-written backup is left to be mistaken for one.
    let leftovers: Vec<_> = std::fs::read_dir(disk.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // The job waits to be resumed once there is room.
    let unfinished = Journal::list_unfinished(&env.jobs_dir()).unwrap();
    assert_eq!(
        unfinished
            .iter()
            .map(|j| j.job_id.as_str())
            .collect::<Vec<_>>(),
        [plan.job_id.as_str()]
    );
}
