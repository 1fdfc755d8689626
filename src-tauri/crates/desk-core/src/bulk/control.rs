//! How the person steers a running job: pause, resume, cancel.

use std::sync::Arc;

use tokio::sync::watch;

use crate::bulk::limiter::LimiterConfig;
use crate::cancel::CancelToken;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Wish {
    paused: bool,
    cancelled: bool,
}

/// Shared controls of one job. Clones control the same job: keep one in app state for the
/// buttons and hand one to the runner.
#[derive(Debug, Clone)]
pub struct JobControl {
    cancel: CancelToken,
    wish: Arc<watch::Sender<Wish>>,
    limits: LimiterConfig,
}

impl Default for JobControl {
    fn default() -> Self {
        Self::new()
    }
}

impl JobControl {
    pub fn new() -> Self {
        JobControl {
            cancel: CancelToken::new(),
            wish: Arc::new(watch::Sender::new(Wish::default())),
            limits: LimiterConfig::default(),
        }
    }

    /// The same controls with different concurrency limits (benchmarks, tests, settings).
    pub fn with_limits(mut self, limits: LimiterConfig) -> Self {
        self.limits = limits;
        self
    }

    pub fn limits(&self) -> LimiterConfig {
        self.limits
    }

    /// Start nothing new; items already in flight finish the step they are in (a backup
    /// being written is abandoned without leaving a file; a delete already sent is waited
    /// for and recorded).
    pub fn cancel(&self) {
        self.cancel.cancel();
        self.wish.send_modify(|w| w.cancelled = true);
    }

    /// Start no new item and no new delete until [`JobControl::resume`].
    pub fn pause(&self) {
        self.wish.send_modify(|w| w.paused = true);
    }

    pub fn resume(&self) {
        self.wish.send_modify(|w| w.paused = false);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    pub fn is_paused(&self) -> bool {
        self.wish.borrow().paused
    }

    pub(crate) fn cancel_token(&self) -> &CancelToken {
        &self.cancel
    }

    /// Wait while paused. Returns `false` when the job was cancelled instead.
    pub(crate) async fn proceed(&self) -> bool {
        let mut rx = self.wish.subscribe();
        let wish = *rx
            .wait_for(|w| !w.paused || w.cancelled)
            .await
            .expect("the sender lives in self");
        !wish.cancelled
    }

    /// Resolves once the job is cancelled (for racing against other waits).
    pub(crate) async fn cancelled(&self) {
        let mut rx = self.wish.subscribe();
        let _ = rx.wait_for(|w| w.cancelled).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn pause_holds_until_resume_and_cancel_releases_with_false() {
        let control = JobControl::new();
        assert!(control.proceed().await);

        control.pause();
        let waiter = control.clone();
        let mut held = Box::pin(async move { waiter.proceed().await });
        assert!(futures_util::poll!(held.as_mut()).is_pending());
        control.resume();
        assert!(held.await);

        control.pause();
        let waiter = control.clone();
        let held = tokio::spawn(async move { waiter.proceed().await });
        control.cancel();
        assert!(!held.await.unwrap());
        assert!(control.cancel_token().is_cancelled());
    }
}
