//! The one error type that crosses the IPC boundary.
//!
//! Serialized as `{ "kind": "<stable code>", "message": "<plain words>" }`. The UI picks its
//! own translated text from `kind` and may show `message` as the detail, so messages are
//! written for office staff: no status codes, no Rust debug text, never a token.

use scriptix_api::ApiError;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, specta::Type)]
#[serde(tag = "kind", content = "message", rename_all = "snake_case")]
pub enum DeskError {
    /// The server refused the sign-in or it has expired.
    #[error("{0}")]
    Auth(String),
    /// This account may not do this.
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    RateLimited(String),
    /// The server could not be reached, or the connection broke.
    #[error("{0}")]
    Network(String),
    /// The server answered with a failure of its own.
    #[error("{0}")]
    Server(String),
    /// The server rejected the request as it was (its message is kept).
    #[error("{0}")]
    Validation(String),
    /// The OS keyring is missing, locked or refused.
    #[error("{0}")]
    Keyring(String),
    /// A backup could not be written or did not verify.
    #[error("{0}")]
    Backup(String),
    #[error("{0}")]
    Cancelled(String),
    /// Something the person typed or picked is not usable.
    #[error("{0}")]
    InvalidInput(String),
    /// The app's own files (account list, journal) could not be read or written.
    #[error("{0}")]
    Storage(String),
    #[error("{0}")]
    Internal(String),
}

pub type DeskResult<T> = Result<T, DeskError>;

impl DeskError {
    /// The stable code, as the UI sees it in `kind`.
    pub fn code(&self) -> &'static str {
        match self {
            DeskError::Auth(_) => "auth",
            DeskError::Forbidden(_) => "forbidden",
            DeskError::NotFound(_) => "not_found",
            DeskError::RateLimited(_) => "rate_limited",
            DeskError::Network(_) => "network",
            DeskError::Server(_) => "server",
            DeskError::Validation(_) => "validation",
            DeskError::Keyring(_) => "keyring",
            DeskError::Backup(_) => "backup",
            DeskError::Cancelled(_) => "cancelled",
            DeskError::InvalidInput(_) => "invalid_input",
            DeskError::Storage(_) => "storage",
            DeskError::Internal(_) => "internal",
        }
    }
}

impl From<ApiError> for DeskError {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Unauthorized { .. } => {
                DeskError::Auth("Scriptix did not accept this account's sign-in.".into())
            }
            ApiError::Forbidden { .. } => {
                DeskError::Forbidden("This account is not allowed to do that.".into())
            }
            ApiError::NotFound { .. } => DeskError::NotFound("It is no longer on Scriptix.".into()),
            ApiError::Deleted { .. } => DeskError::NotFound("It was deleted on Scriptix.".into()),
            ApiError::ListIncomplete { .. } => DeskError::Server(
                "Scriptix did not list every session, so the list is not complete.".into(),
            ),
            ApiError::UnknownLink { .. } => DeskError::InvalidInput(
                "That is not a Scriptix share link the app can open. Copy the link again from Scriptix."
                    .into(),
            ),
            ApiError::RateLimited { retry_after, .. } => {
                DeskError::RateLimited(match retry_after {
                    Some(d) => format!(
                        "Scriptix is busy. Try again in {} seconds.",
                        d.as_secs().max(1)
                    ),
                    None => "Scriptix is busy. Try again in a minute.".into(),
                })
            }
            ApiError::Validation { message, .. } => DeskError::Validation(message),
            ApiError::Server { .. } => {
                DeskError::Server("Scriptix had a problem of its own. Try again later.".into())
            }
            ApiError::Network { .. } => DeskError::Network(
                "Scriptix could not be reached. Check the internet connection.".into(),
            ),
            ApiError::InvalidBaseUrl { message } => DeskError::InvalidInput(message),
            ApiError::InvalidId { .. } => {
                DeskError::InvalidInput("That item has a name the app cannot use safely.".into())
            }
            ApiError::Decode { .. } => {
                DeskError::Server("Scriptix answered in a way the app did not understand.".into())
            }
            ApiError::Write { message } => DeskError::Backup(message),
            ApiError::Cancelled => DeskError::Cancelled("Stopped before it finished.".into()),
        }
    }
}

impl From<std::io::Error> for DeskError {
    fn from(e: std::io::Error) -> Self {
        DeskError::Storage(crate::fsutil::plain_io_message(&e))
    }
}
