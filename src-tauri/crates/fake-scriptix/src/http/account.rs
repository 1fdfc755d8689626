//! Who am I, and signing in with a password (plus a TOTP code for the MFA identity).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde::Serialize;

use super::auth::Caller;
use super::failure::{Answer, Failure};
use super::views::{Envelope, IdentityView};
use crate::app::App;
use crate::persona::{Persona, PASSWORD};
use crate::rng::key;

pub(crate) async fn me(Caller(who): Caller) -> Response {
    Json(Envelope::one(IdentityView::from(who))).into_response()
}

/// The documented sign-in answer. Sent bare (no envelope), as the docs show it.
#[derive(Debug, Serialize)]
struct LoginAnswer {
    access_token: String,
    login: bool,
    mfa_required: bool,
    session_id: String,
    signature: String,
}

impl LoginAnswer {
    fn new(app: &App, who: Persona, access_token: String) -> LoginAnswer {
        let n = key(&[app.catalog.seed, 0x10C1, who as u64]);
        LoginAnswer {
            login: !access_token.is_empty(),
            mfa_required: access_token.is_empty(),
            access_token,
            session_id: format!("lsn_{n:016x}"),
            signature: format!("{:016x}", key(&[n, 0x5167])),
        }
    }
}

type Fields = HashMap<String, String>;

pub(crate) async fn login(
    State(app): State<Arc<App>>,
    Query(query): Query<Fields>,
    Form(form): Form<Fields>,
) -> Answer {
    let who = check_password(&query, &form)?;
    let token = if who.mfa_code().is_some() {
        // Step one of two: no token until the code is given.
        String::new()
    } else {
        app.store().sign_in(who, app.catalog.seed)
    };
    Ok(Json(LoginAnswer::new(&app, who, token)).into_response())
}

pub(crate) async fn login_mfa(
    State(app): State<Arc<App>>,
    Query(query): Query<Fields>,
    Form(form): Form<Fields>,
) -> Answer {
    let who = check_password(&query, &form)?;
    let Some(expected) = who.mfa_code() else {
        return Err(Failure::bad_request(
            "Two-factor sign-in is not enabled for this account",
        ));
    };
    let given = form.get("totp_code").map(|c| c.trim());
    if given != Some(expected) {
        return Err(Failure::unauthorized("The verification code is not valid"));
    }
    let token = app.store().sign_in(who, app.catalog.seed);
    Ok(Json(LoginAnswer::new(&app, who, token)).into_response())
}

fn check_password(query: &Fields, form: &Fields) -> Result<Persona, Failure> {
    if query.get("login_type").map(String::as_str) != Some("token") {
        return Err(Failure::bad_request("Only login_type=token is supported"));
    }
    let who = form.get("username").and_then(|u| Persona::by_email(u));
    match (who, form.get("password")) {
        (Some(who), Some(password)) if password == PASSWORD => Ok(who),
        _ => Err(Failure::unauthorized("Invalid username or password")),
    }
}
