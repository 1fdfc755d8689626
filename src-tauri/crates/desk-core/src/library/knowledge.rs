//! What the app has learned about items since it listed them.

use std::collections::HashSet;

/// Identifies a session, document or comment within one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ItemKey {
    Session(String),
    Document(String, String),
    Comment(String, String, String),
}

#[derive(Debug, Default)]
pub struct Knowledge {
    /// Deleted by us or found already gone: never shown again, never asked for again.
    gone: HashSet<ItemKey>,
    /// The server answered 403 for a delete: the delete button disappears for good.
    forbidden: HashSet<ItemKey>,
    /// 403s to deletes while the account's roles were unknown. From the second on, every
    /// delete of the account is hidden (view-only) until the roles are known: a view-only
    /// user must not keep seeing buttons that always fail.
    unknown_role_refusals: u32,
}

/// Refusals with unknown roles after which the account is view-only for deletes.
pub const VIEW_ONLY_AFTER_REFUSALS: u32 = 2;

impl Knowledge {
    pub fn mark_gone(&mut self, key: ItemKey) {
        self.gone.insert(key);
    }

    pub fn mark_forbidden(&mut self, key: ItemKey) {
        self.forbidden.insert(key);
    }

    /// A 403 came while the account's roles were unknown.
    pub fn note_unknown_role_refusal(&mut self) {
        self.unknown_role_refusals = self.unknown_role_refusals.saturating_add(1);
    }

    /// The roles are known now: the rules decide again (items refused keep their mark).
    pub fn roles_now_known(&mut self) {
        self.unknown_role_refusals = 0;
    }

    /// Deletes of this account are hidden until its roles are known.
    pub fn deletes_view_only(&self) -> bool {
        self.unknown_role_refusals >= VIEW_ONLY_AFTER_REFUSALS
    }

    /// Gone itself, or inside a session or document that is gone.
    pub fn is_gone(&self, key: &ItemKey) -> bool {
        match key {
            ItemKey::Session(_) => self.gone.contains(key),
            ItemKey::Document(s, _) => {
                self.gone.contains(key) || self.gone.contains(&ItemKey::Session(s.clone()))
            }
            ItemKey::Comment(s, d, _) => {
                self.gone.contains(key)
                    || self.gone.contains(&ItemKey::Document(s.clone(), d.clone()))
                    || self.gone.contains(&ItemKey::Session(s.clone()))
            }
        }
    }

    /// Ids of the sessions known to be gone.
    pub fn gone_sessions(&self) -> impl Iterator<Item = &str> {
        self.gone.iter().filter_map(|k| match k {
            ItemKey::Session(id) => Some(id.as_str()),
            _ => None,
        })
    }

    pub fn is_forbidden(&self, key: &ItemKey) -> bool {
        self.deletes_view_only() || self.forbidden.contains(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gone_session_takes_its_documents_and_comments_with_it() {
        let mut k = Knowledge::default();
        k.mark_gone(ItemKey::Session("s".into()));
        assert!(k.is_gone(&ItemKey::Document("s".into(), "d".into())));
        assert!(k.is_gone(&ItemKey::Comment("s".into(), "d".into(), "c".into())));
        assert!(!k.is_gone(&ItemKey::Session("other".into())));
    }

    #[test]
    fn two_refusals_with_unknown_roles_make_deletes_view_only_until_roles_are_known() {
        let mut k = Knowledge::default();
        let other = ItemKey::Session("other".into());
        k.mark_forbidden(ItemKey::Session("a".into()));
        k.note_unknown_role_refusal();
        assert!(!k.is_forbidden(&other), "one refusal is about that item");
        k.mark_forbidden(ItemKey::Session("b".into()));
        k.note_unknown_role_refusal();
        assert!(k.deletes_view_only() && k.is_forbidden(&other));
        k.roles_now_known();
        assert!(!k.is_forbidden(&other));
        assert!(k.is_forbidden(&ItemKey::Session("a".into())));
    }

    #[test]
    fn forbidden_is_remembered_per_item() {
        let mut k = Knowledge::default();
        k.mark_forbidden(ItemKey::Document("s".into(), "d".into()));
        assert!(k.is_forbidden(&ItemKey::Document("s".into(), "d".into())));
        assert!(!k.is_forbidden(&ItemKey::Session("s".into())));
    }
}
