//! The pacer's decisions, free of clocks and locks: every method takes the time, so the
//! rules are tested without sleeping. [`super::Pacer`] is the async shell around it.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use super::{PaceWait, WaitReason};

/// In flight at the start: what the smallest published plan allows.
pub(crate) const START_IN_FLIGHT: u32 = 2;
/// In flight at most: what the largest published plan allows.
pub(crate) const MAX_IN_FLIGHT: u32 = 20;

/// What one answer's `X-RateLimit-*` headers said.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Report {
    pub(crate) limit: u32,
    pub(crate) remaining: u32,
    pub(crate) reset: SystemTime,
}

/// Why a request may not go now: which layer holds it, and until when.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Hold {
    /// A 429 (or the network) holds the whole origin.
    Blocked(PaceWait),
    /// The window reporting `limit` is spent until `until`.
    Spent { limit: u32, until: SystemTime },
    /// A sliding window gives its room back one request at a time: as each stops counting
    /// (told by the answers), or evenly `window / limit` apart when the headers cannot be
    /// trusted to tell.
    Spread { limit: u32, until: SystemTime },
    /// As many as allowed are in flight (one only, just after a window ended).
    InFlight { room: u32 },
}

impl Hold {
    /// The wait to announce, if this hold has an end the person can be told.
    pub(crate) fn wait(&self) -> Option<PaceWait> {
        match *self {
            Hold::Blocked(wait) => Some(wait),
            Hold::Spent { until, .. } | Hold::Spread { until, .. } => Some(PaceWait {
                until,
                reason: WaitReason::Quota,
            }),
            Hold::InFlight { .. } => None,
        }
    }
}

/// One window as last reported: the server reports one window per answer (e.g. the
/// minute's, or the hour's once that is the tighter), so the client keeps one bucket per
/// reported limit and spends from all of them.
#[derive(Debug, Clone)]
struct Bucket {
    /// What may still be sent before `reset`, as far as the client knows.
    left: i64,
    reset: SystemTime,
    /// The lowest `Remaining` the server reported for this window: within a window it
    /// only goes down, so an answer saying more is one that was overtaken. `u32::MAX` for
    /// a bucket the client made up itself (a sliding window's next step), which any
    /// answer corrects.
    reported: u32,
    /// Made up by the client at a sliding window's reset: the reset whose one request of
    /// room was given back. An answer naming it (or an earlier one) was written before.
    rolled: Option<SystemTime>,
}

/// What the client learned about the windows of one reported limit.
#[derive(Debug, Clone, Default)]
struct Window {
    /// The longest time-to-reset ever reported: a lower bound of the window's length.
    seconds: f64,
    /// Each request counts for the window's length after it was accepted, so `Reset` is
    /// only when the oldest stops counting and returns one request's room, not the quota.
    sliding: bool,
    /// A spent bucket's reset that has passed, and when the client noticed: the next answer
    /// (or a 429) says what that reset gave back.
    passed: Option<(SystemTime, SystemTime)>,
    /// Learned from a 429, not from the headers: they do not show when room returns, so
    /// requests are spread evenly at the rate the quota allows (`window / limit` apart)
    /// from then on, never sooner than `next`.
    spread_evenly: bool,
    next: Option<SystemTime>,
}

impl Window {
    /// How far apart requests go when spread evenly: the rate the quota allows.
    fn step(&self, limit: u32) -> Duration {
        Duration::from_secs_f64(self.seconds / f64::from(limit.max(1)))
    }
}

/// Everything the pacer of one origin knows (see the module docs of [`super`]).
#[derive(Debug)]
pub(crate) struct PaceState {
    pub(crate) in_flight: u32,
    pub(crate) allowed_in_flight: u32,
    /// The most in flight the server tolerated: one below the lowest level a 429 hit.
    tolerated: u32,
    streak: u32,
    /// By reported limit.
    buckets: BTreeMap<u32, Bucket>,
    windows: BTreeMap<u32, Window>,
    blocked: Option<PaceWait>,
    /// 429s in a row without any success, for the backoff when the server gives no time.
    refusals: u32,
    /// A fixed (or not yet known) window has just ended, so what is left is unknown (and the
    /// server may now report a tighter window, e.g. the hour's): one request at a time
    /// until an answer says.
    probing: bool,
}

impl PaceState {
    pub(crate) fn new() -> PaceState {
        PaceState {
            in_flight: 0,
            allowed_in_flight: START_IN_FLIGHT,
            tolerated: MAX_IN_FLIGHT,
            streak: 0,
            buckets: BTreeMap::new(),
            windows: BTreeMap::new(),
            blocked: None,
            refusals: 0,
            probing: false,
        }
    }

    /// Each reported limit with the longest time-to-reset seen for it, smallest first.
    pub(crate) fn observed(&self) -> impl Iterator<Item = (u32, f64)> + '_ {
        self.windows.iter().map(|(&l, w)| (l, w.seconds))
    }

    /// Whether the windows of `limit` were found to slide.
    #[cfg(test)]
    pub(crate) fn sliding(&self, limit: u32) -> bool {
        self.windows.get(&limit).is_some_and(|w| w.sliding)
    }

    /// Why a request may not go at `now`, if it may not; otherwise it is counted as sent.
    pub(crate) fn try_send(&mut self, now: SystemTime) -> Result<(), Hold> {
        if let Some(block) = self.blocked {
            if block.until > now {
                return Err(Hold::Blocked(block));
            }
            self.blocked = None;
        }
        self.roll(now);
        let spacing = self
            .windows
            .iter()
            .filter_map(|(&limit, w)| w.next.filter(|&n| n > now).map(|n| (limit, n)))
            .max_by_key(|&(_, n)| n);
        if let Some((limit, until)) = spacing {
            return Err(Hold::Spread { limit, until });
        }
        let spent = self
            .buckets
            .iter()
            .filter(|(_, b)| b.left <= 0)
            .max_by_key(|(_, b)| b.reset);
        if let Some((&limit, b)) = spent {
            let until = b.reset;
            return Err(if b.rolled.is_some() {
                Hold::Spread { limit, until }
            } else {
                Hold::Spent { limit, until }
            });
        }
        let room = if self.probing {
            1
        } else {
            self.allowed_in_flight
        };
        if self.in_flight >= room {
            return Err(Hold::InFlight { room });
        }
        self.in_flight += 1;
        for bucket in self.buckets.values_mut() {
            bucket.left -= 1;
        }
        for (&limit, w) in &mut self.windows {
            if w.spread_evenly {
                w.next = Some(w.next.map_or(now, |n| n.max(now)) + w.step(limit));
            }
        }
        Ok(())
    }

    /// Windows whose reset has passed. A fixed one (or one not known yet) starts afresh,
    /// its budget unknown until an answer says; a sliding one gives back one request (the
    /// oldest stopped counting), not a burst, which a sliding window would refuse.
    fn roll(&mut self, now: SystemTime) {
        let mut ended = Vec::new();
        for (&limit, bucket) in &mut self.buckets {
            if bucket.reset > now {
                continue;
            }
            let window = self.windows.entry(limit).or_default();
            if window.sliding {
                // The oldest request stopped counting: exactly one request's room is back.
                // When the next one stops counting is unknown until an answer says, but a
                // whole window after this reset everything counted before it has expired.
                let window_len = Duration::from_secs_f64(window.seconds.max(0.001));
                let late = now.duration_since(bucket.reset).unwrap_or_default();
                bucket.left = if late >= window_len {
                    i64::from(limit)
                } else {
                    (bucket.left.max(0) + 1).min(i64::from(limit))
                };
                bucket.rolled = Some(bucket.reset);
                bucket.reset = now.max(bucket.reset) + window_len;
                bucket.reported = u32::MAX;
            } else {
                if bucket.left <= 0 {
                    window.passed = Some((bucket.reset, now));
                }
                ended.push(limit);
            }
        }
        for limit in &ended {
            self.buckets.remove(limit);
        }
        self.probing |= !ended.is_empty();
    }

    /// An answer (not a 429) came; `report` is what its headers said, if they made sense.
    pub(crate) fn answered(&mut self, report: Option<Report>, success: bool, now: SystemTime) {
        if let Some(report) = report {
            self.note(report, now);
        }
        if success {
            self.refusals = 0;
        }
        // Grow only while the limit is what holds requests back (as TCP grows its window
        // only when it is full): otherwise the quota was pacing, and a limit that grew
        // unused would let a burst through after the next reset.
        if success && self.in_flight >= self.allowed_in_flight {
            self.streak += 1;
            if self.streak >= self.allowed_in_flight {
                self.streak = 0;
                self.allowed_in_flight = (self.allowed_in_flight + 1).min(self.tolerated);
            }
        }
    }

    /// A request's answer has been read (or it failed): its place in flight is free.
    pub(crate) fn finished(&mut self) {
        self.in_flight = self.in_flight.saturating_sub(1);
    }

    /// A 429, with the wait the server asked for if any. Returns how long requests are
    /// now held (every request to the origin, until then).
    pub(crate) fn refused(
        &mut self,
        retry_after: Option<Duration>,
        report: Option<Report>,
        now: SystemTime,
    ) -> Duration {
        let quota_left = report.map(|r| r.remaining);
        if let Some(report) = report {
            // A 429 soon after a spent window's reset: the reset did not give the quota
            // back, only some room — the window slides. Learned even when the headers
            // did not show it (a server may count one way and report another).
            if let Some(window) = self.windows.get_mut(&report.limit) {
                if window.passed.is_some_and(|(_, noticed)| {
                    within(now, noticed, window.seconds / 2.0) && report.remaining == 0
                }) {
                    learn_sliding(report.limit, window);
                    window.spread_evenly = true;
                }
            }
            self.note(report, now);
        }
        // Room left in the quota: the 429 was about too many at once.
        // Halve (as TCP does), and never grow back to the level that was refused.
        if quota_left.is_some_and(|left| left > 0) {
            self.tolerated = self.in_flight.saturating_sub(1).clamp(1, MAX_IN_FLIGHT);
            self.allowed_in_flight = (self.allowed_in_flight / 2).min(self.tolerated).max(1);
            self.streak = 0;
        }
        self.refusals += 1;
        let until_reset = self
            .buckets
            .values()
            .filter(|b| b.left <= 0)
            .filter_map(|b| b.reset.duration_since(now).ok())
            .max();
        let wait = retry_after
            .or(until_reset)
            .unwrap_or_else(|| backoff(self.refusals));
        self.block(PaceWait {
            until: now + wait,
            reason: WaitReason::Quota,
        });
        wait
    }

    /// Hold every request until `wait.until` (a longer hold already in place stays).
    pub(crate) fn block(&mut self, wait: PaceWait) {
        if self.blocked.is_none_or(|b| b.until < wait.until) {
            self.blocked = Some(wait);
        }
    }

    /// What an answer's headers said.
    fn note(&mut self, report: Report, now: SystemTime) {
        let Report {
            limit,
            remaining,
            reset,
        } = report;
        let window = self.windows.entry(limit).or_default();
        // The first answer after a spent window's reset tells what the reset gave back. A
        // fixed window's next reset is a whole window later; a sliding window's is only when
        // the next oldest request stops counting, and it gave back little room.
        // An answer with the old reset (or an earlier one) was written before it passed and
        // tells nothing about it.
        if let Some((old_reset, _)) = window.passed.filter(|&(old, _)| reset > old) {
            window.passed = None;
            let moved = reset.duration_since(old_reset).unwrap_or_default();
            if moved.as_secs_f64() < window.seconds / 2.0 && remaining < limit / 2 {
                learn_sliding(limit, window);
            }
        }
        window.seconds = window
            .seconds
            .max(reset.duration_since(now).unwrap_or_default().as_secs_f64());
        // Requests still in flight may not have been counted when this answer was written.
        let others = i64::from(self.in_flight.saturating_sub(1));
        self.probing = false;
        // Answers can arrive out of order. One about the same window (same reset, or an
        // earlier one) saying more is left than an answer already read was written before
        // requests that one counted, and those may no longer be in flight to subtract:
        // believing it would send one request too many at the window's end. It is old news.
        // Under a sliding window an answer naming the reset the client already gave room
        // back for (see `roll`), or an earlier one, was written before it: old news too.
        let overtaken = self.buckets.get(&limit).is_some_and(|known| {
            (reset <= known.reset && remaining > known.reported)
                || known.rolled.is_some_and(|rolled| reset <= rolled)
        });
        // The server reports the window with the fewest requests left, so a window the
        // client made up a budget for at its reset has at least this one's left: forget it
        // rather than wait for news about it that may not come while another is reported.
        self.buckets
            .retain(|&l, b| l == limit || b.rolled.is_none());
        if !overtaken {
            self.buckets.insert(
                limit,
                Bucket {
                    left: i64::from(remaining) - others,
                    reset,
                    reported: remaining,
                    rolled: None,
                },
            );
        }
    }
}

fn learn_sliding(limit: u32, window: &mut Window) {
    if !window.sliding {
        tracing::debug!(
            limit,
            window_s = window.seconds,
            "rate window slides: its reset returns one request's room, not the quota"
        );
    }
    window.sliding = true;
}

/// Whether `now` is at most `seconds` after `then`.
fn within(now: SystemTime, then: SystemTime, seconds: f64) -> bool {
    match now.duration_since(then) {
        Ok(d) => d.as_secs_f64() <= seconds,
        Err(_) => true,
    }
}

/// Without a word from the server: 1, 2, 4 … 60 s.
pub(crate) fn backoff(refusals: u32) -> Duration {
    Duration::from_secs(1u64 << refusals.saturating_sub(1).min(6)).min(Duration::from_secs(60))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    const T0: Duration = Duration::from_secs(1_800_000_000);

    fn at(ms: u64) -> SystemTime {
        UNIX_EPOCH + T0 + Duration::from_millis(ms)
    }

    fn report(limit: u32, remaining: u32, reset_ms: u64) -> Option<Report> {
        Some(Report {
            limit,
            remaining,
            reset: at(reset_ms),
        })
    }

    /// Sends one request at `now` and has it answered with `answer` right away.
    fn exchange(s: &mut PaceState, now: SystemTime, answer: Option<Report>) {
        s.try_send(now).expect("may send");
        s.answered(answer, true, now);
        s.finished();
    }

    #[test]
    fn a_fixed_window_is_spent_then_one_request_goes_alone_then_the_quota_is_whole_again() {
        let mut s = PaceState::new();
        // A minute of 10 (a wall second here): 10 go, the 11th waits for the reset.
        for i in 0..10 {
            exchange(&mut s, at(i * 10), report(10, 9 - i as u32, 1_000));
        }
        assert_eq!(
            s.try_send(at(500)),
            Err(Hold::Spent {
                limit: 10,
                until: at(1_000)
            })
        );
        // The window has ended: one request alone, since what is left is unknown.
        s.try_send(at(1_000)).unwrap();
        assert_eq!(s.try_send(at(1_000)), Err(Hold::InFlight { room: 1 }));
        // Its answer: a whole new window. Not sliding, and requests flow again.
        s.answered(report(10, 9, 2_000), true, at(1_010));
        s.finished();
        assert!(!s.sliding(10));
        for _ in 0..9 {
            s.try_send(at(1_020)).unwrap();
            s.finished();
        }
        assert!(matches!(s.try_send(at(1_020)), Err(Hold::Spent { .. })));
    }

    #[test]
    fn a_reset_that_gives_back_one_request_shows_the_window_slides_and_then_it_is_spread() {
        let mut s = PaceState::new();
        // Ten sent 10 ms apart, each counted for 1 s after it was accepted.
        for i in 0..10 {
            exchange(&mut s, at(i * 10), report(10, 9 - i as u32, 1_000));
        }
        // At the reset only the first one stopped counting: nothing left, next reset 10 ms on.
        exchange(&mut s, at(1_000), report(10, 0, 1_010));
        assert!(s.sliding(10), "learned from the answer, without a 429");
        assert_eq!(
            s.try_send(at(1_005)),
            Err(Hold::Spent {
                limit: 10,
                until: at(1_010)
            })
        );
        // The next reset gives back one request, not the whole quota: no burst. The next
        // waits for an answer to say more (a whole window at most).
        s.try_send(at(1_010)).unwrap();
        assert_eq!(
            s.try_send(at(1_010)),
            Err(Hold::Spread {
                limit: 10,
                until: at(2_010)
            })
        );
        // A late answer still naming the reset that has passed was written before it: the
        // room that reset returned was given already, and is not given twice.
        s.answered(report(10, 0, 1_010), true, at(1_011));
        assert!(matches!(s.try_send(at(1_012)), Err(Hold::Spread { .. })));
        // An answer written after that reset is news even when the reset it names has
        // passed by the time it is read (the next oldest stopped counting meanwhile).
        s.answered(report(10, 0, 1_011), true, at(1_012));
        s.finished();
        s.try_send(at(1_012)).unwrap();
        // The answer says two more stopped counting meanwhile: believed at once.
        s.answered(report(10, 2, 1_040), true, at(1_020));
        s.finished();
        s.try_send(at(1_021)).unwrap();
        s.finished();
        s.try_send(at(1_021)).unwrap();
        s.finished();
        assert_eq!(
            s.try_send(at(1_021)),
            Err(Hold::Spent {
                limit: 10,
                until: at(1_040)
            })
        );
    }

    #[test]
    fn a_sliding_window_given_back_at_its_reset_is_forgotten_once_another_is_reported() {
        let mut s = PaceState::new();
        for i in 0..10 {
            exchange(&mut s, at(i * 10), report(10, 9 - i as u32, 1_000));
        }
        exchange(&mut s, at(1_000), report(10, 0, 1_010));
        s.try_send(at(1_010)).unwrap();
        // The answer reports another window (the server names the one with the fewest
        // left): the window of 10 has at least its 5, so it no longer holds requests back.
        s.answered(report(100, 5, 60_000), true, at(1_020));
        s.finished();
        for _ in 0..5 {
            s.try_send(at(1_021)).unwrap();
            s.finished();
        }
        assert!(matches!(
            s.try_send(at(1_021)),
            Err(Hold::Spent { limit: 100, .. })
        ));
    }

    #[test]
    fn an_answer_written_before_the_reset_teaches_nothing() {
        let mut s = PaceState::new();
        for i in 0..10 {
            exchange(&mut s, at(i * 10), report(10, 9 - i as u32, 1_000));
        }
        assert!(s.try_send(at(1_000)).is_ok());
        // A late answer still about the ended window (same reset), then the real news.
        s.answered(report(10, 0, 1_000), true, at(1_001));
        s.answered(report(10, 9, 2_000), true, at(1_002));
        assert!(!s.sliding(10));
    }

    #[test]
    fn a_429_soon_after_a_reset_shows_the_window_slides() {
        let mut s = PaceState::new();
        for i in 0..10 {
            exchange(&mut s, at(i * 10), report(10, 9 - i as u32, 1_000));
        }
        // The request sent at the reset is refused, with the reset it was told again
        // (a server whose headers do not show the sliding): the window slides.
        s.try_send(at(1_000)).unwrap();
        let wait = s.refused(
            Some(Duration::from_millis(10)),
            report(10, 0, 1_000),
            at(1_001),
        );
        s.finished();
        assert_eq!(wait, Duration::from_millis(10));
        assert!(s.sliding(10));
        assert_eq!(
            s.allowed_in_flight, START_IN_FLIGHT,
            "not a 429 for concurrency"
        );
        assert!(matches!(s.try_send(at(1_005)), Err(Hold::Blocked(_))));
        // The headers did not show when room returns, so from now on requests are spread
        // evenly, a tenth of the window apart, whatever the answers say.
        s.try_send(at(1_011)).unwrap();
        s.answered(report(10, 5, 1_500), true, at(1_012));
        s.finished();
        assert_eq!(
            s.try_send(at(1_012)),
            Err(Hold::Spread {
                limit: 10,
                until: at(1_111)
            })
        );
        s.try_send(at(1_111)).unwrap();
    }

    #[test]
    fn a_429_on_a_fixed_window_long_after_its_reset_teaches_nothing() {
        let mut s = PaceState::new();
        for i in 0..10 {
            exchange(&mut s, at(i * 10), report(10, 9 - i as u32, 1_000));
        }
        s.try_send(at(1_000)).unwrap();
        s.answered(report(10, 9, 2_000), true, at(1_001));
        s.finished();
        s.try_send(at(1_900)).unwrap();
        s.refused(None, report(10, 0, 2_000), at(1_900));
        assert!(!s.sliding(10));
    }

    #[test]
    fn a_sliding_window_left_alone_fills_up_to_its_quota_and_no_further() {
        let mut s = PaceState::new();
        for i in 0..10 {
            exchange(&mut s, at(i * 10), report(10, 9 - i as u32, 1_000));
        }
        exchange(&mut s, at(1_000), report(10, 0, 1_010));
        // An hour later (a computer that slept): the whole quota, once, and no more.
        for _ in 0..10 {
            s.try_send(at(3_600_000)).unwrap();
            s.finished();
        }
        assert!(matches!(
            s.try_send(at(3_600_000)),
            Err(Hold::Spread { limit: 10, .. })
        ));
    }

    #[test]
    fn backoff_without_a_hint_doubles_to_a_minute() {
        assert_eq!(backoff(1), Duration::from_secs(1));
        assert_eq!(backoff(3), Duration::from_secs(4));
        assert_eq!(backoff(40), Duration::from_secs(60));
    }
}
