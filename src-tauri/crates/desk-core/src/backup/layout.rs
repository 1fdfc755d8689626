//! Where each file goes inside a backup:
//!
//! ```text
//! manifest.json
//! README.txt
//! sessions/<session name>--<session id>/session.json
//! sessions/<session name>--<session id>/media.<ext>              (optional)
//! sessions/<session name>--<session id>/<document name>/document.json
//! sessions/<session name>--<session id>/<document name>/transcript.txt + transcript.docx
//!                                                      (or captions.srt + captions.vtt)
//! sessions/<session name>--<session id>/<document name>/comments.json
//! ```

use scriptix_api::{DocumentKind, ExportFormat};

use super::names::{id_slug, safe_name, UniqueNames};

pub const SESSION_JSON: &str = "session.json";
pub const DOCUMENT_JSON: &str = "document.json";
pub const COMMENTS_JSON: &str = "comments.json";

/// A readable copy kept next to a document's JSON, for people without the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadableFile {
    TranscriptTxt,
    TranscriptDocx,
    CaptionsSrt,
    CaptionsVtt,
}

impl ReadableFile {
    /// The two readable copies of a document of this kind.
    pub fn for_kind(kind: DocumentKind) -> [ReadableFile; 2] {
        match kind {
            DocumentKind::Caption => [ReadableFile::CaptionsSrt, ReadableFile::CaptionsVtt],
            // "Other" documents are most likely transcripts under a type name the app does not
            // know; text and Word are the readable forms that suit any of them.
            DocumentKind::Transcript | DocumentKind::Other => {
                [ReadableFile::TranscriptTxt, ReadableFile::TranscriptDocx]
            }
        }
    }

    /// Its name inside the document's folder.
    pub fn file_name(self) -> &'static str {
        match self {
            ReadableFile::TranscriptTxt => "transcript.txt",
            ReadableFile::TranscriptDocx => "transcript.docx",
            ReadableFile::CaptionsSrt => "captions.srt",
            ReadableFile::CaptionsVtt => "captions.vtt",
        }
    }
}

/// Hands out unique folders for the sessions of one backup and the documents of a session.
#[derive(Debug, Default)]
pub struct Layout {
    sessions: UniqueNames,
}

impl Layout {
    /// `sessions/<name>--<id>/`. The id keeps two recordings with the same name apart and
    /// lets a person match the folder to Scriptix.
    pub fn session_folder(&mut self, filename: &str, session_id: &str) -> SessionFolder {
        let name = self
            .sessions
            .claim(format!("{}--{}", safe_name(filename), id_slug(session_id)));
        let media_file = format!("media.{}", media_extension(filename));
        // A document folder named like a file next to it could not be unpacked.
        let mut documents = UniqueNames::default();
        documents.claim(SESSION_JSON.into());
        documents.claim(media_file.clone());
        SessionFolder {
            path: format!("sessions/{name}/"),
            media_file,
            documents,
        }
    }
}

#[derive(Debug)]
pub struct SessionFolder {
    /// Ends in `/`.
    pub path: String,
    media_file: String,
    documents: UniqueNames,
}

impl SessionFolder {
    /// `<session folder>/<document name>/`, unique within the session.
    pub fn document_folder(&mut self, filename: &str) -> String {
        format!(
            "{}{}/",
            self.path,
            self.documents.claim(safe_name(filename))
        )
    }

    /// `<session folder>/media.<ext>`, the extension taken from the recording's file name.
    pub fn media_path(&self) -> String {
        format!("{}{}", self.path, self.media_file)
    }
}

/// `mp3` for "Interview.MP3"; the export's generic extension when the name has no short,
/// plain one.
fn media_extension(filename: &str) -> String {
    filename
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .filter(|ext| {
            (1..=5).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric())
        })
        .unwrap_or_else(|| ExportFormat::Media.file_extension().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_named_sessions_and_documents_get_separate_folders() {
        let mut layout = Layout::default();
        let mut a = layout.session_folder("Board meeting", "sess_1");
        let b = layout.session_folder("Board meeting", "sess_2");
        assert_eq!(a.path, "sessions/Board meeting--sess_1/");
        assert_eq!(b.path, "sessions/Board meeting--sess_2/");
        assert_eq!(
            a.document_folder("Board meeting"),
            "sessions/Board meeting--sess_1/Board meeting/"
        );
        assert_eq!(
            a.document_folder("Board meeting"),
            "sessions/Board meeting--sess_1/Board meeting (2)/"
        );
    }

    #[test]
    fn hostile_names_stay_inside_the_session_folder() {
        let mut layout = Layout::default();
        let mut s = layout.session_folder("../../x", "../y");
        let doc = s.document_folder("../../../etc");
        assert!(doc.starts_with("sessions/"));
        assert!(doc.split('/').all(|seg| seg != ".." && seg != "."), "{doc}");
    }

    #[test]
    fn media_keeps_a_plain_extension_only() {
        let mut layout = Layout::default();
        assert_eq!(
            layout.session_folder("Interview.MP3", "s").media_path(),
            "sessions/Interview.MP3--s/media.mp3"
        );
        assert_eq!(
            layout.session_folder("no extension", "s").media_path(),
            "sessions/no extension--s/media.bin"
        );
        assert!(layout
            .session_folder("odd.ext/../../x", "s")
            .media_path()
            .ends_with("/media.bin"));
    }

    #[test]
    fn documents_never_share_a_name_with_the_files_beside_them() {
        let mut s = Layout::default().session_folder("talk.mp3", "s");
        assert_eq!(
            s.document_folder("session.json"),
            "sessions/talk.mp3--s/session.json (2)/"
        );
        assert_eq!(
            s.document_folder("media.mp3"),
            "sessions/talk.mp3--s/media.mp3 (2)/"
        );
    }

    #[test]
    fn captions_get_subtitles_and_everything_else_text_and_word() {
        let names = |kind| ReadableFile::for_kind(kind).map(ReadableFile::file_name);
        assert_eq!(
            names(DocumentKind::Caption),
            ["captions.srt", "captions.vtt"]
        );
        assert_eq!(
            names(DocumentKind::Transcript),
            ["transcript.txt", "transcript.docx"]
        );
        assert_eq!(
            names(DocumentKind::Other),
            ["transcript.txt", "transcript.docx"]
        );
    }
}
