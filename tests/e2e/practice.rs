//! Practice mode: a newcomer tries everything on sample data from the first screen.

use desk_e2e::{App, Launch};

#[tokio::test]
async fn practice_mode_from_first_screen_lists_sample_sessions() {
    App::run("practice_mode", Launch::default(), |app| async move {
        app.wait_text("No account is set up yet").await;
        app.click("Try it with sample data").await;
        app.wait_text("Practice mode: sample data on a practice server")
            .await;
        // The active account is named on screen, marked as practice.
        app.wait_xpath(
            "//*[@data-testid='active-account' and normalize-space(.)='Practice account']",
            "the practice account as active account",
        )
        .await;
        app.wait_text("120 sessions").await;
        let rows = app
            .driver
            .find_all(thirtyfour::By::XPath("//*[@role='option' and @aria-label]"))
            .await
            .unwrap();
        assert!(
            rows.len() >= 5,
            "expected sample sessions in the list, saw {}",
            rows.len()
        );
    })
    .await;
}

#[tokio::test]
async fn run_command_opens_straight_into_practice_mode() {
    App::run(
        "practice_when_empty",
        Launch::default().arg("--practice-when-empty"),
        |app| async move {
            app.wait_text("Practice mode: sample data on a practice server")
                .await;
            app.wait_text("120 sessions").await;
        },
    )
    .await;
}
