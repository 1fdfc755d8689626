//! The "open a backup" screen: a verified backup's transcripts and comments, offline.
//!
//! Nothing is shown from a backup that does not verify: a changed file would otherwise be
//! read as if it were what Scriptix held. Blocking: call it from `spawn_blocking`.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use scriptix_api::Document;
use serde::Serialize;
use zip::ZipArchive;

use super::layout::DOCUMENT_JSON;
use super::manifest::{CommentRecord, DocumentRecord, SessionRecord};
use super::verify::{verify, VerifiedBackup};
use crate::error::{DeskError, DeskResult, Detail};

/// A `document.json` is what Scriptix sent in one JSON answer, which the client caps at
/// 32 MiB (`ClientOptions::max_json_bytes`); a larger one was not written by the app. It is
/// read into memory and parsed (a JSON tree takes several times its text), so it is capped
/// here, whatever the manifest and the zip claim.
const MAX_DOCUMENT_JSON: u64 = 32 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupView {
    pub path: String,
    pub account_label: String,
    pub organization: String,
    pub server: String,
    /// When the backup was made, RFC 3339 (UTC).
    pub created_at: String,
    pub app_version: String,
    pub files_checked: u32,
    pub size_bytes: f64,
    /// SHA-256 of the `.zip`, to compare with the audit log.
    pub sha256: String,
    pub sessions: Vec<BackupSessionView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupSessionView {
    pub id: String,
    pub filename: String,
    pub status: String,
    pub language: String,
    pub duration_seconds: f64,
    pub created_at: String,
    pub last_modified: String,
    pub has_media: bool,
    pub documents: Vec<BackupDocumentView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupDocumentView {
    pub id: String,
    pub filename: String,
    /// "transcript", "caption" or "other".
    pub kind: String,
    pub language: String,
    pub finished: bool,
    pub last_modified: String,
    pub segments: Vec<BackupSegmentView>,
    pub comments: Vec<BackupCommentView>,
}

/// Same fields as the library's segment view, plus a ready-made clock time.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupSegmentView {
    pub start_seconds: f64,
    pub end_seconds: f64,
    /// `HH:MM:SS`
    pub start: String,
    pub speaker: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupCommentView {
    pub id: String,
    /// Empty when Scriptix did not say who wrote it.
    pub author: String,
    pub text: String,
    pub created_at: String,
    pub at_seconds: Option<f64>,
}

/// Verify the backup at `path`, then read it for display. A backup that does not verify is
/// refused with the verifier's error, which names the damaged file.
pub fn open_backup(path: &Path) -> DeskResult<BackupView> {
    let verified = verify(path)?;
    let file = File::open(path).map_err(DeskError::from)?;
    let mut archive = ZipArchive::new(BufReader::new(file))
        .map_err(|_| DeskError::Backup(Detail::BackupUnreadable { entry: None }))?;
    let sessions = verified
        .manifest
        .sessions
        .iter()
        .map(|s| session_view(&mut archive, s))
        .collect::<DeskResult<Vec<_>>>()?;
    Ok(view(&verified, sessions))
}

fn view(verified: &VerifiedBackup, sessions: Vec<BackupSessionView>) -> BackupView {
    let m = &verified.manifest;
    BackupView {
        path: verified.path.display().to_string(),
        account_label: m.account.label.clone(),
        organization: m.account.organization.clone(),
        server: m.account.server.clone(),
        created_at: m.created_at.clone(),
        app_version: m.app_version.clone(),
        files_checked: verified.files_checked,
        size_bytes: verified.bytes as f64,
        sha256: verified.sha256.clone(),
        sessions,
    }
}

fn session_view<R: Read + std::io::Seek>(
    archive: &mut ZipArchive<R>,
    s: &SessionRecord,
) -> DeskResult<BackupSessionView> {
    Ok(BackupSessionView {
        id: s.id.clone(),
        filename: s.filename.clone(),
        status: s.status.clone(),
        language: s.language.clone(),
        duration_seconds: s.duration_seconds,
        created_at: s.created_at.clone(),
        last_modified: s.last_modified.clone(),
        has_media: s.media_path.is_some(),
        documents: s
            .documents
            .iter()
            .map(|d| document_view(archive, d))
            .collect::<DeskResult<Vec<_>>>()?,
    })
}

fn document_view<R: Read + std::io::Seek>(
    archive: &mut ZipArchive<R>,
    d: &DocumentRecord,
) -> DeskResult<BackupDocumentView> {
    Ok(BackupDocumentView {
        id: d.id.clone(),
        filename: d.filename.clone(),
        kind: d.kind.clone(),
        language: d.language.clone(),
        finished: d.finished,
        last_modified: d.last_modified.clone(),
        segments: segments(archive, &format!("{}{DOCUMENT_JSON}", d.path))?,
        comments: d.comments.iter().map(comment_view).collect(),
    })
}

/// The segments of a stored `document.json`. The file verified, so it is what Scriptix sent;
/// a shape the client cannot read simply has no segments to show.
fn segments<R: Read + std::io::Seek>(
    archive: &mut ZipArchive<R>,
    entry: &str,
) -> DeskResult<Vec<BackupSegmentView>> {
    let unreadable = || {
        DeskError::Backup(Detail::BackupUnreadable {
            entry: Some(entry.to_string()),
        })
    };
    let file = archive.by_name(entry).map_err(|_| unreadable())?;
    if file.size() > MAX_DOCUMENT_JSON {
        return Err(unreadable());
    }
    // Never more than the cap, even if the zip understates the size.
    let mut bytes = Vec::new();
    file.take(MAX_DOCUMENT_JSON + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| unreadable())?;
    if bytes.len() as u64 > MAX_DOCUMENT_JSON {
        return Err(unreadable());
    }
    let document = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|raw| Document::try_from(raw).ok());
    Ok(document
        .map(|doc| {
            doc.segments
                .iter()
                .map(|s| BackupSegmentView {
                    start_seconds: s.start_ms as f64 / 1000.0,
                    end_seconds: s.end_ms as f64 / 1000.0,
                    start: transcript_formats::clock(s.start_ms),
                    speaker: s.speaker.clone(),
                    text: s.text.clone(),
                })
                .collect()
        })
        .unwrap_or_default())
}

fn comment_view(c: &CommentRecord) -> BackupCommentView {
    BackupCommentView {
        id: c.id.clone(),
        author: c.author.clone().unwrap_or_default(),
        text: c.text.clone(),
        created_at: c.created_at.clone(),
        at_seconds: c.segment_start_ms.map(|ms| ms as f64 / 1000.0),
    }
}
