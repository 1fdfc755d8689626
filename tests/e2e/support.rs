//! Help → About → "Copy details for support": the text holds the version and the newest log
//! lines, and a token that got into the log file does not come through.

use std::time::Duration;

use desk_e2e::{App, Launch};
use thirtyfour::prelude::*;

#[tokio::test]
async fn support_details_show_the_version_and_never_a_token() {
    App::run("support_details", Launch::default(), |app| async move {
        let info = app.invoke("app_info", serde_json::json!({})).await;
        let version = info["ok"]["version"].as_str().unwrap().to_owned();
        // A log file dated after today's, so its lines are the newest; one carries a token.
        let token = "fk_admin_5e1f0c9a7b3d2e48";
        std::fs::write(
            app.home.join("logs/scriptix-desk.2099-01-01.log"),
            format!("INFO request sent with Authorization: Bearer {token}\nINFO the newest line\n"),
        )
        .unwrap();

        app.driver
            .find(By::Css("button.about-open"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        app.driver
            .find(By::Css("[role='dialog'] button.primary"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let area = app
            .wait_xpath("//textarea[@id='support-details']", "the support details")
            .await;
        let mut text = String::new();
        for _ in 0..50 {
            text = area.prop("value").await.unwrap().unwrap_or_default();
            if text.contains("the newest line") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(text.contains(&format!("App version: {version}")), "{text}");
        assert!(text.contains("the newest line"), "{text}");
        assert!(
            !text.contains(token),
            "the token reached the support text: {text}"
        );
        assert!(!text.contains("5e1f0c9a7b3d2e48"), "{text}");
    })
    .await;
}
