//! Which failures are retried, how often, and the server's Retry-After.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::json;

use super::{client, TOKEN};
use crate::test_support::{RawServer, Reply};
use crate::{
    ApiError, ClientOptions, DeleteOutcome, RetryPolicy, ScriptixClient, Secret, WaitReason,
};

fn me_ok() -> Reply {
    Reply::json(200, json!({"result": {"id": 1}}))
}

#[tokio::test]
async fn gateway_errors_and_hangups_are_retried_for_gets() {
    let server = RawServer::start(vec![
        Reply::json(502, json!({"error": "bad gateway"})),
        Reply::empty(503),
        Reply::Hangup,
        Reply::empty(504),
        me_ok(),
    ])
    .await;
    assert_eq!(client(&server).me().await.unwrap().id, "1");
    assert_eq!(server.requests().len(), 5);
}

#[tokio::test]
async fn retries_are_bounded_by_count() {
    let server = RawServer::start(
        (0..6)
            .map(|_| Reply::json(503, json!({"message": "busy"})))
            .collect(),
    )
    .await;
    let err = client(&server).me().await.unwrap_err();
    assert_eq!(
        err,
        ApiError::Server {
            status: 503,
            message: "busy".into()
        }
    );
    assert_eq!(server.requests().len(), 5, "1 try + 4 retries");
}

#[tokio::test]
async fn other_failures_are_not_retried() {
    for reply in [
        Reply::json(500, json!({"error": "boom"})),
        Reply::json(400, json!({"error": "bad"})),
        Reply::json(401, json!({"error": "expired"})),
        Reply::json(404, json!({"error": "nope"})),
        Reply::json(422, json!({"error": "invalid"})),
    ] {
        let server = RawServer::start(vec![reply, me_ok()]).await;
        assert!(client(&server).me().await.is_err());
        assert_eq!(server.requests().len(), 1);
    }
}

#[tokio::test]
async fn posts_and_puts_are_never_retried() {
    let server = RawServer::start(vec![Reply::empty(503), Reply::empty(204)]).await;
    let err = client(&server).mark_finished("s", "d").await.unwrap_err();
    assert!(matches!(err, ApiError::Server { status: 503, .. }));
    assert_eq!(server.requests().len(), 1);

    let server = RawServer::start(vec![
        Reply::Hangup,
        Reply::json(200, json!({"result": {"link": "x"}})),
    ])
    .await;
    assert!(matches!(
        client(&server).share("s", "d").await,
        Err(ApiError::Network { .. })
    ));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn deletes_are_retried_and_a_lost_answer_reads_as_not_found() {
    let server = RawServer::start(vec![
        Reply::empty(503),
        Reply::json(404, json!({"error": "gone"})),
    ])
    .await;
    assert_eq!(
        client(&server).delete_document("s", "d").await.unwrap(),
        DeleteOutcome::NotFound
    );
    let methods: Vec<String> = server.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, ["DELETE", "DELETE"]);
}

#[tokio::test]
async fn rate_limits_honour_retry_after_from_header_or_body() {
    let server = RawServer::start(vec![
        Reply::json(429, json!({"error": "rate_limit_exceeded", "message": "slow"})).header("retry-after", "0"),
        Reply::json(429, json!({"error": "Rate Limit Exceeded", "error_code": "RATE_LIMIT_EXCEEDED", "retry_after": 0})),
        me_ok(),
    ])
    .await;
    assert_eq!(client(&server).me().await.unwrap().id, "1");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn an_hour_long_retry_after_is_waited_announced_and_ends_only_on_stop() {
    let server = RawServer::start(vec![
        Reply::json(429, json!({"message": "later"})).header("retry-after", "3600"),
        me_ok(),
    ])
    .await;
    let opts = ClientOptions {
        retry: RetryPolicy {
            max_total: Duration::from_secs(1),
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    };
    let stop = Arc::new(AtomicBool::new(false));
    let c = ScriptixClient::new(&server.url(), Secret::new(TOKEN), opts)
        .unwrap()
        .with_stop(Arc::clone(&stop));
    let mut waits = c.waits();
    let pending = {
        let c = c.clone();
        tokio::spawn(async move { c.me().await })
    };
    let wait = *waits.wait_for(Option::is_some).await.unwrap();
    let wait = wait.unwrap();
    assert_eq!(wait.reason, WaitReason::Quota);
    let ahead = wait.until.duration_since(SystemTime::now()).unwrap();
    assert!(ahead > Duration::from_secs(3590), "{ahead:?}");
    assert!(!pending.is_finished(), "not a failure: a wait");
    stop.store(true, Ordering::SeqCst);
    assert_eq!(pending.await.unwrap().unwrap_err(), ApiError::Cancelled);
    assert_eq!(
        server.requests().len(),
        1,
        "nothing sent before the hour is over"
    );
}

#[tokio::test]
async fn a_post_refused_with_429_is_sent_again() {
    let server = RawServer::start(vec![
        Reply::json(429, json!({"message": "slow"})).header("retry-after", "0"),
        Reply::empty(204),
    ])
    .await;
    client(&server).mark_finished("s", "d").await.unwrap();
    let methods: Vec<String> = server.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, ["POST", "POST"]);
}
