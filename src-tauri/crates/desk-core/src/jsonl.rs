//! Append-only JSON-lines files that survive a crash: the job journal and the audit log.
//!
//! Every record is one line, and [`DurableLog::append`] returns only after the line is on
//! disk (`fdatasync`). Appends from many tasks at once are *group-committed*: a writer
//! thread takes every record waiting at that moment, writes them in one go and syncs once,
//! so a bulk job with many items in flight pays one sync per batch instead of one per
//! record, without any record being acknowledged before it is durable.
//!
//! A crash can leave only the last line incomplete (records are acknowledged one batch at a
//! time, in order). Readers ignore such a torn tail, and opening a file for appending cuts
//! it off first, so the next record never gets glued onto half a line.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;

use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::sync::oneshot;

use crate::fsutil::sync_dir;

struct Request {
    line: Vec<u8>,
    done: oneshot::Sender<Result<(), io::ErrorKind>>,
}

/// An open, append-only JSON-lines file with its writer thread.
#[derive(Debug)]
pub(crate) struct DurableLog {
    path: PathBuf,
    /// `None` only while dropping (see the `Drop` impl).
    tx: Option<mpsc::Sender<Request>>,
    writer: Option<JoinHandle<()>>,
}

/// Whether a log is kept to one writer across processes (see [`DurableLog::create_new`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Writers {
    /// Many handles may append (the audit log: every app copy records its deletes).
    Shared,
    /// An OS lock on the file for as long as this log is open: a second open, in this
    /// process or another, fails with [`io::ErrorKind::WouldBlock`] (a job's journal: two
    /// runs of one job would both back up and delete its sessions).
    Exclusive,
}

/// What reading a JSON-lines file found.
#[derive(Debug)]
pub(crate) struct JsonlRead<T> {
    pub records: Vec<T>,
    /// Complete lines that did not parse. Only the last, unterminated line can be torn by a
    /// crash, so a damaged *complete* line means the file was changed by something else.
    pub damaged_lines: u32,
}

impl DurableLog {
    /// Create a new file; fails if it already exists, so two jobs can never share a journal.
    pub fn create_new(path: &Path, writers: Writers) -> io::Result<Self> {
        let file = crate::fsutil::private_options()
            .append(true)
            .create_new(true)
            .open(path)?;
        lock(&file, writers)?;
        file.sync_all()?;
        sync_dir(path.parent().unwrap_or(Path::new(".")))?;
        Ok(Self::spawn(path, file, 0))
    }

    /// Open (creating if missing) for appending, after cutting off a torn last line.
    ///
    /// With [`Writers::Exclusive`] the lock is taken before anything is read or cut: a torn
    /// tail of a log another writer is still appending to is that writer's next line.
    pub fn open_append(path: &Path, writers: Writers) -> io::Result<Self> {
        let file = crate::fsutil::private_options()
            .read(true)
            .append(true)
            .create(true)
            .open(path)?;
        lock(&file, writers)?;
        let len = file.metadata()?.len();
        let keep = complete_len(&file, len)?;
        if keep != len {
            file.set_len(keep)?;
            file.sync_all()?;
        }
        sync_dir(path.parent().unwrap_or(Path::new(".")))?;
        Ok(Self::spawn(path, file, keep))
    }

    fn spawn(path: &Path, file: File, len: u64) -> Self {
        let (tx, rx) = mpsc::channel::<Request>();
        let name = format!(
            "jsonl-{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        // The writer thread owns the file, and with it the lock: the lock is released only
        // when the last record is written and the file closed.
        let writer = std::thread::Builder::new()
            .name(name)
            .spawn(move || writer_loop(file, len, rx))
            .expect("spawning a thread only fails when the OS is out of resources");
        DurableLog {
            path: path.to_path_buf(),
            tx: Some(tx),
            writer: Some(writer),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Append one record and wait until it is on disk.
    pub async fn append(&self, record: &impl Serialize) -> io::Result<()> {
        let mut line = serde_json::to_vec(record).map_err(io::Error::other)?;
        line.push(b'\n');
        let (done, wait) = oneshot::channel();
        self.tx
            .as_ref()
            .ok_or_else(|| io::Error::other("the log writer has stopped"))?
            .send(Request { line, done })
            .map_err(|_| io::Error::other("the log writer has stopped"))?;
        match wait.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(kind)) => Err(io::Error::from(kind)),
            Err(_) => Err(io::Error::other("the log writer has stopped")),
        }
    }
}

impl Drop for DurableLog {
    /// Waits for the writer thread to close the file, so that once a log is dropped its
    /// lock is free: a job resumed right after its run ended must not be refused, and no
    /// record of the old handle can land after a new writer opened the file. The thread
    /// has nothing left but a record whose `append` was abandoned mid-way, so this is
    /// at most one sync.
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

fn lock(file: &File, writers: Writers) -> io::Result<()> {
    match writers {
        Writers::Shared => Ok(()),
        Writers::Exclusive => file.try_lock().map_err(|e| match e {
            std::fs::TryLockError::WouldBlock => io::Error::from(io::ErrorKind::WouldBlock),
            std::fs::TryLockError::Error(e) => e,
        }),
    }
}

/// Write every waiting record, sync once, then acknowledge them all. A failed batch is cut
/// off again so the file keeps ending on a complete line.
fn writer_loop(mut file: File, mut len: u64, rx: mpsc::Receiver<Request>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        let buf: Vec<u8> = batch.iter().flat_map(|r| r.line.iter().copied()).collect();
        let result = file.write_all(&buf).and_then(|()| file.sync_data());
        let result = match result {
            Ok(()) => {
                len += buf.len() as u64;
                Ok(())
            }
            Err(e) => {
                // Best effort: if even the truncate fails, readers still drop a torn tail.
                let _ = file.set_len(len).and_then(|()| file.sync_data());
                Err(e.kind())
            }
        };
        for request in batch {
            let _ = request.done.send(result);
        }
    }
}

/// The length of the part of the file that ends on a line break, reading backwards from
/// `len` a chunk at a time: opening years of audit log must not read all of it.
fn complete_len(file: &File, len: u64) -> io::Result<u64> {
    use std::io::{Read, Seek, SeekFrom};
    let mut reader = file;
    let mut chunk = vec![0u8; 64 * 1024];
    let mut end = len;
    while end > 0 {
        let start = end.saturating_sub(chunk.len() as u64);
        let buf = &mut chunk[..(end - start) as usize];
        reader.seek(SeekFrom::Start(start))?;
        reader.read_exact(buf)?;
        if let Some(i) = buf.iter().rposition(|&b| b == b'\n') {
            return Ok(start + i as u64 + 1);
        }
        end = start;
    }
    Ok(0)
}

/// The length of the part of `bytes` that ends on a line break.
fn complete_prefix_len(bytes: &[u8]) -> usize {
    bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
}

/// The longest line the streaming readers take. Far above any record the app writes (an
/// audit entry is well under 4 KiB); a longer line was not written by the app and is
/// skipped as damaged rather than held in memory.
pub(crate) const MAX_LINE: usize = 256 * 1024;

/// Hand every complete record to `each`, oldest first, reading a bounded buffer at a time
/// (never the whole file). Returns how many complete lines did not parse or were longer
/// than [`MAX_LINE`]. An unterminated last line (a crash mid-write, or a writer busy with
/// it) is left out, as [`read_jsonl`] does. A missing file has no records.
pub(crate) fn for_each_record<T: DeserializeOwned>(
    path: &Path,
    mut each: impl FnMut(T),
) -> io::Result<u32> {
    use std::io::{BufRead, Read};
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut reader = io::BufReader::with_capacity(64 * 1024, file);
    let mut line = Vec::new();
    let mut damaged = 0;
    loop {
        line.clear();
        let limit = (MAX_LINE + 1) as u64;
        (&mut reader).take(limit).read_until(b'\n', &mut line)?;
        if line.last() != Some(&b'\n') {
            if line.len() <= MAX_LINE {
                return Ok(damaged); // the end of the file, or a torn last line
            }
            // Too long: skip to its end without keeping it.
            let mut skipped = Vec::new();
            loop {
                skipped.clear();
                (&mut reader).take(limit).read_until(b'\n', &mut skipped)?;
                if skipped.is_empty() || skipped.last() == Some(&b'\n') {
                    break;
                }
            }
            if skipped.last() == Some(&b'\n') {
                damaged += 1;
            }
            continue;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice(&line) {
            Ok(r) => each(r),
            Err(_) => damaged += 1,
        }
    }
}

/// Read every complete record; a missing file reads as empty.
pub(crate) fn read_jsonl<T: DeserializeOwned>(path: &Path) -> io::Result<JsonlRead<T>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    Ok(parse_jsonl(&bytes))
}

fn parse_jsonl<T: DeserializeOwned>(bytes: &[u8]) -> JsonlRead<T> {
    let complete = &bytes[..complete_prefix_len(bytes)];
    let mut records = Vec::new();
    let mut damaged_lines = 0;
    for line in complete.split(|&b| b == b'\n') {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice(line) {
            Ok(r) => records.push(r),
            Err(_) => damaged_lines += 1,
        }
    }
    JsonlRead {
        records,
        damaged_lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Rec {
        n: u32,
    }

    #[tokio::test]
    async fn appends_from_many_tasks_all_land_as_whole_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.jsonl");
        let log = std::sync::Arc::new(DurableLog::create_new(&path, Writers::Shared).unwrap());
        let tasks: Vec<_> = (0..200)
            .map(|n| {
                let log = log.clone();
                tokio::spawn(async move { log.append(&Rec { n }).await })
            })
            .collect();
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        let read = read_jsonl::<Rec>(&path).unwrap();
        assert_eq!(read.damaged_lines, 0);
        let mut ns: Vec<u32> = read.records.iter().map(|r| r.n).collect();
        ns.sort_unstable();
        assert_eq!(ns, (0..200).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn torn_tail_is_ignored_and_cut_before_the_next_append() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.jsonl");
        std::fs::write(&path, b"{\"n\":1}\n{\"n\":2}\n{\"n\":").unwrap();
        let read = read_jsonl::<Rec>(&path).unwrap();
        assert_eq!(read.records, vec![Rec { n: 1 }, Rec { n: 2 }]);
        assert_eq!(read.damaged_lines, 0);

        let log = DurableLog::open_append(&path, Writers::Shared).unwrap();
        log.append(&Rec { n: 3 }).await.unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n"
        );
    }

    #[test]
    fn a_damaged_complete_line_is_counted_not_hidden() {
        let read = parse_jsonl::<Rec>(b"{\"n\":1}\nnot json\n{\"n\":3}\n");
        assert_eq!(read.records, vec![Rec { n: 1 }, Rec { n: 3 }]);
        assert_eq!(read.damaged_lines, 1);
    }

    #[tokio::test]
    async fn an_exclusive_log_has_one_writer_until_it_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("job.jsonl");
        let first = DurableLog::create_new(&path, Writers::Exclusive).unwrap();
        first.append(&Rec { n: 1 }).await.unwrap();
        // A second handle is a second open file, as another process would have.
        let refused = DurableLog::open_append(&path, Writers::Exclusive).unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::WouldBlock);
        drop(first);
        let second = DurableLog::open_append(&path, Writers::Exclusive).unwrap();
        second.append(&Rec { n: 2 }).await.unwrap();
        let read = read_jsonl::<Rec>(&path).unwrap();
        assert_eq!(read.records, vec![Rec { n: 1 }, Rec { n: 2 }]);
    }

    #[test]
    fn streaming_matches_reading_whole_and_skips_overlong_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.jsonl");
        let long = format!("{{\"n\":4,\"pad\":\"{}\"}}\n", "x".repeat(MAX_LINE));
        let text = format!("{{\"n\":1}}\nnot json\n{long}{{\"n\":2}}\n\n{{\"n\":3}}\n{{\"n\":");
        std::fs::write(&path, text).unwrap();
        let mut seen = Vec::new();
        let damaged = for_each_record::<Rec>(&path, |r| seen.push(r)).unwrap();
        assert_eq!(seen, vec![Rec { n: 1 }, Rec { n: 2 }, Rec { n: 3 }]);
        assert_eq!(damaged, 2, "the line that is not JSON and the overlong one");
        let missing = dir.path().join("none.jsonl");
        assert_eq!(for_each_record::<Rec>(&missing, |_| panic!()).unwrap(), 0);
    }

    #[test]
    fn create_new_refuses_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.jsonl");
        std::fs::write(&path, b"").unwrap();
        assert_eq!(
            DurableLog::create_new(&path, Writers::Shared)
                .unwrap_err()
                .kind(),
            io::ErrorKind::AlreadyExists
        );
    }
}
