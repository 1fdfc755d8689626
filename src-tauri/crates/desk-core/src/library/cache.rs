//! Per-account session cache, loaded page by page in the background.
//!
//! The sessions are kept compact (see `record`) and searched incrementally (see `search`),
//! so an account of 100,000 sessions costs no more per session than one of 10,000, and a
//! keystroke neither scans nor sorts them all again (issue 20).

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::Instant;

use futures_util::StreamExt;
use scriptix_api::model::Session;
use scriptix_api::{ApiError, ListQuery, ScriptixClient, PAGE_SIZE};
use serde::Serialize;

use super::knowledge::{ItemKey, Knowledge};
use super::query::LibraryQuery;
use super::search::Memo;
use super::store::Store;
use super::views::{session_row, LibraryWindow, SessionRow};
use crate::permissions::Viewer;
use crate::DeskResult;

/// Sent after every page while an account's sessions load.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LoadProgress {
    pub account_id: String,
    pub loaded: u32,
    pub total: Option<u32>,
    pub complete: bool,
}

/// How a listing fell short: rows read, and the count Scriptix announced (none when the
/// list never ended).
#[derive(Debug, Clone, Copy)]
struct ListGap {
    listed: u64,
    total: Option<u64>,
}

/// How much of an account's sessions the library has listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountListing {
    /// Scriptix listed the account to its end: every session it has is known.
    pub complete: bool,
    /// Sessions Scriptix counts but did not list (0 when complete); `None` when it gave
    /// no count (a list that never ended).
    pub not_listed: Option<u32>,
}

#[derive(Default)]
struct AccountLibrary {
    /// The sessions, with when each was read from Scriptix: a bulk job trusts only a
    /// recent reading to say which documents a session holds.
    sessions: Store,
    total: Option<u32>,
    complete: bool,
    /// How the last full listing fell short, when Scriptix did not list everything.
    gap: Option<ListGap>,
    loading: bool,
    knowledge: Knowledge,
    viewer: Option<Viewer>,
    /// Recent queries' matching indexes: scrolling asks for many windows of one query,
    /// typing for queries that narrow the one before.
    memo: Memo,
}

impl AccountLibrary {
    fn add_page(&mut self, page: Vec<Session>) {
        self.sessions.add(page, Instant::now());
        self.memo.clear();
    }

    /// Loaded sessions that are still on Scriptix as far as the app knows: the "of N" a
    /// person sees, which must not count what they just deleted.
    fn loaded(&self) -> u32 {
        let gone = self
            .knowledge
            .gone_sessions()
            .filter(|id| self.sessions.find(id).is_some())
            .count();
        (self.sessions.len() - gone) as u32
    }

    /// A listing that ended with [`ApiError::ListIncomplete`] leaves the library not
    /// complete, remembering by how much (other errors say nothing about the list).
    fn note_gap(&mut self, e: &ApiError) {
        if let ApiError::ListIncomplete { listed, total } = *e {
            self.complete = false;
            self.gap = Some(ListGap { listed, total });
        }
    }

    /// How much of the account this library has listed (see [`AccountListing`]).
    fn account_listing(&self) -> AccountListing {
        let count = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        let not_listed = match (self.complete, self.gap) {
            (true, _) => Some(0),
            // Scriptix's own rows, deleted ones included, against its own count.
            (false, Some(gap)) => gap.total.map(|t| count(t.saturating_sub(gap.listed))),
            // Still loading (or stopped by an error): what it counted, less what came.
            (false, None) => self
                .total
                .map(|t| t.saturating_sub(count(self.sessions.len() as u64))),
        };
        AccountListing {
            complete: self.complete,
            not_listed,
        }
    }

    fn row(&self, i: usize, viewer: &Viewer) -> SessionRow {
        session_row(&self.sessions.session(i), viewer, &self.knowledge)
    }
}

/// Whether reading the whole list (at most `total / PAGE_SIZE` pages) costs fewer requests
/// than reading `stale` sessions one by one.
fn relisting_pays(stale: usize, total: u32) -> bool {
    let pages = total.div_ceil(PAGE_SIZE).max(1) as usize;
    stale > pages
}

/// All accounts' libraries. Cheap to share; locks are never held across an `.await`.
#[derive(Default)]
pub struct Library {
    accounts: Mutex<HashMap<String, AccountLibrary>>,
}

impl Library {
    pub fn new() -> Self {
        Self::default()
    }

    fn with<R>(&self, account_id: &str, f: impl FnOnce(&mut AccountLibrary) -> R) -> R {
        let mut all = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        f(all.entry(account_id.to_string()).or_default())
    }

    /// Load every page of the account's sessions, calling `on_progress` after each page.
    /// Returns at once when the cache is already complete (unless `refresh`) or another
    /// load of the same account is under way.
    pub async fn load(
        &self,
        account_id: &str,
        client: &ScriptixClient,
        viewer: Viewer,
        refresh: bool,
        on_progress: impl Fn(LoadProgress),
    ) -> DeskResult<()> {
        let start = self.with(account_id, |lib| {
            if viewer.roles_known {
                lib.knowledge.roles_now_known();
            }
            lib.viewer = Some(viewer);
            if lib.loading || (lib.complete && !refresh) {
                return false;
            }
            if refresh {
                let knowledge = std::mem::take(&mut lib.knowledge);
                *lib = AccountLibrary {
                    knowledge,
                    viewer: lib.viewer.take(),
                    ..Default::default()
                };
            }
            lib.loading = true;
            true
        });
        if !start {
            on_progress(self.progress(account_id));
            return Ok(());
        }
        let mut pages = std::pin::pin!(client.sessions(ListQuery::default()));
        while let Some(page) = pages.next().await {
            let page = match page {
                Ok(page) => page,
                Err(e) => {
                    self.with(account_id, |lib| {
                        lib.loading = false;
                        lib.note_gap(&e);
                    });
                    return Err(e.into());
                }
            };
            let total = page.total.map(|t| t.min(u32::MAX as u64) as u32);
            self.with(account_id, |lib| {
                if lib.total.is_none() {
                    // Room for the whole list at once (a count far off is trimmed at the
                    // end; no more than a few pages' worth is reserved beyond what came).
                    let announced = total.unwrap_or(0) as usize;
                    lib.sessions
                        .reserve(announced.saturating_sub(lib.sessions.len()).min(1 << 20));
                }
                lib.add_page(page.items);
                lib.total = total.or(lib.total);
            });
            on_progress(self.progress(account_id));
        }
        self.with(account_id, |lib| {
            lib.loading = false;
            lib.complete = true;
            lib.gap = None;
            lib.sessions.shrink();
        });
        on_progress(self.progress(account_id));
        Ok(())
    }

    /// Whether the account's session list is complete, and if not, by how much it falls
    /// short: what a whole-account backup can honestly claim to cover.
    pub fn account_listing(&self, account_id: &str) -> AccountListing {
        self.with(account_id, |lib| lib.account_listing())
    }

    pub fn progress(&self, account_id: &str) -> LoadProgress {
        self.with(account_id, |lib| LoadProgress {
            account_id: account_id.to_string(),
            loaded: lib.loaded(),
            total: lib.total,
            complete: lib.complete,
        })
    }

    /// Rows `offset..offset+limit` of the sessions matching `q`.
    pub fn window(
        &self,
        account_id: &str,
        q: &LibraryQuery,
        offset: u32,
        limit: u32,
    ) -> LibraryWindow {
        self.with(account_id, |lib| {
            let viewer = lib.viewer.clone().unwrap_or_default();
            let hits = lib.memo.hits(&mut lib.sessions, q, &lib.knowledge);
            let rows = hits
                .iter()
                .skip(offset as usize)
                .take(limit as usize)
                .map(|&i| session_row(&lib.sessions.session(i as usize), &viewer, &lib.knowledge))
                .collect();
            LibraryWindow {
                rows,
                offset,
                matching: hits.len() as u32,
                loaded: lib.loaded(),
                total: lib.total,
                complete: lib.complete,
            }
        })
    }

    /// Ids of every loaded session matching `q` (for "select all matching").
    pub fn matching_ids(&self, account_id: &str, q: &LibraryQuery) -> Vec<String> {
        self.with(account_id, |lib| {
            let hits = lib.memo.hits(&mut lib.sessions, q, &lib.knowledge);
            hits.iter()
                .map(|&i| lib.sessions.get(i as usize).id().to_owned())
                .collect()
        })
    }

    /// Of these sessions, how many this account may delete (the rest can only be backed up).
    pub fn deletable_among(&self, account_id: &str, session_ids: &[String]) -> Vec<String> {
        session_ids
            .iter()
            .filter(|id| {
                self.session_row(account_id, id)
                    .is_some_and(|r| r.actions.can_delete)
            })
            .cloned()
            .collect()
    }

    pub fn session(&self, account_id: &str, session_id: &str) -> Option<Session> {
        self.with(account_id, |lib| {
            lib.sessions
                .find(session_id)
                .map(|i| lib.sessions.session(i))
        })
    }

    /// Read the account's session list again when that costs fewer requests than reading
    /// each of `session_ids` whose reading is too old for a bulk job to trust
    /// ([`crate::bulk::LISTING_FRESH_FOR`], as of `now`) one by one: a page holds 100
    /// sessions. Stops once every one of them has been seen again. Returns the pages read.
    pub async fn refresh_stale(
        &self,
        account_id: &str,
        client: &ScriptixClient,
        session_ids: &[String],
        now: Instant,
    ) -> DeskResult<u32> {
        let (mut stale, total) = self.with(account_id, |lib| {
            let fresh = |id: &String| {
                lib.sessions
                    .find(id)
                    .is_some_and(|i| crate::bulk::reading_is_fresh(lib.sessions.read_at(i), now))
            };
            let stale: HashSet<String> = session_ids
                .iter()
                .filter(|id| !fresh(id))
                .cloned()
                .collect();
            (stale, lib.total.unwrap_or(lib.sessions.len() as u32))
        });
        if !relisting_pays(stale.len(), total) {
            return Ok(0);
        }
        let mut pages = std::pin::pin!(client.sessions(ListQuery::default()));
        let mut read = 0;
        while let Some(page) = pages.next().await {
            let page = page.inspect_err(|e| self.with(account_id, |lib| lib.note_gap(e)))?;
            read += 1;
            for session in &page.items {
                stale.remove(&session.id);
            }
            self.with(account_id, |lib| lib.add_page(page.items));
            if stale.is_empty() {
                break;
            }
        }
        Ok(read)
    }

    /// The session as last read, and when it was read.
    pub fn listing(&self, account_id: &str, session_id: &str) -> Option<(Session, Instant)> {
        self.with(account_id, |lib| {
            lib.sessions
                .find(session_id)
                .map(|i| (lib.sessions.session(i), lib.sessions.read_at(i)))
        })
    }

    pub fn session_row(&self, account_id: &str, session_id: &str) -> Option<SessionRow> {
        self.with(account_id, |lib| {
            let viewer = lib.viewer.clone().unwrap_or_default();
            let i = lib.sessions.find(session_id)?;
            let key = ItemKey::Session(session_id.to_string());
            (!lib.knowledge.is_gone(&key)).then(|| lib.row(i, &viewer))
        })
    }

    /// Store a freshly fetched session (e.g. with its documents) and return its row.
    pub fn put_session(&self, account_id: &str, session: Session) -> SessionRow {
        self.with(account_id, |lib| {
            let viewer = lib.viewer.clone().unwrap_or_default();
            let row = session_row(&session, &viewer, &lib.knowledge);
            lib.add_page(vec![session]);
            row
        })
    }

    pub fn mark_gone(&self, account_id: &str, key: ItemKey) {
        self.with(account_id, |lib| {
            lib.knowledge.mark_gone(key);
            lib.memo.clear();
        });
    }

    /// Scriptix refused a delete (403). While the account's roles are unknown this also
    /// counts towards making it view-only for deletes (see [`Knowledge::deletes_view_only`]).
    pub fn mark_forbidden(&self, account_id: &str, key: ItemKey) {
        self.with(account_id, |lib| {
            lib.knowledge.mark_forbidden(key);
            if !lib.viewer.as_ref().is_some_and(|v| v.roles_known) {
                lib.knowledge.note_unknown_role_refusal();
            }
            lib.memo.clear();
        });
    }

    /// Who the account is, as newly read (after `/account/me` was asked again). Known roles
    /// end a view-only spell.
    pub fn set_viewer(&self, account_id: &str, viewer: Viewer) {
        self.with(account_id, |lib| {
            if viewer.roles_known {
                lib.knowledge.roles_now_known();
            }
            lib.viewer = Some(viewer);
            lib.memo.clear();
        });
    }

    /// Run `f` with the account's viewer and what was learned (for document views).
    pub fn with_knowledge<R>(
        &self,
        account_id: &str,
        f: impl FnOnce(&Viewer, &Knowledge) -> R,
    ) -> R {
        self.with(account_id, |lib| {
            let viewer = lib.viewer.clone().unwrap_or_default();
            f(&viewer, &lib.knowledge)
        })
    }

    /// Drop everything cached for an account (removed, or signed in again as someone else).
    pub fn forget(&self, account_id: &str) {
        self.accounts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(account_id);
    }
}

#[cfg(test)]
mod tests {
    use super::relisting_pays;

    #[test]
    fn the_list_is_read_again_only_when_that_is_fewer_requests() {
        assert!(!relisting_pays(0, 0));
        assert!(!relisting_pays(1, 50)); // one page or one session: no gain
        assert!(relisting_pays(2, 50));
        assert!(!relisting_pays(25, 10_000)); // 100 pages for 25 sessions
        assert!(relisting_pays(101, 10_000));
        assert!(relisting_pays(619, 619)); // the benchmark's account: 7 pages
    }
}
