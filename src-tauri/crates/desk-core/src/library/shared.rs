//! Opening a document from a Scriptix shared link, read-only.
//!
//! In the core rather than the command layer: the command only names the account and the
//! link; talking to Scriptix and shaping the view happen here, like every other read.

use super::cache::Library;
use super::views::{document_view, DocumentView};
use crate::DeskResult;

impl Library {
    /// The document behind `link`, fetched from the account's `server` (a shared link needs
    /// no token, so none is sent), as a view with the account's rights applied.
    pub async fn open_shared_link(
        &self,
        account_id: &str,
        server: &str,
        link: &str,
    ) -> DeskResult<DocumentView> {
        let shared = scriptix_api::SharedLink::parse(link)?;
        let doc = scriptix_api::fetch_shared_document(server, &shared, &Default::default()).await?;
        let comments = doc.comments.clone().unwrap_or_default();
        Ok(self.with_knowledge(account_id, |viewer, k| {
            document_view(
                shared.session_id.as_deref().unwrap_or(""),
                "",
                &doc,
                &comments,
                viewer,
                k,
                true,
            )
        }))
    }
}
