//! Starts writing a large backup to disk while it is still being downloaded.
//!
//! A backup counts only once it is synced, and syncing a 1 GiB recording written in one go
//! makes the person wait for the whole gigabyte to reach the disk at the very end (about
//! half a second here, far longer on a USB stick). This thread, holding its own handle to
//! the file, syncs what has been written so far every [`EVERY`] bytes, while the writer
//! carries on; the final sync then only has the last stretch left. It changes nothing about
//! what counts as saved: the backup is still synced whole, renamed and read back before
//! anything relies on it.

use std::fs::File;
use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};
use std::thread::JoinHandle;

/// Written bytes between two background syncs.
const EVERY: u64 = 64 * 1024 * 1024;

pub(super) struct Flusher {
    tx: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
    since_last: u64,
}

impl Flusher {
    /// `file` is a second handle to the file being written (`File::try_clone`).
    pub(super) fn start(file: File) -> std::io::Result<Self> {
        // One pending request at most: if a sync is still running, a new one would only
        // queue behind it, so requests made meanwhile are dropped.
        let (tx, rx) = sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("backup-flush".into())
            .spawn(move || {
                for () in rx {
                    // A failure here is not final: the closing sync reports it.
                    let _ = file.sync_data();
                }
            })?;
        Ok(Flusher {
            tx: Some(tx),
            thread: Some(thread),
            since_last: 0,
        })
    }

    /// `bytes` more were written to the file.
    pub(super) fn wrote(&mut self, bytes: usize) {
        self.since_last += bytes as u64;
        if self.since_last >= EVERY {
            self.since_last = 0;
            if let Some(tx) = &self.tx {
                match tx.try_send(()) {
                    Ok(()) | Err(TrySendError::Full(())) => {}
                    Err(TrySendError::Disconnected(())) => self.tx = None,
                }
            }
        }
    }

    /// Wait for a sync under way to end (the caller then syncs the whole file itself).
    pub(super) fn stop(mut self) {
        self.stop_thread();
    }

    fn stop_thread(&mut self) {
        self.tx = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Flusher {
    fn drop(&mut self) {
        self.stop_thread();
    }
}
