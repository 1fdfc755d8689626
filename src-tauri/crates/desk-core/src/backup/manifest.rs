//! `manifest.json`: what a backup holds and the checksum of every file in it.
//!
//! The manifest is the contract between the writer, the verifier and the offline reader, and
//! the one file a person (or another tool) can read to know what the zip contains. It never
//! holds a token: nothing that builds it is given one.

use crate::error::IntactProblem;
use serde::{Deserialize, Serialize};

/// The value of [`Manifest::format`]; a zip without it is not a Scriptix Desk backup.
pub const FORMAT: &str = "scriptix-desk-backup";
/// Bumped only when an older reader could misread a newer backup.
pub const FORMAT_VERSION: u32 = 1;
pub const MANIFEST_PATH: &str = "manifest.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub app_version: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub account: AccountMeta,
    pub sessions: Vec<SessionRecord>,
    /// Every file in the zip except the manifest itself. Filled in by the writer from what
    /// it actually wrote, so it cannot disagree with the zip.
    pub files: Vec<FileRecord>,
}

/// Which account a backup came from, as the person knows it. No credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountMeta {
    /// The name the person gave the account in the app.
    pub label: String,
    pub organization: String,
    /// The API base URL.
    pub server: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionRecord {
    pub id: String,
    pub filename: String,
    pub status: String,
    pub language: String,
    pub duration_seconds: f64,
    pub created_at: String,
    pub last_modified: String,
    /// The session's folder inside the zip, ending in `/`.
    pub path: String,
    /// The media file inside the zip, when it was included.
    pub media_path: Option<String>,
    pub documents: Vec<DocumentRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentRecord {
    pub id: String,
    pub filename: String,
    /// "transcript", "caption" or "other".
    pub kind: String,
    pub language: String,
    pub finished: bool,
    pub last_modified: String,
    /// The document's folder inside the zip, ending in `/`.
    pub path: String,
    pub comments: Vec<CommentRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommentRecord {
    pub id: String,
    /// The author's name, when Scriptix gave one.
    pub author: Option<String>,
    pub text: String,
    pub created_at: String,
    /// Where in the recording the comment points, when it does.
    pub segment_start_ms: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileRecord {
    pub path: String,
    /// Lower-case hex.
    pub sha256: String,
    pub bytes: u64,
}

impl Manifest {
    /// A manifest for a backup made now by this build of the app; `files` is left for the
    /// writer to fill.
    pub fn new(account: AccountMeta, sessions: Vec<SessionRecord>) -> Self {
        Manifest {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            app_version: env!("CARGO_PKG_VERSION").into(),
            created_at: now_rfc3339(),
            account,
            sessions,
            files: Vec::new(),
        }
    }

    /// Reads a manifest, refusing anything that is not a backup this app can read.
    pub fn parse(bytes: &[u8]) -> Result<Self, IntactProblem> {
        let manifest: Manifest =
            serde_json::from_slice(bytes).map_err(|_| IntactProblem::ManifestDamaged)?;
        if manifest.format != FORMAT {
            return Err(IntactProblem::NotABackup);
        }
        if manifest.format_version > FORMAT_VERSION {
            return Err(IntactProblem::NewerVersion);
        }
        Ok(manifest)
    }
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .expect("formatting the current UTC time as RFC 3339 cannot fail")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> AccountMeta {
        AccountMeta {
            label: "Office".into(),
            organization: "Acme".into(),
            server: "https://api.example".into(),
        }
    }

    #[test]
    fn serializes_with_the_documented_field_names() {
        let m = Manifest::new(account(), vec![]);
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["format"], "scriptix-desk-backup");
        assert_eq!(json["formatVersion"], 1);
        assert!(json["createdAt"].as_str().unwrap().ends_with('Z'));
        assert_eq!(json["account"]["organization"], "Acme");
        assert!(json["files"].as_array().unwrap().is_empty());
        assert!(json.get("appVersion").is_some());
    }

    #[test]
    fn parse_rejects_other_zips_and_newer_formats() {
        let mut m = Manifest::new(account(), vec![]);
        assert_eq!(
            Manifest::parse(&serde_json::to_vec(&m).unwrap()).unwrap(),
            m
        );

        m.format = "something-else".into();
        let err = Manifest::parse(&serde_json::to_vec(&m).unwrap()).unwrap_err();
        assert_eq!(err, IntactProblem::NotABackup);

        m.format = FORMAT.into();
        m.format_version = FORMAT_VERSION + 1;
        let err = Manifest::parse(&serde_json::to_vec(&m).unwrap()).unwrap_err();
        assert_eq!(err, IntactProblem::NewerVersion);

        assert_eq!(
            Manifest::parse(b"{not json").unwrap_err(),
            IntactProblem::ManifestDamaged
        );
    }
}
