//! Helpers shared by the backup and delete tests.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};

/// A folder nobody may create files in, removed again on drop.
///
/// `chmod 555` is what a person's read-only folder looks like, but root (as in CI
/// containers) ignores it; there the folder is also made immutable (`chattr +i`), which
/// binds root too. If neither makes the folder read-only the test fails rather than
/// silently testing nothing.
#[cfg(unix)]
pub struct ReadOnlyDir {
    _parent: tempfile::TempDir,
    path: PathBuf,
    immutable: bool,
}

#[cfg(unix)]
impl ReadOnlyDir {
    pub fn new() -> Self {
        let parent = tempfile::tempdir().unwrap();
        let path = parent.path().join("read-only");
        std::fs::create_dir(&path).unwrap();
        set_mode(&path, 0o555);
        let mut dir = ReadOnlyDir {
            _parent: parent,
            path,
            immutable: false,
        };
        if dir.is_writable() {
            let status = std::process::Command::new("chattr")
                .arg("+i")
                .arg(&dir.path)
                .status();
            dir.immutable = status.is_ok_and(|s| s.success());
        }
        assert!(
            !dir.is_writable(),
            "this environment cannot make a read-only folder for the test"
        );
        dir
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn is_writable(&self) -> bool {
        let probe = self.path.join("probe");
        let writable = std::fs::write(&probe, b"x").is_ok();
        let _ = std::fs::remove_file(probe);
        writable
    }
}

#[cfg(unix)]
impl Drop for ReadOnlyDir {
    fn drop(&mut self) {
        if self.immutable {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.path)
                .status();
        }
        set_mode(&self.path, 0o755);
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Names of everything in `dir`, hidden files included, sorted.
pub fn dir_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Peak and current resident memory of this process, in bytes (Linux).
pub fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let field = |name: &str| -> u64 {
        let line = status.lines().find(|l| l.starts_with(name)).unwrap();
        let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        kb * 1024
    };
    (field("VmHWM:"), field("VmRSS:"))
}
