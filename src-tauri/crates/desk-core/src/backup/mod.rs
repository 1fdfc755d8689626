//! Backups: one `.zip` a person can open anywhere, written durably and verified by reading
//! it back before anything is deleted. The format is described in `docs/backup-format.md`.
//!
//! - [`BackupWriter`] streams files into a new zip with flat memory and only gives it its
//!   final name once it is complete and synced;
//! - [`verify`] re-reads every file and compares it with the manifest's SHA-256, in one pass
//!   that also checks the whole zip's SHA-256;
//! - [`open_backup`] shows a verified backup's transcripts offline;
//! - [`back_up_sessions`] fetches sessions from Scriptix into a verified backup, one request
//!   per document, rendering the readable copies itself.

mod bounds;
pub mod collect;
mod digest;
mod flusher;
mod hash_thread;
pub mod layout;
pub mod manifest;
pub mod names;
pub mod reader;
pub mod readme;
mod render;
pub mod verify;
mod worker;
pub mod writer;

pub use collect::{back_up_sessions, BackupProgress};
pub use manifest::{
    AccountMeta, CommentRecord, DocumentRecord, FileRecord, Manifest, SessionRecord, FORMAT,
    FORMAT_VERSION, MANIFEST_PATH,
};
pub use names::safe_name;
pub use reader::{
    open_backup, BackupCommentView, BackupDocumentView, BackupSegmentView, BackupSessionView,
    BackupView,
};
pub use readme::README_PATH;
pub use verify::{verify, verify_cancellable, verify_written, VerifiedBackup};
pub use writer::{BackupWriter, EntryKind, EntryWriter, FinishedBackup};
