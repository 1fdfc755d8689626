//! Backing up sessions from Scriptix into one verified `.zip`.
//!
//! Requests: one `GET session` per session (it lists every current document, so a session
//! delete never removes a document the backup lacks) unless the caller already holds a
//! recent reading of it ([`back_up_listed_session`]), one `GET document` per document (its
//! JSON carries the comments; only when it does not are they asked for separately), and,
//! when asked for, one media export per session, streamed from Scriptix straight into the
//! zip. The readable copies (text, Word, subtitles) are rendered here from the JSON.
//!
//! The backup counts as made only once it is finished, synced, renamed and read back with
//! every checksum matching; any failure or cancel before that leaves no `.zip` behind.

use std::io;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};

use scriptix_api::{
    Comment, Document, DocumentKind, ExportFormat, ExportInfo, Progress, ScriptixClient, Session,
};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::layout::{Layout, ReadableFile, COMMENTS_JSON, DOCUMENT_JSON, SESSION_JSON};
use super::manifest::{AccountMeta, CommentRecord, DocumentRecord, Manifest, SessionRecord};
use super::render::Readable;
use super::verify::{verify_written, VerifiedBackup};
use super::writer::{BackupWriter, EntryKind};
use crate::cancel::{cancelled, CancelToken};
use crate::error::{DeskError, DeskResult, Detail, IoProblem};
use crate::library::document_comments;

/// How far a backup has come, for the progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupProgress {
    pub files_done: u32,
    pub files_total: u32,
    /// Bytes added to the backup so far.
    pub bytes: f64,
}

/// Files per document: its JSON, two readable copies, its comments.
const FILES_PER_DOCUMENT: u32 = 4;

/// Back up `session_ids` (or, with `only_documents`, just those `(session, document)` pairs
/// of them) into a new `.zip` at `final_path`, then verify it by reading it back.
#[allow(clippy::too_many_arguments)] // mirrors the one command that calls it
pub async fn back_up_sessions(
    client: &ScriptixClient,
    account: AccountMeta,
    session_ids: &[String],
    only_documents: Option<&[(String, String)]>,
    include_media: bool,
    final_path: &Path,
    progress: &(dyn Fn(BackupProgress) + Send + Sync),
    cancel: &CancelToken,
) -> DeskResult<VerifiedBackup> {
    cancel.check()?;
    // Created first: an existing file or an unwritable folder fails before any download.
    let writer = BackupWriter::create(final_path)?;
    let sessions = cancel
        .guard(fetch_sessions(client, session_ids, only_documents, cancel))
        .await?;
    write_and_verify(
        client,
        writer,
        account,
        &sessions,
        include_media,
        progress,
        cancel,
    )
    .await
}

/// Back up one whole session as the caller last read it (its documents must be listed),
/// without reading it again: for bulk jobs, which decide how recent a reading must be
/// (see `bulk::plan::LISTING_FRESH_FOR`).
pub async fn back_up_listed_session(
    client: &ScriptixClient,
    account: AccountMeta,
    session: &Session,
    include_media: bool,
    final_path: &Path,
    cancel: &CancelToken,
) -> DeskResult<VerifiedBackup> {
    cancel.check()?;
    let writer = BackupWriter::create(final_path)?;
    let documents = listed_documents(session)?;
    write_and_verify(
        client,
        writer,
        account,
        &[(session.clone(), documents)],
        include_media,
        &|_| {},
        cancel,
    )
    .await
}

/// Download `sessions` into `writer`, finish it and read it back.
async fn write_and_verify(
    client: &ScriptixClient,
    writer: BackupWriter,
    account: AccountMeta,
    sessions: &[(Session, Vec<String>)],
    include_media: bool,
    progress: &(dyn Fn(BackupProgress) + Send + Sync),
    cancel: &CancelToken,
) -> DeskResult<VerifiedBackup> {
    let files_total = sessions
        .iter()
        .map(|(_, docs)| {
            1 + u32::from(include_media && !docs.is_empty())
                + FILES_PER_DOCUMENT * docs.len() as u32
        })
        .sum();
    let mut job = Job {
        client,
        writer,
        progress,
        cancel,
        files_done: 0,
        files_total,
        bytes: 0,
    };
    progress(job.snapshot());

    let mut layout = Layout::default();
    let mut records = Vec::with_capacity(sessions.len());
    // Every wait on Scriptix ends at once on a cancel, even inside a stalled read; the
    // writer then drops its unfinished temporary file. Finishing and verifying are not
    // cut off half-way: they decide whether a `.zip` exists at all.
    cancel
        .guard(async {
            for (session, documents) in sessions {
                records.push(
                    job.session(&mut layout, session, documents, include_media)
                        .await?,
                );
            }
            Ok(())
        })
        .await?;
    cancel.check()?;
    let finished = job.writer.finish(Manifest::new(account, records)).await?;
    let path = finished.path.clone();
    let verified = tokio::task::spawn_blocking(move || verify_written(&finished))
        .await
        .map_err(|_| DeskError::Internal(Detail::TaskStopped))
        .and_then(|r| r);
    if verified.is_err() {
        // A backup that did not check out must not be mistaken for one later.
        let _ = std::fs::remove_file(&path);
    }
    verified
}

/// The ids of a session's documents, refusing a reading that does not list them.
fn listed_documents(session: &Session) -> DeskResult<Vec<String>> {
    let Some(listed) = &session.documents else {
        // Backing up a session without knowing its documents could let a delete remove
        // transcripts that are in no backup.
        tracing::warn!(session = %session.id, "session listed without its documents");
        return Err(DeskError::Backup(Detail::UnreadableAnswer));
    };
    Ok(listed.iter().map(|d| d.id.clone()).collect())
}

/// Each session with the documents to back up, in the order asked for.
async fn fetch_sessions(
    client: &ScriptixClient,
    session_ids: &[String],
    only_documents: Option<&[(String, String)]>,
    cancel: &CancelToken,
) -> DeskResult<Vec<(Session, Vec<String>)>> {
    let mut sessions = Vec::with_capacity(session_ids.len());
    for id in session_ids {
        cancel.check()?;
        let session = client.session(id).await?;
        let documents = listed_documents(&session)?
            .into_iter()
            .filter(|d| {
                only_documents.is_none_or(|only| only.iter().any(|(s, od)| s == id && od == d))
            })
            .collect();
        sessions.push((session, documents));
    }
    Ok(sessions)
}

struct Job<'a> {
    client: &'a ScriptixClient,
    writer: BackupWriter,
    progress: &'a (dyn Fn(BackupProgress) + Send + Sync),
    cancel: &'a CancelToken,
    files_done: u32,
    files_total: u32,
    bytes: u64,
}

impl Job<'_> {
    fn snapshot(&self) -> BackupProgress {
        BackupProgress {
            files_done: self.files_done,
            files_total: self.files_total,
            bytes: self.bytes as f64,
        }
    }

    fn file_done(&mut self, bytes: u64) {
        self.files_done += 1;
        self.bytes += bytes;
        (self.progress)(self.snapshot());
    }

    async fn session(
        &mut self,
        layout: &mut Layout,
        session: &Session,
        document_ids: &[String],
        include_media: bool,
    ) -> DeskResult<SessionRecord> {
        let mut folder = layout.session_folder(&session.filename, &session.id);
        self.add_json(&format!("{}{SESSION_JSON}", folder.path), session)
            .await?;
        let mut documents = Vec::with_capacity(document_ids.len());
        for document_id in document_ids {
            self.cancel.check()?;
            let document = self.client.document(&session.id, document_id).await?;
            // Comments Scriptix cannot list are saved as none: the backup has no "unknown".
            let comments = document_comments(self.client, &session.id, document_id, &document)
                .await?
                .unwrap_or_default();
            let path = folder.document_folder(&document.summary.filename);
            self.document(&path, &document, &comments).await?;
            documents.push(document_record(&document, &comments, path));
        }
        // Media is the session's recording; any of its documents exports it.
        let media_path = match document_ids.first() {
            Some(document_id) if include_media => {
                let path = folder.media_path();
                self.media(&path, &session.id, document_id).await?;
                Some(path)
            }
            _ => None,
        };
        Ok(SessionRecord {
            id: session.id.clone(),
            filename: session.filename.clone(),
            status: session.status.clone(),
            language: session.language.clone(),
            duration_seconds: session.duration_seconds,
            created_at: session.created_at.clone(),
            last_modified: session.last_modified.clone(),
            path: folder.path,
            media_path,
            documents,
        })
    }

    async fn document(
        &mut self,
        folder: &str,
        document: &Document,
        comments: &[Comment],
    ) -> DeskResult<()> {
        self.add_json(&format!("{folder}{DOCUMENT_JSON}"), &document.raw)
            .await?;
        let readable = Readable::of(document);
        for file in ReadableFile::for_kind(document.summary.kind) {
            self.add_file(
                &format!("{folder}{}", file.file_name()),
                readable.render(file),
            )
            .await?;
        }
        self.add_json(&format!("{folder}{COMMENTS_JSON}"), &comments)
            .await
    }

    async fn add_json(&mut self, path: &str, value: &impl Serialize) -> DeskResult<()> {
        let bytes = serde_json::to_vec_pretty(value)
            .map_err(|_| DeskError::bug("backup json not encodable"))?;
        self.add_file(path, bytes).await
    }

    /// Add a file made in memory (JSON, a rendered copy), deflated.
    async fn add_file(&mut self, path: &str, bytes: Vec<u8>) -> DeskResult<()> {
        self.cancel.check()?;
        let len = bytes.len() as u64;
        self.writer.add_bytes(path, bytes).await?;
        self.file_done(len);
        Ok(())
    }

    /// Stream the session's recording from Scriptix into the zip, checking for cancel on
    /// every chunk.
    async fn media(
        &mut self,
        path: &str,
        session_id: &str,
        document_id: &str,
    ) -> DeskResult<ExportInfo> {
        self.cancel.check()?;
        let (client, cancel, progress) = (self.client, self.cancel, self.progress);
        let before = self.snapshot();
        let report = move |p: Progress| {
            progress(BackupProgress {
                bytes: before.bytes + p.bytes as f64,
                ..before
            })
        };
        let result = {
            let entry = self.writer.entry(path, EntryKind::Media).await?;
            let mut out = StopOnCancel {
                inner: entry,
                cancel,
            };
            match client
                .export_to(
                    session_id,
                    document_id,
                    ExportFormat::Media,
                    &mut out,
                    &report,
                )
                .await
            {
                Ok(info) => out.inner.shutdown().await.map(|()| info).map_err(|e| {
                    DeskError::Backup(Detail::BackupNotWritten {
                        io: Some(IoProblem::of(&e)),
                    })
                }),
                Err(e) => Err(DeskError::from(e)),
            }
        };
        match result {
            Ok(info) => {
                self.file_done(info.bytes);
                Ok(info)
            }
            // The cancel and the writer's own failure explain an error better than the
            // client's view of a write that went wrong.
            Err(_) if cancel.is_cancelled() => Err(cancelled()),
            Err(e) => Err(self.writer.failure().map(DeskError::Backup).unwrap_or(e)),
        }
    }
}

fn document_record(document: &Document, comments: &[Comment], path: String) -> DocumentRecord {
    let summary = &document.summary;
    DocumentRecord {
        id: summary.id.clone(),
        filename: summary.filename.clone(),
        kind: match summary.kind {
            DocumentKind::Transcript => "transcript",
            DocumentKind::Caption => "caption",
            DocumentKind::Other => "other",
        }
        .into(),
        language: summary.language.clone(),
        finished: summary.finished,
        last_modified: summary.last_modified.clone(),
        path,
        comments: comments
            .iter()
            .map(|c| CommentRecord {
                id: c.id.clone(),
                author: c.author.as_ref().map(|p| p.name.clone()),
                text: c.text.clone(),
                created_at: c.created_at.clone(),
                segment_start_ms: c.segment_start_ms,
            })
            .collect(),
    }
}

/// Fails the next write once the person pressed Stop, so a long download ends promptly.
struct StopOnCancel<'c, W> {
    inner: W,
    cancel: &'c CancelToken,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for StopOnCancel<'_, W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.cancel.is_cancelled() {
            // Not `Interrupted`: writers retry that kind.
            return Poll::Ready(Err(io::Error::other("stopped")));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
