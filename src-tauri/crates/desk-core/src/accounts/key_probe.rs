//! Which header an API key goes in. The docs disagree (`Authorization: Bearer` on the
//! newer pages, `x-zoom-s2t-key` on the older ones, "either" on one), and office staff
//! cannot be asked to know, so the app finds out: Bearer first, then the key header, and
//! it keeps the first one Scriptix accepts.
//!
//! `/account/me` is undocumented and may be closed to keys (a key with "scoped
//! permissions"): a 403, 404 or 405 there is not a refusal of the key. Then one page of
//! one session is asked for: a 401 there means this header is refused; anything else
//! means the key works in it, and the account is added with its identity unknown.

use scriptix_api::{ApiError, ListQuery, Secret};

use super::model::{AccountAuthStyle, IdentitySummary};
use super::service::AccountService;
use crate::{DeskError, DeskResult, Detail};

impl AccountService {
    /// The header style Scriptix accepts `key` in, and who it belongs to (empty when
    /// `/account/me` will not say). `Auth(refused)` when neither header works.
    pub(super) async fn identify_key(
        &self,
        server: &str,
        key: &Secret,
        refused: Detail,
    ) -> DeskResult<(AccountAuthStyle, IdentitySummary)> {
        for style in [AccountAuthStyle::Bearer, AccountAuthStyle::ApiKey] {
            let client = self.build_client(server, key.clone(), style)?;
            match client.me().await {
                Ok(me) => return Ok((style, IdentitySummary::from(&me))),
                Err(ApiError::Unauthorized { .. }) => continue,
                Err(
                    ApiError::Forbidden { .. }
                    | ApiError::NotFound { .. }
                    | ApiError::Validation { status: 405, .. },
                ) => {}
                Err(e) => return Err(e.into()),
            }
            match client.list_sessions_page(&ListQuery::default(), 0, 1).await {
                Ok(_) | Err(ApiError::Forbidden { .. }) => {
                    return Ok((style, IdentitySummary::default()))
                }
                Err(ApiError::Unauthorized { .. }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(DeskError::Auth(refused))
    }
}
