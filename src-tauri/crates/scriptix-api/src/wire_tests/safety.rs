//! Where the token goes, what ids can reach, and the resource limits.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;

use super::{client, fast_opts, TOKEN};
use crate::test_support::{RawServer, Reply};
use crate::{
    ApiError, AuthStyle, ClientOptions, DeleteOutcome, RetryPolicy, ScriptixClient, Secret,
};

#[tokio::test]
async fn both_auth_header_styles() {
    let server = RawServer::start(vec![
        Reply::json(200, json!({"id": 1})),
        Reply::json(200, json!({"id": 1})),
    ])
    .await;
    client(&server).me().await.unwrap();
    let key_opts = ClientOptions {
        auth_style: AuthStyle::ApiKey,
        ..fast_opts()
    };
    ScriptixClient::new(&server.url(), Secret::new(TOKEN), key_opts)
        .unwrap()
        .me()
        .await
        .unwrap();

    let reqs = server.requests();
    assert_eq!(
        reqs[0].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(reqs[0].header("x-zoom-s2t-key"), None);
    assert_eq!(reqs[1].header("x-zoom-s2t-key"), Some(TOKEN));
    assert_eq!(reqs[1].header("authorization"), None);
}

#[tokio::test]
async fn hostile_ids_stay_one_path_segment() {
    let server = RawServer::start((0..4).map(|_| Reply::empty(204)).collect()).await;
    let c = client(&server);
    c.delete_document("../x", "a/b").await.unwrap();
    c.delete_session("a?b").await.unwrap();
    c.delete_comment("%2F", "#", "..%2f..").await.unwrap();
    c.delete_session("../../account/me").await.unwrap();
    let targets: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(
        targets,
        [
            "/api/v3/speech-to-text/session/..%2Fx/document/a%2Fb",
            "/api/v3/speech-to-text/session/a%3Fb",
            "/api/v3/speech-to-text/session/%252F/document/%23/comments/..%252f..",
            "/api/v3/speech-to-text/session/..%2F..%2Faccount%2Fme",
        ]
    );
}

#[tokio::test]
async fn unusable_ids_are_refused_before_any_request() {
    let server = RawServer::start(Vec::new()).await;
    let c = client(&server);
    for (s, d) in [("", "d"), (".", "d"), ("s", ".."), ("..", "..")] {
        assert!(matches!(
            c.delete_document(s, d).await,
            Err(ApiError::InvalidId { .. })
        ));
        assert!(matches!(
            c.document(s, d).await,
            Err(ApiError::InvalidId { .. })
        ));
    }
    assert!(matches!(
        c.delete_comment("s", "d", "").await,
        Err(ApiError::InvalidId { .. })
    ));
    assert!(matches!(
        c.delete_session(".").await,
        Err(ApiError::InvalidId { .. })
    ));
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn plain_http_to_another_machine_is_refused() {
    for url in ["http://api.scriptix.io", "http://192.168.1.10:8080"] {
        assert!(matches!(
            ScriptixClient::new(url, Secret::new(TOKEN), ClientOptions::default()),
            Err(ApiError::InvalidBaseUrl { .. })
        ));
    }
    assert!(matches!(
        ScriptixClient::new(
            "https://api.scriptix.io",
            Secret::new("  "),
            ClientOptions::default()
        ),
        Err(ApiError::Unauthorized { .. })
    ));
    assert!(matches!(
        ScriptixClient::new(
            "https://api.scriptix.io",
            Secret::new("a\nb"),
            ClientOptions::default()
        ),
        Err(ApiError::Unauthorized { .. })
    ));
}

#[tokio::test]
async fn redirects_to_another_server_are_never_followed() {
    let elsewhere = RawServer::start(vec![Reply::json(200, json!({"id": 1}))]).await;
    let server = RawServer::start(vec![
        Reply::empty(302).header(
            "location",
            &format!("{}/api/v3/account/me", elsewhere.url()),
        ),
        Reply::empty(307).header("location", &format!("{}/x", elsewhere.url())),
    ])
    .await;
    let c = client(&server);
    assert!(matches!(c.me().await, Err(ApiError::Decode { .. })));
    assert!(matches!(
        c.delete_session("s").await,
        Err(ApiError::Decode { .. })
    ));
    assert!(
        elsewhere.requests().is_empty(),
        "the token must not follow a redirect"
    );
    assert_eq!(server.requests().len(), 2, "a redirect is not retried");
}

#[tokio::test]
async fn same_server_redirects_are_followed_with_the_token() {
    let server = RawServer::start(vec![
        Reply::empty(301).header("location", "/api/v3/account/me/"),
        Reply::empty(308).header("location", "me2?x=1"),
        Reply::json(200, json!({"result": {"id": 7}})),
    ])
    .await;
    let me = client(&server).me().await.unwrap();
    assert_eq!(me.id, "7");
    let seen = server.requests();
    let targets: Vec<&str> = seen.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/api/v3/account/me",
            "/api/v3/account/me/",
            "/api/v3/account/me/me2?x=1"
        ]
    );
    assert!(
        seen.iter()
            .all(|r| r.header("authorization") == Some(format!("Bearer {TOKEN}").as_str())),
        "every hop on the same server carries the token"
    );
}

#[tokio::test]
async fn a_redirect_loop_on_the_same_server_stops() {
    let server = RawServer::start(
        (0..10)
            .map(|_| Reply::empty(307).header("location", "/api/v3/account/me"))
            .collect(),
    )
    .await;
    let err = client(&server).me().await.unwrap_err();
    assert!(matches!(err, ApiError::Decode { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 6, "the first request and 5 hops");
}

#[tokio::test]
async fn a_post_is_not_turned_into_a_get_by_a_redirect() {
    let server = RawServer::start(vec![
        Reply::empty(302).header("location", "/elsewhere"),
        Reply::empty(307).header("location", "/moved"),
        Reply::empty(204),
    ])
    .await;
    let c = client(&server);
    assert!(matches!(
        c.mark_finished("s", "d").await,
        Err(ApiError::Decode { .. })
    ));
    c.mark_finished("s", "d").await.unwrap();
    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    assert_eq!(
        (seen[2].method.as_str(), seen[2].target.as_str()),
        ("POST", "/moved")
    );
}

#[tokio::test]
async fn json_answers_are_capped() {
    let big = json!({"result": {"id": 1, "pad": "x".repeat(5000)}});
    let server = RawServer::start(vec![Reply::json(200, big)]).await;
    let opts = ClientOptions {
        max_json_bytes: 1000,
        ..fast_opts()
    };
    let c = ScriptixClient::new(&server.url(), Secret::new(TOKEN), opts).unwrap();
    let err = c.me().await.unwrap_err();
    assert!(
        matches!(&err, ApiError::Decode { message } if message.contains("limit")),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let server = RawServer::start(vec![Reply::Stall]).await;
    let opts = ClientOptions {
        read_timeout: Duration::from_millis(200),
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    };
    let c = ScriptixClient::new(&server.url(), Secret::new(TOKEN), opts).unwrap();
    assert!(matches!(c.me().await, Err(ApiError::Network { .. })));
}

#[tokio::test]
async fn a_closed_port_is_a_network_error_without_the_token_or_url_in_it() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let opts = ClientOptions {
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    };
    let c = ScriptixClient::new(
        &format!("http://127.0.0.1:{port}"),
        Secret::new(TOKEN),
        opts,
    )
    .unwrap();
    let err = c.session("sess_secret_path").await.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(matches!(err, ApiError::Network { .. }));
    assert!(
        !text.contains(TOKEN) && !text.contains("sess_secret_path"),
        "{text}"
    );
}

#[tokio::test]
async fn requests_in_flight_are_bounded() {
    let server = RawServer::start(
        (0..6)
            .map(|_| Reply::Gated(Box::new(Reply::empty(204))))
            .collect(),
    )
    .await;
    let opts = ClientOptions {
        max_in_flight: 2,
        ..fast_opts()
    };
    let c = Arc::new(ScriptixClient::new(&server.url(), Secret::new(TOKEN), opts).unwrap());
    let tasks: Vec<_> = (0..6)
        .map(|i| {
            let c = Arc::clone(&c);
            tokio::spawn(async move { c.delete_session(&format!("s{i}")).await })
        })
        .collect();
    server.wait_for_requests(2).await;
    for n in 3..=6 {
        server.release(1);
        server.wait_for_requests(n).await;
    }
    server.release(2);
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), DeleteOutcome::Deleted);
    }
    assert_eq!(server.max_waiting(), 2);
}

#[test]
fn the_client_debug_output_has_no_token() {
    let c = ScriptixClient::new(
        "https://api.scriptix.io/api/v3",
        Secret::new(TOKEN),
        ClientOptions::default(),
    )
    .unwrap();
    let text = format!("{c:?}");
    assert!(
        text.contains("https://api.scriptix.io/") && !text.contains(TOKEN),
        "{text}"
    );
}
