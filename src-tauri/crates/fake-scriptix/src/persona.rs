//! The five people of the sample organisation and their credentials.

use serde::{Deserialize, Serialize};

use crate::rng;

pub(crate) const ORG_ID: &str = "org_acme";
pub(crate) const ORG_NAME: &str = "Acme Transcription";
/// Every identity's password (practice data, printed on start by design).
pub(crate) const PASSWORD: &str = "practice-pass";
/// The TOTP code the MFA identity must give at sign-in.
pub(crate) const MFA_CODE: &str = "123456";

/// Who is calling. The roles follow the Scriptix user guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Persona {
    /// ORGADMIN "Ada Admin": may delete anything in the organisation.
    Admin,
    /// CONTRIBUTOR "Carl Contributor": may delete what he owns.
    Contributor,
    /// CONTRIBUTOR "Cora Contributor": a second owner, so "someone else's" is testable.
    Contributor2,
    /// CUSTOMER "Vera Viewer": reads everything, deletes nothing.
    Viewer,
    /// CONTRIBUTOR "Mia Mfa": signs in with a TOTP code.
    Mfa,
}

/// The organisation role that decides permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    OrgAdmin,
    Contributor,
    Customer,
}

impl Role {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Role::OrgAdmin => "ORGADMIN",
            Role::Contributor => "CONTRIBUTOR",
            Role::Customer => "CUSTOMER",
        }
    }
}

impl Persona {
    pub const ALL: [Persona; 5] = [
        Persona::Admin,
        Persona::Contributor,
        Persona::Contributor2,
        Persona::Viewer,
        Persona::Mfa,
    ];

    /// The lower-case name used in tokens and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Persona::Admin => "admin",
            Persona::Contributor => "contributor",
            Persona::Contributor2 => "contributor2",
            Persona::Viewer => "viewer",
            Persona::Mfa => "mfa",
        }
    }

    pub(crate) fn role(self) -> Role {
        match self {
            Persona::Admin => Role::OrgAdmin,
            Persona::Contributor | Persona::Contributor2 | Persona::Mfa => Role::Contributor,
            Persona::Viewer => Role::Customer,
        }
    }

    pub(crate) fn user_id(self) -> &'static str {
        match self {
            Persona::Admin => "usr_ada",
            Persona::Contributor => "usr_carl",
            Persona::Contributor2 => "usr_cora",
            Persona::Viewer => "usr_vera",
            Persona::Mfa => "usr_mia",
        }
    }

    pub(crate) fn display_name(self) -> &'static str {
        match self {
            Persona::Admin => "Ada Admin",
            Persona::Contributor => "Carl Contributor",
            Persona::Contributor2 => "Cora Contributor",
            Persona::Viewer => "Vera Viewer",
            Persona::Mfa => "Mia Mfa",
        }
    }

    pub(crate) fn email(self) -> &'static str {
        match self {
            Persona::Admin => "ada@acme.example",
            Persona::Contributor => "carl@acme.example",
            Persona::Contributor2 => "cora@acme.example",
            Persona::Viewer => "vera@acme.example",
            Persona::Mfa => "mia@acme.example",
        }
    }

    pub(crate) fn mfa_code(self) -> Option<&'static str> {
        (self == Persona::Mfa).then_some(MFA_CODE)
    }

    pub(crate) fn by_email(email: &str) -> Option<Persona> {
        let email = email.trim();
        Persona::ALL
            .into_iter()
            .find(|p| p.email().eq_ignore_ascii_case(email))
    }

    /// The token the persona starts with: `fk_<persona>_<16 hex>`, fixed by the seed.
    pub(crate) fn token(self, seed: u64) -> String {
        self.token_generation(seed, 0)
    }

    /// A fresh token for a sign-in after the first one was revoked.
    pub(crate) fn token_generation(self, seed: u64, generation: u64) -> String {
        let n = rng::key(&[seed, 0x70CE, self as u64, generation]);
        format!("fk_{}_{n:016x}", self.as_str())
    }

    pub(crate) fn info(self, seed: u64) -> IdentityInfo {
        IdentityInfo {
            persona: self,
            id: self.user_id().to_owned(),
            name: self.display_name().to_owned(),
            email: self.email().to_owned(),
            password: PASSWORD.to_owned(),
            roles: vec![self.role().as_str().to_owned()],
            token: self.token(seed),
            mfa_code: self.mfa_code().map(str::to_owned),
        }
    }
}

/// Everything needed to act as one identity (practice data; printed on start by design).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityInfo {
    pub persona: Persona,
    pub id: String,
    pub name: String,
    pub email: String,
    pub password: String,
    pub roles: Vec<String>,
    /// The API token the identity starts with.
    pub token: String,
    /// The TOTP code sign-in asks for, if the identity has two-factor sign-in.
    pub mfa_code: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_per_persona_and_per_seed() {
        let t = Persona::Admin.token(1);
        assert!(t.starts_with("fk_admin_") && t.len() == "fk_admin_".len() + 16);
        assert_eq!(t, Persona::Admin.token(1));
        assert_ne!(t, Persona::Admin.token(2));
        assert_ne!(t, Persona::Admin.token_generation(1, 1));
        let all: std::collections::HashSet<_> = Persona::ALL.iter().map(|p| p.token(1)).collect();
        assert_eq!(all.len(), 5);
    }

    #[test]
    fn email_lookup_ignores_case_and_spaces() {
        assert_eq!(Persona::by_email(" Mia@Acme.example "), Some(Persona::Mfa));
        assert_eq!(Persona::by_email("nobody@acme.example"), None);
    }
}
