//! How a fake server behaves: data size, API dialect and injected faults.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::plan::{Plan, WindowKind};
pub use crate::quirks::Quirks;

#[derive(Debug, Clone)]
pub struct Config {
    /// Fixes the sample data, the tokens and the fault rolls.
    pub seed: u64,
    /// How many sessions the organisation has.
    pub sessions: usize,
    /// API host port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Download host port on 127.0.0.1 (the stand-in for blob storage); 0 picks a free one.
    pub download_port: u16,
    pub auth_style: AuthStyle,
    pub error_shape: ErrorShape,
    /// Status of a successful delete: 204 or 200.
    pub delete_status: u16,
    /// `false`: deleted items vanish from lists; `true`: they stay, with `is_deleted: true`.
    pub soft_delete: bool,
    pub finished_method: FinishedMethod,
    /// Size of every `media` export; generated while sent, never held in memory.
    pub media_bytes: u64,
    pub faults: Faults,
    /// Documented variants the default fake does not send (see [`Quirks`]).
    pub quirks: Quirks,
    /// A published plan's quotas per token (`None`: no quota, as before).
    pub plan: Option<Plan>,
    /// How the plan's windows count requests: fixed (the default) or sliding. See
    /// [`crate::WindowKind`].
    pub window_kind: WindowKind,
    /// Simulated seconds per wall second for the plan's windows, `Reset` and
    /// `Retry-After` (1: real time). See [`crate::Plan`].
    pub time_scale: f64,
}

impl Config {
    /// Plays `plan` with windows of `kind`, `time_scale` times fast: the rate-limit settings
    /// of a test in one call.
    pub fn with_plan(self, plan: Plan, kind: WindowKind, time_scale: f64) -> Config {
        Config {
            plan: Some(plan),
            window_kind: kind,
            time_scale,
            ..self
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            seed: 1,
            sessions: 40,
            port: 0,
            download_port: 0,
            auth_style: AuthStyle::Either,
            error_shape: ErrorShape::Flat,
            delete_status: 204,
            soft_delete: false,
            finished_method: FinishedMethod::PostOrPut,
            media_bytes: 2 * 1024 * 1024,
            faults: Faults::default(),
            quirks: Quirks::default(),
            plan: None,
            window_kind: WindowKind::Fixed,
            time_scale: 1.0,
        }
    }
}

/// Misbehaviour injected into API requests (not into admin calls). Changeable while running.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Added to every API request before it is answered.
    pub latency_ms: u64,
    /// More API requests in flight than this get 429 with `Retry-After: 1`. A request is in
    /// flight until its body has been sent.
    pub max_concurrent: Option<u32>,
    /// While set, every API request answers 429 with `Retry-After` this many seconds (wall
    /// time), as a server whose quota is used up does: lets a test make a single action wait
    /// exactly when it wants, and end the wait by clearing it.
    pub rate_limit_all_retry_after: Option<f64>,
    /// Share (0..=1) of API requests that fail at random: 500, 503, 429, or a connection
    /// reset (the connection is dropped without a response).
    pub error_rate: f64,
    /// The random failures are all 500s (nothing a client would wait out): for tests of
    /// what happens when requests fail for good.
    pub errors_are_500: bool,
    /// Throttles export and download bodies to this many bytes per second (1 is a drip).
    pub slow_body_bytes_per_sec: Option<u64>,
    /// `download_url`s announce `size_bytes` this much smaller than the file they serve:
    /// a download that runs past what the server promised.
    pub understate_size_bytes: u64,
    /// `download_url`s point at `https://` this host (and the download port) instead of
    /// the download host: `169.254.169.254` plays a cloud metadata service, `10.0.0.1` a
    /// machine on the local network.
    pub download_host: Option<String>,
}

/// Which token header the server accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthStyle {
    /// `Authorization: Bearer <token>` only.
    Bearer,
    /// `x-zoom-s2t-key: <token>` only.
    Key,
    /// Either header.
    #[default]
    Either,
}

/// The body of an error answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorShape {
    /// `{error, message}`
    #[default]
    Flat,
    /// `{error: {code, message, details}}`
    Nested,
    /// `{error, message, error_code, retry_after}`
    RateLimit,
}

/// How "mark finished" must be called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FinishedMethod {
    /// POST (newer docs) and PUT (older docs) both work.
    #[default]
    PostOrPut,
    /// Only PUT; POST answers 405, as on a server that follows the older docs.
    PutOnly,
}

/// A command-line word that is not one of the allowed values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    pub given: String,
    pub allowed: &'static str,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not one of: {}", self.given, self.allowed)
    }
}

impl std::error::Error for UnknownValue {}

fn parse_word<T: Copy>(
    s: &str,
    table: &[(&str, T)],
    allowed: &'static str,
) -> Result<T, UnknownValue> {
    let word = s.trim().to_ascii_lowercase().replace('_', "-");
    table
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, v)| v)
        .ok_or_else(|| UnknownValue {
            given: s.to_owned(),
            allowed,
        })
}

impl FromStr for AuthStyle {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, UnknownValue> {
        parse_word(
            s,
            &[
                ("bearer", AuthStyle::Bearer),
                ("key", AuthStyle::Key),
                ("either", AuthStyle::Either),
            ],
            "bearer, key, either",
        )
    }
}

impl FromStr for ErrorShape {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, UnknownValue> {
        parse_word(
            s,
            &[
                ("flat", ErrorShape::Flat),
                ("nested", ErrorShape::Nested),
                ("ratelimit", ErrorShape::RateLimit),
                ("rate-limit", ErrorShape::RateLimit),
            ],
            "flat, nested, ratelimit",
        )
    }
}

impl FromStr for FinishedMethod {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, UnknownValue> {
        parse_word(
            s,
            &[
                ("post-or-put", FinishedMethod::PostOrPut),
                ("put-only", FinishedMethod::PutOnly),
            ],
            "post-or-put, put-only",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_words_parse() {
        assert_eq!("Key".parse::<AuthStyle>(), Ok(AuthStyle::Key));
        assert_eq!(
            "rate_limit".parse::<ErrorShape>(),
            Ok(ErrorShape::RateLimit)
        );
        assert_eq!(
            "put-only".parse::<FinishedMethod>(),
            Ok(FinishedMethod::PutOnly)
        );
        let err = "cookie".parse::<AuthStyle>().unwrap_err();
        assert!(err.to_string().contains("bearer, key, either"));
    }

    #[test]
    fn partial_fault_json_fills_in_defaults() {
        let f: Faults = serde_json::from_str(r#"{"error_rate": 0.5}"#).unwrap();
        assert_eq!(
            f,
            Faults {
                error_rate: 0.5,
                ..Faults::default()
            }
        );
    }
}
