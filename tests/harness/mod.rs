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
//!
//! Accessibility: [`App::assert_accessible`] runs axe-core's WCAG A/AA rules in the page,
//! and the keyboard helpers ([`App::tab_to`], [`App::press`]) drive the app without clicks.

mod app;
mod axe;
mod binary;
mod catalogue;
mod driver;
mod find;
mod flows;
mod forms;
mod keys;
mod shot;

pub use app::{App, Launch};
pub use axe::WCAG_AA_TAGS;
pub use binary::{app_binary, target_dir, workspace_root, APP_BINARY_ENV};
pub use catalogue::Catalogue;
pub use find::{
    session_details_loaded, session_name_of_row, session_row, squash, xpath_literal, WAIT,
};
pub use keys::{Focused, MAX_TABS};
pub use shot::run_tool;
