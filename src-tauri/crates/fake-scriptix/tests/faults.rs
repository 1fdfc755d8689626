//! Injected faults, error body shapes, and the admin endpoints.

mod support;

use fake_scriptix::{Config, ErrorShape, Faults, Persona};
use reqwest::header::RETRY_AFTER;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{document_path, Harness, SESSIONS};

#[tokio::test]
async fn a_streaming_export_holds_its_slot_until_sent() {
    let h = Harness::start(Config {
        media_bytes: 1 << 20,
        ..Config::default()
    })
    .await;
    let s = &h.all_sessions().await[0];
    let media = format!("{}?format=media", document_path(s, &s["documents"][0]));
    // 1 KiB/s for 1 MiB: the body is still being sent for as long as this test runs.
    h.server.set_faults(Faults {
        max_concurrent: Some(1),
        slow_body_bytes_per_sec: Some(1024),
        ..Faults::default()
    });
    let held = h.get(Persona::Admin, &media).await;
    assert_eq!(held.status(), StatusCode::OK);
    assert_eq!(held.content_length(), Some(1 << 20));

    let refused = h.get(Persona::Admin, "/api/v3/account/me").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.headers()[RETRY_AFTER], "1");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["retry_after"], 1);
    assert!(body["error_code"].is_string() && body["message"].is_string());
}

#[tokio::test]
async fn over_max_concurrent_gets_429_until_a_slot_frees() {
    let h = Harness::start(Config {
        faults: Faults {
            max_concurrent: Some(1),
            latency_ms: 300,
            ..Faults::default()
        },
        ..Config::default()
    })
    .await;
    let http = h.http.clone();
    let (url, token) = (h.url("/api/v3/account/me"), h.server.token(Persona::Admin));
    let first = tokio::spawn(async move {
        http.get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .status()
    });
    // Wait until the first request has arrived (it then waits out its latency in flight).
    while h.server.request_count() == 0 {
        tokio::task::yield_now().await;
    }
    let second = h.get(Persona::Admin, "/api/v3/account/me").await;
    assert_eq!(second.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(second.headers().contains_key(RETRY_AFTER));

    assert_eq!(first.await.unwrap(), StatusCode::OK);
    // Its answer is complete, so its slot is free again.
    assert_eq!(
        h.get(Persona::Admin, "/api/v3/account/me").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn error_rate_one_gives_only_faults_of_every_kind() {
    let h = Harness::start(Config {
        faults: Faults {
            error_rate: 1.0,
            ..Faults::default()
        },
        ..Config::default()
    })
    .await;
    let (mut resets, mut statuses) = (0, std::collections::BTreeSet::new());
    for _ in 0..60 {
        match h
            .http
            .get(h.url("/api/v3/account/me"))
            .bearer_auth(h.server.token(Persona::Admin))
            .send()
            .await
        {
            Ok(r) => {
                let status = r.status();
                assert!(
                    [
                        StatusCode::INTERNAL_SERVER_ERROR,
                        StatusCode::SERVICE_UNAVAILABLE,
                        StatusCode::TOO_MANY_REQUESTS
                    ]
                    .contains(&status),
                    "{status}"
                );
                if status == StatusCode::TOO_MANY_REQUESTS {
                    assert!(r.headers().contains_key(RETRY_AFTER));
                }
                statuses.insert(status.as_u16());
            }
            Err(e) => {
                // The connection was dropped without an answer.
                assert!(!e.is_status() && !e.is_timeout(), "{e:?}");
                resets += 1;
            }
        }
    }
    assert_eq!(statuses.into_iter().collect::<Vec<_>>(), [429, 500, 503]);
    assert!(resets > 0, "some requests see a dropped connection");
    assert_eq!(h.server.request_count(), 60);

    // Admin calls are never faulted.
    let state = h.http.get(h.url("/__admin/state")).send().await.unwrap();
    assert_eq!(state.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_reset_is_a_connection_error_for_the_client() {
    let h = Harness::default().await;
    // A seed-fixed sequence: with rate 1.0 the rolls are the same every run, so walk until
    // the first reset and check how it looks to a client.
    h.server.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    let mut saw_reset = false;
    for _ in 0..40 {
        let fresh = reqwest::Client::builder().no_proxy().build().unwrap();
        if let Err(e) = fresh.get(h.url("/api/v3/account/me")).send().await {
            assert!(e.is_request() || e.is_connect(), "{e:?}");
            saw_reset = true;
            break;
        }
    }
    assert!(saw_reset);
    h.server.set_faults(Faults::default());
    assert_eq!(
        h.get(Persona::Admin, "/api/v3/account/me").await.status(),
        StatusCode::OK
    );
}

async fn not_found_body(shape: ErrorShape) -> Value {
    let h = Harness::start(Config {
        error_shape: shape,
        ..Config::default()
    })
    .await;
    let r = h
        .get(Persona::Admin, &format!("{SESSIONS}/sess_missing"))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    r.json().await.unwrap()
}

#[tokio::test]
async fn error_bodies_take_the_configured_shape() {
    let flat = not_found_body(ErrorShape::Flat).await;
    assert_eq!(
        flat,
        json!({"error": "not_found", "message": "Session not found"})
    );
    let nested = not_found_body(ErrorShape::Nested).await;
    assert_eq!(nested["error"]["message"], "Session not found");
    assert_eq!(nested["error"]["code"], "not_found");
    let rate = not_found_body(ErrorShape::RateLimit).await;
    assert_eq!(rate["message"], "Session not found");
    assert_eq!(rate["error_code"], "NOT_FOUND");
    assert!(rate.get("retry_after").is_some());
}

#[tokio::test]
async fn admin_endpoints_steer_the_server() {
    let h = Harness::default().await;
    let all = h.all_sessions().await;
    let (a, b) = (
        all[0]["session_id"].as_str().unwrap(),
        all[1]["session_id"].as_str().unwrap(),
    );
    let post = |path: &str, body: Value| {
        let url = h.url(path);
        let http = h.http.clone();
        async move { http.post(url).json(&body).send().await.unwrap().status() }
    };

    assert_eq!(
        post("/__admin/delete", json!({"item_id": a})).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        post("/__admin/delete", json!({"item_id": "sess_never"})).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        post("/__admin/forbid", json!({"item_id": b})).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        h.delete(Persona::Admin, &format!("{SESSIONS}/{b}")).await,
        StatusCode::FORBIDDEN
    );

    let viewer = h.server.token(Persona::Viewer);
    assert_eq!(
        post("/__admin/revoke", json!({"token": viewer})).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        h.get(Persona::Viewer, "/api/v3/account/me").await.status(),
        StatusCode::UNAUTHORIZED
    );

    assert_eq!(
        post("/__admin/faults", json!({"error_rate": 1.0})).await,
        StatusCode::NO_CONTENT
    );
    let faulted = h
        .http
        .get(h.url("/api/v3/account/me"))
        .bearer_auth(h.server.token(Persona::Admin))
        .send()
        .await;
    assert!(faulted
        .map(|r| r.status().is_server_error() || r.status() == 429)
        .unwrap_or(true));
    assert_eq!(
        post("/__admin/faults", json!({})).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        h.get(Persona::Admin, "/api/v3/account/me").await.status(),
        StatusCode::OK
    );

    let state: Value = h
        .http
        .get(h.url("/__admin/state"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state, serde_json::to_value(h.server.state()).unwrap());
    assert!(state["deleted_sessions"]
        .as_array()
        .unwrap()
        .contains(&json!(a)));
    assert!(state["forbidden"].as_array().unwrap().contains(&json!(b)));
    assert_eq!(state["sessions"].as_array().unwrap().len(), 39);
    assert!(state["requests"]["GET sessions"].as_u64().unwrap() >= 1);
    assert_eq!(state["requests"]["DELETE session"], 1);
    assert_eq!(state["download_requests_with_token"], 0);
}

#[tokio::test]
async fn a_used_up_quota_answers_every_request_429_until_cleared() {
    let h = Harness::start(Config::default()).await;
    h.server.set_faults(Faults {
        rate_limit_all_retry_after: Some(3600.0),
        ..Faults::default()
    });
    for path in ["/api/v3/account/me", "/api/v3/speech-to-text/session"] {
        let refused = h.get(Persona::Admin, path).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS, "{path}");
        assert_eq!(refused.headers()[RETRY_AFTER], "3600");
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["retry_after"], 3600);
        assert_eq!(body["error_code"], "RATE_LIMIT_EXCEEDED");
    }
    assert_eq!(h.server.state().answered_429, 2);

    h.server.set_faults(Faults::default());
    let answered = h.get(Persona::Admin, "/api/v3/account/me").await;
    assert_eq!(answered.status(), StatusCode::OK);
}
