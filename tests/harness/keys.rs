//! Using the app by keyboard alone, as a person without a mouse does: keys go to whatever
//! has the focus (WebDriver key actions, never an element click), and a control is reached
//! by pressing Tab until the focus is on it.

use std::time::{Duration, Instant};

use serde_json::Value;
use thirtyfour::prelude::*;

use super::app::App;
use super::find::WAIT;

/// How many Tab presses a person would put up with before calling a control unreachable.
pub const MAX_TABS: usize = 80;

/// What has the keyboard focus: its accessible name as a screen reader would start to
/// compute it (aria-labelledby, aria-label, the label of a field, the summary's or button's
/// text), its role or tag, and whether it sits inside an open modal dialog.
#[derive(Debug, Clone, Default)]
pub struct Focused {
    pub name: String,
    pub role: String,
    pub in_dialog: bool,
}

const FOCUSED: &str = r#"
  const el = document.activeElement;
  if (!el || el === document.body) return { name: '', role: 'body', inDialog: false };
  const squash = (s) => (s || '').replace(/\s+/g, ' ').trim();
  let name = '';
  const by = el.getAttribute('aria-labelledby');
  if (by) name = by.split(/\s+/).map((id) => squash(document.getElementById(id)?.textContent)).join(' ');
  if (!name) name = el.getAttribute('aria-label') || '';
  if (!name && el.labels && el.labels.length) name = squash(el.labels[0].textContent);
  if (!name && !['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) name = squash(el.textContent);
  return {
    name: squash(name),
    role: el.getAttribute('role') || el.tagName.toLowerCase() + (el.type ? ':' + el.type : ''),
    inDialog: !!el.closest('dialog[open]'),
  };
"#;

impl App {
    /// What has the focus now.
    pub async fn focused(&self) -> Focused {
        let v: Value = self.eval_in_page(FOCUSED).await;
        Focused {
            name: v["name"].as_str().unwrap_or_default().to_string(),
            role: v["role"].as_str().unwrap_or_default().to_string(),
            in_dialog: v["inDialog"].as_bool().unwrap_or(false),
        }
    }

    /// Press keys (text or [`Key`]s) on whatever has the focus.
    pub async fn press(&self, keys: impl Into<TypingData>) {
        self.driver
            .action_chain()
            .send_keys(keys)
            .perform()
            .await
            .expect("press keys");
    }

    /// Press `key` with Ctrl held down (Ctrl+A, Ctrl+=, …).
    pub async fn press_ctrl(&self, key: &str) {
        self.driver
            .action_chain()
            .key_down(Key::Control)
            .send_keys(key)
            .key_up(Key::Control)
            .perform()
            .await
            .expect("press a Ctrl shortcut");
    }

    pub async fn press_shift_tab(&self) {
        self.driver
            .action_chain()
            .key_down(Key::Shift)
            .send_keys(Key::Tab)
            .key_up(Key::Shift)
            .perform()
            .await
            .expect("press Shift+Tab");
    }

    /// Press Tab until the focus is on the control named `name` (exactly, or, with a
    /// trailing `*`, starting with it). Waits for `name` to appear first, so a screen that is
    /// still loading is not mistaken for a control that cannot be reached.
    pub async fn tab_to(&self, name: &str) -> Focused {
        let matches = |f: &Focused| match name.strip_suffix('*') {
            Some(prefix) => f.name.starts_with(prefix),
            None => f.name == name,
        };
        let deadline = Instant::now() + WAIT;
        loop {
            let mut seen = Vec::new();
            for _ in 0..MAX_TABS {
                let f = self.focused().await;
                if matches(&f) {
                    return f;
                }
                seen.push(f.name.clone());
                self.press(Key::Tab).await;
            }
            assert!(
                Instant::now() < deadline,
                "Tab never reached {name:?}; the focus went through {seen:?}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Wait until the focus is on something that matches `check` (focus moves after the
    /// app's update, not at once).
    pub async fn wait_focus(&self, what: &str, check: impl Fn(&Focused) -> bool) -> Focused {
        let deadline = Instant::now() + WAIT;
        loop {
            let f = self.focused().await;
            if check(&f) {
                return f;
            }
            assert!(
                Instant::now() < deadline,
                "the focus never reached {what}; it is on {f:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Tab to the control `name` and press Enter on it.
    pub async fn activate(&self, name: &str) {
        self.tab_to(name).await;
        self.press(Key::Enter).await;
    }
}
