//! Flows several suites share, done as a person does them.

use super::app::App;

impl App {
    /// From the first screen, add an account by API key: "Add a Scriptix account" →
    /// "Use an API key" → paste the key → name it → "More options" → server address →
    /// "Add account", then wait for the app to say it was added.
    pub async fn add_first_account_by_key(&self, server: &str, key: &str, label: &str) {
        self.wait_text("No account is set up yet").await;
        self.click("Add a Scriptix account").await;
        self.choose("Use an API key").await;
        self.type_into("API key", key).await;
        self.type_into("Name for this account (optional)", label)
            .await;
        self.open_section("More options").await;
        self.type_into("Server address", server).await;
        self.click("Add account").await;
        self.wait_text(&format!("Account “{label}” added.")).await;
    }
}
