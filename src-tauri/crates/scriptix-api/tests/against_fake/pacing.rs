//! Pacing against the fake's published plans, time-scaled: the client keeps to the quota
//! by the headers, waits out the resets, and shares one pace per server.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use fake_scriptix::{Config, Persona, Plan, WindowKind};
use scriptix_api::{ClientOptions, WaitReason};

use crate::support::{all_sessions, client, client_with, fast_opts, start};

#[tokio::test]
async fn a_job_past_the_hourly_quota_waits_for_the_reset_and_hardly_ever_hears_429() {
    // 600×: a simulated minute is 0.1 s, an hour 6 s. The free plan: 10 a minute, 100 an
    // hour, 2 in flight.
    let server = start(Config {
        sessions: 30,
        plan: Some(Plan::Free),
        time_scale: 600.0,
        ..Config::default()
    })
    .await;
    let c = Arc::new(client(&server, Persona::Admin));
    let ids: Vec<String> = all_sessions(&c).await.into_iter().map(|s| s.id).collect();
    let started = SystemTime::now();
    let mut waits = c.waits();
    // 150 reads: more than an hour's 100, so the job must wait for the next hour.
    let tasks: Vec<_> = (0..150)
        .map(|i| {
            let (c, id) = (Arc::clone(&c), ids[i % ids.len()].clone());
            tokio::spawn(async move { c.session(&id).await })
        })
        .collect();
    let mut saw_quota_wait = false;
    let all = futures_util::future::join_all(tasks);
    tokio::pin!(all);
    let results = loop {
        tokio::select! {
            results = &mut all => break results,
            Ok(()) = waits.changed() => {
                let wait = *waits.borrow_and_update();
                saw_quota_wait |= wait.is_some_and(|w| w.reason == WaitReason::Quota
                    && w.until > started + Duration::from_secs(5));
            }
        }
    };
    for r in results {
        r.unwrap().expect("no request fails for a rate limit");
    }
    assert!(saw_quota_wait, "the wait for the next hour was announced");
    let hour = Duration::from_secs(6);
    assert!(
        SystemTime::now().duration_since(started).unwrap() >= hour - Duration::from_millis(100),
        "the fake enforces its hour, so 151 requests cannot be done sooner"
    );
    let state = server.state();
    let share = state.answered_429 as f64 / state.total_requests as f64;
    assert!(
        share < 0.02,
        "{} of {} requests answered 429",
        state.answered_429,
        state.total_requests
    );
    let limits: Vec<u32> = c.observed_limits().iter().map(|l| l.limit).collect();
    assert!(limits.contains(&10) && limits.contains(&100), "{limits:?}");
}

#[tokio::test]
async fn one_accounts_spent_quota_holds_back_another_account_on_the_same_server() {
    // 60×: a simulated minute is one wall second.
    let server = start(Config {
        plan: Some(Plan::Free),
        time_scale: 60.0,
        ..Config::default()
    })
    .await;
    let first = client(&server, Persona::Admin);
    let second = client(&server, Persona::Contributor);
    for _ in 0..10 {
        first.me().await.unwrap();
    }
    // The first account has spent this minute's 10. The server would still let the
    // second one in (its token has its own quota), but the two may share one quota on a
    // real server: the second waits for the same reset.
    let wait = first.waits().borrow().to_owned();
    let mut second_waits = second.waits();
    let pending = tokio::spawn(async move { second.me().await });
    let wait = match wait {
        Some(w) => w,
        None => second_waits
            .wait_for(Option::is_some)
            .await
            .unwrap()
            .expect("a wait"),
    };
    assert_eq!(wait.reason, WaitReason::Quota);
    pending.await.unwrap().unwrap();
    assert!(
        SystemTime::now() >= wait.until,
        "the second account's request went out only after the reset"
    );
    assert_eq!(server.state().answered_429, 0);
    assert_eq!(server.state().requests["GET me"], 11);
}

/// A Bronze-like job (30 a minute; the client keeps at most 2 in flight) of 90 reads
/// against `kind` windows, 60× fast (a minute is one wall second). Returns (requests
/// sent, answered 429, wall time).
async fn bronze_job(kind: WindowKind) -> (u64, u64, Duration) {
    let server = start(Config::default().with_plan(Plan::Bronze, kind, 60.0)).await;
    let c = Arc::new(client_with(
        &server,
        Persona::Admin,
        ClientOptions {
            max_in_flight: 2,
            ..fast_opts()
        },
    ));
    let started = SystemTime::now();
    let tasks: Vec<_> = (0..90)
        .map(|_| {
            let c = Arc::clone(&c);
            tokio::spawn(async move { c.me().await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().expect("no request fails for a rate limit");
    }
    let elapsed = SystemTime::now()
        .duration_since(started)
        .unwrap_or_default();
    let state = server.state();
    assert_eq!(state.requests["GET me"], state.total_requests);
    (state.total_requests, state.answered_429, elapsed)
}

/// The share of 429s must stay under 2%, and the job within a generous bound of its quota
/// floor (90 requests at 30 a minute: two minutes, two wall seconds here), so a pacer that
/// avoids 429s by crawling fails too.
fn assert_paced(kind: WindowKind, (sent, refused, elapsed): (u64, u64, Duration)) {
    eprintln!("{kind}: {sent} requests, {refused} answered 429, {elapsed:?}");
    assert!(
        (refused as f64) < 0.02 * sent as f64,
        "{kind} windows: {refused} of {sent} requests answered 429"
    );
    assert!(
        elapsed < Duration::from_secs(10),
        "{kind} windows: 90 requests took {elapsed:?}, the floor is 2 s"
    );
}

#[tokio::test]
async fn a_bronze_like_job_hardly_hears_429_under_fixed_windows() {
    assert_paced(WindowKind::Fixed, bronze_job(WindowKind::Fixed).await);
}

#[tokio::test]
async fn a_bronze_like_job_hardly_hears_429_under_sliding_windows() {
    assert_paced(WindowKind::Sliding, bronze_job(WindowKind::Sliding).await);
}
