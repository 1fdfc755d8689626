//! How long the client waits before retrying, measured: each test runs under a deadline (a
//! hung retry fails instead of hanging the suite) and asserts the time it actually waited,
//! so a client that ignored `Retry-After`, or waited far longer than its budget, fails. A
//! 429 is always waited out, however long (see `retries.rs`: an hour-long `Retry-After` ends
//! only on Stop).

use std::time::{Duration, Instant};

use serde_json::json;

use super::{client, TOKEN};
use crate::test_support::{RawServer, Reply};
use crate::{ApiError, ClientOptions, RetryPolicy, ScriptixClient, Secret};

/// No test here may take longer than this, whatever the client does.
const DEADLINE: Duration = Duration::from_secs(20);

fn me_ok() -> Reply {
    Reply::json(200, json!({"result": {"id": 1}}))
}

/// Runs `f` under [`DEADLINE`] and returns its result and how long it took.
async fn timed<T>(f: impl std::future::Future<Output = T>) -> (T, Duration) {
    let started = Instant::now();
    let out = tokio::time::timeout(DEADLINE, f)
        .await
        .expect("the call ends within the deadline");
    (out, started.elapsed())
}

#[tokio::test]
async fn retry_after_in_the_header_is_waited_out() {
    let server = RawServer::start(vec![
        Reply::json(429, json!({"message": "slow"})).header("retry-after", "1"),
        me_ok(),
    ])
    .await;
    let (me, waited) = timed(client(&server).me()).await;
    assert_eq!(me.unwrap().id, "1");
    assert_eq!(server.requests().len(), 2);
    assert!(waited >= Duration::from_secs(1), "retried after {waited:?}");
}

#[tokio::test]
async fn retry_after_in_the_body_is_waited_out() {
    let server = RawServer::start(vec![
        Reply::json(
            429,
            json!({"error_code": "RATE_LIMIT_EXCEEDED", "retry_after": 1.5}),
        ),
        me_ok(),
    ])
    .await;
    let (me, waited) = timed(client(&server).me()).await;
    assert_eq!(me.unwrap().id, "1");
    assert!(
        waited >= Duration::from_millis(1500),
        "retried after {waited:?}"
    );
}

#[tokio::test]
async fn backoff_stays_inside_its_windows() {
    // Four retries with full jitter in windows of 100, 200, 400 and 800 ms: at most 1.5 s
    // of waiting in all, however the draws fall.
    let server = RawServer::start((0..5).map(|_| Reply::empty(503)).collect()).await;
    let opts = ClientOptions {
        retry: RetryPolicy {
            base_delay: Duration::from_millis(100),
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    };
    let c = ScriptixClient::new(&server.url(), Secret::new(TOKEN), opts).unwrap();
    let (result, waited) = timed(c.me()).await;
    assert!(matches!(result, Err(ApiError::Server { status: 503, .. })));
    assert_eq!(server.requests().len(), 5);
    assert!(
        waited < Duration::from_millis(1500) + Duration::from_secs(2),
        "backoff took {waited:?}"
    );
}
