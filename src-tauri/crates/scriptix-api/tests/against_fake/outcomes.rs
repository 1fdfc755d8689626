//! Every outcome of the write calls, as the fake server enforces them.

use fake_scriptix::{Config, ErrorShape, FinishedMethod, Persona};
use scriptix_api::{
    export_shared_to, fetch_shared_document, login, login_mfa, ApiError, DeleteOutcome,
    ExportFormat, LoginStep, ScriptixClient, Secret, SharedLink,
};

use crate::support::{all_sessions, client, fast_opts, owned_by, start, with_comments};

#[tokio::test]
async fn deleting_twice_is_deleted_then_gone_or_not_found() {
    for (delete_status, soft_delete) in [(204, false), (200, true)] {
        let server = start(Config {
            delete_status,
            soft_delete,
            ..Config::default()
        })
        .await;
        let c = client(&server, Persona::Admin);
        let sessions = all_sessions(&c).await;
        let (a, b) = (&sessions[0], &sessions[1]);
        let doc = &a.documents.as_ref().unwrap()[0].id;

        assert_eq!(
            c.delete_document(&a.id, doc).await.unwrap(),
            DeleteOutcome::Deleted
        );
        assert_eq!(
            c.delete_document(&a.id, doc).await.unwrap(),
            DeleteOutcome::NotFound
        );
        assert_eq!(
            c.delete_session(&b.id).await.unwrap(),
            DeleteOutcome::Deleted
        );
        // The second session delete answers 400 "already marked as removed".
        assert_eq!(
            c.delete_session(&b.id).await.unwrap(),
            DeleteOutcome::AlreadyGone
        );
        assert_eq!(
            c.delete_session("sess_never_existed").await.unwrap(),
            DeleteOutcome::NotFound
        );

        let state = server.state();
        assert!(state.deleted_documents.contains(doc));
        assert!(state.deleted_sessions.contains(&b.id) && !state.sessions.contains(&b.id));
        // Gone from lists, whether the server hides it or flags it `is_deleted`.
        let listed = all_sessions(&c).await;
        assert!(
            listed.iter().all(|s| s.id != b.id),
            "soft_delete = {soft_delete}"
        );
        assert!(matches!(
            c.document(&a.id, doc).await,
            Err(ApiError::NotFound { .. })
        ));
    }
}

#[tokio::test]
async fn deleting_a_comment() {
    let server = start(Config::default()).await;
    let c = client(&server, Persona::Admin);
    let (s, d) = with_comments(&c).await;
    let comment = c.comments(&s.id, &d.id).await.unwrap().remove(0);
    assert_eq!(
        c.delete_comment(&s.id, &d.id, &comment.id).await.unwrap(),
        DeleteOutcome::Deleted
    );
    assert_eq!(
        c.delete_comment(&s.id, &d.id, &comment.id).await.unwrap(),
        DeleteOutcome::NotFound
    );
    assert!(c
        .comments(&s.id, &d.id)
        .await
        .unwrap()
        .iter()
        .all(|x| x.id != comment.id));
    assert!(server.state().deleted_comments.contains(&comment.id));
}

#[tokio::test]
async fn something_deleted_behind_the_back_is_already_gone() {
    let server = start(Config::default()).await;
    let c = client(&server, Persona::Admin);
    let s = all_sessions(&c).await.remove(3);
    server.delete_behind_the_back(&s.id);
    assert_eq!(
        c.delete_session(&s.id).await.unwrap(),
        DeleteOutcome::AlreadyGone
    );
    assert!(matches!(
        c.session(&s.id).await,
        Err(ApiError::NotFound { .. })
    ));
}

async fn refused_delete_message(c: &ScriptixClient, s: &str) -> String {
    match c.delete_session(s).await {
        Err(ApiError::Forbidden { message }) => message,
        other => panic!("expected Forbidden, got {other:?}"),
    }
}

#[tokio::test]
async fn refusals_are_typed_with_the_servers_message_in_every_body_shape() {
    for shape in [ErrorShape::Flat, ErrorShape::Nested, ErrorShape::RateLimit] {
        let server = start(Config {
            error_shape: shape,
            ..Config::default()
        })
        .await;
        let admin = client(&server, Persona::Admin);
        let s = all_sessions(&admin).await.remove(0);

        server.forbid(&s.id);
        let message = refused_delete_message(&admin, &s.id).await;
        assert!(
            !message.is_empty() && !message.starts_with("HTTP 403"),
            "{shape:?}: {message:?}"
        );

        let viewer = client(&server, Persona::Viewer);
        let (other, _) = owned_by(&server, &admin, Persona::Contributor2).await;
        let message = refused_delete_message(&viewer, &other.id).await;
        assert!(!message.starts_with("HTTP 403"), "{shape:?}: {message:?}");

        match admin.session("sess_missing").await {
            Err(ApiError::NotFound { message }) => {
                assert!(!message.starts_with("HTTP 404"), "{shape:?}")
            }
            other => panic!("{shape:?}: {other:?}"),
        }
        assert!(server.state().deleted_sessions.is_empty());
    }
}

#[tokio::test]
async fn contributors_may_delete_their_own_only() {
    let server = start(Config::default()).await;
    let carl = client(&server, Persona::Contributor);
    let (own, own_doc) = owned_by(&server, &carl, Persona::Contributor).await;
    let (theirs, their_doc) = owned_by(&server, &carl, Persona::Contributor2).await;
    assert!(matches!(
        carl.delete_document(&theirs.id, &their_doc.id).await,
        Err(ApiError::Forbidden { .. })
    ));
    assert!(matches!(
        carl.delete_session(&theirs.id).await,
        Err(ApiError::Forbidden { .. })
    ));
    assert_eq!(
        carl.delete_document(&own.id, &own_doc.id).await.unwrap(),
        DeleteOutcome::Deleted
    );
    let state = server.state();
    assert_eq!(state.deleted_documents.len(), 1);
    assert!(state.sessions.contains(&theirs.id));
}

#[tokio::test]
async fn a_revoked_token_is_unauthorized() {
    let server = start(Config::default()).await;
    let c = client(&server, Persona::Admin);
    assert!(c.me().await.is_ok());
    server.revoke_token(&server.token(Persona::Admin));
    assert!(matches!(c.me().await, Err(ApiError::Unauthorized { .. })));
    assert!(matches!(
        c.delete_session("sess_x").await,
        Err(ApiError::Unauthorized { .. })
    ));
}

#[tokio::test]
async fn mark_finished_on_either_dialect() {
    for method in [FinishedMethod::PostOrPut, FinishedMethod::PutOnly] {
        let server = start(Config {
            finished_method: method,
            ..Config::default()
        })
        .await;
        let c = client(&server, Persona::Admin);
        let s = all_sessions(&c).await;
        let (s, d) = s
            .iter()
            .flat_map(|s| {
                s.documents
                    .clone()
                    .unwrap()
                    .into_iter()
                    .map(move |d| (s.id.clone(), d))
            })
            .find(|(_, d)| !d.finished)
            .expect("some documents start unfinished");
        c.mark_finished(&s, &d.id).await.unwrap();
        // Again: "already finished" is done, not an error.
        c.mark_finished(&s, &d.id).await.unwrap();
        assert!(
            server.state().finished_documents.contains(&d.id),
            "{method:?}"
        );
        assert!(c.document(&s, &d.id).await.unwrap().summary.finished);
    }
}

#[tokio::test]
async fn a_viewer_cannot_mark_finished() {
    let server = start(Config::default()).await;
    let c = client(&server, Persona::Viewer);
    let s = all_sessions(&c).await.remove(0);
    let d = &s.documents.as_ref().unwrap()[0];
    assert!(matches!(
        c.mark_finished(&s.id, &d.id).await,
        Err(ApiError::Forbidden { .. })
    ));
}

#[tokio::test]
async fn a_share_link_opens_without_an_account() {
    let server = start(Config::default()).await;
    let c = client(&server, Persona::Admin);
    let s = all_sessions(&c).await.remove(0);
    let d = &s.documents.as_ref().unwrap()[0];
    let link = SharedLink::parse(&c.share(&s.id, &d.id).await.unwrap()).unwrap();
    assert_eq!(
        (
            link.session_id.as_deref().unwrap_or(""),
            link.document_id.as_str()
        ),
        (s.id.as_str(), d.id.as_str())
    );

    let doc = fetch_shared_document(&server.base_url(), &link, &fast_opts())
        .await
        .unwrap();
    assert_eq!(doc.summary.id, d.id);
    assert!(!doc.segments.is_empty());
    assert_eq!(doc.shared_can_delete, Some(false));

    let mut out = Vec::new();
    export_shared_to(
        &server.base_url(),
        &link,
        &fast_opts(),
        ExportFormat::Srt,
        &mut out,
        &|_| {},
    )
    .await
    .unwrap();
    assert!(String::from_utf8_lossy(&out).contains(" --> "));
    assert_eq!(server.state().download_requests_with_token, 0);

    let forged = SharedLink {
        token: Secret::new("not-the-token"),
        ..link
    };
    assert!(matches!(
        fetch_shared_document(&server.base_url(), &forged, &fast_opts()).await,
        Err(ApiError::Unauthorized { .. } | ApiError::NotFound { .. })
    ));
}

#[tokio::test]
async fn signing_in_with_and_without_a_second_factor() {
    let server = start(Config::default()).await;
    let url = server.base_url();
    let ids = server.identities();
    let ada = ids.iter().find(|i| i.persona == Persona::Admin).unwrap();
    let LoginStep::Signed(token) = login(
        &url,
        &ada.email,
        &Secret::new(ada.password.clone()),
        &fast_opts(),
    )
    .await
    .unwrap() else {
        panic!("no second factor for Ada");
    };
    let me = ScriptixClient::new(&url, token, fast_opts())
        .unwrap()
        .me()
        .await
        .unwrap();
    assert_eq!(me.id, ada.id);

    let mia = ids.iter().find(|i| i.persona == Persona::Mfa).unwrap();
    let pw = Secret::new(mia.password.clone());
    assert!(matches!(
        login(&url, &mia.email, &pw, &fast_opts()).await.unwrap(),
        LoginStep::MfaRequired
    ));
    let code = mia.mfa_code.clone().unwrap();
    let token = login_mfa(&url, &mia.email, &pw, &code, &fast_opts())
        .await
        .unwrap();
    let me = ScriptixClient::new(&url, token, fast_opts())
        .unwrap()
        .me()
        .await
        .unwrap();
    assert_eq!(me.id, mia.id);
    assert!(login_mfa(&url, &mia.email, &pw, "000000", &fast_opts())
        .await
        .is_err());

    let wrong = login(&url, &ada.email, &Secret::new("wrong-pass"), &fast_opts()).await;
    assert!(
        matches!(wrong, Err(ApiError::Unauthorized { .. })),
        "{wrong:?}"
    );
}
