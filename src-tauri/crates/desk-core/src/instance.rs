//! One copy of the app per data folder.
//!
//! Two copies writing the same files lose data: measured, one copy renamed an account while
//! the other added one, and `accounts.json` kept only the rename (the added account's key was
//! left behind in the keyring). The app shell registers Tauri's single-instance plugin, which
//! hands a second start to the running copy over D-Bus; but that plugin lets a copy start
//! normally when there is no session bus, so the data folder itself is locked too, with an OS
//! lock that the kernel drops when the process ends, however it ends (no stale lock file to
//! clean up after a crash). A copy that cannot take it writes nothing and says so.
//!
//! The headless command line (retention rules) takes the same lock per rule and per job.

use std::fs::{File, TryLockError};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::error::{AppFile, FileAction};
use crate::fsutil;
use crate::paths::{AppPaths, KEYRING_SERVICE};
use crate::{DeskError, DeskResult};

/// The lock file's name inside the data folder. It holds no data: only its lock matters.
pub const LOCK_FILE: &str = "app.lock";

/// Held for as long as this copy of the app runs; dropping it lets another copy start.
#[derive(Debug)]
pub struct AppLock {
    _file: File,
    path: PathBuf,
}

impl AppLock {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// What trying to become the one copy gave.
#[derive(Debug)]
pub enum Claim {
    /// This copy owns the data folder.
    Owner(AppLock),
    /// Another copy holds the data folder: write nothing.
    AlreadyOpen,
}

/// Take the data folder's lock without waiting. Creates the data folder (private) only when
/// it does not exist yet, which is a first start, so a second copy writes nothing.
pub fn claim(paths: &AppPaths) -> DeskResult<Claim> {
    claim_path(&paths.data_dir.join(LOCK_FILE))
}

/// [`claim`] for any lock file: the command line locks a rule or a job the same way.
pub fn claim_path(path: &Path) -> DeskResult<Claim> {
    let failed = |e: std::io::Error| DeskError::app_file(AppFile::AppFolder, FileAction::Write, &e);
    if let Some(dir) = path.parent().filter(|d| !d.exists()) {
        fsutil::create_private_dir_all(dir).map_err(failed)?;
    }
    // Never truncate: the file may be another copy's, and its contents do not matter.
    let file = fsutil::private_options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(failed)?;
    match file.try_lock() {
        Ok(()) => Ok(Claim::Owner(AppLock {
            _file: file,
            path: path.to_path_buf(),
        })),
        Err(TryLockError::WouldBlock) => Ok(Claim::AlreadyOpen),
        Err(TryLockError::Error(e)) => Err(failed(e)),
    }
}

/// The name under which copies of the app find each other (the single-instance plugin's
/// D-Bus name). One per data folder, like the lock: a normal install uses the bundle
/// identifier; with `SCRIPTIX_DESK_HOME` set (tests, portable installs) each folder gets its
/// own name, so copies kept apart on purpose do not hand themselves to each other.
pub fn instance_name(home: Option<&Path>) -> String {
    match home {
        None => KEYRING_SERVICE.to_string(),
        Some(home) => {
            // std's SipHash with its fixed keys: the same in both copies (same binary), and
            // the name needs to be distinct, not secret.
            let mut h = std::collections::hash_map::DefaultHasher::new();
            home.hash(&mut h);
            // D-Bus name elements may not start with a digit.
            format!("{KEYRING_SERVICE}.home_{:016x}", h.finish())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_claim_on_the_same_folder_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths::under(dir.path());
        let first = match claim(&paths).unwrap() {
            Claim::Owner(lock) => lock,
            Claim::AlreadyOpen => panic!("the first copy must own the folder"),
        };
        assert!(matches!(claim(&paths).unwrap(), Claim::AlreadyOpen));
        drop(first);
        assert!(matches!(claim(&paths).unwrap(), Claim::Owner(_)));
    }

    #[test]
    fn claiming_creates_only_the_data_folder_and_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths::under(dir.path());
        let _lock = claim(&paths).unwrap();
        let made: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(made, vec![std::ffi::OsString::from("data")]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&paths.data_dir), 0o700);
            assert_eq!(mode(&paths.data_dir.join(LOCK_FILE)), 0o600);
        }
    }

    #[test]
    fn each_home_folder_has_its_own_valid_instance_name() {
        let a = instance_name(Some(Path::new("/tmp/a")));
        let b = instance_name(Some(Path::new("/tmp/b")));
        assert_ne!(a, b);
        assert_eq!(a, instance_name(Some(Path::new("/tmp/a"))));
        assert_eq!(instance_name(None), KEYRING_SERVICE);
        for name in [a, b] {
            assert!(name
                .split('.')
                .all(|el| !el.is_empty() && !el.starts_with(|c: char| c.is_ascii_digit())));
        }
    }
}
