//! Who may delete what, and the status codes deletes answer with.

mod support;

use fake_scriptix::{Config, Persona};
use reqwest::StatusCode;
use serde_json::Value;
use support::{document_path, session_path, Harness, SESSIONS};

fn user(h: &Harness, who: Persona) -> String {
    h.server.identity(who).id
}

/// `(session, document)` pairs, every document of every session.
async fn documents(h: &Harness) -> Vec<(Value, Value)> {
    h.all_sessions()
        .await
        .into_iter()
        .flat_map(|s| {
            let docs = s["documents"].as_array().unwrap().clone();
            docs.into_iter().map(move |d| (s.clone(), d))
        })
        .collect()
}

/// `(session, document, comment)` for every comment.
async fn comments(h: &Harness) -> Vec<(Value, Value, Value)> {
    let mut out = Vec::new();
    for (s, d) in documents(h).await {
        if d["comment_count"] == 0 {
            continue;
        }
        let list = h
            .json(
                Persona::Admin,
                &format!("{}/comments", document_path(&s, &d)),
            )
            .await;
        for c in list["result"].as_array().unwrap() {
            out.push((s.clone(), d.clone(), c.clone()));
        }
    }
    out
}

fn comment_path(s: &Value, d: &Value, c: &Value) -> String {
    format!(
        "{}/comments/{}",
        document_path(s, d),
        c["id"].as_str().unwrap()
    )
}

#[tokio::test]
async fn sessions_by_role_and_owner() {
    let h = Harness::default().await;
    let carls = h.session_of(Persona::Contributor).await;
    let coras = h.session_of(Persona::Contributor2).await;

    assert_eq!(
        h.delete(Persona::Viewer, &session_path(&carls)).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        h.delete(Persona::Contributor, &session_path(&coras)).await,
        StatusCode::FORBIDDEN
    );
    assert!(h.server.state().deleted_sessions.is_empty());

    assert_eq!(
        h.delete(Persona::Contributor, &session_path(&carls)).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        h.delete(Persona::Admin, &session_path(&coras)).await,
        StatusCode::NO_CONTENT
    );

    let state = h.server.state();
    let gone: Vec<&str> = [&carls, &coras]
        .iter()
        .map(|s| s["session_id"].as_str().unwrap())
        .collect();
    assert_eq!(state.deleted_sessions.len(), 2);
    for id in &gone {
        assert!(state.deleted_sessions.contains(*id));
        assert!(!state.sessions.contains(*id));
    }
    // A session's documents go with it.
    for d in carls["documents"].as_array().unwrap() {
        assert!(state.deleted_documents.contains(d["id"].as_str().unwrap()));
    }
    assert_eq!(
        h.get(Persona::Admin, &session_path(&carls)).await.status(),
        StatusCode::NOT_FOUND
    );
    let doc = &carls["documents"][0];
    assert_eq!(
        h.get(Persona::Admin, &document_path(&carls, doc))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let list = h
        .json(Persona::Admin, &format!("{SESSIONS}?limit=100"))
        .await;
    assert_eq!(list["total_results"], 38);
}

#[tokio::test]
async fn documents_by_role_and_owner() {
    let h = Harness::start(Config {
        sessions: 80,
        ..Config::default()
    })
    .await;
    let docs = documents(&h).await;
    let carl = user(&h, Persona::Contributor);
    let own = docs
        .iter()
        .find(|(_, d)| d["created_by"]["id"] == carl.as_str())
        .unwrap();
    let others = docs
        .iter()
        .filter(|(_, d)| d["created_by"]["id"] != carl.as_str())
        .collect::<Vec<_>>();

    assert_eq!(
        h.delete(Persona::Viewer, &document_path(&own.0, &own.1))
            .await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        h.delete(
            Persona::Contributor,
            &document_path(&others[0].0, &others[0].1)
        )
        .await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        h.delete(Persona::Contributor, &document_path(&own.0, &own.1))
            .await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        h.delete(Persona::Admin, &document_path(&others[1].0, &others[1].1))
            .await,
        StatusCode::NO_CONTENT
    );

    let state = h.server.state();
    assert_eq!(state.deleted_documents.len(), 2);
    assert!(state
        .deleted_documents
        .contains(own.1["id"].as_str().unwrap()));
    assert!(
        state.deleted_sessions.is_empty(),
        "deleting a document leaves its session"
    );
    // Gone from its session's list.
    let session = h.json(Persona::Admin, &session_path(&own.0)).await;
    assert!(session["result"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["id"] != own.1["id"]));
}

#[tokio::test]
async fn comments_by_author_and_document_owner() {
    let h = Harness::start(Config {
        sessions: 120,
        ..Config::default()
    })
    .await;
    let all = comments(&h).await;
    let carl = user(&h, Persona::Contributor);
    let find = |pred: &dyn Fn(&Value, &Value) -> bool| {
        all.iter()
            .find(|(_, d, c)| pred(d, c))
            .cloned()
            .expect("the sample has such a comment")
    };
    let own_comment_elsewhere =
        find(&|d, c| c["author"]["id"] == carl.as_str() && d["created_by"]["id"] != carl.as_str());
    let others_comment_on_own_doc =
        find(&|d, c| c["author"]["id"] != carl.as_str() && d["created_by"]["id"] == carl.as_str());
    let unrelated =
        find(&|d, c| c["author"]["id"] != carl.as_str() && d["created_by"]["id"] != carl.as_str());
    let path = |t: &(Value, Value, Value)| comment_path(&t.0, &t.1, &t.2);

    assert_eq!(
        h.delete(Persona::Viewer, &path(&unrelated)).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        h.delete(Persona::Contributor, &path(&unrelated)).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        h.delete(Persona::Contributor, &path(&own_comment_elsewhere))
            .await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        h.delete(Persona::Contributor, &path(&others_comment_on_own_doc))
            .await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        h.delete(Persona::Admin, &path(&unrelated)).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(h.server.state().deleted_comments.len(), 3);

    // A viewer may not delete even a comment of their own.
    let vera = user(&h, Persona::Viewer);
    if let Some(t) = all
        .iter()
        .find(|(_, _, c)| c["author"]["id"] == vera.as_str())
    {
        assert_eq!(
            h.delete(Persona::Viewer, &path(t)).await,
            StatusCode::FORBIDDEN
        );
    }
    // Gone from the list; deleting again is 404.
    let list = h
        .json(
            Persona::Admin,
            &format!("{}/comments", document_path(&unrelated.0, &unrelated.1)),
        )
        .await;
    assert!(list["result"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["id"] != unrelated.2["id"]));
    assert_eq!(
        h.delete(Persona::Admin, &path(&unrelated)).await,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn status_codes_for_repeat_and_unknown_deletes() {
    let h = Harness::default().await;
    let s = &h.all_sessions().await[0];
    let d = &s["documents"][0];

    assert_eq!(
        h.delete(Persona::Admin, &format!("{SESSIONS}/sess_never"))
            .await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        h.delete(
            Persona::Admin,
            &format!("{}/document/doc_never", session_path(s))
        )
        .await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        h.delete(
            Persona::Admin,
            &format!("{}/comments/cmt_never", document_path(s, d))
        )
        .await,
        StatusCode::NOT_FOUND
    );

    assert_eq!(
        h.delete(Persona::Admin, &document_path(s, d)).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        h.delete(Persona::Admin, &document_path(s, d)).await,
        StatusCode::NOT_FOUND
    );

    assert_eq!(
        h.delete(Persona::Admin, &session_path(s)).await,
        StatusCode::NO_CONTENT
    );
    let again = h
        .call(Persona::Admin, reqwest::Method::DELETE, &session_path(s))
        .await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    let body: Value = again.json().await.unwrap();
    assert_eq!(body["message"], "Session already marked as removed");
}

#[tokio::test]
async fn delete_status_200_when_configured() {
    let h = Harness::start(Config {
        delete_status: 200,
        ..Config::default()
    })
    .await;
    let s = &h.all_sessions().await[0];
    assert_eq!(
        h.delete(Persona::Admin, &document_path(s, &s["documents"][0]))
            .await,
        StatusCode::OK
    );
    assert_eq!(
        h.delete(Persona::Admin, &session_path(s)).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn soft_delete_keeps_items_listed_and_flagged() {
    let h = Harness::start(Config {
        soft_delete: true,
        ..Config::default()
    })
    .await;
    let all = h.all_sessions().await;
    let (a, b) = (&all[0], &all[1]);
    let doc = &b["documents"][0];
    assert_eq!(
        h.delete(Persona::Admin, &session_path(a)).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        h.delete(Persona::Admin, &document_path(b, doc)).await,
        StatusCode::NO_CONTENT
    );

    let after = h.all_sessions().await;
    assert_eq!(after.len(), 40, "still listed");
    let find = |id: &Value| {
        after
            .iter()
            .find(|s| &s["session_id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(find(&a["session_id"])["is_deleted"], true);
    let b_now = find(&b["session_id"]);
    assert_eq!(b_now["is_deleted"], false);
    let d_now = b_now["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == doc["id"])
        .unwrap()
        .clone();
    assert_eq!(d_now["is_deleted"], true);
    // Still "already removed" on a second delete.
    assert_eq!(
        h.delete(Persona::Admin, &session_path(a)).await,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn forbidden_ids_and_deletes_behind_the_back() {
    let h = Harness::default().await;
    let all = h.all_sessions().await;
    let (a, b) = (&all[0], &all[1]);
    h.server.forbid(a["session_id"].as_str().unwrap());
    assert_eq!(
        h.delete(Persona::Admin, &session_path(a)).await,
        StatusCode::FORBIDDEN
    );

    h.server
        .delete_behind_the_back(b["session_id"].as_str().unwrap());
    assert_eq!(
        h.delete(Persona::Admin, &session_path(b)).await,
        StatusCode::BAD_REQUEST
    );
    let state = h.server.state();
    assert!(state
        .deleted_sessions
        .contains(b["session_id"].as_str().unwrap()));
    assert!(!state
        .deleted_sessions
        .contains(a["session_id"].as_str().unwrap()));
    assert!(state.forbidden.contains(a["session_id"].as_str().unwrap()));
}
