//! Runs a bulk job: starts items as the limiter allows, so one session's backup overlaps
//! other sessions' deletes, and keeps the journal, the audit log and the UI up to date.
//!
//! The journal is written *before* the in-memory state changes and before anything is
//! sent that depends on it, so a crash at any point leaves a journal that a resume can
//! trust (see `docs/bulk-jobs.md`).

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use scriptix_api::{PaceWait, ScriptixClient, WaitReason};
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::audit::AuditLog;
use crate::bulk::control::JobControl;
use crate::bulk::estimate::{estimate, requests_for, RateWindow};
use crate::bulk::index::write_index;
use crate::bulk::item;
use crate::bulk::limiter::{Limiter, Permit};
use crate::bulk::plan::BulkPlan;
use crate::bulk::report::{BulkEvent, BulkSummary, FailedItem, ItemOutcome, JobWait};
use crate::bulk::tally::{session_of, Tally};
use crate::error::{DeskError, DeskResult, Detail};
use crate::journal::{ItemState, JobState, Journal, JournalRecord};

/// Why an item stopped short of an outcome.
#[derive(Debug)]
pub(crate) enum Halt {
    /// The person cancelled; the item is left for a later resume.
    Cancelled,
    /// Something that will fail every item (full disk, sign-in refused, journal not
    /// writable): the whole job stops, for this reason.
    Stop(DeskError),
}

impl From<DeskError> for Halt {
    fn from(e: DeskError) -> Self {
        Halt::Stop(e)
    }
}

/// What every item task shares.
pub(crate) struct Ctx {
    pub client: ScriptixClient,
    pub plan: Arc<BulkPlan>,
    pub control: JobControl,
    pub limiter: Arc<Limiter>,
    journal: Journal,
    pub audit: AuditLog,
    events: Box<dyn Fn(BulkEvent) + Send + Sync>,
    book: Mutex<Book>,
    /// Held while a progress event is made and handed to the UI, so two workers cannot
    /// send their counts out of order (the bar would jump back); the book itself is not
    /// held while the UI takes the event.
    progress_sink: Mutex<()>,
    /// The job's own wait (Scriptix unreachable past the client's retries), if any.
    own_wait: Mutex<Option<PaceWait>>,
}

struct Book {
    state: JobState,
    /// Running sums over `state.items`, kept as records are applied, so a progress event
    /// costs the same at the first item and the thousandth.
    tally: Tally,
    stop: Option<DeskError>,
    /// Scriptix refused the account's sign-in (401) during this run.
    sign_in_refused: bool,
    started: Instant,
    done_at_start: u32,
}

impl Ctx {
    /// Journal `record`, then apply it to the in-memory state.
    pub async fn record(&self, record: JournalRecord) -> Result<(), Halt> {
        self.journal.append(record.clone()).await?;
        let mut book = self.book();
        let book = &mut *book;
        let index = session_of(&record).and_then(|id| book.state.index_of(id));
        if let Some(i) = index {
            book.tally.remove(&self.plan, &book.state, i);
        }
        let applied = book.state.apply(&record);
        if let Some(i) = index {
            book.tally.add(&self.plan, &book.state, i);
        }
        applied?;
        Ok(())
    }

    pub fn item_state(&self, index: usize) -> ItemState {
        self.book().state.items[index].clone()
    }

    /// Record an item's final outcome and tell the UI.
    pub async fn finish_item(&self, session_id: &str, outcome: ItemOutcome) -> Result<(), Halt> {
        self.record(JournalRecord::Outcome {
            session_id: session_id.to_string(),
            outcome: outcome.clone(),
        })
        .await?;
        (self.events)(BulkEvent::ItemDone {
            session_id: session_id.to_string(),
            outcome,
        });
        self.emit_progress();
        Ok(())
    }

    /// Tells the UI where the job stands. The figures are taken from the running tally
    /// (constant time) and handed to the UI under `progress_sink`, not under the book, so
    /// workers recording their steps never wait for the UI; the sink keeps two events from
    /// overtaking each other between the two.
    pub fn emit_progress(&self) {
        let _in_order = self
            .progress_sink
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (tally, started, done_at_start) = {
            let book = self.book();
            (book.tally, book.started, book.done_at_start)
        };
        let done = tally.done;
        let total = u32::try_from(self.plan.items.len()).unwrap_or(u32::MAX);
        let done_now = done.saturating_sub(done_at_start);
        let waiting = self.waiting();
        let eta_seconds = (done < total)
            .then(|| {
                let pace = (done_now > 0).then(|| {
                    started.elapsed().as_secs_f64() / f64::from(done_now) * f64::from(total - done)
                });
                let wait = waiting.map(|w| {
                    let now = SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0.0, |d| d.as_secs_f64());
                    (w.until_ms / 1000.0 - now).max(0.0)
                });
                // The quota floor of what is left, once the server has said its limits.
                let quota = self.quota_floor(total - done, tally.documents_left);
                [pace, wait.zip(quota).map(|(w, q)| w + q).or(wait), quota]
                    .into_iter()
                    .flatten()
                    .reduce(f64::max)
            })
            .flatten();
        (self.events)(BulkEvent::Progress {
            done,
            total,
            bytes: tally.bytes as f64,
            eta_seconds,
            concurrency: self.limiter.current(),
            waiting,
        });
    }

    /// What holds the job back now: its own wait for the network, or the client's pacing.
    pub fn waiting(&self) -> Option<JobWait> {
        let now = SystemTime::now();
        let own = *self
            .own_wait
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let paced = *self.client.waits().borrow();
        own.into_iter()
            .chain(paced)
            .filter(|w| w.until > now)
            .max_by_key(|w| w.until)
            .map(JobWait::from_pace)
    }

    /// Seconds the server's known limits alone need for the items left.
    fn quota_floor(&self, items_left: u32, documents_left: u64) -> Option<f64> {
        let windows: Vec<RateWindow> = self
            .client
            .observed_limits()
            .into_iter()
            .map(RateWindow::from)
            .collect();
        let requests = requests_for(
            self.plan.mode,
            items_left,
            u32::try_from(documents_left).unwrap_or(u32::MAX),
            0,
            self.plan.include_media,
        );
        estimate(requests, &windows).seconds
    }

    /// Scriptix could not be reached even after the client's own retries (or keeps saying
    /// it is overloaded): wait (1, 2, 4 … 30 s, on the wall clock, so a suspended computer
    /// does not stretch it) and say so. Ends early with `Cancelled` when the person stops
    /// the job.
    pub async fn wait_a_while(&self, attempt: u32, reason: WaitReason) -> Result<(), Halt> {
        let wait = Duration::from_secs(1u64 << attempt.min(5)).min(Duration::from_secs(30));
        let until = SystemTime::now() + wait;
        self.set_own_wait(Some(PaceWait { until, reason }));
        while SystemTime::now() < until {
            if self.control.is_cancelled() {
                self.set_own_wait(None);
                return Err(Halt::Cancelled);
            }
            let left = until.duration_since(SystemTime::now()).unwrap_or_default();
            tokio::time::sleep(left.min(Duration::from_millis(250))).await;
        }
        self.set_own_wait(None);
        Ok(())
    }

    fn set_own_wait(&self, wait: Option<PaceWait>) {
        *self
            .own_wait
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = wait;
        self.emit_progress();
    }

    fn stop(&self, reason: DeskError) {
        let mut book = self.book();
        if book.stop.is_none() {
            tracing::warn!(job = %self.plan.job_id, %reason, "bulk job stopping");
            book.stop = Some(reason);
        }
    }

    /// A 401 during the job: the summary says so, and the app marks the account as needing
    /// a sign-in (the same banner as anywhere else).
    pub fn note_sign_in_refused(&self) {
        self.book().sign_in_refused = true;
    }

    fn should_stop(&self) -> bool {
        self.control.is_cancelled() || self.book().stop.is_some()
    }

    fn book(&self) -> std::sync::MutexGuard<'_, Book> {
        self.book
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Run `state`'s unfinished items to an outcome, or until cancelled or stopped.
///
/// `state` must match `journal` (fresh from [`Journal::create`], or replayed from it).
/// Returns the summary of the whole job; errors only when the job could not run at all.
pub async fn run(
    client: &ScriptixClient,
    state: JobState,
    journal: &Journal,
    audit: &AuditLog,
    events: impl Fn(BulkEvent) + Send + Sync + 'static,
    control: &JobControl,
) -> DeskResult<BulkSummary> {
    let pending: Vec<usize> = (0..state.items.len())
        .filter(|&i| state.items[i].outcome.is_none())
        .collect();
    let ctx = Arc::new(Ctx {
        // Waits for a rate limit end as soon as the person stops the job.
        client: client.with_stop(control.cancel_token().flag()),
        plan: Arc::new(state.plan.clone()),
        control: control.clone(),
        limiter: Limiter::new(control.limits()),
        journal: journal.clone(),
        audit: audit.clone(),
        events: Box::new(events),
        book: Mutex::new(Book {
            done_at_start: state.done_count(),
            tally: Tally::of(&state.plan, &state),
            state,
            stop: None,
            sign_in_refused: false,
            started: Instant::now(),
        }),
        own_wait: Mutex::new(None),
        progress_sink: Mutex::new(()),
    });
    ctx.emit_progress();
    // Tell the UI whenever the client starts or stops waiting for Scriptix.
    let watcher = {
        let ctx = Arc::clone(&ctx);
        let mut waits = ctx.client.waits();
        tokio::spawn(async move {
            while waits.changed().await.is_ok() {
                ctx.emit_progress();
            }
        })
    };

    let mut tasks = JoinSet::new();
    for index in pending {
        match next_permit(&ctx).await {
            Ok(Some(permit)) => {
                let ctx = Arc::clone(&ctx);
                tasks.spawn(async move { item::process(&ctx, index, permit).await });
            }
            Ok(None) => break,
            Err(halt) => {
                note_halt(&ctx, halt);
                break;
            }
        }
        while let Some(done) = tasks.try_join_next() {
            note_task_end(&ctx, done);
        }
    }
    while let Some(done) = tasks.join_next().await {
        note_task_end(&ctx, done);
    }
    // The watcher holds the job's context, and with it the journal and its lock: wait until
    // it is really gone (abort only asks), or a resume straight after this run returns
    // would find the journal still locked and be refused as "already running".
    watcher.abort();
    let _ = watcher.await;
    finish(&ctx).await
}

/// Wait until a new item may start: not paused, room under the limit. `None` when the
/// job is cancelled or stopping.
async fn next_permit(ctx: &Ctx) -> Result<Option<Permit>, Halt> {
    if ctx.should_stop() {
        return Ok(None);
    }
    if ctx.control.is_paused() {
        ctx.record(JournalRecord::Paused).await?;
        let go_on = ctx.control.proceed().await;
        if !go_on {
            return Ok(None);
        }
        ctx.record(JournalRecord::Resumed).await?;
    }
    let permit = tokio::select! {
        permit = ctx.limiter.acquire() => permit,
        () = ctx.control.cancelled() => return Ok(None),
    };
    // A stop may have come in while waiting for room.
    Ok((!ctx.should_stop()).then_some(permit))
}

fn note_halt(ctx: &Ctx, halt: Halt) {
    match halt {
        Halt::Cancelled => {}
        Halt::Stop(reason) => ctx.stop(reason),
    }
}

fn note_task_end(ctx: &Ctx, result: Result<Result<(), Halt>, tokio::task::JoinError>) {
    match result {
        Ok(Ok(())) => {}
        Ok(Err(halt)) => note_halt(ctx, halt),
        Err(e) => {
            tracing::error!(error = %e, "bulk item task failed");
            ctx.stop(DeskError::Internal(Detail::TaskStopped));
        }
    }
}

/// Journal how the run ended, rewrite the index and sum up.
async fn finish(ctx: &Ctx) -> DeskResult<BulkSummary> {
    let (cancelled, all_done) = (ctx.control.is_cancelled(), ctx.book().state.all_done());
    let closing = if cancelled {
        Some(JournalRecord::Cancelled)
    } else if all_done {
        Some(JournalRecord::Finished)
    } else {
        None // stopped early: stays "unfinished", so it is offered for resuming
    };
    let mut closed = false;
    if let Some(record) = closing {
        match ctx.record(record).await {
            Ok(()) => closed = true,
            Err(Halt::Stop(reason)) => ctx.stop(reason),
            Err(Halt::Cancelled) => {}
        }
    }
    ctx.emit_progress();

    let (state, mut stopped_because, sign_in_refused) = {
        let book = ctx.book();
        (book.state.clone(), book.stop.clone(), book.sign_in_refused)
    };
    let state = Arc::new(state);
    let index_path = if state.items.iter().any(|i| i.backup.is_some()) {
        // Two synced file writes: on a blocking thread, not on the async runtime's.
        let for_index = Arc::clone(&state);
        let written = tokio::task::spawn_blocking(move || write_index(&for_index))
            .await
            .unwrap_or(Err(DeskError::Internal(Detail::TaskStopped)));
        match written {
            Ok(p) => Some(p.to_string_lossy().into_owned()),
            Err(e) => {
                stopped_because.get_or_insert(e);
                None
            }
        }
    } else {
        None
    };
    if closed {
        // Done: out of the folder the library reads at start. A failure costs only that.
        if let Err(e) = ctx.journal.archive().await {
            tracing::warn!(job = %ctx.plan.job_id, error = %e, "could not move the done journal");
        }
    }
    let mut summary = summarize(&state, cancelled, stopped_because, index_path);
    summary.sign_in_refused = sign_in_refused;
    Ok(summary)
}

/// The summary of a whole job as its state stands.
pub fn summarize(
    state: &JobState,
    cancelled: bool,
    stopped_because: Option<DeskError>,
    index_path: Option<String>,
) -> BulkSummary {
    let count = |pred: &dyn Fn(&ItemState) -> bool| {
        u32::try_from(state.items.iter().filter(|i| pred(i)).count()).unwrap_or(u32::MAX)
    };
    let failed = state
        .plan
        .items
        .iter()
        .zip(&state.items)
        .filter_map(|(item, st)| match &st.outcome {
            Some(ItemOutcome::Failed { reason }) => Some(FailedItem {
                session_id: item.session_id.clone(),
                name: item.name.clone(),
                reason: reason.clone(),
            }),
            _ => None,
        })
        .collect();
    BulkSummary {
        job_id: state.plan.job_id.clone(),
        total: count(&|_| true),
        deleted: count(&|i| i.outcome == Some(ItemOutcome::Deleted)),
        already_deleted: count(&|i| i.outcome == Some(ItemOutcome::AlreadyDeleted)),
        not_on_scriptix: count(&|i| i.outcome == Some(ItemOutcome::NotOnScriptix)),
        not_permitted: count(&|i| i.outcome == Some(ItemOutcome::NotPermitted)),
        failed,
        backed_up: count(&|i| i.backup.is_some()),
        remaining: count(&|i| i.outcome.is_none()),
        cancelled,
        stopped_because,
        index_path,
        sign_in_refused: false,
        whole_account: crate::bulk::account::coverage(state),
    }
}
