//! Turning a non-success answer or a transport error into an [`ApiError`].

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;
use serde_json::Value;

use super::retry;
use crate::ApiError;

/// Longest server message shown to a user; the rest is noise in a dialog.
const MAX_MESSAGE_CHARS: usize = 300;

pub(crate) fn from_status(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> ApiError {
    let json: Option<Value> = serde_json::from_slice(body).ok();
    let message = json
        .as_ref()
        .and_then(message_from_json)
        .or_else(|| plain_text_message(body))
        .unwrap_or_else(|| default_message(status));
    let code = status.as_u16();
    match code {
        401 => ApiError::Unauthorized { message },
        403 => ApiError::Forbidden { message },
        404 => ApiError::NotFound { message },
        429 => {
            let from_header = headers
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| retry::parse_retry_after(v, SystemTime::now()));
            let retry_after = from_header.or_else(|| json.as_ref().and_then(retry_after_from_json));
            ApiError::RateLimited {
                retry_after,
                message,
            }
        }
        300..=399 => ApiError::Decode {
            message: format!(
                "the server answered with a redirect ({status}); redirects are never followed, \
                 so check the server address"
            ),
        },
        400..=499 => ApiError::Validation {
            status: code,
            message,
        },
        500..=599 => ApiError::Server {
            status: code,
            message,
        },
        _ => ApiError::Decode {
            message: format!("unexpected HTTP status {status}"),
        },
    }
}

/// The message from any of the three documented error bodies, in the contract's order:
/// `message`, nested `error.message`, `detail`, `error_description`, `error` (string).
pub(crate) fn message_from_json(body: &Value) -> Option<String> {
    let obj = body.as_object()?;
    let nested = obj.get("error").filter(|e| e.is_object());
    let text = non_empty(obj.get("message"))
        .or_else(|| nested.and_then(|e| non_empty(e.get("message"))))
        .or_else(|| detail_text(obj.get("detail")))
        .or_else(|| non_empty(obj.get("error_description")))
        .or_else(|| non_empty(obj.get("error")))?;
    let text = match nested.and_then(|e| e.get("details")).and_then(field_issue) {
        Some(hint) => format!("{text} ({hint})"),
        None => text,
    };
    Some(truncate(text))
}

/// The rate-limit body's `retry_after` (seconds), at the top or inside `error`.
fn retry_after_from_json(body: &Value) -> Option<Duration> {
    let value = body
        .get("retry_after")
        .or_else(|| body.get("error").and_then(|e| e.get("retry_after")))?;
    let secs = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    retry::seconds(secs)
}

fn non_empty(v: Option<&Value>) -> Option<String> {
    let s = v?.as_str()?.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// `detail` is usually a string; some frameworks send `[{"msg": …}, …]`.
fn detail_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Array(items) => {
            let parts: Vec<&str> = items
                .iter()
                .filter_map(|i| {
                    i.get("msg")
                        .or_else(|| i.get("message"))
                        .and_then(Value::as_str)
                })
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        other => non_empty(Some(other)),
    }
}

/// The nested shape's `details: {field, issue}`, which says *what* was invalid.
fn field_issue(details: &Value) -> Option<String> {
    let field = details.get("field")?.as_str()?;
    let issue = details.get("issue")?.as_str()?;
    Some(format!("{field}: {issue}"))
}

/// A short plain-text body (not an HTML error page) is shown as is.
fn plain_text_message(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?.trim();
    if text.is_empty() || text.starts_with('<') || text.starts_with('{') {
        return None;
    }
    Some(truncate(text.to_owned()))
}

fn default_message(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("HTTP {} {reason}", status.as_u16()),
        None => format!("HTTP {}", status.as_u16()),
    }
}

fn truncate(mut text: String) -> String {
    if let Some((cut, _)) = text.char_indices().nth(MAX_MESSAGE_CHARS) {
        text.truncate(cut);
        text.push('…');
    }
    text
}

/// A transport failure. The URL is stripped first: shared-link URLs carry a token in
/// their query, and error messages end up in logs and dialogs.
pub(crate) fn from_reqwest(err: reqwest::Error) -> ApiError {
    let err = err.without_url();
    let what = if err.is_timeout() {
        "the server did not answer in time"
    } else if err.is_connect() {
        "could not connect to the server"
    } else if err.is_body() || err.is_decode() {
        "the connection broke off while reading the answer"
    } else {
        "the request failed"
    };
    ApiError::Network {
        message: format!("{what}: {}", chain(&err)),
    }
}

fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        let next = inner.to_string();
        if !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = inner.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn status(code: u16, headers: &HeaderMap, body: &str) -> ApiError {
        from_status(
            StatusCode::from_u16(code).unwrap(),
            headers,
            body.as_bytes(),
        )
    }

    fn message(body: &str) -> Option<String> {
        message_from_json(&serde_json::from_str(body).unwrap())
    }

    #[test]
    fn the_three_documented_error_bodies() {
        // Flat (BaseError), any field may be missing.
        assert_eq!(
            message(r#"{"error":"invalid_request","message":"Filename too long"}"#).as_deref(),
            Some("Filename too long")
        );
        assert_eq!(
            message(r#"{"error":"invalid_grant","error_description":"Token expired"}"#).as_deref(),
            Some("Token expired")
        );
        assert_eq!(
            message(r#"{"detail":"Not allowed"}"#).as_deref(),
            Some("Not allowed")
        );
        assert_eq!(
            message(r#"{"error":"Session not found"}"#).as_deref(),
            Some("Session not found")
        );
        // Nested, with the field that was wrong.
        assert_eq!(
            message(r#"{"error":{"code":422,"message":"Validation failed","details":{"field":"filename","issue":"too long"}}}"#)
                .as_deref(),
            Some("Validation failed (filename: too long)")
        );
        // Rate limit.
        assert_eq!(
            message(r#"{"error":"Rate Limit Exceeded","message":"Slow down","error_code":"RATE_LIMIT_EXCEEDED","retry_after":60}"#)
                .as_deref(),
            Some("Slow down")
        );
    }

    #[test]
    fn message_order_follows_the_contract() {
        assert_eq!(
            message(r#"{"error":"e","error_description":"ed","detail":"d","message":"m"}"#)
                .as_deref(),
            Some("m")
        );
        assert_eq!(
            message(r#"{"error":"e","error_description":"ed","detail":"d"}"#).as_deref(),
            Some("d")
        );
        assert_eq!(
            message(r#"{"error":"e","error_description":"ed"}"#).as_deref(),
            Some("ed")
        );
        assert_eq!(
            message(r#"{"detail":[{"msg":"a"},{"msg":"b"}]}"#).as_deref(),
            Some("a; b")
        );
        assert_eq!(
            message(r#"{"message":"  ","error":"e"}"#).as_deref(),
            Some("e")
        );
        assert_eq!(message(r#"{"error":{"code":1}}"#), None);
        assert_eq!(message(r#"[1,2]"#), None);
    }

    #[test]
    fn status_codes_map_to_the_agreed_outcomes() {
        let h = HeaderMap::new();
        assert!(
            matches!(status(401, &h, r#"{"error":"bad token"}"#), ApiError::Unauthorized { message } if message == "bad token")
        );
        assert!(
            matches!(status(403, &h, ""), ApiError::Forbidden { message } if message == "HTTP 403 Forbidden")
        );
        assert!(
            matches!(status(404, &h, "gone"), ApiError::NotFound { message } if message == "gone")
        );
        for code in [400, 409, 415, 422] {
            assert!(
                matches!(status(code, &h, r#"{"message":"m"}"#), ApiError::Validation { status, message } if status == code && message == "m")
            );
        }
        assert!(
            matches!(status(503, &h, "<html>busy</html>"), ApiError::Server { status: 503, message } if message == "HTTP 503 Service Unavailable")
        );
        assert!(matches!(status(302, &h, ""), ApiError::Decode { .. }));
    }

    #[test]
    fn rate_limit_wait_comes_from_the_header_or_the_body() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        let from_header = status(429, &h, r#"{"retry_after":60}"#);
        assert_eq!(
            from_header,
            ApiError::RateLimited {
                retry_after: Some(Duration::from_secs(7)),
                message: "HTTP 429 Too Many Requests".into()
            }
        );
        let from_body = status(
            429,
            &HeaderMap::new(),
            r#"{"error":"rate_limit_exceeded","message":"later","retry_after":"12"}"#,
        );
        assert_eq!(
            from_body,
            ApiError::RateLimited {
                retry_after: Some(Duration::from_secs(12)),
                message: "later".into()
            }
        );
        let nested = status(
            429,
            &HeaderMap::new(),
            r#"{"error":{"message":"x","retry_after":2}}"#,
        );
        assert!(
            matches!(nested, ApiError::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(2))
        );
        let none = status(429, &HeaderMap::new(), "");
        assert!(matches!(
            none,
            ApiError::RateLimited {
                retry_after: None,
                ..
            }
        ));
    }

    #[test]
    fn long_messages_are_cut() {
        let long = format!(r#"{{"message":"{}"}}"#, "x".repeat(1000));
        let m = message(&long).unwrap();
        assert_eq!(m.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(m.ends_with('…'));
    }
}
