//! The rows and views the UI renders, with the actions Rust allows on each.

use scriptix_api::model::{Comment, Document, DocumentKind, DocumentSummary, Session};
use serde::Serialize;

use super::knowledge::{ItemKey, Knowledge};
use crate::permissions::{allowed_actions, Actions, ItemFacts, ItemKind, Viewer};

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionRow {
    pub id: String,
    pub name: String,
    pub status: String,
    pub language: String,
    pub duration_seconds: f64,
    pub created_at: String,
    pub last_modified: String,
    pub owner: Option<String>,
    /// `None` when the list did not carry them; the UI then asks for the session.
    pub documents: Option<Vec<DocumentRow>>,
    pub actions: Actions,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DocumentRow {
    pub id: String,
    pub session_id: String,
    pub name: String,
    /// "transcript", "caption" or "other".
    pub kind: String,
    pub language: String,
    pub finished: bool,
    pub last_modified: String,
    pub size_bytes: Option<f64>,
    pub comment_count: Option<u32>,
    pub owner: Option<String>,
    pub actions: Actions,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SegmentView {
    pub start_seconds: f64,
    pub end_seconds: f64,
    pub speaker: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CommentView {
    pub id: String,
    pub author: String,
    pub text: String,
    pub created_at: String,
    pub at_seconds: Option<f64>,
    pub actions: Actions,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DocumentView {
    pub session_id: String,
    pub session_name: String,
    pub document: DocumentRow,
    pub segments: Vec<SegmentView>,
    pub comments: Vec<CommentView>,
    /// Opened through a shared link: read-only whatever the account's roles.
    pub via_shared_link: bool,
}

/// A window of the filtered, sorted list.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LibraryWindow {
    pub rows: Vec<SessionRow>,
    pub offset: u32,
    /// How many loaded sessions match the query.
    pub matching: u32,
    pub loaded: u32,
    /// What the server says the account holds, when it says.
    pub total: Option<u32>,
    /// Every page has been loaded.
    pub complete: bool,
}

fn kind_word(kind: &DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Transcript => "transcript",
        DocumentKind::Caption => "caption",
        DocumentKind::Other => "other",
    }
}

pub(crate) fn session_row(s: &Session, viewer: &Viewer, k: &Knowledge) -> SessionRow {
    let key = ItemKey::Session(s.id.clone());
    let actions = allowed_actions(
        viewer,
        &ItemFacts {
            kind: ItemKind::Session,
            owner_id: s.created_by.as_ref().map(|p| p.id.clone()),
            document_owner_id: None,
            explicit_can_delete: s.can_delete,
            via_shared_link: false,
            shared_link_grants_delete: None,
            learned_forbidden: k.is_forbidden(&key),
        },
    );
    SessionRow {
        id: s.id.clone(),
        name: s.filename.clone(),
        status: s.status.clone(),
        language: s.language.clone(),
        duration_seconds: s.duration_seconds,
        created_at: s.created_at.clone(),
        last_modified: s.last_modified.clone(),
        owner: s.created_by.as_ref().map(|p| p.name.clone()),
        documents: s.documents.as_ref().map(|docs| {
            docs.iter()
                .filter(|d| !k.is_gone(&ItemKey::Document(s.id.clone(), d.id.clone())))
                .map(|d| document_row(&s.id, d, viewer, k, false))
                .collect()
        }),
        actions,
    }
}

pub(crate) fn document_row(
    session_id: &str,
    d: &DocumentSummary,
    viewer: &Viewer,
    k: &Knowledge,
    via_shared_link: bool,
) -> DocumentRow {
    let key = ItemKey::Document(session_id.to_string(), d.id.clone());
    let actions = allowed_actions(
        viewer,
        &ItemFacts {
            kind: ItemKind::Document,
            owner_id: d.created_by.as_ref().map(|p| p.id.clone()),
            document_owner_id: None,
            explicit_can_delete: d.can_delete,
            via_shared_link,
            shared_link_grants_delete: None,
            learned_forbidden: k.is_forbidden(&key),
        },
    );
    DocumentRow {
        id: d.id.clone(),
        session_id: session_id.to_string(),
        name: d.filename.clone(),
        kind: kind_word(&d.kind).to_string(),
        language: d.language.clone(),
        finished: d.finished,
        last_modified: d.last_modified.clone(),
        size_bytes: d.size_bytes.map(|b| b as f64),
        comment_count: d.comment_count,
        owner: d.created_by.as_ref().map(|p| p.name.clone()),
        actions,
    }
}

/// The document screen: transcript text and comments, each with what may be done.
pub fn document_view(
    session_id: &str,
    session_name: &str,
    doc: &Document,
    comments: &[Comment],
    viewer: &Viewer,
    k: &Knowledge,
    via_shared_link: bool,
) -> DocumentView {
    let mut row = document_row(session_id, &doc.summary, viewer, k, via_shared_link);
    if via_shared_link {
        row.actions.can_delete = doc.shared_can_delete == Some(true);
    }
    let doc_owner = doc.summary.created_by.as_ref().map(|p| p.id.clone());
    let comments = comments
        .iter()
        .filter(|c| {
            !k.is_gone(&ItemKey::Comment(
                session_id.into(),
                doc.summary.id.clone(),
                c.id.clone(),
            ))
        })
        .map(|c| {
            let key = ItemKey::Comment(session_id.into(), doc.summary.id.clone(), c.id.clone());
            CommentView {
                id: c.id.clone(),
                author: c
                    .author
                    .as_ref()
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                text: c.text.clone(),
                created_at: c.created_at.clone(),
                at_seconds: c.segment_start_ms.map(|ms| ms as f64 / 1000.0),
                actions: allowed_actions(
                    viewer,
                    &ItemFacts {
                        kind: ItemKind::Comment,
                        owner_id: c.author.as_ref().map(|p| p.id.clone()),
                        document_owner_id: doc_owner.clone(),
                        explicit_can_delete: c.can_delete,
                        via_shared_link,
                        shared_link_grants_delete: doc.shared_can_delete,
                        learned_forbidden: k.is_forbidden(&key),
                    },
                ),
            }
        })
        .collect();
    DocumentView {
        session_id: session_id.to_string(),
        session_name: session_name.to_string(),
        document: row,
        segments: doc
            .segments
            .iter()
            .map(|s| SegmentView {
                start_seconds: s.start_ms as f64 / 1000.0,
                end_seconds: s.end_ms as f64 / 1000.0,
                speaker: s.speaker.clone(),
                text: s.text.clone(),
            })
            .collect(),
        comments,
        via_shared_link,
    }
}
