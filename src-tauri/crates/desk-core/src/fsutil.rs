//! Durable file writes: temp file in the target folder, fsync, rename, fsync the folder.
//!
//! A reader (or a crash) sees either the old file or the complete new one, never half.
//!
//! Everything the app keeps for itself (config, data, logs, journals, audit log, caches) is
//! private to the person: folders 0700 and files 0600 on Unix, from the moment they are
//! created (no window where they are readable by others). Temp files are created exclusively
//! (`create_new`), so a file planted under a temp name is never written through.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Folder mode for the app's own folders (Unix).
pub const PRIVATE_DIR_MODE: u32 = 0o700;
/// File mode for the app's own files (Unix).
pub const PRIVATE_FILE_MODE: u32 = 0o600;

/// Creates `dir` and any missing parents as private folders, and makes `dir` itself private
/// if it already existed (an older version may have created it readable by others).
pub fn create_private_dir_all(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(PRIVATE_DIR_MODE);
        builder.create(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(PRIVATE_DIR_MODE))
    }
    #[cfg(not(unix))]
    {
        builder.create(dir)
    }
}

/// Open options that create files private to the person (0600 on Unix).
pub fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(PRIVATE_FILE_MODE);
    }
    options
}

/// Makes an existing file private (for files a library created with default permissions).
pub fn make_private(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(PRIVATE_FILE_MODE))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// Creates a new private file for writing; fails if anything already has that name.
pub fn create_new_private(path: &Path) -> std::io::Result<File> {
    private_options().write(true).create_new(true).open(path)
}

/// Write `bytes` to `path` atomically and durably; the file is private to the person.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_path_for(path);
    let result = (|| {
        let mut f = create_new_private(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        sync_dir(path.parent().unwrap_or(Path::new(".")))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A hidden sibling name that no reader mistakes for the finished file.
pub fn temp_path_for(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unique = uuid::Uuid::new_v4().simple().to_string();
    path.with_file_name(format!(".{name}.{}.partial", &unique[..8]))
}

/// fsync a directory so a rename inside it survives a power cut (no-op where unsupported).
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("index.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
