//! Property tests over everything the client reads from a server or a person: any JSON in
//! any of the shapes the tolerant reader knows (and many it does not), and any pasted
//! share link. Nothing panics, every failure is a typed [`ApiError`], and what is accepted
//! is usable (ids that cannot leave their path segment).
//!
//! Case counts are modest so the file runs in seconds in a debug build; a failure prints
//! the smallest input proptest could shrink it to.

use proptest::prelude::*;
use serde_json::{Map, Number, Value};

use scriptix_api::{
    ApiError, Comment, Document, DocumentSummary, Identity, Organization, Person, Segment, Session,
    SharedLink,
};

/// Keys the reader looks for (from the model), so generated objects hit its branches.
const KEYS: &[&str] = &[
    "result",
    "count",
    "total",
    "total_results",
    "id",
    "session_id",
    "document_id",
    "comment_id",
    "user_id",
    "name",
    "filename",
    "title",
    "status",
    "language",
    "duration",
    "duration_seconds",
    "created",
    "created_at",
    "updated_at",
    "last_modified",
    "last_update",
    "documents",
    "document",
    "segments",
    "speakers",
    "speaker",
    "start",
    "end",
    "start_ms",
    "end_ms",
    "begin",
    "stop",
    "text",
    "words",
    "word",
    "comments",
    "comment_count",
    "comments_count",
    "author",
    "user",
    "created_by",
    "owner",
    "display_name",
    "full_name",
    "first_name",
    "last_name",
    "email",
    "username",
    "role",
    "roles",
    "permissions",
    "can_delete",
    "is_deleted",
    "finished",
    "is_finished",
    "finalized",
    "finished_at",
    "kind",
    "type",
    "document_type",
    "media_type",
    "organization",
    "organisation",
    "segment_start",
    "segment_start_ms",
    "size_bytes",
    "content",
    "body",
    "message",
    "metadata",
    "summary",
    "shared",
    "timecode_offset",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop_oneof![
            Just(-1e300),
            Just(1e300),
            Just(-0.5),
            Just(4.2e18),
            Just(1.8446744073709552e19)
        ]
        .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        prop_oneof![
            Just(""),
            Just("."),
            Just(".."),
            Just("true"),
            Just("1e400"),
            Just("-5"),
            Just("2026-13-45T99:99:99Z"),
            Just("a/b"),
            Just("\u{202E}x"),
        ]
        .prop_map(Value::from),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(str::to_owned),
        1 => "[a-z_]{1,8}",
    ]
}

/// JSON of bounded size and depth, biased towards objects with the reader's keys.
fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// The same value bare, in an envelope, or as a one-item list in an envelope.
fn framed() -> impl Strategy<Value = Value> {
    (json(), 0..3u8, any::<i64>()).prop_map(|(v, frame, count)| match frame {
        0 => v,
        1 => serde_json::json!({ "count": count, "total_results": count, "result": v }),
        _ => serde_json::json!({ "count": count, "result": [v] }),
    })
}

fn typed<T>(what: &str, result: Result<T, ApiError>) -> Result<(), TestCaseError> {
    match result {
        Ok(_) | Err(ApiError::Decode { .. }) | Err(ApiError::InvalidId { .. }) => Ok(()),
        Err(other) => Err(TestCaseError::fail(format!("{what}: {other:?}"))),
    }
}

/// An accepted id is one path segment the client can send.
fn usable_id(id: &str) -> bool {
    !id.is_empty() && id != "." && id != ".."
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_json_reads_as_a_model_or_a_typed_error(v in framed()) {
        typed("session", Session::try_from(v.clone()))?;
        typed("summary", DocumentSummary::try_from(v.clone()))?;
        typed("segment", Segment::try_from(v.clone()))?;
        typed("comment", Comment::try_from(v.clone()))?;
        typed("identity", Identity::try_from(v.clone()))?;
        typed("organization", Organization::try_from(v.clone()))?;
        typed("person", Person::try_from(v.clone()))?;
        if let Ok(doc) = Document::try_from(v) {
            for s in &doc.segments {
                prop_assert!(s.end_ms >= s.start_ms || s.end_ms == 0, "{s:?}");
            }
        }
    }

    #[test]
    fn any_text_from_the_network_parses_or_fails_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(v) = serde_json::from_slice::<Value>(&bytes) {
            typed("session", Session::try_from(v.clone()))?;
            typed("document", Document::try_from(v))?;
        }
    }

    #[test]
    fn any_pasted_text_is_a_share_link_or_a_typed_error(link in ".{0,200}") {
        match SharedLink::parse(&link) {
            Ok(l) => {
                prop_assert!(l.session_id.as_deref().is_none_or(usable_id) && usable_id(&l.document_id), "{link}");
                prop_assert!(!l.token.expose().trim().is_empty());
            }
            Err(ApiError::InvalidId { .. } | ApiError::UnknownLink { .. }) => {}
            Err(other) => prop_assert!(false, "{link}: {other:?}"),
        }
    }

    #[test]
    fn link_shaped_text_never_yields_an_id_that_leaves_its_segment(
        scheme in prop_oneof![Just(""), Just("https://"), Just("http://"), Just("ftp://")],
        host in prop_oneof![Just("app.scriptix.io"), Just("x"), Just("[::1]"), Just("")],
        prefix in prop_oneof![Just(""), Just("/transcripts"), Just("/captions"), Just("/a/b")],
        parts in prop::collection::vec(
            prop_oneof![
                Just("..".to_owned()), Just(".".to_owned()), Just("%2E%2E".to_owned()),
                Just("%2F".to_owned()), Just("document".to_owned()), Just("shared".to_owned()),
                Just("%00".to_owned()), Just("%ZZ".to_owned()), "[a-zA-Z0-9_-]{1,12}",
                ".{1,6}",
            ],
            0..6,
        ),
        query in prop_oneof![Just(String::new()), "\\?token=.{0,10}", Just("?token=".to_owned())],
    ) {
        let link = format!("{scheme}{host}{prefix}/shared/{}{query}", parts.join("/"));
        match SharedLink::parse(&link) {
            Ok(l) => prop_assert!(l.session_id.as_deref().is_none_or(usable_id) && usable_id(&l.document_id), "{link}"),
            Err(ApiError::InvalidId { .. } | ApiError::UnknownLink { .. }) => {}
            Err(other) => prop_assert!(false, "{link}: {other:?}"),
        }
    }
}
