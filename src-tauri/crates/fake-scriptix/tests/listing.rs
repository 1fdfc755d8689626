//! Listing, paging, searching and sorting sessions; reading one session and its documents.

mod support;

use fake_scriptix::{Config, Persona};
use reqwest::StatusCode;
use serde_json::Value;
use support::{session_path, Harness, SESSIONS};

fn ids(page: &Value) -> Vec<String> {
    page["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["session_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn pages_add_up_to_the_total_with_a_short_last_page() {
    let h = Harness::start(Config {
        sessions: 250,
        ..Config::default()
    })
    .await;
    let mut seen = Vec::new();
    for offset in [0, 100, 200] {
        let page = h
            .json(
                Persona::Viewer,
                &format!("{SESSIONS}?offset={offset}&limit=100"),
            )
            .await;
        assert_eq!(page["total_results"], 250);
        assert_eq!(
            page["count"].as_u64().unwrap() as usize,
            page["result"].as_array().unwrap().len()
        );
        seen.extend(ids(&page));
    }
    assert_eq!(seen.len(), 250);
    let distinct: std::collections::HashSet<_> = seen.iter().collect();
    assert_eq!(distinct.len(), 250, "no session appears twice across pages");
    let last = h
        .json(Persona::Viewer, &format!("{SESSIONS}?offset=200&limit=100"))
        .await;
    assert_eq!(last["count"], 50);
    let past = h
        .json(Persona::Viewer, &format!("{SESSIONS}?offset=300&limit=100"))
        .await;
    assert_eq!(past["count"], 0);
    assert_eq!(past["total_results"], 250);
}

#[tokio::test]
async fn limit_is_capped_at_100_and_defaults_to_25() {
    let h = Harness::start(Config {
        sessions: 150,
        ..Config::default()
    })
    .await;
    let big = h
        .json(Persona::Admin, &format!("{SESSIONS}?limit=1000"))
        .await;
    assert_eq!(big["count"], 100);
    let default = h.json(Persona::Admin, SESSIONS).await;
    assert_eq!(default["count"], 25);
    let zero = h.get(Persona::Admin, &format!("{SESSIONS}?limit=0")).await;
    assert_eq!(zero.status(), StatusCode::BAD_REQUEST);
    let junk = h
        .get(Persona::Admin, &format!("{SESSIONS}?offset=abc"))
        .await;
    assert_eq!(junk.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn q_finds_file_names_case_insensitively() {
    let h = Harness::start(Config {
        sessions: 300,
        ..Config::default()
    })
    .await;
    let all = h.all_sessions().await;
    let meetings = all
        .iter()
        .filter(|s| {
            s["filename"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("board meeting")
        })
        .count();
    assert!(meetings > 0, "the sample has board meetings");
    let found = h
        .json(
            Persona::Admin,
            &format!("{SESSIONS}?q=BOARD%20Meeting&limit=100"),
        )
        .await;
    assert_eq!(found["total_results"].as_u64().unwrap() as usize, meetings);
    for s in found["result"].as_array().unwrap() {
        assert!(s["filename"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("board meeting"));
    }
    let none = h
        .json(Persona::Admin, &format!("{SESSIONS}?q=zzzz-no-such-file"))
        .await;
    assert_eq!(none["total_results"], 0);
}

#[tokio::test]
async fn sorts_by_the_documented_fields() {
    let h = Harness::start(Config {
        sessions: 120,
        ..Config::default()
    })
    .await;
    let field = |page: &Value, key: &str| -> Vec<String> {
        page["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s[key].as_str().unwrap().to_owned())
            .collect()
    };
    // Default: newest first.
    let newest = field(
        &h.json(Persona::Admin, &format!("{SESSIONS}?limit=100"))
            .await,
        "created_at",
    );
    assert!(newest.windows(2).all(|w| w[0] >= w[1]));
    let by_name = field(
        &h.json(
            Persona::Admin,
            &format!("{SESSIONS}?limit=100&sort=filename&direction=asc"),
        )
        .await,
        "filename",
    );
    let lower: Vec<String> = by_name.iter().map(|n| n.to_lowercase()).collect();
    assert!(lower.windows(2).all(|w| w[0] <= w[1]), "{lower:?}");
    let modified = field(
        &h.json(
            Persona::Admin,
            &format!("{SESSIONS}?limit=100&sort=last_modified&direction=asc"),
        )
        .await,
        "last_modified",
    );
    assert!(modified.windows(2).all(|w| w[0] <= w[1]));
    let bad = h
        .get(Persona::Admin, &format!("{SESSIONS}?sort=colour"))
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn sessions_carry_documents_and_read_back_individually() {
    let h = Harness::default().await;
    let all = h.all_sessions().await;
    assert_eq!(all.len(), 40);
    let s = &all[0];
    for key in [
        "id",
        "session_id",
        "filename",
        "status",
        "language",
        "duration",
        "created_at",
        "last_modified",
    ] {
        assert!(!s[key].is_null(), "session has {key}");
    }
    assert_eq!(s["is_deleted"], false);
    let created = s["created_at"].as_str().unwrap();
    assert!(created.len() == 20 && created.ends_with('Z'), "{created}");
    let docs = s["documents"].as_array().unwrap();
    assert!((1..=3).contains(&docs.len()));
    assert!(docs
        .iter()
        .all(|d| d["type"] == "document" || d["type"] == "caption"));

    let one = h.json(Persona::Viewer, &session_path(s)).await;
    assert_eq!(one["result"]["session_id"], s["session_id"]);
    assert_eq!(one["result"]["documents"], s["documents"]);
    let missing = h
        .get(Persona::Viewer, &format!("{SESSIONS}/sess_nope"))
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    // Owners are spread over the four people who upload; everyone sees everything.
    let owners: std::collections::HashSet<&str> = all
        .iter()
        .map(|s| s["created_by"]["id"].as_str().unwrap())
        .collect();
    assert!(owners.len() >= 3, "{owners:?}");
    assert!(!owners.contains("usr_vera"));
}

#[tokio::test]
async fn ten_thousand_sessions_start_and_page() {
    let h = Harness::start(Config {
        sessions: 10_000,
        ..Config::default()
    })
    .await;
    assert_eq!(h.server.state().sessions.len(), 10_000);
    let page = h
        .json(Persona::Admin, &format!("{SESSIONS}?offset=9950&limit=100"))
        .await;
    assert_eq!(page["total_results"], 10_000);
    assert_eq!(page["count"], 50);
}
