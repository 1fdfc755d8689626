//! What the person may do with an item, decided here and only here.
//!
//! The UI renders the booleans [`allowed_actions`] returns and never reasons about roles
//! itself. Scriptix documents no permission matrix, so these rules are the app's best
//! reading of the role descriptions; the server stays the authority, every delete is
//! preceded by a verified backup, and a 403 hides the button at once. The rules, with the
//! reasoning for unknown roles and owners, are in `docs/permissions.md`.

use serde::{Deserialize, Serialize};

/// Who is looking: built from the account's identity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Viewer {
    /// Empty when Scriptix did not say who the account is.
    pub user_id: String,
    pub roles: Vec<String>,
    /// False when the identity answer carried no roles at all (not the same as "none").
    pub roles_known: bool,
}

impl Viewer {
    pub fn from_identity(identity: &scriptix_api::model::Identity) -> Self {
        Viewer {
            user_id: identity.id.clone(),
            roles: identity.roles.clone(),
            roles_known: identity.roles_known,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ItemKind {
    Session,
    #[default]
    Document,
    Comment,
}

/// What is known about one item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemFacts {
    pub kind: ItemKind,
    /// `created_by` of a session or document; the author of a comment.
    pub owner_id: Option<String>,
    /// Comments only: who owns the document the comment is on.
    pub document_owner_id: Option<String>,
    /// A per-item permission field, if the server ever sends one.
    pub explicit_can_delete: Option<bool>,
    /// Opened through a shared link rather than through the account.
    pub via_shared_link: bool,
    /// What the shared link itself says about deleting.
    pub shared_link_grants_delete: Option<bool>,
    /// The server answered 403 to a delete of this item.
    pub learned_forbidden: bool,
}

/// The buttons the UI may show for an item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Actions {
    pub can_delete: bool,
    pub can_back_up: bool,
    pub can_mark_finished: bool,
}

/// How much a role lets its holder change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reach {
    /// View only (CUSTOMER, and any role the app does not know).
    Nothing,
    /// Change what they own (CONTRIBUTOR, DEVELOPER).
    Own,
    /// Change anything in the organization (ORGADMIN, SYSOP).
    Everything,
}

fn role_reach(role: &str) -> Reach {
    match role.trim().to_ascii_uppercase().as_str() {
        "ORGADMIN" | "SYSOP" => Reach::Everything,
        "CONTRIBUTOR" | "DEVELOPER" => Reach::Own,
        _ => Reach::Nothing,
    }
}

impl Viewer {
    /// The most permissive of the viewer's roles. Unknown roles are treated like an owner's
    /// reach: see `docs/permissions.md` for why.
    fn reach(&self) -> Reach {
        if !self.roles_known {
            return Reach::Own;
        }
        self.roles
            .iter()
            .map(|r| role_reach(r))
            .max()
            .unwrap_or(Reach::Nothing)
    }

    /// "Might be yours": an unknown owner (or an unknown viewer) counts as the viewer's,
    /// because a Scriptix token sees only what it created unless it is an admin.
    fn may_own(&self, owner: Option<&str>) -> bool {
        match owner {
            None => true,
            Some(_) if self.user_id.is_empty() => true,
            Some(owner) => owner == self.user_id,
        }
    }

    /// Owns the item itself or, for a comment, the document it is on.
    fn may_own_item(&self, item: &ItemFacts) -> bool {
        match item.kind {
            ItemKind::Session | ItemKind::Document => self.may_own(item.owner_id.as_deref()),
            ItemKind::Comment => {
                self.may_own(item.owner_id.as_deref())
                    || self.may_own(item.document_owner_id.as_deref())
            }
        }
    }

    fn could_change(&self, item: &ItemFacts) -> bool {
        match self.reach() {
            Reach::Everything => true,
            Reach::Own => self.may_own_item(item),
            Reach::Nothing => false,
        }
    }
}

/// The actions the UI may offer for `item`. Pure; see `docs/permissions.md` for the table.
pub fn allowed_actions(viewer: &Viewer, item: &ItemFacts) -> Actions {
    let can_delete = if item.learned_forbidden {
        false
    } else if item.via_shared_link {
        item.shared_link_grants_delete == Some(true)
    } else if let Some(explicit) = item.explicit_can_delete {
        explicit
    } else {
        viewer.could_change(item)
    };
    let can_mark_finished =
        item.kind == ItemKind::Document && !item.via_shared_link && viewer.could_change(item);
    Actions {
        can_delete,
        can_back_up: true,
        can_mark_finished,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: &str = "u-me";
    const OTHER: &str = "u-other";

    fn viewer(roles: &[&str]) -> Viewer {
        Viewer {
            user_id: ME.into(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            roles_known: true,
        }
    }

    fn unknown_roles() -> Viewer {
        Viewer {
            user_id: ME.into(),
            roles: vec![],
            roles_known: false,
        }
    }

    fn doc(owner: Option<&str>) -> ItemFacts {
        ItemFacts {
            kind: ItemKind::Document,
            owner_id: owner.map(Into::into),
            ..Default::default()
        }
    }

    fn session(owner: Option<&str>) -> ItemFacts {
        ItemFacts {
            kind: ItemKind::Session,
            ..doc(owner)
        }
    }

    fn comment(author: Option<&str>, doc_owner: Option<&str>) -> ItemFacts {
        ItemFacts {
            kind: ItemKind::Comment,
            owner_id: author.map(Into::into),
            document_owner_id: doc_owner.map(Into::into),
            ..Default::default()
        }
    }

    fn delete(v: &Viewer, i: &ItemFacts) -> bool {
        allowed_actions(v, i).can_delete
    }

    fn finish(v: &Viewer, i: &ItemFacts) -> bool {
        allowed_actions(v, i).can_mark_finished
    }

    // Row 1: a learned 403 wins over everything.
    #[test]
    fn learned_403_hides_delete_even_for_an_admin_with_explicit_permission() {
        let item = ItemFacts {
            learned_forbidden: true,
            explicit_can_delete: Some(true),
            ..doc(Some(ME))
        };
        assert!(!delete(&viewer(&["ORGADMIN"]), &item));
        let shared = ItemFacts {
            learned_forbidden: true,
            via_shared_link: true,
            shared_link_grants_delete: Some(true),
            ..doc(None)
        };
        assert!(!delete(&viewer(&["ORGADMIN"]), &shared));
        // Only delete is affected: the item can still be backed up and finished.
        let actions = allowed_actions(&viewer(&["ORGADMIN"]), &item);
        assert!(actions.can_back_up && actions.can_mark_finished);
    }

    // Rows 2 and 3: shared links.
    #[test]
    fn shared_link_items_are_not_deletable_unless_the_link_grants_it() {
        let admin = viewer(&["ORGADMIN"]);
        for grants in [None, Some(false)] {
            let item = ItemFacts {
                via_shared_link: true,
                shared_link_grants_delete: grants,
                ..doc(Some(ME))
            };
            assert!(!delete(&admin, &item), "grants={grants:?}");
        }
        let granted = ItemFacts {
            via_shared_link: true,
            shared_link_grants_delete: Some(true),
            ..doc(None)
        };
        assert!(delete(&viewer(&["CUSTOMER"]), &granted));
    }

    #[test]
    fn shared_link_items_are_never_marked_finished_but_can_be_backed_up() {
        let item = ItemFacts {
            via_shared_link: true,
            shared_link_grants_delete: Some(true),
            ..doc(Some(ME))
        };
        let actions = allowed_actions(&viewer(&["ORGADMIN"]), &item);
        assert!(!actions.can_mark_finished);
        assert!(actions.can_back_up);
    }

    // Row 4: an explicit per-item field wins over roles, both ways.
    #[test]
    fn explicit_permission_wins_over_roles() {
        let denied = ItemFacts {
            explicit_can_delete: Some(false),
            ..doc(Some(ME))
        };
        assert!(!delete(&viewer(&["ORGADMIN"]), &denied));
        let granted = ItemFacts {
            explicit_can_delete: Some(true),
            ..doc(Some(OTHER))
        };
        assert!(delete(&viewer(&["CUSTOMER"]), &granted));
        // It is a delete permission only: it does not make a customer an editor.
        assert!(!finish(&viewer(&["CUSTOMER"]), &granted));
    }

    // Row 5: admins delete anything.
    #[test]
    fn orgadmin_and_sysop_delete_anything() {
        for role in ["ORGADMIN", "SYSOP", "orgadmin"] {
            let v = viewer(&[role]);
            assert!(delete(&v, &doc(Some(OTHER))), "{role}");
            assert!(delete(&v, &session(Some(OTHER))), "{role}");
            assert!(delete(&v, &comment(Some(OTHER), Some(OTHER))), "{role}");
            assert!(finish(&v, &doc(Some(OTHER))), "{role}");
        }
    }

    // Row 6: contributors and developers delete what they own.
    #[test]
    fn contributor_and_developer_delete_only_their_own_items() {
        for role in ["CONTRIBUTOR", "DEVELOPER"] {
            let v = viewer(&[role]);
            assert!(delete(&v, &doc(Some(ME))), "{role}");
            assert!(delete(&v, &session(Some(ME))), "{role}");
            assert!(!delete(&v, &doc(Some(OTHER))), "{role}");
            assert!(!delete(&v, &session(Some(OTHER))), "{role}");
            assert!(finish(&v, &doc(Some(ME))), "{role}");
            assert!(!finish(&v, &doc(Some(OTHER))), "{role}");
        }
    }

    // Row 7: comments by authorship or document ownership.
    #[test]
    fn contributor_deletes_comments_they_wrote_or_on_their_documents() {
        let v = viewer(&["CONTRIBUTOR"]);
        assert!(delete(&v, &comment(Some(ME), Some(OTHER))));
        assert!(delete(&v, &comment(Some(OTHER), Some(ME))));
        assert!(!delete(&v, &comment(Some(OTHER), Some(OTHER))));
    }

    // Row 8: customers only back up.
    #[test]
    fn customer_can_only_back_up() {
        let v = viewer(&["CUSTOMER"]);
        for item in [
            doc(Some(ME)),
            doc(None),
            session(Some(ME)),
            comment(Some(ME), Some(ME)),
        ] {
            let actions = allowed_actions(&v, &item);
            assert_eq!(
                actions,
                Actions {
                    can_delete: false,
                    can_back_up: true,
                    can_mark_finished: false
                },
                "{item:?}"
            );
        }
    }

    // Row 9: several roles, the most permissive counts.
    #[test]
    fn several_roles_take_the_most_permissive() {
        assert!(delete(
            &viewer(&["CUSTOMER", "ORGADMIN"]),
            &doc(Some(OTHER))
        ));
        assert!(delete(
            &viewer(&["CUSTOMER", "CONTRIBUTOR"]),
            &doc(Some(ME))
        ));
        assert!(!delete(
            &viewer(&["CUSTOMER", "CONTRIBUTOR"]),
            &doc(Some(OTHER))
        ));
    }

    // Row 10: known roles, none that changes anything.
    #[test]
    fn known_roles_without_a_deleting_role_cannot_delete() {
        for roles in [&[][..], &["RESELLER", "TESTER"][..]] {
            let v = viewer(roles);
            assert!(!delete(&v, &doc(Some(ME))), "{roles:?}");
            assert!(!finish(&v, &doc(Some(ME))), "{roles:?}");
        }
    }

    // Row 11: unknown roles act like an owner.
    #[test]
    fn unknown_roles_may_delete_own_and_unknown_owner_items_but_not_others() {
        let v = unknown_roles();
        assert!(delete(&v, &doc(None)));
        assert!(delete(&v, &doc(Some(ME))));
        assert!(!delete(&v, &doc(Some(OTHER))));
        assert!(finish(&v, &doc(None)));
        // Nothing known about the viewer at all: an owner id cannot be compared, so it
        // counts as possibly theirs.
        assert!(delete(&Viewer::default(), &doc(Some(OTHER))));
    }

    // Row 12: unknown owner counts as the viewer's.
    #[test]
    fn unknown_owner_counts_as_the_viewers_own() {
        let v = viewer(&["CONTRIBUTOR"]);
        assert!(delete(&v, &doc(None)));
        assert!(delete(&v, &session(None)));
        assert!(finish(&v, &doc(None)));
        assert!(delete(&v, &comment(None, Some(OTHER))));
        assert!(delete(&v, &comment(Some(OTHER), None)));
    }

    // Row 13: backing up is always allowed; only documents are marked finished.
    #[test]
    fn back_up_is_always_offered_and_only_documents_are_finished() {
        let v = viewer(&["ORGADMIN"]);
        for item in [doc(Some(OTHER)), session(None), comment(None, None)] {
            assert!(allowed_actions(&v, &item).can_back_up, "{item:?}");
        }
        assert!(!finish(&v, &session(Some(ME))));
        assert!(!finish(&v, &comment(Some(ME), Some(ME))));
    }

    #[test]
    fn actions_cross_ipc_in_camel_case() {
        let json = serde_json::to_value(Actions {
            can_delete: true,
            can_back_up: true,
            can_mark_finished: false,
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"canDelete": true, "canBackUp": true, "canMarkFinished": false})
        );
    }
}
