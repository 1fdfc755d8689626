//! Starting a fake server and finding things in it.

use std::time::Duration;

use fake_scriptix::{Config, FakeServer, Persona};
use futures_util::TryStreamExt;
use scriptix_api::{
    ClientOptions, DocumentSummary, ListQuery, RetryPolicy, ScriptixClient, Secret, Session,
};

pub async fn start(config: Config) -> FakeServer {
    FakeServer::start(config)
        .await
        .expect("the fake server starts")
}

/// Default options with a 1 ms backoff base, so retry tests stay quick. A server's
/// `Retry-After` is still honoured as given.
pub fn fast_opts() -> ClientOptions {
    ClientOptions {
        retry: RetryPolicy {
            base_delay: Duration::from_millis(1),
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    }
}

pub fn client_with(server: &FakeServer, who: Persona, opts: ClientOptions) -> ScriptixClient {
    ScriptixClient::new(&server.base_url(), Secret::new(server.token(who)), opts)
        .expect("a loopback base URL is accepted")
}

pub fn client(server: &FakeServer, who: Persona) -> ScriptixClient {
    client_with(server, who, fast_opts())
}

pub async fn all_sessions(client: &ScriptixClient) -> Vec<Session> {
    let pages: Vec<_> = client
        .sessions(ListQuery::default())
        .try_collect()
        .await
        .expect("the list pages load");
    pages.into_iter().flat_map(|p| p.items).collect()
}

pub fn persona_id(server: &FakeServer, who: Persona) -> String {
    server
        .identities()
        .into_iter()
        .find(|i| i.persona == who)
        .map(|i| i.id)
        .expect("every persona has an identity")
}

/// A session created by `owner`, and its first document.
pub async fn owned_by(
    server: &FakeServer,
    client: &ScriptixClient,
    owner: Persona,
) -> (Session, DocumentSummary) {
    let owner_id = persona_id(server, owner);
    let session = all_sessions(client)
        .await
        .into_iter()
        .find(|s| s.created_by.as_ref().is_some_and(|p| p.id == owner_id))
        .expect("the sample data has sessions by every owner");
    let doc = session
        .documents
        .as_ref()
        .expect("the list carries documents")[0]
        .clone();
    (session, doc)
}

/// Any session with a document that has comments.
pub async fn with_comments(client: &ScriptixClient) -> (Session, DocumentSummary) {
    for session in all_sessions(client).await {
        for doc in session.documents.clone().unwrap_or_default() {
            if !client
                .comments(&session.id, &doc.id)
                .await
                .unwrap()
                .is_empty()
            {
                return (session, doc);
            }
        }
    }
    panic!("the sample data has comments somewhere");
}
