//! Documents: content, comments, finishing and magic links.

mod support;

use fake_scriptix::{Config, FinishedMethod, Persona};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use support::{document_path, Harness};

/// A transcript-type document and its session.
async fn transcript(h: &Harness) -> (Value, Value) {
    for s in h.all_sessions().await {
        if let Some(d) = s["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["type"] == "document")
        {
            return (s.clone(), d.clone());
        }
    }
    panic!("no transcript in the sample")
}

#[tokio::test]
async fn a_transcript_has_speakers_segments_and_comments() {
    let h = Harness::default().await;
    let (s, d) = transcript(&h).await;
    let doc = h.json(Persona::Viewer, &document_path(&s, &d)).await;
    let doc = &doc["result"];
    assert_eq!(doc["id"], d["id"]);
    assert_eq!(doc["timecode_offset"], "00:00:00:00");
    let body = &doc["document"];
    assert_eq!(body["document_type"], "document");
    let speakers = body["metadata"]["speakers"].as_array().unwrap();
    assert!(speakers.len() >= 2);
    let segments = body["content"]["segments"].as_array().unwrap();
    assert!(!segments.is_empty());
    let speaker_ids: Vec<&Value> = speakers.iter().map(|sp| &sp["id"]).collect();
    for seg in segments {
        assert!(seg["start"].as_u64().unwrap() < seg["end"].as_u64().unwrap());
        assert!(speaker_ids.contains(&&seg["speaker"]));
        assert!(!seg["text"].as_str().unwrap().is_empty());
    }
    assert_eq!(
        doc["comments"].as_array().unwrap().len() as u64,
        d["comment_count"].as_u64().unwrap()
    );
}

#[tokio::test]
async fn captions_use_the_older_segment_list() {
    let h = Harness::default().await;
    let all = h.all_sessions().await;
    let (s, d) = all
        .iter()
        .find_map(|s| {
            let d = s["documents"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["type"] == "caption")?;
            Some((s.clone(), d.clone()))
        })
        .expect("a caption in the sample");
    let doc = h.json(Persona::Admin, &document_path(&s, &d)).await;
    let cues = doc["result"]["document"].as_array().expect("a bare list");
    assert!(cues
        .iter()
        .all(|c| c["stop"].as_u64().unwrap() > c["start"].as_u64().unwrap()));
}

#[tokio::test]
async fn comments_list_matches_the_count() {
    let h = Harness::start(Config {
        sessions: 60,
        ..Config::default()
    })
    .await;
    let all = h.all_sessions().await;
    let (s, d) = all
        .iter()
        .find_map(|s| {
            let d = s["documents"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["comment_count"].as_u64() >= Some(2))?;
            Some((s.clone(), d.clone()))
        })
        .unwrap();
    let list = h
        .json(
            Persona::Viewer,
            &format!("{}/comments", document_path(&s, &d)),
        )
        .await;
    assert_eq!(list["total_results"], d["comment_count"]);
    for c in list["result"].as_array().unwrap() {
        assert!(c["id"].as_str().unwrap().starts_with("cmt_"));
        assert!(!c["author"]["name"].as_str().unwrap().is_empty());
        assert!(!c["text"].as_str().unwrap().is_empty());
    }
}

async fn finish(h: &Harness, who: Persona, method: Method, path: &str, status: bool) -> StatusCode {
    h.call(
        who,
        method,
        &format!("{path}/finished_status?status={status}"),
    )
    .await
    .status()
}

async fn unfinished(h: &Harness) -> (Value, Value) {
    for s in h.all_sessions().await {
        if let Some(d) = s["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["finished"] == false)
        {
            return (s.clone(), d.clone());
        }
    }
    panic!("every document is finished")
}

#[tokio::test]
async fn marking_finished_with_post_or_put() {
    let h = Harness::default().await;
    let (s, d) = unfinished(&h).await;
    let path = document_path(&s, &d);
    let id = d["id"].as_str().unwrap();
    assert_eq!(
        finish(&h, Persona::Viewer, Method::POST, &path, true).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        finish(&h, Persona::Contributor2, Method::POST, &path, true).await,
        StatusCode::NO_CONTENT
    );
    assert!(h.server.state().finished_documents.contains(id));
    // Already finished: 400, as the older docs say.
    assert_eq!(
        finish(&h, Persona::Admin, Method::PUT, &path, true).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        finish(&h, Persona::Admin, Method::PUT, &path, false).await,
        StatusCode::NO_CONTENT
    );
    assert!(!h.server.state().finished_documents.contains(id));
    let listed = h.json(Persona::Admin, &support::session_path(&s)).await;
    let again = listed["result"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(again["finished"], false);
}

#[tokio::test]
async fn put_only_servers_answer_post_with_405() {
    let h = Harness::start(Config {
        finished_method: FinishedMethod::PutOnly,
        ..Config::default()
    })
    .await;
    let (s, d) = unfinished(&h).await;
    let path = document_path(&s, &d);
    assert_eq!(
        finish(&h, Persona::Admin, Method::POST, &path, true).await,
        StatusCode::METHOD_NOT_ALLOWED
    );
    assert!(!h
        .server
        .state()
        .finished_documents
        .contains(d["id"].as_str().unwrap()));
    assert_eq!(
        finish(&h, Persona::Admin, Method::PUT, &path, true).await,
        StatusCode::NO_CONTENT
    );
    assert!(h
        .server
        .state()
        .finished_documents
        .contains(d["id"].as_str().unwrap()));
}

#[tokio::test]
async fn a_magic_link_reads_the_document_without_a_token() {
    let h = Harness::default().await;
    let (s, d) = transcript(&h).await;
    let path = document_path(&s, &d);
    let viewer = h
        .call(Persona::Viewer, Method::POST, &format!("{path}/share"))
        .await;
    assert_eq!(viewer.status(), StatusCode::FORBIDDEN);

    let shared = h
        .call(Persona::Contributor, Method::POST, &format!("{path}/share"))
        .await;
    assert_eq!(shared.status(), StatusCode::OK);
    let body: Value = shared.json().await.unwrap();
    let link = body["result"]["link"].as_str().unwrap();
    let (sid, did) = (s["session_id"].as_str().unwrap(), d["id"].as_str().unwrap());
    let prefix = format!("{}/shared/{sid}/{did}/", h.server.base_url());
    let token = link
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{link}"));
    assert!(h.server.state().shared_documents.contains(did));

    let url = h.url(&format!("/api/v3/shared/{sid}/document/{did}"));
    let ok = h
        .http
        .get(&url)
        .query(&[("token", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let doc: Value = ok.json().await.unwrap();
    assert_eq!(doc["result"]["id"], did);
    assert_eq!(doc["result"]["shared"]["can_delete"], false);

    let wrong = h
        .http
        .get(&url)
        .query(&[("token", "shr_0")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let none = h.http.get(&url).send().await.unwrap();
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);

    // Sharing again gives the same link.
    let again: Value = h
        .call(Persona::Admin, Method::POST, &format!("{path}/share"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["result"]["link"], link);
}
