//! Reading answers: JSON into memory under a cap, files to a writer chunk by chunk, every
//! read under the request's [`Deadline`].

use bytes::Bytes;
use reqwest::Response;
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::{Semaphore, SemaphorePermit};

use super::deadline::Deadline;
use super::{failure, Answer};
use crate::{ApiError, Progress};

/// Progress is reported at most once per this many bytes (plus at start and end), so
/// a fast download does not flood the UI with events.
const PROGRESS_STEP: u64 = 256 * 1024;

/// The next chunk of the body, if it comes before the deadline. `received` is what came
/// before it (it earns time, see [`Deadline`]).
async fn next_chunk(answer: &mut Answer, received: u64) -> Result<Option<Bytes>, ApiError> {
    let deadline = answer.deadline;
    let response = &mut answer.response;
    deadline
        .within(received, async {
            response.chunk().await.map_err(failure::from_reqwest)
        })
        .await
}

/// A JSON body up to this size is read by every request in flight at once. A larger one
/// (a transcript of many hours with word timings) first takes one of a few slots
/// (`Transport::large_json`), held until it is parsed: a parsed JSON tree takes several
/// times its text, so eight requests each holding a 32 MiB answer at once could take
/// gigabytes. 4 MiB leaves ordinary documents (a few hundred KiB an hour of speech) all
/// in parallel, so bulk jobs keep their pace.
pub(crate) const SMALL_JSON: usize = 4 * 1024 * 1024;
/// Large JSON bodies read and parsed at once, client-wide.
pub(crate) const LARGE_JSON_AT_ONCE: usize = 2;

/// The whole body, refusing (without reading on) anything larger than `cap`, and the
/// large-body slot it took if it is larger than [`SMALL_JSON`] (keep it until the body is
/// parsed). A length announced up front reserves exactly that, so a body near the cap
/// never takes twice the memory by doubling its buffer.
pub(crate) async fn read_capped<'a>(
    answer: &mut Answer,
    cap: usize,
    large: &'a Semaphore,
) -> Result<(Vec<u8>, Option<SemaphorePermit<'a>>), ApiError> {
    let cap_u64 = u64::try_from(cap).unwrap_or(u64::MAX);
    let announced = answer.response.content_length();
    if announced.is_some_and(|len| len > cap_u64) {
        return Err(too_large(cap));
    }
    let take_slot = || async { large.acquire().await.map_err(|_| ApiError::Cancelled) };
    let mut slot = None;
    if announced.is_some_and(|len| len > SMALL_JSON as u64) {
        slot = Some(take_slot().await?);
    }
    let mut buf = Vec::new();
    if let Some(len) = announced {
        buf.reserve_exact(usize::try_from(len).unwrap_or(cap));
    }
    while let Some(chunk) = next_chunk(answer, buf.len() as u64).await? {
        if buf.len() + chunk.len() > cap {
            return Err(too_large(cap));
        }
        if slot.is_none() && buf.len() + chunk.len() > SMALL_JSON {
            slot = Some(take_slot().await?);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok((buf, slot))
}

/// Up to about `limit` bytes from the start of the body, and whether that was all of it.
pub(crate) async fn read_prefix(
    answer: &mut Answer,
    limit: usize,
) -> Result<(Vec<u8>, bool), ApiError> {
    let mut buf = Vec::new();
    while buf.len() < limit {
        match next_chunk(answer, buf.len() as u64).await? {
            Some(chunk) => buf.extend_from_slice(&chunk),
            None => return Ok((buf, true)),
        }
    }
    Ok((buf, false))
}

/// Best effort, for error bodies: whatever arrives within `cap` and before `deadline`,
/// never an error.
pub(crate) async fn read_lossy(mut resp: Response, cap: usize, deadline: Deadline) -> Vec<u8> {
    let mut buf = Vec::new();
    while let Ok(Some(chunk)) = deadline
        .within(0, async {
            resp.chunk().await.map_err(failure::from_reqwest)
        })
        .await
    {
        let room = cap.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if buf.len() >= cap {
            break;
        }
    }
    buf
}

/// Writes `prefix` and then the rest of the body to `out`, one chunk at a time, so memory
/// stays flat whatever the size. Returns the bytes written. A body longer than `limit`
/// is refused as soon as it passes it, before the excess is written.
pub(crate) async fn copy_to<W>(
    answer: &mut Answer,
    prefix: &[u8],
    out: &mut W,
    total: Option<u64>,
    limit: u64,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<u64, ApiError>
where
    W: AsyncWrite + Unpin + Send + ?Sized,
{
    if answer
        .response
        .content_length()
        .is_some_and(|len| len > limit)
    {
        return Err(longer_than_announced());
    }
    let mut bytes = 0u64;
    let mut reported = 0u64;
    progress(Progress { bytes, total });
    if prefix.len() as u64 > limit {
        return Err(longer_than_announced());
    }
    if !prefix.is_empty() {
        write(out, prefix).await?;
        bytes += prefix.len() as u64;
    }
    while let Some(chunk) = next_chunk(answer, bytes).await? {
        if bytes + chunk.len() as u64 > limit {
            return Err(longer_than_announced());
        }
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

fn longer_than_announced() -> ApiError {
    ApiError::Decode {
        message: "the download is larger than the server said it would be".into(),
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
