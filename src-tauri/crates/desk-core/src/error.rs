//! The one error type that crosses the IPC boundary.
//!
//! Serialized as `{ "kind": "<stable code>", "detail": { "code": "<detail code>", ...params } }`.
//! Rust never writes the words: the UI turns kind + detail into a sentence in the person's
//! language (`ui/src/lib/errors.ts`). Details are codes with values (a file name, a number of
//! seconds, what the disk said), so they can also be stored in the journal and the deletion
//! record and read back by a later version in another language.
//!
//! `Display` (used in logs) prints the detail as compact JSON: a code for support, never a
//! sentence, never a token.

use scriptix_api::ApiError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum DeskError {
    /// The server refused the sign-in or it has expired.
    #[error("auth {0}")]
    Auth(Detail),
    /// This account may not do this.
    #[error("forbidden {0}")]
    Forbidden(Detail),
    #[error("not_found {0}")]
    NotFound(Detail),
    #[error("rate_limited {0}")]
    RateLimited(Detail),
    /// The server could not be reached, or the connection broke.
    #[error("network {0}")]
    Network(Detail),
    /// The server answered with a failure of its own.
    #[error("server {0}")]
    Server(Detail),
    /// The server rejected the request as it was (its message is kept).
    #[error("validation {0}")]
    Validation(Detail),
    /// The OS keyring is missing, locked or refused.
    #[error("keyring {0}")]
    Keyring(Detail),
    /// A backup could not be written or did not verify.
    #[error("backup {0}")]
    Backup(Detail),
    #[error("cancelled {0}")]
    Cancelled(Detail),
    /// Something the person typed or picked is not usable.
    #[error("invalid_input {0}")]
    InvalidInput(Detail),
    /// The app's own files (account list, journal) could not be read or written.
    #[error("storage {0}")]
    Storage(Detail),
    #[error("internal {0}")]
    Internal(Detail),
}

pub type DeskResult<T> = Result<T, DeskError>;

/// What a file operation ran into, kept from [`std::io::ErrorKind`] so decisions (does a
/// bulk job stop?) and words (the UI's) come from the kind, not from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum IoProblem {
    /// Not allowed to write there, or a read-only disk.
    NotAllowed,
    DiskFull,
    /// The folder or file is gone (a USB stick pulled out).
    NotFound,
    Other,
}

impl IoProblem {
    pub fn of(e: &std::io::Error) -> Self {
        Self::from(e.kind())
    }

    /// A problem with the place being written to, which every further file would hit too.
    pub fn is_folder_problem(self) -> bool {
        !matches!(self, IoProblem::Other)
    }
}

impl From<std::io::ErrorKind> for IoProblem {
    fn from(kind: std::io::ErrorKind) -> Self {
        use std::io::ErrorKind as K;
        match kind {
            K::PermissionDenied | K::ReadOnlyFilesystem => IoProblem::NotAllowed,
            K::StorageFull | K::QuotaExceeded => IoProblem::DiskFull,
            K::NotFound => IoProblem::NotFound,
            _ => IoProblem::Other,
        }
    }
}

/// Why a backup is not intact (see [`Detail::NotIntact`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum IntactProblem {
    /// Not a readable zip file: damaged or incomplete.
    NotZip,
    /// Two files with the same name (only one could be checked).
    DuplicateNames,
    /// No list of contents, so not a backup made by this app.
    NoManifest,
    /// The list of contents is damaged.
    ManifestDamaged,
    /// A list of contents that is not this app's.
    NotABackup,
    /// Made by a newer version of the app.
    NewerVersion,
    /// `entry` was changed or damaged since the backup was made.
    EntryChanged,
    /// A file in it has an unreadable name.
    UnreadableName,
    /// A file is in the zip but not in the list of contents, or the other way round.
    ListingMismatch,
    /// The file could not be read from disk (`io` says why).
    Unreadable,
    /// More files than any backup the app makes.
    TooManyEntries,
    /// A file claims a size no backup file can have.
    EntryTooLarge,
    /// The files together claim a size no backup can have.
    TotalTooLarge,
    /// The list of contents is far larger than any the app writes.
    ManifestTooLarge,
    /// Two files share the same stored bytes (a zip bomb by overlap).
    OverlappingEntries,
    /// The zip's table of contents does not match the files stored in it.
    InconsistentHeaders,
    /// A file stored in a way the app never uses (encrypted, unknown compression).
    UnsupportedEntry,
}

/// Which of the app's own files a [`Detail::AppFile`] problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AppFile {
    AccountList,
    Journal,
    DeletionRecord,
    AppFolder,
    Log,
    BackupIndex,
    LibraryCache,
    Settings,
}

/// What the app did with one of its own files when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FileAction {
    Read,
    Write,
    /// A damaged file could not be moved aside.
    MoveAside,
}

/// The detail of an error: a stable code and its values. The UI has a sentence for each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Detail {
    // --- answers from Scriptix
    /// Scriptix did not accept the account's sign-in.
    SignInRefused,
    /// This account is not allowed to do that.
    NotAllowed,
    /// It is no longer on Scriptix.
    Gone,
    /// Scriptix still lists it, marked as deleted.
    DeletedOnScriptix,
    /// Scriptix did not list every session, so the list is not complete.
    ListIncomplete,
    /// Not a Scriptix share link the app can open.
    UnknownLink,
    /// Scriptix is busy; try again after `retry_after_seconds` (or a minute).
    #[serde(rename_all = "camelCase")]
    Busy {
        retry_after_seconds: Option<u32>,
    },
    /// Scriptix's own explanation of a refused request, shown as Scriptix wrote it.
    ServerSaid {
        text: String,
    },
    /// Scriptix had a problem of its own.
    ServerProblem,
    /// Scriptix could not be reached.
    Unreachable,
    /// Scriptix answered in a way the app did not understand.
    UnreadableAnswer,
    /// An item has a name (id) the app cannot use safely.
    UnsafeName,
    /// The server address cannot be used (not https, not a web address).
    ServerAddressUnusable,

    // --- stopping
    /// Stopped before it finished.
    Stopped,
    /// Stopped before it finished; nothing was changed.
    StoppedNothingChanged,
    /// No file was chosen in the save dialog (not an error for the person).
    NoFileChosen,
    NoFolderChosen,
    NoBackupChosen,

    // --- files
    /// A file of the app's own could not be read or written.
    AppFile {
        file: AppFile,
        action: FileAction,
        io: IoProblem,
    },
    /// A file of the app's own is damaged.
    AppFileDamaged {
        file: AppFile,
    },
    /// A file of the app's own was written by a newer version.
    AppFileNewer {
        file: AppFile,
    },
    /// The damaged account list could not be moved aside: too many old copies.
    TooManyOldCopies,
    /// A file the person chose could not be read or written.
    File {
        io: IoProblem,
    },
    /// The backup could not be written (`io` when the disk said why).
    BackupNotWritten {
        io: Option<IoProblem>,
    },
    /// The backup could not be saved at the chosen place.
    BackupNotSaved {
        io: IoProblem,
    },
    /// A file of that name is already there.
    FileExists {
        name: String,
    },
    /// `entry` was not fully written into the backup.
    BackupIncomplete {
        entry: String,
    },
    /// The saved backup is not the file that was written.
    BackupNotAsWritten,
    /// A backup is not intact.
    NotIntact {
        problem: IntactProblem,
        entry: Option<String>,
        io: Option<IoProblem>,
    },
    /// The backup could not be read (or `entry` in it).
    BackupUnreadable {
        entry: Option<String>,
    },
    /// The backup does not contain the session it is for.
    BackupMissingSession,
    /// The job's record points at a different backup file than planned.
    BackupNotPlanned,
    /// The backup file changed after it was made.
    BackupChanged,
    /// It changed on Scriptix while the backup was made, so it was not deleted.
    ChangedDuringBackup,

    // --- accounts and sign-in
    /// That account is no longer set up in the app.
    AccountMissing,
    /// The saved sign-in for `label` is no longer on this computer.
    SignInMissing {
        label: String,
    },
    /// Scriptix no longer accepts the saved sign-in for `label`.
    SignInExpired {
        label: String,
    },
    /// The sign-in in the browser was not finished in time.
    BrowserSignInTimedOut,
    /// Microsoft or Scriptix did not sign the person in (the browser came back with an error).
    BrowserSignInRefused,
    /// Scriptix sent the browser back without a sign-in.
    BrowserSignInEmpty,
    /// The app could not listen on this computer for the browser's answer.
    CannotListen,
    /// The app could not open the web browser.
    CannotOpenBrowser,
    /// Only web addresses can be opened in the browser.
    NotAWebAddress,
    KeyRefused,
    PasswordRefused,
    /// Scriptix did not accept the sign-in it just gave out.
    TokenRefused,
    /// The sign-in belongs to a different Scriptix user (`user`).
    DifferentUser {
        user: String,
    },
    PracticeNeedsNoSignIn,
    MissingApiKey,
    MissingEmail,
    MissingPassword,
    MissingCode,
    /// A sign-in waiting for its code waited too long or was already finished.
    CodeExpired,
    /// The code was refused; type the newest one.
    CodeRefused,
    /// The code was refused too many times; start again.
    CodeRefusedTooOften,
    MissingLabel,
    /// The account name is longer than `max` characters.
    LabelTooLong {
        max: u32,
    },
    LabelHasLineBreaks,
    /// The new order names an account twice.
    OrderRepeats,

    // --- the password store
    /// The password store is not running or is locked.
    KeyringUnavailable,
    /// The saved sign-in in the password store is damaged.
    KeyringDamaged,
    /// The sign-in is too long for the password store.
    KeyringTooLong,
    /// The password store did not give back what the app saved.
    KeyringNotReadBack,
    /// Any other password-store failure: try again.
    KeyringFailed,

    // --- bulk jobs
    ChooseFolderFirst,
    FolderNotFound,
    NothingSelected,
    NothingFailed,
    /// That is not a job of this app.
    UnknownJob,
    JobMissing,
    /// The job is running already (in this window, or in another copy of the app): it
    /// cannot be started or resumed a second time while it runs.
    JobAlreadyRunning,
    /// "Open folder"/"Open backup" named a file this app did not write.
    NotAppFile,
    /// The system could not open the folder (no file manager).
    CannotOpenFolder,

    // --- the app itself (for support: the person can only try again)
    /// A background task of the app stopped unexpectedly.
    TaskStopped,
    PracticeServerFailed,
    LoggingStarted,
    /// Something inside the app did not work (`what` names it for support).
    Bug {
        what: String,
    },
}

impl std::fmt::Display for Detail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_string(self) {
            Ok(json) => f.write_str(&json),
            Err(_) => write!(f, "{self:?}"),
        }
    }
}

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

    pub fn detail(&self) -> &Detail {
        match self {
            DeskError::Auth(d)
            | DeskError::Forbidden(d)
            | DeskError::NotFound(d)
            | DeskError::RateLimited(d)
            | DeskError::Network(d)
            | DeskError::Server(d)
            | DeskError::Validation(d)
            | DeskError::Keyring(d)
            | DeskError::Backup(d)
            | DeskError::Cancelled(d)
            | DeskError::InvalidInput(d)
            | DeskError::Storage(d)
            | DeskError::Internal(d) => d,
        }
    }

    /// The file problem behind this error, if it came from the disk.
    pub fn io_problem(&self) -> Option<IoProblem> {
        match self.detail() {
            Detail::AppFile { io, .. }
            | Detail::File { io }
            | Detail::BackupNotSaved { io }
            | Detail::BackupNotWritten { io: Some(io) } => Some(*io),
            _ => None,
        }
    }

    /// Something inside the app went wrong; `what` is for support, in the log and on screen
    /// as a code.
    pub fn bug(what: impl Into<String>) -> Self {
        DeskError::Internal(Detail::Bug { what: what.into() })
    }

    /// A failed read or write of one of the app's own files.
    pub fn app_file(file: AppFile, action: FileAction, e: &std::io::Error) -> Self {
        DeskError::Storage(Detail::AppFile {
            file,
            action,
            io: IoProblem::of(e),
        })
    }
}

impl From<ApiError> for DeskError {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Unauthorized { .. } => DeskError::Auth(Detail::SignInRefused),
            ApiError::Forbidden { .. } => DeskError::Forbidden(Detail::NotAllowed),
            ApiError::NotFound { .. } => DeskError::NotFound(Detail::Gone),
            ApiError::RateLimited { retry_after, .. } => DeskError::RateLimited(Detail::Busy {
                retry_after_seconds: retry_after
                    .map(|d| u32::try_from(d.as_secs().max(1)).unwrap_or(u32::MAX)),
            }),
            ApiError::Validation { message, .. } => {
                DeskError::Validation(Detail::ServerSaid { text: message })
            }
            ApiError::Server { .. } => DeskError::Server(Detail::ServerProblem),
            ApiError::Network { .. } => DeskError::Network(Detail::Unreachable),
            ApiError::InvalidBaseUrl { .. } => {
                DeskError::InvalidInput(Detail::ServerAddressUnusable)
            }
            ApiError::Deleted { .. } => DeskError::NotFound(Detail::DeletedOnScriptix),
            ApiError::ListIncomplete { .. } => DeskError::Server(Detail::ListIncomplete),
            ApiError::UnknownLink { .. } => DeskError::InvalidInput(Detail::UnknownLink),
            ApiError::InvalidId { .. } => DeskError::InvalidInput(Detail::UnsafeName),
            ApiError::Decode { .. } => DeskError::Server(Detail::UnreadableAnswer),
            ApiError::Write { .. } => DeskError::Backup(Detail::BackupNotWritten { io: None }),
            ApiError::Cancelled => DeskError::Cancelled(Detail::Stopped),
        }
    }
}

impl From<std::io::Error> for DeskError {
    fn from(e: std::io::Error) -> Self {
        DeskError::Storage(Detail::File {
            io: IoProblem::of(&e),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crosses_as_kind_and_detail_code_with_values() {
        let e = DeskError::RateLimited(Detail::Busy {
            retry_after_seconds: Some(3),
        });
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"kind": "rate_limited", "detail": {"code": "busy", "retryAfterSeconds": 3}})
        );
        let e = DeskError::Storage(Detail::AppFile {
            file: AppFile::Journal,
            action: FileAction::Write,
            io: IoProblem::DiskFull,
        });
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"storage","detail":{"code":"app_file","file":"journal","action":"write","io":"disk_full"}}"#
        );
        assert_eq!(serde_json::from_str::<DeskError>(&json).unwrap(), e);
    }

    #[test]
    fn io_kinds_are_kept_not_flattened_to_words() {
        use std::io::ErrorKind as K;
        assert_eq!(IoProblem::from(K::StorageFull), IoProblem::DiskFull);
        assert_eq!(
            IoProblem::from(K::ReadOnlyFilesystem),
            IoProblem::NotAllowed
        );
        assert_eq!(IoProblem::from(K::NotFound), IoProblem::NotFound);
        assert_eq!(IoProblem::from(K::InvalidData), IoProblem::Other);
        let e = DeskError::from(std::io::Error::from(K::QuotaExceeded));
        assert_eq!(e.io_problem(), Some(IoProblem::DiskFull));
    }
}
