//! One version everywhere: Cargo's workspace version is the source; the app's compiled-in
//! configuration, `--version`, the UI package, the AppStream release and the changelog must
//! all say the same. (The packages take theirs from the app configuration; the package
//! check compares the installed `.deb` with `--version` too.)

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn repo_file(rel: &str) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/..").to_owned() + "/" + rel;
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

#[test]
fn version_agrees_everywhere() {
    assert_eq!(crate::context().package_info().version.to_string(), VERSION);
    assert_eq!(
        crate::cli::version_text(),
        format!("scriptix-desk {VERSION}\n")
    );

    // tauri.conf.json names no version of its own, so it cannot drift from Cargo's.
    let conf: serde_json::Value =
        serde_json::from_str(&repo_file("src-tauri/tauri.conf.json")).unwrap();
    assert!(
        conf.get("version").is_none(),
        "tauri.conf.json must not name a version; Cargo.toml's is the one"
    );

    let ui: serde_json::Value = serde_json::from_str(&repo_file("ui/package.json")).unwrap();
    assert_eq!(ui["version"], VERSION, "ui/package.json");

    let changelog = repo_file("CHANGELOG.md");
    let released = changelog
        .lines()
        .filter_map(|l| l.strip_prefix("## ["))
        .filter_map(|l| l.split(']').next())
        .find(|v| *v != "Unreleased");
    assert_eq!(released, Some(VERSION), "newest release in CHANGELOG.md");

    let metainfo = repo_file("src-tauri/packaging/io.scriptix.desk.metainfo.xml");
    let release = metainfo
        .split("<release version=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next());
    assert_eq!(release, Some(VERSION), "newest <release> in the metainfo");
}
