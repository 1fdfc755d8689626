use serde_json::Value;

use super::{into_object, is_deleted, objects, Comment, Person};
use crate::wire::{self, Object};
use crate::ApiError;

/// Transcript or caption. The wire calls a transcript `document` (newer docs) or
/// `transcript` (status page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    Transcript,
    Caption,
    #[default]
    Other,
}

impl DocumentKind {
    fn read(v: Option<&Value>) -> Option<DocumentKind> {
        let word = v?.as_str()?.trim().to_ascii_lowercase();
        Some(match word.as_str() {
            "document" | "transcript" | "transcription" => DocumentKind::Transcript,
            "caption" | "captions" | "subtitle" | "subtitles" => DocumentKind::Caption,
            _ => DocumentKind::Other,
        })
    }
}

/// A document as listed in its session (no content).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "serde_json::Value")]
pub struct DocumentSummary {
    pub id: String,
    pub filename: String,
    pub kind: DocumentKind,
    pub language: String,
    /// The "finalized / locked" flag.
    pub finished: bool,
    pub created: String,
    pub last_modified: String,
    pub size_bytes: Option<u64>,
    pub created_by: Option<Person>,
    pub comment_count: Option<u32>,
    pub can_delete: Option<bool>,
}

impl DocumentSummary {
    /// Never fails: the id may be empty (the caller usually knows it).
    pub(crate) fn read(obj: &Object) -> DocumentSummary {
        let text = |keys: &[&str]| wire::text(wire::first(obj, keys)).unwrap_or_default();
        let nested_type = obj
            .get("document")
            .and_then(Value::as_object)
            .and_then(|d| d.get("document_type"));
        DocumentSummary {
            id: wire::id(wire::first(obj, &["id", "document_id"])).unwrap_or_default(),
            filename: text(&["filename", "name", "title"]),
            kind: DocumentKind::read(wire::first(obj, &["type", "kind", "document_type"]))
                .or_else(|| DocumentKind::read(nested_type))
                .unwrap_or_default(),
            language: text(&["language"]),
            finished: wire::flag(wire::first(obj, &["finished", "is_finished", "finalized"]))
                .unwrap_or(false),
            created: text(&["created", "created_at"]),
            last_modified: text(&["last_modified", "updated_at"]),
            size_bytes: wire::count(obj.get("size_bytes")),
            created_by: Person::read(wire::first(obj, &["created_by", "owner", "user"])),
            comment_count: wire::count(wire::first(obj, &["comment_count", "comments_count"]))
                .map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
            can_delete: wire::can_delete(obj),
        }
    }
}

impl TryFrom<Value> for DocumentSummary {
    type Error = ApiError;
    fn try_from(v: Value) -> Result<Self, ApiError> {
        Ok(DocumentSummary::read(&into_object(v, "a document")?))
    }
}

/// One stretch of speech.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "serde_json::Value")]
pub struct Segment {
    pub start_ms: u64,
    pub end_ms: u64,
    pub speaker: String,
    pub text: String,
}

/// The unit of a document's `start`/`end`/`stop` numbers. The docs show milliseconds
/// (`{start: 525, stop: 6252}`); the newer pages' `{start, end}` segments and other
/// speech tools use seconds (`{start: 0.52, end: 6.25}`). Decided once per document, from
/// its data, so one odd value cannot split a document between two units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TimeUnit {
    Millis,
    Seconds,
}

const PLAIN_TIME_KEYS: [&str; 4] = ["start", "end", "stop", "begin"];

impl TimeUnit {
    /// Seconds when most of the non-zero times have a fractional part: milliseconds are
    /// whole numbers (a stray `1500.4` stays a millisecond value), times in seconds almost
    /// never are. Keys that name their unit (`start_ms`) are always milliseconds.
    fn of(rows: &[&Object]) -> TimeUnit {
        let (mut fractional, mut nonzero) = (0usize, 0usize);
        for row in rows {
            for key in PLAIN_TIME_KEYS {
                if let Some(t) = wire::number(row.get(key)).filter(|t| *t > 0.0) {
                    nonzero += 1;
                    if t.fract() != 0.0 {
                        fractional += 1;
                    }
                }
            }
        }
        if nonzero > 0 && fractional * 2 > nonzero {
            TimeUnit::Seconds
        } else {
            TimeUnit::Millis
        }
    }

    /// A time in milliseconds: the plain keys in this unit, or the `_ms` keys.
    fn read(self, obj: &Object, plain: &[&str], ms_key: &str) -> u64 {
        let plain_value = plain.iter().find_map(|k| wire::number(obj.get(*k)));
        match (plain_value, self) {
            (Some(t), TimeUnit::Seconds) if t >= 0.0 => (t * 1000.0).round() as u64,
            (Some(t), TimeUnit::Millis) if t >= 0.0 => t.round() as u64,
            _ => wire::count(obj.get(ms_key)).unwrap_or(0),
        }
    }
}

impl Segment {
    fn read(obj: &Object, unit: TimeUnit) -> Segment {
        Segment {
            start_ms: unit.read(obj, &["start", "begin"], "start_ms"),
            end_ms: unit.read(obj, &["end", "stop"], "end_ms"),
            speaker: read_speaker(obj.get("speaker")),
            text: wire::text(obj.get("text"))
                .or_else(|| words_text(obj.get("words")))
                .unwrap_or_default(),
        }
    }
}

impl TryFrom<Value> for Segment {
    type Error = ApiError;
    fn try_from(v: Value) -> Result<Self, ApiError> {
        // Its own serialized form carries `start_ms`/`end_ms`; a lone wire segment is read
        // in milliseconds, as the docs show it.
        let obj = into_object(v, "a segment")?;
        let unit = TimeUnit::of(&[&obj]);
        Ok(Segment::read(&obj, unit))
    }
}

/// A document with its content.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "serde_json::Value")]
pub struct Document {
    pub summary: DocumentSummary,
    /// `HH:MM:SS:FF`, as sent.
    pub timecode_offset: String,
    pub segments: Vec<Segment>,
    pub speakers: Vec<Person>,
    /// The comments, when the document JSON carries them (deleted ones left out); `None`
    /// means they were not sent, so ask [`crate::ScriptixClient::comments`].
    pub comments: Option<Vec<Comment>>,
    /// From a shared link's answer: whether the link allows deleting (it never should).
    pub shared_can_delete: Option<bool>,
    /// The full JSON as received, so a backup keeps what this client does not model.
    /// Every other field is derived from it.
    pub raw: Value,
}

impl Document {
    /// Reads the document object (already out of its envelope).
    pub(crate) fn read(raw: Value) -> Result<Document, ApiError> {
        let obj = match &raw {
            Value::Object(obj) => obj,
            _ => return Err(wire::shape("a document")),
        };
        // Its own serialized form: everything derives from `raw`.
        if obj.contains_key("summary") && obj.contains_key("raw") {
            let mut obj = into_object(raw, "a document")?;
            return Document::read(obj.remove("raw").unwrap_or(Value::Null));
        }
        let body = obj.get("document");
        let (segments, speakers) = match body {
            Some(Value::Array(_)) => (read_segments(body), Vec::new()),
            Some(Value::Object(doc)) => {
                let content = doc.get("content");
                let segments = match content {
                    Some(Value::Object(c)) => read_segments(c.get("segments")),
                    Some(Value::Array(_)) => read_segments(content),
                    _ => read_segments(doc.get("segments")),
                };
                let speakers = doc
                    .get("metadata")
                    .and_then(|m| m.get("speakers"))
                    .or_else(|| doc.get("speakers"));
                (segments, read_speakers(speakers))
            }
            _ => (
                read_segments(obj.get("segments")),
                read_speakers(obj.get("speakers")),
            ),
        };
        Ok(Document {
            summary: DocumentSummary::read(obj),
            timecode_offset: wire::text(obj.get("timecode_offset")).unwrap_or_default(),
            segments,
            speakers,
            comments: objects(obj.get("comments")).map(|rows| {
                rows.into_iter()
                    .filter(|c| !is_deleted(c))
                    .filter_map(Comment::read)
                    .collect()
            }),
            shared_can_delete: obj
                .get("shared")
                .and_then(Value::as_object)
                .and_then(|s| wire::flag(s.get("can_delete"))),
            raw,
        })
    }
}

impl TryFrom<Value> for Document {
    type Error = ApiError;
    fn try_from(v: Value) -> Result<Self, ApiError> {
        Document::read(v)
    }
}

fn read_segments(v: Option<&Value>) -> Vec<Segment> {
    let rows = objects(v).unwrap_or_default();
    let unit = TimeUnit::of(&rows);
    rows.into_iter()
        .map(|row| Segment::read(row, unit))
        .collect()
}

fn read_speakers(v: Option<&Value>) -> Vec<Person> {
    v.and_then(Value::as_array)
        .map(|items| items.iter().filter_map(|p| Person::read(Some(p))).collect())
        .unwrap_or_default()
}

/// A speaker label: `"S1"`, `3`, or `{id, name}` (the name wins).
fn read_speaker(v: Option<&Value>) -> String {
    match v {
        Some(Value::Object(obj)) => wire::text(wire::first(obj, &["name", "id"])),
        other => wire::text(other),
    }
    .unwrap_or_default()
}

/// Some segment shapes carry words but no joined text.
fn words_text(v: Option<&Value>) -> Option<String> {
    let words: Vec<String> = v?
        .as_array()?
        .iter()
        .filter_map(|w| match w {
            Value::Object(obj) => wire::text(wire::first(obj, &["text", "word"])),
            other => wire::text(Some(other)),
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn transcript_shape() {
        let doc = Document::try_from(json!({
            "id": "doc_1", "filename": "Board", "type": "document", "language": "en",
            "created": "2024-01-01", "last_modified": "2024-01-02", "finished": false,
            "timecode_offset": "00:00:00:00", "content_type": "application/json", "size_bytes": 10,
            "document": {
                "document_type": "document",
                "metadata": {"speakers": [{"id": "S1", "name": "Ann"}, {"id": 2, "name": "Bo"}]},
                "content": {"segments": [
                    {"start": 0, "end": 1500, "speaker": "S1", "text": "Hello"},
                    {"start": 1500.4, "end": 3000, "speaker": {"id": 2, "name": "Bo"}, "words": [{"text": "Hi"}, {"text": "there"}]}
                ]}
            }
        }))
        .unwrap();
        assert_eq!(doc.summary.id, "doc_1");
        assert_eq!(doc.summary.kind, DocumentKind::Transcript);
        assert_eq!(doc.timecode_offset, "00:00:00:00");
        assert_eq!(doc.speakers.len(), 2);
        assert_eq!(doc.speakers[1].id, "2");
        assert_eq!(
            doc.segments,
            vec![
                Segment {
                    start_ms: 0,
                    end_ms: 1500,
                    speaker: "S1".into(),
                    text: "Hello".into()
                },
                Segment {
                    start_ms: 1500,
                    end_ms: 3000,
                    speaker: "Bo".into(),
                    text: "Hi there".into()
                },
            ]
        );
        assert_eq!(doc.raw["content_type"], "application/json");
    }

    #[test]
    fn times_in_seconds_are_read_as_seconds() {
        let doc = Document::try_from(json!({
            "id": "d", "document": {"content": {"segments": [
                {"start": 0.0, "end": 1.52, "text": "a"},
                {"start": 1.52, "end": 3.0, "text": "b"},
                {"start": 61.25, "end": 62.75, "text": "c"}
            ]}}
        }))
        .unwrap();
        let times: Vec<(u64, u64)> = doc
            .segments
            .iter()
            .map(|s| (s.start_ms, s.end_ms))
            .collect();
        assert_eq!(times, [(0, 1520), (1520, 3000), (61250, 62750)]);
    }

    #[test]
    fn whole_numbers_stay_milliseconds_and_named_keys_win() {
        let doc = Document::try_from(json!({
            "id": "d", "document": [
                {"start": 525, "stop": 6252, "text": "a"},
                {"start_ms": 7000, "end_ms": 8000, "text": "b"}
            ]
        }))
        .unwrap();
        let times: Vec<(u64, u64)> = doc
            .segments
            .iter()
            .map(|s| (s.start_ms, s.end_ms))
            .collect();
        assert_eq!(times, [(525, 6252), (7000, 8000)]);
    }

    #[test]
    fn older_caption_shape() {
        let doc = Document::try_from(json!({
            "id": "12780b54-5575-44e4-bbca-0a410b432183", "type": "caption",
            "document": [{"start": 525, "stop": 6252, "speaker": "M1", "text": "line one\nline two"}]
        }))
        .unwrap();
        assert_eq!(doc.summary.kind, DocumentKind::Caption);
        assert_eq!(doc.segments[0].end_ms, 6252);
        assert_eq!(doc.segments[0].text, "line one\nline two");
        assert!(doc.speakers.is_empty());
        assert_eq!(doc.comments, None, "not sent is not the same as none");
    }

    #[test]
    fn comments_carried_in_the_document() {
        let doc = Document::try_from(json!({
            "id": "d", "comments": [
                {"id": "c1", "author": {"id": 1, "name": "Ann"}, "text": "hi"},
                {"id": "c2", "text": "gone", "is_deleted": true}
            ]
        }))
        .unwrap();
        let ids: Vec<&str> = doc
            .comments
            .as_deref()
            .unwrap()
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, ["c1"]);
        let empty = Document::try_from(json!({"id": "d", "comments": []})).unwrap();
        assert_eq!(empty.comments, Some(vec![]));
    }

    #[test]
    fn shared_permission_is_read() {
        let doc = Document::try_from(json!({"id": 1, "shared": {"can_delete": false}})).unwrap();
        assert_eq!(doc.shared_can_delete, Some(false));
        assert_eq!(doc.summary.id, "1");
    }

    #[test]
    fn not_an_object_is_a_decode_error() {
        assert!(matches!(
            Document::try_from(json!("x")),
            Err(ApiError::Decode { .. })
        ));
    }

    #[test]
    fn round_trips_through_its_own_serialized_form() {
        let doc = Document::try_from(json!({
            "id": 9, "type": "caption", "unknown": {"kept": [1]},
            "document": [{"start": 1, "end": 2, "text": "x"}], "shared": {"can_delete": true}
        }))
        .unwrap();
        let back: Document = serde_json::from_value(serde_json::to_value(&doc).unwrap()).unwrap();
        assert_eq!(back, doc);
        assert_eq!(back.raw["unknown"]["kept"][0], 1);
    }
}
