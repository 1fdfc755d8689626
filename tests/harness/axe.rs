//! Accessibility checks with axe-core in the real webview.
//!
//! axe-core comes from the UI's locked npm packages (`ui/node_modules/axe-core/axe.min.js`).
//! The app's CSP forbids `eval`, but WebDriver's execute script runs as an automation script
//! outside the page's CSP, so the harness injects axe's source that way (once per page) and
//! calls `axe.run` on the whole document. `axe_self_check` proves the injected axe really
//! runs its rules here (a page with a known fault is reported), so a "0 violations" result
//! can be trusted.

use std::sync::OnceLock;

use serde_json::{json, Value};

use super::app::App;
use super::binary::workspace_root;

/// The rule sets of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
pub const WCAG_AA_TAGS: [&str; 6] = [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa",
];

fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = workspace_root().join("ui/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "read {} ({e}); run `npm ci` in ui/ (axe-core is a locked devDependency)",
                path.display()
            )
        })
    })
}

impl App {
    /// Put axe-core into the page unless it is there already; returns axe's version.
    async fn inject_axe(&self) -> String {
        let present = self
            .eval_in_page("return window.axe ? window.axe.version : null;")
            .await;
        if let Some(v) = present.as_str() {
            return v.to_string();
        }
        // axe.min.js assigns `window.axe` itself when there is no module system; the
        // fallback covers a build that only declares a top-level `axe`.
        let script = format!(
            "{}\n;if (!window.axe && typeof axe !== 'undefined') window.axe = axe;\nreturn window.axe ? window.axe.version : null;",
            axe_source()
        );
        let version = self
            .driver
            .execute(script, vec![])
            .await
            .expect("inject axe-core into the page")
            .json()
            .clone();
        version
            .as_str()
            .unwrap_or_else(|| panic!("axe-core did not load in the page: {version}"))
            .to_string()
    }

    /// Run axe-core's WCAG 2.x A/AA rules on the whole page; one readable line per
    /// violation and element.
    pub async fn axe_violations(&self) -> Vec<String> {
        self.inject_axe().await;
        let script = r#"
            const [tags, done] = arguments;
            window.axe
              .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
              .then((r) => done(r.violations.flatMap((v) => v.nodes.map((n) =>
                  `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}: ${
                    (n.failureSummary || '').replace(/\s+/g, ' ')} | ${n.html.slice(0, 160)}`))))
              .catch((e) => done([`axe failed to run: ${e}`]));
        "#;
        let answer = self
            .driver
            .execute_async(script, vec![json!(WCAG_AA_TAGS)])
            .await
            .expect("run axe-core")
            .json()
            .clone();
        match answer {
            Value::Array(lines) => lines
                .into_iter()
                .map(|l| l.as_str().unwrap_or_default().to_string())
                .collect(),
            other => panic!("axe-core answered {other}"),
        }
    }

    /// Fail the test with every violation when axe finds any on the page as it is now.
    pub async fn assert_accessible(&self, what: &str) {
        // Let the last update paint: axe reads computed colours and layout.
        self.driver
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));",
                vec![],
            )
            .await
            .expect("wait for the next frame");
        let found = self.axe_violations().await;
        assert!(
            found.is_empty(),
            "axe-core found {} WCAG A/AA violation(s) on {what}:\n{}",
            found.len(),
            found.join("\n")
        );
    }

    /// Prove axe runs for real in this webview: an image without a text alternative, a
    /// button without a name and a low-contrast line, added for a moment on top of the
    /// page, must be reported.
    pub async fn axe_self_check(&self) {
        let version = self.inject_axe().await;
        self.eval_in_page(
            "const d = document.createElement('div'); d.id = 'axe-self-check';
             d.style.cssText = 'position:fixed;top:0;left:0;z-index:1000;background:#fff;padding:8px';
             d.innerHTML = '<img src=\"/icon.svg\" width=\"20\" height=\"20\"><button></button><p>faint text</p>';
             // Through the CSSOM: the CSP drops inline style attributes.
             const p = d.querySelector('p'); p.style.color = '#aaa'; p.style.background = '#fff';
             document.body.appendChild(d); return true;",
        )
        .await;
        let found = self.axe_violations().await;
        // What axe decided about the planted text, to explain a miss (the page's CSP, for
        // one, silently drops inline style attributes).
        let undecided = self
            .driver
            .execute_async(
                "const done = arguments[0];
                 window.axe.run(document.getElementById('axe-self-check'), { runOnly: ['color-contrast'] })
                   .then((r) => done(['incomplete', 'passes'].map((k) => k + ': ' + JSON.stringify(r[k].map((v) => v.nodes.map((n) => [n.html.slice(0, 60), n.any.map((c) => [c.id, c.data, c.message])]))))))
                   .catch((e) => done(String(e)));",
                vec![],
            )
            .await
            .expect("ask axe what it could not decide")
            .json()
            .clone();
        self.eval_in_page("document.getElementById('axe-self-check').remove(); return true;")
            .await;
        for rule in ["image-alt", "button-name", "color-contrast"] {
            assert!(
                found.iter().any(|l| l.starts_with(rule)),
                "axe-core {version} did not report the planted {rule} fault; it found: {found:?}; undecided: {undecided}"
            );
        }
    }
}
