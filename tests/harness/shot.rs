//! Screenshots of the app's window, taken from the X display (Xvfb) rather than through
//! WebDriver: ImageMagick's `import` reads the window's pixels as the person sees them,
//! whichever way WebKit draws (WebKitWebDriver's own screenshot command never answers when
//! WebKitGTK 2.50 draws without GPU compositing, as the app has it do; docs/packaging.md).

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

/// Run `program` with `args` (xdotool, ImageMagick), giving up and killing it after 20 s;
/// its standard output.
pub async fn run_tool(program: &str, args: &[&str]) -> Result<String, String> {
    let out = tokio::process::Command::new(program)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(20), out)
        .await
        .map_err(|_| format!("{program} {args:?} took too long"))?
        .map_err(|e| format!("run {program} (installed by scripts/install-deps.sh): {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Save the visible window titled `title` (the whole screen when there is none) as a PNG.
pub async fn capture_window(title: &str, path: &Path) -> Result<(), String> {
    let pattern = format!("^{}$", title.replace('.', "\\."));
    let found = run_tool("xdotool", &["search", "--onlyvisible", "--name", &pattern])
        .await
        .unwrap_or_default();
    let window = found.lines().next().map(str::trim).unwrap_or("root");
    let path = path.to_str().ok_or("the screenshot path is not UTF-8")?;
    run_tool("import", &["-window", window, path])
        .await
        .map(drop)
}
