//! A server that answers, but too slowly to ever finish: the total deadline ends it.

use std::time::Duration;

use tokio::time::Instant;

use super::{fast_opts, TOKEN};
use crate::test_support::{RawServer, Reply};
use crate::{ApiError, ClientOptions, RetryPolicy, ScriptixClient, Secret};

#[tokio::test]
async fn a_json_answer_dripping_a_byte_at_a_time_ends_at_the_deadline() {
    // 200 bytes, one every 100 ms: 20 s in all, never 100 ms silent, so the 30 s idle
    // timeout alone would wait it out (and a byte every 20 s, for ever).
    let body = format!(
        r#"{{"result": {{"id": 1, "email": "{}"}}}}"#,
        "a".repeat(150)
    );
    let server = RawServer::start(vec![Reply::Drip {
        body: body.into_bytes(),
        every: Duration::from_millis(100),
    }])
    .await;
    let opts = ClientOptions {
        retry: RetryPolicy::none(),
        request_deadline: Duration::from_secs(1),
        ..fast_opts()
    };
    let client = ScriptixClient::new(&server.url(), Secret::new(TOKEN), opts).unwrap();
    let started = Instant::now();
    let result = tokio::time::timeout(Duration::from_secs(15), client.me())
        .await
        .expect("the request must end by its deadline, not when the server is done");
    assert!(
        matches!(result, Err(ApiError::Network { .. })),
        "{result:?}"
    );
    // A hang guard with room for a loaded machine, not a timing test.
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn large_json_answers_are_read_a_few_at_a_time() {
    // Two answers: a 5 MiB one (a very long transcript) and a small one.
    let big = serde_json::json!({"result": {"id": 1, "email": "x".repeat(5 * 1024 * 1024)}});
    let server = RawServer::start(vec![
        Reply::json(200, big),
        Reply::json(200, serde_json::json!({"result": {"id": 2}})),
    ])
    .await;
    let client = ScriptixClient::new(&server.url(), Secret::new(TOKEN), fast_opts()).unwrap();
    // Every large-body slot is taken, as by other requests holding big answers.
    let slots = &client.transport.large_json;
    assert_eq!(slots.available_permits(), 2);
    let held = slots.acquire_many(2).await.unwrap();
    let waiting = tokio::spawn({
        let client = client.clone();
        async move { client.me().await }
    });
    server.wait_for_requests(1).await;
    // A small answer is not held up by the big ones.
    let small = tokio::time::timeout(Duration::from_secs(10), client.me())
        .await
        .expect("a small answer never waits for a large-body slot");
    assert_eq!(small.unwrap().id, "2");
    // Time enough for 5 MiB over loopback, had it not waited.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "the large answer waited for a slot");
    drop(held);
    let large = tokio::time::timeout(Duration::from_secs(10), waiting)
        .await
        .expect("a freed slot lets the large answer through")
        .unwrap();
    assert_eq!(large.unwrap().id, "1");
}
