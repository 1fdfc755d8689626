//! Which redirects a request follows: same-origin ones only, a few at most.
//!
//! The HTTP client itself never follows redirects (its policy is `none`), because a
//! redirect to another host would carry the token there. A server may still redirect
//! within itself (a trailing-slash redirect, a moved path), and that is safe to follow
//! with the token: the target has the same scheme, host and port, which is exactly the
//! rule the auth header already enforces. Anything else is refused, not followed.

use reqwest::header::LOCATION;
use reqwest::{Method, Response, StatusCode};
use url::Url;

use crate::ApiError;

/// Redirect hops one request may take.
pub(crate) const MAX_REDIRECTS: u32 = 5;

/// Where to go next, if `response` is a redirect that may be followed: the target URL and
/// the method to use there. `Ok(None)` when it is not a redirect at all.
pub(crate) fn next_hop(
    response: &Response,
    from: &Url,
    method: &Method,
    hops: u32,
) -> Result<Option<(Url, Method)>, ApiError> {
    let status = response.status();
    if !status.is_redirection() || status == StatusCode::NOT_MODIFIED {
        return Ok(None);
    }
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| refused(status, "without a usable address"))?;
    let target = from
        .join(location.trim())
        .map_err(|_| refused(status, "to an address that does not parse"))?;
    if target.origin() != from.origin() {
        return Err(refused(status, "to another server; it was not followed"));
    }
    if hops >= MAX_REDIRECTS {
        return Err(refused(status, "too many times in a row"));
    }
    let keeps_method = matches!(method, &Method::GET | &Method::HEAD | &Method::DELETE);
    let method = match status {
        // "See other": the answer is fetched with GET, whatever was sent.
        StatusCode::SEE_OTHER => Method::GET,
        StatusCode::TEMPORARY_REDIRECT | StatusCode::PERMANENT_REDIRECT => method.clone(),
        // 301/302 turn a POST into a GET in browsers; re-sending a POST (or turning it
        // into something else) could repeat or lose an action, so neither is done.
        _ if keeps_method => method.clone(),
        _ => return Err(refused(status, "for a request that cannot be sent again")),
    };
    Ok(Some((target, method)))
}

fn refused(status: StatusCode, why: &str) -> ApiError {
    ApiError::Decode {
        message: format!("the server answered with a redirect ({status}) {why}"),
    }
}
