//! Deleting documents, sessions and comments.
//!
//! A delete that finds nothing to delete is not an error, so a retried or repeated delete
//! (another device, a lost answer) does not read as a failure. But "nothing to delete" comes
//! in two kinds the person must be able to tell apart:
//! - [`DeleteOutcome::AlreadyGone`]: the server said it was already removed (a session's
//!   400 "already marked as removed");
//! - [`DeleteOutcome::NotFound`]: a 404, which the docs define as "not found **or not
//!   yours**" (an object another token created answers 404 too). It may well still exist
//!   on Scriptix; this account just cannot see it. Never reported as "deleted".

use reqwest::Method;

use crate::transport::{drain, Call};
use crate::{routes, ApiError, ScriptixClient};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DeleteOutcome {
    Deleted,
    /// Scriptix said it had already been removed.
    AlreadyGone,
    /// 404: not on Scriptix for this account (already deleted, or not visible to it).
    NotFound,
}

impl ScriptixClient {
    pub async fn delete_document(&self, s: &str, d: &str) -> Result<DeleteOutcome, ApiError> {
        self.delete(&routes::document(s, d)?, false).await
    }

    /// Deletes the session and all its documents.
    pub async fn delete_session(&self, s: &str) -> Result<DeleteOutcome, ApiError> {
        self.delete(&routes::session(s)?, true).await
    }

    pub async fn delete_comment(
        &self,
        s: &str,
        d: &str,
        c: &str,
    ) -> Result<DeleteOutcome, ApiError> {
        self.delete(&routes::comment(s, d, c)?, false).await
    }

    async fn delete(&self, path: &str, is_session: bool) -> Result<DeleteOutcome, ApiError> {
        let url = self.transport.url(path, &[]);
        match self.transport.send(&Call::api(Method::DELETE, url)).await {
            Ok(answer) => {
                drain(answer).await;
                Ok(DeleteOutcome::Deleted)
            }
            Err(ApiError::NotFound { .. }) => Ok(DeleteOutcome::NotFound),
            // The older docs: a session delete answers 400 "already marked as removed".
            Err(ApiError::Validation {
                status: 400,
                message,
            }) if is_session && says_already_removed(&message) => Ok(DeleteOutcome::AlreadyGone),
            Err(e) => Err(e),
        }
    }
}

fn says_already_removed(message: &str) -> bool {
    let m = message.to_lowercase();
    m.contains("already") && (m.contains("removed") || m.contains("deleted"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn already_removed_phrases() {
        assert!(says_already_removed("Transcript already marked as removed"));
        assert!(says_already_removed("already removed"));
        assert!(says_already_removed("Session was already deleted"));
        assert!(!says_already_removed("Session is being processed"));
        assert!(!says_already_removed("removed"));
    }
}
