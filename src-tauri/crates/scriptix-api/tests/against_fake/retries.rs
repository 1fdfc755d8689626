//! Retries and the concurrency bound against injected faults.

use std::sync::Arc;
use std::time::Duration;

use fake_scriptix::{Config, FakeServer, Faults, Persona};
use scriptix_api::{ApiError, ClientOptions, RetryPolicy};

use crate::support::{all_sessions, client, client_with, fast_opts, start};

fn count(server: &FakeServer, key: &str) -> u64 {
    server.state().requests.get(key).copied().unwrap_or(0)
}

/// Waits for the server to have seen `n` requests of a kind. Polling, not a timing
/// assertion: the test only needs "at least this far".
async fn wait_for(server: &FakeServer, key: &str, n: u64) {
    while count(server, key) < n {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn a_rate_limited_request_waits_as_told_and_then_succeeds() {
    let server = start(Config::default()).await;
    let c = client(&server, Persona::Admin);
    // Every API request is now "one too many": 429 with Retry-After: 1.
    server.set_faults(Faults {
        max_concurrent: Some(0),
        ..Faults::default()
    });
    let pending = tokio::spawn(async move { c.me().await });
    wait_for(&server, "GET me", 2).await;
    server.set_faults(Faults::default());

    let me = pending
        .await
        .unwrap()
        .expect("succeeds once the server recovers");
    assert!(!me.id.is_empty());
    assert!(
        count(&server, "GET me") >= 3,
        "two refusals, then the success"
    );
}

#[tokio::test]
async fn a_rate_limit_that_lasts_ends_as_rate_limited_after_the_last_retry() {
    let server = start(Config::default()).await;
    let opts = ClientOptions {
        retry: RetryPolicy {
            max_retries: 2,
            ..fast_opts().retry
        },
        ..fast_opts()
    };
    let c = client_with(&server, Persona::Admin, opts);
    server.set_faults(Faults {
        max_concurrent: Some(0),
        ..Faults::default()
    });
    let err = c.session("sess_whatever").await.unwrap_err();
    match err {
        ApiError::RateLimited {
            retry_after,
            message,
        } => {
            assert_eq!(retry_after, Some(Duration::from_secs(1)));
            assert!(!message.is_empty());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(count(&server, "GET session"), 3, "one try and two retries");
}

#[tokio::test]
async fn writes_are_not_retried_even_when_rate_limited() {
    let server = start(Config::default()).await;
    let c = client(&server, Persona::Admin);
    let s = all_sessions(&c).await.remove(0);
    let d = s.documents.unwrap().remove(0);
    server.set_faults(Faults {
        max_concurrent: Some(0),
        ..Faults::default()
    });
    assert!(matches!(
        c.mark_finished(&s.id, &d.id).await,
        Err(ApiError::RateLimited { .. })
    ));
    assert!(matches!(
        c.share(&s.id, &d.id).await,
        Err(ApiError::RateLimited { .. })
    ));
    let state = server.state();
    let writes: u64 = state
        .requests
        .iter()
        .filter(|(k, _)| k.starts_with("POST") || k.starts_with("PUT"))
        .map(|(_, v)| v)
        .sum();
    assert_eq!(writes, 2);
}

#[tokio::test]
async fn the_client_wide_bound_keeps_a_strict_server_happy() {
    let server = start(Config::default()).await;
    let c = Arc::new(client(&server, Persona::Admin));
    let ids: Vec<String> = all_sessions(&c).await.into_iter().map(|s| s.id).collect();
    // The server refuses a 9th request in flight; the client sends at most 8 at once.
    server.set_faults(Faults {
        max_concurrent: Some(8),
        latency_ms: 20,
        ..Faults::default()
    });
    let tasks: Vec<_> = ids
        .iter()
        .cloned()
        .map(|id| {
            let c = Arc::clone(&c);
            tokio::spawn(async move { c.session(&id).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(
        count(&server, "GET session"),
        ids.len() as u64,
        "no request was refused and retried"
    );
}
