//! The bulk-job journal: what a job planned and what it has done, durable after each step.
//!
//! One JSON-lines file per job, `jobs/<job_id>.jsonl`, appended and synced after every
//! record (see `docs/bulk-jobs.md` for why JSON lines and not SQLite). Replaying it tells,
//! for each session, whether its backup was made, whether a delete was sent and how it
//! ended, which is all a resume after a crash needs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::bulk::plan::BulkPlan;
use crate::bulk::ItemOutcome;
use crate::error::{AppFile, DeskError, DeskResult, Detail, FileAction};
use crate::jsonl::{read_jsonl, DurableLog, Writers};
use crate::reason::StoredError;

mod done;

use done::{after_moves, archive_file, archive_if_idle, done_path, sync_dirs};
pub use done::{DONE_DIR, KEEP_DONE_FOR};

/// Bumped when a record changes meaning; older apps refuse newer journals instead of
/// guessing.
pub const JOURNAL_VERSION: u32 = 1;

/// One step of a job, as journalled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum JournalRecord {
    /// Always the first record.
    Planned {
        version: u32,
        plan: BulkPlan,
    },
    /// A backup of the session was written and verified.
    BackedUp {
        session_id: String,
        path: PathBuf,
        sha256: String,
        bytes: u64,
    },
    /// A journalled backup failed its re-check on resume (missing, changed, unreadable);
    /// the session must be backed up again before any delete.
    BackupRejected {
        session_id: String,
        reason: StoredError,
    },
    /// Written *before* the delete request leaves, so a crash while it is in flight is
    /// known on resume.
    DeleteSent {
        session_id: String,
    },
    Outcome {
        session_id: String,
        outcome: ItemOutcome,
    },
    Paused,
    Resumed,
    Cancelled,
    Finished,
}

/// A journal line: the record plus when it was written (for people reading the file).
#[derive(Debug, Serialize, Deserialize)]
struct Line {
    at: String,
    #[serde(flatten)]
    record: JournalRecord,
}

/// A verified backup the journal vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupRecord {
    pub path: PathBuf,
    pub sha256: String,
    pub bytes: u64,
}

/// One session's progress, as replayed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemState {
    /// The latest verified backup (a re-backup on resume replaces an earlier one).
    pub backup: Option<BackupRecord>,
    pub delete_sent: bool,
    pub outcome: Option<ItemOutcome>,
}

/// A whole job, as replayed; `items` are in plan order.
#[derive(Debug, Clone, PartialEq)]
pub struct JobState {
    pub plan: BulkPlan,
    pub items: Vec<ItemState>,
    pub started_at: String,
    pub paused: bool,
    pub cancelled: bool,
    pub finished: bool,
}

impl JobState {
    /// A job that has been planned and nothing else.
    pub fn new(plan: BulkPlan) -> Self {
        let items = vec![ItemState::default(); plan.items.len()];
        JobState {
            plan,
            items,
            started_at: crate::audit::timestamp_now(),
            paused: false,
            cancelled: false,
            finished: false,
        }
    }

    pub fn index_of(&self, session_id: &str) -> Option<usize> {
        self.plan
            .items
            .iter()
            .position(|i| i.session_id == session_id)
    }

    /// Apply one record, as the runner does after journalling it.
    pub fn apply(&mut self, record: &JournalRecord) -> DeskResult<()> {
        let item = |state: &mut Self, id: &str| -> DeskResult<usize> {
            state
                .index_of(id)
                .ok_or_else(|| damaged("a session that is not in the plan"))
        };
        match record {
            JournalRecord::Planned { .. } => return Err(damaged("a second plan")),
            JournalRecord::BackedUp {
                session_id,
                path,
                sha256,
                bytes,
            } => {
                let i = item(self, session_id)?;
                self.items[i].backup = Some(BackupRecord {
                    path: path.clone(),
                    sha256: sha256.clone(),
                    bytes: *bytes,
                });
            }
            JournalRecord::BackupRejected { session_id, .. } => {
                let i = item(self, session_id)?;
                self.items[i].backup = None;
            }
            JournalRecord::DeleteSent { session_id } => {
                let i = item(self, session_id)?;
                self.items[i].delete_sent = true;
            }
            JournalRecord::Outcome {
                session_id,
                outcome,
            } => {
                let i = item(self, session_id)?;
                self.items[i].outcome = Some(outcome.clone());
            }
            JournalRecord::Paused => self.paused = true,
            JournalRecord::Resumed => {
                self.paused = false;
                self.cancelled = false;
                self.finished = false;
            }
            JournalRecord::Cancelled => self.cancelled = true,
            JournalRecord::Finished => self.finished = true,
        }
        Ok(())
    }

    pub fn done_count(&self) -> u32 {
        count(self.items.iter().filter(|i| i.outcome.is_some()))
    }

    pub fn all_done(&self) -> bool {
        self.items.iter().all(|i| i.outcome.is_some())
    }

    pub fn summary(&self) -> JobSummary {
        let done = self.done_count();
        let total = count(self.items.iter());
        JobSummary {
            job_id: self.plan.job_id.clone(),
            account_id: self.plan.account_id.clone(),
            account_label: self.plan.account.label.clone(),
            folder: self.plan.folder.to_string_lossy().into_owned(),
            deletes: self.plan.mode == crate::bulk::plan::BulkMode::BackUpThenDelete,
            started_at: self.started_at.clone(),
            total,
            done,
            paused: self.paused,
        }
    }
}

/// An unfinished job, as the UI offers it for resuming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobSummary {
    pub job_id: String,
    pub account_id: String,
    pub account_label: String,
    pub folder: String,
    /// Back up then delete (true) or back up only (false).
    pub deletes: bool,
    pub started_at: String,
    pub total: u32,
    pub done: u32,
    /// The person paused it (as opposed to the app stopping mid-way).
    pub paused: bool,
}

/// An open journal. Cheap to clone; clones share one writer.
///
/// An open journal holds an OS lock on its file until the last clone is dropped, so a job
/// runs at most once at a time: a second start or resume, from this app or another copy of
/// it, is refused with [`Detail::JobAlreadyRunning`] instead of appending to the same
/// journal and backing up (and moving aside) the same files as the first.
#[derive(Debug, Clone)]
pub struct Journal {
    log: Arc<DurableLog>,
}

impl Journal {
    pub fn path_for(jobs_dir: &Path, job_id: &str) -> DeskResult<PathBuf> {
        let safe = !job_id.is_empty()
            && job_id.len() <= 64
            && job_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !safe {
            return Err(DeskError::InvalidInput(Detail::UnknownJob));
        }
        Ok(jobs_dir.join(format!("{job_id}.jsonl")))
    }

    /// Start the journal of a new job with its plan.
    pub async fn create(jobs_dir: &Path, plan: &BulkPlan) -> DeskResult<Journal> {
        crate::fsutil::create_private_dir_all(jobs_dir).map_err(storage)?;
        let path = Self::path_for(jobs_dir, &plan.job_id)?;
        if done_path(jobs_dir, &path).exists() {
            return Err(DeskError::InvalidInput(Detail::JobAlreadyRunning));
        }
        let log =
            DurableLog::create_new(&path, Writers::Exclusive).map_err(|e| match e.kind() {
                // A job id is started once: the journal exists only if it was started before.
                std::io::ErrorKind::AlreadyExists => {
                    DeskError::InvalidInput(Detail::JobAlreadyRunning)
                }
                _ => opening(e),
            })?;
        let journal = Journal { log: Arc::new(log) };
        journal
            .append(JournalRecord::Planned {
                version: JOURNAL_VERSION,
                plan: plan.clone(),
            })
            .await?;
        Ok(journal)
    }

    /// The journal of job `job_id`, unfinished or done.
    pub fn locate(jobs_dir: &Path, job_id: &str) -> DeskResult<PathBuf> {
        let path = Self::path_for(jobs_dir, job_id)?;
        if path.is_file() {
            return Ok(path);
        }
        let done = done_path(jobs_dir, &path);
        if done.is_file() {
            return Ok(done);
        }
        Err(DeskError::NotFound(Detail::JobMissing))
    }

    /// Replay job `job_id`'s journal, unfinished or done.
    pub fn replay_job(jobs_dir: &Path, job_id: &str) -> DeskResult<JobState> {
        Self::replay(&Self::locate(jobs_dir, job_id)?)
    }

    /// Reopen an existing job's journal to continue it. Refused with
    /// [`Detail::JobAlreadyRunning`] while another run of the job has it open.
    pub fn open(jobs_dir: &Path, job_id: &str) -> DeskResult<Journal> {
        let path = Self::path_for(jobs_dir, job_id)?;
        let done = done_path(jobs_dir, &path);
        if !path.exists() && done.is_file() {
            // A cancelled (or finished) job continued: its journal goes back where the
            // library looks before anything is appended, so a crash during this run
            // leaves it listed as unfinished. Another resume may have moved it already.
            match std::fs::rename(&done, &path) {
                Ok(()) => sync_dirs(&path).map_err(storage)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(storage(e)),
            }
        }
        if !path.is_file() {
            return Err(DeskError::NotFound(Detail::JobMissing));
        }
        Ok(Journal {
            log: Arc::new(DurableLog::open_append(&path, Writers::Exclusive).map_err(opening)?),
        })
    }

    pub fn path(&self) -> &Path {
        self.log.path()
    }

    /// Move the journal of a job that finished or was cancelled (its closing record on
    /// disk) out of the scanned folder, and remove done journals past [`KEEP_DONE_FOR`].
    /// Done with the journal still locked, so no other run can open it half-moved.
    pub async fn archive(&self) -> DeskResult<()> {
        let path = self.path().to_path_buf();
        tokio::task::spawn_blocking(move || archive_file(&path))
            .await
            .map_err(|_| DeskError::Internal(Detail::TaskStopped))?
            .map_err(storage)
    }

    /// Append a record; returns once it is on disk.
    pub async fn append(&self, record: JournalRecord) -> DeskResult<()> {
        let line = Line {
            at: crate::audit::timestamp_now(),
            record,
        };
        self.log.append(&line).await.map_err(storage)
    }

    /// Rebuild a job's state from its journal. A torn last line (a crash mid-write) is
    /// ignored; anything else unreadable is refused, because resuming deletes on a
    /// misread journal is worse than not resuming.
    pub fn replay(path: &Path) -> DeskResult<JobState> {
        let read = read_jsonl::<Line>(path).map_err(storage)?;
        if read.damaged_lines > 0 {
            return Err(damaged("lines that cannot be read"));
        }
        let mut lines = read.records.into_iter();
        let first = lines.next().ok_or_else(|| damaged("no plan"))?;
        let JournalRecord::Planned { version, plan } = first.record else {
            return Err(damaged("no plan at the start"));
        };
        if version > JOURNAL_VERSION {
            return Err(DeskError::Storage(Detail::AppFileNewer {
                file: AppFile::Journal,
            }));
        }
        let mut state = JobState::new(plan);
        state.started_at = first.at;
        for line in lines {
            state.apply(&line.record)?;
        }
        Ok(state)
    }

    /// Jobs in `jobs_dir` that neither finished nor were cancelled (most recent first).
    /// Journals that cannot be read are logged and left out. Reads only the journals in
    /// `jobs_dir` itself, not [`DONE_DIR`]; a done journal found there (written before
    /// done journals were moved, or a crash before the move) is moved now.
    pub fn list_unfinished(jobs_dir: &Path) -> DeskResult<Vec<JobSummary>> {
        let entries = match std::fs::read_dir(jobs_dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(storage(e)),
        };
        let (mut jobs, mut moved) = (Vec::new(), false);
        for entry in entries {
            let path = entry.map_err(storage)?.path();
            if path.extension().is_none_or(|e| e != "jsonl") || !path.is_file() {
                continue;
            }
            match Self::replay(&path) {
                Ok(state) if !state.finished && !state.cancelled => jobs.push(state.summary()),
                Ok(_) => moved |= archive_if_idle(&path),
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e, "unreadable job journal")
                }
            }
        }
        if moved {
            after_moves(jobs_dir);
        }
        jobs.sort_by(|a, b| b.started_at.cmp(&a.started_at));
        Ok(jobs)
    }
}

fn count<T>(it: impl Iterator<Item = T>) -> u32 {
    u32::try_from(it.count()).unwrap_or(u32::MAX)
}

/// Opening a journal for writing: held by another run, or a file problem.
fn opening(e: std::io::Error) -> DeskError {
    match e.kind() {
        std::io::ErrorKind::WouldBlock => DeskError::InvalidInput(Detail::JobAlreadyRunning),
        _ => storage(e),
    }
}

fn storage(e: std::io::Error) -> DeskError {
    DeskError::app_file(AppFile::Journal, FileAction::Write, &e)
}

fn damaged(what: &str) -> DeskError {
    tracing::warn!(what, "bulk job journal damaged");
    DeskError::Storage(Detail::AppFileDamaged {
        file: AppFile::Journal,
    })
}
