//! Lenient reading of JSON whose shape the docs do not pin down.
//!
//! Field names and types vary between doc generations (ids as strings or numbers, `end` or
//! `stop`, `duration` as a number or a string, …). Reading through these helpers means an
//! unexpected type for one field leaves that field empty instead of failing the whole list.

use serde_json::{Map, Value};

use crate::ApiError;

pub(crate) type Object = Map<String, Value>;

/// The first of `keys` present with a non-null value.
pub(crate) fn first<'a>(obj: &'a Object, keys: &[&str]) -> Option<&'a Value> {
    keys.iter()
        .filter_map(|k| obj.get(*k))
        .find(|v| !v.is_null())
}

/// An id: a string as is, a number as its decimal text.
pub(crate) fn id(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Text: a string, or a number/bool as text.
pub(crate) fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(crate) fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|f| f.is_finite())
}

/// A non-negative whole number; fractions are rounded.
pub(crate) fn count(v: Option<&Value>) -> Option<u64> {
    if let Some(Value::Number(n)) = v {
        if let Some(u) = n.as_u64() {
            return Some(u);
        }
    }
    let f = number(v)?;
    // The cast saturates at u64::MAX, which is fine for sizes and milliseconds.
    (f >= 0.0).then(|| f.round() as u64)
}

/// A flag: `true`/`false`, `1`/`0`, or the same as text.
pub(crate) fn flag(v: Option<&Value>) -> Option<bool> {
    match v? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_f64().map(|f| f != 0.0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// An explicit delete permission, if the object carries one: `permissions.can_delete`
/// wins over a top-level `can_delete`. (None is documented; see the contract.)
pub(crate) fn can_delete(obj: &Object) -> Option<bool> {
    obj.get("permissions")
        .and_then(Value::as_object)
        .and_then(|p| flag(p.get("can_delete")))
        .or_else(|| flag(obj.get("can_delete")))
}

/// What an answer carried, with the `{count, total_results, result}` envelope removed if
/// there was one.
pub(crate) struct Opened {
    pub(crate) result: Value,
    pub(crate) total: Option<u64>,
}

pub(crate) fn open(body: Value) -> Opened {
    match body {
        Value::Object(mut obj) if obj.contains_key("result") => {
            let total = count(first(&obj, &["total_results", "total"]));
            let result = obj.remove("result").unwrap_or(Value::Null);
            Opened { result, total }
        }
        bare => Opened {
            result: bare,
            total: None,
        },
    }
}

/// An enveloped or bare single object.
pub(crate) fn object(body: Value, what: &str) -> Result<Object, ApiError> {
    match open(body).result {
        Value::Object(obj) => Ok(obj),
        _ => Err(shape(what)),
    }
}

/// An enveloped or bare list.
pub(crate) fn list(body: Value, what: &str) -> Result<(Vec<Value>, Option<u64>), ApiError> {
    let opened = open(body);
    match opened.result {
        Value::Array(items) => Ok((items, opened.total)),
        Value::Null => Ok((Vec::new(), opened.total)),
        _ => Err(shape(what)),
    }
}

pub(crate) fn shape(what: &str) -> ApiError {
    ApiError::Decode {
        message: format!("the server sent {what} in a shape this app does not understand"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_from_strings_or_numbers() {
        assert_eq!(id(Some(&json!("doc_1"))).as_deref(), Some("doc_1"));
        assert_eq!(id(Some(&json!(67890))).as_deref(), Some("67890"));
        assert_eq!(id(Some(&json!(""))), None);
        assert_eq!(id(Some(&json!(null))), None);
        assert_eq!(id(Some(&json!({"id": 1}))), None);
    }

    #[test]
    fn numbers_and_flags_in_any_reasonable_spelling() {
        assert_eq!(number(Some(&json!("12.5"))), Some(12.5));
        assert_eq!(count(Some(&json!(1234.6))), Some(1235));
        assert_eq!(count(Some(&json!(-1))), None);
        assert_eq!(count(Some(&json!(u64::MAX))), Some(u64::MAX));
        assert_eq!(flag(Some(&json!(1))), Some(true));
        assert_eq!(flag(Some(&json!("False"))), Some(false));
        assert_eq!(flag(Some(&json!("maybe"))), None);
    }

    #[test]
    fn envelope_or_bare() {
        let (items, total) =
            list(json!({"count": 1, "total_results": 7, "result": [1]}), "x").unwrap();
        assert_eq!((items.len(), total), (1, Some(7)));
        let (items, total) = list(json!([1, 2]), "x").unwrap();
        assert_eq!((items.len(), total), (2, None));
        assert!(object(json!({"result": {"a": 1}}), "x")
            .unwrap()
            .contains_key("a"));
        assert!(object(json!({"a": 1}), "x").unwrap().contains_key("a"));
        assert!(matches!(
            list(json!({"result": 3}), "x"),
            Err(ApiError::Decode { .. })
        ));
        assert!(matches!(
            object(json!([1]), "x"),
            Err(ApiError::Decode { .. })
        ));
    }

    #[test]
    fn explicit_permissions_are_read() {
        let obj = json!({"can_delete": true, "permissions": {"can_delete": false}});
        assert_eq!(can_delete(obj.as_object().unwrap()), Some(false));
        let obj = json!({"can_delete": "true"});
        assert_eq!(can_delete(obj.as_object().unwrap()), Some(true));
        assert_eq!(can_delete(json!({}).as_object().unwrap()), None);
    }
}
