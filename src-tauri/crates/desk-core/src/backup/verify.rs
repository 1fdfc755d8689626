//! Proves a backup is whole by reading every file back.
//!
//! One pass over the file: the entries are read in the order they lie in the zip, each is
//! decompressed and compared with its SHA-256 and size in the manifest (the zip library
//! also checks its CRC-32), and the same reads feed the whole zip's SHA-256 (see
//! [`SummingReader`]), computed on a second thread. Only the small central directory and the
//! manifest at the end are read twice.
//!
//! [`verify`] is the check of a backup opened offline or relied on by a resumed job.
//! [`verify_written`] runs right after a backup is written, before anything is deleted: the
//! same check, and the whole file's CRC-32 must equal the writer's, so the bytes between the
//! files (which no file checksum covers) are also the ones written.
//!
//! The file may come from anywhere, so before any content is read its shape is checked
//! ([`super::bounds`]: sizes, overlaps, headers), and no entry is read past the size the
//! manifest gives it: a hostile file is refused in milliseconds with flat memory. The check
//! stops within one chunk when its [`CancelToken`] is cancelled.
//!
//! Blocking: call from `spawn_blocking` in async code.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use zip::ZipArchive;

use super::bounds::{self, Refusal, MANIFEST_LIMIT};
use super::digest::{hash_reader, RunningSum, SummingReader};
use super::hash_thread::HashThread;
use super::manifest::{FileRecord, Manifest, MANIFEST_PATH};
use super::writer::FinishedBackup;
use crate::cancel::{cancelled, CancelToken};
use crate::error::{DeskError, DeskResult};
use crate::error::{Detail, IntactProblem, IoProblem};
/// Small reads (headers, the central directory) are buffered; large ones go straight through.
const READ_BUFFER: usize = 64 * 1024;

/// A backup whose every file matched its checksum.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedBackup {
    pub path: PathBuf,
    pub manifest: Manifest,
    /// Files compared with the manifest (every file but the manifest itself).
    pub files_checked: u32,
    /// Size of the `.zip`.
    pub bytes: u64,
    /// SHA-256 of the whole `.zip`, lower-case hex.
    pub sha256: String,
}

type Archive<S> = ZipArchive<BufReader<SummingReader<File, S>>>;

/// Open the zip at `path` and check every file against `manifest.json`. A missing file, an
/// extra unlisted file, a changed byte or an unreadable zip is a [`DeskError::Backup`] whose
/// message names the file.
pub fn verify(path: &Path) -> DeskResult<VerifiedBackup> {
    verify_cancellable(path, &CancelToken::new())
}

/// [`verify`], ending with [`DeskError::Cancelled`] soon after `cancel` is cancelled (a
/// media file can take a while to read back).
pub fn verify_cancellable(path: &Path, cancel: &CancelToken) -> DeskResult<VerifiedBackup> {
    let (manifest, hash, bytes) = walk(path, start_hash()?, cancel)?;
    Ok(verified(path, manifest, bytes, finish_hash(hash)?))
}

/// [`verify`] the backup `written` just produced, and check that the file holds exactly the
/// bytes written.
pub fn verify_written(written: &FinishedBackup) -> DeskResult<VerifiedBackup> {
    let path = &written.path;
    let sums = (start_hash()?, crc32fast::Hasher::new());
    let (manifest, (hash, crc), bytes) = walk(path, sums, &CancelToken::new())?;
    if bytes != written.bytes || crc.finalize() != written.crc32_of_zip {
        return Err(DeskError::Backup(Detail::BackupNotAsWritten));
    }
    Ok(verified(path, manifest, bytes, finish_hash(hash)?))
}

fn start_hash() -> DeskResult<HashThread> {
    HashThread::start().map_err(|_| DeskError::bug("backup checker did not start"))
}

fn finish_hash(hash: HashThread) -> DeskResult<String> {
    let (sha256, _) = hash.finish().map_err(|e| unreadable(&e))?;
    Ok(sha256)
}

fn verified(path: &Path, manifest: Manifest, bytes: u64, sha256: String) -> VerifiedBackup {
    VerifiedBackup {
        path: path.to_path_buf(),
        files_checked: u32::try_from(manifest.files.len()).unwrap_or(u32::MAX),
        manifest,
        bytes,
        sha256,
    }
}

/// One pass over the zip: every file checked against the manifest, the whole file fed to
/// `sum`. Returns the manifest, the sum and the file's length.
fn walk<S: RunningSum>(
    path: &Path,
    sum: S,
    cancel: &CancelToken,
) -> DeskResult<(Manifest, S, u64)> {
    let file = File::open(path).map_err(|e| unreadable(&e))?;
    let reader = BufReader::with_capacity(READ_BUFFER, SummingReader::new(file, sum));
    let mut archive =
        ZipArchive::new(reader).map_err(|_| not_intact(IntactProblem::NotZip, None))?;
    if archive.has_duplicate_names() {
        // Only one of two same-named entries could be checked; the other could hold anything.
        return Err(not_intact(IntactProblem::DuplicateNames, None));
    }
    bounds::check(&mut archive).map_err(refused)?;
    let manifest = read_manifest(&mut archive)?;
    check_listing(&archive, &manifest)?;
    let listed: HashMap<&str, &FileRecord> = manifest
        .files
        .iter()
        .map(|f| (f.path.as_str(), f))
        .collect();
    for index in in_file_order(&archive) {
        let Some(name) = archive.name_for_index(index).and_then(Result::ok) else {
            continue; // unreadable names were refused by `check_listing`
        };
        let Some(expected) = listed.get(name.as_ref()).copied() else {
            continue; // the manifest itself, or a folder entry
        };
        cancel.check()?;
        let (sha256, size) = hash_entry(&mut archive, index, expected, cancel)?;
        if sha256 != expected.sha256 || size != expected.bytes {
            return Err(not_intact(
                IntactProblem::EntryChanged,
                Some(&expected.path),
            ));
        }
    }
    let (sum, bytes) = archive
        .into_inner()
        .into_inner()
        .finish()
        .map_err(|e| unreadable(&e))?;
    Ok((manifest, sum, bytes))
}

/// Entry indexes by where each entry starts in the file, so reading them is one forward pass.
fn in_file_order<S: RunningSum>(archive: &Archive<S>) -> Vec<usize> {
    let mut order: Vec<(u64, usize)> = (0..archive.len())
        .filter_map(|i| Some((archive.by_index_data(i).ok()?.header_start(), i)))
        .collect();
    order.sort_unstable();
    order.into_iter().map(|(_, i)| i).collect()
}

fn not_intact(problem: IntactProblem, entry: Option<&str>) -> DeskError {
    DeskError::Backup(Detail::NotIntact {
        problem,
        entry: entry.map(str::to_owned),
        io: None,
    })
}

fn unreadable(e: &std::io::Error) -> DeskError {
    DeskError::Backup(Detail::NotIntact {
        problem: IntactProblem::Unreadable,
        entry: None,
        io: Some(IoProblem::of(e)),
    })
}

fn refused(refusal: Refusal) -> DeskError {
    tracing::warn!(code = refusal.code(), "backup refused");
    not_intact(refusal.problem(), None)
}

fn read_manifest<S: RunningSum>(archive: &mut Archive<S>) -> DeskResult<Manifest> {
    let entry = archive
        .by_name(MANIFEST_PATH)
        .map_err(|_| not_intact(IntactProblem::NoManifest, None))?;
    // One byte over the limit tells a manifest that is too large (its directory entry may
    // understate it) from one that is exactly at it.
    let mut bytes = Vec::new();
    entry
        .take(MANIFEST_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| not_intact(IntactProblem::ManifestDamaged, None))?;
    if bytes.len() as u64 > MANIFEST_LIMIT {
        return Err(refused(Refusal::ManifestTooLarge));
    }
    Manifest::parse(&bytes).map_err(|problem| not_intact(problem, None))
}

/// Every file in the zip is listed, and every listed file is in the zip, exactly once.
fn check_listing<S: RunningSum>(archive: &Archive<S>, manifest: &Manifest) -> DeskResult<()> {
    let mut listed = HashSet::new();
    for file in &manifest.files {
        if !listed.insert(file.path.as_str()) {
            return Err(not_intact(IntactProblem::ListingMismatch, Some(&file.path)));
        }
    }
    let mut present = HashSet::new();
    for name in archive.file_names() {
        let name = name.map_err(|_| not_intact(IntactProblem::UnreadableName, None))?;
        if name == MANIFEST_PATH || name.ends_with('/') {
            continue;
        }
        if !listed.contains(name.as_ref()) {
            return Err(not_intact(IntactProblem::ListingMismatch, Some(&name)));
        }
        present.insert(name.into_owned());
    }
    if let Some(missing) = manifest.files.iter().find(|f| !present.contains(&f.path)) {
        return Err(not_intact(
            IntactProblem::ListingMismatch,
            Some(&missing.path),
        ));
    }
    Ok(())
}

/// SHA-256 and length of one entry's content, read in chunks (media can be gigabytes), and
/// never more than one byte past the size the manifest gives it: an entry that inflates
/// beyond its stated size (whatever the zip's directory claims) is refused as soon as it
/// does, not after gigabytes.
fn hash_entry<S: RunningSum>(
    archive: &mut Archive<S>,
    index: usize,
    expected: &FileRecord,
    cancel: &CancelToken,
) -> DeskResult<(String, u64)> {
    let damaged = || not_intact(IntactProblem::EntryChanged, Some(&expected.path));
    let entry = archive.by_index(index).map_err(|_| damaged())?;
    if entry.size() != expected.bytes {
        return Err(damaged());
    }
    let mut reader = StopOnCancel {
        inner: entry.take(expected.bytes.saturating_add(1)),
        cancel,
    };
    // The zip library also checks each entry's CRC at the end of the read, so a damaged
    // entry usually fails here, before the SHA-256 comparison.
    match hash_reader(&mut reader) {
        Ok(sum) => Ok(sum),
        Err(_) if cancel.is_cancelled() => Err(cancelled()),
        Err(_) => Err(damaged()),
    }
}

/// Fails the read that comes after a cancel, so a long entry stops within one chunk.
struct StopOnCancel<'a, R> {
    inner: R,
    cancel: &'a CancelToken,
}

impl<R: Read> Read for StopOnCancel<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.cancel.is_cancelled() {
            return Err(std::io::Error::other("cancelled"));
        }
        self.inner.read(buf)
    }
}
