//! WebKitWebDriver as a child process in its own process group.
//!
//! tauri-driver only renames capabilities and sets `TAURI_WEBVIEW_AUTOMATION`, so the
//! harness talks to WebKitWebDriver directly: one less binary to install. The driver starts
//! the app itself; putting the driver in a fresh process group lets us kill the app with it,
//! even when a native dialog left open would otherwise orphan the app.

use std::net::TcpListener;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Driver {
    pub async fn start(env: &[(String, String)]) -> Driver {
        let port = free_port();
        let mut cmd = Command::new("WebKitWebDriver");
        cmd.arg(format!("--port={port}"))
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .process_group(0)
            .kill_on_drop(true);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .expect("start WebKitWebDriver (Debian package webkit2gtk-driver)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(
                Instant::now() < deadline,
                "WebKitWebDriver did not start listening"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Driver { child, port }
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// Kill the driver and everything it started (the app and its WebKit helpers), and wait
    /// until they are gone: the app holds its data folder's lock until its process ends, so a
    /// test that starts the app again on the same folder (a restart) would otherwise race a
    /// dying copy and be told the app is already open.
    pub fn kill_all(&mut self) {
        let Some(pid) = self.child.id() else {
            return;
        };
        // SAFETY-free: plain `kill` on our own process group.
        let _ = std::process::Command::new("kill")
            .args(["-KILL", "--", &format!("-{pid}")])
            .status();
        let _ = self.child.start_kill();
        let deadline = Instant::now() + Duration::from_secs(10);
        while group_alive(pid) && Instant::now() < deadline {
            // Reap the driver itself: a zombie is not alive but keeps its group listed.
            let _ = self.child.try_wait();
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.kill_all();
    }
}

/// Whether a process of group `pgid` still runs (zombies, which hold no files, do not count).
fn group_alive(pgid: u32) -> bool {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return false;
    };
    entries.flatten().any(|entry| {
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        // `pid (comm) state ppid pgrp …`; comm may hold spaces and parentheses.
        let Some((_, rest)) = stat.rsplit_once(')') else {
            return false;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        fields.len() > 2 && fields[0] != "Z" && fields[2] == pgid.to_string()
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}
