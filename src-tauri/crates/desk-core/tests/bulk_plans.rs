//! Jobs of hours against the fake's published plans, time-scaled: a bulk backup-then-delete
//! that crosses hourly and daily quotas, and one that meets a network outage. Both must end
//! with every session done, nothing failed for reasons of rate or reachability, and nothing
//! deleted without a verified backup.

mod bulk_support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use bulk_support::{Env, Events};
use desk_core::bulk::{self, BulkEvent, BulkMode, JobControl, WaitKind};
use fake_scriptix::{Config, Plan};
use sha2::Digest;

/// Every `.zip` in `folder` checked here, with `zip` and `sha2` only (not the app's own
/// verifier): each file the manifest lists is present with its SHA-256 and size, and
/// nothing else is. Returns the session ids of the zips that pass.
fn independently_verified(folder: &Path) -> BTreeSet<String> {
    let mut ok = BTreeSet::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "zip") {
            continue;
        }
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let manifest: serde_json::Value = {
            let mut text = String::new();
            zip.by_name("manifest.json")
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            serde_json::from_str(&text).unwrap()
        };
        let listed: BTreeMap<String, (String, u64)> = manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().unwrap().to_owned(),
                    (
                        f["sha256"].as_str().unwrap().to_owned(),
                        f["bytes"].as_u64().unwrap(),
                    ),
                )
            })
            .collect();
        let mut seen = BTreeSet::new();
        let mut good = true;
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).unwrap();
            let name = file.name().unwrap().to_string();
            if name == "manifest.json" || name.ends_with('/') {
                continue;
            }
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            let sum = hex::encode(sha2::Sha256::digest(&bytes));
            good &= listed.get(&name) == Some(&(sum, bytes.len() as u64));
            seen.insert(name);
        }
        good &= seen.len() == listed.len();
        if good {
            for s in manifest["sessions"].as_array().unwrap() {
                ok.insert(s["id"].as_str().unwrap().to_owned());
            }
        }
    }
    ok
}

fn waits_seen(events: &[BulkEvent], kind: WaitKind) -> usize {
    events
        .iter()
        .filter(|e| matches!(e, BulkEvent::Progress { waiting: Some(w), .. } if w.kind == kind))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hundred_sessions_on_the_free_plan_cross_the_quotas_and_all_finish() {
    // 3,600×: a simulated hour is one wall second. The free plan allows 10 a minute, 100
    // an hour and 1,000 a day per token, 2 in flight; this job needs about 800 requests
    // (documents carry their comments), so it crosses seven hourly quotas.
    let env = Env::start(Config {
        sessions: 300,
        seed: 11,
        plan: Some(Plan::Free),
        time_scale: 3_600.0,
        ..Config::default()
    })
    .await;
    let plan = env.plan_all(BulkMode::BackUpThenDelete, false).await;
    assert_eq!(plan.items.len(), 300);
    let events = Events::default();
    let summary = env.run_watched(plan.clone(), events.sink()).await;

    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    assert_eq!(summary.remaining, 0);
    assert_eq!(
        summary.deleted + summary.already_deleted,
        300,
        "{summary:?}"
    );
    assert!(!summary.cancelled && summary.stopped_because.is_none());

    // Every session the server saw deleted has a backup that checks out, by hand.
    let deleted = env.deleted_sessions();
    assert_eq!(deleted.len(), 300);
    let verified = independently_verified(env.folder.path());
    let unbacked: Vec<&String> = deleted.difference(&verified).collect();
    assert!(
        unbacked.is_empty(),
        "deleted without a verified backup: {unbacked:?}"
    );

    let state = env.server.state();
    assert!(
        state.total_requests > 500,
        "the job crossed several hourly quotas: {} requests",
        state.total_requests
    );
    let share = state.answered_429 as f64 / state.total_requests as f64;
    assert!(
        share < 0.02,
        "{} of {} requests answered 429",
        state.answered_429,
        state.total_requests
    );
    // The person saw the job wait for the quota rather than fail.
    assert!(waits_seen(&events.all(), WaitKind::Quota) > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_network_outage_of_two_minutes_mid_job_is_waited_out() {
    // 10×: two simulated minutes are 12 wall seconds, longer than the client's own retries
    // (about 4 s), so the job itself must wait.
    let env = Env::start(Config {
        sessions: 24,
        seed: 12,
        plan: Some(Plan::Gold),
        time_scale: 10.0,
        ..Config::default()
    })
    .await;
    let plan = env.plan_all(BulkMode::BackUpThenDelete, false).await;
    let events = Events::default();
    let job = {
        let (client, plan, jobs, audit, sink) = (
            env.client.clone(),
            plan.clone(),
            env.jobs_dir(),
            env.audit.clone(),
            events.sink(),
        );
        tokio::spawn(async move {
            bulk::start(&client, plan, &jobs, &audit, sink, &JobControl::new()).await
        })
    };
    // Pull the network once a few sessions are done.
    while env.deleted_sessions().len() < 4 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    env.server.pull_network(Duration::from_secs(120));
    let summary = job.await.unwrap().unwrap();

    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    assert_eq!(summary.deleted + summary.already_deleted, 24, "{summary:?}");
    assert!(summary.stopped_because.is_none() && !summary.cancelled);
    let verified = independently_verified(env.folder.path());
    let unbacked: Vec<String> = env
        .deleted_sessions()
        .difference(&verified)
        .cloned()
        .collect();
    assert!(
        unbacked.is_empty(),
        "deleted without a verified backup: {unbacked:?}"
    );
    assert!(
        waits_seen(&events.all(), WaitKind::Network) > 0,
        "the job showed that it was waiting for the network"
    );
}
