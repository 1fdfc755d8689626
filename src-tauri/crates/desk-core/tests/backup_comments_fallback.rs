//! A server whose document JSON does not carry the comments (the public docs never say it
//! does): the backup asks for them separately, so none are lost.
//!
//! The fake Scriptix always inlines comments, so this runs against a tiny loopback stub that
//! answers the three calls a backup makes.

use std::io::Read;
use std::sync::{Arc, Mutex};

use desk_core::backup::{back_up_sessions, open_backup, AccountMeta};
use desk_core::cancel::CancelToken;
use scriptix_api::{ClientOptions, ScriptixClient, Secret};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const SESSION: &str = "sess_1";
const DOCUMENT: &str = "doc_1";

/// Answers `GET session`, `GET document` (without comments) and `GET comments`, one request
/// per connection, and records every path asked for.
struct Stub {
    base_url: String,
    paths: Arc<Mutex<Vec<String>>>,
}

impl Stub {
    async fn start() -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let paths = Arc::new(Mutex::new(Vec::new()));
        let seen = paths.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let seen = seen.clone();
                tokio::spawn(async move {
                    let Some(path) = read_request_path(&mut socket).await else {
                        return;
                    };
                    seen.lock().unwrap().push(path.clone());
                    let (status, body) = match answer(&path) {
                        Some(body) => ("200 OK", body),
                        None => ("404 Not Found", json!({"error": "not_found"})),
                    };
                    let body = body.to_string();
                    let head = format!(
                        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\n\
                         Content-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = socket.write_all(head.as_bytes()).await;
                    let _ = socket.write_all(body.as_bytes()).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Stub { base_url, paths }
    }

    fn paths(&self) -> Vec<String> {
        self.paths.lock().unwrap().clone()
    }
}

/// The path of a bodiless request (the backup only sends GETs).
async fn read_request_path(socket: &mut tokio::net::TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = socket.read(&mut buf).await.ok()?;
        if n == 0 || head.len() > 64 * 1024 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(&head).lines().next()?.to_string();
    let target = line.split_whitespace().nth(1)?;
    Some(target.split('?').next()?.to_string())
}

fn answer(path: &str) -> Option<Value> {
    let session = format!("/api/v3/speech-to-text/session/{SESSION}");
    let document = format!("{session}/document/{DOCUMENT}");
    let result = if path == session {
        json!({
            "session_id": SESSION, "filename": "Board meeting.mp3", "status": "completed",
            "language": "en", "duration": 65.0, "created_at": "2025-01-01T09:00:00Z",
            "last_modified": "2025-01-01T10:00:00Z",
            "documents": [{"id": DOCUMENT, "filename": "Board meeting", "type": "document"}]
        })
    } else if path == document {
        json!({
            "id": DOCUMENT, "filename": "Board meeting", "type": "document", "language": "en",
            "document": {
                "metadata": {"speakers": [{"id": "S1", "name": "Ann"}]},
                "content": {"segments": [
                    {"start": 61500, "end": 64000, "speaker": "S1", "text": "The budget figure."}
                ]}
            }
        })
    } else if path == format!("{document}/comments") {
        return Some(json!({"count": 1, "total_results": 1, "result": [{
            "id": "cmt_1", "author": {"id": "usr_1", "name": "Bo"},
            "text": "Check the budget figure", "created_at": "2025-01-02T08:00:00Z",
            "segment_start": 61500
        }]}));
    } else {
        return None;
    };
    Some(json!({ "result": result }))
}

#[tokio::test]
async fn comments_missing_from_the_document_json_are_fetched_and_kept() {
    let stub = Stub::start().await;
    let client = ScriptixClient::new(
        &stub.base_url,
        Secret::new(String::from("stub-token")),
        ClientOptions::default(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backup.zip");
    let account = AccountMeta {
        label: "Office".into(),
        organization: "Acme".into(),
        server: stub.base_url.clone(),
    };

    back_up_sessions(
        &client,
        account,
        &[SESSION.to_string()],
        None,
        false,
        &path,
        &|_| {},
        &CancelToken::new(),
    )
    .await
    .unwrap();

    let document = format!("/api/v3/speech-to-text/session/{SESSION}/document/{DOCUMENT}");
    assert_eq!(
        stub.paths(),
        [
            format!("/api/v3/speech-to-text/session/{SESSION}"),
            document.clone(),
            format!("{document}/comments"),
        ]
    );
    let view = open_backup(&path).unwrap();
    let doc = &view.sessions[0].documents[0];
    assert_eq!(doc.comments.len(), 1);
    assert_eq!(doc.comments[0].text, "Check the budget figure");
    assert_eq!(doc.comments[0].author, "Bo");

    // The readable copy is made from the JSON alone, with the speaker's name.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(&format!(
        "sessions/Board meeting.mp3--{SESSION}/Board meeting/transcript.txt"
    ))
    .unwrap()
    .read_to_string(&mut text)
    .unwrap();
    assert_eq!(
        text,
        "Board meeting\n\n[00:01:01] Ann: The budget figure.\n"
    );
}

/// The document view asks the same way (one core function decides for the backup, the view
/// and the delete check), so a comment the backup keeps is one the person can see.
#[tokio::test]
async fn the_document_view_shows_comments_missing_from_the_document_json() {
    let stub = Stub::start().await;
    let client = ScriptixClient::new(
        &stub.base_url,
        Secret::new(String::from("stub-token")),
        ClientOptions::default(),
    )
    .unwrap();
    let library = desk_core::library::Library::new();
    let view = library
        .open_document("acct", &client, SESSION, DOCUMENT)
        .await
        .unwrap();
    let texts: Vec<&str> = view.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["Check the budget figure"]);
    assert_eq!(view.comments[0].author, "Bo");
    let document = format!("/api/v3/speech-to-text/session/{SESSION}/document/{DOCUMENT}");
    assert_eq!(
        stub.paths(),
        [document.clone(), format!("{document}/comments")]
    );
}
