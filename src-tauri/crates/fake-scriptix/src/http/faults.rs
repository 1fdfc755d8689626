//! Every API request passes here first: it is counted, then may meet an injected fault
//! (a used-up quota, too many in flight, a random failure, a dropped connection, latency).

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, HttpBody};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use super::failure::Failure;
use crate::app::App;
use crate::net::Connection;
use crate::rng::Rng;

const FAULT_SPACE: u64 = 0xFA17;

pub(crate) async fn api_faults(
    State(app): State<Arc<App>>,
    ConnectInfo(connection): ConnectInfo<Connection>,
    request: Request,
    next: Next,
) -> Response {
    app.store()
        .count_request(route_key(request.method(), request.uri()));
    let faults = app.faults();
    let in_flight = InFlight::enter(app.clone());

    if let Some(seconds) = faults.rate_limit_all_retry_after {
        // Whole seconds stay whole in the header; anything else keeps milliseconds.
        let seconds = if seconds.is_finite() {
            seconds.max(0.0)
        } else {
            60.0
        };
        return Failure::rate_limited_for((seconds * 1000.0).round() / 1000.0).into_response();
    }
    if faults
        .max_concurrent
        .is_some_and(|max| in_flight.count > max)
    {
        return Failure::rate_limited().into_response();
    }
    if let Some(fault) = roll(&app, faults.error_rate) {
        let fault = if faults.errors_are_500 {
            Fault::ServerError
        } else {
            fault
        };
        return match fault {
            Fault::ServerError => Failure::internal().into_response(),
            Fault::Unavailable => Failure::unavailable().into_response(),
            Fault::RateLimited => Failure::rate_limited().into_response(),
            Fault::Reset => {
                connection.reset();
                // Never written: the connection fails before hyper can send it.
                Failure::internal().into_response()
            }
        };
    }
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    hold_until_sent(next.run(request).await, in_flight)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    ServerError,
    Unavailable,
    RateLimited,
    Reset,
}

/// Numbered rolls from the seed: the same request sequence meets the same faults.
fn roll(app: &App, error_rate: f64) -> Option<Fault> {
    if error_rate <= 0.0 {
        return None;
    }
    let n = app.fault_rolls.fetch_add(1, Ordering::Relaxed);
    let mut rng = Rng::new(&[app.catalog.seed, FAULT_SPACE, n]);
    if !rng.chance(error_rate) {
        return None;
    }
    Some(
        [
            Fault::ServerError,
            Fault::Unavailable,
            Fault::RateLimited,
            Fault::Reset,
        ][rng.below(4) as usize],
    )
}

/// Counts a request as in flight while it lives.
struct InFlight {
    app: Arc<App>,
    /// How many were in flight including this one, when it arrived.
    count: u32,
}

impl InFlight {
    fn enter(app: Arc<App>) -> InFlight {
        let count = app.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        InFlight { app, count }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.app.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A streamed body (an export) keeps its request in flight until the last byte is sent or
/// the client goes away; a body already in memory does not.
fn hold_until_sent(response: Response, in_flight: InFlight) -> Response {
    if response.body().size_hint().exact().is_some() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let stream = body.into_data_stream().map(move |chunk| {
        let _ = &in_flight;
        chunk
    });
    // An explicit Content-Length in `parts` still applies to the new body.
    Response::from_parts(parts, Body::from_stream(stream))
}

/// `"<METHOD> <route kind>"` for the request counts in the state snapshot.
pub(crate) fn route_key(method: &Method, uri: &Uri) -> String {
    format!("{method} {}", route_kind(uri))
}

fn route_kind(uri: &Uri) -> &'static str {
    let has_format = uri
        .query()
        .is_some_and(|q| q.split('&').any(|pair| pair.starts_with("format=")));
    let path = uri.path().trim_end_matches('/');
    let Some(rest) = path.strip_prefix("/api/v3/") else {
        return "other";
    };
    let parts: Vec<&str> = rest.split('/').collect();
    match parts.as_slice() {
        ["account", "me"] => "me",
        ["auth", "login"] => "login",
        ["auth", "login", "mfa"] => "login_mfa",
        ["auth", "login", "microsoft"] => "login_microsoft",
        ["speech-to-text", "session"] => "sessions",
        ["speech-to-text", "session", _] => "session",
        ["speech-to-text", "session", _, "document", _] if has_format => "export",
        ["speech-to-text", "session", _, "document", _] => "document",
        ["speech-to-text", "session", _, "document", _, "comments"] => "comments",
        ["speech-to-text", "session", _, "document", _, "comments", _] => "comment",
        ["speech-to-text", "session", _, "document", _, "finished_status"] => "finished_status",
        ["speech-to-text", "session", _, "document", _, "share"] => "share",
        ["shared", _, "document", _] if has_format => "shared_export",
        ["shared", _, "document", _] => "shared",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(method: Method, uri: &str) -> String {
        route_key(&method, &uri.parse().unwrap())
    }

    #[test]
    fn routes_are_classified_by_shape() {
        let s = "/api/v3/speech-to-text/session";
        assert_eq!(
            key(Method::GET, &format!("{s}?offset=0&limit=100")),
            "GET sessions"
        );
        assert_eq!(
            key(Method::DELETE, &format!("{s}/sess_1")),
            "DELETE session"
        );
        assert_eq!(
            key(Method::GET, &format!("{s}/a/document/b")),
            "GET document"
        );
        assert_eq!(
            key(
                Method::GET,
                &format!("{s}/a/document/b?direct_download=true&format=srt")
            ),
            "GET export"
        );
        assert_eq!(
            key(Method::DELETE, &format!("{s}/a/document/b/comments/c")),
            "DELETE comment"
        );
        assert_eq!(
            key(
                Method::PUT,
                &format!("{s}/a/document/b/finished_status?status=true")
            ),
            "PUT finished_status"
        );
        assert_eq!(
            key(Method::GET, "/api/v3/shared/a/document/b?token=t"),
            "GET shared"
        );
        assert_eq!(
            key(Method::POST, "/api/v3/auth/login/mfa?login_type=token"),
            "POST login_mfa"
        );
        assert_eq!(key(Method::GET, "/api/v3/account/me"), "GET me");
        assert_eq!(key(Method::GET, "/api/v2/whatever"), "GET other");
    }
}
