//! Handing an address or a folder to the desktop (the browser, the file manager).
//!
//! One place for it, for two reasons: no shell is involved (the program gets the target as
//! one argument), and the helper program is always waited for. `xdg-open` and friends may
//! end at once or live as long as the browser they started; a child nobody waits for stays
//! behind as a zombie in the process table for as long as the app runs.

use std::ffi::OsStr;
use std::process::{Command, Stdio};

/// The desktop's "open this" program: `xdg-open` on Linux and the BSDs, `open` on macOS; on
/// Windows `explorer` for folders and the URL handler of `rundll32` for addresses (which,
/// unlike `start`, does not read `&` as a command separator).
fn opener(address: bool) -> Command {
    if cfg!(target_os = "windows") {
        if address {
            let mut c = Command::new("rundll32");
            c.arg("url.dll,FileProtocolHandler");
            c
        } else {
            Command::new("explorer")
        }
    } else if cfg!(target_os = "macos") {
        Command::new("open")
    } else {
        Command::new("xdg-open")
    }
}

/// Open a web address in the system browser.
pub fn open_address(address: &str) -> std::io::Result<u32> {
    spawn_reaped(opener(true).arg(address))
}

/// Show a folder in the system file manager.
pub fn open_folder(folder: &std::path::Path) -> std::io::Result<u32> {
    spawn_reaped(opener(false).arg(OsStr::new(folder)))
}

/// Start `command` with no standard streams and wait for it on a thread of its own, so it is
/// reaped whenever it ends. Returns its process id.
pub fn spawn_reaped(command: &mut Command) -> std::io::Result<u32> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let pid = child.id();
    std::thread::Builder::new()
        .name("reap-opener".into())
        .spawn(move || {
            let _ = child.wait();
        })?;
    Ok(pid)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// The process's state letter (`Z` for a zombie), or `None` once it is gone.
    fn state_of(pid: u32) -> Option<char> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        stat.rsplit_once(')')?.1.trim_start().chars().next()
    }

    #[test]
    fn a_helper_that_ends_is_reaped_not_left_as_a_zombie() {
        let pid = spawn_reaped(Command::new("true").arg("ignored")).unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while state_of(pid).is_some() {
            assert!(
                Instant::now() < deadline,
                "process {pid} is still listed ({:?}) after it ended",
                state_of(pid)
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}
