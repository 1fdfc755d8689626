//! Hostile ids, plain http, and where the token goes, against the real fake server.

use fake_scriptix::{Config, Persona};
use scriptix_api::{ApiError, ClientOptions, DeleteOutcome, ScriptixClient, Secret};

use crate::support::{all_sessions, client, start, with_comments};

#[tokio::test]
async fn hostile_ids_never_reach_another_item() {
    let server = start(Config::default()).await;
    let c = client(&server, Persona::Admin);
    let (s, d) = with_comments(&c).await;
    let comment = c.comments(&s.id, &d.id).await.unwrap().remove(0);
    let (s, d, cm) = (s.id.as_str(), d.id.as_str(), comment.id.as_str());
    let before = server.state();

    // Each of these, if it reached the server unencoded, would address a real item.
    let as_session = [
        format!("{s}/document/{d}"),
        format!("{s}?x=1"),
        format!("{s}#top"),
        format!("x/../{s}"),
        format!("{s}%2F"),
        format!("{s}/"),
    ];
    for id in &as_session {
        assert_eq!(
            c.delete_session(id).await.unwrap(),
            DeleteOutcome::NotFound,
            "{id}"
        );
    }
    assert_eq!(
        c.delete_document(s, &format!("../../session/{s}"))
            .await
            .unwrap(),
        DeleteOutcome::NotFound
    );
    assert_eq!(
        c.delete_document("..%2F..", d).await.unwrap(),
        DeleteOutcome::NotFound
    );
    assert_eq!(
        c.delete_comment(s, d, &format!("../../../document/{d}"))
            .await
            .unwrap(),
        DeleteOutcome::NotFound
    );
    assert_eq!(
        c.delete_comment(s, d, &format!("{cm}?force=1"))
            .await
            .unwrap(),
        DeleteOutcome::NotFound
    );
    for (s2, d2) in [(".", d), (s, ".."), ("", d)] {
        assert!(matches!(
            c.delete_document(s2, d2).await,
            Err(ApiError::InvalidId { .. })
        ));
    }

    let after = server.state();
    assert!(after.deleted_sessions.is_empty());
    assert!(after.deleted_documents.is_empty());
    assert!(after.deleted_comments.is_empty());
    assert_eq!(after.sessions, before.sessions);
    assert_eq!(after.download_requests_with_token, 0);
}

#[tokio::test]
async fn plain_http_is_refused_unless_loopback() {
    let server = start(Config::default()).await;
    let token = server.token(Persona::Admin);
    let port = server.base_url().rsplit(':').next().unwrap().to_owned();
    for url in [
        format!("http://example.com:{port}"),
        format!("http://10.1.2.3:{port}"),
    ] {
        assert!(matches!(
            ScriptixClient::new(&url, Secret::new(token.clone()), ClientOptions::default()),
            Err(ApiError::InvalidBaseUrl { .. })
        ));
    }
    let via_localhost = format!("http://localhost:{port}");
    let c =
        ScriptixClient::new(&via_localhost, Secret::new(token), ClientOptions::default()).unwrap();
    assert!(c.me().await.is_ok());
    assert_eq!(server.state().total_requests, 1);
}

#[tokio::test]
async fn the_download_host_never_sees_the_token() {
    let server = start(Config::default()).await;
    for who in [Persona::Admin, Persona::Viewer] {
        let c = client(&server, who);
        for s in all_sessions(&c).await.iter().take(5) {
            for d in s.documents.as_deref().unwrap() {
                let mut out = Vec::new();
                c.export_to(
                    &s.id,
                    &d.id,
                    scriptix_api::ExportFormat::Docx,
                    &mut out,
                    &|_| {},
                )
                .await
                .unwrap();
            }
        }
    }
    let state = server.state();
    assert!(state.requests.get("GET blob").copied().unwrap_or(0) >= 10);
    assert_eq!(state.download_requests_with_token, 0);
}
