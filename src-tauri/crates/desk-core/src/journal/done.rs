//! Journals of jobs that are done (finished or cancelled), kept out of the way.

use std::path::{Path, PathBuf};

use super::Journal;

/// Where a job's journal goes once it finished or was cancelled: out of the folder the
/// library scans for unfinished jobs, so opening the library reads only those, however
/// many jobs ran before. Its deletes are in the audit log already (each one is audited
/// before its outcome is journalled), so the journal itself is needed only for "retry the
/// failed ones", a resume of a cancelled job, and support.
pub const DONE_DIR: &str = "done";

/// How long a finished job's journal is kept in [`DONE_DIR`] (counted from its last
/// record): long enough to retry its failed sessions after a holiday.
pub const KEEP_DONE_FOR: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 3600);

/// Where `active` (a journal in the jobs folder) goes once done.
pub(super) fn done_path(jobs_dir: &Path, active: &Path) -> PathBuf {
    jobs_dir
        .join(DONE_DIR)
        .join(active.file_name().unwrap_or_default())
}

pub(super) fn sync_dirs(active: &Path) -> std::io::Result<()> {
    let jobs_dir = active.parent().unwrap_or(Path::new("."));
    crate::fsutil::sync_dir(&jobs_dir.join(DONE_DIR))?;
    crate::fsutil::sync_dir(jobs_dir)
}

/// Move a job's journal to [`DONE_DIR`] (durably), then clear out old ones.
pub(super) fn archive_file(active: &Path) -> std::io::Result<()> {
    move_to_done(active)?;
    sync_dirs(active)?;
    prune_done(active);
    Ok(())
}

/// The rename alone. Not synced: the caller syncs once (a move lost in a power cut only
/// leaves the journal to be moved again).
fn move_to_done(active: &Path) -> std::io::Result<()> {
    let jobs_dir = active.parent().unwrap_or(Path::new("."));
    crate::fsutil::create_private_dir_all(&jobs_dir.join(DONE_DIR))?;
    std::fs::rename(active, done_path(jobs_dir, active))
}

/// A done journal found in the jobs folder is moved, unless a run holds it (a resume that
/// has not journalled `resumed` yet). Returns whether it moved; the caller then syncs and
/// prunes once ([`after_moves`]), not once per journal.
pub(super) fn archive_if_idle(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    // Read again under the lock: a resume may have reopened it since it was read.
    let still_done =
        file.try_lock().is_ok() && Journal::replay(path).is_ok_and(|s| s.finished || s.cancelled);
    if !still_done {
        return false;
    }
    match move_to_done(path) {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "could not move a done job journal");
            false
        }
    }
}

/// After [`archive_if_idle`] moved journals out of `jobs_dir`.
pub(super) fn after_moves(jobs_dir: &Path) {
    let any = jobs_dir.join("any.jsonl");
    if let Err(e) = sync_dirs(&any) {
        tracing::warn!(error = %e, "could not sync the jobs folder");
    }
    prune_done(&any);
}

/// Remove done journals whose last record is older than [`KEEP_DONE_FOR`] (`active`: any
/// journal path in the jobs folder).
fn prune_done(active: &Path) {
    let done_dir = active.parent().unwrap_or(Path::new(".")).join(DONE_DIR);
    prune_done_at(&done_dir, std::time::SystemTime::now());
}

/// Remove done journals whose last record is older than [`KEEP_DONE_FOR`].
fn prune_done_at(done_dir: &Path, now: std::time::SystemTime) {
    let Ok(entries) = std::fs::read_dir(done_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|at| now.duration_since(at).is_ok_and(|age| age > KEEP_DONE_FOR));
        if old && path.extension().is_some_and(|e| e == "jsonl") {
            if let Err(e) = std::fs::remove_file(&path) {
                tracing::warn!(path = %path.display(), error = %e, "could not remove an old job journal");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn done_journals_past_their_time_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let now = std::time::SystemTime::now();
        let write = |name: &str, age_days: u64| {
            let path = dir.path().join(name);
            std::fs::write(&path, b"{}\n").unwrap();
            let at = now - std::time::Duration::from_secs(age_days * 24 * 3600);
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(at)
                .unwrap();
            path
        };
        let old = write("old.jsonl", 31);
        let recent = write("recent.jsonl", 29);
        let other = write("notes.txt", 400);
        prune_done_at(dir.path(), now);
        assert!(!old.exists());
        assert!(recent.exists());
        assert!(other.exists(), "only journals are removed");
    }
}
