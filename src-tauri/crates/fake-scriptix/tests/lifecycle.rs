//! Starting and stopping: the library's shutdown and drop, and the binary's start-up line.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use fake_scriptix::{Config, FakeServer, Persona};
use reqwest::StatusCode;
use serde_json::Value;

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

async fn me(http: &reqwest::Client, base: &str, token: &str) -> Result<StatusCode, reqwest::Error> {
    http.get(format!("{base}/api/v3/account/me"))
        .bearer_auth(token)
        .send()
        .await
        .map(|r| r.status())
}

#[tokio::test]
async fn shutdown_closes_both_hosts_and_open_connections() {
    let server = FakeServer::start(Config::default()).await.unwrap();
    let (base, download) = (server.base_url(), server.download_base_url());
    let token = server.token(Persona::Admin);
    // A keep-alive connection is open when the server stops.
    let http = client();
    assert_eq!(me(&http, &base, &token).await.unwrap(), StatusCode::OK);

    server.shutdown().await;
    assert!(me(&http, &base, &token).await.is_err());
    assert!(me(&client(), &base, &token).await.is_err());
    assert!(client()
        .get(format!("{download}/blob/x"))
        .send()
        .await
        .is_err());
}

#[tokio::test]
async fn dropping_the_server_stops_it() {
    let server = FakeServer::start(Config::default()).await.unwrap();
    let base = server.base_url();
    let token = server.token(Persona::Admin);
    let http = client();
    assert_eq!(me(&http, &base, &token).await.unwrap(), StatusCode::OK);
    drop(server);
    // The tasks end the next time the runtime gets to them; give it a bounded number of turns.
    let mut stopped = false;
    for _ in 0..100 {
        if me(&client(), &base, &token).await.is_err() {
            stopped = true;
            break;
        }
        tokio::task::yield_now().await;
    }
    assert!(stopped, "the API host stopped answering");
}

/// Kills the child on the way out, pass or fail.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_prints_one_line_and_serves() {
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_fake-scriptix"))
            .args([
                "--sessions",
                "12",
                "--seed",
                "5",
                "--auth-style",
                "key",
                "--delete-status",
                "200",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let started: Value = serde_json::from_str(&line).unwrap();
    let base = started["base_url"].as_str().unwrap();
    assert!(base.starts_with("http://127.0.0.1:"));
    assert!(started["download_base_url"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));
    let ids = started["identities"].as_array().unwrap();
    assert_eq!(ids.len(), 5);
    for key in [
        "persona", "name", "email", "password", "roles", "token", "mfa_code",
    ] {
        assert!(ids[0].get(key).is_some(), "{key}");
    }
    let mfa = ids.iter().find(|i| i["persona"] == "mfa").unwrap();
    assert_eq!(mfa["mfa_code"], "123456");

    let token = ids[0]["token"].as_str().unwrap();
    let http = client();
    let by_key = http
        .get(format!("{base}/api/v3/speech-to-text/session"))
        .header("x-zoom-s2t-key", token)
        .send()
        .await
        .unwrap();
    assert_eq!(by_key.status(), StatusCode::OK);
    let page: Value = by_key.json().await.unwrap();
    assert_eq!(page["total_results"], 12);
    // --auth-style key: Bearer is refused.
    assert_eq!(
        me(&http, base, token).await.unwrap(),
        StatusCode::UNAUTHORIZED
    );
}
