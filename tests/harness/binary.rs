//! Locating (and if needed building) the app binary under test.

use std::path::PathBuf;
use std::sync::OnceLock;

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Honours `CARGO_TARGET_DIR`, like cargo does.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                workspace_root().join(dir)
            }
        }
        None => workspace_root().join("target"),
    }
}

/// Names another app binary to drive (the installed `/usr/bin/scriptix-desk`, a release
/// build for the benchmarks) instead of the debug build.
pub const APP_BINARY_ENV: &str = "DESK_E2E_APP";

/// The app binary under test: `DESK_E2E_APP` when set, else the debug build, built once per
/// test run if it is missing. The test command builds it (after the UI) before running e2e,
/// so this build is only a convenience when running one test by hand.
pub fn app_binary() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(bin) = std::env::var_os(APP_BINARY_ENV) {
            return PathBuf::from(bin)
                .canonicalize()
                .expect("the binary named by DESK_E2E_APP exists");
        }
        let bin = target_dir().join("debug").join("scriptix-desk");
        if !bin.exists() {
            let status = std::process::Command::new(env!("CARGO"))
                .args(["build", "-p", "scriptix-desk"])
                .current_dir(workspace_root())
                .status()
                .expect("run cargo build");
            assert!(status.success(), "building the app failed");
        }
        bin.canonicalize().expect("app binary path")
    })
    .clone()
}
