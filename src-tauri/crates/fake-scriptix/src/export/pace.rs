//! Sending a body chunk by chunk, optionally at a fixed rate (the slow-body fault).

use std::convert::Infallible;
use std::time::Duration;

use axum::body::Bytes;
use futures_util::stream::{self, Stream};
use tokio::time::Instant;

/// Unthrottled chunks are this big: small enough to keep memory flat for any size.
const CHUNK: usize = 64 * 1024;

/// Anything that can produce bytes `offset..offset + len` of a file on demand.
pub(super) trait Chunks: Send + 'static {
    fn chunk(&self, offset: u64, len: usize) -> Bytes;
}

pub(super) struct Memory(pub(super) Bytes);

impl Chunks for Memory {
    fn chunk(&self, offset: u64, len: usize) -> Bytes {
        let start = offset as usize;
        self.0.slice(start..start + len)
    }
}

/// `len` bytes of `source`; with `bytes_per_sec`, no faster than that (`Some(0)` sends the
/// headers and then stalls forever, to exercise a client's idle timeout).
pub(super) fn paced<C: Chunks>(
    source: C,
    len: u64,
    bytes_per_sec: Option<u64>,
) -> impl Stream<Item = Result<Bytes, Infallible>> + Send + 'static {
    let chunk_len = match bytes_per_sec {
        None => CHUNK,
        // About ten chunks a second, so the rate is smooth at any speed.
        Some(bps) => (bps / 10).clamp(1, CHUNK as u64) as usize,
    };
    let start = Instant::now();
    stream::unfold((source, 0u64), move |(source, sent)| async move {
        if sent >= len {
            return None;
        }
        match bytes_per_sec {
            Some(0) => std::future::pending::<()>().await,
            // Due when the bytes already sent have had their time.
            Some(bps) => {
                tokio::time::sleep_until(start + Duration::from_secs_f64(sent as f64 / bps as f64))
                    .await
            }
            None => {}
        }
        let n = chunk_len.min(usize::try_from(len - sent).unwrap_or(usize::MAX));
        let bytes = source.chunk(sent, n);
        Some((Ok(bytes), (source, sent + n as u64)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    #[tokio::test]
    async fn all_bytes_in_order_in_bounded_chunks() {
        let data = Bytes::from((0..200_000u32).map(|i| i as u8).collect::<Vec<u8>>());
        let chunks: Vec<Bytes> = paced(Memory(data.clone()), data.len() as u64, None)
            .map(|c| c.unwrap())
            .collect()
            .await;
        assert!(chunks.iter().all(|c| c.len() <= CHUNK));
        assert_eq!(chunks.concat(), data.to_vec());
    }

    #[tokio::test(start_paused = true)]
    async fn throttled_bodies_take_their_time() {
        // Paused clock: sleeps advance virtual time instantly, so this measures pacing
        // without waiting for it.
        let started = Instant::now();
        let data = Bytes::from(vec![7u8; 1000]);
        let total: usize = paced(Memory(data), 1000, Some(100))
            .map(|c| c.unwrap().len())
            .fold(0, |a, n| async move { a + n })
            .await;
        assert_eq!(total, 1000);
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(9_900), "{took:?}");
        assert!(took < Duration::from_millis(10_500), "{took:?}");
    }
}
