//! A bound on the whole of one request, not only on each silence.
//!
//! The idle `read_timeout` ends a request when nothing arrives for a while, but a server
//! that sends one byte every 20 seconds never goes silent that long and would hold the
//! request (and its slot among the requests in flight) for ever. So every request also has
//! a total deadline: `request_deadline` to start answering and send a first stretch, plus
//! one second for every `min_body_rate` bytes received.
//!
//! Why the deadline grows with the bytes received, not with a size announced up front: a
//! 2 GiB recording over a slow but working line must never be cut off, and a size a
//! server announces is only a claim. Earning time by receiving bytes lets any download
//! that keeps up an average of `min_body_rate` run as long as it needs, while a drip runs
//! out of time after `request_deadline` (a byte every 20 s earns next to nothing).

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::ApiError;

/// Far enough to mean "no deadline" without overflowing an `Instant`.
const FOREVER: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    start: Instant,
    base: Duration,
    /// Bytes per second that earn one more second; 0 earns nothing.
    min_rate: u64,
}

impl Deadline {
    /// The clock of a request starting now.
    pub(crate) fn start(base: Duration, min_rate: u64) -> Deadline {
        Deadline {
            start: Instant::now(),
            base,
            min_rate,
        }
    }

    /// When the request must be done, or have received more, given `received` bytes so far.
    pub(crate) fn at(&self, received: u64) -> Instant {
        let earned = match self.min_rate {
            0 => Duration::ZERO,
            rate => Duration::from_secs(received / rate).saturating_add(Duration::from_nanos(
                (received % rate) * 1_000_000_000 / rate,
            )),
        };
        let allowed = self.base.saturating_add(earned).min(FOREVER);
        self.start + allowed
    }

    /// `work`, or a network error if it is not done by [`Deadline::at`]`(received)`.
    pub(crate) async fn within<T>(
        &self,
        received: u64,
        work: impl Future<Output = Result<T, ApiError>>,
    ) -> Result<T, ApiError> {
        match tokio::time::timeout_at(self.at(received), work).await {
            Ok(result) => result,
            Err(_) => Err(ApiError::Network {
                message: "the server took too long to send its answer".into(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn time_is_earned_by_bytes_received() {
        let d = Deadline::start(Duration::from_secs(60), 16 * 1024);
        let allowed = |received| d.at(received) - d.start;
        assert_eq!(allowed(0), Duration::from_secs(60));
        // A 1 GiB recording at the minimum rate: 65,536 s more.
        assert_eq!(
            allowed(1024 * 1024 * 1024),
            Duration::from_secs(60 + 65_536)
        );
        // A byte every 20 s for an hour earns 0.01 s.
        assert!(allowed(180) < Duration::from_secs(61));
        // No rate: a fixed deadline; absurd sizes and deadlines do not overflow.
        let fixed = Deadline::start(Duration::from_secs(5), 0);
        assert_eq!(fixed.at(u64::MAX) - fixed.start, Duration::from_secs(5));
        let huge = Deadline::start(Duration::MAX, 1);
        assert!(huge.at(u64::MAX) > huge.start);
    }

    #[tokio::test]
    async fn work_past_the_deadline_is_a_network_error() {
        let d = Deadline::start(Duration::from_millis(50), 0);
        let slow = d.within(0, async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            Ok(())
        });
        assert!(matches!(slow.await, Err(ApiError::Network { .. })));
        let d = Deadline::start(Duration::from_secs(5), 0);
        assert_eq!(d.within(0, async { Ok(7) }).await.unwrap(), 7);
    }
}
