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
