//! Pacing: send no faster than the server's plan allows, so that a job of hours mostly
//! never hears "429 Too Many Requests", and when it does, wait as told — never give up.
//!
//! One [`Pacer`] per server origin, shared by every client in the process (several accounts
//! of one organisation may share one quota, so a 429 heard by one slows the others). The
//! decisions are [`state::PaceState`] (pure, time passed in); this module is the async
//! shell that waits for them. It combines:
//!
//! - **Token buckets fed by the headers.** Every answer's `X-RateLimit-Remaining` and
//!   `X-RateLimit-Reset` say how many requests are left until when. The pacer lets that
//!   many go (minus those still in flight, which the server may not have counted yet), then
//!   holds every request until the reset. A server reports one window at a time (the
//!   minute's, later the hour's), so there is one bucket per reported `X-RateLimit-Limit`,
//!   each spent by every request until its reset. A server that sends no headers is not
//!   paced.
//! - **Fixed or sliding, learned.** The docs do not say how a window counts. At first a
//!   reset is taken to return the whole quota, as a fixed window does: the first request
//!   of the next window goes alone, and its answer tells what is left now (possibly a
//!   tighter window hidden so far, the hour's). If that answer shows the reset gave back
//!   little room and the next reset is soon (or a 429 comes soon after the reset), the
//!   window slides: each request counts for a window after it was accepted, and a reset is
//!   only when the oldest stops counting. From then on a reset of that limit gives back one
//!   request, not the quota, and more only as answers report it — never a burst at a
//!   reset. If it took a 429 to show it (the headers did not), requests are also spread
//!   evenly, `window / limit` apart.
//! - **In flight, learned.** It starts at 2 (what the free plan allows) and grows
//!   by one after each run of as many successes while it was full; a 429 while the quota
//!   still had room means "too many at once", so the limit is halved and never grows back
//!   to the level that caused it.
//!
//! A 429 blocks the whole origin until its `Retry-After` (or the reset, or a growing
//! backoff when the server says neither) — however long: a minute, an hour, tomorrow.
//!
//! Waits run towards a wall-clock deadline ([`SystemTime`]) in short slices: Tokio's clock
//! does not advance while the computer sleeps, so a plain one-hour sleep would still have
//! its hour to go after a night in suspend. Slicing also lets a stop flag end a wait
//! within a second. Anyone may watch the waits ([`Pacer::waits`]) to tell the person.

mod state;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, Weak};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;
use tokio::sync::{watch, Notify};

use crate::ApiError;
use state::{Hold, PaceState, Report};

/// The longest single sleep of a wait; the clock and the stop flag are looked at between.
const SLICE: Duration = Duration::from_millis(500);

/// Why requests are held back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum WaitReason {
    /// The server's quota is used up or it said "429, come back later".
    Quota,
    /// The server could not be reached; trying again.
    Network,
}

/// Requests to a server are held back until `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaceWait {
    pub until: SystemTime,
    pub reason: WaitReason,
}

/// A window's limit as the server reported it, and how long its windows last as far as
/// the client could see (the longest time-to-reset it was ever told for this limit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObservedLimit {
    pub limit: u32,
    pub window_seconds: f64,
}

/// Pacing for one server origin (see the module docs).
#[derive(Debug)]
pub struct Pacer {
    state: Mutex<PaceState>,
    changed: Notify,
    waits: watch::Sender<Option<PaceWait>>,
}

/// The one pacer of `origin` in this process (created on first use; dropped when the
/// last client of that origin is).
pub(crate) fn for_origin(origin: &str) -> Arc<Pacer> {
    static REGISTRY: OnceLock<Mutex<HashMap<String, Weak<Pacer>>>> = OnceLock::new();
    let mut registry = REGISTRY
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(pacer) = registry.get(origin).and_then(Weak::upgrade) {
        return pacer;
    }
    registry.retain(|_, p| p.strong_count() > 0);
    let pacer = Arc::new(Pacer::new());
    registry.insert(origin.to_owned(), Arc::downgrade(&pacer));
    pacer
}

impl Pacer {
    pub(crate) fn new() -> Pacer {
        Pacer {
            state: Mutex::new(PaceState::new()),
            changed: Notify::new(),
            waits: watch::Sender::new(None),
        }
    }

    /// The wait requests are in now (`None` when they flow).
    pub fn waits(&self) -> watch::Receiver<Option<PaceWait>> {
        self.waits.subscribe()
    }

    /// The limits seen so far, smallest first.
    pub fn observed_limits(&self) -> Vec<ObservedLimit> {
        self.lock()
            .observed()
            .map(|(limit, window_seconds)| ObservedLimit {
                limit,
                window_seconds,
            })
            .collect()
    }

    /// How many requests may be in flight now (learned).
    pub fn allowed_in_flight(&self) -> u32 {
        self.lock().allowed_in_flight
    }

    /// Wait for room: no block, budget left in the bucket, room in flight. Ends with
    /// `Cancelled` once `stop` is set.
    pub(crate) async fn acquire(
        self: &Arc<Self>,
        stop: Option<&AtomicBool>,
    ) -> Result<PacePermit, ApiError> {
        // The hold last logged, so each wait is logged once, not once per slice.
        let mut logged: Option<Hold> = None;
        loop {
            if stop.is_some_and(|s| s.load(Ordering::SeqCst)) {
                return Err(ApiError::Cancelled);
            }
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let now = SystemTime::now();
            let hold = match self.lock().try_send(now) {
                Ok(()) => {
                    self.publish(None);
                    return Ok(PacePermit {
                        pacer: Arc::clone(self),
                    });
                }
                Err(hold) => hold,
            };
            if logged != Some(hold) {
                log_wait(&hold, now);
                logged = Some(hold);
            }
            let wait = hold.wait();
            if wait.is_some() {
                self.publish(wait);
            }
            // Sleep one slice at most, or less until the hold ends or something changes.
            let slice = wait
                .map(|w| w.until.duration_since(now).unwrap_or_default().min(SLICE))
                .unwrap_or(SLICE);
            tokio::select! {
                () = tokio::time::sleep(slice) => {}
                () = &mut notified => {}
            }
        }
    }

    /// A 429 answer, with the wait the server asked for if any. Returns how long requests
    /// are now held.
    pub(crate) fn refused(&self, retry_after: Option<Duration>, headers: &HeaderMap) -> Duration {
        let now = SystemTime::now();
        let wait = self
            .lock()
            .refused(retry_after, read_headers(headers, now), now);
        self.publish(Some(PaceWait {
            until: now + wait,
            reason: WaitReason::Quota,
        }));
        self.changed.notify_waiters();
        wait
    }

    fn publish(&self, wait: Option<PaceWait>) {
        self.waits.send_if_modified(|current| {
            let changed = *current != wait;
            *current = wait;
            changed
        });
    }

    fn lock(&self) -> MutexGuard<'_, PaceState> {
        // Plain numbers: a panic elsewhere cannot leave them torn.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One line per wait: which layer holds requests back, why, and for how long.
fn log_wait(hold: &Hold, now: SystemTime) {
    let ms = |until: SystemTime| until.duration_since(now).unwrap_or_default().as_millis() as u64;
    match *hold {
        Hold::Blocked(w) => tracing::debug!(
            layer = "blocked",
            reason = ?w.reason,
            wait_ms = ms(w.until),
            "pacing: waiting, the server said 429 or could not be reached"
        ),
        Hold::Spent { limit, until } => tracing::debug!(
            layer = "quota",
            limit,
            wait_ms = ms(until),
            "pacing: waiting, the window's quota is spent until its reset"
        ),
        Hold::Spread { limit, until } => tracing::debug!(
            layer = "spread",
            limit,
            wait_ms = ms(until),
            "pacing: waiting, a sliding window gives room back evenly"
        ),
        Hold::InFlight { room } => tracing::debug!(
            layer = "in_flight",
            room,
            "pacing: waiting, as many requests are in flight as allowed"
        ),
    }
}

/// One request's place under the pacer: counts as in flight until dropped (for a download,
/// until its body has been read).
#[derive(Debug)]
pub(crate) struct PacePermit {
    pacer: Arc<Pacer>,
}

impl PacePermit {
    /// Any answer that was not a 429: read its headers, and count a success.
    pub(crate) fn answered(&self, headers: &HeaderMap, success: bool) {
        let now = SystemTime::now();
        self.pacer
            .lock()
            .answered(read_headers(headers, now), success, now);
        self.pacer.changed.notify_waiters();
    }

    pub(crate) fn pacer(&self) -> &Arc<Pacer> {
        &self.pacer
    }
}

impl Drop for PacePermit {
    fn drop(&mut self) {
        self.pacer.lock().finished();
        self.pacer.changed.notify_waiters();
    }
}

/// `X-RateLimit-Limit`, `-Remaining` and `-Reset`, when all three make sense. `Reset` is a
/// Unix timestamp (the docs); a small number is read as seconds from now, as some servers
/// send it.
fn read_headers(headers: &HeaderMap, now: SystemTime) -> Option<Report> {
    let number = |name: &str| -> Option<f64> {
        let value: f64 = headers.get(name)?.to_str().ok()?.trim().parse().ok()?;
        (value.is_finite() && value >= 0.0).then_some(value)
    };
    let limit = number("x-ratelimit-limit")?;
    let remaining = number("x-ratelimit-remaining")?;
    let reset = number("x-ratelimit-reset")?;
    let reset = if reset > 1_000_000_000.0 {
        UNIX_EPOCH + Duration::from_secs_f64(reset)
    } else {
        now + Duration::from_secs_f64(reset)
    };
    // A reset more than a day and a bit away is not believed; the next answer corrects it.
    let reset = reset.min(now + Duration::from_secs(90_000));
    Some(Report {
        limit: clamp_u32(limit),
        remaining: clamp_u32(remaining),
        reset,
    })
}

fn clamp_u32(v: f64) -> u32 {
    v.min(f64::from(u32::MAX)) as u32
}

/// Sleep until the wall clock reaches `until`, in slices, ending early with `Cancelled`
/// when `stop` is set. Survives the computer sleeping (see the module docs).
pub(crate) async fn sleep_until_wall(
    until: SystemTime,
    stop: Option<&AtomicBool>,
) -> Result<(), ApiError> {
    loop {
        if stop.is_some_and(|s| s.load(Ordering::SeqCst)) {
            return Err(ApiError::Cancelled);
        }
        let Ok(left) = until.duration_since(SystemTime::now()) else {
            return Ok(());
        };
        if left.is_zero() {
            return Ok(());
        }
        tokio::time::sleep(left.min(SLICE)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(limit: u32, remaining: u32, reset: SystemTime) -> HeaderMap {
        let mut h = HeaderMap::new();
        let reset = reset.duration_since(UNIX_EPOCH).unwrap().as_secs_f64();
        h.insert("x-ratelimit-limit", HeaderValue::from(limit));
        h.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
        h.insert(
            "x-ratelimit-reset",
            HeaderValue::from_str(&format!("{reset:.3}")).unwrap(),
        );
        h
    }

    #[test]
    fn reset_is_a_timestamp_or_seconds_from_now() {
        let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let h = headers(10, 3, now + Duration::from_secs(30));
        let r = read_headers(&h, now).unwrap();
        assert_eq!((r.limit, r.remaining), (10, 3));
        assert_eq!(r.reset, now + Duration::from_secs(30));
        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-limit", HeaderValue::from(10));
        h.insert("x-ratelimit-remaining", HeaderValue::from(0));
        h.insert("x-ratelimit-reset", HeaderValue::from(45));
        assert_eq!(
            read_headers(&h, now).unwrap().reset,
            now + Duration::from_secs(45)
        );
        h.insert("x-ratelimit-reset", HeaderValue::from_static("soon"));
        assert_eq!(read_headers(&h, now), None);
    }

    #[tokio::test]
    async fn the_bucket_holds_requests_once_the_quota_is_spent_until_the_reset() {
        let pacer = Arc::new(Pacer::new());
        let reset = SystemTime::now() + Duration::from_millis(600);
        let first = pacer.acquire(None).await.unwrap();
        first.answered(&headers(10, 1, reset), true);
        drop(first);
        let second = pacer.acquire(None).await.unwrap();
        drop(second);
        // The bucket is empty now: the next one waits for the reset, on the wall clock.
        let mut waits = pacer.waits();
        let third = pacer.acquire(None).await.unwrap();
        assert!(SystemTime::now() >= reset);
        // The wait was announced while it lasted, and cleared when it ended.
        assert!(waits.has_changed().unwrap());
        assert_eq!(*waits.borrow_and_update(), None);
        drop(third);
    }

    #[tokio::test]
    async fn an_answer_overtaken_by_a_later_one_of_the_same_window_does_not_raise_what_is_left() {
        let pacer = Arc::new(Pacer::new());
        let reset = SystemTime::now() + Duration::from_secs(60);
        // Two requests out; the server counted the first (3 left), then the second (2
        // left), but the second's answer arrives first and its request is done by the time
        // the first's answer comes.
        let first = pacer.acquire(None).await.unwrap();
        let second = pacer.acquire(None).await.unwrap();
        second.answered(&headers(10, 2, reset), true);
        drop(second);
        first.answered(&headers(10, 3, reset), true);
        drop(first);
        // Not three left: the second's answer (2 left, with the first still out and
        // counted again to be safe) said one, and the first's older answer cannot raise
        // that. So one more goes, and the next waits for the reset.
        let a = pacer.acquire(None).await.unwrap();
        drop(a);
        let mut third = Box::pin(pacer.acquire(None));
        assert!(futures_util::poll!(third.as_mut()).is_pending());
        // A later window (a later reset) is news, not a stale answer: it is believed.
        let later = Report {
            limit: 10,
            remaining: 9,
            reset: reset + Duration::from_secs(60),
        };
        pacer.lock().answered(Some(later), false, SystemTime::now());
        pacer.changed.notify_waiters();
        drop(third.await.unwrap());
    }

    #[tokio::test]
    async fn in_flight_starts_at_two_grows_with_successes_and_shrinks_below_a_429() {
        let pacer = Arc::new(Pacer::new());
        let a = pacer.acquire(None).await.unwrap();
        // One at a time never fills the limit, so it does not grow.
        a.answered(&HeaderMap::new(), true);
        drop(a);
        let a = pacer.acquire(None).await.unwrap();
        a.answered(&HeaderMap::new(), true);
        assert_eq!(pacer.allowed_in_flight(), 2);
        let b = pacer.acquire(None).await.unwrap();
        let mut third = Box::pin(pacer.acquire(None));
        assert!(futures_util::poll!(third.as_mut()).is_pending());
        a.answered(&HeaderMap::new(), true);
        b.answered(&HeaderMap::new(), true);
        assert_eq!(pacer.allowed_in_flight(), 3);
        let c = third.await.unwrap();
        // Three in flight with quota to spare, and a 429: three is too many.
        let far = SystemTime::now() + Duration::from_secs(60);
        let wait = pacer.refused(Some(Duration::ZERO), &headers(1000, 500, far));
        assert_eq!(wait, Duration::ZERO);
        assert_eq!(pacer.allowed_in_flight(), 1, "halved");
        drop((a, b, c));
        for _ in 0..50 {
            pacer
                .acquire(None)
                .await
                .unwrap()
                .answered(&HeaderMap::new(), true);
        }
        assert_eq!(
            pacer.allowed_in_flight(),
            2,
            "never grows back past what failed"
        );
    }

    #[tokio::test]
    async fn a_429_blocks_everyone_on_the_origin_for_as_long_as_asked_and_a_stop_ends_it() {
        let pacer = for_origin("https://pace-test.invalid");
        let other_client = for_origin("https://pace-test.invalid");
        assert!(Arc::ptr_eq(&pacer, &other_client));
        let wait = pacer.refused(Some(Duration::from_secs(3600)), &HeaderMap::new());
        assert_eq!(wait, Duration::from_secs(3600));
        let blocked = *other_client.waits().borrow();
        let blocked = blocked.expect("the wait is announced");
        assert_eq!(blocked.reason, WaitReason::Quota);
        assert!(blocked.until > SystemTime::now() + Duration::from_secs(3590));

        let stop = Arc::new(AtomicBool::new(false));
        let waiting = {
            let (p, s) = (Arc::clone(&other_client), Arc::clone(&stop));
            tokio::spawn(async move { p.acquire(Some(&s)).await.map(drop) })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiting.is_finished(), "an hour's wait is waited");
        stop.store(true, Ordering::SeqCst);
        assert_eq!(waiting.await.unwrap(), Err(ApiError::Cancelled));
    }

    #[tokio::test]
    async fn wall_clock_sleep_ends_at_its_deadline_or_on_stop() {
        let until = SystemTime::now() + Duration::from_millis(120);
        sleep_until_wall(until, None).await.unwrap();
        assert!(SystemTime::now() >= until);
        let stop = AtomicBool::new(true);
        assert_eq!(
            sleep_until_wall(SystemTime::now() + Duration::from_secs(3600), Some(&stop)).await,
            Err(ApiError::Cancelled)
        );
    }
}
