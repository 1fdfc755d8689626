//! Who may change what. Nothing here is documented by Scriptix; this is the fake's model
//! (see the contract's "Fake server choices"), enforced with 403:
//!
//! - ORGADMIN: may delete any session, document or comment in the organisation.
//! - CONTRIBUTOR: may delete sessions and documents they own (`created_by`), comments they
//!   wrote, and any comment on a document they own. May mark finished and share anything.
//! - CUSTOMER: reads everything, changes nothing (even a comment of their own).

use crate::persona::{Persona, Role};

pub(crate) fn may_delete_owned(who: Persona, owner: Persona) -> bool {
    match who.role() {
        Role::OrgAdmin => true,
        Role::Contributor => who == owner,
        Role::Customer => false,
    }
}

pub(crate) fn may_delete_comment(who: Persona, author: Persona, doc_owner: Persona) -> bool {
    match who.role() {
        Role::OrgAdmin => true,
        Role::Contributor => who == author || who == doc_owner,
        Role::Customer => false,
    }
}

/// Marking finished and sharing: anyone who may edit documents.
pub(crate) fn may_edit(who: Persona) -> bool {
    who.role() != Role::Customer
}

#[cfg(test)]
mod tests {
    use super::*;
    use Persona::*;

    #[test]
    fn owned_items() {
        assert!(may_delete_owned(Admin, Contributor));
        assert!(may_delete_owned(Contributor, Contributor));
        assert!(!may_delete_owned(Contributor, Contributor2));
        assert!(!may_delete_owned(Contributor, Admin));
        assert!(!may_delete_owned(Viewer, Viewer));
        assert!(may_delete_owned(Mfa, Mfa));
    }

    #[test]
    fn comments() {
        assert!(may_delete_comment(Admin, Contributor, Contributor2));
        // Own comment on someone else's document.
        assert!(may_delete_comment(Contributor, Contributor, Contributor2));
        // Someone else's comment on one's own document.
        assert!(may_delete_comment(Contributor, Contributor2, Contributor));
        assert!(!may_delete_comment(Contributor, Contributor2, Mfa));
        assert!(!may_delete_comment(Viewer, Viewer, Viewer));
    }

    #[test]
    fn editing() {
        assert!(may_edit(Contributor2));
        assert!(!may_edit(Viewer));
    }
}
