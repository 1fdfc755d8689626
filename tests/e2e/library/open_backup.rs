//! 6. Open a backup.

use super::*;

/// Rewrite the zip at `from` into `to` with one byte of `victim`'s content flipped (a valid
/// zip whose content no longer matches the manifest).
fn tamper(from: &Path, to: &Path, victim: &str) {
    let mut zip = zip::ZipArchive::new(File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(File::create(to).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().expect("a readable file name").into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name == victim {
            let middle = content.len() / 2;
            content[middle] ^= 0x01;
        }
        out.start_file(name, stored).unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap();
}

#[tokio::test]
async fn open_a_backup_shows_its_text_and_refuses_an_altered_one() {
    let server = start_fake().await;
    let sessions = fake_sessions(&server).await;
    let session = sessions
        .iter()
        .find(|s| documents(s).iter().any(|d| d["type"] != "caption"))
        .expect("a session with a transcript")
        .clone();
    let transcript = documents(&session)
        .iter()
        .find(|d| d["type"] != "caption")
        .unwrap()
        .clone();
    let transcript = fake_document(&server, &session, &transcript).await;
    let work = tempfile::tempdir().unwrap();
    let made = work.path().join("made.zip");
    let opened = work.path().join("opened.zip");
    let launch = Launch::default()
        .env("SCRIPTIX_DESK_TEST_SAVE_TO", made.display().to_string())
        .env("SCRIPTIX_DESK_TEST_OPEN", opened.display().to_string());
    App::run("library_open_backup", launch, move |app| async move {
        add_account_by_key(&app, &server, Persona::Admin).await;
        open_session(&app, str_of(&session, "filename")).await;
        press(&app, "Back up session").await;
        app.notice_containing(&format!("Backup saved and checked: {}", made.display()))
            .await;
        let backup = Backup::read_verified(&made);
        backup.assert_holds_document(&transcript);

        std::fs::copy(&made, &opened).unwrap();
        press(&app, "Open a backup").await;
        press(&app, "Choose a backup file…").await;
        app.wait_text(&format!(
            "All {} files checked: nothing was changed since the backup was made.",
            backup.files.len()
        ))
        .await;
        app.wait_text(&format!("From “{ACCOUNT_LABEL}” ({ORGANISATION})"))
            .await;
        let first_line = &segment_texts(&transcript)[0];
        app.wait_xpath(
            &format!(
                "//p[contains(normalize-space(.), {})]",
                xpath_literal(first_line)
            ),
            "the transcript's text",
        )
        .await;

        let victim = backup
            .files
            .keys()
            .find(|name| name.ends_with("/transcript.txt"))
            .expect("a transcript.txt in the backup")
            .clone();
        tamper(&made, &opened, &victim);
        press(&app, "Choose a backup file…").await;
        let alert = app
            .wait_xpath(
                "//*[@role='alert' and contains(normalize-space(.), 'cannot be trusted')]",
                "the refusal",
            )
            .await;
        let said = squash(&alert.text().await.unwrap());
        assert!(said.contains("This backup cannot be trusted:"), "{said}");
        assert!(
            said.contains(&victim),
            "the refusal does not name {victim}: {said}"
        );
        app.wait_text_gone("files checked").await;
        drop(work);
    })
    .await;
}
