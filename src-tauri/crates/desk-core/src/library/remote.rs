//! What the library asks Scriptix for when the person opens or changes one item: a session's
//! details, a document with its comments, "mark as finished". In the core rather than the
//! command layer (issue 13): a command names the account and the item, and the talking to
//! Scriptix and the shaping of the answer happen here, like every other read.
//!
//! [`document_comments`] is the one place that decides where a document's comments come
//! from; the document view, the backup and the delete workflow all use it.

use scriptix_api::{ApiError, Comment, Document, ScriptixClient};

use super::cache::Library;
use super::views::{document_view, DocumentRow, DocumentView, SessionRow};
use crate::{DeskError, DeskResult, Detail};

/// A document's comments: those its JSON carries, or else the comment list call's. `None`
/// when neither says (the server has no comment list call): unknown, which is not the same
/// as "none" — a comment can still be deleted there.
pub async fn document_comments(
    client: &ScriptixClient,
    session_id: &str,
    document_id: &str,
    document: &Document,
) -> Result<Option<Vec<Comment>>, ApiError> {
    match &document.comments {
        Some(inline) => Ok(Some(inline.clone())),
        None => client.comment_list(session_id, document_id).await,
    }
}

impl Library {
    /// A session with its documents, fresh from Scriptix; the library keeps the reading.
    pub async fn session_details(
        &self,
        account_id: &str,
        client: &ScriptixClient,
        session_id: &str,
    ) -> DeskResult<SessionRow> {
        let session = client.session(session_id).await?;
        Ok(self.put_session(account_id, session))
    }

    /// A document's text and comments, with what the account may do to each. Comments
    /// Scriptix cannot list show as none (the view has no "unknown" for them).
    pub async fn open_document(
        &self,
        account_id: &str,
        client: &ScriptixClient,
        session_id: &str,
        document_id: &str,
    ) -> DeskResult<DocumentView> {
        let doc = client.document(session_id, document_id).await?;
        let comments = document_comments(client, session_id, document_id, &doc)
            .await?
            .unwrap_or_default();
        let session_name = self
            .session(account_id, session_id)
            .map(|s| s.filename)
            .unwrap_or_default();
        Ok(self.with_knowledge(account_id, |viewer, k| {
            document_view(session_id, &session_name, &doc, &comments, viewer, k, false)
        }))
    }

    /// Mark a document as finished (nothing is deleted; editing is locked on Scriptix) or,
    /// with `finished: false`, as not finished again; returns its row as Scriptix now has it.
    pub async fn set_finished(
        &self,
        account_id: &str,
        client: &ScriptixClient,
        session_id: &str,
        document_id: &str,
        finished: bool,
    ) -> DeskResult<DocumentRow> {
        if finished {
            client.mark_finished(session_id, document_id).await?;
        } else {
            client.mark_unfinished(session_id, document_id).await?;
        }
        self.session_details(account_id, client, session_id)
            .await?
            .documents
            .and_then(|docs| docs.into_iter().find(|d| d.id == document_id))
            .ok_or(DeskError::NotFound(Detail::Gone))
    }
}
