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
    /// Largest JSON answer read into memory; downloads are streamed and not capped.
    pub max_json_bytes: usize,
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
        }
    }
}
