//! Finding things the way a person does: by the words on a button, a field's label, or
//! visible text. No CSS ids or test hooks.

use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

use super::app::App;

/// How long a person-like wait lasts before the test fails. Generous: waits end as soon as
/// the page shows what they wait for, and on a loaded 2-core CI machine adding an account
/// (a sign-in check, then the keyring) once took longer than 15 s.
pub const WAIT: Duration = Duration::from_secs(30);

/// Quote `s` as an XPath 1.0 string literal, whatever quotes it contains.
pub fn xpath_literal(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// XPath of the session list's row for the session called `name`. A row's accessible name
/// is the session's name followed by its date, length and documents ("Name, 2 Dec 2026, …").
pub fn session_row(name: &str) -> String {
    format!(
        "//*[@role='option' and starts-with(@aria-label, {})]",
        xpath_literal(&format!("{name}, "))
    )
}

/// XPath of the details pane of session `name` once its documents are in. The heading
/// shows at once, the documents (and their buttons) a moment later, after "Loading
/// documents…" (the pane's only status line): a test that looks for a document or its
/// buttons right after the heading would find none, and pass or fail by timing alone.
pub fn session_details_loaded(name: &str) -> String {
    format!(
        "//section[contains(@class, 'session-pane') and .//h2[normalize-space(.)={}] and not(.//*[@role='status'])]",
        xpath_literal(name)
    )
}

/// The session name at the start of a list row's accessible name (see [`session_row`]).
pub fn session_name_of_row(accessible_name: &str, name: &str) -> bool {
    accessible_name.starts_with(&format!("{name}, "))
}

/// XPath for a control whose accessible name is `name`: its text, `aria-label`, or `title`.
fn named(tags: &str, name: &str) -> String {
    let n = xpath_literal(name);
    tags.split('|')
        .map(|tag| format!("//{tag}[normalize-space(.)={n} or @aria-label={n} or @title={n}]"))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Whitespace folded to single spaces, as a person reads it.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl App {
    /// The status line's text once it contains `part`.
    pub async fn notice_containing(&self, part: &str) -> String {
        let el = self
            .wait_xpath(
                &format!(
                    "//*[@role='status' and contains(normalize-space(.), {})]",
                    xpath_literal(part)
                ),
                &format!("a message saying {part:?}"),
            )
            .await;
        squash(&el.text().await.unwrap())
    }

    /// Wait until `xpath` matches a displayed element; panic with `what` after [`WAIT`].
    pub async fn wait_xpath(&self, xpath: &str, what: &str) -> WebElement {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(found) = self.driver.find_all(By::XPath(xpath)).await {
                for el in found {
                    if el.is_displayed().await.unwrap_or(false) {
                        return el;
                    }
                }
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Wait until exactly `n` elements match `xpath`, and return them. A list's rows arrive
    /// a moment after its heading (the screen asks for them once it is shown), so reading
    /// them the moment the heading appears finds none, or some (the fresh-clone CI failure
    /// of `bulk::back_up_and_delete_25_sessions_then_export_the_deletion_record`).
    pub async fn wait_count(&self, xpath: &str, n: usize, what: &str) -> Vec<WebElement> {
        let deadline = Instant::now() + WAIT;
        loop {
            let found = self
                .driver
                .find_all(By::XPath(xpath))
                .await
                .unwrap_or_default();
            if found.len() == n {
                return found;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}: {n} expected, {} shown",
                found.len()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Wait until the list whose container matches `list` has loaded: the UI marks a list's
    /// container `data-state="loading"`, then `"rows"` or `"empty"` (never an empty table
    /// while it loads). Returns the state it settled in; `aria-busy` marks a list that is
    /// being refreshed while it shows what it had, so that is waited out too.
    pub async fn wait_list_loaded(&self, list: &str, what: &str) -> String {
        let el = self
            .wait_xpath(
                &format!("({list})[(@data-state='rows' or @data-state='empty') and not(@aria-busy='true')]"),
                &format!("{what} to load"),
            )
            .await;
        el.attr("data-state")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Wait until nothing displayed matches `xpath`.
    pub async fn wait_xpath_gone(&self, xpath: &str, what: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let mut visible = false;
            if let Ok(found) = self.driver.find_all(By::XPath(xpath)).await {
                for el in found {
                    visible |= el.is_displayed().await.unwrap_or(false);
                }
            }
            if !visible {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what} to go away"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A button (or link styled as one) by its accessible name.
    pub async fn button(&self, name: &str) -> WebElement {
        self.wait_xpath(
            &named("button|a|*[@role='button']", name),
            &format!("button {name:?}"),
        )
        .await
    }

    pub async fn click(&self, name: &str) {
        self.button(name).await.click().await.expect("click");
    }

    /// Scroll `element` to the middle of its scroller, then click it: a row or button below
    /// the fold is not clickable for WebDriver until it is in view.
    pub async fn reveal_and_click(&self, element: &WebElement) {
        self.driver
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' });",
                vec![element.to_json().expect("element as JSON")],
            )
            .await
            .expect("scroll into view");
        element.click().await.expect("click");
    }

    /// Whether a button with this accessible name is in the page at all (not just hidden).
    pub async fn has_button(&self, name: &str) -> bool {
        !self
            .driver
            .find_all(By::XPath(named("button|*[@role='button']", name)))
            .await
            .unwrap_or_default()
            .is_empty()
    }

    /// A form field by its label text (`<label for>`, wrapping `<label>`, or `aria-label`).
    pub async fn field(&self, label: &str) -> WebElement {
        let l = xpath_literal(label);
        let xpath = format!(
            "//*[@id=//label[normalize-space(.)={l}]/@for] | //label[normalize-space(.)={l}]//*[self::input or self::select or self::textarea] | //*[(self::input or self::select or self::textarea) and @aria-label={l}]"
        );
        self.wait_xpath(&xpath, &format!("field labelled {label:?}"))
            .await
    }

    pub async fn type_into(&self, label: &str, text: &str) {
        let f = self.field(label).await;
        f.clear().await.expect("clear field");
        f.send_keys(text).await.expect("type");
    }

    /// Wait for visible text anywhere in the page.
    pub async fn wait_text(&self, text: &str) -> WebElement {
        let t = xpath_literal(text);
        self.wait_xpath(
            &format!("//*[text()[contains(normalize-space(.), {t})]]"),
            &format!("text {text:?}"),
        )
        .await
    }

    pub async fn wait_text_gone(&self, text: &str) {
        let t = xpath_literal(text);
        self.wait_xpath_gone(
            &format!("//*[text()[contains(normalize-space(.), {t})]]"),
            &format!("text {text:?}"),
        )
        .await
    }

    /// The element with ARIA role `role` and accessible name `name` (e.g. a dialog).
    pub async fn role(&self, role: &str, name: &str) -> WebElement {
        let n = xpath_literal(name);
        let r = xpath_literal(role);
        let xpath = format!(
            "//*[@role={r} and (@aria-label={n} or @aria-labelledby=//*[normalize-space(.)={n}]/@id)]"
        );
        self.wait_xpath(&xpath, &format!("{role} {name:?}")).await
    }
}
