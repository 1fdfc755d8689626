//! Who is calling, from the token header the configured auth style accepts.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};

use super::failure::Failure;
use crate::app::App;
use crate::config::AuthStyle;
use crate::persona::Persona;

pub(crate) const KEY_HEADER: &str = "x-zoom-s2t-key";

/// The signed-in identity of an API request; extracting it answers 401 when the token is
/// missing, unknown or revoked, or sent in a header this server does not accept.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Caller(pub(crate) Persona);

impl FromRequestParts<Arc<App>> for Caller {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Caller, Failure> {
        let token = presented_token(&parts.headers, app.settings.auth_style)
            .ok_or_else(|| Failure::unauthorized("Authentication required"))?;
        app.store()
            .persona_for(&token)
            .map(Caller)
            .ok_or_else(|| Failure::unauthorized("The token is invalid or has expired"))
    }
}

/// With `Either`, a Bearer header wins over the key header when both are sent.
fn presented_token(headers: &HeaderMap, style: AuthStyle) -> Option<String> {
    let bearer = || {
        let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
        let (scheme, token) = value.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim().to_owned())
    };
    let key = || {
        let value = headers.get(KEY_HEADER)?.to_str().ok()?.trim();
        (!value.is_empty()).then(|| value.to_owned())
    };
    match style {
        AuthStyle::Bearer => bearer(),
        AuthStyle::Key => key(),
        AuthStyle::Either => bearer().or_else(key),
    }
}

/// Whether a request carries anything that looks like a token (for the download host).
pub(crate) fn carries_token(headers: &HeaderMap) -> bool {
    headers.contains_key(header::AUTHORIZATION) || headers.contains_key(KEY_HEADER)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn each_style_reads_only_its_header() {
        let b = headers(&[("authorization", "Bearer abc")]);
        let k = headers(&[("x-zoom-s2t-key", "xyz")]);
        assert_eq!(
            presented_token(&b, AuthStyle::Bearer).as_deref(),
            Some("abc")
        );
        assert_eq!(presented_token(&k, AuthStyle::Bearer), None);
        assert_eq!(presented_token(&k, AuthStyle::Key).as_deref(), Some("xyz"));
        assert_eq!(presented_token(&b, AuthStyle::Key), None);
        assert_eq!(
            presented_token(&b, AuthStyle::Either).as_deref(),
            Some("abc")
        );
        assert_eq!(
            presented_token(&k, AuthStyle::Either).as_deref(),
            Some("xyz")
        );
        let basic = headers(&[("authorization", "Basic abc")]);
        assert_eq!(presented_token(&basic, AuthStyle::Either), None);
        assert!(carries_token(&b) && carries_token(&k) && !carries_token(&HeaderMap::new()));
    }
}
