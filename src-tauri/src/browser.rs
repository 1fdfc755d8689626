//! Opening the system browser (for "Sign in with Microsoft").
//!
//! Debug builds only: an end-to-end test cannot drive a real browser, so
//! `SCRIPTIX_DESK_TEST_BROWSER_TO=<file>` makes the app write the address to that file
//! instead; the test then follows it with an HTTP client, standing in for the browser.
//! Release builds ignore the variable and always open the browser.

use desk_core::DeskResult;
use url::Url;

pub fn open(url: &Url) -> DeskResult<()> {
    #[cfg(debug_assertions)]
    if let Some(file) = std::env::var_os("SCRIPTIX_DESK_TEST_BROWSER_TO") {
        return std::fs::write(file, url.as_str()).map_err(desk_core::DeskError::from);
    }
    desk_core::accounts::open_in_browser(url)
}
