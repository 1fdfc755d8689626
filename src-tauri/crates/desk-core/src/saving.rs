//! Saving a single readable file ("Export as…") and naming files the person saves.

use std::path::Path;

use scriptix_api::{ExportFormat, ScriptixClient};
use tokio::io::AsyncWriteExt;

use crate::error::IoProblem;
use crate::fsutil::{sync_dir, temp_path_for};
use crate::{DeskError, DeskResult, Detail};

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
        let mut file = tokio::fs::File::create(&tmp).await.map_err(io)?;
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
