//! The account record kept in `accounts.json`, and what the UI is shown of it.
//!
//! Nothing here is secret: tokens live only in the keyring, under `account:<id>`.

use scriptix_api::model::Identity;
use serde::{Deserialize, Serialize};

/// Which header carries the account's token (see `scriptix_api::AuthStyle`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AccountAuthStyle {
    /// `Authorization: Bearer` (sign-in tokens and most API keys).
    #[default]
    Bearer,
    /// `x-zoom-s2t-key` (classic API keys).
    ApiKey,
}

impl From<AccountAuthStyle> for scriptix_api::AuthStyle {
    fn from(style: AccountAuthStyle) -> Self {
        match style {
            AccountAuthStyle::Bearer => scriptix_api::AuthStyle::Bearer,
            AccountAuthStyle::ApiKey => scriptix_api::AuthStyle::ApiKey,
        }
    }
}

/// How the token was obtained, so "sign in again" can offer the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AddedVia {
    ApiKey,
    Password,
    /// "Sign in with Microsoft" in the browser.
    Microsoft,
}

/// Who the token belongs to, as Scriptix said when the account was added or re-signed-in.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IdentitySummary {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    pub roles: Vec<String>,
    /// False when Scriptix said nothing about roles: "no roles" and "unknown" differ.
    pub roles_known: bool,
}

impl From<&Identity> for IdentitySummary {
    fn from(me: &Identity) -> Self {
        let org = me.organization.as_ref();
        IdentitySummary {
            user_id: me.id.clone(),
            name: me.name.clone(),
            email: me.email.clone(),
            organization_id: org.map(|o| o.id.clone()).filter(|s| !s.is_empty()),
            organization_name: org.map(|o| o.name.clone()).filter(|s| !s.trim().is_empty()),
            roles: me.roles.clone(),
            roles_known: me.roles_known,
        }
    }
}

impl IdentitySummary {
    /// The name an account gets when the person did not choose one.
    pub fn default_label(&self) -> String {
        [
            self.organization_name.as_deref(),
            Some(self.name.as_str()),
            Some(self.email.as_str()),
        ]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or("Scriptix")
        .to_owned()
    }

    /// Whether Scriptix said anything about who this is.
    pub fn is_known(&self) -> bool {
        !(self.user_id.is_empty() && self.name.is_empty() && self.email.is_empty())
    }

    /// Whether a new sign-in is the same Scriptix user as this one. Unknown ids (an
    /// answer without one) cannot prove a mismatch.
    pub fn same_user_as(&self, other: &IdentitySummary) -> bool {
        self.user_id.is_empty() || other.user_id.is_empty() || self.user_id == other.user_id
    }
}

/// One saved account (a row of `accounts.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// A UUID the app made up; also the keyring key and the cache folder name.
    pub id: String,
    pub label: String,
    /// The normalised API base URL (`https://api.scriptix.io/`).
    pub server: String,
    pub auth_style: AccountAuthStyle,
    pub identity: IdentitySummary,
    /// Position in the account list, 0 first.
    pub order: u32,
    /// RFC 3339, set when the person switches to the account.
    pub last_used: Option<String>,
    /// Scriptix refused the saved token (401); the account waits for a new sign-in.
    pub needs_sign_in: bool,
    pub added_via: AddedVia,
}

/// An account as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    pub id: String,
    pub label: String,
    pub server: String,
    pub organization: Option<String>,
    pub user_name: String,
    pub email: String,
    pub roles: Vec<String>,
    pub is_active: bool,
    /// A practice-mode account on the built-in sample server: never saved anywhere.
    pub is_practice: bool,
    pub needs_sign_in: bool,
    pub last_used: Option<String>,
    /// Lets "sign in again" open the same form the account was added with.
    pub added_via: AddedVia,
    /// False when Scriptix would not say whose sign-in this is (a key `/account/me` is
    /// closed to): name, email and organisation are then unknown, not empty.
    pub identity_known: bool,
    /// False when Scriptix did not say which roles the account has.
    pub roles_known: bool,
}

impl AccountView {
    pub(crate) fn of(account: &Account, is_active: bool, is_practice: bool) -> Self {
        AccountView {
            id: account.id.clone(),
            label: account.label.clone(),
            server: account.server.clone(),
            organization: account.identity.organization_name.clone(),
            user_name: account.identity.name.clone(),
            email: account.identity.email.clone(),
            roles: account.identity.roles.clone(),
            is_active,
            is_practice,
            needs_sign_in: account.needs_sign_in,
            last_used: account.last_used.clone(),
            added_via: account.added_via,
            identity_known: account.identity.is_known(),
            roles_known: account.identity.roles_known,
        }
    }
}

/// The next step of a password sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "step", rename_all = "camelCase")]
pub enum SignInStep {
    /// Signed in; the account is saved (or its sign-in renewed) and active.
    Done { account: AccountView },
    /// Scriptix wants the code from the person's authenticator app: call `finish_mfa`.
    NeedsCode {
        #[serde(rename = "pendingId")]
        pending_id: String,
    },
}

/// What `remove` took away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RemovedAccount {
    pub id: String,
    pub label: String,
    /// The saved sign-in was deleted from the keyring (false for practice accounts,
    /// which never had one).
    pub sign_in_deleted: bool,
    /// The account's cached data folder was deleted (or there was none).
    pub cache_deleted: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use scriptix_api::model::Organization;

    fn identity(org: Option<&str>, name: &str, email: &str) -> IdentitySummary {
        IdentitySummary::from(&Identity {
            id: "u1".into(),
            name: name.into(),
            email: email.into(),
            organization: org.map(|n| Organization {
                id: "o1".into(),
                name: n.into(),
            }),
            roles: vec!["ORGADMIN".into()],
            roles_known: true,
        })
    }

    #[test]
    fn default_label_prefers_organisation_then_name_then_email() {
        assert_eq!(identity(Some("Acme"), "Ada", "a@x").default_label(), "Acme");
        assert_eq!(identity(Some(" "), "Ada", "a@x").default_label(), "Ada");
        assert_eq!(identity(None, "", "a@x").default_label(), "a@x");
        assert_eq!(identity(None, "", "").default_label(), "Scriptix");
    }

    #[test]
    fn sign_in_step_has_a_tag_the_ui_can_switch_on() {
        let step = SignInStep::NeedsCode {
            pending_id: "p1".into(),
        };
        assert_eq!(
            serde_json::to_value(&step).unwrap(),
            serde_json::json!({"step": "needsCode", "pendingId": "p1"})
        );
    }
}
