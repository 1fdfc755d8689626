//! The window, the first screen, and the security baseline.

use desk_e2e::{App, Launch};
use serde_json::json;

const VERSION: &str = env!("CARGO_PKG_VERSION");

#[tokio::test]
async fn window_opens_with_title_name_and_version() {
    App::run("window_opens", Launch::default(), |app| async move {
        app.wait_text("No account is set up yet").await;
        assert_eq!(app.driver.title().await.unwrap(), "Scriptix Desk");
        app.wait_xpath(
            "//h1[normalize-space(.)='Scriptix Desk']",
            "the product name as heading",
        )
        .await;
        app.wait_text(&format!("Version {VERSION}")).await;
        app.screenshot("first-screen").await;
    })
    .await;
}

#[tokio::test]
async fn page_scripts_cannot_eval() {
    App::run("no_eval", Launch::default(), |app| async move {
        app.wait_text("No account is set up yet").await;
        let result = app.eval_in_page("return eval('1 + 1');").await;
        let thrown = result["thrown"].as_str().unwrap_or_default();
        assert!(
            thrown.contains("EvalError"),
            "eval was not blocked by the CSP: {result}"
        );
        let result = app.eval_in_page("return new Function('return 2')();").await;
        assert!(
            result["thrown"].is_string(),
            "Function() was not blocked: {result}"
        );
    })
    .await;
}

#[tokio::test]
async fn only_granted_commands_are_callable() {
    App::run("capabilities", Launch::default(), |app| async move {
        app.wait_text("No account is set up yet").await;
        let granted = app.invoke("app_info", json!({})).await;
        assert_eq!(granted["ok"]["version"], VERSION, "{granted}");

        // The dialog plugin is loaded for Rust's own use; the webview is granted nothing of it.
        for cmd in [
            "plugin:dialog|open",
            "plugin:dialog|save",
            "plugin:fs|read_file",
        ] {
            let refused = app.invoke(cmd, json!({})).await;
            let err = refused["err"].as_str().unwrap_or_default().to_string();
            assert!(refused.get("ok").is_none(), "{cmd} was allowed: {refused}");
            assert!(
                err.contains("not allowed") || err.contains("not found"),
                "{cmd}: {refused}"
            );
        }
    })
    .await;
}
