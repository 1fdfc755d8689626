//! 2. Back up, then delete.

use super::*;

#[tokio::test]
async fn back_up_then_delete_a_document_a_comment_and_a_session() {
    let server = start_fake().await;
    let sessions = fake_sessions(&server).await;
    // Three different sessions: a transcript with comments in a session that keeps other
    // documents; a document with comments; a whole session with documents and comments.
    let (doc_session, doc) = sessions
        .iter()
        .find_map(|s| {
            let docs = documents(s);
            (docs.len() > 1)
                .then(|| {
                    docs.iter()
                        .find(|d| d["type"] != "caption" && comment_count(d) > 0)
                })
                .flatten()
                .map(|d| (s.clone(), d.clone()))
        })
        .expect("a session with several documents, one a transcript with comments");
    let (comment_session, commented) = sessions
        .iter()
        .filter(|s| s["session_id"] != doc_session["session_id"])
        .find_map(|s| {
            documents(s)
                .iter()
                .find(|d| comment_count(d) > 0)
                .map(|d| (s.clone(), d.clone()))
        })
        .expect("another session with comments");
    let gone_session = sessions
        .iter()
        .find(|s| {
            s["session_id"] != doc_session["session_id"]
                && s["session_id"] != comment_session["session_id"]
                && documents(s).iter().map(comment_count).sum::<u64>() > 0
        })
        .expect("a third session with comments")
        .clone();
    let doc_full = fake_document(&server, &doc_session, &doc).await;
    let commented_full = fake_document(&server, &comment_session, &commented).await;
    let all = comments(&commented_full);
    let comment = all
        .iter()
        .find(|c| {
            all.iter()
                .filter(|o| o["author"] == c["author"] && o["text"] == c["text"])
                .count()
                == 1
        })
        .map(|c| (*c).clone())
        .expect("a comment told apart by its author and text");
    let mut gone_docs = Vec::new();
    for d in documents(&gone_session) {
        gone_docs.push(fake_document(&server, &gone_session, d).await);
    }

    let saves = tempfile::tempdir().unwrap();
    let launch = Launch::default().env(
        "SCRIPTIX_DESK_TEST_SAVE_TO",
        saves.path().display().to_string(),
    );
    App::run(
        "library_back_up_then_delete",
        launch,
        move |app| async move {
            let dir = saves.path();
            let account = format!("Account: {ACCOUNT_LABEL} · {ORGANISATION}");
            add_account_by_key(&app, &server, Persona::Admin).await;

            // A document.
            let session_name = str_of(&doc_session, "filename");
            let doc_name = str_of(&doc, "filename");
            open_session(&app, session_name).await;
            app.screenshot("library").await;
            press(&app, &format!("Delete document {doc_name}")).await;
            let dialog = app
                .role("alertdialog", &format!("Delete “{doc_name}”?"))
                .await;
            let said = squash(&dialog.text().await.unwrap());
            for part in [
                doc_name.to_string(),
                format!("the document and its {} comments", comment_count(&doc)),
                account.clone(),
                "First a backup is saved on this computer and checked.".into(),
            ] {
                assert!(
                    said.contains(&part),
                    "the confirmation lacks {part:?}: {said}"
                );
            }
            app.screenshot("confirm-delete").await;
            let before = zips_in(dir);
            press(&app, "Save backup, then delete").await;
            let said = app
                .notice_containing(&format!("Deleted “{doc_name}”."))
                .await;
            let backup = new_backup(dir, &before);
            assert!(
                said.contains(&format!("The backup is at {}", backup.display())),
                "{said}"
            );
            assert!(server
                .state()
                .deleted_documents
                .contains(str_of(&doc, "id")));
            let saved = Backup::read_verified(&backup);
            saved.assert_holds_document(&doc_full);
            assert_eq!(
                saved.document_ids().len(),
                1,
                "only the deleted document is in its backup"
            );
            // The list follows without a reload: the document is gone, its siblings stay.
            app.wait_xpath_gone(
                &format!(
                    "//li//strong[normalize-space(.)={}]",
                    xpath_literal(doc_name)
                ),
                "the deleted document",
            )
            .await;
            app.wait_xpath_gone("//*[@role='alertdialog']", "the confirmation")
                .await;
            app.screenshot("deleted").await;
            for other in documents(&doc_session)
                .iter()
                .filter(|d| d["id"] != doc["id"])
            {
                app.button(&format!("Open {}", str_of(other, "filename")))
                    .await;
            }

            // A comment.
            let commented_name = str_of(&commented, "filename");
            let author = str_of(&comment["author"], "name");
            open_session(&app, str_of(&comment_session, "filename")).await;
            open_document(&app, commented_name).await;
            let comment_items = "//li[contains(@class, 'comment')]";
            let shown = app
                .driver
                .find_all(By::XPath(comment_items))
                .await
                .unwrap()
                .len();
            assert_eq!(shown, comments(&commented_full).len());
            // This comment's own button (other comments may share its author).
            let this_comment = format!(
                "{comment_items}[.//strong[normalize-space(.)={}] and .//p[normalize-space(.)={}]]",
                xpath_literal(author),
                xpath_literal(&squash(str_of(&comment, "text")))
            );
            let button = app
                .wait_xpath(
                    &format!("{this_comment}//button"),
                    "the comment's delete button",
                )
                .await;
            app.reveal_and_click(&button).await;
            let dialog = app
                .role("alertdialog", &format!("Delete this comment by {author}?"))
                .await;
            let said = squash(&dialog.text().await.unwrap());
            assert!(said.contains(&squash(str_of(&comment, "text"))), "{said}");
            assert!(said.contains(&account), "{said}");
            let before = zips_in(dir);
            press(&app, "Save backup, then delete").await;
            // Named by its text (shortened), quoted once.
            let text = str_of(&comment, "text");
            let short = if text.chars().count() > 40 {
                format!("{}…", text.chars().take(39).collect::<String>())
            } else {
                text.to_string()
            };
            let said = app.notice_containing(&format!("Deleted “{short}”.")).await;
            assert!(!said.contains("““"), "{said}");
            let backup = new_backup(dir, &before);
            assert!(server
                .state()
                .deleted_comments
                .contains(str_of(&comment, "id")));
            // A comment's backup is its document with all its comments, the deleted one included.
            Backup::read_verified(&backup).assert_holds_document(&commented_full);
            app.wait_xpath_gone(&this_comment, "the deleted comment")
                .await;
            let left = app
                .driver
                .find_all(By::XPath(comment_items))
                .await
                .unwrap()
                .len();
            assert_eq!(left, shown - 1, "the other comments stay");
            press(&app, "Close document").await;

            // A whole session.
            let gone_name = str_of(&gone_session, "filename");
            let total_comments: u64 = documents(&gone_session).iter().map(comment_count).sum();
            open_session(&app, gone_name).await;
            press(&app, "Delete session").await;
            let dialog = app
                .role("alertdialog", &format!("Delete the session “{gone_name}”?"))
                .await;
            let said = squash(&dialog.text().await.unwrap());
            // In words with the right plural: "1 document and 2 comments", never "1 documents".
            let plural = |n: u64, one: &str| match n {
                1 => format!("1 {one}"),
                n => format!("{n} {one}s"),
            };
            let counts = format!(
                "{} and {}",
                plural(documents(&gone_session).len() as u64, "document"),
                plural(total_comments, "comment")
            );
            assert!(
                said.contains(&counts),
                "the confirmation lacks {counts:?}: {said}"
            );
            assert!(said.contains(&account), "{said}");
            let before = zips_in(dir);
            press(&app, "Save backup, then delete").await;
            app.notice_containing(&format!("Deleted “{gone_name}”."))
                .await;
            let backup = new_backup(dir, &before);
            let state = server.state();
            assert!(state
                .deleted_sessions
                .contains(str_of(&gone_session, "session_id")));
            let saved = Backup::read_verified(&backup);
            for d in &gone_docs {
                saved.assert_holds_document(d);
            }
            app.wait_xpath_gone(&session_row(gone_name), "the deleted session in the list")
                .await;
            app.wait_text(&format!("{} sessions", SESSIONS - 1)).await;
        },
    )
    .await;
}
