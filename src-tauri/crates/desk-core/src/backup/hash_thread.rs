//! A SHA-256 computed on a helper thread.
//!
//! Writing or reading back a backup hashes the same bytes twice: once per file inside the
//! zip (for the manifest) and once for the whole zip (for the journal and the index). SHA-256
//! runs at about a gigabyte per second, so on one thread a 1 GiB recording would spend
//! seconds just hashing. With the whole-zip hash here, the two hashes run side by side on
//! two cores. The bytes are copied into a small bounded queue, so memory stays flat and a
//! slow hash holds the writer or reader back rather than piling up.

use std::io;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

use sha2::{Digest, Sha256};

/// Bytes collected before they are handed to the thread: few, large hand-overs.
const BATCH: usize = 256 * 1024;
/// Batches that may wait for the thread (a few MiB at most).
const QUEUE: usize = 4;

pub(super) struct HashThread {
    tx: Option<SyncSender<Vec<u8>>>,
    thread: Option<JoinHandle<Sha256>>,
    batch: Vec<u8>,
    bytes: u64,
}

impl HashThread {
    pub(super) fn start() -> io::Result<Self> {
        let (tx, rx) = sync_channel::<Vec<u8>>(QUEUE);
        let thread = std::thread::Builder::new()
            .name("backup-sha256".into())
            .spawn(move || {
                let mut hasher = Sha256::new();
                for batch in rx {
                    hasher.update(&batch);
                }
                hasher
            })?;
        Ok(HashThread {
            tx: Some(tx),
            thread: Some(thread),
            batch: Vec::with_capacity(BATCH),
            bytes: 0,
        })
    }

    pub(super) fn update(&mut self, mut data: &[u8]) -> io::Result<()> {
        self.bytes += data.len() as u64;
        while !data.is_empty() {
            let n = (BATCH - self.batch.len()).min(data.len());
            self.batch.extend_from_slice(&data[..n]);
            data = &data[n..];
            if self.batch.len() == BATCH {
                self.send()?;
            }
        }
        Ok(())
    }

    /// The SHA-256 of everything given (lower-case hex) and its length.
    pub(super) fn finish(mut self) -> io::Result<(String, u64)> {
        self.send()?;
        self.tx = None; // ends the thread's loop
        let hasher = self
            .thread
            .take()
            .expect("joined only here or on drop")
            .join()
            .map_err(|_| stopped())?;
        Ok((hex::encode(hasher.finalize()), self.bytes))
    }

    fn send(&mut self) -> io::Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        let tx = self.tx.as_ref().expect("present until finish");
        tx.send(batch).map_err(|_| stopped())
    }
}

impl Drop for HashThread {
    fn drop(&mut self) {
        // Abandoned (the backup failed or was cancelled): let the thread finish the few
        // queued batches and stop, so none outlives the backup.
        self.tx = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn stopped() -> io::Error {
    io::Error::other("computing the backup's checksum stopped unexpectedly")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_hash_as_hashing_in_place_whatever_the_pieces() {
        let data: Vec<u8> = (0..1_000_003u32).map(|i| (i % 253) as u8).collect();
        let mut thread = HashThread::start().unwrap();
        for piece in data.chunks(77_777) {
            thread.update(piece).unwrap();
        }
        thread.update(&[]).unwrap();
        assert_eq!(
            thread.finish().unwrap(),
            (hex::encode(Sha256::digest(&data)), data.len() as u64)
        );
    }

    #[test]
    fn nothing_hashed_is_the_empty_hash() {
        let (sha256, bytes) = HashThread::start().unwrap().finish().unwrap();
        assert_eq!(sha256, hex::encode(Sha256::digest(b"")));
        assert_eq!(bytes, 0);
    }
}
