//! Finishing and sharing a document. Both are POSTs: never retried, since the client
//! cannot know whether a lost answer means it happened.

use reqwest::Method;
use serde_json::{json, Value};

use crate::transport::{drain, Call, Payload};
use crate::{routes, wire, ApiError, ScriptixClient};

impl ScriptixClient {
    /// Marks the document finished (locked). See [`Self::set_finished`].
    pub async fn mark_finished(&self, session_id: &str, document_id: &str) -> Result<(), ApiError> {
        self.set_finished(session_id, document_id, true).await
    }

    /// Takes the "finished" mark off again (`status=false`), so the document can be edited.
    pub async fn mark_unfinished(
        &self,
        session_id: &str,
        document_id: &str,
    ) -> Result<(), ApiError> {
        self.set_finished(session_id, document_id, false).await
    }

    /// `finished_status?status=…`, sent as the docs show it: with
    /// `Content-Type: application/json` (the status also goes in a small JSON body, for a
    /// server that reads it there). Older servers only take `PUT` (a 405 to the `POST`
    /// switches over), and "already finished" counts as done.
    async fn set_finished(
        &self,
        session_id: &str,
        document_id: &str,
        finished: bool,
    ) -> Result<(), ApiError> {
        let status = if finished { "true" } else { "false" };
        let url = self.transport.url(
            &routes::finished_status(session_id, document_id)?,
            &[("status", status)],
        );
        let call = |method| {
            Call::api(method, url.clone()).with(Payload::Json(json!({ "status": finished })))
        };
        let outcome = match self.transport.send(&call(Method::POST)).await {
            Err(ApiError::Validation { status: 405, .. }) => {
                self.transport.send(&call(Method::PUT)).await
            }
            other => other,
        };
        match outcome {
            Ok(answer) => {
                drain(answer).await;
                Ok(())
            }
            Err(ApiError::Validation {
                status: 400,
                message,
            }) if finished && says_already_finished(&message) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Creates (or returns) the document's share link.
    pub async fn share(&self, session_id: &str, document_id: &str) -> Result<String, ApiError> {
        let url = self
            .transport
            .url(&routes::share(session_id, document_id)?, &[]);
        let call = Call::api(Method::POST, url).with(Payload::Json(json!({})));
        let answer = wire::object(self.transport.json(&call).await?, "the share answer")?;
        wire::first(&answer, &["link", "share_url", "url"])
            .and_then(Value::as_str)
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .ok_or_else(|| wire::shape("the share answer"))
    }
}

fn says_already_finished(message: &str) -> bool {
    let m = message.to_lowercase();
    m.contains("already") && (m.contains("finished") || m.contains("final"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn already_finished_phrases() {
        assert!(says_already_finished("The document is already finished"));
        assert!(says_already_finished("Document already finalized"));
        assert!(!says_already_finished(
            "Document is finished processing? no"
        ));
        assert!(!says_already_finished("bad status value"));
    }
}
