//! Scriptix v3 API client. See `docs/api-contract.md` for the shapes it accepts.

pub mod error;
pub mod secret;

pub use error::ApiError;
pub use secret::Secret;
