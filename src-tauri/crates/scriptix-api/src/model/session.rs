use serde_json::Value;

use super::{into_object, is_deleted, objects, DocumentSummary, Person};
use crate::wire::{self, Object};
use crate::ApiError;

/// A recording and its documents (a "transcript" to the user).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "serde_json::Value")]
pub struct Session {
    /// The public `session_id` used in paths (the internal numeric `id` only if missing).
    pub id: String,
    pub filename: String,
    /// A lowercase word: `completed`, `processing`, `queued`, `error`, … (numeric statuses
    /// are mapped to these).
    pub status: String,
    pub language: String,
    pub duration_seconds: f64,
    pub media_type: String,
    pub created_at: String,
    pub last_modified: String,
    pub is_deleted: bool,
    pub created_by: Option<Person>,
    /// `None` when the server did not send the documents: fetch the session to learn them.
    pub documents: Option<Vec<DocumentSummary>>,
    /// An explicit permission, if the server ever sends one.
    pub can_delete: Option<bool>,
}

impl Session {
    /// `None` when the row has no usable id (nothing could be done with it).
    pub(crate) fn read(obj: &Object) -> Option<Session> {
        let id = wire::id(wire::first(obj, &["session_id", "id"]))?;
        let text = |keys: &[&str]| wire::text(wire::first(obj, keys)).unwrap_or_default();
        Some(Session {
            id,
            filename: text(&["filename", "name", "title"]),
            status: read_status(obj.get("status")),
            language: text(&["language"]),
            duration_seconds: wire::number(wire::first(obj, &["duration", "duration_seconds"]))
                .unwrap_or(0.0),
            media_type: text(&["media_type"]),
            created_at: text(&["created_at", "date_session_start", "created"]),
            last_modified: text(&["last_modified", "last_update", "updated_at", "finished_at"]),
            is_deleted: is_deleted(obj),
            created_by: Person::read(wire::first(obj, &["created_by", "owner", "user"])),
            documents: read_documents(obj),
            can_delete: wire::can_delete(obj),
        })
    }
}

impl TryFrom<Value> for Session {
    type Error = ApiError;
    fn try_from(v: Value) -> Result<Self, ApiError> {
        Session::read(&into_object(v, "a session")?)
            .ok_or_else(|| wire::shape("a session without an id"))
    }
}

/// `documents: [...]`, or the single `document: {id, name, type}` of the status page.
/// Soft-deleted documents and documents without an id are left out.
fn read_documents(obj: &Object) -> Option<Vec<DocumentSummary>> {
    let rows = objects(obj.get("documents")).or_else(|| {
        obj.get("document")
            .and_then(Value::as_object)
            .filter(|d| d.contains_key("id"))
            .map(|d| vec![d])
    })?;
    Some(
        rows.into_iter()
            .filter(|d| !is_deleted(d))
            .map(DocumentSummary::read)
            .filter(|d| !d.id.is_empty())
            .collect(),
    )
}

/// Statuses are words on the newer API and integers on the reseller list. The integer
/// codes are not documented; this mapping follows the UI's order (queued, processing,
/// finished, error) and is a guess.
fn read_status(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.trim().to_lowercase(),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(0) => "queued",
            Some(1) => "processing",
            Some(2) => "completed",
            Some(3) => "error",
            _ => "unknown",
        }
        .to_owned(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DocumentKind;
    use serde_json::json;

    #[test]
    fn the_fake_servers_shape() {
        let s = Session::try_from(json!({
            "id": 101, "session_id": "sess_a", "filename": "Board.mp3", "status": "Completed",
            "language": "nl", "duration": 61.5, "media_type": "audio/mpeg",
            "created_at": "2024-01-02T03:04:05Z", "last_modified": "2024-01-03T00:00:00Z",
            "is_deleted": false, "created_by": {"id": 7, "name": "Ann"},
            "documents": [
                {"id": "doc_1", "filename": "Board", "type": "document", "finished": true, "size_bytes": 2048},
                {"id": "doc_2", "type": "caption", "is_deleted": true},
                {"filename": "no id"}
            ],
            "something_new": [1, 2, 3]
        }))
        .unwrap();
        assert_eq!(s.id, "sess_a");
        assert_eq!(s.status, "completed");
        assert_eq!(s.duration_seconds, 61.5);
        assert_eq!(
            s.created_by,
            Some(Person {
                id: "7".into(),
                name: "Ann".into()
            })
        );
        let docs = s.documents.unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].kind, DocumentKind::Transcript);
        assert!(docs[0].finished);
        assert_eq!(docs[0].size_bytes, Some(2048));
    }

    #[test]
    fn older_shapes() {
        let s = Session::try_from(json!({
            "id": 67890, "status": 2, "duration": "12", "date_session_start": "2020-01-01",
            "last_update": "2020-01-02", "document": {"id": 5, "name": "T", "type": "transcript"}
        }))
        .unwrap();
        assert_eq!(s.id, "67890");
        assert_eq!(s.status, "completed");
        assert_eq!(s.duration_seconds, 12.0);
        assert_eq!(s.created_at, "2020-01-01");
        assert_eq!(s.last_modified, "2020-01-02");
        let docs = s.documents.unwrap();
        assert_eq!((docs[0].id.as_str(), docs[0].filename.as_str()), ("5", "T"));
    }

    #[test]
    fn documents_not_sent_is_not_the_same_as_none() {
        let s = Session::try_from(json!({"session_id": "s"})).unwrap();
        assert_eq!(s.documents, None);
        let s = Session::try_from(json!({"session_id": "s", "documents": []})).unwrap();
        assert_eq!(s.documents, Some(vec![]));
    }

    #[test]
    fn a_session_needs_an_id() {
        assert!(matches!(
            Session::try_from(json!({"filename": "x"})),
            Err(ApiError::Decode { .. })
        ));
    }

    #[test]
    fn permissions_when_sent() {
        let s = Session::try_from(json!({"session_id": "s", "permissions": {"can_delete": false}}))
            .unwrap();
        assert_eq!(s.can_delete, Some(false));
    }

    #[test]
    fn round_trips_through_its_own_serialized_form() {
        let s = Session::try_from(json!({
            "session_id": "s", "id": 3, "status": 1, "duration": 2.5, "created_by": "Ann",
            "documents": [{"id": "d", "type": "caption", "comment_count": 2, "can_delete": true}],
            "can_delete": true
        }))
        .unwrap();
        let back: Session = serde_json::from_value(serde_json::to_value(&s).unwrap()).unwrap();
        assert_eq!(back, s);
    }
}
