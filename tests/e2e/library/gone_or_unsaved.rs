//! 3. and 4. Already gone; a backup that cannot be written.

use super::*;

#[tokio::test]
async fn deleting_what_a_colleague_already_deleted_says_it_is_not_on_scriptix() {
    let server = start_fake().await;
    let sessions = fake_sessions(&server).await;
    let session = sessions[1].clone();
    let doc = documents(&session)[0].clone();
    let saves = tempfile::tempdir().unwrap();
    let launch = Launch::default().env(
        "SCRIPTIX_DESK_TEST_SAVE_TO",
        saves.path().display().to_string(),
    );
    App::run("library_already_deleted", launch, move |app| async move {
        add_account_by_key(&app, &server, Persona::Admin).await;
        open_session(&app, str_of(&session, "filename")).await;
        server.delete_behind_the_back(str_of(&doc, "id"));
        let name = str_of(&doc, "filename");
        press(&app, &format!("Delete document {name}")).await;
        press(&app, "Save backup, then delete").await;
        // Scriptix answers 404, which its docs define as "not found or not yours".
        app.notice_containing(&format!("“{name}” is not on Scriptix for this account: it was already deleted, or this account cannot see it."),
        )
        .await;
        wait_button_removed(&app, &format!("Delete document {name}")).await;
        assert!(
            zips_in(saves.path()).is_empty(),
            "nothing was left to back up"
        );
    })
    .await;
}

#[tokio::test]
async fn a_backup_that_cannot_be_saved_deletes_nothing() {
    let server = start_fake().await;
    let sessions = fake_sessions(&server).await;
    let session = sessions[2].clone();
    let doc = documents(&session)[0].clone();
    let read_only = ReadOnlyDir::new();
    let launch = Launch::default().env(
        "SCRIPTIX_DESK_TEST_SAVE_TO",
        read_only.path.display().to_string(),
    );
    App::run("library_read_only_folder", launch, move |app| async move {
        add_account_by_key(&app, &server, Persona::Admin).await;
        open_session(&app, str_of(&session, "filename")).await;
        let name = str_of(&doc, "filename");
        press(&app, &format!("Delete document {name}")).await;
        press(&app, "Save backup, then delete").await;
        let said = app.notice_containing("was not deleted").await;
        assert!(
            said.contains("The backup could not be saved, so nothing was deleted."),
            "{said}"
        );
        let state = server.state();
        assert!(
            state.deleted_documents.is_empty() && state.deleted_sessions.is_empty(),
            "something was deleted: {:?}",
            state.deleted_documents
        );
        // Still there to try again.
        app.button(&format!("Delete document {name}")).await;
        drop(read_only);
    })
    .await;
}
