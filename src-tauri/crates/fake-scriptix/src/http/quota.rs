//! The plan's quotas on API requests (see [`crate::plan`]): every answer carries
//! `X-RateLimit-Limit/Remaining/Reset`; a request over a quota or over the in-flight limit
//! gets the documented 429 body and `Retry-After`.

use std::sync::Arc;

use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use super::auth::KEY_HEADER;
use super::failure::Failure;
use crate::app::App;
use crate::plan::{seconds_text, wall_now, Admission, RateHeaders};

pub(crate) async fn plan_quota(
    State(app): State<Arc<App>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(quotas) = app.quotas.clone() else {
        return next.run(request).await;
    };
    let key = quota_key(request.headers());
    match quotas.admit(&key, wall_now()) {
        Admission::Refused(rate, wait) => {
            let seconds: f64 = seconds_text(wait, quotas.scale()).parse().unwrap_or(1.0);
            let mut response = Failure::rate_limited_for(seconds).into_response();
            put_headers(response.headers_mut(), &rate, quotas.scale());
            response
        }
        Admission::Allowed(rate, in_flight) => {
            let mut response = next.run(request).await;
            put_headers(response.headers_mut(), &rate, quotas.scale());
            hold_until_sent(response, in_flight)
        }
    }
}

/// Quotas are per token; requests without one (sign-in, shared links) share one.
fn quota_key(headers: &HeaderMap) -> String {
    headers
        .get(header::AUTHORIZATION)
        .or_else(|| headers.get(KEY_HEADER))
        .and_then(|v| v.to_str().ok())
        .map_or_else(|| "anonymous".to_owned(), |v| v.trim().to_owned())
}

fn put_headers(headers: &mut HeaderMap, rate: &RateHeaders, scale: f64) {
    let reset = if (scale - 1.0).abs() < f64::EPSILON {
        format!("{}", rate.reset.ceil() as i64)
    } else {
        format!("{:.3}", (rate.reset * 1000.0).ceil() / 1000.0)
    };
    for (name, value) in [
        ("x-ratelimit-limit", rate.limit.to_string()),
        ("x-ratelimit-remaining", rate.remaining.to_string()),
        ("x-ratelimit-reset", reset),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
}

/// A streamed body (an export) keeps its request in flight until the last byte is sent.
fn hold_until_sent<G: Send + Sync + 'static>(response: Response, guard: G) -> Response {
    if response.body().size_hint().exact().is_some() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let stream = body.into_data_stream().map(move |chunk| {
        let _ = &guard;
        chunk
    });
    Response::from_parts(parts, Body::from_stream(stream))
}
