//! Listing sessions, page by page.

use futures_util::Stream;
use reqwest::Method;
use serde_json::Value;

use crate::model::Session;
use crate::transport::Call;
use crate::{routes, wire, ApiError, ScriptixClient};

/// The page size asked for: the largest the docs allow. A server may send fewer.
pub const PAGE_SIZE: u32 = 100;

/// Pages a whole listing may take before the client stops and says the list did not end:
/// two million sessions at 100 a page, or 200,000 from a server that hands out 10.
pub const MAX_PAGES: u32 = 20_000;

#[derive(Clone, Copy)]
struct Paging {
    /// Rows the server sent so far (deleted ones included): the next `offset`.
    offset: u32,
    pages: u32,
}

#[derive(Debug, PartialEq, Eq)]
enum PageEnd {
    More,
    Done,
    /// An empty page although the server still counts this many.
    ShortOf(u64),
}

/// Whether paging goes on after a page of `rows` rows that brought the count to `read`.
fn page_end(rows: u32, read: u32, total: Option<u64>) -> PageEnd {
    match (rows, total) {
        (0, Some(total)) if u64::from(read) < total => PageEnd::ShortOf(total),
        (0, _) => PageEnd::Done,
        (_, Some(total)) if u64::from(read) >= total => PageEnd::Done,
        // `read` saturates at u32::MAX; past that no offset can move on.
        _ if read == u32::MAX => PageEnd::Done,
        _ => PageEnd::More,
    }
}

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

    /// Every session, a page (of [`PAGE_SIZE`]) at a time; see [`Self::sessions_capped`].
    pub fn sessions(
        &self,
        q: ListQuery,
    ) -> impl Stream<Item = Result<Page<Session>, ApiError>> + Send + '_ {
        self.sessions_capped(q, MAX_PAGES)
    }

    /// Every session, at most `max_pages` pages. Reads on until `total_results` is reached
    /// or a page comes back empty: a short page proves nothing, since a server may hand out
    /// fewer rows than asked for (the docs cap `limit` at 100, the reseller pages at 10).
    ///
    /// The stream ends with [`ApiError::ListIncomplete`] when it could not read everything:
    /// the pages ran out before the `total_results` the server announced, or `max_pages`
    /// full pages came and the list still had not ended (a server ignoring `offset` would
    /// otherwise page forever). Callers must not treat what they got as the whole list.
    pub fn sessions_capped(
        &self,
        q: ListQuery,
        max_pages: u32,
    ) -> impl Stream<Item = Result<Page<Session>, ApiError>> + Send + '_ {
        let start = Paging {
            offset: 0,
            pages: 0,
        };
        futures_util::stream::unfold(Some((q, start)), move |state| async move {
            let (q, at) = state?;
            if at.pages >= max_pages {
                let gap = ApiError::ListIncomplete {
                    listed: u64::from(at.offset),
                    total: None,
                };
                return Some((Err(gap), None));
            }
            match self.fetch_page(&q, at.offset, PAGE_SIZE).await {
                Ok((page, rows)) => {
                    let next = Paging {
                        offset: at.offset.saturating_add(rows),
                        pages: at.pages + 1,
                    };
                    match page_end(rows, next.offset, page.total) {
                        PageEnd::More => Some((Ok(page), Some((q, next)))),
                        PageEnd::Done => Some((Ok(page), None)),
                        PageEnd::ShortOf(total) => Some((
                            Err(ApiError::ListIncomplete {
                                listed: u64::from(at.offset),
                                total: Some(total),
                            }),
                            None,
                        )),
                    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_page_is_not_the_end() {
        assert_eq!(page_end(10, 10, Some(40)), PageEnd::More);
        assert_eq!(page_end(10, 10, None), PageEnd::More);
        assert_eq!(page_end(10, 40, Some(40)), PageEnd::Done);
        assert_eq!(page_end(0, 30, None), PageEnd::Done);
        assert_eq!(page_end(0, 30, Some(30)), PageEnd::Done);
        assert_eq!(page_end(0, 30, Some(40)), PageEnd::ShortOf(40));
    }
}
