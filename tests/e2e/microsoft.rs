//! "Sign in with Microsoft" end to end: the app opens the flow (in debug builds it writes the
//! address it would open in the browser to a file, `SCRIPTIX_DESK_TEST_BROWSER_TO`), the test
//! stands in for the browser by following that address (the fake Scriptix redirects to the
//! app's loopback listener with a token), and the account is added.

use std::time::Duration;

use desk_e2e::{App, Launch};
use fake_scriptix::{Config, FakeServer};
use serde_json::json;

const LABEL: &str = "Via Microsoft";

#[tokio::test]
async fn sign_in_with_microsoft_adds_the_account() {
    let server = FakeServer::start(Config {
        sessions: 6,
        ..Default::default()
    })
    .await
    .expect("start a fake Scriptix server");
    let dir = tempfile::tempdir().expect("a temp dir");
    let url_file = dir.path().join("browser-url.txt");
    let launch = Launch::default().env(
        "SCRIPTIX_DESK_TEST_BROWSER_TO",
        url_file.to_string_lossy().into_owned(),
    );
    App::run("microsoft_sign_in", launch, move |app| async move {
        app.wait_text("No account is set up yet").await;
        app.click("Add a Scriptix account").await;
        app.type_into("Name for this account (optional)", LABEL)
            .await;
        app.open_section("More options").await;
        app.type_into("Server address", &server.base_url()).await;
        app.click("Sign in with Microsoft").await;
        app.wait_text("Finish signing in in your web browser.")
            .await;

        // The browser's part: open the address the app asked for, follow the redirects.
        let mut url = String::new();
        for _ in 0..100 {
            url = std::fs::read_to_string(&url_file).unwrap_or_default();
            if !url.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(
            url.starts_with(&format!(
                "{}/api/v3/auth/login/microsoft?redirect_uri=http%3A%2F%2F127.0.0.1%3A",
                server.base_url()
            )),
            "the app opened {url:?}"
        );
        let page = reqwest::get(format!("{url}&login_hint=carl%40acme.example"))
            .await
            .and_then(|r| r.error_for_status())
            .expect("the browser follows the sign-in")
            .text()
            .await
            .expect("the app's page");
        assert!(page.contains("You are signed in"), "{page}");

        app.wait_text(&format!("Account “{LABEL}” added.")).await;
        let listed = app.invoke("list_accounts", json!({})).await;
        let accounts = listed["ok"].as_array().expect("the accounts").clone();
        assert_eq!(accounts.len(), 1, "{accounts:?}");
        assert_eq!(accounts[0]["label"], LABEL);
        assert_eq!(accounts[0]["email"], "carl@acme.example");
        assert_eq!(accounts[0]["addedVia"], "microsoft");
        assert_eq!(accounts[0]["isActive"], true);
    })
    .await;
}
