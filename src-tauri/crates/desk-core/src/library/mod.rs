//! The library: what the active account holds, as the UI shows it.
//!
//! Sessions are loaded page by page into a per-account cache in the background; the UI asks
//! for windows of rows (search, filters and sort applied here), so a 100,000-session account
//! scrolls smoothly and switching accounts back and forth costs nothing. Every row carries
//! the actions Rust allows (see `permissions`), and what the app learns — an item deleted,
//! already gone, or refused with a 403 — is applied to every later answer at once.

mod cache;
mod knowledge;
mod query;
mod record;
mod refusal;
mod remote;
mod search;
mod shared;
mod store;
mod views;

pub use cache::{AccountListing, Library, LoadProgress};
pub use knowledge::{ItemKey, Knowledge};
pub use query::{KindFilter, LibraryQuery, SortKey};
pub use refusal::learn_from_refusal;
pub use remote::document_comments;
pub use views::{
    document_view, CommentView, DocumentRow, DocumentView, LibraryWindow, SegmentView, SessionRow,
};
