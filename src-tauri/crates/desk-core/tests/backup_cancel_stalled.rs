//! "Stop" during a backup whose download has stalled: the job ends at once with nothing
//! left behind, instead of waiting for the server (which here never sends another byte).

mod backup_support;

use std::time::Duration;

use backup_support::dir_names;
use desk_core::backup::{back_up_sessions, AccountMeta};
use desk_core::cancel::CancelToken;
use desk_core::DeskError;
use fake_scriptix::{Config, FakeServer, Faults, Persona};
use scriptix_api::{ClientOptions, ScriptixClient, Secret};
use tokio::time::Instant;

#[tokio::test]
async fn stop_ends_a_backup_whose_download_stalled() {
    let server = FakeServer::start(Config {
        sessions: 2,
        faults: Faults {
            // Headers, then silence: only the idle timeout (30 s) would end the read.
            slow_body_bytes_per_sec: Some(0),
            ..Faults::default()
        },
        ..Config::default()
    })
    .await
    .unwrap();
    let client = ScriptixClient::new(
        &server.base_url(),
        Secret::new(server.token(Persona::Admin)),
        ClientOptions::default(),
    )
    .unwrap();
    let session = client
        .list_sessions_page(&Default::default(), 0, 1)
        .await
        .unwrap()
        .items
        .remove(0);
    let dir = tempfile::tempdir().unwrap();
    let cancel = CancelToken::new();
    let stop = cancel.clone();
    let blob_requests = |server: &FakeServer| {
        server
            .state()
            .requests
            .get("GET blob")
            .copied()
            .unwrap_or(0)
    };
    let pressed = tokio::spawn(async move {
        // Stop once the media download has started (and stalled).
        tokio::time::sleep(Duration::from_millis(1500)).await;
        stop.cancel();
        Instant::now()
    });
    let result = tokio::time::timeout(
        Duration::from_secs(25),
        back_up_sessions(
            &client,
            AccountMeta {
                label: "Office".into(),
                organization: "Acme".into(),
                server: "loopback".into(),
            },
            std::slice::from_ref(&session.id),
            None,
            true,
            &dir.path().join("backup.zip"),
            &|_| {},
            &cancel,
        ),
    )
    .await
    .expect("Stop must end the backup, not the server's silence");
    let ended = Instant::now();
    let pressed = pressed.await.unwrap();
    assert!(matches!(result, Err(DeskError::Cancelled(_))), "{result:?}");
    assert!(blob_requests(&server) > 0, "the download had started");
    // A hang guard with room for a loaded machine, not a timing test.
    assert!(ended - pressed < Duration::from_secs(5));
    assert!(
        dir_names(dir.path()).is_empty(),
        "{:?}",
        dir_names(dir.path())
    );
}
