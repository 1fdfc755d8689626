//! Retries and the concurrency bound against injected faults.

use std::sync::Arc;
use std::time::Duration;

use fake_scriptix::{Config, FakeServer, Faults, Persona};
use scriptix_api::{ClientOptions, RetryPolicy};

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
async fn a_rate_limit_that_lasts_is_waited_out_beyond_every_retry_budget() {
    let server = start(Config::default()).await;
    let opts = ClientOptions {
        retry: RetryPolicy {
            max_retries: 2,
            max_total: Duration::from_millis(10),
            ..fast_opts().retry
        },
        ..fast_opts()
    };
    let c = client_with(&server, Persona::Admin, opts);
    let id = all_sessions(&c).await.remove(0).id;
    server.set_faults(Faults {
        max_concurrent: Some(0),
        ..Faults::default()
    });
    let pending = tokio::spawn(async move { c.session(&id).await });
    // Four refusals, past two retries and 10 ms, and the request is still waiting.
    wait_for(&server, "GET session", 5).await;
    assert!(!pending.is_finished());
    server.set_faults(Faults::default());
    pending
        .await
        .unwrap()
        .expect("succeeds once the server lets it");
}

#[tokio::test]
async fn writes_refused_with_429_are_sent_again_since_they_were_not_carried_out() {
    let server = start(Config::default()).await;
    let c = client(&server, Persona::Admin);
    let s = all_sessions(&c).await.remove(0);
    let d = s.documents.unwrap().remove(0);
    server.set_faults(Faults {
        max_concurrent: Some(0),
        ..Faults::default()
    });
    let pending = {
        let (c, s, d) = (c.clone(), s.id.clone(), d.id.clone());
        tokio::spawn(async move { c.mark_finished(&s, &d).await })
    };
    wait_for(&server, "POST finished_status", 2).await;
    server.set_faults(Faults::default());
    pending
        .await
        .unwrap()
        .expect("marked once the server lets it");
    assert!(server.state().finished_documents.contains(&d.id));
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
