//! Saving a single readable file ("Export as…") and naming files the person saves.

use std::path::{Path, PathBuf};

use scriptix_api::{ExportFormat, ScriptixClient};
use tokio::io::AsyncWriteExt;

use crate::backup::VerifiedBackup;
use crate::error::IoProblem;
use crate::fsutil::{sync_dir, temp_path_for};
use crate::{DeskError, DeskResult, Detail};

/// Where the person chose to save a backup, and whether they chose to replace the file
/// already there (the save dialog asked them to confirm that).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveTarget {
    pub path: PathBuf,
    pub replace: bool,
}

impl SaveTarget {
    /// A path the save dialog returned: a file already there was confirmed for replacing.
    pub fn chosen(path: PathBuf) -> Self {
        let replace = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
        SaveTarget { path, replace }
    }
}

/// A new file only: a backup never replaces anything unasked.
impl From<PathBuf> for SaveTarget {
    fn from(path: PathBuf) -> Self {
        SaveTarget {
            path,
            replace: false,
        }
    }
}

/// Makes a backup with `make` at `target`. A plain target is written directly (the writer
/// refuses an existing file). A target that replaces a file is first written and verified
/// under a fresh hidden name beside it, and only then renamed over the old file, in one
/// atomic step: if anything fails, the old file is still there, untouched.
pub async fn back_up_to<F, Fut>(target: &SaveTarget, make: F) -> DeskResult<VerifiedBackup>
where
    F: FnOnce(PathBuf) -> Fut,
    Fut: std::future::Future<Output = DeskResult<VerifiedBackup>>,
{
    if !target.replace {
        return make(target.path.clone()).await;
    }
    let staged = staging_path(&target.path);
    let mut verified = match make(staged.clone()).await {
        Ok(verified) => verified,
        Err(e) => {
            // Whatever got written under the staging name goes; the chosen file stays.
            let _ = std::fs::remove_file(&staged);
            return Err(e);
        }
    };
    let put = std::fs::rename(&staged, &target.path)
        .and_then(|()| sync_dir(target.path.parent().unwrap_or(Path::new("."))));
    if let Err(e) = put {
        let _ = std::fs::remove_file(&staged);
        return Err(DeskError::Backup(Detail::BackupNotSaved {
            io: IoProblem::of(&e),
        }));
    }
    verified.path = target.path.clone();
    Ok(verified)
}

/// A hidden, unique `.zip` name next to `path` for a backup that will replace it.
fn staging_path(path: &Path) -> PathBuf {
    let partial = temp_path_for(path);
    partial.with_extension("zip")
}

/// Export one document as a readable file at `path`: written to a temp file in the same
/// folder, synced, then renamed, so a half-written file never carries the final name.
pub async fn export_file(
    client: &ScriptixClient,
    session_id: &str,
    document_id: &str,
    format: ExportFormat,
    path: &Path,
) -> DeskResult<()> {
    let io = |e: std::io::Error| {
        DeskError::Backup(Detail::BackupNotSaved {
            io: IoProblem::of(&e),
        })
    };
    let tmp = temp_path_for(path);
    let result = async {
        // Exclusively: a file already under the temp name is never written through.
        let mut file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .await
            .map_err(io)?;
        client
            .export_to(session_id, document_id, format, &mut file, &|_| {})
            .await?;
        file.flush().await.map_err(io)?;
        file.sync_all().await.map_err(io)?;
        drop(file);
        tokio::fs::rename(&tmp, path).await.map_err(io)?;
        sync_dir(path.parent().unwrap_or(Path::new("."))).map_err(io)
    }
    .await;
    if result.is_err() {
        let _ = tokio::fs::remove_file(&tmp).await;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A backup that fails after writing under its staging name leaves the file the person
    /// chose to replace exactly as it was, and no staging file behind.
    #[tokio::test]
    async fn a_failed_replacement_leaves_the_chosen_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let chosen = dir.path().join("Meeting backup.zip");
        std::fs::write(&chosen, b"older").unwrap();
        let target = SaveTarget::chosen(chosen.clone());
        assert!(target.replace);
        let r = back_up_to(&target, |staged| async move {
            assert_ne!(staged, chosen, "written beside it, not over it");
            std::fs::write(&staged, b"half a backup").unwrap();
            Err(DeskError::Backup(Detail::ChangedDuringBackup))
        })
        .await;
        assert!(r.is_err());
        assert_eq!(
            std::fs::read(dir.path().join("Meeting backup.zip")).unwrap(),
            b"older"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn only_an_existing_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!SaveTarget::chosen(dir.path().join("new.zip")).replace);
        assert!(!SaveTarget::from(dir.path().join("x.zip")).replace);
        std::fs::write(dir.path().join("x.zip"), b"x").unwrap();
        assert!(SaveTarget::chosen(dir.path().join("x.zip")).replace);
        assert!(
            !SaveTarget::from(dir.path().join("x.zip")).replace,
            "never unasked"
        );
    }
}
