//! When to try again, and how long to wait first.

use std::time::{Duration, SystemTime};

use rand::Rng;

use crate::{ApiError, RetryPolicy};

/// Transient failures only: rate limiting, a gateway or overloaded server, the network.
/// Everything else would fail the same way again.
pub(crate) fn is_retryable(err: &ApiError) -> bool {
    match err {
        ApiError::RateLimited { .. } | ApiError::Network { .. } => true,
        ApiError::Server { status, .. } => matches!(status, 502..=504),
        _ => false,
    }
}

/// The server's own "come back in" hint, if the error carries one.
pub(crate) fn server_hint(err: &ApiError) -> Option<Duration> {
    match err {
        ApiError::RateLimited { retry_after, .. } => *retry_after,
        _ => None,
    }
}

/// How long to wait before retry number `retry` (0-based).
///
/// A server hint is followed as given, capped at `max_retry_after`. Otherwise "full
/// jitter": a uniform draw from `[0, base · 2^retry]`, so that many clients that failed
/// together do not come back together.
pub(crate) fn delay(policy: &RetryPolicy, retry: u32, hint: Option<Duration>) -> Duration {
    if let Some(hint) = hint {
        return hint.min(policy.max_retry_after);
    }
    let window = policy
        .base_delay
        .saturating_mul(2u32.saturating_pow(retry.min(20)))
        .min(policy.max_total);
    let millis = u64::try_from(window.as_millis()).unwrap_or(u64::MAX);
    Duration::from_millis(rand::rng().random_range(0..=millis))
}

/// `Retry-After` is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3). Some servers
/// send fractional seconds; those are accepted too. A date in the past means "now".
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return seconds(secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A non-negative, finite number of seconds.
pub(crate) fn seconds(secs: f64) -> Option<Duration> {
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(86_400.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_transient_failures_are_retried() {
        let retried = [
            ApiError::RateLimited {
                retry_after: None,
                message: String::new(),
            },
            ApiError::Network {
                message: String::new(),
            },
            ApiError::Server {
                status: 502,
                message: String::new(),
            },
            ApiError::Server {
                status: 503,
                message: String::new(),
            },
            ApiError::Server {
                status: 504,
                message: String::new(),
            },
        ];
        for e in &retried {
            assert!(is_retryable(e), "{e:?}");
        }
        let not_retried = [
            ApiError::Server {
                status: 500,
                message: String::new(),
            },
            ApiError::Validation {
                status: 400,
                message: String::new(),
            },
            ApiError::Validation {
                status: 409,
                message: String::new(),
            },
            ApiError::Unauthorized {
                message: String::new(),
            },
            ApiError::Forbidden {
                message: String::new(),
            },
            ApiError::NotFound {
                message: String::new(),
            },
            ApiError::Decode {
                message: String::new(),
            },
        ];
        for e in &not_retried {
            assert!(!is_retryable(e), "{e:?}");
        }
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("1.5", now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("-3", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }

    #[test]
    fn server_hint_wins_but_is_capped() {
        let policy = RetryPolicy::default();
        assert_eq!(
            delay(&policy, 0, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(
            delay(&policy, 0, Some(Duration::from_secs(3600))),
            policy.max_retry_after
        );
    }

    #[test]
    fn backoff_stays_inside_a_doubling_window() {
        let policy = RetryPolicy::default();
        for retry in 0..6 {
            let window = policy.base_delay * 2u32.pow(retry);
            for _ in 0..200 {
                assert!(delay(&policy, retry, None) <= window);
            }
        }
        // Huge retry counts neither overflow nor exceed the total budget.
        assert!(delay(&policy, u32::MAX, None) <= policy.max_total);
    }
}
