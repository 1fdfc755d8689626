//! Signing in with a user name and password (and a second factor when asked).
//!
//! Neither call is ever retried: a repeated password attempt could lock the account.

use reqwest::Method;
use serde_json::Value;

use crate::transport::{Call, Payload, Transport};
use crate::{routes, validate_base_url, wire, ApiError, ClientOptions, Secret};

#[derive(Debug)]
pub enum LoginStep {
    /// Signed in; this is the session token (a JWT) for `Authorization: Bearer`.
    Signed(Secret),
    /// The account has two-factor sign-in: ask for a code and call [`login_mfa`].
    MfaRequired,
}

pub async fn login(
    base_url: &str,
    username: &str,
    password: &Secret,
    opts: &ClientOptions,
) -> Result<LoginStep, ApiError> {
    let answer = post_form(
        base_url,
        &routes::login(),
        credentials(username, password),
        opts,
    )
    .await?;
    if answer.mfa_required {
        return Ok(LoginStep::MfaRequired);
    }
    answer
        .token
        .map(LoginStep::Signed)
        .ok_or_else(|| wire::shape("the sign-in answer"))
}

/// The second step. `code` is the authenticator app's 6-digit code, or a backup code.
pub async fn login_mfa(
    base_url: &str,
    username: &str,
    password: &Secret,
    code: &str,
    opts: &ClientOptions,
) -> Result<Secret, ApiError> {
    let code = code.trim();
    let mut fields = credentials(username, password);
    let is_totp = code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit());
    fields.push((
        if is_totp { "totp_code" } else { "backup_code" },
        code.to_owned(),
    ));
    let answer = post_form(base_url, &routes::login_mfa(), fields, opts).await?;
    answer.token.ok_or_else(|| ApiError::Unauthorized {
        message: "the code was not accepted".into(),
    })
}

/// Where the browser goes for "Sign in with Microsoft":
/// `<base>/api/v3/auth/login/microsoft?redirect_uri=…`. Scriptix (through Microsoft's own
/// sign-in) ends by redirecting the browser to `redirect_uri` with the token as a URL
/// parameter; catching that is the caller's job (the desktop app listens on loopback).
pub fn microsoft_login_url(base_url: &str, redirect_uri: &str) -> Result<url::Url, ApiError> {
    let base = validate_base_url(base_url)?;
    let mut url = base
        .join(&routes::login_microsoft())
        .map_err(|_| ApiError::InvalidBaseUrl {
            message: "the server address cannot take a path".into(),
        })?;
    url.query_pairs_mut()
        .append_pair("redirect_uri", redirect_uri);
    Ok(url)
}

fn credentials(username: &str, password: &Secret) -> Vec<(&'static str, String)> {
    vec![
        ("username", username.trim().to_owned()),
        ("password", password.expose().to_owned()),
        ("remember_me", "true".to_owned()),
    ]
}

struct LoginAnswer {
    token: Option<Secret>,
    mfa_required: bool,
}

async fn post_form(
    base_url: &str,
    path: &str,
    fields: Vec<(&'static str, String)>,
    opts: &ClientOptions,
) -> Result<LoginAnswer, ApiError> {
    let transport = Transport::new(validate_base_url(base_url)?, None, opts)?;
    let url = transport.url(path, &[("login_type", "token")]);
    let call = Call::anonymous(Method::POST, url).with(Payload::Form(fields));
    let body = wire::object(transport.json(&call).await?, "the sign-in answer")?;
    let token = body
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty())
        .map(Secret::new);
    Ok(LoginAnswer {
        token,
        mfa_required: wire::flag(body.get("mfa_required")).unwrap_or(false),
    })
}
