//! `accounts.json`: the saved account list, written atomically.
//!
//! A file the app cannot read (damaged, or written by a newer version of the app) is never
//! overwritten: it is moved aside to `accounts.json.unreadable-<timestamp>` and the app
//! starts with an empty list, telling the person where the old file went. Losing the list
//! silently, or clobbering a newer app's list on a downgrade, would both lose data.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::macros::format_description;

use super::model::Account;
use crate::error::{AppFile, FileAction};
use crate::fsutil::write_atomic;
use crate::{DeskError, DeskResult, Detail};

/// The file format this build reads and writes.
pub const INDEX_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountIndex {
    pub version: u32,
    pub active: Option<String>,
    pub accounts: Vec<Account>,
}

impl Default for AccountIndex {
    fn default() -> Self {
        AccountIndex {
            version: INDEX_VERSION,
            active: None,
            accounts: Vec::new(),
        }
    }
}

/// An account list the app could not use and moved aside; shown to the person once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IndexSetAside {
    /// Where the old file is now.
    pub moved_to: String,
    /// Why (damaged, or written by a newer version).
    pub reason: Detail,
}

/// The result of reading the account list at startup.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LoadedIndex {
    pub index: AccountIndex,
    pub set_aside: Option<IndexSetAside>,
}

impl AccountIndex {
    /// Reads the list. A missing file is an empty list; an unusable one is moved aside.
    /// Only a file that exists but cannot be *read* (permissions, I/O) is an error, since
    /// starting empty would then overwrite it on the next save.
    pub fn load(path: &Path) -> DeskResult<LoadedIndex> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(LoadedIndex::default()),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "account list unreadable");
                return Err(DeskError::app_file(
                    AppFile::AccountList,
                    FileAction::Read,
                    &e,
                ));
            }
        };
        match parse(&bytes) {
            Ok(index) => Ok(LoadedIndex {
                index,
                set_aside: None,
            }),
            Err(reason) => {
                let moved_to = move_aside(path)?;
                tracing::warn!(
                    path = %path.display(),
                    moved_to = %moved_to.display(),
                    %reason,
                    "account list set aside"
                );
                Ok(LoadedIndex {
                    index: AccountIndex::default(),
                    set_aside: Some(IndexSetAside {
                        moved_to: moved_to.display().to_string(),
                        reason,
                    }),
                })
            }
        }
    }

    /// Writes the list atomically (a crash leaves the old or the new file, never half).
    pub fn save(&self, path: &Path) -> DeskResult<()> {
        let bytes = serde_json::to_vec_pretty(self)
            .map_err(|e| DeskError::bug(format!("account list not encodable: {e}")))?;
        let write = || -> std::io::Result<()> {
            if let Some(dir) = path.parent() {
                crate::fsutil::create_private_dir_all(dir)?;
            }
            write_atomic(path, &bytes)
        };
        write().map_err(|e| {
            tracing::warn!(path = %path.display(), error = %e, "account list not saved");
            DeskError::app_file(AppFile::AccountList, FileAction::Write, &e)
        })
    }

    /// Puts the rows in list order, numbers them 0.., drops repeated ids and an active id
    /// that names no row, so every later step can rely on a tidy list.
    fn normalise(&mut self) {
        self.accounts.sort_by_key(|a| a.order);
        let mut seen = std::collections::HashSet::new();
        self.accounts.retain(|a| seen.insert(a.id.clone()));
        for (i, a) in self.accounts.iter_mut().enumerate() {
            a.order = u32::try_from(i).unwrap_or(u32::MAX);
        }
        if let Some(active) = &self.active {
            if !self.accounts.iter().any(|a| &a.id == active) {
                self.active = None;
            }
        }
    }
}

/// The file as this build understands it, or why it cannot.
fn parse(bytes: &[u8]) -> Result<AccountIndex, Detail> {
    /// Just the version, read first: a newer format may not fit our structs at all.
    #[derive(Deserialize)]
    struct VersionOnly {
        version: Option<u64>,
    }
    const DAMAGED: Detail = Detail::AppFileDamaged {
        file: AppFile::AccountList,
    };
    let probe: VersionOnly = serde_json::from_slice(bytes).map_err(|_| DAMAGED)?;
    match probe.version {
        Some(v) if v == u64::from(INDEX_VERSION) => {}
        Some(v) if v > u64::from(INDEX_VERSION) => {
            return Err(Detail::AppFileNewer {
                file: AppFile::AccountList,
            })
        }
        _ => return Err(DAMAGED),
    }
    let mut index: AccountIndex = serde_json::from_slice(bytes).map_err(|_| DAMAGED)?;
    index.normalise();
    Ok(index)
}

/// Renames `path` to a free `<name>.unreadable-<UTC timestamp>[-n]` beside it.
fn move_aside(path: &Path) -> DeskResult<PathBuf> {
    let stamp = time::OffsetDateTime::now_utc()
        .format(format_description!(
            "[year][month][day]T[hour][minute][second]Z"
        ))
        .unwrap_or_else(|_| "unknown-time".into());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "accounts.json".into());
    let base = format!("{name}.unreadable-{stamp}");
    for n in 1..1000 {
        let candidate = match n {
            1 => path.with_file_name(&base),
            n => path.with_file_name(format!("{base}-{n}")),
        };
        // `rename` replaces an existing target on Unix, so look first: an earlier
        // set-aside file may be the only copy of someone's accounts.
        if std::fs::symlink_metadata(&candidate).is_ok() {
            continue;
        }
        return std::fs::rename(path, &candidate)
            .map(|()| candidate)
            .map_err(|e| DeskError::app_file(AppFile::AccountList, FileAction::MoveAside, &e));
    }
    Err(DeskError::Storage(Detail::TooManyOldCopies))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::model::{AccountAuthStyle, AddedVia, IdentitySummary};

    fn account(id: &str, order: u32) -> Account {
        Account {
            id: id.into(),
            label: format!("Label {id}"),
            server: "https://api.scriptix.io/".into(),
            auth_style: AccountAuthStyle::Bearer,
            identity: IdentitySummary::default(),
            order,
            last_used: None,
            needs_sign_in: false,
            added_via: AddedVia::ApiKey,
        }
    }

    fn dir_names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn missing_file_is_an_empty_list() {
        let tmp = tempfile::tempdir().unwrap();
        let loaded = AccountIndex::load(&tmp.path().join("accounts.json")).unwrap();
        assert_eq!(loaded, LoadedIndex::default());
    }

    #[test]
    fn saved_list_reads_back_identically() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("config/accounts.json");
        let index = AccountIndex {
            version: INDEX_VERSION,
            active: Some("b".into()),
            accounts: vec![account("a", 0), account("b", 1)],
        };
        index.save(&path).unwrap();
        let loaded = AccountIndex::load(&path).unwrap();
        assert_eq!(loaded.index, index);
        assert_eq!(loaded.set_aside, None);
    }

    #[test]
    fn damaged_file_is_moved_aside_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("accounts.json");
        std::fs::write(&path, b"{\"version\": 1, \"accounts\": [{\"id\"").unwrap();
        let loaded = AccountIndex::load(&path).unwrap();
        assert!(loaded.index.accounts.is_empty());
        let aside = loaded.set_aside.expect("reported");
        assert!(
            matches!(aside.reason, Detail::AppFileDamaged { .. }),
            "{}",
            aside.reason
        );
        assert!(!path.exists());
        assert_eq!(
            std::fs::read(&aside.moved_to).unwrap(),
            b"{\"version\": 1, \"accounts\": [{\"id\""
        );
    }

    #[test]
    fn newer_version_is_moved_aside_not_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("accounts.json");
        let future = br#"{"version": 2, "profiles": {"x": 1}}"#;
        std::fs::write(&path, future).unwrap();
        let loaded = AccountIndex::load(&path).unwrap();
        let aside = loaded.set_aside.expect("reported");
        assert!(
            matches!(aside.reason, Detail::AppFileNewer { .. }),
            "{}",
            aside.reason
        );
        AccountIndex::default().save(&path).unwrap();
        assert_eq!(std::fs::read(&aside.moved_to).unwrap(), future);
    }

    #[test]
    fn earlier_set_aside_copies_are_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("accounts.json");
        let mut moved = Vec::new();
        for content in ["first", "second", "third"] {
            std::fs::write(&path, content).unwrap();
            moved.push(
                AccountIndex::load(&path)
                    .unwrap()
                    .set_aside
                    .unwrap()
                    .moved_to,
            );
        }
        for (file, content) in moved.iter().zip(["first", "second", "third"]) {
            assert_eq!(std::fs::read_to_string(file).unwrap(), content);
        }
        assert_eq!(dir_names(tmp.path()).len(), 3);
    }

    #[test]
    fn rows_are_tidied_on_load() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("accounts.json");
        AccountIndex {
            version: INDEX_VERSION,
            active: Some("gone".into()),
            accounts: vec![account("b", 7), account("a", 3), account("b", 9)],
        }
        .save(&path)
        .unwrap();
        let index = AccountIndex::load(&path).unwrap().index;
        let rows: Vec<(&str, u32)> = index
            .accounts
            .iter()
            .map(|a| (a.id.as_str(), a.order))
            .collect();
        assert_eq!(rows, [("a", 0), ("b", 1)]);
        assert_eq!(index.active, None);
    }
}
