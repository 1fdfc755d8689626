//! The documented shapes the client must read right, each against the fake server switched
//! to that variant (`fake_scriptix::Quirks`). Every test here fails with the fix removed.

use fake_scriptix::{Config, MeShape, Persona, Quirks};
use futures_util::{FutureExt, StreamExt};
use scriptix_api::{fetch_shared_document, ApiError, DeleteOutcome, ListQuery, SharedLink};

use crate::support::{all_sessions, client, fast_opts, owned_by, start, with_comments};

fn with(quirks: Quirks) -> Config {
    Config {
        quirks,
        ..Config::default()
    }
}

#[tokio::test]
async fn a_server_that_hands_out_short_pages_is_read_to_its_total() {
    let server = start(with(Quirks {
        max_page_size: Some(7),
        ..Quirks::default()
    }))
    .await;
    let c = client(&server, Persona::Admin);
    let sessions = all_sessions(&c).await;
    assert_eq!(sessions.len(), 40, "every session, not the first page of 7");
    let mut ids: Vec<&str> = sessions.iter().map(|s| s.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 40, "no session twice");
}

#[tokio::test]
async fn an_endless_list_stops_at_the_cap_and_says_it_is_incomplete() {
    let server = start(with(Quirks {
        endless_list: true,
        ..Quirks::default()
    }))
    .await;
    let c = client(&server, Persona::Admin);
    let items: Vec<_> = c.sessions_capped(ListQuery::default(), 5).collect().await;
    assert_eq!(items.len(), 6, "five pages, then the verdict");
    assert!(items[..5].iter().all(Result::is_ok));
    assert!(
        matches!(
            items[5],
            Err(ApiError::ListIncomplete {
                listed: 200,
                total: None
            })
        ),
        "{:?}",
        items[5]
    );
}

#[tokio::test]
async fn a_trailing_slash_redirect_is_followed_with_the_token() {
    let server = start(with(Quirks {
        trailing_slash_redirect: true,
        ..Quirks::default()
    }))
    .await;
    let c = client(&server, Persona::Admin);
    assert_eq!(all_sessions(&c).await.len(), 40);
}

#[tokio::test]
async fn a_redirect_to_another_server_is_not_followed() {
    let elsewhere = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", elsewhere.local_addr().unwrap());
    let server = start(with(Quirks {
        redirect_to_origin: Some(origin),
        ..Quirks::default()
    }))
    .await;
    let err = client(&server, Persona::Admin).me().await.unwrap_err();
    assert!(matches!(err, ApiError::Decode { .. }), "{err:?}");
    assert!(
        elsewhere.accept().now_or_never().is_none(),
        "nothing, and no token, went to the other server"
    );
}

#[tokio::test]
async fn segment_times_in_seconds_come_out_in_milliseconds() {
    let plain = start(Config::default()).await;
    let seconds = start(with(Quirks {
        seconds_times: true,
        ..Quirks::default()
    }))
    .await;
    let (a, b) = (
        client(&plain, Persona::Admin),
        client(&seconds, Persona::Admin),
    );
    let session = all_sessions(&a).await.remove(0);
    for doc in session.documents.as_ref().unwrap() {
        let want = a.document(&session.id, &doc.id).await.unwrap();
        let got = b.document(&session.id, &doc.id).await.unwrap();
        assert!(
            got.raw.to_string().contains('.'),
            "the fake really sent seconds"
        );
        assert!(want.segments.iter().any(|s| s.end_ms > 1000));
        // Seconds with three decimals carry the same milliseconds.
        assert_eq!(got.segments, want.segments, "{:?}", doc.kind);
    }
}

#[tokio::test]
async fn a_server_without_a_comment_list_is_not_read_as_no_comments() {
    for status in [404, 405] {
        let server = start(with(Quirks {
            no_comment_list: Some(status),
            ..Quirks::default()
        }))
        .await;
        let c = client(&server, Persona::Admin);
        let s = all_sessions(&c).await.remove(0);
        let d = &s.documents.as_ref().unwrap()[0];
        assert_eq!(
            c.comment_list(&s.id, &d.id).await.unwrap(),
            None,
            "{status}"
        );
        assert_eq!(c.document(&s.id, &d.id).await.unwrap().comments, None);
    }
    let server = start(Config::default()).await;
    let c = client(&server, Persona::Admin);
    let (s, d) = with_comments(&c).await;
    assert!(!c
        .comment_list(&s.id, &d.id)
        .await
        .unwrap()
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn finished_status_is_sent_as_json_both_ways() {
    let server = start(with(Quirks {
        finished_needs_json: true,
        ..Quirks::default()
    }))
    .await;
    let c = client(&server, Persona::Admin);
    let s = all_sessions(&c).await.remove(0);
    let d = &s.documents.as_ref().unwrap()[0];
    c.mark_finished(&s.id, &d.id).await.unwrap();
    assert!(server.state().finished_documents.contains(&d.id));
    c.mark_unfinished(&s.id, &d.id).await.unwrap();
    assert!(!server.state().finished_documents.contains(&d.id));
    assert!(!c.document(&s.id, &d.id).await.unwrap().summary.finished);
}

#[tokio::test]
async fn account_me_is_read_in_every_plausible_shape() {
    for shape in [MeShape::Plain, MeShape::UserWrapped, MeShape::Bare] {
        let server = start(with(Quirks {
            me_shape: shape,
            ..Quirks::default()
        }))
        .await;
        for who in [Persona::Admin, Persona::Viewer] {
            let me = client(&server, who).me().await.unwrap();
            let info = server.identity(who);
            assert_eq!(me.id, info.id, "{shape:?}");
            assert_eq!(me.email, info.email, "{shape:?}");
            assert!(me.roles_known, "{shape:?}");
            let want: Vec<String> = info.roles.iter().map(|r| r.to_uppercase()).collect();
            assert_eq!(me.roles, want, "{shape:?}");
            assert_eq!(
                me.organization.map(|o| o.name),
                Some("Acme Transcription".to_owned()),
                "{shape:?}"
            );
        }
    }
    let server = start(with(Quirks {
        me_shape: MeShape::NoRoles,
        ..Quirks::default()
    }))
    .await;
    let me = client(&server, Persona::Admin).me().await.unwrap();
    assert!(!me.roles_known && me.roles.is_empty() && me.organization.is_none());
}

#[tokio::test]
async fn objects_flagged_deleted_are_gone() {
    let server = start(Config {
        soft_delete: true,
        quirks: Quirks {
            deleted_documents_readable: true,
            ..Quirks::default()
        },
        ..Config::default()
    })
    .await;
    let c = client(&server, Persona::Admin);
    let sessions = all_sessions(&c).await;
    let (a, b) = (&sessions[0], &sessions[1]);
    let doc = &b.documents.as_ref().unwrap()[0].id;
    server.delete_behind_the_back(&a.id);
    server.delete_behind_the_back(doc);
    assert!(matches!(
        c.session(&a.id).await,
        Err(ApiError::Deleted { .. })
    ));
    assert!(matches!(
        c.document(&b.id, doc).await,
        Err(ApiError::Deleted { .. })
    ));
    // The session that still is there does not list its deleted document.
    let b_now = c.session(&b.id).await.unwrap();
    assert!(b_now.documents.unwrap().iter().all(|d| &d.id != doc));
}

#[tokio::test]
async fn a_404_on_delete_is_not_found_never_deleted() {
    let server = start(with(Quirks {
        hide_refusals: true,
        ..Quirks::default()
    }))
    .await;
    let admin = client(&server, Persona::Admin);
    let (session, _) = owned_by(&server, &admin, Persona::Admin).await;
    let other = client(&server, Persona::Contributor);
    assert_eq!(
        other.delete_session(&session.id).await.unwrap(),
        DeleteOutcome::NotFound
    );
    assert!(
        server.state().sessions.contains(&session.id),
        "it is still on Scriptix, for its owner"
    );
}

#[tokio::test]
async fn a_share_link_in_the_newer_one_id_form_opens_the_right_document() {
    let server = start(Config::default()).await;
    let c = client(&server, Persona::Admin);
    let s = all_sessions(&c).await.remove(2);
    let d = &s.documents.as_ref().unwrap()[0];
    let old = SharedLink::parse(&c.share(&s.id, &d.id).await.unwrap()).unwrap();
    let token = old.token.expose();
    for link in [
        format!(
            "https://app.scriptix.io/shared/transcript/{}?token={token}",
            d.id
        ),
        format!("https://app.scriptix.io/share/{}?token={token}", d.id),
    ] {
        let parsed = SharedLink::parse(&link).unwrap();
        assert_eq!(parsed.session_id, None, "{link}");
        let doc = fetch_shared_document(&server.base_url(), &parsed, &fast_opts())
            .await
            .unwrap();
        assert_eq!(doc.summary.id, d.id, "{link}");
        assert!(!doc.segments.is_empty());
    }
    assert!(matches!(
        SharedLink::parse("https://app.scriptix.io/shared/transcript?token=t"),
        Err(ApiError::UnknownLink { .. })
    ));
}
