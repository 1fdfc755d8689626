//! A shared link opened through the core (the command layer no longer talks to Scriptix
//! itself): the document comes back read-only, with no token needed or sent.

mod bulk_support;

use bulk_support::{all_sessions, Env};
use desk_core::library::Library;
use fake_scriptix::Config;

#[tokio::test]
async fn a_shared_link_opens_read_only_through_the_core() {
    let env = Env::start(Config {
        sessions: 3,
        ..Default::default()
    })
    .await;
    let session = all_sessions(&env.client)
        .await
        .into_iter()
        .find(|s| s.documents.as_ref().is_some_and(|d| !d.is_empty()))
        .expect("a session with a document");
    let doc = &session.documents.as_ref().unwrap()[0];
    let link = env.client.share(&session.id, &doc.id).await.unwrap();

    let library = Library::new();
    let view = library
        .open_shared_link("acct", &env.server.base_url(), &link)
        .await
        .unwrap();
    assert_eq!(view.document.id, doc.id);
    assert!(view.via_shared_link);
    assert!(
        !view.document.actions.can_delete,
        "read-only: {:?}",
        view.document.actions
    );

    assert!(library
        .open_shared_link("acct", &env.server.base_url(), "not a link")
        .await
        .is_err());
}
