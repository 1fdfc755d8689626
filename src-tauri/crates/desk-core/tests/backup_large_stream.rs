//! A 1 GiB media download passes through a backup with flat memory.
//!
//! In its own test binary so the peak-memory reading is this test's alone.
#![cfg(target_os = "linux")]

mod backup_support;

use desk_core::backup::{AccountMeta, BackupWriter, EntryKind, Manifest};
use tokio::io::AsyncWriteExt;

const GIB: u64 = 1024 * 1024 * 1024;
/// Generous next to the writer's few queued chunks, tiny next to the 1 GiB streamed.
const MAX_GROWTH: u64 = 64 * 1024 * 1024;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_gib_of_media_streams_through_with_flat_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.zip");
    let (_, rss_at_start) = backup_support::memory();

    let mut writer = BackupWriter::create(&path).unwrap();
    let mut entry = writer
        .entry("sessions/s/media.mp4", EntryKind::Media)
        .await
        .unwrap();
    // Noise, stamped with a counter so no two chunks are alike, as in a real download.
    let mut chunk = vec![0u8; 1024 * 1024];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for word in chunk.chunks_exact_mut(8) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        word.copy_from_slice(&state.to_le_bytes());
    }
    for n in 0..GIB / chunk.len() as u64 {
        chunk[..8].copy_from_slice(&n.to_le_bytes());
        entry.write_all(&chunk).await.unwrap();
    }
    entry.shutdown().await.unwrap();
    drop(entry);
    let account = AccountMeta {
        label: "a".into(),
        organization: String::new(),
        server: "s".into(),
    };
    let finished = writer.finish(Manifest::new(account, vec![])).await.unwrap();

    let (peak, _) = backup_support::memory();
    let growth = peak.saturating_sub(rss_at_start);
    assert!(
        growth < MAX_GROWTH,
        "peak memory grew by {} MiB while streaming 1 GiB",
        growth / (1024 * 1024)
    );

    // The zip64 records are right: a zip tool sees the whole file, stored as is. (Reading
    // it all back is covered by the smaller round-trip tests; re-hashing 1 GiB here would
    // only make this test slow.)
    assert!(finished.bytes > GIB);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let media = zip.by_name("sessions/s/media.mp4").unwrap();
    assert_eq!(media.size(), GIB);
    assert_eq!(media.compression(), zip::CompressionMethod::Stored);
}
