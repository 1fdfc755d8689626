//! A token or password that cannot leak by accident.
//!
//! `Secret` has no `Display`, no `Serialize`, and its `Debug` prints `<redacted>`, so it
//! cannot end up in a log line, an IPC reply, an event, a backup or a panic message unless
//! someone calls [`Secret::expose`] on purpose. The memory is wiped on drop.
//!
//! It does implement `Deserialize`, one way only: a password or key typed into the UI
//! arrives over IPC and goes straight into a `Secret`, never through a plain `String` field
//! that a derived `Debug` or a log line could show.

use zeroize::Zeroizing;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// The plain value. Call it only where the value leaves for its one legitimate
    /// destination (an HTTP header to the account's own host, or the OS keyring).
    pub fn expose(&self) -> &str {
        self.0.as_str()
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Reads a JSON string straight into a `Secret`. serde hands over the decoded `String`,
/// which moves into the zeroizing buffer without a copy.
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("hunter2-token");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&s)), "Some(<redacted>)");
        assert_eq!(s.expose(), "hunter2-token");
    }

    #[test]
    fn deserializes_from_a_string_and_stays_hidden() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)] // read through Debug only
        struct Input {
            email: String,
            password: Secret,
        }
        let input: Input =
            serde_json::from_str(r#"{"email":"ada@acme.example","password":"hunter2"}"#).unwrap();
        assert_eq!(input.password.expose(), "hunter2");
        let shown = format!("{input:?} {input:#?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }
}
