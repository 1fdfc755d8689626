//! One running app under test.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;
use thirtyfour::prelude::*;
use thirtyfour::Capabilities;

use super::binary::{app_binary, target_dir};
use super::driver::Driver;
use super::shot::capture_window;

/// The app's window title (the bare benchmark window has its own).
const WINDOW_TITLE: &str = "Scriptix Desk";

/// How to launch the app.
#[derive(Default, Clone)]
pub struct Launch {
    /// Command-line arguments for the app.
    pub args: Vec<String>,
    /// Extra environment for the app.
    pub env: Vec<(String, String)>,
    /// Reuse this home folder (to test a restart); a fresh temp folder otherwise.
    pub home: Option<PathBuf>,
    /// Drive this binary instead of [`app_binary`] (the benchmarks' bare window).
    pub binary: Option<PathBuf>,
}

impl Launch {
    pub fn arg(mut self, a: impl Into<String>) -> Self {
        self.args.push(a.into());
        self
    }
    pub fn env(mut self, k: impl Into<String>, v: impl Into<String>) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }
    pub fn home(mut self, home: &Path) -> Self {
        self.home = Some(home.to_path_buf());
        self
    }
    pub fn binary(mut self, binary: &Path) -> Self {
        self.binary = Some(binary.to_path_buf());
        self
    }
}

pub struct App {
    pub driver: WebDriver,
    /// The app's isolated data folder (`SCRIPTIX_DESK_HOME`).
    pub home: PathBuf,
    /// The keyring namespace this app instance uses.
    pub keyring_namespace: String,
    /// WebKitWebDriver's process id; the app and its WebKit helpers are its descendants.
    pub driver_pid: Option<u32>,
}

impl App {
    /// Launch the app, run `body`, and always clean up. On failure, save a screenshot to
    /// `target/e2e-screenshots/<name>.png` and re-raise the failure.
    pub async fn run<F, Fut>(name: &str, launch: Launch, body: F)
    where
        F: FnOnce(App) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let temp_home = tempfile::tempdir().expect("temp home");
        let home = launch
            .home
            .clone()
            .unwrap_or_else(|| temp_home.path().to_path_buf());
        let keyring_namespace = format!("e2e-{}-{}", name, std::process::id());
        let mut env = vec![
            ("SCRIPTIX_DESK_HOME".to_string(), home.display().to_string()),
            (
                "SCRIPTIX_DESK_KEYRING_NAMESPACE".to_string(),
                keyring_namespace.clone(),
            ),
            // Tests find elements by their English words: pin English whatever the
            // machine's locale (a test sets another language with `.env(...)`).
            ("SCRIPTIX_DESK_LANG".to_string(), "en".to_string()),
        ];
        env.extend(launch.env.iter().cloned());

        let binary = launch.binary.clone().unwrap_or_else(app_binary);
        let (mut driver_proc, driver) = open_session(&env, &binary, &launch.args).await;

        let app = App {
            driver: driver.clone(),
            home,
            keyring_namespace,
            driver_pid: driver_proc.pid(),
        };
        let outcome = tokio::spawn(body(app)).await;

        if outcome.is_err() {
            let dir = target_dir().join("e2e-screenshots");
            let _ = std::fs::create_dir_all(&dir);
            let shot = dir.join(format!("{name}.png"));
            match capture_window(WINDOW_TITLE, &shot).await {
                Ok(()) => eprintln!("e2e: screenshot of the failure saved to {}", shot.display()),
                Err(e) => eprintln!("e2e: no screenshot of the failure: {e}"),
            }
        }
        let _ = tokio::time::timeout(Duration::from_secs(5), driver.quit()).await;
        driver_proc.kill_all();
        drop(temp_home);
        if let Err(e) = outcome {
            std::panic::resume_unwind(e.into_panic());
        }
    }

    /// Call one of the app's commands from the page, as the UI would, and return the raw
    /// reply: `{"ok": value}` or `{"err": error}`.
    pub async fn invoke(&self, cmd: &str, args: serde_json::Value) -> serde_json::Value {
        let script = r#"
            const [cmd, args, done] = arguments;
            window.__TAURI_INTERNALS__.invoke(cmd, args)
              .then(v => done({ ok: v === undefined ? null : v }))
              .catch(e => done({ err: e }));
        "#;
        self.driver
            .execute_async(script, vec![json!(cmd), args])
            .await
            .expect("run script in the page")
            .json()
            .clone()
    }

    /// Run a script in the page and return what it returned (or the error it threw, as
    /// `{"thrown": "<message>"}`).
    pub async fn eval_in_page(&self, body: &str) -> serde_json::Value {
        let script = format!(
            "try {{ return (function() {{ {body} }})(); }} catch (e) {{ return {{ thrown: String(e) }}; }}"
        );
        self.driver
            .execute(script, vec![])
            .await
            .expect("run script")
            .json()
            .clone()
    }

    /// Save a screenshot of the window to `target/e2e-screenshots/<name>.png` (for docs and
    /// reviews), from the X display (see [`capture_window`]). Waits for two frames first: under load WebKit can hand back an image several
    /// updates behind the page.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        self.driver
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));",
                vec![],
            )
            .await
            .expect("wait for the next frame");
        let dir = target_dir().join("e2e-screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let path = dir.join(format!("{name}.png"));
        capture_window(WINDOW_TITLE, &path)
            .await
            .unwrap_or_else(|e| panic!("screenshot {name}: {e}"));
        path
    }
}

/// Start WebKitWebDriver and open a session, which starts the app. A session request that
/// fails outright (CI once saw "error sending request for url …/session" on a loaded
/// machine, before the app ran) is tried again with a fresh driver, twice at most; the
/// failed driver's process group, with anything it started, is killed first.
async fn open_session(
    env: &[(String, String)],
    binary: &Path,
    args: &[String],
) -> (Driver, WebDriver) {
    let mut caps = Capabilities::new();
    caps.set(
        "webkitgtk:browserOptions",
        json!({ "binary": binary.display().to_string(), "args": args }),
    )
    .expect("capabilities");
    let mut attempt = 1;
    loop {
        let mut driver_proc = Driver::start(env).await;
        let url = format!("http://127.0.0.1:{}", driver_proc.port);
        match WebDriver::new(url, caps.clone()).await {
            Ok(driver) => return (driver_proc, driver),
            Err(e) if attempt < 3 => {
                eprintln!("e2e: opening a WebDriver session failed ({e}); trying again");
                driver_proc.kill_all();
                attempt += 1;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(e) => panic!("open a WebDriver session with the app: {e}"),
        }
    }
}
