//! The backup's writer thread: owns the zip, and hashes every file as it writes it.
//!
//! Fed by [`super::writer::BackupWriter`] through a bounded channel; see there for why.
//!
//! The zip is written as a stream: each entry's sizes and CRC follow its data (a "data
//! descriptor", part of the zip standard and read by every zip program) instead of being
//! patched into its header afterwards. Nothing is ever overwritten, so the bytes going out
//! are the file, and the whole zip's CRC-32 is computed on the way out rather than by
//! reading the finished file again.

use std::fs::File;
use std::io::{self, BufWriter, Write};

use sha2::{Digest, Sha256};
use tokio::sync::{mpsc, oneshot};
use zip::write::{SimpleFileOptions, StreamWriter};
use zip::{CompressionMethod, ZipWriter};

use super::digest::{CrcWriter, WrittenSums};
use super::flusher::Flusher;
use super::manifest::{FileRecord, Manifest, MANIFEST_PATH};
use super::readme::{self, README_PATH};
use super::writer::EntryKind;
use crate::error::{Detail, IoProblem};

const ZIP_BUFFER: usize = 64 * 1024;

pub(super) enum Command {
    Start {
        path: String,
        kind: EntryKind,
    },
    Chunk(Vec<u8>),
    End,
    Finish {
        manifest: Box<Manifest>,
        reply: oneshot::Sender<Result<WrittenSums, Detail>>,
    },
}

/// The writer thread: owns the zip and hashes each file as it goes.
pub(super) struct ZipWorker {
    // The CRC sits under the buffer: it sees exactly the bytes handed to the file.
    zip: ZipWriter<StreamWriter<BufWriter<CrcWriter<File>>>>,
    current: Option<OpenEntry>,
    files: Vec<FileRecord>,
    modified: zip::DateTime,
    flusher: Flusher,
}

struct OpenEntry {
    path: String,
    hasher: Sha256,
    bytes: u64,
}

impl ZipWorker {
    pub(super) fn new(file: CrcWriter<File>, flusher: Flusher) -> Self {
        ZipWorker {
            zip: ZipWriter::new_stream(BufWriter::with_capacity(ZIP_BUFFER, file)),
            current: None,
            files: Vec::new(),
            modified: zip_now(),
            flusher,
        }
    }

    /// Runs until the archive is finished or the channel closes (the backup was dropped).
    ///
    /// Borrows the receiver: the caller must record a failure *before* dropping it, because
    /// the closed channel is how the async side learns that something went wrong, and it
    /// then reads the failure to say what.
    pub(super) fn run(mut self, rx: &mut mpsc::Receiver<Command>) -> Result<(), Detail> {
        while let Some(command) = rx.blocking_recv() {
            match command {
                Command::Start { path, kind } => self.start(path, kind).map_err(zip_message)?,
                Command::Chunk(bytes) => self.write(&bytes).map_err(io_message)?,
                Command::End => self.end(),
                Command::Finish { manifest, reply } => {
                    let result = self.finish(*manifest);
                    let failure = result.as_ref().err().cloned();
                    let _ = reply.send(result);
                    return failure.map_or(Ok(()), Err);
                }
            }
        }
        Ok(())
    }

    fn options(&self, kind: EntryKind) -> SimpleFileOptions {
        let base = SimpleFileOptions::default()
            .last_modified_time(self.modified)
            .unix_permissions(0o644);
        match kind {
            EntryKind::Text => base.compression_method(CompressionMethod::Deflated),
            EntryKind::Media => base
                .compression_method(CompressionMethod::Stored)
                .large_file(true),
        }
    }

    fn start(&mut self, path: String, kind: EntryKind) -> zip::result::ZipResult<()> {
        self.end();
        self.zip.start_file(path.as_str(), self.options(kind))?;
        self.current = Some(OpenEntry {
            path,
            hasher: Sha256::new(),
            bytes: 0,
        });
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        let entry = self
            .current
            .as_mut()
            .ok_or_else(|| io::Error::other("no open entry"))?;
        entry.hasher.update(bytes);
        entry.bytes += bytes.len() as u64;
        self.zip.write_all(bytes)?;
        self.flusher.wrote(bytes.len());
        Ok(())
    }

    fn end(&mut self) {
        if let Some(entry) = self.current.take() {
            self.files.push(FileRecord {
                path: entry.path,
                sha256: hex::encode(entry.hasher.finalize()),
                bytes: entry.bytes,
            });
        }
    }

    fn finish(mut self, mut manifest: Manifest) -> Result<WrittenSums, Detail> {
        self.end();
        self.start(README_PATH.into(), EntryKind::Text)
            .map_err(zip_message)?;
        self.write(readme::render(&manifest).as_bytes())
            .map_err(io_message)?;
        self.end();
        manifest.files = std::mem::take(&mut self.files);
        let json = serde_json::to_vec_pretty(&manifest)
            .map_err(|_| Detail::BackupNotWritten { io: None })?;
        self.zip
            .start_file(MANIFEST_PATH, self.options(EntryKind::Text))
            .map_err(zip_message)?;
        self.zip.write_all(&json).map_err(io_message)?;
        let buffered = self.zip.finish().map_err(zip_message)?.into_inner();
        let summing = buffered
            .into_inner()
            .map_err(|e| io_message(e.into_error()))?;
        let (file, sums) = summing.finish();
        self.flusher.stop();
        file.sync_all().map_err(io_message)?;
        Ok(sums)
    }
}

fn io_message(e: io::Error) -> Detail {
    Detail::BackupNotWritten {
        io: Some(IoProblem::of(&e)),
    }
}

fn zip_message(e: zip::result::ZipError) -> Detail {
    match e {
        zip::result::ZipError::Io(e) => io_message(e),
        _ => Detail::BackupNotWritten { io: None },
    }
}

/// Entry timestamps in the zip's DOS format (no time zone: UTC is as good as any).
fn zip_now() -> zip::DateTime {
    let now = time::OffsetDateTime::now_utc();
    zip::DateTime::from_date_and_time(
        u16::try_from(now.year()).unwrap_or(1980),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
    )
    .unwrap_or_default()
}
