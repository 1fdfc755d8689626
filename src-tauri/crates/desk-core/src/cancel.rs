//! Cooperative cancellation for long jobs (backups, deletes).
//!
//! The UI's "Stop" button sets the flag; the job checks it between files and between
//! chunks of a download and ends with `DeskError::Cancelled`, leaving nothing half-written.
//! Waiting on the network is cut short too ([`CancelToken::guard`]): a server that stalls
//! or drips must not keep "Stop" waiting for a timeout.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How often a guarded wait looks at the flag: well under what a person notices.
const POLL: Duration = Duration::from_millis(50);

use crate::error::{DeskError, DeskResult, Detail};

/// A shared "please stop" flag. Clones share the flag.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// The flag itself, for code that cannot depend on this crate (the API client's waits).
    pub fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.0)
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// `Err(DeskError::Cancelled)` once [`CancelToken::cancel`] was called.
    pub fn check(&self) -> DeskResult<()> {
        if self.is_cancelled() {
            Err(cancelled())
        } else {
            Ok(())
        }
    }

    /// Resolves once [`CancelToken::cancel`] was called (within [`POLL`]).
    pub async fn cancelled(&self) {
        while !self.is_cancelled() {
            tokio::time::sleep(POLL).await;
        }
    }

    /// `work`, or `Err(DeskError::Cancelled)` soon after a cancel, dropping `work` wherever
    /// it is waiting. Only for work that leaves nothing behind when dropped: reads, and
    /// writes into a backup writer (which removes its temporary file when dropped).
    pub async fn guard<T>(&self, work: impl Future<Output = DeskResult<T>>) -> DeskResult<T> {
        tokio::select! {
            result = work => result,
            () = self.cancelled() => Err(cancelled()),
        }
    }
}

/// The error every cancelled job ends with.
pub(crate) fn cancelled() -> DeskError {
    DeskError::Cancelled(Detail::StoppedNothingChanged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_flag() {
        let token = CancelToken::new();
        let seen_by_job = token.clone();
        assert!(seen_by_job.check().is_ok());
        token.cancel();
        assert!(seen_by_job.is_cancelled());
        assert!(matches!(seen_by_job.check(), Err(DeskError::Cancelled(_))));
    }
}
