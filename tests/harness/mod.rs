//! End-to-end harness: launches the real app binary in its real WebKitGTK webview through
//! WebKitWebDriver, with an isolated home folder and keyring namespace, and gives tests
//! person-like ways to find things (by accessible name or visible text).
//!
//! A test is written as
//! ```ignore
//! App::run("first_screen", Launch::default(), |app| async move {
//!     app.wait_text("No account is set up yet").await;
//! }).await;
//! ```
//! On failure a screenshot lands in `target/e2e-screenshots/<name>.png`, and every process
//! the test started (driver and app) is killed, pass or fail.

mod app;
mod binary;
mod driver;
mod find;
mod flows;
mod forms;

pub use app::{App, Launch};
pub use binary::{app_binary, target_dir, workspace_root, APP_BINARY_ENV};
pub use find::xpath_literal;
