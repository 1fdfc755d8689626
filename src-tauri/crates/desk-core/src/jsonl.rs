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
    tx: mpsc::Sender<Request>,
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
    pub fn create_new(path: &Path) -> io::Result<Self> {
        let file = crate::fsutil::private_options()
            .append(true)
            .create_new(true)
            .open(path)?;
        file.sync_all()?;
        sync_dir(path.parent().unwrap_or(Path::new(".")))?;
        Ok(Self::spawn(path, file, 0))
    }

    /// Open (creating if missing) for appending, after cutting off a torn last line.
    pub fn open_append(path: &Path) -> io::Result<Self> {
        let file = crate::fsutil::private_options()
            .read(true)
            .append(true)
            .create(true)
            .open(path)?;
        let bytes = std::fs::read(path)?;
        let keep = complete_prefix_len(&bytes);
        if keep != bytes.len() {
            file.set_len(keep as u64)?;
            file.sync_all()?;
        }
        sync_dir(path.parent().unwrap_or(Path::new(".")))?;
        Ok(Self::spawn(path, file, keep as u64))
    }

    fn spawn(path: &Path, file: File, len: u64) -> Self {
        let (tx, rx) = mpsc::channel::<Request>();
        let name = format!(
            "jsonl-{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        std::thread::Builder::new()
            .name(name)
            .spawn(move || writer_loop(file, len, rx))
            .expect("spawning a thread only fails when the OS is out of resources");
        DurableLog {
            path: path.to_path_buf(),
            tx,
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
            .send(Request { line, done })
            .map_err(|_| io::Error::other("the log writer has stopped"))?;
        match wait.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(kind)) => Err(io::Error::from(kind)),
            Err(_) => Err(io::Error::other("the log writer has stopped")),
        }
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

/// The length of the part of `bytes` that ends on a line break.
fn complete_prefix_len(bytes: &[u8]) -> usize {
    bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
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
        let log = std::sync::Arc::new(DurableLog::create_new(&path).unwrap());
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

        let log = DurableLog::open_append(&path).unwrap();
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

    #[test]
    fn create_new_refuses_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.jsonl");
        std::fs::write(&path, b"").unwrap();
        assert_eq!(
            DurableLog::create_new(&path).unwrap_err().kind(),
            io::ErrorKind::AlreadyExists
        );
    }
}
