//! Build script: makes `cargo build` work on a fresh clone and restricts the webview to the
//! app's own commands.

use std::path::Path;

include!("src/command_names.rs");

fn main() {
    // `generate_context!` needs the UI's dist folder at compile time. On a fresh clone the
    // UI is not built yet; a placeholder page keeps `cargo build`/`clippy`/`test` working
    // without node. `make run`/`make test` build the real UI first, and cargo re-embeds it.
    //
    // This is the one file the build script writes outside OUT_DIR, deliberately:
    // `generate_context!` reads `frontendDist` from tauri.conf.json, a fixed path that cannot
    // point into OUT_DIR. The placeholder is written only when no index.html exists (a real UI
    // build is never overwritten), and `ui/dist/` is git-ignored, so the source tree stays clean.
    let dist = Path::new("../ui/dist");
    if !dist.join("index.html").exists() {
        std::fs::create_dir_all(dist).expect("create ui/dist");
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><meta charset=utf-8><title>Scriptix Desk</title>\
             <p>The user interface is not built yet: run <code>make run</code>.</p>",
        )
        .expect("write placeholder ui/dist/index.html");
        println!("cargo:warning=ui/dist missing: wrote a placeholder; `make run` builds the UI");
    }
    println!("cargo:rerun-if-changed=../ui/dist/index.html");

    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
