//! Form controls a person operates by their visible words: a choice (radio button or
//! checkbox) by the label wrapping it, a `<details>` section by its summary, and an option of
//! a `<select>` by the select's label and the option's text.

use thirtyfour::prelude::*;

use super::app::App;
use super::find::xpath_literal;

impl App {
    /// Click the `<label>` whose text is `text` (a radio button or checkbox wrapped in it).
    pub async fn choose(&self, text: &str) {
        let t = xpath_literal(text);
        self.wait_xpath(
            &format!("//label[normalize-space(.)={t}]"),
            &format!("the choice {text:?}"),
        )
        .await
        .click()
        .await
        .expect("click the choice");
    }

    /// Open the `<details>` section whose `<summary>` reads `summary` (a no-op when open).
    pub async fn open_section(&self, summary: &str) {
        let s = xpath_literal(summary);
        let el = self
            .wait_xpath(
                &format!("//details/summary[normalize-space(.)={s}]"),
                &format!("the section {summary:?}"),
            )
            .await;
        let open = el.find(By::XPath("./parent::details[@open]")).await.is_ok();
        if !open {
            el.click().await.expect("open the section");
        }
    }

    /// Pick the option reading `option` in the select labelled `label`.
    pub async fn select_option(&self, label: &str, option: &str) {
        let select = self.field(label).await;
        let o = xpath_literal(option);
        select
            .find(By::XPath(format!(".//option[normalize-space(.)={o}]")))
            .await
            .unwrap_or_else(|_| panic!("no option {option:?} in {label:?}"))
            .click()
            .await
            .expect("pick the option");
    }
}
