//! The signed-in client: construction and the read calls.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use reqwest::Method;
use serde_json::Value;
use url::Url;

use crate::model::{is_deleted, Comment, Document, Identity, Session};
use crate::transport::pace::{ObservedLimit, PaceWait};
use crate::transport::{Call, Transport};
use crate::{routes, validate_base_url, wire, ApiError, ClientOptions, Secret};

/// A client for one account: its server and its token. Cloning is cheap and clones share
/// the concurrency bound.
#[derive(Clone)]
pub struct ScriptixClient {
    pub(crate) transport: Arc<Transport>,
}

impl std::fmt::Debug for ScriptixClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScriptixClient")
            .field("base_url", &self.base_url().as_str())
            .finish_non_exhaustive()
    }
}

impl ScriptixClient {
    /// Fails without any network traffic when the address is not acceptable (see
    /// [`validate_base_url`]) or the token is empty or unsendable.
    pub fn new(base_url: &str, token: Secret, opts: ClientOptions) -> Result<Self, ApiError> {
        let base = validate_base_url(base_url)?;
        Ok(ScriptixClient {
            transport: Arc::new(Transport::new(base, Some(token), &opts)?),
        })
    }

    /// The same client (same server, token and pacing), whose waits — for a rate limit, or
    /// to retry after a network failure — end with [`ApiError::Cancelled`] within a second
    /// once `stop` is set. Requests already sent are not interrupted.
    pub fn with_stop(&self, stop: Arc<AtomicBool>) -> ScriptixClient {
        ScriptixClient {
            transport: Arc::new(self.transport.with_stop(stop)),
        }
    }

    /// The wait requests to this client's server are in (shared by every client of the
    /// same server): `Some` while a rate limit or a network failure holds them back.
    pub fn waits(&self) -> tokio::sync::watch::Receiver<Option<PaceWait>> {
        self.transport.pacer().waits()
    }

    /// The rate limits this client's server has reported so far (see [`ObservedLimit`]).
    pub fn observed_limits(&self) -> Vec<ObservedLimit> {
        self.transport.pacer().observed_limits()
    }

    /// Requests in flight at once the pacing currently allows for this server.
    pub fn allowed_in_flight(&self) -> u32 {
        self.transport.pacer().allowed_in_flight()
    }

    /// The normalised base URL (always ends with `/`).
    pub fn base_url(&self) -> &Url {
        self.transport.base()
    }

    /// Who the token belongs to.
    pub async fn me(&self) -> Result<Identity, ApiError> {
        let body = self.get_json(&routes::me(), &[]).await?;
        Ok(Identity::read(&wire::object(body, "the account")?))
    }

    /// One session, with its documents when the server sends them (deleted ones left
    /// out). A session the server flags `is_deleted: true` is [`ApiError::Deleted`].
    pub async fn session(&self, session_id: &str) -> Result<Session, ApiError> {
        let body = self.get_json(&routes::session(session_id)?, &[]).await?;
        let obj = wire::object(body, "a session")?;
        if is_deleted(&obj) {
            return Err(ApiError::Deleted {
                what: "the session".into(),
            });
        }
        Session::read(&obj).ok_or_else(|| wire::shape("a session without an id"))
    }

    /// One document with its content. A document the server flags `is_deleted: true` is
    /// [`ApiError::Deleted`].
    pub async fn document(
        &self,
        session_id: &str,
        document_id: &str,
    ) -> Result<Document, ApiError> {
        let body = self
            .get_json(&routes::document(session_id, document_id)?, &[])
            .await?;
        let obj = wire::object(body, "a document")?;
        if is_deleted(&obj) {
            return Err(ApiError::Deleted {
                what: "the document".into(),
            });
        }
        let mut doc = Document::read(Value::Object(obj))?;
        if doc.summary.id.is_empty() {
            document_id.clone_into(&mut doc.summary.id);
        }
        Ok(doc)
    }

    /// The document's comments, without deleted ones. The list call is not documented,
    /// so a 404 or 405 is read as "this server has no comments here" (see
    /// [`Self::comment_list`] to tell that apart).
    pub async fn comments(
        &self,
        session_id: &str,
        document_id: &str,
    ) -> Result<Vec<Comment>, ApiError> {
        Ok(self
            .comment_list(session_id, document_id)
            .await?
            .unwrap_or_default())
    }

    /// The document's comments, or `None` when the comment list call does not exist on
    /// this server (404/405): then nothing is known about the comments, which is not the
    /// same as "there are none" — a comment can still be deleted there.
    pub async fn comment_list(
        &self,
        session_id: &str,
        document_id: &str,
    ) -> Result<Option<Vec<Comment>>, ApiError> {
        let path = routes::comments(session_id, document_id)?;
        let body = match self.get_json(&path, &[]).await {
            Ok(body) => body,
            Err(ApiError::NotFound { .. }) | Err(ApiError::Validation { status: 405, .. }) => {
                return Ok(None)
            }
            Err(e) => return Err(e),
        };
        let (rows, _) = wire::list(body, "the comments")?;
        Ok(Some(
            rows.iter()
                .filter_map(Value::as_object)
                .filter(|c| !is_deleted(c))
                .filter_map(Comment::read)
                .collect(),
        ))
    }

    pub(crate) async fn get_json(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Value, ApiError> {
        let url = self.transport.url(path, query);
        self.transport.json(&Call::api(Method::GET, url)).await
    }
}
