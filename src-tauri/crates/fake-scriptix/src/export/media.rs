//! The `media` export: a deterministic pseudo-random stream, never held in memory.

use axum::body::Bytes;

use super::pace::Chunks;
use crate::rng::mix;

/// Byte `i` of the recording with this key is byte `i % 8` of `mix(key ^ i / 8)`, so the
/// content does not depend on how it is chunked.
pub(super) struct Media(pub(super) u64);

impl Chunks for Media {
    fn chunk(&self, offset: u64, len: usize) -> Bytes {
        let mut out = Vec::with_capacity(len);
        let mut pos = offset;
        while out.len() < len {
            let word = mix(self.0 ^ (pos / 8)).to_le_bytes();
            let from = (pos % 8) as usize;
            let take = (8 - from).min(len - out.len());
            out.extend_from_slice(&word[from..from + take]);
            pos += take as u64;
        }
        Bytes::from(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_is_independent_of_chunking() {
        let m = Media(42);
        let whole = m.chunk(0, 100);
        let parts = [m.chunk(0, 3), m.chunk(3, 50), m.chunk(53, 47)].concat();
        assert_eq!(whole.to_vec(), parts);
        assert_ne!(whole, Media(43).chunk(0, 100));
    }
}
