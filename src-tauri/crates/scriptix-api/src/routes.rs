//! The API paths, with every id made into exactly one path segment.
//!
//! Ids come from the server and from pasted links, so they are untrusted: an id like
//! `../x` or `a/b` must never address another endpoint (a DELETE on the wrong path could
//! destroy the wrong thing). Everything but RFC 3986 "unreserved" characters is
//! percent-encoded, `%` included, so no id can add a `/`, `?` or `#`, or smuggle in an
//! already-encoded one; the only ids that would still be dot-segments, `.` and `..`, are
//! refused, as is the empty id.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::ApiError;

/// Everything except `A-Z a-z 0-9 - . _ ~`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One id as one encoded path segment.
pub(crate) fn segment(id: &str, what: &str) -> Result<String, ApiError> {
    match id {
        "" => Err(invalid_id(what, "is empty")),
        "." | ".." => Err(invalid_id(what, "is not a usable id")),
        _ => Ok(utf8_percent_encode(id, SEGMENT).to_string()),
    }
}

fn invalid_id(what: &str, why: &str) -> ApiError {
    ApiError::InvalidId {
        message: format!("the {what} {why}"),
    }
}

// Paths are relative to the (normalised, `/`-terminated) base URL.

const SESSIONS: &str = "api/v3/speech-to-text/session";

pub(crate) fn me() -> String {
    "api/v3/account/me".to_owned()
}

pub(crate) fn sessions() -> String {
    SESSIONS.to_owned()
}

pub(crate) fn session(s: &str) -> Result<String, ApiError> {
    Ok(format!("{SESSIONS}/{}", segment(s, "session id")?))
}

pub(crate) fn document(s: &str, d: &str) -> Result<String, ApiError> {
    Ok(format!(
        "{}/document/{}",
        session(s)?,
        segment(d, "document id")?
    ))
}

pub(crate) fn comments(s: &str, d: &str) -> Result<String, ApiError> {
    Ok(format!("{}/comments", document(s, d)?))
}

pub(crate) fn comment(s: &str, d: &str, c: &str) -> Result<String, ApiError> {
    Ok(format!("{}/{}", comments(s, d)?, segment(c, "comment id")?))
}

pub(crate) fn finished_status(s: &str, d: &str) -> Result<String, ApiError> {
    Ok(format!("{}/finished_status", document(s, d)?))
}

pub(crate) fn share(s: &str, d: &str) -> Result<String, ApiError> {
    Ok(format!("{}/share", document(s, d)?))
}

pub(crate) fn shared_document(s: &str, d: &str) -> Result<String, ApiError> {
    Ok(format!(
        "api/v3/shared/{}/document/{}",
        segment(s, "session id")?,
        segment(d, "document id")?
    ))
}

/// A share link that names only the document (`…/shared/transcript/{d}?token=…`). The
/// API path for it is not documented; *guessed* as `shared/{d}` (see the contract).
pub(crate) fn shared_by_id(d: &str) -> Result<String, ApiError> {
    Ok(format!("api/v3/shared/{}", segment(d, "document id")?))
}

pub(crate) fn login_microsoft() -> String {
    "api/v3/auth/login/microsoft".to_owned()
}

pub(crate) fn login() -> String {
    "api/v3/auth/login".to_owned()
}

pub(crate) fn login_mfa() -> String {
    "api/v3/auth/login/mfa".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_ids_stay_inside_one_segment() {
        let cases = [
            ("../x", "..%2Fx"),
            ("a/b", "a%2Fb"),
            ("a?b", "a%3Fb"),
            ("%2F", "%252F"),
            ("#", "%23"),
            ("a\\b", "a%5Cb"),
            ("sess 1", "sess%201"),
            ("...", "..."),
            (".x", ".x"),
            ("é", "%C3%A9"),
            ("sess_ABC-1.2~", "sess_ABC-1.2~"),
        ];
        for (id, want) in cases {
            assert_eq!(segment(id, "id").unwrap(), want, "{id:?}");
        }
    }

    #[test]
    fn empty_and_dot_ids_are_refused() {
        for id in ["", ".", ".."] {
            assert!(
                matches!(segment(id, "session id"), Err(ApiError::InvalidId { .. })),
                "{id:?}"
            );
        }
        assert!(matches!(
            comment("s", "d", ".."),
            Err(ApiError::InvalidId { .. })
        ));
    }

    #[test]
    fn paths_nest_as_the_contract_says() {
        assert_eq!(
            comment("s/1", "d", "c").unwrap(),
            "api/v3/speech-to-text/session/s%2F1/document/d/comments/c"
        );
        assert_eq!(
            shared_document("s", "d?x").unwrap(),
            "api/v3/shared/s/document/d%3Fx"
        );
    }
}
