//! How a client talks to Scriptix: auth header style, limits, timeouts and retries.

use std::time::Duration;

/// Which header carries the token. The docs disagree (see `docs/api-contract.md`), so it is
/// chosen per account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AuthStyle {
    /// `Authorization: Bearer <token>` (the newer docs; a signed-in user's JWT).
    #[default]
    Bearer,
    /// `x-zoom-s2t-key: <token>` (the older docs; API keys from the dashboard).
    ApiKey,
}

impl AuthStyle {
    pub(crate) fn header_name(self) -> &'static str {
        match self {
            AuthStyle::Bearer => "authorization",
            AuthStyle::ApiKey => "x-zoom-s2t-key",
        }
    }

    pub(crate) fn header_value(self, token: &str) -> String {
        match self {
            AuthStyle::Bearer => format!("Bearer {token}"),
            AuthStyle::ApiKey => token.to_owned(),
        }
    }
}

/// When and how often an idempotent request (GET, DELETE) is tried again after a transient
/// failure other than a rate limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The first backoff window; it doubles on every retry (full jitter inside it).
    pub base_delay: Duration,
    /// No retry starts once this much time has passed since the first attempt.
    pub max_total: Duration,
    /// A `Retry-After` on a 5xx is honoured up to this much. A 429's is always honoured in
    /// full and never counts against `max_retries` or `max_total`: a rate limit is a wait,
    /// not a failure (see `transport::pace`).
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 4,
            base_delay: Duration::from_millis(250),
            max_total: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Never retry: for callers that do their own.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOptions {
    pub auth_style: AuthStyle,
    /// Requests in flight at once, client-wide (0 is read as 1).
    pub max_in_flight: usize,
    pub retry: RetryPolicy,
    pub connect_timeout: Duration,
    /// Longest silence while waiting for the next bytes of an answer. Not a total
    /// timeout: a large download may take as long as it keeps moving.
    pub read_timeout: Duration,
    /// Largest JSON answer read into memory, per request (so at most `max_in_flight`
    /// times this at once); downloads are streamed.
    pub max_json_bytes: usize,
    /// Total time one request may take to answer and send its first stretch, however
    /// slowly bytes trickle in (`read_timeout` alone never ends a drip). Bodies earn one
    /// more second for every `min_body_rate` bytes received; see `transport/deadline.rs`.
    pub request_deadline: Duration,
    /// Bytes per second a long body must average to keep going (0: a fixed deadline).
    pub min_body_rate: u64,
    /// Largest download when the server announces no size; an announced `size_bytes`
    /// caps a download at that size plus a little slack.
    pub max_download_bytes: u64,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            auth_style: AuthStyle::Bearer,
            max_in_flight: 8,
            retry: RetryPolicy::default(),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            max_json_bytes: 32 * 1024 * 1024,
            request_deadline: Duration::from_secs(120),
            // 128 kbit/s: a poor mobile line still gets through a 1 GiB recording (in about
            // 18 hours); a server sending a byte every 20 s is cut off after two minutes.
            min_body_rate: 16 * 1024,
            // Far above any recording Scriptix takes (its upload limit is a few GiB).
            max_download_bytes: 64 * 1024 * 1024 * 1024,
        }
    }
}
