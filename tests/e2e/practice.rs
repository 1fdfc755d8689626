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
        // The rows follow the count as soon as Rust answers the list's own request.
        app.wait_xpath(
            "(//*[@role='option' and @aria-label])[5]",
            "at least five sample sessions in the list",
        )
        .await;
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
