//! Deletes, finishing, sharing, signing in: every outcome.

use serde_json::json;

use super::{client, fast_opts, TOKEN};
use crate::test_support::{RawServer, Reply};
use crate::{
    fetch_shared_document, login, login_mfa, ApiError, DeleteOutcome, LoginStep, Secret, SharedLink,
};

#[tokio::test]
async fn delete_outcomes() {
    let removed = json!({"error": "Transcript already marked as removed"});
    let server = RawServer::start(vec![
        Reply::empty(204),
        Reply::json(200, json!({"result": "transcript removed"})),
        Reply::json(404, json!({"error": "not found"})),
        Reply::json(400, removed.clone()),
        Reply::json(400, removed),
        Reply::json(
            403,
            json!({"error": {"code": 403, "message": "Insufficient permissions"}}),
        ),
        Reply::json(
            401,
            json!({"error": "invalid_token", "error_description": "Token expired"}),
        ),
    ])
    .await;
    let c = client(&server);
    assert_eq!(
        c.delete_document("s", "d").await.unwrap(),
        DeleteOutcome::Deleted
    );
    assert_eq!(c.delete_session("s").await.unwrap(), DeleteOutcome::Deleted);
    assert_eq!(
        c.delete_comment("s", "d", "c").await.unwrap(),
        DeleteOutcome::NotFound
    );
    assert_eq!(
        c.delete_session("s").await.unwrap(),
        DeleteOutcome::AlreadyGone
    );
    // Only a *session* delete reads that 400 as "already gone".
    assert_eq!(
        c.delete_document("s", "d").await.unwrap_err(),
        ApiError::Validation {
            status: 400,
            message: "Transcript already marked as removed".into()
        }
    );
    assert_eq!(
        c.delete_session("s").await.unwrap_err(),
        ApiError::Forbidden {
            message: "Insufficient permissions".into()
        }
    );
    assert_eq!(
        c.delete_session("s").await.unwrap_err(),
        ApiError::Unauthorized {
            message: "Token expired".into()
        }
    );
    assert!(server.requests().iter().all(|r| r.method == "DELETE"));
}

#[tokio::test]
async fn mark_finished_falls_back_to_put_and_accepts_already_finished() {
    let server = RawServer::start(vec![
        Reply::empty(204),
        Reply::json(405, json!({"error": "Method Not Allowed"})),
        Reply::empty(204),
        Reply::json(400, json!({"message": "The document is already finished"})),
        Reply::json(409, json!({"message": "Document is being processed"})),
    ])
    .await;
    let c = client(&server);
    c.mark_finished("s", "d").await.unwrap();
    c.mark_finished("s", "d").await.unwrap();
    c.mark_finished("s", "d").await.unwrap();
    assert_eq!(
        c.mark_finished("s", "d").await.unwrap_err(),
        ApiError::Validation {
            status: 409,
            message: "Document is being processed".into()
        }
    );
    let calls: Vec<(String, String)> = server
        .requests()
        .iter()
        .map(|r| (r.method.clone(), r.target.clone()))
        .collect();
    let target = "/api/v3/speech-to-text/session/s/document/d/finished_status?status=true";
    assert_eq!(calls[0], ("POST".into(), target.into()));
    assert_eq!(calls[1].0, "POST");
    assert_eq!(calls[2], ("PUT".into(), target.into()));
    assert_eq!(calls[3].0, "POST");
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.header("content-type") == Some("application/json")),
        "the documented Content-Type goes with POST and PUT alike"
    );
}

#[tokio::test]
async fn mark_unfinished_sends_status_false_as_json() {
    let server = RawServer::start(vec![
        Reply::empty(204),
        Reply::json(400, json!({"message": "The document is already finished"})),
    ])
    .await;
    let c = client(&server);
    c.mark_unfinished("s", "d").await.unwrap();
    // "Already finished" is only success when finishing.
    assert!(matches!(
        c.mark_unfinished("s", "d").await,
        Err(ApiError::Validation { status: 400, .. })
    ));
    let seen = &server.requests()[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(
        seen.target,
        "/api/v3/speech-to-text/session/s/document/d/finished_status?status=false"
    );
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&seen.body).unwrap(),
        json!({"status": false})
    );
}

#[tokio::test]
async fn share_returns_the_link() {
    let server = RawServer::start(vec![
        Reply::json(
            201,
            json!({"result": {"link": "https://app.scriptix.io/transcripts/shared/s/d/t"}}),
        ),
        Reply::json(200, json!({"result": {}})),
    ])
    .await;
    let c = client(&server);
    assert_eq!(
        c.share("s", "d").await.unwrap(),
        "https://app.scriptix.io/transcripts/shared/s/d/t"
    );
    assert!(matches!(
        c.share("s", "d").await,
        Err(ApiError::Decode { .. })
    ));
    let req = &server.requests()[0];
    assert_eq!(
        (req.method.as_str(), req.path()),
        ("POST", "/api/v3/speech-to-text/session/s/document/d/share")
    );
    assert_eq!(req.body, b"{}");
}

#[tokio::test]
async fn login_with_and_without_a_second_factor() {
    let server = RawServer::start(vec![
        Reply::json(200, json!({"access_token": "jwt-1", "login": true, "mfa_required": false, "session_id": "x", "signature": "y"})),
        Reply::json(200, json!({"access_token": "", "login": false, "mfa_required": true})),
        Reply::json(200, json!({"access_token": "jwt-2", "login": true, "mfa_required": false})),
        Reply::json(401, json!({"error": "invalid_grant", "error_description": "Wrong user name or password"})),
    ])
    .await;
    let url = server.url();
    let pw = Secret::new("p&ss word");
    let LoginStep::Signed(token) = login(&url, "ann@example.com", &pw, &fast_opts())
        .await
        .unwrap()
    else {
        panic!("expected a token");
    };
    assert_eq!(token.expose(), "jwt-1");
    assert!(matches!(
        login(&url, "ann@example.com", &pw, &fast_opts())
            .await
            .unwrap(),
        LoginStep::MfaRequired
    ));
    assert_eq!(
        login_mfa(&url, "ann@example.com", &pw, " 123456 ", &fast_opts())
            .await
            .unwrap()
            .expose(),
        "jwt-2"
    );
    assert_eq!(
        login(&url, "ann@example.com", &pw, &fast_opts())
            .await
            .unwrap_err(),
        ApiError::Unauthorized {
            message: "Wrong user name or password".into()
        }
    );

    let reqs = server.requests();
    assert_eq!(reqs[0].target, "/api/v3/auth/login?login_type=token");
    assert_eq!(
        reqs[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&reqs[0].body),
        "username=ann%40example.com&password=p%26ss+word&remember_me=true"
    );
    assert_eq!(reqs[2].target, "/api/v3/auth/login/mfa?login_type=token");
    assert!(String::from_utf8_lossy(&reqs[2].body).ends_with("&totp_code=123456"));
    assert!(reqs.iter().all(|r| r.header("authorization").is_none()));
}

#[tokio::test]
async fn shared_documents_go_without_auth_and_keep_the_sharing_flag() {
    let server = RawServer::start(vec![Reply::json(
        200,
        json!({"result": {"id": "d1", "type": "document", "document": {"content": {"segments": []}}},
               "shared": {"can_delete": false}}),
    )])
    .await;
    let link = SharedLink::parse(&format!("{}/shared/s1/d1/tok%2Fen", server.url())).unwrap();
    let doc = fetch_shared_document(&server.url(), &link, &fast_opts())
        .await
        .unwrap();
    assert_eq!(doc.shared_can_delete, Some(false));
    assert_eq!(doc.raw["shared"]["can_delete"], false);
    let req = &server.requests()[0];
    assert_eq!(req.target, "/api/v3/shared/s1/document/d1?token=tok%2Fen");
    assert!(req.header("authorization").is_none() && req.header("x-zoom-s2t-key").is_none());
    assert!(!req.target.contains(TOKEN));
}
