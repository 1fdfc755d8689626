//! The published Scriptix plans (api-facts §13) and their quotas, kept per token.
//!
//! Each plan allows so many requests a minute, an hour and a day, and so many in flight.
//! The docs do not say how a window is counted, so the fake plays either kind
//! ([`WindowKind`]):
//!
//! - **Fixed** (the default): a window starts with the first request after the previous one
//!   ended (so a job that starts now meets full windows, and a greedy schedule from its
//!   start is the floor); `Reset` is when the whole quota returns.
//! - **Sliding**: each accepted request counts for one window length after it was accepted;
//!   `Remaining` is the limit less the requests of the last window, and `Reset` is when the
//!   oldest of them stops counting — only one request's room returns then, not the quota.
//!
//! Either is reported in `X-RateLimit-Limit/Remaining/Reset` on every answer: the window
//! with the fewest requests left (the longer one on a tie, since its reset is the longer
//! wait). `Reset` is a Unix timestamp.
//!
//! `time_scale` N makes a simulated minute last 60/N seconds of wall time, so tests can
//! cross hourly and daily quotas in seconds. Windows, `Reset` and `Retry-After` all speak
//! wall time (fractional seconds when scaled), so a client needs to know nothing about the
//! scale: to it the fake is simply a server with very short windows.
//!
//! Requests refused with 429 do not count against a window (as on most real servers).

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::config::UnknownValue;

/// A published plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    Free,
    Bronze,
    Silver,
    Gold,
}

/// What a plan allows, per token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLimits {
    pub per_minute: u32,
    pub per_hour: u32,
    pub per_day: u32,
    /// Requests in flight at once (until the answer's body is sent).
    pub in_flight: u32,
}

impl Plan {
    /// The figures of api-facts §13.
    pub fn limits(self) -> PlanLimits {
        let (per_minute, per_hour, per_day, in_flight) = match self {
            Plan::Free => (10, 100, 1_000, 2),
            Plan::Bronze => (30, 500, 5_000, 5),
            Plan::Silver => (60, 2_000, 20_000, 10),
            Plan::Gold => (120, 5_000, 50_000, 20),
        };
        PlanLimits {
            per_minute,
            per_hour,
            per_day,
            in_flight,
        }
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Plan::Free => "free",
            Plan::Bronze => "bronze",
            Plan::Silver => "silver",
            Plan::Gold => "gold",
        })
    }
}

impl FromStr for Plan {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, UnknownValue> {
        match s.trim().to_ascii_lowercase().as_str() {
            "free" => Ok(Plan::Free),
            "bronze" => Ok(Plan::Bronze),
            "silver" => Ok(Plan::Silver),
            "gold" => Ok(Plan::Gold),
            _ => Err(UnknownValue {
                given: s.to_owned(),
                allowed: "free, bronze, silver, gold",
            }),
        }
    }
}

/// How a plan's windows count requests (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WindowKind {
    /// Counted from the first request of a window until it ends; the quota returns whole.
    #[default]
    Fixed,
    /// Each request counts for one window length after it was accepted.
    Sliding,
}

impl fmt::Display for WindowKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WindowKind::Fixed => "fixed",
            WindowKind::Sliding => "sliding",
        })
    }
}

impl FromStr for WindowKind {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, UnknownValue> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fixed" => Ok(WindowKind::Fixed),
            "sliding" => Ok(WindowKind::Sliding),
            _ => Err(UnknownValue {
                given: s.to_owned(),
                allowed: "fixed, sliding",
            }),
        }
    }
}

/// Seconds since the Unix epoch, with fractions, from the wall clock: the same clock a
/// client reads `Reset` against.
pub(crate) fn wall_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

#[derive(Debug, Clone)]
struct Window {
    kind: WindowKind,
    limit: u32,
    /// Wall seconds.
    length: f64,
    /// Fixed: wall time of the first request in it; `None` before that.
    started: Option<f64>,
    /// Fixed: requests counted in it.
    used: u32,
    /// Sliding: when each request still counted was accepted, oldest first. Never longer
    /// than `limit`, since a request over it is refused and not counted.
    accepted: VecDeque<f64>,
}

impl Window {
    fn new(kind: WindowKind, limit: u32, simulated_seconds: f64, scale: f64) -> Window {
        Window {
            kind,
            limit,
            length: simulated_seconds / scale,
            started: None,
            used: 0,
            accepted: VecDeque::new(),
        }
    }

    /// Forget what no longer counts at `now`: a fixed window that has ended, or the sliding
    /// window's requests older than its length.
    fn roll(&mut self, now: f64) {
        match self.kind {
            WindowKind::Fixed => {
                if self.started.is_some_and(|s| now >= s + self.length) {
                    self.started = None;
                    self.used = 0;
                }
            }
            WindowKind::Sliding => {
                while self
                    .accepted
                    .front()
                    .is_some_and(|&t| now >= t + self.length)
                {
                    self.accepted.pop_front();
                }
            }
        }
    }

    fn used(&self) -> u32 {
        match self.kind {
            WindowKind::Fixed => self.used,
            WindowKind::Sliding => u32::try_from(self.accepted.len()).unwrap_or(u32::MAX),
        }
    }

    fn remaining(&self) -> u32 {
        self.limit.saturating_sub(self.used())
    }

    /// When room returns: the fixed window's end, or when the oldest request still counted
    /// stops counting. (A window with nothing in it would end one length from now.)
    fn reset(&self, now: f64) -> f64 {
        let from = match self.kind {
            WindowKind::Fixed => self.started,
            WindowKind::Sliding => self.accepted.front().copied(),
        };
        from.unwrap_or(now) + self.length
    }

    /// Count one request accepted at `now`.
    fn count(&mut self, now: f64) {
        match self.kind {
            WindowKind::Fixed => {
                self.started.get_or_insert(now);
                self.used += 1;
            }
            WindowKind::Sliding => self.accepted.push_back(now),
        }
    }
}

#[derive(Debug)]
struct TokenQuota {
    windows: [Window; 3],
    in_flight: u32,
}

/// The three header values of an answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RateHeaders {
    pub(crate) limit: u32,
    pub(crate) remaining: u32,
    /// Unix timestamp (wall clock), possibly fractional.
    pub(crate) reset: f64,
}

/// Whether a request may go ahead.
#[derive(Debug)]
pub(crate) enum Admission {
    /// Counted; keep the guard until the answer's body is sent.
    Allowed(RateHeaders, InFlight),
    /// Answer 429 and ask the client to come back in this many wall seconds.
    Refused(RateHeaders, f64),
}

/// Every token's quotas under one plan.
#[derive(Debug)]
pub(crate) struct Quotas {
    limits: PlanLimits,
    kind: WindowKind,
    scale: f64,
    tokens: Mutex<HashMap<String, TokenQuota>>,
}

impl Quotas {
    /// `scale` below a tiny positive number is read as 1 (real time).
    pub(crate) fn new(plan: Plan, kind: WindowKind, scale: f64) -> Arc<Quotas> {
        let scale = if scale.is_finite() && scale > 1e-6 {
            scale
        } else {
            1.0
        };
        Arc::new(Quotas {
            limits: plan.limits(),
            kind,
            scale,
            tokens: Mutex::new(HashMap::new()),
        })
    }

    pub(crate) fn scale(&self) -> f64 {
        self.scale
    }

    fn fresh(&self) -> TokenQuota {
        let l = self.limits;
        TokenQuota {
            windows: [
                Window::new(self.kind, l.per_minute, 60.0, self.scale),
                Window::new(self.kind, l.per_hour, 3_600.0, self.scale),
                Window::new(self.kind, l.per_day, 86_400.0, self.scale),
            ],
            in_flight: 0,
        }
    }

    /// Admit (and count) one request of `token` at wall time `now`.
    pub(crate) fn admit(self: &Arc<Self>, token: &str, now: f64) -> Admission {
        let mut tokens = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        let quota = tokens
            .entry(token.to_owned())
            .or_insert_with(|| self.fresh());
        for w in &mut quota.windows {
            w.roll(now);
        }
        let exhausted_until = quota
            .windows
            .iter()
            .filter(|w| w.remaining() == 0)
            .map(|w| w.reset(now))
            .fold(None, |acc: Option<f64>, r| {
                Some(acc.map_or(r, |a| a.max(r)))
            });
        if let Some(until) = exhausted_until {
            return Admission::Refused(report(&quota.windows, now), (until - now).max(0.0));
        }
        if quota.in_flight >= self.limits.in_flight {
            // One simulated second: in-flight room frees up as answers finish.
            return Admission::Refused(report(&quota.windows, now), 1.0 / self.scale);
        }
        for w in &mut quota.windows {
            w.count(now);
        }
        quota.in_flight += 1;
        Admission::Allowed(
            report(&quota.windows, now),
            InFlight {
                quotas: Arc::clone(self),
                token: token.to_owned(),
            },
        )
    }
}

/// The window with the fewest requests left; on a tie the one that resets last.
fn report(windows: &[Window; 3], now: f64) -> RateHeaders {
    let w = windows
        .iter()
        .min_by(|a, b| {
            a.remaining()
                .cmp(&b.remaining())
                .then(b.reset(now).total_cmp(&a.reset(now)))
        })
        .expect("three windows");
    RateHeaders {
        limit: w.limit,
        remaining: w.remaining(),
        reset: w.reset(now),
    }
}

/// One request of a token in flight; dropping it frees the room.
#[derive(Debug)]
pub(crate) struct InFlight {
    quotas: Arc<Quotas>,
    token: String,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut tokens = self
            .quotas
            .tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(q) = tokens.get_mut(&self.token) {
            q.in_flight = q.in_flight.saturating_sub(1);
        }
    }
}

/// Seconds as a header writes them: whole seconds in real time, milliseconds (rounded up,
/// so a client never comes back too early) when time is scaled.
pub(crate) fn seconds_text(seconds: f64, scale: f64) -> String {
    if (scale - 1.0).abs() < f64::EPSILON {
        format!("{}", seconds.ceil() as i64)
    } else {
        format!("{:.3}", (seconds * 1000.0).ceil() / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_plans() {
        assert_eq!(
            Plan::Free.limits(),
            PlanLimits {
                per_minute: 10,
                per_hour: 100,
                per_day: 1_000,
                in_flight: 2
            }
        );
        assert_eq!(Plan::Gold.limits().per_hour, 5_000);
        assert_eq!("Bronze".parse::<Plan>(), Ok(Plan::Bronze));
        assert!("platinum".parse::<Plan>().is_err());
    }

    fn allowed(a: Admission) -> (RateHeaders, InFlight) {
        match a {
            Admission::Allowed(h, g) => (h, g),
            Admission::Refused(h, wait) => panic!("refused: {h:?}, wait {wait}"),
        }
    }

    #[test]
    fn a_minute_quota_refuses_until_its_window_ends_then_starts_afresh() {
        let q = Quotas::new(Plan::Free, WindowKind::Fixed, 1.0);
        let t0 = 1_000_000.0;
        for i in 0..10 {
            let (h, _guard) = allowed(q.admit("a", t0 + f64::from(i)));
            assert_eq!((h.limit, h.remaining), (10, 9 - i));
            assert_eq!(h.reset, t0 + 60.0);
        }
        match q.admit("a", t0 + 30.0) {
            Admission::Refused(h, wait) => {
                assert_eq!((h.limit, h.remaining, h.reset), (10, 0, t0 + 60.0));
                assert_eq!(wait, 30.0);
            }
            Admission::Allowed(..) => panic!("the eleventh request in a minute went through"),
        }
        // Another token has its own quota.
        allowed(q.admit("b", t0 + 30.0));
        // A new minute: the hour window (90 left) is still roomier than the minute.
        let (h, _g) = allowed(q.admit("a", t0 + 60.0));
        assert_eq!((h.limit, h.remaining), (10, 9));
    }

    #[test]
    fn the_hour_is_reported_once_it_is_the_tighter_one_and_time_scales() {
        // 60×: a minute is one wall second, an hour a wall minute.
        let q = Quotas::new(Plan::Free, WindowKind::Fixed, 60.0);
        let t0 = 5_000.0;
        let mut last = None;
        for minute in 0..10 {
            for i in 0..10 {
                let (h, _g) = allowed(q.admit("a", t0 + f64::from(minute) + f64::from(i) * 0.01));
                last = Some(h);
            }
        }
        let h = last.unwrap();
        assert_eq!((h.limit, h.remaining, h.reset), (100, 0, t0 + 60.0));
        match q.admit("a", t0 + 10.5) {
            Admission::Refused(_, wait) => assert!((wait - 49.5).abs() < 1e-9),
            Admission::Allowed(..) => panic!("over the hourly quota"),
        }
    }

    #[test]
    fn in_flight_beyond_the_plan_is_refused_for_one_simulated_second() {
        let q = Quotas::new(Plan::Free, WindowKind::Fixed, 10.0);
        let (_, a) = allowed(q.admit("a", 0.0));
        let (_, _b) = allowed(q.admit("a", 0.0));
        match q.admit("a", 0.0) {
            Admission::Refused(h, wait) => {
                assert_eq!(wait, 0.1);
                assert_eq!(h.remaining, 8, "a refused request is not counted");
            }
            Admission::Allowed(..) => panic!("a third in flight on the free plan"),
        }
        drop(a);
        allowed(q.admit("a", 0.0));
    }

    #[test]
    fn a_sliding_minute_counts_each_request_for_a_minute_after_it_was_accepted() {
        let q = Quotas::new(Plan::Free, WindowKind::Sliding, 1.0);
        let t0 = 1_000_000.0;
        // Ten requests a second apart: the reset is always when the first stops counting.
        for i in 0..10 {
            let (h, _g) = allowed(q.admit("a", t0 + f64::from(i)));
            assert_eq!((h.limit, h.remaining, h.reset), (10, 9 - i, t0 + 60.0));
        }
        // Over the limit until the oldest expires, and told to come back exactly then.
        match q.admit("a", t0 + 30.0) {
            Admission::Refused(h, wait) => {
                assert_eq!((h.remaining, h.reset), (0, t0 + 60.0));
                assert_eq!(wait, 30.0);
            }
            Admission::Allowed(..) => panic!("the eleventh request in a minute went through"),
        }
        // At the reset only the first request's room returns, not the whole quota (a fixed
        // window would have nine more to give here).
        let (h, _g) = allowed(q.admit("a", t0 + 60.0));
        assert_eq!((h.remaining, h.reset), (0, t0 + 61.0));
        match q.admit("a", t0 + 60.5) {
            Admission::Refused(h, wait) => {
                assert_eq!(h.reset, t0 + 61.0);
                assert!((wait - 0.5).abs() < 1e-9, "{wait}");
            }
            Admission::Allowed(..) => panic!("only one request had expired"),
        }
        // Once everything has aged out, the quota is whole again.
        let (h, _g) = allowed(q.admit("a", t0 + 200.0));
        assert_eq!((h.remaining, h.reset), (9, t0 + 260.0));
    }

    #[test]
    fn a_sliding_window_frees_as_many_as_have_expired_and_scales_with_time() {
        // 60×: a minute is one wall second.
        let q = Quotas::new(Plan::Free, WindowKind::Sliding, 60.0);
        let t0 = 5_000.0;
        // A sixteenth of a second apart: binary fractions, so the sums below are exact.
        for i in 0..10 {
            allowed(q.admit("a", t0 + f64::from(i) * 0.0625));
        }
        // Three have expired 1.15 s in (those at 0, 1/16 and 1/8): three go, a fourth not.
        let now = t0 + 1.15;
        for left in [2, 1, 0] {
            let (h, _g) = allowed(q.admit("a", now));
            assert_eq!(h.remaining, left);
            assert_eq!(h.reset, t0 + 1.1875, "the fourth oldest expires next");
        }
        assert!(matches!(q.admit("a", now), Admission::Refused(..)));
        // Refused requests are not counted: the fourth oldest frees its room on time.
        let (h, _g) = allowed(q.admit("a", t0 + 1.1875));
        assert_eq!((h.remaining, h.reset), (0, t0 + 1.25));
    }

    #[test]
    fn window_kinds_parse() {
        assert_eq!("Sliding".parse::<WindowKind>(), Ok(WindowKind::Sliding));
        assert_eq!(" fixed ".parse::<WindowKind>(), Ok(WindowKind::Fixed));
        assert_eq!(WindowKind::default(), WindowKind::Fixed);
        assert!("leaky".parse::<WindowKind>().is_err());
    }

    #[test]
    fn header_seconds() {
        assert_eq!(seconds_text(59.2, 1.0), "60");
        assert_eq!(seconds_text(0.012_345_1, 600.0), "0.013");
    }
}
