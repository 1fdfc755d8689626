//! Tolerant reading: envelopes, numeric ids, unknown fields, paging.

use futures_util::{StreamExt, TryStreamExt};
use serde_json::{json, Value};

use super::client;
use crate::test_support::{RawServer, Reply};
use crate::{ApiError, DocumentKind, ListQuery};

#[tokio::test]
async fn me_is_read_enveloped_or_bare() {
    let server = RawServer::start(vec![
        Reply::json(
            200,
            json!({"result": {"id": 1, "name": "Ann", "roles": ["orgadmin"]}}),
        ),
        Reply::json(
            200,
            json!({"id": "u2", "name": "Bo", "new_field": {"x": 1}}),
        ),
    ])
    .await;
    let c = client(&server);
    let first = c.me().await.unwrap();
    assert_eq!(
        (first.id.as_str(), first.roles.as_slice()),
        ("1", &["ORGADMIN".to_owned()][..])
    );
    let second = c.me().await.unwrap();
    assert_eq!(second.id, "u2");
    assert!(!second.roles_known);
    assert_eq!(server.requests()[0].path(), "/api/v3/account/me");
}

#[tokio::test]
async fn session_and_document_bare_or_enveloped_with_numeric_ids() {
    let server = RawServer::start(vec![
        Reply::json(
            200,
            json!({"id": 67890, "status": 0, "filename": "f", "unknown": [1]}),
        ),
        Reply::json(
            200,
            json!({"count": 1, "total_results": 1, "result": {
                "type": "caption", "document": [{"start": 1, "stop": 2, "text": "hi"}]
            }}),
        ),
    ])
    .await;
    let c = client(&server);
    let s = c.session("67890").await.unwrap();
    assert_eq!(
        (s.id.as_str(), s.status.as_str(), s.documents.clone()),
        ("67890", "queued", None)
    );
    let d = c.document("67890", "55").await.unwrap();
    // No id in the answer: the one asked for is filled in.
    assert_eq!(d.summary.id, "55");
    assert_eq!(d.summary.kind, DocumentKind::Caption);
    assert_eq!(d.segments[0].end_ms, 2);
    let paths: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/api/v3/speech-to-text/session/67890",
            "/api/v3/speech-to-text/session/67890/document/55"
        ]
    );
}

#[tokio::test]
async fn an_answer_in_no_known_shape_is_a_decode_error() {
    let server = RawServer::start(vec![
        Reply::json(200, json!({"result": "nope"})),
        Reply::bytes(200, "application/json", "{not json"),
    ])
    .await;
    let c = client(&server);
    assert!(matches!(c.session("s").await, Err(ApiError::Decode { .. })));
    assert!(matches!(c.me().await, Err(ApiError::Decode { .. })));
}

fn rows(from: usize, n: usize) -> Vec<Value> {
    (from..from + n)
        .map(|i| json!({"session_id": format!("sess_{i}"), "filename": format!("f{i}")}))
        .collect()
}

#[tokio::test]
async fn without_a_total_sessions_are_paged_until_an_empty_page() {
    let mut page_one = rows(0, 100);
    // Soft-deleted rows are dropped, but still count for paging.
    page_one[3]["is_deleted"] = json!(true);
    let server = RawServer::start(vec![
        Reply::json(200, json!({"count": 100, "result": page_one})),
        // A bare array (no envelope, no total) is read too.
        Reply::json(200, Value::Array(rows(100, 100))),
        // A short page is not the end: the server may cap pages below what was asked.
        Reply::json(200, json!({"count": 37, "result": rows(200, 37)})),
        Reply::json(200, json!({"count": 0, "result": []})),
    ])
    .await;
    let c = client(&server);
    let q = ListQuery {
        search: Some(" board ".into()),
        sort: Some("created_at".into()),
        descending: true,
    };
    let pages: Vec<_> = c.sessions(q).try_collect().await.unwrap();
    assert_eq!(pages.len(), 4);
    assert_eq!(pages[0].items.len(), 99);
    assert!(pages[0].items.iter().all(|s| s.id != "sess_3"));
    assert_eq!(pages[2].items.last().unwrap().id, "sess_236");
    let offsets: Vec<u32> = pages.iter().map(|p| p.offset).collect();
    assert_eq!(offsets, [0, 100, 200, 237]);
    let targets: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(
        targets[1],
        "/api/v3/speech-to-text/session?offset=100&limit=100&q=board&sort=created_at&direction=desc"
    );
    assert_eq!(targets.len(), 4);
}

#[tokio::test]
async fn pages_that_run_out_before_the_total_end_in_an_error() {
    let server = RawServer::start(vec![
        Reply::json(200, json!({"total_results": 150, "result": rows(0, 100)})),
        Reply::json(200, json!({"total_results": 150, "result": []})),
    ])
    .await;
    let items: Vec<_> = client(&server)
        .sessions(ListQuery::default())
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap().items.len(), 100);
    assert_eq!(
        items[1].as_ref().unwrap_err(),
        &ApiError::ListIncomplete {
            listed: 100,
            total: Some(150)
        }
    );
}

#[tokio::test]
async fn paging_stops_at_the_total_and_at_the_first_error() {
    let server = RawServer::start(vec![
        Reply::json(200, json!({"total_results": 200, "result": rows(0, 100)})),
        Reply::json(200, json!({"total_results": 200, "result": rows(100, 100)})),
    ])
    .await;
    let pages: Vec<_> = client(&server)
        .sessions(ListQuery::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(
        server.requests().len(),
        2,
        "no request for an empty third page"
    );

    let server = RawServer::start(vec![
        Reply::json(200, json!({"result": rows(0, 100)})),
        Reply::json(403, json!({"error": "no"})),
    ])
    .await;
    let c = client(&server);
    let results: Vec<_> =
        futures_util::StreamExt::collect::<Vec<_>>(c.sessions(ListQuery::default())).await;
    assert_eq!(results.len(), 2);
    assert!(matches!(results[1], Err(ApiError::Forbidden { .. })));
}

#[tokio::test]
async fn comments_drop_deleted_ones_and_an_undocumented_list_reads_as_none() {
    let server = RawServer::start(vec![
        Reply::json(
            200,
            json!({"result": [
                {"id": 1, "author": {"id": 9, "name": "Ann"}, "text": "a"},
                {"id": 2, "text": "gone", "is_deleted": true},
                {"id": "cmt_3", "user": "Bo", "body": "b"}
            ]}),
        ),
        Reply::json(404, json!({"error": "Not Found"})),
        Reply::empty(405),
    ])
    .await;
    let c = client(&server);
    let ids: Vec<String> = c
        .comments("s", "d")
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, ["1", "cmt_3"]);
    assert!(c.comments("s", "d").await.unwrap().is_empty());
    assert!(c.comments("s", "d").await.unwrap().is_empty());
    assert_eq!(
        server.requests()[0].path(),
        "/api/v3/speech-to-text/session/s/document/d/comments"
    );
}
