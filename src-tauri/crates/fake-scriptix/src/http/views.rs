//! The JSON the fake sends, one struct per object of the contract.

use serde::Serialize;

use crate::clock::iso8601;
use crate::data::content::Content;
use crate::data::{Catalog, CommentRef, DocKind, DocRef};
use crate::persona::{Persona, ORG_ID, ORG_NAME};
use crate::store::Store;

/// `{count, total_results, result}`, the envelope of every API answer.
#[derive(Debug, Serialize)]
pub(crate) struct Envelope<T> {
    pub(crate) count: u32,
    pub(crate) total_results: u32,
    pub(crate) result: T,
}

impl<T> Envelope<T> {
    pub(crate) fn one(result: T) -> Envelope<T> {
        Envelope {
            count: 1,
            total_results: 1,
            result,
        }
    }
}

impl<T> Envelope<Vec<T>> {
    pub(crate) fn page(result: Vec<T>, total_results: usize) -> Envelope<Vec<T>> {
        Envelope {
            count: result.len() as u32,
            total_results: u32::try_from(total_results).unwrap_or(u32::MAX),
            result,
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct PersonView {
    id: &'static str,
    name: &'static str,
}

impl From<Persona> for PersonView {
    fn from(p: Persona) -> PersonView {
        PersonView {
            id: p.user_id(),
            name: p.display_name(),
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct Organization {
    id: &'static str,
    name: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct IdentityView {
    id: &'static str,
    name: &'static str,
    email: &'static str,
    organization: Organization,
    roles: [&'static str; 1],
}

impl From<Persona> for IdentityView {
    fn from(p: Persona) -> IdentityView {
        IdentityView {
            id: p.user_id(),
            name: p.display_name(),
            email: p.email(),
            organization: Organization {
                id: ORG_ID,
                name: ORG_NAME,
            },
            roles: [p.role().as_str()],
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct SessionView<'a> {
    id: u32,
    session_id: &'a str,
    filename: &'a str,
    status: &'static str,
    language: &'static str,
    /// Seconds.
    duration: f64,
    media_type: &'static str,
    created_at: String,
    last_modified: String,
    is_deleted: bool,
    created_by: PersonView,
    documents: Vec<DocumentSummaryView<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct DocumentSummaryView<'a> {
    id: &'a str,
    filename: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    language: &'static str,
    finished: bool,
    created: String,
    last_modified: String,
    size_bytes: u64,
    created_by: PersonView,
    comment_count: u32,
    is_deleted: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct DocumentView<'a> {
    #[serde(flatten)]
    summary: DocumentSummaryView<'a>,
    timecode_offset: &'static str,
    content_type: &'static str,
    document: DocumentBody<'a>,
    comments: Vec<CommentView<'a>>,
    /// Only on answers to a magic link.
    #[serde(skip_serializing_if = "Option::is_none")]
    shared: Option<SharedView>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SharedView {
    can_delete: bool,
}

/// Transcripts use the newer object shape; captions the older bare list of segments.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum DocumentBody<'a> {
    Transcript {
        document_type: &'static str,
        metadata: Metadata<'a>,
        content: Segments<'a>,
    },
    Captions(Vec<CaptionSegment<'a>>),
}

#[derive(Debug, Serialize)]
struct Metadata<'a> {
    speakers: Vec<SpeakerView<'a>>,
}

#[derive(Debug, Serialize)]
struct SpeakerView<'a> {
    id: &'a str,
    name: &'static str,
}

#[derive(Debug, Serialize)]
struct Segments<'a> {
    segments: Vec<SegmentView<'a>>,
}

#[derive(Debug, Serialize)]
struct SegmentView<'a> {
    start: u64,
    end: u64,
    speaker: &'a str,
    text: &'a str,
}

#[derive(Debug, Serialize)]
struct CaptionSegment<'a> {
    start: u64,
    stop: u64,
    speaker: &'static str,
    text: &'a str,
}

#[derive(Debug, Serialize)]
pub(crate) struct CommentView<'a> {
    id: &'a str,
    author: PersonView,
    text: &'static str,
    created_at: String,
    /// Where in the recording the comment is anchored (ms).
    segment_start: u64,
    is_deleted: bool,
}

/// Builds views over one consistent look at the state.
pub(crate) struct Views<'a> {
    pub(crate) catalog: &'a Catalog,
    pub(crate) store: &'a Store,
    /// Show deleted items (flagged) instead of leaving them out.
    pub(crate) soft_delete: bool,
}

impl<'a> Views<'a> {
    pub(crate) fn session(&self, s: u32) -> SessionView<'a> {
        let meta = self.catalog.session(s);
        SessionView {
            id: meta.numeric_id,
            session_id: &meta.id,
            filename: &meta.filename,
            status: meta.status,
            language: meta.language,
            duration: meta.duration_ms as f64 / 1000.0,
            media_type: meta.media_type,
            created_at: iso8601(meta.created_at),
            last_modified: iso8601(meta.last_modified),
            is_deleted: self.store.session_gone(s),
            created_by: meta.owner.into(),
            documents: self
                .catalog
                .doc_refs(s)
                .filter(|&d| self.soft_delete || !self.store.doc_gone(d))
                .map(|d| self.summary(d))
                .collect(),
        }
    }

    pub(crate) fn summary(&self, d: DocRef) -> DocumentSummaryView<'a> {
        let session = self.catalog.session(d.session);
        let doc = self.catalog.doc(d);
        DocumentSummaryView {
            id: &doc.id,
            filename: &doc.filename,
            kind: doc.kind.as_str(),
            language: session.language,
            finished: self.store.is_finished(d),
            created: iso8601(doc.created),
            last_modified: iso8601(doc.last_modified),
            size_bytes: doc.size_estimate(),
            created_by: doc.owner.into(),
            comment_count: self
                .catalog
                .comment_refs(d)
                .filter(|&c| !self.store.comment_gone(c))
                .count() as u32,
            is_deleted: self.store.doc_gone(d),
        }
    }

    pub(crate) fn comments(&self, d: DocRef) -> Vec<CommentView<'a>> {
        self.catalog
            .comment_refs(d)
            .filter(|&c| self.soft_delete || !self.store.comment_gone(c))
            .map(|c| self.comment(c))
            .collect()
    }

    fn comment(&self, c: CommentRef) -> CommentView<'a> {
        let meta = self.catalog.comment(c);
        let session = self.catalog.session(c.doc.session);
        let doc = self.catalog.doc(c.doc);
        let slot = session.duration_ms / u64::from(doc.segments).max(1);
        CommentView {
            id: &meta.id,
            author: meta.author.into(),
            text: meta.text,
            created_at: iso8601(meta.created_at),
            segment_start: u64::from(meta.segment) * slot,
            is_deleted: self.store.comment_gone(c),
        }
    }

    /// The full document; `content` must be this document's.
    pub(crate) fn document(
        &self,
        d: DocRef,
        content: &'a Content,
        shared: bool,
    ) -> DocumentView<'a> {
        let body = match self.catalog.doc(d).kind {
            DocKind::Transcript => DocumentBody::Transcript {
                document_type: DocKind::Transcript.as_str(),
                metadata: Metadata {
                    speakers: content
                        .speakers
                        .iter()
                        .map(|s| SpeakerView {
                            id: &s.id,
                            name: s.name,
                        })
                        .collect(),
                },
                content: Segments {
                    segments: content
                        .segments
                        .iter()
                        .map(|s| SegmentView {
                            start: s.start_ms,
                            end: s.end_ms,
                            speaker: &content.speakers[s.speaker].id,
                            text: &s.text,
                        })
                        .collect(),
                },
            },
            DocKind::Caption => DocumentBody::Captions(
                content
                    .segments
                    .iter()
                    .map(|s| CaptionSegment {
                        start: s.start_ms,
                        stop: s.end_ms,
                        speaker: content.speakers[s.speaker].name,
                        text: &s.text,
                    })
                    .collect(),
            ),
        };
        DocumentView {
            summary: self.summary(d),
            timecode_offset: "00:00:00:00",
            content_type: "application/json",
            document: body,
            comments: self.comments(d),
            shared: shared.then_some(SharedView { can_delete: false }),
        }
    }
}
