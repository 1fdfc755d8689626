//! A single action (one backup-then-delete) that Scriptix asks to wait: the wait is reported
//! while it lasts and cleared when requests flow again, and Stop during the wait ends the
//! action with nothing deleted — before the backup (no file either) or while the delete
//! itself waits (the verified backup stays). Against the fake over real TCP; the fake's
//! `rate_limit_all_retry_after` fault answers every API request 429 while it is set.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use desk_core::backup::{open_backup, AccountMeta};
use desk_core::bulk::{JobWait, WaitKind};
use desk_core::cancel::CancelToken;
use desk_core::deletion::{back_up_then_delete, DeleteTarget};
use desk_core::saving::SaveTarget;
use desk_core::waiting::report_waits;
use desk_core::DeskError;
use fake_scriptix::{Config, FakeServer, Faults, Persona};
use scriptix_api::{ClientOptions, ScriptixClient, Secret};
use tokio::sync::mpsc;

/// Long enough that only Stop (or clearing the fault) ends a wait within the test.
const AN_HOUR: f64 = 3600.0;
/// Far more than any step here needs; a hang fails instead of stalling the suite.
const LIMIT: Duration = Duration::from_secs(60);

struct Setup {
    server: Arc<FakeServer>,
    client: ScriptixClient,
    session_id: String,
    document_id: String,
}

async fn setup() -> Setup {
    let server = FakeServer::start(Config {
        seed: 5,
        sessions: 3,
        ..Config::default()
    })
    .await
    .expect("start the fake Scriptix server");
    let client = ScriptixClient::new(
        &server.base_url(),
        Secret::new(server.token(Persona::Admin)),
        ClientOptions::default(),
    )
    .unwrap();
    let first = client
        .list_sessions_page(&Default::default(), 0, 10)
        .await
        .unwrap()
        .items
        .remove(0);
    let session = client.session(&first.id).await.unwrap();
    let document_id = session
        .documents
        .as_ref()
        .and_then(|d| d.first())
        .expect("the sample session has a document")
        .id
        .clone();
    Setup {
        server: Arc::new(server),
        client,
        session_id: session.id,
        document_id,
    }
}

fn quota_for(seconds: f64) -> Faults {
    Faults {
        rate_limit_all_retry_after: Some(seconds),
        ..Faults::default()
    }
}

fn account() -> AccountMeta {
    AccountMeta {
        label: "Office".into(),
        organization: "Acme".into(),
        server: "loopback".into(),
    }
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0
}

/// Every wait the reporter tells, in order.
fn collect_waits(
    client: &ScriptixClient,
) -> (
    desk_core::waiting::WaitReporter,
    mpsc::UnboundedReceiver<Option<JobWait>>,
) {
    let (tx, rx) = mpsc::unbounded_channel();
    let reporter = report_waits(client, move |w| {
        let _ = tx.send(w);
    });
    (reporter, rx)
}

async fn next(rx: &mut mpsc::UnboundedReceiver<Option<JobWait>>) -> Option<JobWait> {
    tokio::time::timeout(LIMIT, rx.recv())
        .await
        .expect("a wait change is reported")
        .expect("the reporter is still running")
}

fn nothing_deleted(server: &FakeServer) {
    let state = server.state();
    assert!(
        state.deleted_sessions.is_empty()
            && state.deleted_documents.is_empty()
            && state.deleted_comments.is_empty(),
        "something was deleted: {:?} {:?} {:?}",
        state.deleted_sessions,
        state.deleted_documents,
        state.deleted_comments
    );
}

#[tokio::test]
async fn a_wait_is_reported_with_its_end_and_cleared_when_requests_flow_again() {
    let s = setup().await;
    let (_reporter, mut waits) = collect_waits(&s.client);
    s.server.set_faults(quota_for(4.0));
    let asked_at = now_ms();
    let request = tokio::spawn({
        let (client, id) = (s.client.clone(), s.session_id.clone());
        async move { client.session(&id).await }
    });

    let wait = next(&mut waits).await.expect("the 429 starts a wait");
    assert_eq!(wait.kind, WaitKind::Quota);
    // Retry-After: 4 → the wait ends about 4 s after the request was answered.
    let ends_in = wait.until_ms - asked_at;
    assert!(
        (3_000.0..=9_000.0).contains(&ends_in),
        "the wait ends {ends_in} ms after the request"
    );

    s.server.set_faults(Faults::default());
    let session = tokio::time::timeout(LIMIT, request)
        .await
        .expect("the request goes on after the wait")
        .unwrap()
        .expect("and succeeds");
    assert_eq!(session.id, s.session_id);
    assert_eq!(next(&mut waits).await, None, "the wait is cleared");
}

#[tokio::test]
async fn stop_during_a_wait_before_the_backup_deletes_nothing_and_saves_nothing() {
    let s = setup().await;
    let folder = tempfile::tempdir().unwrap();
    let cancel = CancelToken::new();
    // As the app does: the action's client ends its waits when Stop is pressed.
    let client = s.client.with_stop(cancel.flag());
    let (_reporter, mut waits) = collect_waits(&client);
    s.server.set_faults(quota_for(AN_HOUR));

    let target = DeleteTarget::Document {
        session_id: s.session_id.clone(),
        document_id: s.document_id.clone(),
    };
    let save_to = SaveTarget::chosen(folder.path().join("backup.zip"));
    let action = {
        let (client, cancel, target) = (client.clone(), cancel.clone(), target.clone());
        tokio::spawn(async move {
            back_up_then_delete(
                &client,
                &account(),
                &target,
                Some(save_to),
                false,
                &|_| {},
                &cancel,
            )
            .await
        })
    };
    let wait = next(&mut waits).await.expect("the action waits");
    assert_eq!(wait.kind, WaitKind::Quota);
    assert!(wait.until_ms > now_ms() + 3_000_000.0, "{wait:?}");

    cancel.cancel(); // the person presses Stop
    let result = tokio::time::timeout(LIMIT, action)
        .await
        .expect("Stop ends the wait")
        .unwrap();
    assert!(matches!(result, Err(DeskError::Cancelled(_))), "{result:?}");
    nothing_deleted(&s.server);
    let left: Vec<_> = std::fs::read_dir(folder.path()).unwrap().collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}

#[tokio::test]
async fn stop_while_the_delete_waits_keeps_the_backup_and_deletes_nothing() {
    let s = setup().await;
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("backup.zip");
    let cancel = CancelToken::new();
    let client = s.client.with_stop(cancel.flag());
    let (_reporter, mut waits) = collect_waits(&client);

    let target = DeleteTarget::Document {
        session_id: s.session_id.clone(),
        document_id: s.document_id.clone(),
    };
    let action = {
        let (client, cancel, target, server) = (
            client.clone(),
            cancel.clone(),
            target.clone(),
            Arc::clone(&s.server),
        );
        let save_to = SaveTarget::chosen(path.clone());
        tokio::spawn(async move {
            // Once every file of the backup is in, the quota runs out: the next request
            // is the delete, and it has to wait.
            let progress = move |p: desk_core::backup::BackupProgress| {
                if p.files_total > 0 && p.files_done == p.files_total {
                    server.set_faults(quota_for(AN_HOUR));
                }
            };
            back_up_then_delete(
                &client,
                &account(),
                &target,
                Some(save_to),
                false,
                &progress,
                &cancel,
            )
            .await
        })
    };
    let wait = next(&mut waits).await.expect("the delete waits");
    assert_eq!(wait.kind, WaitKind::Quota);
    assert!(
        path.is_file(),
        "the wait came after the backup was saved and checked"
    );

    cancel.cancel();
    let result = tokio::time::timeout(LIMIT, action)
        .await
        .expect("Stop ends the wait")
        .unwrap();
    assert!(matches!(result, Err(DeskError::Cancelled(_))), "{result:?}");
    nothing_deleted(&s.server);
    let state = s.server.state();
    assert_eq!(
        state.requests.get("DELETE document").copied(),
        Some(1),
        "the delete was asked once and refused with 429, never sent again"
    );
    assert!(state.answered_429 >= 1);
    let view = open_backup(&path).expect("the backup stays, verified");
    assert!(
        view.sessions
            .iter()
            .any(|session| session.id == s.session_id),
        "the backup holds the session"
    );
}
