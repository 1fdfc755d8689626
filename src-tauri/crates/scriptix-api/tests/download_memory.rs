//! A 200 MiB media export must stream: memory stays flat whatever the file size.
//!
//! Its own test file, so it runs in its own process and the peak resident size it reads
//! from `/proc/self/status` belongs to this download alone.
#![cfg(target_os = "linux")]

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use fake_scriptix::{Config, FakeServer, Persona};
use scriptix_api::{ClientOptions, ExportFormat, ListQuery, Progress, ScriptixClient, Secret};
use tokio::io::AsyncWrite;

const MEDIA_BYTES: u64 = 200 * 1024 * 1024;
const ALLOWED_GROWTH_KIB: u64 = 64 * 1024;

/// Counts what it is given and keeps none of it.
#[derive(Default)]
struct CountingSink {
    bytes: u64,
}

impl AsyncWrite for CountingSink {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.bytes += buf.len() as u64;
        Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// A `VmRSS:`/`VmHWM:` line of /proc/self/status, in KiB.
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("{field} in /proc/self/status"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_200_mib_media_export_streams_with_flat_memory() {
    let server = FakeServer::start(Config {
        sessions: 3,
        media_bytes: MEDIA_BYTES,
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
    let page = client
        .list_sessions_page(&ListQuery::default(), 0, 1)
        .await
        .unwrap();
    let session = &page.items[0];
    let document = &session.documents.as_ref().unwrap()[0];

    // Warm the whole path (connections, runtime, allocator) on a small export first, so
    // only the big download's own growth is measured.
    let mut warm = CountingSink::default();
    client
        .export_to(
            &session.id,
            &document.id,
            ExportFormat::Txt,
            &mut warm,
            &|_| {},
        )
        .await
        .unwrap();

    let rss_before = status_kib("VmRSS");
    let last_progress = AtomicU64::new(0);
    let mut sink = CountingSink::default();
    let info = client
        .export_to(
            &session.id,
            &document.id,
            ExportFormat::Media,
            &mut sink,
            &|p: Progress| last_progress.store(p.bytes, Ordering::Relaxed),
        )
        .await
        .unwrap();
    let peak_after = status_kib("VmHWM");

    assert_eq!(info.bytes, MEDIA_BYTES);
    assert_eq!(sink.bytes, MEDIA_BYTES);
    assert_eq!(last_progress.load(Ordering::Relaxed), MEDIA_BYTES);
    let growth = peak_after.saturating_sub(rss_before);
    assert!(
        growth < ALLOWED_GROWTH_KIB,
        "peak resident size grew by {} MiB while streaming {} MiB",
        growth / 1024,
        MEDIA_BYTES / 1024 / 1024
    );
    assert_eq!(server.state().download_requests_with_token, 0);
}
