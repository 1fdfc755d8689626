//! Shared by the integration tests: a server, a plain HTTP client, and lookups into the
//! sample data through the API itself.

#![allow(dead_code)] // each test file uses its own part of this

use fake_scriptix::{Config, FakeServer, Persona};
use reqwest::{Method, Response, StatusCode};
use serde_json::Value;

pub const SESSIONS: &str = "/api/v3/speech-to-text/session";

pub struct Harness {
    pub server: FakeServer,
    pub http: reqwest::Client,
}

impl Harness {
    pub async fn start(config: Config) -> Harness {
        let server = FakeServer::start(config).await.expect("fake server starts");
        // No redirects, no proxies: exactly what was asked, on loopback.
        let http = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Harness { server, http }
    }

    pub async fn default() -> Harness {
        Harness::start(Config::default()).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }

    pub async fn call(&self, who: Persona, method: Method, path: &str) -> Response {
        self.http
            .request(method, self.url(path))
            .bearer_auth(self.server.token(who))
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, who: Persona, path: &str) -> Response {
        self.call(who, Method::GET, path).await
    }

    pub async fn delete(&self, who: Persona, path: &str) -> StatusCode {
        self.call(who, Method::DELETE, path).await.status()
    }

    pub async fn json(&self, who: Persona, path: &str) -> Value {
        let response = self.get(who, path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.unwrap()
    }

    /// Every session, through the list endpoint, oldest first.
    pub async fn all_sessions(&self) -> Vec<Value> {
        let mut all = Vec::new();
        loop {
            let page = self
                .json(
                    Persona::Admin,
                    &format!("{SESSIONS}?offset={}&limit=100&direction=asc", all.len()),
                )
                .await;
            let items = page["result"].as_array().unwrap().clone();
            let short = items.len() < 100;
            all.extend(items);
            if short {
                return all;
            }
        }
    }

    /// The first session owned by `owner`.
    pub async fn session_of(&self, owner: Persona) -> Value {
        let id = self.server.identity(owner).id;
        self.all_sessions()
            .await
            .into_iter()
            .find(|s| s["created_by"]["id"] == id)
            .unwrap_or_else(|| panic!("no session of {owner:?}"))
    }
}

pub fn session_path(session: &Value) -> String {
    format!("{SESSIONS}/{}", session["session_id"].as_str().unwrap())
}

pub fn document_path(session: &Value, doc: &Value) -> String {
    format!(
        "{}/document/{}",
        session_path(session),
        doc["id"].as_str().unwrap()
    )
}
