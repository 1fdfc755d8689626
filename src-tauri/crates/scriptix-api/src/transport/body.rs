//! Reading answers: JSON into memory under a cap, files to a writer chunk by chunk.

use reqwest::Response;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::failure;
use crate::{ApiError, Progress};

/// Progress is reported at most once per this many bytes (plus at start and end), so
/// a fast download does not flood the UI with events.
const PROGRESS_STEP: u64 = 256 * 1024;

/// The whole body, refusing (without reading on) anything larger than `cap`.
pub(crate) async fn read_capped(resp: &mut Response, cap: usize) -> Result<Vec<u8>, ApiError> {
    let cap_u64 = u64::try_from(cap).unwrap_or(u64::MAX);
    if resp.content_length().is_some_and(|len| len > cap_u64) {
        return Err(too_large(cap));
    }
    let mut buf = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(failure::from_reqwest)? {
        if buf.len() + chunk.len() > cap {
            return Err(too_large(cap));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

/// Up to about `limit` bytes from the start of the body, and whether that was all of it.
pub(crate) async fn read_prefix(
    resp: &mut Response,
    limit: usize,
) -> Result<(Vec<u8>, bool), ApiError> {
    let mut buf = Vec::new();
    while buf.len() < limit {
        match resp.chunk().await.map_err(failure::from_reqwest)? {
            Some(chunk) => buf.extend_from_slice(&chunk),
            None => return Ok((buf, true)),
        }
    }
    Ok((buf, false))
}

/// Best effort, for error bodies: whatever arrives within `cap`, never an error.
pub(crate) async fn read_lossy(mut resp: Response, cap: usize) -> Vec<u8> {
    let mut buf = Vec::new();
    while let Ok(Some(chunk)) = resp.chunk().await {
        let room = cap.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if buf.len() >= cap {
            break;
        }
    }
    buf
}

/// Writes `prefix` and then the rest of the body to `out`, one chunk at a time, so memory
/// stays flat whatever the size. Returns the bytes written.
pub(crate) async fn copy_to<W>(
    resp: &mut Response,
    prefix: &[u8],
    out: &mut W,
    total: Option<u64>,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<u64, ApiError>
where
    W: AsyncWrite + Unpin + Send + ?Sized,
{
    let mut bytes = 0u64;
    let mut reported = 0u64;
    progress(Progress { bytes, total });
    if !prefix.is_empty() {
        write(out, prefix).await?;
        bytes += prefix.len() as u64;
    }
    while let Some(chunk) = resp.chunk().await.map_err(failure::from_reqwest)? {
        write(out, &chunk).await?;
        bytes += chunk.len() as u64;
        if bytes - reported >= PROGRESS_STEP {
            reported = bytes;
            progress(Progress { bytes, total });
        }
    }
    out.flush().await.map_err(write_error)?;
    if reported != bytes {
        progress(Progress { bytes, total });
    }
    Ok(bytes)
}

async fn write<W: AsyncWrite + Unpin + ?Sized>(out: &mut W, data: &[u8]) -> Result<(), ApiError> {
    out.write_all(data).await.map_err(write_error)
}

fn write_error(err: std::io::Error) -> ApiError {
    ApiError::Write {
        message: err.to_string(),
    }
}

fn too_large(cap: usize) -> ApiError {
    ApiError::Decode {
        message: format!(
            "the server's answer is larger than the {} MiB limit",
            cap.div_ceil(1024 * 1024)
        ),
    }
}
