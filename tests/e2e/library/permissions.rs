//! 1. Delete buttons follow the permission rules.

use super::*;

/// Visit every session, and every document with comments, and compare the delete buttons in
/// the page with the rules applied to the fake's data.
async fn delete_buttons_follow_the_rules(test: &str, who: Persona) {
    let server = start_fake().await;
    let me = server.identity(who);
    let sessions = fake_sessions(&server).await;
    assert_eq!(sessions.len(), SESSIONS);
    let mut full_documents = BTreeMap::new();
    for s in &sessions {
        for d in documents(s).iter().filter(|d| comment_count(d) > 0) {
            full_documents.insert(
                str_of(d, "id").to_string(),
                fake_document(&server, s, d).await,
            );
        }
    }

    // What the rules allow, per kind: (allowed, refused). The data has to contain both for a
    // contributor, or this test could not tell a right answer from a lucky one.
    let mut tally: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    let mut count = |kind: &'static str, yes: bool| {
        let e = tally.entry(kind).or_default();
        if yes {
            e.0 += 1
        } else {
            e.1 += 1
        }
    };
    for s in &sessions {
        count("session", may_delete(&me, Kind::Session, owner(s), None));
        for d in documents(s) {
            count("document", may_delete(&me, Kind::Document, owner(d), None));
            for c in full_documents
                .get(str_of(d, "id"))
                .map(comments)
                .unwrap_or_default()
            {
                let yes = may_delete(
                    &me,
                    Kind::Comment,
                    c["author"]["id"].as_str().unwrap_or_default(),
                    Some(owner(d)),
                );
                count("comment", yes);
            }
        }
    }
    for kind in ["session", "document", "comment"] {
        let (yes, no) = tally.get(kind).copied().unwrap_or_default();
        match who {
            Persona::Admin => assert!(yes > 0 && no == 0, "{kind}: {yes}/{no}"),
            Persona::Viewer => assert!(yes == 0 && no > 0, "{kind}: {yes}/{no}"),
            _ => assert!(yes > 0 && no > 0, "{kind}: the data must have both cases"),
        }
    }

    App::run(test, Launch::default(), move |app| async move {
        add_account_by_key(&app, &server, who).await;
        for s in &sessions {
            let name = str_of(s, "filename");
            open_session(&app, name).await;
            assert_eq!(
                app.has_button("Delete session").await,
                may_delete(&me, Kind::Session, owner(s), None),
                "session {name:?} owned by {}",
                owner(s)
            );
            let mut expected_docs = Vec::new();
            for d in documents(s) {
                let label = format!("Delete document {}", str_of(d, "filename"));
                let allowed = may_delete(&me, Kind::Document, owner(d), None);
                assert_eq!(
                    app.has_button(&label).await,
                    allowed,
                    "{label:?} (owner {})",
                    owner(d)
                );
                if allowed {
                    expected_docs.push(label);
                }
            }
            expected_docs.sort();
            assert_eq!(
                button_names(&app, DOCUMENT_DELETES).await,
                expected_docs,
                "document delete buttons in {name:?}"
            );

            for d in documents(s) {
                let Some(full) = full_documents.get(str_of(d, "id")) else {
                    continue;
                };
                let doc_name = str_of(d, "filename");
                open_document(&app, doc_name).await;
                let mut expected: Vec<String> = comments(full)
                    .into_iter()
                    .filter(|c| {
                        let author = c["author"]["id"].as_str().unwrap_or_default();
                        may_delete(&me, Kind::Comment, author, Some(owner(d)))
                    })
                    .map(|c| format!("Delete comment by {}", str_of(&c["author"], "name")))
                    .collect();
                expected.sort();
                assert_eq!(
                    button_names(&app, COMMENT_DELETES).await,
                    expected,
                    "comment delete buttons on {doc_name:?} (owner {})",
                    owner(d)
                );
                press(&app, "Close document").await;
                app.wait_xpath(&session_details_loaded(name), "the session again")
                    .await;
            }
        }
        if who == Persona::Viewer {
            let any_delete = button_names(&app, "//button[starts-with(normalize-space(.), 'Delete') or starts-with(@aria-label, 'Delete')]").await;
            assert!(any_delete.is_empty(), "a view-only account sees {any_delete:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn admin_sees_every_delete_button() {
    delete_buttons_follow_the_rules("library_buttons_admin", Persona::Admin).await;
}

#[tokio::test]
async fn contributor_sees_delete_only_for_own_items() {
    delete_buttons_follow_the_rules("library_buttons_contributor", Persona::Contributor).await;
}

#[tokio::test]
async fn view_only_account_sees_no_delete_button() {
    delete_buttons_follow_the_rules("library_buttons_viewer", Persona::Viewer).await;
}

#[tokio::test]
async fn a_refused_delete_hides_its_button() {
    let server = start_fake().await;
    let sessions = fake_sessions(&server).await;
    let session = sessions[0].clone();
    let doc = documents(&session)[0].clone();
    let doc_id = str_of(&doc, "id").to_string();
    server.forbid(&doc_id);
    let saves = tempfile::tempdir().unwrap();
    let launch = Launch::default().env(
        "SCRIPTIX_DESK_TEST_SAVE_TO",
        saves.path().display().to_string(),
    );
    App::run("library_refused_delete", launch, move |app| async move {
        add_account_by_key(&app, &server, Persona::Admin).await;
        open_session(&app, str_of(&session, "filename")).await;
        let name = str_of(&doc, "filename");
        let button = format!("Delete document {name}");
        press(&app, &button).await;
        app.role("alertdialog", &format!("Delete “{name}”?")).await;
        press(&app, "Save backup, then delete").await;
        let said = app.notice_containing("was not deleted").await;
        assert!(
            said.contains(&format!("“{name}” was not deleted."))
                && said.contains("This account is not allowed to do that."),
            "{said}"
        );
        wait_button_removed(&app, &button).await;
        assert!(!server.state().deleted_documents.contains(&doc_id));
        drop(saves);
    })
    .await;
}
