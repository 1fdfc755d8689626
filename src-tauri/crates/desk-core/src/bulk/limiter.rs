//! Adaptive concurrency for bulk jobs (AIMD, as TCP does it).
//!
//! The client already retries a 429/503 a few times; when one still reaches the job, the
//! server is telling us we are too many. The limiter then halves how many items may be in
//! flight and, when the server said how long to wait (`Retry-After`), starts nothing new
//! until then. Each window of successes (as many as the current limit) adds one back, so
//! the job settles just under what the server tolerates.
//!
//! [`AimdController`] is the pure decision logic (time is passed in, so it is tested without
//! sleeping); [`Limiter`] wraps it for async tasks.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

/// Tuning for [`AimdController`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimiterConfig {
    pub initial: u32,
    pub min: u32,
    pub max: u32,
    /// The longest a server-requested pause is honoured, so a bad header cannot stall a job.
    pub max_pause: Duration,
}

impl Default for LimiterConfig {
    fn default() -> Self {
        LimiterConfig {
            initial: 4,
            min: 1,
            max: 16,
            max_pause: Duration::from_secs(60),
        }
    }
}

/// The AIMD decision logic, free of clocks and locks.
#[derive(Debug, Clone)]
pub struct AimdController {
    config: LimiterConfig,
    current: u32,
    streak: u32,
    paused_until: Option<Instant>,
    /// Bumped at every decrease. Work started before a decrease already ran under the old,
    /// too-high limit, so its overload answers are echoes of the same congestion and must
    /// not halve the limit again (one decrease per window, like TCP).
    generation: u64,
}

impl AimdController {
    pub fn new(config: LimiterConfig) -> Self {
        let min = config.min.max(1);
        let config = LimiterConfig {
            min,
            max: config.max.max(min),
            ..config
        };
        AimdController {
            current: config.initial.clamp(config.min, config.max),
            config,
            streak: 0,
            paused_until: None,
            generation: 0,
        }
    }

    /// How many items may be in flight now.
    pub fn current(&self) -> u32 {
        self.current
    }

    /// The generation new work starts under; pass it back with its outcome.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// When new work may start again, if the server asked for a pause that has not ended.
    pub fn paused_until(&self, now: Instant) -> Option<Instant> {
        self.paused_until.filter(|&until| until > now)
    }

    /// A step finished without the server pushing back.
    pub fn on_success(&mut self) {
        self.streak += 1;
        if self.streak >= self.current {
            self.streak = 0;
            self.current = (self.current + 1).min(self.config.max);
        }
    }

    /// The server pushed back (429 or 503) on work started under `started_generation`.
    pub fn on_overload(
        &mut self,
        started_generation: u64,
        retry_after: Option<Duration>,
        now: Instant,
    ) {
        self.streak = 0;
        if let Some(wait) = retry_after {
            let until = now + wait.min(self.config.max_pause);
            self.paused_until = Some(self.paused_until.map_or(until, |u| u.max(until)));
        }
        if started_generation == self.generation {
            self.current = (self.current / 2).max(self.config.min);
            self.generation += 1;
        }
    }
}

#[derive(Debug)]
struct Shared {
    controller: AimdController,
    in_flight: u32,
}

/// Gate for bulk work: at most `current()` permits out at once, none during a pause.
#[derive(Debug)]
pub struct Limiter {
    shared: Mutex<Shared>,
    changed: Notify,
}

impl Limiter {
    pub fn new(config: LimiterConfig) -> Arc<Self> {
        Arc::new(Limiter {
            shared: Mutex::new(Shared {
                controller: AimdController::new(config),
                in_flight: 0,
            }),
            changed: Notify::new(),
        })
    }

    pub fn current(&self) -> u32 {
        self.lock().controller.current()
    }

    /// Wait for room under the limit (and for any server-requested pause to end).
    pub async fn acquire(self: &Arc<Self>) -> Permit {
        loop {
            // Register interest before looking, so a release between the look and the wait
            // still wakes us.
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let pause = {
                let mut shared = self.lock();
                match shared.controller.paused_until(Instant::now()) {
                    Some(until) => Some(until),
                    None if shared.in_flight < shared.controller.current() => {
                        shared.in_flight += 1;
                        let generation = shared.controller.generation();
                        return Permit {
                            limiter: Arc::clone(self),
                            generation,
                        };
                    }
                    None => None,
                }
            };
            match pause {
                Some(until) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(until) => {}
                        () = &mut notified => {}
                    }
                }
                None => notified.await,
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        // The controller holds plain numbers; a panic elsewhere cannot leave them torn.
        self.shared
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Room for one item in flight; dropping it frees the room.
#[derive(Debug)]
pub struct Permit {
    limiter: Arc<Limiter>,
    generation: u64,
}

impl Permit {
    pub fn success(&self) {
        self.limiter.lock().controller.on_success();
        self.limiter.changed.notify_waiters();
    }

    pub fn overload(&self, retry_after: Option<Duration>) {
        self.limiter
            .lock()
            .controller
            .on_overload(self.generation, retry_after, Instant::now());
        self.limiter.changed.notify_waiters();
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.limiter.lock().in_flight -= 1;
        self.limiter.changed.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn controller() -> AimdController {
        AimdController::new(LimiterConfig::default())
    }

    #[test]
    fn starts_at_four_and_grows_by_one_per_window_of_successes_up_to_the_max() {
        let mut c = controller();
        assert_eq!(c.current(), 4);
        for _ in 0..4 {
            c.on_success();
        }
        assert_eq!(c.current(), 5);
        for _ in 0..1000 {
            c.on_success();
        }
        assert_eq!(c.current(), 16);
    }

    #[test]
    fn overload_halves_once_per_generation_and_never_below_min() {
        let now = Instant::now();
        let mut c = controller();
        for _ in 0..1000 {
            c.on_success();
        }
        let g = c.generation();
        c.on_overload(g, None, now);
        assert_eq!(c.current(), 8);
        // Echoes from work started before the decrease do not halve again.
        c.on_overload(g, None, now);
        c.on_overload(g, None, now);
        assert_eq!(c.current(), 8);
        for _ in 0..10 {
            let g = c.generation();
            c.on_overload(g, None, now);
        }
        assert_eq!(c.current(), 1);
    }

    #[test]
    fn overload_resets_the_success_streak() {
        let now = Instant::now();
        let mut c = controller();
        for _ in 0..3 {
            c.on_success();
        }
        c.on_overload(c.generation(), None, now);
        assert_eq!(c.current(), 2);
        c.on_success();
        assert_eq!(
            c.current(),
            2,
            "one success after a decrease is not yet a window"
        );
        c.on_success();
        assert_eq!(c.current(), 3);
    }

    #[test]
    fn retry_after_pauses_new_starts_until_it_passes_capped_at_max_pause() {
        let now = Instant::now();
        let mut c = controller();
        assert_eq!(c.paused_until(now), None);
        c.on_overload(c.generation(), Some(Duration::from_secs(5)), now);
        assert_eq!(c.paused_until(now), Some(now + Duration::from_secs(5)));
        assert_eq!(c.paused_until(now + Duration::from_secs(5)), None);

        // A shorter later hint never shortens a pause already promised.
        c.on_overload(c.generation(), Some(Duration::from_secs(1)), now);
        assert_eq!(c.paused_until(now), Some(now + Duration::from_secs(5)));

        c.on_overload(c.generation(), Some(Duration::from_secs(3600)), now);
        assert_eq!(c.paused_until(now), Some(now + Duration::from_secs(60)));
    }

    #[test]
    fn config_is_sanitised() {
        let c = AimdController::new(LimiterConfig {
            initial: 50,
            min: 0,
            max: 8,
            ..Default::default()
        });
        assert_eq!(c.current(), 8);
        let c = AimdController::new(LimiterConfig {
            initial: 0,
            min: 0,
            max: 0,
            ..Default::default()
        });
        assert_eq!(c.current(), 1);
    }

    #[tokio::test]
    async fn permits_never_exceed_the_limit_and_free_on_drop() {
        let limiter = Limiter::new(LimiterConfig {
            initial: 2,
            ..Default::default()
        });
        let a = limiter.acquire().await;
        let _b = limiter.acquire().await;
        let mut third = Box::pin(limiter.acquire());
        assert!(futures_util::poll!(third.as_mut()).is_pending());
        drop(a);
        let _c = third.await;
        assert_eq!(limiter.lock().in_flight, 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_new_permits_until_it_ends() {
        let limiter = Limiter::new(LimiterConfig::default());
        let p = limiter.acquire().await;
        p.overload(Some(Duration::from_secs(10)));
        drop(p);
        let started = Instant::now();
        let _next = limiter.acquire().await;
        // Paused clock: virtual time advanced exactly to the end of the pause.
        assert_eq!(started.elapsed(), Duration::from_secs(10));
        assert_eq!(limiter.current(), 2);
    }
}
