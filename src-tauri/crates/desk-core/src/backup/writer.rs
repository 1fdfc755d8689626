//! Writes one backup `.zip`, durably, without ever leaving something that looks finished.
//!
//! The zip crate is synchronous, so the archive is written on a dedicated thread fed by a
//! small bounded channel of chunks: a 1 GiB media download passes through with a few
//! megabytes of memory, and the async side waits (back-pressure) when the disk is slower
//! than the network. The thread hashes every file as it writes it, so the manifest lists
//! exactly what went into the zip, and takes a CRC-32 of the zip itself on its way to the
//! disk (the read-back must find the same).
//!
//! The archive is built in a hidden `.partial` file in the target folder (same file system,
//! so the final rename is atomic). Only [`BackupWriter::finish`] gives it its real name,
//! after everything is synced; dropping an unfinished writer removes the temp file.
//!
//! `create`, the end of `finish` and `drop` make brief blocking file-system calls (open,
//! link, fsync of the folder, waiting for the thread to stop at its next chunk); the bulk
//! of the work never runs on the async runtime.

use std::fs::OpenOptions;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{ready, Context, Poll};
use std::thread::JoinHandle;

use tokio::io::AsyncWrite;
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::PollSender;

use super::digest::CrcWriter;
use super::flusher::Flusher;
use super::manifest::{Manifest, MANIFEST_PATH};
use super::readme::README_PATH;
use super::worker::{Command, ZipWorker};
use crate::error::{DeskError, DeskResult};
use crate::error::{Detail, IoProblem};
use crate::fsutil::{sync_dir, temp_path_for};

/// Size of one chunk handed to the writer thread.
const CHUNK: usize = 256 * 1024;
/// Chunks that may wait for the writer thread: bounds memory to a few chunks.
const QUEUE: usize = 4;

/// How an entry is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// JSON, text, subtitles: deflated.
    Text,
    /// Audio or video: already compressed, so stored as is, with zip64 for files over 4 GiB.
    Media,
}

/// A backup that was written, synced and given its final name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinishedBackup {
    pub path: PathBuf,
    /// CRC-32 of the whole `.zip` as it was written: the read-back right after writing
    /// ([`super::verify::verify_written`]) must find the same on disk.
    pub crc32_of_zip: u32,
    pub bytes: u64,
}

/// An open backup being written. See the module docs.
pub struct BackupWriter {
    final_path: PathBuf,
    temp_path: PathBuf,
    tx: Option<mpsc::Sender<Command>>,
    worker: Option<JoinHandle<()>>,
    /// The writer thread's failure, once it has stopped.
    failure: Arc<Mutex<Option<Detail>>>,
    /// Entry paths already used, lower-cased (zip tools on Windows/macOS ignore case).
    paths: std::collections::HashSet<String>,
    /// An entry whose writer was dropped before it was shut down: its content is incomplete.
    incomplete_entry: Option<String>,
}

impl std::fmt::Debug for BackupWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackupWriter")
            .field("final_path", &self.final_path)
            .field("temp_path", &self.temp_path)
            .finish_non_exhaustive()
    }
}

impl BackupWriter {
    /// Start a backup that will be saved as `final_path`. Fails if that file already exists:
    /// a backup never silently replaces another file.
    pub fn create(final_path: &Path) -> DeskResult<Self> {
        refuse_existing(final_path)?;
        let temp_path = temp_path_for(final_path);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&temp_path)
            .map_err(|e| save_error(&e))?;
        let flusher = file
            .try_clone()
            .and_then(Flusher::start)
            .map_err(|_| not_started())?;
        let out = CrcWriter::new(file);
        let (tx, rx) = mpsc::channel(QUEUE);
        let failure = Arc::new(Mutex::new(None));
        let thread_failure = failure.clone();
        let worker = std::thread::Builder::new()
            .name("backup-zip".into())
            .spawn(move || {
                let mut rx = rx;
                if let Err(message) = ZipWorker::new(out, flusher).run(&mut rx) {
                    *thread_failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(message);
                }
                // Only now may the queue close. The async side learns of a failure from the
                // closed queue and then reads the message stored above; closing first
                // would let it read nothing and report a vague "could not be written"
                // instead of, say, "The disk is full."
                drop(rx);
            })
            .map_err(|_| not_started())?;
        Ok(BackupWriter {
            final_path: final_path.to_path_buf(),
            temp_path,
            tx: Some(tx),
            worker: Some(worker),
            failure,
            paths: Default::default(),
            incomplete_entry: None,
        })
    }

    pub fn final_path(&self) -> &Path {
        &self.final_path
    }

    /// Where the unfinished archive is being written (hidden, ends in `.partial`).
    pub fn temp_path(&self) -> &Path {
        &self.temp_path
    }

    /// Why the writer thread stopped, if it did (disk full, folder gone…).
    pub fn failure(&self) -> Option<Detail> {
        self.failure
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Add a small file (JSON, text, an export already in memory), deflated.
    pub async fn add_bytes(&mut self, path: &str, bytes: Vec<u8>) -> DeskResult<()> {
        self.start(path, EntryKind::Text).await?;
        if !bytes.is_empty() {
            self.send(Command::Chunk(bytes)).await?;
        }
        self.send(Command::End).await
    }

    /// Open an entry to stream into. Call `shutdown()` on it when done: an entry dropped
    /// without that counts as incomplete and the backup cannot be finished.
    pub async fn entry(&mut self, path: &str, kind: EntryKind) -> DeskResult<EntryWriter<'_>> {
        self.start(path, kind).await?;
        let sender = PollSender::new(self.tx.clone().expect("the sender lives until drop"));
        Ok(EntryWriter {
            path: path.to_string(),
            sender,
            buf: Vec::with_capacity(CHUNK),
            shut_down: false,
            owner: self,
        })
    }

    /// Write `README.txt` and the manifest (its `files` list filled from what was actually
    /// written, README included), finish the zip, sync it, and give it its final name. On any
    /// failure nothing is left at `final_path` and the temp file is removed.
    pub async fn finish(mut self, manifest: Manifest) -> DeskResult<FinishedBackup> {
        if let Some(path) = &self.incomplete_entry {
            return Err(incomplete(path));
        }
        let (reply, answer) = oneshot::channel();
        self.send(Command::Finish {
            manifest: Box::new(manifest),
            reply,
        })
        .await?;
        let done = match answer.await {
            Ok(Ok(done)) => done,
            Ok(Err(message)) => return Err(DeskError::Backup(message)),
            Err(_) => return Err(self.stopped()),
        };
        persist_without_replacing(&self.temp_path, &self.final_path)?;
        Ok(FinishedBackup {
            path: self.final_path.clone(),
            crc32_of_zip: done.crc32,
            bytes: done.bytes,
        })
    }

    async fn start(&mut self, path: &str, kind: EntryKind) -> DeskResult<()> {
        if let Some(path) = &self.incomplete_entry {
            return Err(incomplete(path));
        }
        check_entry_path(path)?;
        if !self.paths.insert(path.to_lowercase()) {
            return Err(DeskError::bug(format!("duplicate backup entry {path}")));
        }
        self.send(Command::Start {
            path: path.to_string(),
            kind,
        })
        .await
    }

    async fn send(&mut self, command: Command) -> DeskResult<()> {
        let tx = self.tx.as_ref().expect("the sender lives until drop");
        match tx.send(command).await {
            Ok(()) => Ok(()),
            Err(_) => Err(self.stopped()),
        }
    }

    /// The error to report once the writer thread has gone away.
    fn stopped(&self) -> DeskError {
        DeskError::Backup(
            self.failure()
                .unwrap_or(Detail::BackupNotWritten { io: None }),
        )
    }
}

impl Drop for BackupWriter {
    fn drop(&mut self) {
        // Closing the channel stops the thread at its next command; waiting for it means the
        // temp file is closed before it is removed, and no stray thread outlives the backup.
        self.tx = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
        // After a successful finish the temp name is a second link to the saved backup (or
        // already renamed away); either way removing it is right.
        let _ = std::fs::remove_file(&self.temp_path);
    }
}

/// Streams one entry into the backup. Writes are buffered into chunks for the writer thread.
pub struct EntryWriter<'a> {
    owner: &'a mut BackupWriter,
    path: String,
    sender: PollSender<Command>,
    buf: Vec<u8>,
    shut_down: bool,
}

impl EntryWriter<'_> {
    fn stopped_io(&self) -> io::Error {
        io::Error::other(self.owner.stopped().to_string())
    }

    /// Hand the buffered bytes to the writer thread, waiting for room in the queue.
    fn poll_send_buf(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.buf.is_empty() {
            return Poll::Ready(Ok(()));
        }
        if ready!(self.sender.poll_reserve(cx)).is_err() {
            return Poll::Ready(Err(self.stopped_io()));
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        if self.sender.send_item(Command::Chunk(chunk)).is_err() {
            return Poll::Ready(Err(self.stopped_io()));
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for EntryWriter<'_> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.shut_down {
            return Poll::Ready(Err(io::Error::other("this backup file is already closed")));
        }
        if self.buf.len() >= CHUNK {
            ready!(self.poll_send_buf(cx))?;
        }
        let n = (CHUNK - self.buf.len()).min(data.len());
        self.buf.extend_from_slice(&data[..n]);
        Poll::Ready(Ok(n))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.poll_send_buf(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.shut_down {
            return Poll::Ready(Ok(()));
        }
        ready!(self.poll_send_buf(cx))?;
        if ready!(self.sender.poll_reserve(cx)).is_err()
            || self.sender.send_item(Command::End).is_err()
        {
            return Poll::Ready(Err(self.stopped_io()));
        }
        self.shut_down = true;
        Poll::Ready(Ok(()))
    }
}

impl Drop for EntryWriter<'_> {
    fn drop(&mut self) {
        if !self.shut_down {
            self.owner.incomplete_entry = Some(std::mem::take(&mut self.path));
        }
    }
}

fn not_started() -> DeskError {
    DeskError::bug("backup writer did not start")
}

fn incomplete(path: &str) -> DeskError {
    DeskError::Backup(Detail::BackupIncomplete {
        entry: path.to_owned(),
    })
}

/// Entry paths are relative, `/`-separated, and never climb out of the archive.
fn check_entry_path(path: &str) -> DeskResult<()> {
    let bad = path.is_empty()
        || path == MANIFEST_PATH
        || path == README_PATH
        || path.starts_with('/')
        || path.contains('\\')
        || path
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..");
    if bad {
        return Err(DeskError::bug(format!("unsafe backup entry {path}")));
    }
    Ok(())
}

fn refuse_existing(final_path: &Path) -> DeskResult<()> {
    match std::fs::symlink_metadata(final_path) {
        Ok(_) => Err(already_exists(final_path)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(save_error(&e)),
    }
}

fn already_exists(final_path: &Path) -> DeskError {
    DeskError::Backup(Detail::FileExists {
        name: final_path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned(),
    })
}

fn save_error(e: &io::Error) -> DeskError {
    DeskError::Backup(Detail::BackupNotSaved {
        io: IoProblem::of(e),
    })
}

/// Give the synced temp file its final name without ever replacing an existing file, then
/// sync the folder so the name survives a power cut. The temp name is removed by `Drop`.
///
/// A hard link fails atomically if the name is taken. Some file systems (FAT/exFAT USB
/// sticks) have no hard links; there we check and rename, which leaves only a tiny window in
/// which another program could create the same name.
fn persist_without_replacing(temp: &Path, final_path: &Path) -> DeskResult<()> {
    match std::fs::hard_link(temp, final_path) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(already_exists(final_path))
        }
        Err(_) => {
            refuse_existing(final_path)?;
            std::fs::rename(temp, final_path).map_err(|e| save_error(&e))?;
        }
    }
    sync_dir(final_path.parent().unwrap_or(Path::new("."))).map_err(|e| {
        // Not known to be durable: a backup the delete could rely on must be.
        let _ = std::fs::remove_file(final_path);
        save_error(&e)
    })
}
