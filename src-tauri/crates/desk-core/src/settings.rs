//! The person's preferences: the app's language and, per account, the folder the last
//! backup went to (so the next save or bulk job starts there).
//!
//! `settings.json` in the config folder, written atomically. It is a convenience: a
//! missing, damaged or oversized file means defaults (logged), never an error on screen.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::error::{AppFile, DeskError, DeskResult, FileAction};
use crate::fsutil::write_atomic;

pub const SETTINGS_FILE: &str = "settings.json";
/// Debug builds only: pins the language (`nl`, `en`, `de`, `fr`) for end-to-end tests.
pub const LANGUAGE_ENV: &str = "SCRIPTIX_DESK_LANG";
/// The file holds a language and some folder names; anything larger is not ours.
const MAX_BYTES: u64 = 256 * 1024;
/// Folders remembered at most (one per account; old accounts drop out).
const MAX_FOLDERS: usize = 200;

/// The languages the app speaks: those the Scriptix web app offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Nl,
    En,
    De,
    Fr,
}

impl Language {
    /// `nl`, `nl-BE`, `de_AT.UTF-8`… → the language; anything else → `None`.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag
            .trim()
            .split(['-', '_', '.', '@'])
            .next()?
            .to_ascii_lowercase();
        match primary.as_str() {
            "nl" => Some(Language::Nl),
            "en" => Some(Language::En),
            "de" => Some(Language::De),
            "fr" => Some(Language::Fr),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Stored {
    language: Option<Language>,
    /// Account id → the folder of its last backup.
    last_folders: BTreeMap<String, PathBuf>,
}

#[derive(Debug)]
pub struct Settings {
    path: PathBuf,
    stored: Mutex<Stored>,
}

impl Settings {
    /// Read `config_dir/settings.json`; defaults when it is missing or unusable.
    pub fn open(config_dir: &Path) -> Settings {
        let path = config_dir.join(SETTINGS_FILE);
        let stored = read(&path).unwrap_or_default();
        Settings {
            path,
            stored: Mutex::new(stored),
        }
    }

    /// The language the person chose in the app, if any (else the UI follows the OS).
    pub fn language(&self) -> Option<Language> {
        self.lock().language
    }

    pub fn set_language(&self, language: Option<Language>) -> DeskResult<()> {
        self.update(|s| s.language = language)
    }

    /// The folder this account's last backup went to, if it still exists.
    pub fn last_folder(&self, account_id: &str) -> Option<PathBuf> {
        self.lock()
            .last_folders
            .get(account_id)
            .filter(|d| d.is_dir())
            .cloned()
    }

    /// Remember `folder` for the account's next dialog or bulk job. Failing to remember
    /// is not worth an error: it is logged.
    pub fn remember_folder(&self, account_id: &str, folder: &Path) {
        let result = self.update(|s| {
            if s.last_folders.len() >= MAX_FOLDERS && !s.last_folders.contains_key(account_id) {
                let first = s.last_folders.keys().next().cloned();
                if let Some(first) = first {
                    s.last_folders.remove(&first);
                }
            }
            s.last_folders
                .insert(account_id.to_owned(), folder.to_path_buf());
        });
        if let Err(e) = result {
            tracing::warn!(error = %e, "last backup folder not remembered");
        }
    }

    /// Forget what belongs to a removed account.
    pub fn forget_account(&self, account_id: &str) {
        if let Err(e) = self.update(|s| {
            s.last_folders.remove(account_id);
        }) {
            tracing::warn!(error = %e, "settings not updated");
        }
    }

    fn update(&self, change: impl FnOnce(&mut Stored)) -> DeskResult<()> {
        let mut stored = self.lock();
        let mut next = stored.clone();
        change(&mut next);
        if next == *stored {
            return Ok(());
        }
        let bytes = serde_json::to_vec_pretty(&next).map_err(|e| DeskError::bug(e.to_string()))?;
        let write = || -> std::io::Result<()> {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            write_atomic(&self.path, &bytes)
        };
        write().map_err(|e| DeskError::app_file(AppFile::Settings, FileAction::Write, &e))?;
        *stored = next;
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Stored> {
        self.stored.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn read(path: &Path) -> Option<Stored> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes).ok()?;
    if bytes.len() as u64 > MAX_BYTES {
        tracing::warn!(path = %path.display(), "settings file too large; using defaults");
        return None;
    }
    match serde_json::from_slice(&bytes) {
        Ok(stored) => Some(stored),
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "settings file unreadable; using defaults");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_and_folders_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let backups = tempfile::tempdir().unwrap();
        let settings = Settings::open(dir.path());
        assert_eq!(settings.language(), None);
        settings.set_language(Some(Language::Nl)).unwrap();
        settings.remember_folder("acc1", backups.path());

        let again = Settings::open(dir.path());
        assert_eq!(again.language(), Some(Language::Nl));
        assert_eq!(again.last_folder("acc1").as_deref(), Some(backups.path()));
        assert_eq!(again.last_folder("acc2"), None);
        again.forget_account("acc1");
        assert_eq!(Settings::open(dir.path()).last_folder("acc1"), None);
    }

    #[test]
    fn a_damaged_file_means_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SETTINGS_FILE), b"{not json").unwrap();
        assert_eq!(Settings::open(dir.path()).language(), None);
    }

    #[test]
    fn os_locale_tags_map_to_languages() {
        assert_eq!(Language::from_tag("nl-NL"), Some(Language::Nl));
        assert_eq!(Language::from_tag("de_AT.UTF-8"), Some(Language::De));
        assert_eq!(Language::from_tag("fr"), Some(Language::Fr));
        assert_eq!(Language::from_tag("C"), None);
        assert_eq!(Language::from_tag("en-GB"), Some(Language::En));
    }
}
