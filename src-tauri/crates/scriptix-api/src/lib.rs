//! Scriptix v3 API client. See `docs/api-contract.md` for the shapes it accepts.
//!
//! Safety rules, each enforced in one place:
//! - the token is only sent to the base URL's origin, never to download hosts, and only
//!   same-origin redirects are followed, a few hops at most (`transport`);
//! - `http://` is refused unless it is loopback ([`validate_base_url`]);
//! - every id is exactly one percent-encoded path segment (`routes`);
//! - JSON answers are size-capped and downloads are streamed.

mod base_url;
mod client;
mod delete;
mod document_actions;
pub mod error;
mod export;
mod list;
mod login;
pub mod model;
mod options;
mod routes;
pub mod secret;
mod shared;
mod transport;
mod wire;

#[cfg(test)]
mod test_support;
#[cfg(test)]
mod wire_tests;

pub use base_url::validate_base_url;
pub use client::ScriptixClient;
pub use delete::DeleteOutcome;
pub use error::ApiError;
pub use export::{ExportFormat, ExportInfo, Progress};
pub use list::{ListQuery, Page, MAX_PAGES, PAGE_SIZE};
pub use login::{login, login_mfa, microsoft_login_url, LoginStep};
pub use model::{
    Comment, Document, DocumentKind, DocumentSummary, Identity, Organization, Person, Segment,
    Session,
};
pub use options::{AuthStyle, ClientOptions, RetryPolicy};
pub use secret::Secret;
pub use shared::{export_shared_to, fetch_shared_document, SharedLink};
pub use transport::pace::{ObservedLimit, PaceWait, WaitReason};
