//! Listing sessions, page by page.

use futures_util::Stream;
use reqwest::Method;
use serde_json::Value;

use crate::model::Session;
use crate::transport::Call;
use crate::{routes, wire, ApiError, ScriptixClient};

/// The largest page the server hands out.
pub const PAGE_SIZE: u32 = 100;

/// Search and order for a session list.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ListQuery {
    /// Free text (`q`).
    pub search: Option<String>,
    /// A field name such as `created_at` or `last_modified`; which ones work is not documented.
    pub sort: Option<String>,
    /// Sent as `direction` together with `sort`; without a sort the server's own order
    /// (newest first) applies.
    pub descending: bool,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// Deleted rows are already left out, so this may be shorter than the page was.
    pub items: Vec<T>,
    /// `total_results`, when the server says.
    pub total: Option<u64>,
    pub offset: u32,
    pub limit: u32,
}

impl ScriptixClient {
    /// One page of sessions starting at `offset`.
    pub async fn list_sessions_page(
        &self,
        q: &ListQuery,
        offset: u32,
        limit: u32,
    ) -> Result<Page<Session>, ApiError> {
        Ok(self.fetch_page(q, offset, limit).await?.0)
    }

    /// Every session, a page (of [`PAGE_SIZE`]) at a time. Ends after a short page, or when
    /// `total_results` is reached, or after the first error.
    pub fn sessions(
        &self,
        q: ListQuery,
    ) -> impl Stream<Item = Result<Page<Session>, ApiError>> + Send + '_ {
        futures_util::stream::unfold(Some((q, 0u32)), move |state| async move {
            let (q, offset) = state?;
            match self.fetch_page(&q, offset, PAGE_SIZE).await {
                Ok((page, rows)) => {
                    let next = offset.saturating_add(rows);
                    let more = rows >= PAGE_SIZE
                        && next > offset
                        && page.total.is_none_or(|total| u64::from(next) < total);
                    Some((Ok(page), more.then_some((q, next))))
                }
                Err(e) => Some((Err(e), None)),
            }
        })
    }

    /// The page, and how many rows the server sent (deleted ones included), which is what
    /// paging must count.
    async fn fetch_page(
        &self,
        q: &ListQuery,
        offset: u32,
        limit: u32,
    ) -> Result<(Page<Session>, u32), ApiError> {
        let (offset_s, limit_s) = (offset.to_string(), limit.to_string());
        let mut query = vec![("offset", offset_s.as_str()), ("limit", limit_s.as_str())];
        if let Some(search) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            query.push(("q", search));
        }
        if let Some(sort) = q.sort.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            query.push(("sort", sort));
            query.push(("direction", if q.descending { "desc" } else { "asc" }));
        }
        let url = self.transport.url(&routes::sessions(), &query);
        let body = self.transport.json(&Call::api(Method::GET, url)).await?;
        let (rows, total) = wire::list(body, "the session list")?;
        let sent = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        let items = rows
            .iter()
            .filter_map(Value::as_object)
            .filter(|row| !crate::model::is_deleted(row))
            .filter_map(|row| {
                let session = Session::read(row);
                if session.is_none() {
                    tracing::warn!("skipping a session without an id in the list");
                }
                session
            })
            .collect();
        Ok((
            Page {
                items,
                total,
                offset,
                limit,
            },
            sent,
        ))
    }
}
