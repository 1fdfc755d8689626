//! Documents reached through a share ("magic") link: no account, no auth header; the
//! link's token travels as the `token` query parameter.

use reqwest::Method;
use serde_json::Value;
use tokio::io::AsyncWrite;
use url::Url;

use crate::export::export;
use crate::model::Document;
use crate::transport::{Call, Transport};
use crate::{
    routes, validate_base_url, wire, ApiError, ClientOptions, ExportFormat, ExportInfo, Progress,
    Secret,
};

/// A parsed share link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedLink {
    /// `None` for the newer links that name only the document
    /// (`…/shared/transcript/{id}?token=…`, `…/share/{id}`).
    pub session_id: Option<String>,
    pub document_id: String,
    pub token: Secret,
}

/// Words that say what kind of document a link points at; never an id.
const KIND_WORDS: [&str; 6] = [
    "transcript",
    "transcripts",
    "caption",
    "captions",
    "document",
    "documents",
];

impl SharedLink {
    /// Accepts the link forms the docs and the web app show:
    /// - old: `<any host>/shared/{s}/{d}/{token}`, also behind
    ///   `app.scriptix.io/{transcripts|captions}/…`;
    /// - new: `app.scriptix.io/shared/transcript/{d}?token=…` and `…/share/{d}` (with
    ///   `?token=…`, or without, when the share id is its own token: *guessed*);
    /// - the API's own `/shared/{s}/document/{d}?token=…`, and `…/shared/…/{s}/{d}?token=…`.
    ///
    /// The scheme may be left out. Anything else is [`ApiError::UnknownLink`]: a link is
    /// never read as ids it does not clearly hold, since a wrong id opens the wrong thing.
    pub fn parse(link: &str) -> Result<SharedLink, ApiError> {
        let link = link.trim();
        let url = Url::parse(link)
            .ok()
            .filter(|u| u.has_host())
            .or_else(|| Url::parse(&format!("https://{link}")).ok())
            .ok_or_else(not_a_link)?;
        let segments: Vec<String> = url
            .path_segments()
            .ok_or_else(not_a_link)?
            .filter(|s| !s.is_empty())
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect();
        let marker = segments
            .iter()
            .position(|s| s.eq_ignore_ascii_case("shared") || s.eq_ignore_ascii_case("share"))
            .ok_or_else(not_a_link)?;
        let short_form = segments[marker].eq_ignore_ascii_case("share");
        let is_kind = |s: &String| KIND_WORDS.iter().any(|w| s.eq_ignore_ascii_case(w));
        let mut after = &segments[marker + 1..];
        if let [kind, rest @ ..] = after {
            if is_kind(kind) {
                after = rest;
            }
        }
        // A kind word is never an id, wherever it stands.
        if after.iter().any(is_kind)
            && !matches!(after, [_, middle, _] if middle.eq_ignore_ascii_case("document"))
        {
            return Err(not_a_link());
        }
        let query_token = url
            .query_pairs()
            .find(|(k, _)| k == "token")
            .map(|(_, v)| v.into_owned());

        let (s, d, token) = match (query_token, after) {
            (Some(token), [s, middle, d]) if middle.eq_ignore_ascii_case("document") => {
                (Some(s.clone()), d.clone(), token)
            }
            (Some(token), [s, d]) => (Some(s.clone()), d.clone(), token),
            (Some(token), [d]) => (None, d.clone(), token),
            (None, [s, d, token]) if !short_form => (Some(s.clone()), d.clone(), token.clone()),
            (None, [d]) if short_form => (None, d.clone(), d.clone()),
            _ => return Err(not_a_link()),
        };
        // The same rules as for any id, so a pasted link cannot address another endpoint.
        if let Some(s) = &s {
            routes::segment(s, "session id in the link")?;
        }
        routes::segment(&d, "document id in the link")?;
        if token.trim().is_empty() {
            return Err(not_a_link());
        }
        Ok(SharedLink {
            session_id: s,
            document_id: d,
            token: Secret::new(token),
        })
    }
}

fn not_a_link() -> ApiError {
    ApiError::UnknownLink {
        message: "this is not a Scriptix share link the app knows".into(),
    }
}

/// The shared document, fetched without any account.
pub async fn fetch_shared_document(
    base_url: &str,
    link: &SharedLink,
    opts: &ClientOptions,
) -> Result<Document, ApiError> {
    let transport = anonymous_transport(base_url, opts)?;
    let url = shared_url(&transport, link, &[])?;
    let body = transport.json(&Call::anonymous(Method::GET, url)).await?;
    let mut doc = Document::read(fold_envelope_sharing(body)?)?;
    if doc.summary.id.is_empty() {
        doc.summary.id.clone_from(&link.document_id);
    }
    Ok(doc)
}

/// The shared document exported into `out`, like [`crate::ScriptixClient::export_to`].
pub async fn export_shared_to<W: AsyncWrite + Unpin + Send>(
    base_url: &str,
    link: &SharedLink,
    opts: &ClientOptions,
    format: ExportFormat,
    out: &mut W,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<ExportInfo, ApiError> {
    let transport = anonymous_transport(base_url, opts)?;
    let url = shared_url(
        &transport,
        link,
        &[("format", format.as_str()), ("direct_download", "true")],
    )?;
    export(&transport, Call::anonymous(Method::GET, url), out, progress).await
}

fn anonymous_transport(base_url: &str, opts: &ClientOptions) -> Result<Transport, ApiError> {
    Transport::new(validate_base_url(base_url)?, None, opts)
}

fn shared_url(
    transport: &Transport,
    link: &SharedLink,
    extra: &[(&str, &str)],
) -> Result<Url, ApiError> {
    let path = match &link.session_id {
        Some(s) => routes::shared_document(s, &link.document_id)?,
        None => routes::shared_by_id(&link.document_id)?,
    };
    let mut query = vec![("token", link.token.expose())];
    query.extend_from_slice(extra);
    Ok(transport.url(&path, &query))
}

/// The document object. A `shared` block sent beside `result` rather than inside it is
/// moved into the document, so `raw` (and a backup of it) keeps it.
fn fold_envelope_sharing(body: Value) -> Result<Value, ApiError> {
    let shared = body.get("shared").cloned();
    let mut doc = wire::object(body, "the shared document")?;
    if let Some(shared) = shared {
        doc.entry("shared").or_insert(shared);
    }
    Ok(Value::Object(doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(link: &str) -> (String, String, String) {
        let l = SharedLink::parse(link).unwrap_or_else(|e| panic!("{link}: {e}"));
        (
            l.session_id.unwrap_or_default(),
            l.document_id,
            l.token.expose().to_owned(),
        )
    }

    fn triple(s: &str, d: &str, t: &str) -> (String, String, String) {
        (s.into(), d.into(), t.into())
    }

    #[test]
    fn every_link_form() {
        assert_eq!(
            parts("http://127.0.0.1:4000/shared/sess_1/doc_2/tok3"),
            triple("sess_1", "doc_2", "tok3")
        );
        assert_eq!(
            parts("https://app.scriptix.io/transcripts/shared/s1/d1/abc"),
            triple("s1", "d1", "abc")
        );
        assert_eq!(
            parts("app.scriptix.io/captions/shared/s1/d1/abc/"),
            triple("s1", "d1", "abc")
        );
        assert_eq!(
            parts("https://app.scriptix.io/shared/transcript/s1/d1?token=t%2B1"),
            triple("s1", "d1", "t+1")
        );
        assert_eq!(
            parts("https://api.scriptix.io/api/v3/shared/s1/document/d1?token=t&format=json"),
            triple("s1", "d1", "t")
        );
        assert_eq!(
            parts("https://scriptix.app/shared/x/y/z"),
            triple("x", "y", "z")
        );
        assert_eq!(parts("https://h/shared/a%20b/d/t"), triple("a b", "d", "t"));
    }

    #[test]
    fn the_newer_one_id_forms() {
        let l =
            SharedLink::parse("https://app.scriptix.io/shared/transcript/doc_9?token=abc").unwrap();
        assert_eq!(
            l.session_id, None,
            "the kind word is never taken for a session id"
        );
        assert_eq!(l.document_id, "doc_9");
        assert_eq!(l.token.expose(), "abc");
        assert_eq!(
            parts("app.scriptix.io/share/doc_9?token=t1"),
            triple("", "doc_9", "t1")
        );
        assert_eq!(
            parts("https://app.scriptix.io/share/shr_77"),
            triple("", "shr_77", "shr_77")
        );
        assert_eq!(
            parts("https://app.scriptix.io/shared/captions/doc_9?token=t"),
            triple("", "doc_9", "t")
        );
    }

    #[test]
    fn not_links() {
        for bad in [
            "",
            "hello",
            "https://app.scriptix.io/transcripts/s1/d1/abc",
            "https://h/shared/s1/d1",
            "https://h/shared/s1/d1/t/extra",
            "https://h/shared/../d1/t",
            "https://h/shared/s1/d1?token=",
            "https://app.scriptix.io/shared/transcript?token=t",
            "https://app.scriptix.io/shared/transcript/a/b/c/d?token=t",
            "https://app.scriptix.io/share/a/b",
            "https://app.scriptix.io/shared/doc_9",
        ] {
            assert!(
                matches!(
                    SharedLink::parse(bad),
                    Err(ApiError::UnknownLink { .. } | ApiError::InvalidId { .. })
                ),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let l = SharedLink::parse("https://h/shared/s/d/very-secret").unwrap();
        assert!(!format!("{l:?}").contains("very-secret"));
    }
}
