//! Reading: identity, paging, documents, comments, exports.

use std::sync::Mutex;

use fake_scriptix::{AuthStyle as FakeAuth, Config, Persona};
use futures_util::TryStreamExt;
use scriptix_api::{
    ApiError, AuthStyle, ClientOptions, DocumentKind, ExportFormat, ListQuery, Progress,
};

use crate::support::{all_sessions, client, client_with, fast_opts, start};

#[tokio::test]
async fn every_persona_reads_its_identity_and_roles() {
    let server = start(Config::default()).await;
    for info in server.identities() {
        let me = client(&server, info.persona).me().await.unwrap();
        assert_eq!(me.id, info.id);
        assert_eq!(me.name, info.name);
        assert_eq!(me.email, info.email);
        assert!(me.roles_known);
        let want: Vec<String> = info.roles.iter().map(|r| r.to_uppercase()).collect();
        assert_eq!(me.roles, want);
        assert_eq!(
            me.organization.as_ref().map(|o| o.name.as_str()),
            Some("Acme Transcription")
        );
    }
}

#[tokio::test]
async fn both_auth_header_styles_reach_the_server() {
    for (fake, ours) in [
        (FakeAuth::Bearer, AuthStyle::Bearer),
        (FakeAuth::Key, AuthStyle::ApiKey),
    ] {
        let server = start(Config {
            auth_style: fake,
            ..Config::default()
        })
        .await;
        let right = client_with(
            &server,
            Persona::Admin,
            ClientOptions {
                auth_style: ours,
                ..fast_opts()
            },
        );
        assert!(right.me().await.is_ok(), "{ours:?} against {fake:?}");
        let wrong_style = match ours {
            AuthStyle::Bearer => AuthStyle::ApiKey,
            AuthStyle::ApiKey => AuthStyle::Bearer,
        };
        let wrong = client_with(
            &server,
            Persona::Admin,
            ClientOptions {
                auth_style: wrong_style,
                ..fast_opts()
            },
        );
        assert!(matches!(
            wrong.me().await,
            Err(ApiError::Unauthorized { .. })
        ));
    }
}

#[tokio::test]
async fn paging_walks_every_session_exactly_once() {
    let server = start(Config {
        sessions: 250,
        ..Config::default()
    })
    .await;
    let c = client(&server, Persona::Admin);
    let pages: Vec<_> = c
        .sessions(ListQuery::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(
        pages.iter().map(|p| p.items.len()).collect::<Vec<_>>(),
        [100, 100, 50]
    );
    assert!(pages.iter().all(|p| p.total == Some(250)));
    let mut ids: Vec<&str> = pages
        .iter()
        .flat_map(|p| &p.items)
        .map(|s| s.id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 250);
    assert_eq!(server.state().sessions.len(), 250);
    assert_eq!(server.state().requests.get("GET sessions"), Some(&3));
}

#[tokio::test]
async fn search_and_sort_are_sent() {
    let server = start(Config {
        sessions: 120,
        ..Config::default()
    })
    .await;
    let c = client(&server, Persona::Admin);
    let all = all_sessions(&c).await;
    let needle = all[0]
        .filename
        .split_whitespace()
        .next()
        .unwrap()
        .to_lowercase();
    let q = ListQuery {
        search: Some(needle.clone()),
        sort: Some("filename".into()),
        descending: false,
    };
    let found: Vec<_> = c.sessions(q).try_collect::<Vec<_>>().await.unwrap();
    let found: Vec<_> = found.into_iter().flat_map(|p| p.items).collect();
    assert!(!found.is_empty());
    assert!(found
        .iter()
        .all(|s| s.filename.to_lowercase().contains(&needle)));
    assert!(found.windows(2).all(|w| w[0].filename <= w[1].filename));
}

#[tokio::test]
async fn sessions_documents_and_comments_read_in_full() {
    let server = start(Config::default()).await;
    let c = client(&server, Persona::Viewer);
    let sessions = all_sessions(&c).await;
    assert_eq!(sessions.len(), 40);
    let mut comments_seen = 0;
    for s in sessions.iter().take(8) {
        let detail = c.session(&s.id).await.unwrap();
        assert_eq!(detail.id, s.id);
        assert!(!detail.filename.is_empty() && !detail.status.is_empty());
        for summary in detail.documents.unwrap() {
            assert_ne!(summary.kind, DocumentKind::Other);
            let doc = c.document(&s.id, &summary.id).await.unwrap();
            assert_eq!(doc.summary.id, summary.id);
            assert!(!doc.segments.is_empty(), "{}", summary.id);
            assert!(doc
                .segments
                .iter()
                .all(|seg| seg.end_ms >= seg.start_ms && !seg.text.is_empty()));
            let comments = c.comments(&s.id, &summary.id).await.unwrap();
            assert!(comments
                .iter()
                .all(|cm| !cm.id.is_empty() && !cm.text.is_empty() && cm.author.is_some()));
            // The document JSON carries its comments too, so a backup needs no extra call.
            assert_eq!(doc.comments.as_ref(), Some(&comments));
            comments_seen += comments.len();
        }
    }
    assert!(comments_seen > 0);
}

#[tokio::test]
async fn every_export_format_downloads_without_the_token() {
    let server = start(Config::default()).await;
    let c = client(&server, Persona::Contributor);
    let s = &all_sessions(&c).await[0];
    let d = &s.documents.as_ref().unwrap()[0];
    for format in ExportFormat::ALL {
        let seen = Mutex::new(Vec::new());
        let mut out = Vec::new();
        let info = c
            .export_to(&s.id, &d.id, format, &mut out, &|p: Progress| {
                seen.lock().unwrap().push(p)
            })
            .await
            .unwrap_or_else(|e| panic!("{format:?}: {e}"));
        assert_eq!(info.bytes, out.len() as u64);
        assert!(!out.is_empty(), "{format:?}");
        let last = *seen.lock().unwrap().last().unwrap();
        assert_eq!(last.bytes, out.len() as u64);
        match format {
            ExportFormat::Json => {
                let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
                assert!(v.is_object());
            }
            ExportFormat::Docx => assert_eq!(&out[..2], b"PK"),
            ExportFormat::Vtt => assert!(out.starts_with(b"WEBVTT")),
            ExportFormat::Srt => assert!(String::from_utf8_lossy(&out).contains(" --> ")),
            ExportFormat::Txt => assert!(std::str::from_utf8(&out).is_ok()),
            ExportFormat::Media => assert_eq!(out.len(), 2 * 1024 * 1024),
        }
    }
    let state = server.state();
    assert_eq!(state.download_requests_with_token, 0);
    assert_eq!(
        state.requests.get("GET blob"),
        Some(&(ExportFormat::ALL.len() as u64))
    );
}
