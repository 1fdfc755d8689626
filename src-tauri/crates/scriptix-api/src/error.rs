//! What can go wrong talking to Scriptix, as the client's callers need to tell it apart.
//!
//! "Already gone" is *not* an error: deletes return [`crate::DeleteOutcome::AlreadyGone`].

use std::time::Duration;

#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum ApiError {
    /// 401: the token was refused or has expired.
    #[error("unauthorized: {message}")]
    Unauthorized { message: String },
    /// 403: this identity may not do this.
    #[error("forbidden: {message}")]
    Forbidden { message: String },
    /// 404 on anything but a delete.
    #[error("not found: {message}")]
    NotFound { message: String },
    /// The server still returns the object but flags it `is_deleted: true`: it is gone
    /// (a soft delete keeps the record). Nothing of it should be backed up.
    #[error("deleted on the server: {what}")]
    Deleted { what: String },
    /// 429, after the client's own retries ran out.
    #[error("rate limited: {message}")]
    RateLimited {
        retry_after: Option<Duration>,
        message: String,
    },
    /// 400/409/415/422 with the server's own message.
    #[error("rejected ({status}): {message}")]
    Validation { status: u16, message: String },
    /// 5xx after retries.
    #[error("server error ({status}): {message}")]
    Server { status: u16, message: String },
    /// Connect failure, reset, timeout, TLS, body cut off.
    #[error("network: {message}")]
    Network { message: String },
    /// The base URL is not https (and not loopback), or does not parse.
    #[error("invalid server address: {message}")]
    InvalidBaseUrl { message: String },
    /// An id that could not be made into one safe path segment (empty, `.` or `..`).
    #[error("invalid id: {message}")]
    InvalidId { message: String },
    /// A pasted link is not a share link in any form the client knows.
    #[error("not a share link: {message}")]
    UnknownLink { message: String },
    /// The answer was not in any shape the client understands.
    #[error("unexpected answer: {message}")]
    Decode { message: String },
    /// Writing a download to its destination failed (disk full, closed pipe, ...).
    #[error("could not write download: {message}")]
    Write { message: String },
    /// A list could not be read to its end: the pages ran out before the total the server
    /// announced, or the list went on past the client's page cap. What was read is not
    /// the whole list.
    #[error("the list could not be read to its end ({listed} read, {total:?} announced)")]
    ListIncomplete { listed: u64, total: Option<u64> },
    /// The caller cancelled the operation.
    #[error("cancelled")]
    Cancelled,
}
