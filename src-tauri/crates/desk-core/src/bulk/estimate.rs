//! How many requests a job needs and how long the server's rate limits make it take, so the
//! confirmation can say "about 1,640 requests; at your plan's 500 an hour this takes about
//! 3 h 20 min" before anyone starts a job of hours. Numbers only: the UI words them.
//!
//! Time is the quota floor: every window (a minute's 30, an hour's 500, a day's 5,000)
//! starts with the job and is used up at once, then the job waits for the window that ends
//! soonest among the used-up ones. No real job is faster; a paced one comes close (see the
//! `plans` part of `benches/bulk.rs`).

use std::time::Instant;

use scriptix_api::{ObservedLimit, ScriptixClient};
use serde::Serialize;

use crate::bulk::plan::{reading_is_fresh, BulkMode};
use crate::library::Library;

/// A rate limit: `limit` requests per `seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RateWindow {
    pub limit: u32,
    pub seconds: f64,
}

impl From<ObservedLimit> for RateWindow {
    fn from(o: ObservedLimit) -> Self {
        RateWindow {
            limit: o.limit,
            seconds: o.window_seconds,
        }
    }
}

/// What a job will cost.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobEstimate {
    pub requests: u32,
    /// Seconds the rate limits alone make it last; `None` when the server has not told any
    /// limit yet (it may have none).
    pub seconds: Option<f64>,
    /// The limit that decides the time, as the server states it ("500 an hour").
    pub binding: Option<RateWindow>,
    /// The same limit as requests an hour.
    pub per_hour: Option<f64>,
}

/// Requests a bulk job sends: per document its content and its comments; per session the
/// recording (export and download) when media is included, the delete in delete mode, and
/// a fresh read for each session the library read too long ago.
pub fn requests_for(
    mode: BulkMode,
    sessions: u32,
    documents: u32,
    stale_sessions: u32,
    include_media: bool,
) -> u32 {
    let per_session = u32::from(include_media) * 2 + u32::from(mode == BulkMode::BackUpThenDelete);
    documents
        .saturating_mul(2)
        .saturating_add(sessions.saturating_mul(per_session))
        .saturating_add(stale_sessions)
}

/// The estimate for a bulk job over `session_ids` of an account, as the confirmation shows
/// it: documents as the library last read them (a session it has not read counts one
/// document and one read), limits as this account's server has reported them so far.
pub fn estimate_selection(
    library: &Library,
    client: &ScriptixClient,
    account_id: &str,
    session_ids: &[String],
    mode: BulkMode,
    include_media: bool,
) -> JobEstimate {
    let now = Instant::now();
    let (mut documents, mut stale) = (0u32, 0u32);
    for id in session_ids {
        match library.listing(account_id, id) {
            Some((session, read_at)) => {
                let docs = session.documents.as_ref().map_or(1, Vec::len);
                documents = documents.saturating_add(u32::try_from(docs).unwrap_or(u32::MAX));
                if !reading_is_fresh(read_at, now) || session.documents.is_none() {
                    stale += 1;
                }
            }
            None => {
                documents = documents.saturating_add(1);
                stale += 1;
            }
        }
    }
    let sessions = u32::try_from(session_ids.len()).unwrap_or(u32::MAX);
    let windows: Vec<RateWindow> = client
        .observed_limits()
        .into_iter()
        .map(RateWindow::from)
        .collect();
    estimate(
        requests_for(mode, sessions, documents, stale, include_media),
        &windows,
    )
}

/// The estimate for `requests` under `windows` (any order; zero limits or lengths ignored).
pub fn estimate(requests: u32, windows: &[RateWindow]) -> JobEstimate {
    let windows: Vec<RateWindow> = windows
        .iter()
        .copied()
        .filter(|w| w.limit > 0 && w.seconds.is_finite() && w.seconds > 0.0)
        .collect();
    if windows.is_empty() {
        return JobEstimate {
            requests,
            seconds: None,
            binding: None,
            per_hour: None,
        };
    }
    let (seconds, binding) = floor(requests, &windows);
    JobEstimate {
        requests,
        seconds: Some(seconds),
        binding: Some(binding),
        per_hour: Some(f64::from(binding.limit) * 3600.0 / binding.seconds),
    }
}

/// The greedy schedule: send all that every window allows, then jump to the first moment
/// one of the used-up windows ends. Returns when the last request goes and the window that
/// made the job wait longest.
fn floor(requests: u32, windows: &[RateWindow]) -> (f64, RateWindow) {
    let mut now = 0.0_f64;
    // Per window: when it started, how much of it is used.
    let mut state: Vec<(f64, u32)> = vec![(0.0, 0); windows.len()];
    let mut waited = vec![0.0_f64; windows.len()];
    let mut left = requests;
    while left > 0 {
        for (w, (start, used)) in windows.iter().zip(state.iter_mut()) {
            if now >= *start + w.seconds {
                *start = now;
                *used = 0;
            }
        }
        let room = windows
            .iter()
            .zip(&state)
            .map(|(w, (_, used))| w.limit - used)
            .min()
            .unwrap_or(0);
        let send = room.min(left);
        left -= send;
        for (_, used) in &mut state {
            *used += send;
        }
        if left == 0 {
            break;
        }
        // Wait for the latest end among the used-up windows: all of them must have room.
        let (i, until) = windows
            .iter()
            .zip(&state)
            .enumerate()
            .filter(|(_, (w, (_, used)))| *used >= w.limit)
            .map(|(i, (w, (start, _)))| (i, start + w.seconds))
            .fold((0, now), |best, x| if x.1 > best.1 { x } else { best });
        waited[i] += until - now;
        now = until;
    }
    let binding = waited
        .iter()
        .enumerate()
        .fold(
            (0, -1.0),
            |best, (i, &w)| if w > best.1 { (i, w) } else { best },
        )
        .0;
    // A job that never waits fits in the shortest window: that is the limit it meets.
    let binding = if waited.iter().all(|&w| w == 0.0) {
        windows
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.seconds.total_cmp(&b.1.seconds))
            .map_or(0, |(i, _)| i)
    } else {
        binding
    };
    (now, windows[binding])
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: f64 = 60.0;
    const HOUR: f64 = 3600.0;
    const DAY: f64 = 86_400.0;

    fn plan(m: u32, h: u32, d: u32) -> Vec<RateWindow> {
        vec![
            RateWindow {
                limit: m,
                seconds: MINUTE,
            },
            RateWindow {
                limit: h,
                seconds: HOUR,
            },
            RateWindow {
                limit: d,
                seconds: DAY,
            },
        ]
    }

    #[test]
    fn bronze_is_bound_by_its_hour() {
        // 1,640 requests at 500 an hour: three full hours, then 140 more at 30 a minute
        // (4 more minutes: they start at 0, 1, 2, 3 and 4 minutes into the fourth hour).
        let e = estimate(1_640, &plan(30, 500, 5_000));
        assert_eq!(e.requests, 1_640);
        assert_eq!(e.seconds, Some(3.0 * HOUR + 4.0 * MINUTE));
        assert_eq!(
            e.binding,
            Some(RateWindow {
                limit: 500,
                seconds: HOUR
            })
        );
        assert_eq!(e.per_hour, Some(500.0));
    }

    #[test]
    fn a_short_job_is_bound_by_the_minute_and_the_free_plan_by_its_day() {
        let e = estimate(100, &plan(120, 5_000, 50_000));
        assert_eq!(e.seconds, Some(0.0), "all of it fits in the first minute");
        assert_eq!(e.binding.unwrap().seconds, MINUTE, "the limit it meets");
        let e = estimate(300, &plan(120, 5_000, 50_000));
        assert_eq!(e.seconds, Some(2.0 * MINUTE));
        assert_eq!(e.binding.unwrap().limit, 120);

        // Free: 1,000 a day; 2,100 requests need two more days, and 100 on the third.
        let e = estimate(2_100, &plan(10, 100, 1_000));
        assert_eq!(e.binding.unwrap().limit, 1_000);
        let s = e.seconds.unwrap();
        assert!(s > 2.0 * DAY && s < 2.0 * DAY + HOUR, "{s}");
    }

    #[test]
    fn no_known_limit_no_time() {
        let e = estimate(42, &[]);
        assert_eq!((e.requests, e.seconds, e.binding), (42, None, None));
        let zero = RateWindow {
            limit: 0,
            seconds: 60.0,
        };
        assert_eq!(estimate(42, &[zero]).seconds, None);
    }

    #[test]
    fn requests_per_job() {
        assert_eq!(requests_for(BulkMode::BackUpOnly, 10, 25, 0, false), 50);
        assert_eq!(
            requests_for(BulkMode::BackUpThenDelete, 10, 25, 0, false),
            60
        );
        assert_eq!(
            requests_for(BulkMode::BackUpThenDelete, 10, 25, 4, true),
            84
        );
    }
}
