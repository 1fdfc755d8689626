//! A hostile or broken server: downloads that drip, run past their announced size, or
//! point into the local network. Over real TCP against the fake server's fault switches.

use std::time::Duration;

use fake_scriptix::{Config, Faults, Persona};
use scriptix_api::{ApiError, ClientOptions, ExportFormat, ScriptixClient};
use tokio::time::Instant;

use crate::support::{all_sessions, client_with, fast_opts, start};

/// Far more than any of these should take; the tests fail (rather than hang) past it.
const HANG_GUARD: Duration = Duration::from_secs(30);

async fn media_export(
    client: &ScriptixClient,
    out: &mut Vec<u8>,
) -> (Result<scriptix_api::ExportInfo, ApiError>, Duration) {
    let session = all_sessions(client).await.remove(0);
    let document = session.documents.unwrap().remove(0);
    let started = Instant::now();
    let result = tokio::time::timeout(
        HANG_GUARD,
        client.export_to(&session.id, &document.id, ExportFormat::Media, out, &|_| {}),
    )
    .await
    .expect("the export must end by itself");
    (result, started.elapsed())
}

#[tokio::test]
async fn a_download_dripping_a_byte_a_second_ends_at_the_deadline() {
    let server = start(Config {
        sessions: 2,
        faults: Faults {
            // Never silent for the idle timeout: a byte a second, 2 MiB to go.
            slow_body_bytes_per_sec: Some(1),
            ..Faults::default()
        },
        ..Config::default()
    })
    .await;
    let opts = ClientOptions {
        request_deadline: Duration::from_secs(2),
        ..fast_opts()
    };
    let client = client_with(&server, Persona::Admin, opts);
    let mut out = Vec::new();
    let (result, took) = media_export(&client, &mut out).await;
    assert!(
        matches!(result, Err(ApiError::Network { .. })),
        "{result:?}"
    );
    assert!(out.len() < 100, "{} bytes came through", out.len());
    assert!(took < Duration::from_secs(15), "{took:?}");
}

#[tokio::test]
async fn a_slow_but_steady_download_is_not_cut_off() {
    // 256 KiB at 128 KiB/s takes 2 s, past a 1 s deadline: the bytes earn their time.
    let server = start(Config {
        sessions: 2,
        media_bytes: 256 * 1024,
        faults: Faults {
            slow_body_bytes_per_sec: Some(128 * 1024),
            ..Faults::default()
        },
        ..Config::default()
    })
    .await;
    let opts = ClientOptions {
        request_deadline: Duration::from_secs(1),
        min_body_rate: 32 * 1024,
        ..fast_opts()
    };
    let client = client_with(&server, Persona::Admin, opts);
    let mut out = Vec::new();
    let (result, _) = media_export(&client, &mut out).await;
    assert_eq!(result.unwrap().bytes, 256 * 1024);
}

#[tokio::test]
async fn a_download_longer_than_announced_is_cut_off_at_the_announced_size() {
    let media_bytes = 2 * 1024 * 1024;
    let announced = 1024 * 1024;
    let server = start(Config {
        sessions: 2,
        media_bytes,
        faults: Faults {
            understate_size_bytes: media_bytes - announced,
            ..Faults::default()
        },
        ..Config::default()
    })
    .await;
    let client = client_with(&server, Persona::Admin, fast_opts());
    let mut out = Vec::new();
    let (result, _) = media_export(&client, &mut out).await;
    assert!(matches!(result, Err(ApiError::Decode { .. })), "{result:?}");
    // Nothing past the announced size and its small slack was written.
    assert!(
        (out.len() as u64) < announced + announced / 50 + 64 * 1024,
        "{} bytes written",
        out.len()
    );
}

#[tokio::test]
async fn a_download_link_into_the_local_network_is_not_followed() {
    let server = start(Config {
        sessions: 2,
        faults: Faults {
            // A cloud metadata service: never to be fetched on a server's say-so.
            download_host: Some("169.254.169.254".into()),
            ..Faults::default()
        },
        ..Config::default()
    })
    .await;
    let client = client_with(&server, Persona::Admin, fast_opts());
    let mut out = Vec::new();
    let (result, took) = media_export(&client, &mut out).await;
    match result {
        Err(ApiError::Decode { message }) => assert!(message.contains("private"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(out.is_empty());
    // Refused before any connection attempt (which would wait for the connect timeout).
    assert!(took < Duration::from_secs(5), "{took:?}");
}
