//! Telling the person while a single action (one backup, one delete, mark as finished)
//! waits for Scriptix: "Scriptix asks us to wait — continuing in 0:45", with a Stop.
//!
//! The client paces every request to a server through one pacer per server, shared by all
//! clients of that server in the process (see `scriptix_api`'s pacing). While a single
//! action runs, any hold on its server is its hold too: its next request waits for it. So
//! an action follows its client's [`ScriptixClient::waits`] for as long as it runs and
//! reports each change as a [`JobWait`] (the same codes and numbers a bulk job's progress
//! carries, so the UI words both alike), or `None` once requests flow again.
//!
//! Stop is not decided here: the action's client is made with its cancel flag
//! (`ScriptixClient::with_stop`), which ends any wait within half a second with
//! `Cancelled`; [`crate::deletion::back_up_then_delete`] sends no delete after that.

use std::time::SystemTime;

use scriptix_api::{PaceWait, ScriptixClient};

use crate::bulk::JobWait;

/// Follows a client's waits until dropped (see [`report_waits`]).
#[derive(Debug)]
pub struct WaitReporter {
    task: tokio::task::JoinHandle<()>,
}

impl Drop for WaitReporter {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Calls `tell` with each wait `client`'s requests are in, as it starts (also one already
/// under way now), and with `None` when they flow again. Consecutive repeats are left out.
/// Must be called inside a Tokio runtime; stops when the returned reporter is dropped.
pub fn report_waits(
    client: &ScriptixClient,
    tell: impl Fn(Option<JobWait>) + Send + Sync + 'static,
) -> WaitReporter {
    let mut waits = client.waits();
    let task = tokio::spawn(async move {
        let mut told: Option<JobWait> = None;
        let mut say = |wait: Option<PaceWait>| {
            let now = current(wait, SystemTime::now());
            if now != told {
                told = now;
                tell(now);
            }
        };
        let first = *waits.borrow_and_update();
        say(first);
        while waits.changed().await.is_ok() {
            let wait = *waits.borrow_and_update();
            say(wait);
        }
    });
    WaitReporter { task }
}

/// The wait to show at `now`: one that is over already is no wait (the pacer clears it only
/// when the next request goes).
fn current(wait: Option<PaceWait>, now: SystemTime) -> Option<JobWait> {
    wait.filter(|w| w.until > now).map(JobWait::from_pace)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use scriptix_api::WaitReason;

    use super::*;
    use crate::bulk::WaitKind;

    #[test]
    fn a_wait_that_is_over_is_not_shown() {
        let now = SystemTime::now();
        let wait = |secs: i64, reason| PaceWait {
            until: if secs >= 0 {
                now + Duration::from_secs(secs.unsigned_abs())
            } else {
                now - Duration::from_secs(secs.unsigned_abs())
            },
            reason,
        };
        assert_eq!(current(None, now), None);
        assert_eq!(current(Some(wait(-1, WaitReason::Quota)), now), None);
        let shown = current(Some(wait(45, WaitReason::Network)), now).unwrap();
        assert_eq!(shown.kind, WaitKind::Network);
        let epoch_ms = now
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs_f64()
            * 1000.0;
        assert!(
            (shown.until_ms - epoch_ms - 45_000.0).abs() < 1.0,
            "{shown:?}"
        );
    }
}
