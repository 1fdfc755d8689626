//! The seams of the code base (issue 13), checked so they cannot quietly erode:
//! - the core does not ship the fake Scriptix server (practice mode lives in the app crate);
//! - the crash-test worker binary is a test tool that no normal build makes, but that
//!   `make test` does run;
//! - the command layer reaches Scriptix only through the core (no API call, no client
//!   built in `commands/` or `state.rs`), and where a document's comments come from is
//!   decided in one place.
//!
//! The manifests are read through `cargo metadata` (as cargo resolved them), not by matching
//! the TOML text, so a dependency moved between tables is still seen; the code rules are a
//! scan of the source, like `no_prose_in_rust.rs`.

mod source_scan;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use source_scan::rust_files;

use serde_json::Value;

fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../Cargo.toml");
    let out = std::process::Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--offline",
            "--format-version",
            "1",
        ])
        .arg("--manifest-path")
        .arg(&manifest)
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON")
}

fn package<'a>(meta: &'a Value, name: &str) -> &'a Value {
    meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("package {name} is in the workspace"))
}

/// `(kind, features)` of every dependency of `pkg` on `dep`; kind `None` = normal.
fn dependency_kinds(pkg: &Value, dep: &str) -> Vec<(Option<String>, Vec<String>)> {
    pkg["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["name"] == dep)
        .map(|d| {
            let features = d["features"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap().to_string())
                .collect();
            (d["kind"].as_str().map(str::to_string), features)
        })
        .collect()
}

fn target<'a>(pkg: &'a Value, kind: &str, name: &str) -> &'a Value {
    pkg["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name && t["kind"].as_array().unwrap().iter().any(|k| k == kind))
        .unwrap_or_else(|| panic!("desk-core has the {kind} target {name}"))
}

fn required_features(t: &Value) -> Vec<&str> {
    t["required-features"]
        .as_array()
        .map(|f| f.iter().map(|f| f.as_str().unwrap()).collect())
        .unwrap_or_default()
}

#[test]
fn the_core_uses_the_fake_server_only_in_its_tests() {
    let meta = metadata();
    let core = package(&meta, "desk-core");
    let kinds = dependency_kinds(core, "fake-scriptix");
    assert!(
        !kinds.is_empty(),
        "desk-core's tests run against the fake server: it is a dev-dependency"
    );
    for (kind, _) in &kinds {
        assert_eq!(
            kind.as_deref(),
            Some("dev"),
            "fake-scriptix must be a dev-dependency of desk-core only (practice mode lives in the app crate)"
        );
    }
    // Practice mode is the app's: it depends on the fake server as a normal dependency.
    let app = package(&meta, "scriptix-desk");
    assert!(
        dependency_kinds(app, "fake-scriptix")
            .iter()
            .any(|(kind, _)| kind.is_none()),
        "the app crate serves practice mode from the fake server"
    );
}

#[test]
fn the_crash_worker_is_built_only_with_the_test_feature() {
    let meta = metadata();
    let core = package(&meta, "desk-core");
    let worker = target(core, "bin", "bulk-worker");
    assert_eq!(required_features(worker), ["test-bins"]);
    // The test that runs it needs the same feature: without it `env!("CARGO_BIN_EXE_…")`
    // would not build.
    let crash = target(core, "test", "bulk_crash");
    assert_eq!(required_features(crash), ["test-bins"]);
    // Nothing turns it on for normal builds: not desk-core's defaults, not the app.
    let defaults = core["features"]["default"].as_array().cloned();
    assert!(
        defaults.is_none_or(|d| !d.iter().any(|f| f == "test-bins")),
        "test-bins is not a default feature"
    );
    for pkg in ["scriptix-desk", "desk-e2e"] {
        for (kind, features) in dependency_kinds(package(&meta, pkg), "desk-core") {
            assert!(
                !features.iter().any(|f| f == "test-bins"),
                "{pkg} ({kind:?}) must not enable desk-core/test-bins"
            );
        }
    }
}

/// Cargo skips a test whose required feature is off without a word, so `make test` must
/// run the crash test with the feature named, or the 20 kill-and-resume trials would
/// quietly stop running; and clippy must see the worker and the test too.
#[test]
fn make_test_runs_the_crash_test() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../scripts/test.sh");
    let script = std::fs::read_to_string(script).expect("scripts/test.sh is readable");
    let commands: Vec<&str> = script.lines().map(str::trim).collect();
    let with_feature = |l: &&str| {
        l.contains("desk-core/test-bins") || l.contains("-p desk-core --features test-bins")
    };
    let runs_crash_test = commands
        .iter()
        .filter(|l| l.starts_with("cargo test"))
        .any(|l| {
            with_feature(l)
                && (l.contains("--test bulk_crash") || l.contains("--workspace"))
                && !l.contains("--skip bulk_crash")
        });
    assert!(
        runs_crash_test,
        "scripts/test.sh must run bulk_crash with desk-core's test-bins feature"
    );
    let lints_it = commands
        .iter()
        .filter(|l| l.starts_with("cargo clippy"))
        .any(|l| with_feature(l) && l.contains("--all-targets"));
    assert!(
        lints_it,
        "clippy in scripts/test.sh must enable desk-core/test-bins"
    );
}

// ---- The command layer reaches Scriptix only through the core ----

/// `src-tauri/crates/scriptix-api/src`, `src-tauri/src`, `desk-core/src`.
fn dir(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The code of a file: without its tests and without comment lines.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => &text[..],
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The name of every `pub async fn` in the API client crate: each one is a request to
/// Scriptix (the client's methods and the free functions such as `login` or
/// `fetch_shared_document`). Read from the source, so a new call is covered at once.
fn api_calls() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for file in rust_files(&dir("../scriptix-api/src")) {
        if file.to_string_lossy().contains("wire_tests") {
            continue;
        }
        for line in code(&file).lines() {
            if let Some(rest) = line.trim_start().strip_prefix("pub async fn ") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                names.insert(name);
            }
        }
    }
    names
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The identifier right before byte `end` of `s`.
fn ident_before(s: &str, end: usize) -> &str {
    let start = s[..end].rfind(|c: char| !is_ident(c)).map_or(0, |i| i + 1);
    &s[start..end]
}

/// Requests to Scriptix made in `code` itself: a client method called on a client (a
/// variable bound to `….client(…)`, or such a call chained), an API function named through
/// `scriptix_api::`, or a client built here. Returns what it found, for the failure message.
fn requests_in(code: &str, calls: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    let statements: Vec<&str> = code.split(';').collect();
    // Variables holding a client: `let client = state.client(&id).await?` and the like.
    let mut clients: BTreeSet<String> = BTreeSet::from(["client".to_string()]);
    for s in &statements {
        if let Some(rest) = s.trim_start().strip_prefix("let ") {
            let name: String = rest
                .trim_start_matches("mut ")
                .chars()
                .take_while(|c| is_ident(*c))
                .collect();
            let value = rest.split_once('=').map_or("", |(_, v)| v);
            if value.contains(".client(") || value.contains(".with_stop(") {
                clients.insert(name);
            }
        }
    }
    for s in &statements {
        for (i, _) in s.match_indices('.') {
            let after = &s[i + 1..];
            let method: String = after.chars().take_while(|c| is_ident(*c)).collect();
            if method.is_empty()
                || !calls.contains(&method)
                || !after[method.len()..].starts_with('(')
            {
                continue;
            }
            // The receiver: a client variable, or a chain that fetched a client.
            let receiver = ident_before(s, i);
            let chained = s[..i].contains(".client(");
            if clients.contains(receiver) || chained {
                found.push(format!("{receiver}.{method}(…)"));
            }
        }
        for (i, _) in s.match_indices("scriptix_api::") {
            let path = &s[i + "scriptix_api::".len()..];
            // `use scriptix_api::{a, b}` as well as `scriptix_api::a(…)`.
            let names = match path.strip_prefix('{') {
                Some(group) => group.split('}').next().unwrap_or(""),
                None => path.split(|c: char| !is_ident(c)).next().unwrap_or(""),
            };
            for name in names.split(',').map(str::trim) {
                if calls.contains(name) {
                    found.push(format!("scriptix_api::{name}"));
                }
            }
        }
        // Building a client: the core's account service does that (token, server, options).
        for builds in ["ScriptixClient::new(", "ClientOptions"] {
            if s.contains(builds) {
                found.push(builds.trim_end_matches('(').to_string());
            }
        }
    }
    found
}

/// Issue 13: a command parses, calls one core function and maps the result. Talking to
/// Scriptix (and building clients) happens in the core, so no command can skip what the
/// core does around a request: permissions, the library's knowledge, the comment fallback.
#[test]
fn commands_reach_scriptix_only_through_the_core() {
    let calls = api_calls();
    for expected in ["session", "document", "comment_list", "me", "login"] {
        assert!(calls.contains(expected), "the scan knows `{expected}`");
    }
    let app = dir("../../src");
    let mut files = rust_files(&app.join("commands"));
    assert!(files.len() >= 8, "the scan sees the commands: {files:?}");
    // The app's state hands out the core's clients; it builds none itself.
    files.push(app.join("state.rs"));
    let mut found = Vec::new();
    for file in files {
        for request in requests_in(&code(&file), &calls) {
            found.push(format!("{}: {request}", file.display()));
        }
    }
    assert!(
        found.is_empty(),
        "move these into a desk-core function and call that:\n{}",
        found.join("\n")
    );
}

/// The scan itself: it flags direct requests and passes calls into the core.
#[test]
fn the_scan_tells_requests_from_core_calls() {
    let calls = api_calls();
    for direct in [
        "let client = state.client(&a).await?; let s = client.session(&id).await?",
        "let c = state.client(&a).await?.with_stop(f); c.mark_finished(&s, &d).await?",
        "state.client(&a).await?.document(&s, &d).await",
        "let step = scriptix_api::login(&server, &email, &pw, &opts).await",
        "use scriptix_api::{fetch_shared_document, Secret}",
        "let c = scriptix_api::ScriptixClient::new(&url, token, opts)",
        "use scriptix_api::{ClientOptions, ScriptixClient}",
    ] {
        assert!(!requests_in(direct, &calls).is_empty(), "{direct}");
    }
    for through_core in [
        "let client = state.client(&a).await?; state.library.session_details(&a, &client, &s).await",
        "let name = state.library.session(&a, &s).map(|s| s.filename)",
        "use scriptix_api::ExportFormat",
        "use scriptix_api::Secret",
        "use scriptix_api::ScriptixClient",
    ] {
        assert!(requests_in(through_core, &calls).is_empty(), "{through_core}");
    }
}

/// `file: call…)` for each of `calls` found in the code (not comments, not tests) of `files`.
fn calls_in(files: impl IntoIterator<Item = PathBuf>, calls: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for file in files {
        let code = code(&file);
        for call in calls.iter().filter(|call| code.contains(*call)) {
            found.push(format!("{}: {call}…)", file.display()));
        }
    }
    found
}

/// Where a document's comments come from is decided once (`library::document_comments`):
/// the document view, the backup and the delete workflow all ask it, so they cannot
/// disagree about a document whose JSON carries no comments.
#[test]
fn the_comment_fallback_lives_in_one_place() {
    let files = [dir("src"), dir("../../src")]
        .into_iter()
        .flat_map(|root| rust_files(&root))
        .filter(|file| !file.ends_with("library/remote.rs"));
    let found = calls_in(files, &[".comment_list(", ".comments("]);
    assert!(
        found.is_empty(),
        "use desk_core::library::document_comments instead:\n{}",
        found.join("\n")
    );
}

/// What a delete teaches the app (the item leaves the lists, a refusal hides its button)
/// and the deletion record are the core's work (`delete_item::run`, `BulkEvent::follow_in`,
/// the bulk runner): a command that did them itself could forget one for a new kind of
/// delete, and the record would miss it.
#[test]
fn deletes_are_booked_by_the_core() {
    let found = calls_in(
        rust_files(&dir("../../src/commands")),
        &[
            ".mark_gone(",
            ".mark_forbidden(",
            "learn_from_refusal(",
            "entry_for(",
            "audit.record(",
            "back_up_then_delete(",
        ],
    );
    assert!(
        found.is_empty(),
        "call desk_core::delete_item::run (or BulkEvent::follow_in) instead:\n{}",
        found.join("\n")
    );
}
