//! Where the app keeps its files, and which keyring service name holds its secrets.
//!
//! `SCRIPTIX_DESK_HOME` moves *every* file the app writes under one folder. Tests, the
//! end-to-end harness and portable installs rely on that: nothing may leak into the real
//! platform folders. `SCRIPTIX_DESK_KEYRING_NAMESPACE` does the same for the OS keyring, so
//! a test run never reads or overwrites a real person's saved sign-ins.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::error::{AppFile, FileAction};
use crate::{DeskError, DeskResult};

/// Moves every file the app writes under this folder.
pub const HOME_ENV: &str = "SCRIPTIX_DESK_HOME";
/// Appends `.ns-<value>` to the keyring service name.
pub const KEYRING_NAMESPACE_ENV: &str = "SCRIPTIX_DESK_KEYRING_NAMESPACE";
/// The keyring service name of a normal install (matches the bundle identifier).
pub const KEYRING_SERVICE: &str = "io.scriptix.desk";

/// The home folder a `SCRIPTIX_DESK_HOME` value names, made absolute; `None` when unset.
pub fn home_folder(value: Option<OsString>) -> Option<PathBuf> {
    let home = PathBuf::from(value.filter(|h| !h.is_empty())?);
    // A relative home would silently depend on the working directory of whoever started
    // the app; pin it once.
    Some(std::path::absolute(&home).unwrap_or(home))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppPaths {
    /// Settings and the account list (`accounts.json`).
    pub config_dir: PathBuf,
    /// Journals, audit log and other records the person may need later.
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
    /// Re-creatable data; one folder per account (`<cache_dir>/<account id>`).
    pub cache_dir: PathBuf,
}

impl AppPaths {
    /// The folders under one home folder, as `SCRIPTIX_DESK_HOME` lays them out.
    pub fn under(home: &Path) -> AppPaths {
        AppPaths {
            config_dir: home.join("config"),
            data_dir: home.join("data"),
            log_dir: home.join("logs"),
            cache_dir: home.join("cache"),
        }
    }

    /// `SCRIPTIX_DESK_HOME` when it is set, else the platform folders the caller found
    /// (the Tauri path resolver lives in the app crate, not here).
    pub fn resolve(platform_defaults: AppPaths) -> AppPaths {
        Self::resolve_with(std::env::var_os(HOME_ENV), platform_defaults)
    }

    /// [`AppPaths::resolve`] with the environment value passed in.
    pub fn resolve_with(home: Option<OsString>, platform_defaults: AppPaths) -> AppPaths {
        match home_folder(home) {
            Some(home) => AppPaths::under(&home),
            None => platform_defaults,
        }
    }

    /// Creates every folder (and its parents), private to the person. Safe to repeat.
    pub fn ensure(&self) -> DeskResult<()> {
        for dir in self.all() {
            crate::fsutil::create_private_dir_all(dir).map_err(|e| {
                tracing::warn!(dir = %dir.display(), error = %e, "could not create app folder");
                DeskError::app_file(AppFile::AppFolder, FileAction::Write, &e)
            })?;
        }
        Ok(())
    }

    /// Every folder, for callers that treat them alike.
    pub fn all(&self) -> [&Path; 4] {
        [
            &self.config_dir,
            &self.data_dir,
            &self.log_dir,
            &self.cache_dir,
        ]
    }

    /// The account list.
    pub fn accounts_file(&self) -> PathBuf {
        self.config_dir.join("accounts.json")
    }

    /// One account's re-creatable data. `account_id` is an id the app generated (a UUID),
    /// never text from a server, so it is a safe single path segment.
    pub fn account_cache_dir(&self, account_id: &str) -> PathBuf {
        self.cache_dir.join(account_id)
    }
}

/// The keyring service name, namespaced by `SCRIPTIX_DESK_KEYRING_NAMESPACE` when set.
pub fn keyring_service() -> String {
    keyring_service_for(std::env::var(KEYRING_NAMESPACE_ENV).ok().as_deref())
}

/// [`keyring_service`] with the environment value passed in.
pub fn keyring_service_for(namespace: Option<&str>) -> String {
    match namespace.map(str::trim).filter(|ns| !ns.is_empty()) {
        Some(ns) => format!("{KEYRING_SERVICE}.ns-{ns}"),
        None => KEYRING_SERVICE.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn platform() -> AppPaths {
        AppPaths {
            config_dir: "/platform/config".into(),
            data_dir: "/platform/data".into(),
            log_dir: "/platform/logs".into(),
            cache_dir: "/platform/cache".into(),
        }
    }

    #[test]
    fn home_moves_every_folder_under_it() {
        let paths = AppPaths::resolve_with(Some("/tmp/desk-home".into()), platform());
        let home = Path::new("/tmp/desk-home");
        for dir in paths.all() {
            assert!(
                dir.starts_with(home),
                "{} is outside the home",
                dir.display()
            );
        }
        assert_eq!(paths.accounts_file(), home.join("config/accounts.json"));
        assert_eq!(paths.account_cache_dir("a1"), home.join("cache/a1"));
    }

    #[test]
    fn relative_home_is_made_absolute() {
        let paths = AppPaths::resolve_with(Some("rel-home".into()), platform());
        assert!(paths.config_dir.is_absolute());
        assert!(paths.config_dir.ends_with("rel-home/config"));
    }

    #[test]
    fn without_home_the_platform_folders_are_used() {
        assert_eq!(AppPaths::resolve_with(None, platform()), platform());
        assert_eq!(
            AppPaths::resolve_with(Some("".into()), platform()),
            platform()
        );
    }

    #[test]
    fn ensure_creates_all_folders_and_can_repeat() {
        let tmp = tempfile::tempdir().unwrap();
        let paths = AppPaths::under(&tmp.path().join("deep/home"));
        paths.ensure().unwrap();
        paths.ensure().unwrap();
        for dir in paths.all() {
            assert!(dir.is_dir(), "{} missing", dir.display());
        }
    }

    #[test]
    fn keyring_namespace_keeps_tests_away_from_real_secrets() {
        assert_eq!(keyring_service_for(None), "io.scriptix.desk");
        assert_eq!(keyring_service_for(Some("  ")), "io.scriptix.desk");
        assert_eq!(keyring_service_for(Some("t42")), "io.scriptix.desk.ns-t42");
    }
}
