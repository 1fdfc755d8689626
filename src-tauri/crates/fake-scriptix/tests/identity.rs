//! Identities, tokens, header styles and password sign-in.

mod support;

use fake_scriptix::{AuthStyle, Config, Persona};
use reqwest::StatusCode;
use serde_json::Value;
use support::Harness;

#[tokio::test]
async fn each_token_is_its_own_identity() {
    let h = Harness::default().await;
    let infos = h.server.identities();
    assert_eq!(infos.len(), 5);
    for info in infos {
        let me = h.json(info.persona, "/api/v3/account/me").await;
        let me = &me["result"];
        assert_eq!(me["id"], info.id.as_str());
        assert_eq!(me["name"], info.name.as_str());
        assert_eq!(me["email"], info.email.as_str());
        assert_eq!(me["organization"]["name"], "Acme Transcription");
        assert_eq!(me["roles"], serde_json::json!(info.roles));
        assert_eq!(info.mfa_code.is_some(), info.persona == Persona::Mfa);
    }
    let admin = h.server.identity(Persona::Admin);
    assert_eq!(admin.roles, ["ORGADMIN"]);
    assert_eq!(h.server.identity(Persona::Viewer).roles, ["CUSTOMER"]);
    assert_eq!(admin.email, "ada@acme.example");
}

#[tokio::test]
async fn tokens_are_fixed_by_the_seed() {
    let a = Harness::start(Config {
        seed: 3,
        ..Config::default()
    })
    .await;
    let b = Harness::start(Config {
        seed: 3,
        ..Config::default()
    })
    .await;
    let c = Harness::start(Config {
        seed: 4,
        ..Config::default()
    })
    .await;
    assert_eq!(
        a.server.token(Persona::Admin),
        b.server.token(Persona::Admin)
    );
    assert_ne!(
        a.server.token(Persona::Admin),
        c.server.token(Persona::Admin)
    );
    assert!(a
        .server
        .token(Persona::Contributor)
        .starts_with("fk_contributor_"));
}

#[tokio::test]
async fn missing_unknown_and_revoked_tokens_get_401() {
    let h = Harness::default().await;
    let me = h.url("/api/v3/account/me");
    let none = h.http.get(&me).send().await.unwrap();
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    let body: Value = none.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("Authentication"));

    let wrong = h
        .http
        .get(&me)
        .bearer_auth("fk_admin_0000000000000000")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

    let token = h.server.token(Persona::Contributor);
    assert_eq!(
        h.get(Persona::Contributor, "/api/v3/account/me")
            .await
            .status(),
        StatusCode::OK
    );
    h.server.revoke_token(&token);
    assert_eq!(
        h.get(Persona::Contributor, "/api/v3/account/me")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    // Others are unaffected.
    assert_eq!(
        h.get(Persona::Admin, "/api/v3/account/me").await.status(),
        StatusCode::OK
    );
}

async fn me_status(h: &Harness, header: &str, value: String) -> StatusCode {
    h.http
        .get(h.url("/api/v3/account/me"))
        .header(header, value)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn header_styles_are_accepted_as_configured() {
    for (style, bearer_ok, key_ok) in [
        (AuthStyle::Either, true, true),
        (AuthStyle::Bearer, true, false),
        (AuthStyle::Key, false, true),
    ] {
        let h = Harness::start(Config {
            auth_style: style,
            ..Config::default()
        })
        .await;
        let token = h.server.token(Persona::Viewer);
        let bearer = me_status(&h, "authorization", format!("Bearer {token}")).await;
        let key = me_status(&h, "x-zoom-s2t-key", token.clone()).await;
        assert_eq!(
            bearer == StatusCode::OK,
            bearer_ok,
            "{style:?} bearer: {bearer}"
        );
        assert_eq!(key == StatusCode::OK, key_ok, "{style:?} key: {key}");
        assert!([bearer, key]
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::UNAUTHORIZED));
    }
}

async fn login(h: &Harness, path: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let r = h
        .http
        .post(h.url(path))
        .query(&[("login_type", "token")])
        .form(form)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

#[tokio::test]
async fn password_sign_in_returns_a_working_token() {
    let h = Harness::default().await;
    let carl = h.server.identity(Persona::Contributor);
    let (status, body) = login(
        &h,
        "/api/v3/auth/login",
        &[
            ("username", "Carl@Acme.example"),
            ("password", &carl.password),
            ("remember_me", "true"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["login"], true);
    assert_eq!(body["mfa_required"], false);
    let token = body["access_token"].as_str().unwrap();
    assert_eq!(token, carl.token);

    let (status, _) = login(
        &h,
        "/api/v3/auth/login",
        &[("username", &carl.email), ("password", "nope")],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = login(
        &h,
        "/api/v3/auth/login",
        &[("username", "x@y.example"), ("password", &carl.password)],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn after_a_revoke_sign_in_hands_out_a_fresh_token() {
    let h = Harness::default().await;
    let ada = h.server.identity(Persona::Admin);
    h.server.revoke_token(&ada.token);
    let (_, body) = login(
        &h,
        "/api/v3/auth/login",
        &[("username", &ada.email), ("password", &ada.password)],
    )
    .await;
    let fresh = body["access_token"].as_str().unwrap().to_owned();
    assert_ne!(fresh, ada.token);
    let me = h
        .http
        .get(h.url("/api/v3/account/me"))
        .bearer_auth(&fresh)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
}

#[tokio::test]
async fn mfa_identity_needs_the_code() {
    let h = Harness::default().await;
    let mia = h.server.identity(Persona::Mfa);
    let creds = [
        ("username", mia.email.as_str()),
        ("password", mia.password.as_str()),
    ];

    let (status, body) = login(&h, "/api/v3/auth/login", &creds).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["mfa_required"], true);
    assert_eq!(body["access_token"], "");

    let wrong = [creds[0], creds[1], ("totp_code", "000000")];
    let (status, _) = login(&h, "/api/v3/auth/login/mfa", &wrong).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let code = mia.mfa_code.clone().unwrap();
    assert_eq!(code, "123456");
    let right = [creds[0], creds[1], ("totp_code", code.as_str())];
    let (status, body) = login(&h, "/api/v3/auth/login/mfa", &right).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["access_token"], mia.token.as_str());
    assert_eq!(body["login"], true);
}
