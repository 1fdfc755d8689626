//! The account list as the service holds it: saved accounts plus practice ones, with the
//! pure rules (ordering, which one is active) kept apart from I/O so they are easy to test.

use std::collections::{HashMap, HashSet};

use scriptix_api::{ScriptixClient, Secret};

use super::index::AccountIndex;
use super::model::{Account, AccountView};
use crate::{DeskError, DeskResult, Detail};

/// A practice-mode account: lives only in this process, token included.
pub(crate) struct PracticeAccount {
    pub account: Account,
    pub token: Secret,
}

pub(crate) struct State {
    /// Exactly what `accounts.json` holds.
    pub index: AccountIndex,
    pub practice: Vec<PracticeAccount>,
    /// Set while a practice account is active; it overrides `index.active` without ever
    /// reaching the file, so the next start opens the last real account.
    pub practice_active: Option<String>,
    /// Ready clients by account id, dropped whenever the account's token changes.
    pub clients: HashMap<String, ScriptixClient>,
}

impl State {
    pub fn new(index: AccountIndex) -> Self {
        State {
            index,
            practice: Vec::new(),
            practice_active: None,
            clients: HashMap::new(),
        }
    }

    pub fn active_id(&self) -> Option<&str> {
        self.practice_active
            .as_deref()
            .or(self.index.active.as_deref())
    }

    pub fn saved(&self, id: &str) -> Option<&Account> {
        self.index.accounts.iter().find(|a| a.id == id)
    }

    pub fn practice(&self, id: &str) -> Option<&PracticeAccount> {
        self.practice.iter().find(|p| p.account.id == id)
    }

    pub fn practice_mut(&mut self, id: &str) -> Option<&mut PracticeAccount> {
        self.practice.iter_mut().find(|p| p.account.id == id)
    }

    pub fn is_known(&self, id: &str) -> bool {
        self.saved(id).is_some() || self.practice(id).is_some()
    }

    /// Every account in list order; saved ones first where positions tie.
    pub fn all(&self) -> Vec<(&Account, bool)> {
        let mut all: Vec<(&Account, bool)> = self
            .index
            .accounts
            .iter()
            .map(|a| (a, false))
            .chain(self.practice.iter().map(|p| (&p.account, true)))
            .collect();
        all.sort_by_key(|(a, practice)| (a.order, *practice));
        all
    }

    pub fn views(&self) -> Vec<AccountView> {
        let active = self.active_id();
        self.all()
            .into_iter()
            .map(|(a, practice)| AccountView::of(a, active == Some(a.id.as_str()), practice))
            .collect()
    }

    pub fn view(&self, id: &str) -> DeskResult<AccountView> {
        self.views()
            .into_iter()
            .find(|v| v.id == id)
            .ok_or_else(not_found)
    }

    /// The position a newly added account takes: after every other one.
    pub fn next_order(&self) -> u32 {
        self.all()
            .last()
            .map_or(0, |(a, _)| a.order.saturating_add(1))
    }

    /// New positions for a drag-and-drop: `ids` first in that order, then every account
    /// not named, in its old order (the UI may be one add behind). Returns
    /// `(saved rows in the new order, practice orders by id)`.
    pub fn reordered(&self, ids: &[String]) -> DeskResult<(Vec<Account>, HashMap<String, u32>)> {
        let mut named = HashSet::new();
        for id in ids {
            if !self.is_known(id) {
                return Err(not_found());
            }
            if !named.insert(id.as_str()) {
                return Err(DeskError::InvalidInput(Detail::OrderRepeats));
            }
        }
        let old = self.all();
        let ordered = ids
            .iter()
            .filter_map(|id| old.iter().find(|(a, _)| &a.id == id))
            .chain(old.iter().filter(|(a, _)| !named.contains(a.id.as_str())));

        let mut saved = Vec::new();
        let mut practice = HashMap::new();
        for (position, (account, is_practice)) in ordered.enumerate() {
            let order = u32::try_from(position).unwrap_or(u32::MAX);
            if *is_practice {
                practice.insert(account.id.clone(), order);
            } else {
                saved.push(Account {
                    order,
                    ..(*account).clone()
                });
            }
        }
        Ok((saved, practice))
    }

    /// The account to make active when the active one goes away: the first left.
    pub fn first_other(&self, removed: &str) -> Option<(String, bool)> {
        self.all()
            .into_iter()
            .find(|(a, _)| a.id != removed)
            .map(|(a, practice)| (a.id.clone(), practice))
    }
}

pub(crate) fn not_found() -> DeskError {
    DeskError::NotFound(Detail::AccountMissing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::model::{AccountAuthStyle, AddedVia, IdentitySummary};

    fn account(id: &str, order: u32) -> Account {
        Account {
            id: id.into(),
            label: id.to_uppercase(),
            server: "https://api.scriptix.io/".into(),
            auth_style: AccountAuthStyle::Bearer,
            identity: IdentitySummary::default(),
            order,
            last_used: None,
            needs_sign_in: false,
            added_via: AddedVia::ApiKey,
        }
    }

    fn state() -> State {
        let mut state = State::new(AccountIndex {
            active: Some("b".into()),
            accounts: vec![account("a", 0), account("b", 1), account("c", 2)],
            ..AccountIndex::default()
        });
        state.practice.push(PracticeAccount {
            account: account("p", 3),
            token: Secret::new("t"),
        });
        state
    }

    fn ids(views: &[AccountView]) -> Vec<&str> {
        views.iter().map(|v| v.id.as_str()).collect()
    }

    #[test]
    fn practice_active_overrides_the_saved_one_without_touching_it() {
        let mut s = state();
        assert_eq!(s.active_id(), Some("b"));
        s.practice_active = Some("p".into());
        assert_eq!(s.active_id(), Some("p"));
        assert_eq!(s.index.active.as_deref(), Some("b"));
        let active: Vec<bool> = s.views().iter().map(|v| v.is_active).collect();
        assert_eq!(active, [false, false, false, true]);
        assert_eq!(s.next_order(), 4);
    }

    #[test]
    fn reorder_puts_named_first_and_keeps_the_rest_in_order() {
        let s = state();
        let (saved, practice) = s.reordered(&["c".into(), "p".into()]).unwrap();
        let rows: Vec<(&str, u32)> = saved.iter().map(|a| (a.id.as_str(), a.order)).collect();
        assert_eq!(rows, [("c", 0), ("a", 2), ("b", 3)]);
        assert_eq!(practice.get("p"), Some(&1));
    }

    #[test]
    fn reorder_refuses_unknown_and_repeated_ids() {
        let s = state();
        assert!(matches!(
            s.reordered(&["zz".into()]),
            Err(DeskError::NotFound(_))
        ));
        assert!(matches!(
            s.reordered(&["a".into(), "a".into()]),
            Err(DeskError::InvalidInput(_))
        ));
    }

    #[test]
    fn the_next_active_is_the_first_other_account() {
        let s = state();
        assert_eq!(s.first_other("a"), Some(("b".into(), false)));
        assert_eq!(s.first_other("b"), Some(("a".into(), false)));
        assert_eq!(ids(&s.views()), ["a", "b", "c", "p"]);
    }
}
