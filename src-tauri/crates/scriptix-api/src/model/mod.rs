//! What the client hands back: plain data, read tolerantly from whatever the server sent.
//!
//! Every type deserializes (via `serde_json::Value`) from *both* the server's wire shapes
//! (see `docs/api-contract.md`) and its own serialized form, so values can be cached and
//! read back. Ids are always strings, whatever the server sent.

mod comment;
mod document;
mod identity;
mod session;

pub use comment::Comment;
pub use document::{Document, DocumentKind, DocumentSummary, Segment};
pub use identity::{Identity, Organization};
pub use session::Session;

use serde_json::Value;

use crate::wire::{self, Object};
use crate::ApiError;

/// Someone named on an object (creator, author, speaker).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "serde_json::Value")]
pub struct Person {
    pub id: String,
    pub name: String,
}

impl Person {
    /// `{id, name}` (or `full_name`/`username`), a bare name, or a bare numeric id.
    pub(crate) fn read(v: Option<&Value>) -> Option<Person> {
        match v? {
            Value::Object(obj) => {
                let person = Person {
                    id: wire::id(obj.get("id")).unwrap_or_default(),
                    name: wire::text(wire::first(
                        obj,
                        &["name", "full_name", "display_name", "username", "email"],
                    ))
                    .unwrap_or_default(),
                };
                (!person.id.is_empty() || !person.name.is_empty()).then_some(person)
            }
            Value::String(name) if !name.trim().is_empty() => Some(Person {
                id: String::new(),
                name: name.clone(),
            }),
            Value::Number(n) => Some(Person {
                id: n.to_string(),
                name: String::new(),
            }),
            _ => None,
        }
    }
}

impl TryFrom<Value> for Person {
    type Error = ApiError;
    fn try_from(v: Value) -> Result<Self, ApiError> {
        Person::read(Some(&v)).ok_or_else(|| wire::shape("a person"))
    }
}

/// `Some(rows)` for an array (rows that are not objects are skipped), else `None`.
fn objects(v: Option<&Value>) -> Option<Vec<&Object>> {
    Some(v?.as_array()?.iter().filter_map(Value::as_object).collect())
}

/// Server-side soft-deleted rows still show up in lists; they are not the user's anymore.
pub(crate) fn is_deleted(obj: &Object) -> bool {
    wire::flag(obj.get("is_deleted")).unwrap_or(false)
}

fn into_object(v: Value, what: &str) -> Result<Object, ApiError> {
    match v {
        Value::Object(obj) => Ok(obj),
        _ => Err(wire::shape(what)),
    }
}
