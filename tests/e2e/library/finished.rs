//! 5. Mark as finished.

use super::*;

#[tokio::test]
async fn contributor_marks_own_document_finished() {
    let server = start_fake().await;
    let me = server.identity(Persona::Contributor);
    let sessions = fake_sessions(&server).await;
    let (session, doc) = sessions
        .iter()
        .find_map(|s| {
            documents(s)
                .iter()
                .find(|d| owner(d) == me.id && d["finished"] == false)
                .map(|d| (s.clone(), d.clone()))
        })
        .expect("an unfinished document of the contributor's");
    App::run(
        "library_mark_finished",
        Launch::default(),
        move |app| async move {
            add_account_by_key(&app, &server, Persona::Contributor).await;
            open_session(&app, str_of(&session, "filename")).await;
            let name = str_of(&doc, "filename");
            let card = format!(
                "//li[.//strong[normalize-space(.)={}]]",
                xpath_literal(name)
            );
            app.wait_xpath(
                &format!("{card}//div[contains(normalize-space(.), 'Not finished')]"),
                "the document shown as not finished",
            )
            .await;
            press(&app, &format!("Mark as finished: {name}")).await;
            app.notice_containing(&format!("“{name}” is marked as finished."))
                .await;
            assert!(server
                .state()
                .finished_documents
                .contains(str_of(&doc, "id")));
            app.wait_xpath(
                &format!(
                    "{card}//div[contains(concat(' ', normalize-space(.), ' '), ' Finished ')]"
                ),
                "the document shown as finished",
            )
            .await;
            wait_button_removed(&app, &format!("Mark as finished: {name}")).await;

            // And back: "Mark as not finished" sends status=false.
            press(&app, &format!("Mark as not finished: {name}")).await;
            app.notice_containing(&format!("“{name}” is no longer marked as finished."))
                .await;
            assert!(!server
                .state()
                .finished_documents
                .contains(str_of(&doc, "id")));
            app.wait_xpath(
                &format!("{card}//div[contains(normalize-space(.), 'Not finished')]"),
                "the document shown as not finished again",
            )
            .await;
        },
    )
    .await;
}
