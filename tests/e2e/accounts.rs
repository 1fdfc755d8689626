//! Accounts: adding, switching, renewing and removing (see the accounts issue).
//!
//! Every test runs its own fake Scriptix server(s) and adds accounts the way a person does,
//! with the real keyring (the test command runs a throwaway gnome-keyring on a private D-Bus
//! session). The checks are what a person would notice on screen, plus what is left behind:
//! the account list file, the keyring entry, and every file under the app's home folder.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use desk_e2e::{session_row, xpath_literal, App, Launch};
use fake_scriptix::{Config, FakeServer, Persona};
use serde_json::{json, Value};

use crate::fake_api::admin_get;

const SESSIONS: usize = 12;
const ORGANISATION: &str = "Acme Transcription";
/// The account added by API key (the admin of the first fake server).
const HEAD: &str = "Head office";
/// The account added by email, password and verification code (the second fake server).
const BRANCH: &str = "Branch office";

const WRONG_KEY: &str = "That API key was not accepted. Nothing was saved.";
const WRONG_PASSWORD: &str =
    "That email address and password were not accepted. Nothing was saved.";
const KEYRING_FAILED: &str =
    "The computer's password store could not be used, so the app cannot keep your sign-in safe.";

async fn start_fake(seed: u64) -> FakeServer {
    FakeServer::start(Config {
        seed,
        sessions: SESSIONS,
        ..Default::default()
    })
    .await
    .expect("start a fake Scriptix server")
}

// ---- What the fake Scriptix holds ---------------------------------------------------------

/// Every session name on the server, read from the fake with its admin key.
async fn session_names(server: &FakeServer) -> Vec<String> {
    let listed = admin_get(server, "speech-to-text/session?limit=100").await;
    let names: Vec<String> = listed
        .as_array()
        .expect("a list of sessions")
        .iter()
        .map(|s| s["filename"].as_str().expect("a session name").to_owned())
        .collect();
    assert_eq!(names.len(), SESSIONS, "the fake's sessions: {names:?}");
    names
}

/// A session name that exists on `here` and not on `there`, so seeing it in the list proves
/// which server the list came from.
async fn name_only_on(here: &FakeServer, there: &FakeServer) -> String {
    let elsewhere = session_names(there).await;
    session_names(here)
        .await
        .into_iter()
        .find(|n| !elsewhere.contains(n))
        .expect("the two fake servers share every session name; pick other seeds")
}

/// A new token for `who`, as a person gets by signing in on the Scriptix website (after an
/// old token was revoked, the fake hands out a fresh one).
async fn fresh_token(server: &FakeServer, who: Persona) -> String {
    let me = server.identity(who);
    let answer: Value = reqwest::Client::new()
        .post(format!(
            "{}/api/v3/auth/login?login_type=token",
            server.base_url()
        ))
        .form(&[("username", me.email.as_str()), ("password", &me.password)])
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .expect("sign in on the fake")
        .json()
        .await
        .expect("JSON from the fake");
    let token = answer["access_token"].as_str().expect("a token").to_owned();
    assert_ne!(
        token,
        server.token(who),
        "the fake handed out the old token"
    );
    token
}

// ---- What the app left on this computer ---------------------------------------------------

/// The accounts in `accounts.json` (none when the file does not exist).
fn saved_accounts(home: &Path) -> Vec<Value> {
    let file = home.join("config").join("accounts.json");
    match std::fs::read(&file) {
        Ok(bytes) => {
            let index: Value = serde_json::from_slice(&bytes).expect("accounts.json is JSON");
            index["accounts"]
                .as_array()
                .expect("accounts.json lists accounts")
                .clone()
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => panic!("read {}: {e}", file.display()),
    }
}

/// Every file under `dir`, however deep.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

/// Panics if any of the files holds any of the secrets (compared as bytes).
fn assert_no_secret_in(files: &[PathBuf], secrets: &[String]) {
    for file in files {
        let bytes = std::fs::read(file).unwrap_or_default();
        for secret in secrets {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{} contains the secret {secret:?}",
                file.display()
            );
        }
    }
}

/// The token the app keeps in the real keyring for this account, if any. The entry binds it
/// to the server that issued it (`<origin>\n<token>`): a fake server on loopback here.
async fn keyring_entry(app: &App, account_id: &str) -> Option<String> {
    let service = format!("io.scriptix.desk.ns-{}", app.keyring_namespace);
    let key = format!("account:{account_id}");
    tokio::task::spawn_blocking(move || {
        match keyring::Entry::new(&service, &key).and_then(|e| e.get_password()) {
            Ok(entry) => {
                let (bound_to, token) = entry.split_once('\n').expect("a bound entry");
                assert!(
                    bound_to.starts_with("http://127.0.0.1:"),
                    "bound to {bound_to}"
                );
                Some(token.to_string())
            }
            Err(keyring::Error::NoEntry) => None,
            Err(e) => panic!("read the keyring: {e}"),
        }
    })
    .await
    .expect("keyring lookup")
}

/// The accounts the app lists, asked as the page asks.
async fn listed_accounts(app: &App) -> Vec<Value> {
    let reply = app.invoke("list_accounts", json!({})).await;
    reply["ok"]
        .as_array()
        .unwrap_or_else(|| panic!("list_accounts failed: {reply}"))
        .clone()
}

fn id_of(accounts: &[Value], label: &str) -> String {
    accounts
        .iter()
        .find(|a| a["label"] == label)
        .and_then(|a| a["id"].as_str())
        .unwrap_or_else(|| panic!("no account {label:?} in {accounts:?}"))
        .to_owned()
}

// ---- What a person does ---------------------------------------------------------------------

/// On the add-account form: "Use an API key", the key, a name, and "More options" → server.
async fn fill_key_form(app: &App, server: &str, key: &str, label: &str) {
    app.choose("Use an API key").await;
    app.type_into("API key", key).await;
    app.type_into("Name for this account (optional)", label)
        .await;
    app.open_section("More options").await;
    app.type_into("Server address", server).await;
}

/// On the add-account form: email and password, a name, and "More options" → server.
async fn fill_password_form(app: &App, server: &str, email: &str, password: &str, label: &str) {
    app.choose("Sign in with email and password").await;
    app.type_into("Email address", email).await;
    app.type_into("Password", password).await;
    app.type_into("Name for this account (optional)", label)
        .await;
    app.open_section("More options").await;
    app.type_into("Server address", server).await;
}

/// From the first screen (`first`) or the library, open "Add a Scriptix account".
async fn open_add_account(app: &App, first: bool) {
    if first {
        app.wait_text("No account is set up yet").await;
    } else {
        app.click("Accounts").await;
    }
    app.click("Add a Scriptix account").await;
}

/// Add the server's admin by API key.
async fn add_by_key(app: &App, server: &FakeServer, label: &str, first: bool) {
    open_add_account(app, first).await;
    fill_key_form(
        app,
        &server.base_url(),
        &server.token(Persona::Admin),
        label,
    )
    .await;
    app.click("Add account").await;
    expect_added(app, label).await;
}

/// Add the server's two-factor identity: email and password, then the verification code.
async fn add_by_password_with_code(app: &App, server: &FakeServer, label: &str, first: bool) {
    let mia = server.identity(Persona::Mfa);
    open_add_account(app, first).await;
    fill_password_form(app, &server.base_url(), &mia.email, &mia.password, label).await;
    app.click("Sign in").await;
    app.wait_text("Enter your verification code").await;
    let code = mia.mfa_code.expect("the MFA identity has a code");
    app.type_into("Verification code", &code).await;
    app.click("Verify").await;
    expect_added(app, label).await;
}

async fn expect_added(app: &App, label: &str) {
    app.wait_text(&format!("Account “{label}” added.")).await;
    expect_active(app, label).await;
}

/// The top bar names `label` as the active account, with its organisation.
async fn expect_active(app: &App, label: &str) {
    let l = xpath_literal(label);
    let org = xpath_literal(&format!("· {ORGANISATION}"));
    app.wait_xpath(
        &format!(
            "//*[@aria-label='Active account' and .//*[@data-testid='active-account' and normalize-space(.)={l}] and .//*[normalize-space(.)={org}]]"
        ),
        &format!("{label:?} of {ORGANISATION} as the active account"),
    )
    .await;
}

/// The library lists `mine` (a session of this account's server) and not `theirs`.
async fn expect_sessions(app: &App, mine: &str, theirs: &str) {
    app.wait_text(&format!("{SESSIONS} sessions")).await;
    app.wait_xpath(&session_row(mine), &format!("session {mine:?} in the list"))
        .await;
    app.wait_xpath_gone(
        &session_row(theirs),
        &format!("the other account's session {theirs:?}"),
    )
    .await;
}

async fn switch_to(app: &App, label: &str) {
    app.select_option("Switch account", &format!("{label} · {ORGANISATION}"))
        .await;
    expect_active(app, label).await;
}

/// Accounts → "Remove “label”" → confirm.
async fn remove_account(app: &App, label: &str) {
    app.click("Accounts").await;
    app.click(&format!("Remove “{label}”")).await;
    app.role("alertdialog", &format!("Remove “{label}” from this app?"))
        .await;
    app.click("Remove account").await;
    app.wait_text(&format!(
        "“{label}” was removed: its saved sign-in and cached lists are gone from this computer."
    ))
    .await;
}

// ---- Tests -----------------------------------------------------------------------------------

#[tokio::test]
async fn add_by_key_and_by_password_with_code_then_switch() {
    let head = start_fake(3).await;
    let branch = start_fake(29).await;
    let only_head = name_only_on(&head, &branch).await;
    let only_branch = name_only_on(&branch, &head).await;

    App::run(
        "accounts_add_switch",
        Launch::default(),
        move |app| async move {
            add_by_key(&app, &head, HEAD, true).await;
            expect_sessions(&app, &only_head, &only_branch).await;

            add_by_password_with_code(&app, &branch, BRANCH, false).await;
            expect_sessions(&app, &only_branch, &only_head).await;

            switch_to(&app, HEAD).await;
            expect_sessions(&app, &only_head, &only_branch).await;
            switch_to(&app, BRANCH).await;
            expect_sessions(&app, &only_branch, &only_head).await;

            // The Accounts screen says who each account signs in as.
            app.click("Accounts").await;
            app.wait_text("Ada Admin <ada@acme.example>").await;
            app.wait_text("Mia Mfa <mia@acme.example>").await;
            for label in [HEAD, BRANCH] {
                app.button(&format!("Remove “{label}”")).await;
            }
            app.screenshot("accounts").await;
        },
    )
    .await;
}

#[tokio::test]
async fn accounts_and_their_sign_ins_survive_a_restart() {
    const NAME: &str = "accounts_restart";
    let head = Arc::new(start_fake(3).await);
    let branch = Arc::new(start_fake(29).await);
    let only_head = name_only_on(&head, &branch).await;
    let only_branch = name_only_on(&branch, &head).await;
    let home = tempfile::tempdir().expect("home folder");

    let (h, b) = (head.clone(), branch.clone());
    App::run(
        NAME,
        Launch::default().home(home.path()),
        move |app| async move {
            add_by_key(&app, &h, HEAD, true).await;
            add_by_password_with_code(&app, &b, BRANCH, false).await;
        },
    )
    .await;

    // The same name gives the same keyring namespace: only the keyring has the tokens.
    App::run(
        NAME,
        Launch::default().home(home.path()),
        move |app| async move {
            expect_active(&app, BRANCH).await;
            expect_sessions(&app, &only_branch, &only_head).await;
            switch_to(&app, HEAD).await;
            expect_sessions(&app, &only_head, &only_branch).await;
            assert!(
                !app.has_button("Sign in again").await,
                "an account asks to sign in again after a restart"
            );
            drop((head, branch));
        },
    )
    .await;
}

#[tokio::test]
async fn a_revoked_sign_in_is_renewed_and_keeps_the_account() {
    let server = start_fake(3).await;
    let only_here = session_names(&server).await.remove(0);

    App::run(
        "accounts_revoked",
        Launch::default(),
        move |app| async move {
            add_by_key(&app, &server, HEAD, true).await;
            app.wait_xpath(&session_row(&only_here), "the sessions")
                .await;

            server.revoke_token(&server.token(Persona::Admin));
            app.click("Refresh").await;
            app.wait_xpath(
                &format!(
                    "//*[@role='alert' and .//*[normalize-space(.)={}]]",
                    xpath_literal(&format!("The sign-in for “{HEAD}” has expired."))
                ),
                "the expired sign-in banner",
            )
            .await;
            app.click("Sign in again").await;
            app.wait_text(&format!("Sign in again to “{HEAD}”")).await;

            // The account was added with a key, so the key form is what opens.
            let new_key = fresh_token(&server, Persona::Admin).await;
            app.type_into("API key", &new_key).await;
            app.click("Sign in again").await;

            app.wait_text(&format!("“{HEAD}” is signed in again."))
                .await;
            expect_active(&app, HEAD).await;
            app.wait_text(&format!("{SESSIONS} sessions")).await;
            app.wait_xpath(
                &session_row(&only_here),
                "the sessions after signing in again",
            )
            .await;
            app.wait_text_gone("has expired").await;

            // Still one account, same name, and the keyring holds the new key.
            let accounts = listed_accounts(&app).await;
            assert_eq!(accounts.len(), 1, "{accounts:?}");
            assert_eq!(accounts[0]["needsSignIn"], false, "{accounts:?}");
            let id = id_of(&accounts, HEAD);
            assert_eq!(keyring_entry(&app, &id).await.as_deref(), Some(&*new_key));
        },
    )
    .await;
}

#[tokio::test]
async fn a_wrong_key_or_password_saves_nothing() {
    let server = start_fake(3).await;

    App::run("accounts_wrong", Launch::default(), move |app| async move {
        open_add_account(&app, true).await;
        let wrong_key = format!("{}0", server.token(Persona::Admin));
        fill_key_form(&app, &server.base_url(), &wrong_key, HEAD).await;
        app.click("Add account").await;
        app.wait_text(WRONG_KEY).await;

        let ada = server.identity(Persona::Admin);
        fill_password_form(
            &app,
            &server.base_url(),
            &ada.email,
            "not-the-password",
            HEAD,
        )
        .await;
        app.click("Sign in").await;
        app.wait_text(WRONG_PASSWORD).await;

        assert!(listed_accounts(&app).await.is_empty());
        assert!(saved_accounts(&app.home).is_empty());
        app.click("Cancel").await;
        app.wait_text("No account is set up yet").await;
        assert!(
            !app.has_button("Accounts").await,
            "the app shows account pages"
        );
    })
    .await;
}

#[tokio::test]
async fn removing_an_account_forgets_its_sign_in() {
    let head = start_fake(3).await;
    let branch = start_fake(29).await;

    App::run(
        "accounts_remove",
        Launch::default(),
        move |app| async move {
            add_by_key(&app, &head, HEAD, true).await;
            add_by_password_with_code(&app, &branch, BRANCH, false).await;
            let id = id_of(&listed_accounts(&app).await, BRANCH);
            assert_eq!(
                keyring_entry(&app, &id).await,
                Some(branch.token(Persona::Mfa)),
                "the sign-in was not in the keyring to begin with"
            );

            remove_account(&app, BRANCH).await;
            app.wait_xpath_gone(
                &format!(
                    "//button[normalize-space(.)={}]",
                    xpath_literal(&format!("Remove “{BRANCH}”"))
                ),
                "the removed account",
            )
            .await;
            app.button(&format!("Remove “{HEAD}”")).await;
            expect_active(&app, HEAD).await;

            let accounts = listed_accounts(&app).await;
            assert!(
                accounts.iter().all(|a| a["id"] != id.as_str()),
                "still listed: {accounts:?}"
            );
            assert_eq!(accounts.len(), 1, "{accounts:?}");
            assert!(saved_accounts(&app.home)
                .iter()
                .all(|a| a["id"] != id.as_str()));
            assert_eq!(
                keyring_entry(&app, &id).await,
                None,
                "the token is still in the keyring"
            );
        },
    )
    .await;
}

#[tokio::test]
async fn no_token_or_password_reaches_a_file_or_the_page() {
    let head = Arc::new(start_fake(3).await);
    let branch = Arc::new(start_fake(29).await);
    let only_head = name_only_on(&head, &branch).await;
    let only_branch = name_only_on(&branch, &head).await;
    let home = tempfile::tempdir().expect("home folder");
    let outside = tempfile::tempdir().expect("record folder");
    let record = outside.path().join("ipc.jsonl");

    let mut secrets = vec![head.identity(Persona::Admin).password];
    for server in [&head, &branch] {
        secrets.extend(Persona::ALL.iter().map(|&p| server.token(p)));
    }

    let (h, b) = (head.clone(), branch.clone());
    let launch = Launch::default()
        .home(home.path())
        .env("SCRIPTIX_DESK_RECORD_IPC", record.display().to_string());
    App::run("accounts_token_scan", launch, move |app| async move {
        add_by_key(&app, &h, HEAD, true).await;
        add_by_password_with_code(&app, &b, BRANCH, false).await;
        expect_sessions(&app, &only_branch, &only_head).await;
        app.wait_xpath(&session_row(&only_branch), "a session")
            .await
            .click()
            .await
            .expect("open a session");
        app.wait_text("Documents").await;
        switch_to(&app, HEAD).await;
        expect_sessions(&app, &only_head, &only_branch).await;
        remove_account(&app, BRANCH).await;
    })
    .await;

    let files = files_under(home.path());
    assert!(
        files.iter().any(|f| f.ends_with("config/accounts.json")),
        "nothing to scan: {files:?}"
    );
    assert_no_secret_in(&files, &secrets);
    // The webview keeps its own storage under XDG_DATA_HOME, which the test command points at
    // a fresh folder for each run.
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME") {
        let webview = PathBuf::from(xdg).join("io.scriptix.desk");
        assert_no_secret_in(&files_under(&webview), &secrets);
    }
    let recorded = std::fs::read_to_string(&record).unwrap_or_default();
    assert!(
        recorded.contains("add_account_with_key") && recorded.contains("finish_sign_in"),
        "the IPC record is missing the sign-ins: {recorded:?}"
    );
    assert_no_secret_in(&[record], &secrets);
    drop((head, branch));
}

#[tokio::test]
async fn without_a_password_store_nothing_is_saved() {
    let server = start_fake(3).await;
    let key = server.token(Persona::Admin);
    let launch = Launch::default().env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");

    App::run("accounts_no_keyring", launch, move |app| async move {
        open_add_account(&app, true).await;
        fill_key_form(&app, &server.base_url(), &key, HEAD).await;
        app.click("Add account").await;
        app.wait_text(KEYRING_FAILED).await;

        assert!(listed_accounts(&app).await.is_empty());
        assert!(
            !app.home.join("config").join("accounts.json").exists(),
            "an account list was written"
        );
        assert_no_secret_in(&files_under(&app.home), &[key]);
    })
    .await;
}

#[tokio::test]
async fn a_backup_with_the_sign_in_gone_from_the_password_store_raises_the_banner() {
    const NAME: &str = "accounts_sign_in_missing";
    let head = Arc::new(start_fake(3).await);
    let branch = Arc::new(start_fake(29).await);
    let only_head = name_only_on(&head, &branch).await;
    let home = tempfile::tempdir().expect("home folder");
    let folder = tempfile::tempdir().expect("backup folder");
    let launch = || {
        Launch::default().home(home.path()).env(
            "SCRIPTIX_DESK_TEST_SAVE_TO",
            folder.path().display().to_string(),
        )
    };

    // Two accounts; the first is the one in view when the app starts again.
    let (h, b) = (head.clone(), branch.clone());
    let branch_id = Arc::new(std::sync::Mutex::new(String::new()));
    let id_out = branch_id.clone();
    App::run(NAME, launch(), move |app| async move {
        add_by_key(&app, &h, HEAD, true).await;
        add_by_key(&app, &b, BRANCH, false).await;
        switch_to(&app, HEAD).await;
        *id_out.lock().unwrap() = id_of(&listed_accounts(&app).await, BRANCH);
        // The password store loses the second account's entry (another tool, a reset).
        let service = format!("io.scriptix.desk.ns-{}", app.keyring_namespace);
        let key = format!("account:{}", id_out.lock().unwrap());
        tokio::task::spawn_blocking(move || {
            keyring::Entry::new(&service, &key)
                .and_then(|e| e.delete_credential())
                .expect("remove the keyring entry")
        })
        .await
        .expect("keyring removal");
    })
    .await;

    let listed = admin_get(&branch, "speech-to-text/session?limit=1").await;
    let session_id = listed[0]["session_id"]
        .as_str()
        .or(listed[0]["id"].as_str())
        .expect("a session id")
        .to_owned();
    let id = branch_id.lock().unwrap().clone();
    App::run(NAME, launch(), move |app| async move {
        expect_active(&app, HEAD).await;
        app.wait_xpath(&session_row(&only_head), "the sessions in view")
            .await;
        // A backup of the other account fails before it reaches Scriptix (no sign-in to
        // send)…
        let reply = app
            .invoke(
                "back_up",
                json!({
                    "accountId": id,
                    "target": { "kind": "session", "sessionId": session_id },
                    "includeMedia": false,
                    "words": { "title": "Where should the backup go?", "filter": "Backup" },
                    "actionId": "e2e-sign-in-missing",
                }),
            )
            .await;
        assert_eq!(reply["err"]["detail"]["code"], "sign_in_missing", "{reply}");
        // …and the person is offered to sign in again, as for a sign-in Scriptix refused.
        app.wait_xpath(
            &format!(
                "//*[@role='alert' and .//*[normalize-space(.)={}]]",
                xpath_literal(&format!("The sign-in for “{BRANCH}” has expired."))
            ),
            "the sign-in banner",
        )
        .await;
        drop((head, branch));
    })
    .await;
    assert_eq!(
        std::fs::read_dir(folder.path()).unwrap().count(),
        0,
        "a file was written without a sign-in"
    );
}
