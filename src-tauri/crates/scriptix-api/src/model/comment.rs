use serde_json::Value;

use super::{into_object, Person};
use crate::wire::{self, Object};
use crate::ApiError;

/// A comment on a document (shape guessed: the list call is not documented).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "serde_json::Value")]
pub struct Comment {
    pub id: String,
    pub author: Option<Person>,
    pub text: String,
    pub created_at: String,
    /// Where in the recording it was placed, if anywhere.
    pub segment_start_ms: Option<u64>,
    pub can_delete: Option<bool>,
}

impl Comment {
    /// `None` without an id: such a comment could not be deleted or referred to.
    pub(crate) fn read(obj: &Object) -> Option<Comment> {
        Some(Comment {
            id: wire::id(wire::first(obj, &["id", "comment_id"]))?,
            author: Person::read(wire::first(obj, &["author", "user", "created_by"])),
            text: wire::text(wire::first(obj, &["text", "body", "message", "content"]))
                .unwrap_or_default(),
            created_at: wire::text(wire::first(obj, &["created_at", "created"]))
                .unwrap_or_default(),
            segment_start_ms: wire::count(wire::first(obj, &["segment_start", "segment_start_ms"])),
            can_delete: wire::can_delete(obj),
        })
    }
}

impl TryFrom<Value> for Comment {
    type Error = ApiError;
    fn try_from(v: Value) -> Result<Self, ApiError> {
        Comment::read(&into_object(v, "a comment")?)
            .ok_or_else(|| wire::shape("a comment without an id"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn author_and_text_under_any_documented_name() {
        let c = Comment::try_from(json!({"id": 4, "user": {"id": 1, "name": "Ann"}, "body": "Check this", "segment_start": 1200})).unwrap();
        assert_eq!(c.id, "4");
        assert_eq!(c.author.unwrap().name, "Ann");
        assert_eq!(c.text, "Check this");
        assert_eq!(c.segment_start_ms, Some(1200));
        let c =
            Comment::try_from(json!({"id": "cmt_1", "created_by": "Bo", "message": "ok"})).unwrap();
        assert_eq!(c.author.unwrap().name, "Bo");
        assert_eq!(c.text, "ok");
        assert_eq!(c.segment_start_ms, None);
    }

    #[test]
    fn round_trips_through_its_own_serialized_form() {
        let c = Comment::try_from(json!({"id": "c", "author": {"id": 1, "name": "A"}, "text": "t", "created_at": "x", "segment_start": 5, "permissions": {"can_delete": true}})).unwrap();
        let back: Comment = serde_json::from_value(serde_json::to_value(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }
}
