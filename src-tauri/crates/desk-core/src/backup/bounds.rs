//! What a backup file may claim before a single entry is decompressed.
//!
//! A `.zip` opened with "Open a backup", or found again by a resumed job, may have been
//! made by anyone: its sizes are claims, its entries may share one compressed blob (a zip
//! bomb by overlap: a few MiB that inflate to terabytes), its local headers may disagree
//! with the central directory (two tools would see two different files). Everything here
//! is checked from the directory and the local headers alone, so such a file is refused in
//! milliseconds, before the verifier reads any content; the verifier then never reads more
//! of an entry than the manifest says it holds (see `verify::hash_entry`).
//!
//! The caps are far above anything the app writes (the reasons are next to each), so they
//! only ever refuse files the app did not make.

use crate::error::IntactProblem;
use std::io::{Read, Seek};

use zip::{CompressionMethod, ZipArchive};

use super::manifest::MANIFEST_PATH;

/// Entries in one backup. The app writes about six per document (JSON, comments, four
/// readable copies) plus the media: 200,000 is tens of thousands of documents.
pub(super) const MAX_ENTRIES: usize = 200_000;

/// The manifest lists one session's files and comments: about 250 bytes a comment, so this
/// is some 60,000 comments in one session. It is held in memory, parsed, and shown by the
/// offline reader: records made of empty strings take several times their JSON text, so
/// the limit keeps the worst case (see `backup_hostile.rs`) well under the 256 MiB a check
/// may use. A backup whose manifest is larger fails its read-back, so nothing is deleted
/// on the strength of it.
pub(super) const MANIFEST_LIMIT: u64 = 16 * 1024 * 1024;

/// One deflated entry (JSON, text, subtitles, a Word copy), inflated. Each was rendered
/// from one document of at most 32 MiB of JSON; the readable copies are smaller than it.
pub(super) const MAX_DEFLATED_ENTRY: u64 = 256 * 1024 * 1024;

/// All deflated entries together, inflated. Media is stored, not deflated, so it is bounded
/// by the file's own length instead and does not count here.
pub(super) const MAX_DEFLATED_TOTAL: u64 = 4 * 1024 * 1024 * 1024;

/// Why a backup file was refused before its contents were read. `code` is stable (logs,
/// tests); `detail` is the plain-words reason shown after "This backup is not intact."
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refusal {
    /// More entries than any backup the app writes.
    TooManyEntries,
    /// An entry claims more than the caps above, or a stored entry claims to grow.
    EntryTooLarge,
    /// The deflated entries together claim more than [`MAX_DEFLATED_TOTAL`].
    TotalTooLarge,
    /// The manifest claims (or turned out) to be larger than [`MANIFEST_LIMIT`].
    ManifestTooLarge,
    /// Two entries share bytes (a zip bomb by overlap), or an entry runs into the directory.
    OverlappingEntries,
    /// A local header disagrees with the central directory, or a local header is not
    /// listed in it: two zip tools would see different files.
    InconsistentHeaders,
    /// Encrypted, or compressed with a method the app never uses.
    UnsupportedEntry,
}

impl Refusal {
    pub(super) fn code(self) -> &'static str {
        match self {
            Refusal::TooManyEntries => "too_many_entries",
            Refusal::EntryTooLarge => "entry_too_large",
            Refusal::TotalTooLarge => "total_too_large",
            Refusal::ManifestTooLarge => "manifest_too_large",
            Refusal::OverlappingEntries => "overlapping_entries",
            Refusal::InconsistentHeaders => "inconsistent_headers",
            Refusal::UnsupportedEntry => "unsupported_entry",
        }
    }

    /// The code the UI words (in its own language) for this refusal.
    pub(super) fn problem(self) -> IntactProblem {
        match self {
            Refusal::TooManyEntries => IntactProblem::TooManyEntries,
            Refusal::EntryTooLarge => IntactProblem::EntryTooLarge,
            Refusal::TotalTooLarge => IntactProblem::TotalTooLarge,
            Refusal::ManifestTooLarge => IntactProblem::ManifestTooLarge,
            Refusal::OverlappingEntries => IntactProblem::OverlappingEntries,
            Refusal::InconsistentHeaders => IntactProblem::InconsistentHeaders,
            Refusal::UnsupportedEntry => IntactProblem::UnsupportedEntry,
        }
    }
}

/// Check the shape of `archive` against the caps; `Ok` means every entry may be read.
pub(super) fn check<R: Read + Seek>(archive: &mut ZipArchive<R>) -> Result<(), Refusal> {
    if archive.len() > MAX_ENTRIES {
        return Err(Refusal::TooManyEntries);
    }
    let mut deflated_total = 0u64;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_data(index)
            .map_err(|_| Refusal::InconsistentHeaders)?;
        if entry.encrypted() {
            return Err(Refusal::UnsupportedEntry);
        }
        let (size, compressed) = (entry.size(), entry.compressed_size());
        if entry.name_raw() == MANIFEST_PATH.as_bytes() && size > MANIFEST_LIMIT {
            return Err(Refusal::ManifestTooLarge);
        }
        match entry.compression() {
            // Stored bytes cannot grow; the file's own length bounds them.
            CompressionMethod::Stored if size != compressed => {
                return Err(Refusal::EntryTooLarge);
            }
            CompressionMethod::Stored => {}
            CompressionMethod::Deflated => {
                if size > MAX_DEFLATED_ENTRY {
                    return Err(Refusal::EntryTooLarge);
                }
                deflated_total = deflated_total.saturating_add(size);
                if deflated_total > MAX_DEFLATED_TOTAL {
                    return Err(Refusal::TotalTooLarge);
                }
            }
            _ => return Err(Refusal::UnsupportedEntry),
        }
    }
    // No two entries sharing bytes, none reaching into the directory; then local headers
    // against the central directory, and no hidden local header between entries. Reads
    // only the headers and the few bytes between entries.
    if archive
        .has_overlapping_entries()
        .map_err(|_| Refusal::InconsistentHeaders)?
    {
        return Err(Refusal::OverlappingEntries);
    }
    archive
        .validate_header_consistency()
        .map_err(|_| Refusal::InconsistentHeaders)
}
