//! Documented shapes and behaviours the default fake does not send, each behind a switch,
//! so client tests can meet every variant the Scriptix docs allow (see the "Quirks" part
//! of `docs/api-contract.md`). All off by default.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Quirks {
    /// The session list hands out at most this many rows a page (the docs' 100 otherwise).
    pub max_page_size: Option<usize>,
    /// The session list hands out no rows at or past this offset, while `total_results`
    /// still counts them all, as a search backend with a result window (10,000 rows is a
    /// common one) does: a list that cannot be read to its end.
    pub max_offset: Option<usize>,
    /// The session list ignores `offset` and leaves out `count`/`total_results`: an endless
    /// series of full pages, as a broken server or proxy could send.
    pub endless_list: bool,
    /// `GET …/speech-to-text/session` answers 308 to `…/session/` (a trailing-slash
    /// redirect, as some web frameworks do).
    pub trailing_slash_redirect: bool,
    /// Every API request answers 307 to the same path on this origin
    /// (e.g. `http://127.0.0.1:9`): a redirect the client must not follow with its token.
    pub redirect_to_origin: Option<String>,
    /// Segment times in seconds (floats) instead of milliseconds.
    pub seconds_times: bool,
    /// The comment list answers this status (404 or 405) and the document JSON carries no
    /// `comments`: a server where comments can only be deleted, not listed.
    pub no_comment_list: Option<u16>,
    /// `finished_status` answers 415 unless the request says `Content-Type: application/json`.
    pub finished_needs_json: bool,
    /// The shape of `GET /account/me`.
    pub me_shape: MeShape,
    /// `GET /account/me` answers this status (403, 404 or 405) to a token sent in the
    /// `x-zoom-s2t-key` header: a server where API keys work but cannot read the profile.
    pub me_refuses_keys: Option<u16>,
    /// A deleted document still answers `GET` (with `is_deleted: true`), as a soft delete
    /// that keeps the record would.
    pub deleted_documents_readable: bool,
    /// A refused delete answers 404 "not found or not yours" instead of 403, as the older
    /// docs describe for objects another token created.
    pub hide_refusals: bool,
}

/// Plausible `/account/me` shapes (the endpoint's answer is not documented).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeShape {
    /// `{result:{id, name, email, organization:{id,name}, roles:["ORGADMIN"]}}`
    #[default]
    Plain,
    /// `{result:{user:{id, name, email, role_list:[{name}]}, org:{id, title}}}`
    UserWrapped,
    /// `{id, name, email, organisation:"Acme", role:"orgadmin"}` without an envelope.
    Bare,
    /// `{result:{id, name, email}}`: no organisation, no roles.
    NoRoles,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_quirks_json_fills_in_the_rest() {
        let q: Quirks =
            serde_json::from_str(r#"{"max_page_size": 10, "me_shape": "user_wrapped"}"#).unwrap();
        assert_eq!(
            q,
            Quirks {
                max_page_size: Some(10),
                me_shape: MeShape::UserWrapped,
                ..Quirks::default()
            }
        );
        assert!(serde_json::from_str::<Quirks>(r#"{"me_shape": "odd"}"#).is_err());
    }
}
