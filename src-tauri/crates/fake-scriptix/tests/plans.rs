//! `--plan` and `--time-scale`: per-token quotas, the rate-limit headers, the documented 429;
//! and pulling the network.

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fake_scriptix::{Config, Persona, Plan, WindowKind};
use reqwest::header::RETRY_AFTER;
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};
use support::Harness;

const ME: &str = "/api/v3/account/me";

fn header(r: &Response, name: &str) -> String {
    r.headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name}"))
        .to_str()
        .unwrap()
        .to_owned()
}

fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

/// Sleeps until the wall clock passes `unix` (a `Reset` value).
async fn sleep_until_unix(unix: f64) {
    let wait = unix - unix_now();
    if wait > 0.0 {
        tokio::time::sleep(Duration::from_secs_f64(wait + 0.005)).await;
    }
}

#[tokio::test]
async fn the_free_plan_allows_ten_a_minute_per_token_then_answers_the_documented_429() {
    // 60×: a simulated minute is one wall second.
    let h = Harness::start(Config {
        plan: Some(Plan::Free),
        time_scale: 60.0,
        ..Config::default()
    })
    .await;
    let mut reset = 0.0;
    for i in 0..10 {
        let r = h.get(Persona::Admin, ME).await;
        assert_eq!(r.status(), StatusCode::OK, "request {i}");
        assert_eq!(header(&r, "x-ratelimit-limit"), "10");
        assert_eq!(header(&r, "x-ratelimit-remaining"), (9 - i).to_string());
        reset = header(&r, "x-ratelimit-reset").parse::<f64>().unwrap();
    }
    let ahead = reset - unix_now();
    assert!(
        ahead > 0.0 && ahead <= 1.01,
        "a scaled minute ends within a wall second: {ahead}"
    );

    let refused = h.get(Persona::Admin, ME).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&refused, "x-ratelimit-remaining"), "0");
    let retry_after: f64 = header(&refused, RETRY_AFTER.as_str()).parse().unwrap();
    assert!(retry_after > 0.0 && retry_after <= 1.0, "{retry_after}");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error_code"], "RATE_LIMIT_EXCEEDED");
    assert!(body["message"].is_string());
    assert_eq!(body["retry_after"].as_f64(), Some(retry_after));

    // Another persona's token has its own quota.
    assert_eq!(h.get(Persona::Viewer, ME).await.status(), StatusCode::OK);

    // Once the reset has passed, a fresh minute begins.
    sleep_until_unix(reset).await;
    let again = h.get(Persona::Admin, ME).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(header(&again, "x-ratelimit-remaining"), "9");

    let state = h.server.state();
    assert_eq!(state.answered_429, 1);
    assert_eq!(state.total_requests, 13, "refused requests are counted too");
}

#[tokio::test]
async fn a_sliding_window_gives_back_one_request_when_its_oldest_expires_not_the_quota() {
    // 60×: a simulated minute is one wall second. Ten requests 50 ms apart, so each
    // stops counting 50 ms after the one before.
    let h =
        Harness::start(Config::default().with_plan(Plan::Free, WindowKind::Sliding, 60.0)).await;
    let mut resets = Vec::new();
    for i in 0..10 {
        if i > 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let r = h.get(Persona::Admin, ME).await;
        assert_eq!(r.status(), StatusCode::OK, "request {i}");
        assert_eq!(header(&r, "x-ratelimit-remaining"), (9 - i).to_string());
        resets.push(header(&r, "x-ratelimit-reset").parse::<f64>().unwrap());
    }
    // Every answer names the same reset: when the first request stops counting.
    let first = resets[0];
    assert!(resets.iter().all(|&r| r == first), "{resets:?}");

    let refused = h.get(Persona::Admin, ME).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        header(&refused, "x-ratelimit-reset")
            .parse::<f64>()
            .unwrap(),
        first
    );
    let retry_after: f64 = header(&refused, RETRY_AFTER.as_str()).parse().unwrap();
    assert!(
        retry_after > 0.0 && retry_after <= first - unix_now() + 0.002,
        "come back when the oldest expires: {retry_after}"
    );

    // At that reset only the first request's room came back (a fixed window would give 9
    // and a reset a whole window on), and the next reset is when the second expires.
    sleep_until_unix(first).await;
    let again = h.get(Persona::Admin, ME).await;
    assert_eq!(again.status(), StatusCode::OK);
    let remaining: u32 = header(&again, "x-ratelimit-remaining").parse().unwrap();
    let next = header(&again, "x-ratelimit-reset").parse::<f64>().unwrap();
    assert!(
        remaining < 5,
        "the quota did not come back whole: {remaining} left"
    );
    assert!(
        next > first && next < first + 0.5,
        "the next reset is the next oldest's expiry: {next} after {first}"
    );
    assert_eq!(h.server.state().answered_429, 1);
}

#[tokio::test]
async fn without_a_plan_there_is_no_quota_and_no_headers() {
    let h = Harness::default().await;
    for _ in 0..30 {
        let r = h.get(Persona::Admin, ME).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers().get("x-ratelimit-remaining").is_none());
    }
    assert_eq!(h.server.state().answered_429, 0);
}

#[tokio::test]
async fn errors_carry_the_headers_too() {
    let h = Harness::start(Config {
        plan: Some(Plan::Gold),
        ..Config::default()
    })
    .await;
    let r = h
        .get(Persona::Admin, "/api/v3/speech-to-text/session/sess_nope")
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(header(&r, "x-ratelimit-limit"), "120");
    assert_eq!(header(&r, "x-ratelimit-remaining"), "119");
    let reset: i64 = header(&r, "x-ratelimit-reset").parse().unwrap();
    let ahead = reset as f64 - unix_now();
    assert!(
        (58.0..=61.0).contains(&ahead),
        "real time: a minute ahead, {ahead}"
    );
}

async fn reachable(h: &Harness) -> bool {
    h.http
        .get(h.url(ME))
        .bearer_auth(h.server.token(Persona::Admin))
        .send()
        .await
        .is_ok()
}

#[tokio::test]
async fn pulling_the_network_refuses_connections_for_the_scaled_time_then_recovers() {
    // 120×: two simulated minutes are one wall second.
    let h = Harness::start(Config {
        time_scale: 120.0,
        ..Config::default()
    })
    .await;
    assert!(reachable(&h).await);
    h.server.pull_network(Duration::from_secs(120));
    assert!(!reachable(&h).await, "the network is down");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while !reachable(&h).await {
        assert!(tokio::time::Instant::now() < deadline, "never came back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_admin_endpoint_pulls_the_network_after_answering() {
    let h = Harness::start(Config {
        time_scale: 60.0,
        ..Config::default()
    })
    .await;
    let r = h
        .http
        .post(h.url("/__admin/network"))
        .json(&json!({"down_for_seconds": 3600}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while reachable(&h).await {
        assert!(tokio::time::Instant::now() < deadline, "never went down");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
