//! Proves a backup is whole by reading every file back and comparing it with the manifest.
//!
//! This runs after every backup, before anything is deleted, and again whenever a backup is
//! opened offline. Blocking: call it from `spawn_blocking` in async code.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use zip::ZipArchive;

use super::manifest::{Manifest, MANIFEST_PATH};
use crate::error::{DeskError, DeskResult};
use crate::fsutil::plain_io_message;

/// A manifest larger than this is not one the app wrote (it would be millions of comments).
const MANIFEST_LIMIT: u64 = 256 * 1024 * 1024;
const READ_CHUNK: usize = 256 * 1024;

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

type Archive = ZipArchive<BufReader<File>>;

/// Open the zip at `path` and check every file against `manifest.json`. A missing file, an
/// extra unlisted file, a changed byte or an unreadable zip is a [`DeskError::Backup`] whose
/// message names the file.
pub fn verify(path: &Path) -> DeskResult<VerifiedBackup> {
    let file = File::open(path).map_err(|e| not_intact(plain_io_message(&e)))?;
    let bytes = file
        .metadata()
        .map_err(|e| not_intact(plain_io_message(&e)))?
        .len();
    let mut archive = ZipArchive::new(BufReader::new(file)).map_err(|_| {
        not_intact("It is not a readable zip file; it may be damaged or incomplete.".into())
    })?;
    let manifest = read_manifest(&mut archive)?;
    check_listing(&archive, &manifest)?;
    for listed in &manifest.files {
        let (sha256, size) = hash_entry(&mut archive, &listed.path)?;
        if sha256 != listed.sha256 || size != listed.bytes {
            return Err(not_intact(format!(
                "{} has been changed or damaged.",
                listed.path
            )));
        }
    }
    let sha256 = hash_file(path).map_err(|e| not_intact(plain_io_message(&e)))?;
    let files_checked = u32::try_from(manifest.files.len()).unwrap_or(u32::MAX);
    Ok(VerifiedBackup {
        path: path.to_path_buf(),
        manifest,
        files_checked,
        bytes,
        sha256,
    })
}

fn not_intact(detail: String) -> DeskError {
    DeskError::Backup(format!("This backup is not intact. {detail}"))
}

fn read_manifest(archive: &mut Archive) -> DeskResult<Manifest> {
    let entry = archive.by_name(MANIFEST_PATH).map_err(|_| {
        not_intact(format!(
            "It has no {MANIFEST_PATH}, so it is not a Scriptix Desk backup."
        ))
    })?;
    let mut bytes = Vec::new();
    entry
        .take(MANIFEST_LIMIT)
        .read_to_end(&mut bytes)
        .map_err(|_| not_intact(format!("{MANIFEST_PATH} is damaged.")))?;
    Manifest::parse(&bytes).map_err(not_intact)
}

/// Every file in the zip is listed, and every listed file is in the zip, exactly once.
fn check_listing(archive: &Archive, manifest: &Manifest) -> DeskResult<()> {
    let mut listed = HashSet::new();
    for file in &manifest.files {
        if !listed.insert(file.path.as_str()) {
            return Err(not_intact(format!(
                "{} is listed twice in {MANIFEST_PATH}.",
                file.path
            )));
        }
    }
    let mut present = HashSet::new();
    for name in archive.file_names() {
        let name =
            name.map_err(|_| not_intact("It contains a file with an unreadable name.".into()))?;
        if name == MANIFEST_PATH || name.ends_with('/') {
            continue;
        }
        if !listed.contains(name.as_ref()) {
            return Err(not_intact(format!(
                "{name} is in the zip but not in its list of contents."
            )));
        }
        present.insert(name.into_owned());
    }
    if let Some(missing) = manifest.files.iter().find(|f| !present.contains(&f.path)) {
        return Err(not_intact(format!("{} is missing.", missing.path)));
    }
    Ok(())
}

/// SHA-256 and length of one entry's content, read in chunks (media can be gigabytes).
fn hash_entry(archive: &mut Archive, name: &str) -> DeskResult<(String, u64)> {
    let damaged = || not_intact(format!("{name} is damaged."));
    let mut entry = archive.by_name(name).map_err(|_| damaged())?;
    // The zip library also checks each entry's CRC at the end of the read, so a damaged
    // entry usually fails here, before the SHA-256 comparison.
    hash_reader(&mut entry).map_err(|_| damaged())
}

fn hash_file(path: &Path) -> io::Result<String> {
    hash_reader(&mut File::open(path)?).map(|(sha, _)| sha)
}

pub(crate) fn hash_reader(reader: &mut impl Read) -> io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; READ_CHUNK];
    let mut total = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), total))
}
