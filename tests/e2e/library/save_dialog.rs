//! 7. The real GTK save dialog.

use super::*;

/// Run `xdotool` with `args`; its output. Gives up (and kills it) after 20 s.
async fn xdotool(args: &[&str]) -> String {
    run_tool("xdotool", args)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn back_up_through_the_real_save_dialog() {
    let server = start_fake().await;
    let sessions = fake_sessions(&server).await;
    let session = sessions[3].clone();
    let work = tempfile::tempdir().unwrap();
    let target = work.path().join("chosen in the dialog.zip");
    App::run(
        "library_gtk_save_dialog",
        Launch::default(),
        move |app| async move {
            add_account_by_key(&app, &server, Persona::Admin).await;
            open_session(&app, str_of(&session, "filename")).await;
            press(&app, "Back up session").await;
            // The dialog's title is the app's own words, in its language.
            let window = xdotool(&[
                "search",
                "--sync",
                "--onlyvisible",
                "--name",
                "^Where should the backup go",
            ])
            .await;
            let window = window
                .lines()
                .next()
                .expect("the save dialog's window")
                .trim()
                .to_string();
            xdotool(&["windowfocus", "--sync", &window]).await;
            xdotool(&["key", "--clearmodifiers", "ctrl+a"]).await;
            xdotool(&["type", "--delay", "20", &target.display().to_string()]).await;
            xdotool(&["key", "Return"]).await;
            app.notice_containing(&format!("Backup saved and checked: {}", target.display()))
                .await;
            let backup = Backup::read_verified(&target);
            for d in documents(&session) {
                assert!(backup.document_ids().contains(str_of(d, "id")));
            }
            drop(work);
        },
    )
    .await;
}
