//! The app in the person's language: Dutch when asked for, every word from the catalogue
//! (no English left over), `<html lang>` set, and a language picked in the app is kept
//! after a restart.
//!
//! For other suites: the harness pins English (`SCRIPTIX_DESK_LANG=en`, debug builds only);
//! a test chooses another language with `Launch::default().env("SCRIPTIX_DESK_LANG", "nl")`.
//! An empty value unpins it (the saved choice, then the system's locale, apply).

use desk_e2e::{App, Launch};

async fn html_lang(app: &App) -> String {
    app.eval_in_page("return document.documentElement.lang;")
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn page_text(app: &App) -> String {
    app.eval_in_page("return document.body.innerText;")
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn practice_mode_in_dutch_shows_dutch_words_only() {
    App::run(
        "language_dutch",
        Launch::default()
            .env("SCRIPTIX_DESK_LANG", "nl")
            .arg("--practice-when-empty"),
        |app| async move {
            app.wait_text("Oefenmodus: voorbeeldgegevens op een oefenserver")
                .await;
            app.wait_xpath(
                "//*[@data-testid='active-account' and normalize-space(.)='Oefenaccount']",
                "the practice account, named in Dutch",
            )
            .await;
            app.wait_text("120 opnames").await;
            assert_eq!(html_lang(&app).await, "nl");
            // The navigation and the list, in Dutch; none of the English words they replace.
            for dutch in ["Bibliotheek", "Verwijderlogboek", "Back-up openen", "Zoeken op naam"] {
                let text = page_text(&app).await;
                assert!(
                    text.contains(dutch) || app.has_button(dutch).await,
                    "{dutch:?} missing in: {text}"
                );
            }
            let text = page_text(&app).await;
            for english in [
                "Library",
                "Deletion record",
                "sessions",
                "Practice account",
                "Refresh",
            ] {
                assert!(!text.contains(english), "English {english:?} left in: {text}");
            }
            // A count in the plural rules of Dutch, with a real selection.
            app.eval_in_page(
                "document.querySelector('[role=option][aria-label]')?.dispatchEvent(new MouseEvent('click', {bubbles: true, ctrlKey: true})); return null;",
            )
            .await;
            app.wait_text("1 geselecteerd").await;
        },
    )
    .await;
}

#[tokio::test]
async fn a_language_chosen_in_the_app_is_kept_after_a_restart() {
    let home = tempfile::tempdir().unwrap();
    App::run(
        "language_choose",
        Launch::default()
            .home(home.path())
            .arg("--practice-when-empty"),
        |app| async move {
            app.wait_text("120 sessions").await;
            assert_eq!(html_lang(&app).await, "en");
            app.select_option("Language", "Deutsch").await;
            app.wait_text("120 Aufnahmen").await;
            assert_eq!(html_lang(&app).await, "de");
        },
    )
    .await;
    // Not pinned this time: the saved choice decides, whatever the machine's locale.
    App::run(
        "language_restart",
        Launch::default()
            .home(home.path())
            .env("SCRIPTIX_DESK_LANG", "")
            .arg("--practice-when-empty"),
        |app| async move {
            app.wait_text("120 Aufnahmen").await;
            assert_eq!(html_lang(&app).await, "de");
            app.wait_text("Übungsmodus").await;
        },
    )
    .await;
}

/// After a backup in Dutch: the result panel names the file and opens its folder (through
/// Rust; here the debug hook records it) and the backup itself, and the README inside the
/// zip is Dutch.
#[tokio::test]
async fn a_backup_in_dutch_offers_its_folder_and_itself_and_has_a_dutch_readme() {
    use std::io::Read;
    let work = tempfile::tempdir().unwrap();
    let folder = work.path().join("back-ups");
    std::fs::create_dir(&folder).unwrap();
    let reveal_log = work.path().join("revealed.txt");
    App::run(
        "language_result_panel",
        Launch::default()
            .env("SCRIPTIX_DESK_LANG", "nl")
            .env("SCRIPTIX_DESK_TEST_SAVE_TO", folder.display().to_string())
            .env(
                "SCRIPTIX_DESK_TEST_REVEAL",
                reveal_log.display().to_string(),
            )
            .arg("--practice-when-empty"),
        |app| async move {
            app.wait_text("120 opnames").await;
            let first = app
                .wait_xpath("//*[@role='option' and @aria-label]", "a session row")
                .await;
            first.click().await.unwrap();
            app.click("Back-up van opname maken").await;
            let panel = app
                .wait_xpath(
                    "//section[contains(@class, 'result-panel')]",
                    "the result panel",
                )
                .await;
            let said = panel.text().await.unwrap();
            assert!(
                said.contains("Back-up opgeslagen en gecontroleerd"),
                "{said}"
            );
            let zips: Vec<_> = std::fs::read_dir(&folder)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "zip"))
                .collect();
            assert_eq!(zips.len(), 1, "{zips:?}");
            let name = zips[0].file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.contains(" back-up "), "a Dutch file name: {name}");
            assert!(said.contains(&name), "the panel names {name}: {said}");

            app.click("Map openen").await;
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while !reveal_log.exists() && std::time::Instant::now() < deadline {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            let revealed = std::fs::read_to_string(&reveal_log).unwrap_or_default();
            assert_eq!(revealed.trim(), folder.display().to_string());

            app.click("Deze back-up openen").await;
            app.wait_text("bestanden gecontroleerd").await;

            let mut zip = zip::ZipArchive::new(std::fs::File::open(&zips[0]).unwrap()).unwrap();
            let mut readme = String::new();
            zip.by_name("README.txt")
                .unwrap()
                .read_to_string(&mut readme)
                .unwrap();
            assert!(readme.contains("SCRIPTIX BACK-UP"), "{readme}");
            assert!(readme.contains("niet terugzetten in Scriptix"), "{readme}");
        },
    )
    .await;
}
