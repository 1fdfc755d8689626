//! "Sign in with Microsoft": `GET /api/v3/auth/login/microsoft?redirect_uri=…`.
//!
//! The docs say only that the token comes back as a URL parameter on the redirect. The real
//! service sends the browser through Microsoft's sign-in first; the fake skips that page and
//! redirects at once to `redirect_uri` with `token=<the identity's token>` added to its
//! query (whatever query it already had, such as the client's `state`, is kept). Which
//! identity signs in: the one whose e-mail is given as `login_hint`, else Ada (ORGADMIN).
//! A missing or unusable `redirect_uri` is a 400, as is one that is not `http(s)`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::failure::{Answer, Failure};
use crate::app::App;
use crate::persona::Persona;

pub(crate) async fn start(
    State(app): State<Arc<App>>,
    Query(params): Query<HashMap<String, String>>,
) -> Answer {
    let target = params
        .get("redirect_uri")
        .map(|u| u.trim())
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .filter(|u| !u.contains(['\r', '\n', '#']))
        .ok_or_else(|| Failure::bad_request("redirect_uri must be an http(s) address"))?;
    let who = params
        .get("login_hint")
        .and_then(|e| Persona::by_email(e))
        .unwrap_or(Persona::Admin);
    let token = app.store().sign_in(who, app.catalog.seed);
    let joiner = if target.contains('?') { '&' } else { '?' };
    let location = format!("{target}{joiner}token={token}");
    let mut response: Response = StatusCode::FOUND.into_response();
    let value = HeaderValue::from_str(&location)
        .map_err(|_| Failure::bad_request("redirect_uri is not a usable address"))?;
    response.headers_mut().insert(header::LOCATION, value);
    Ok(response)
}
