//! Exports: a document rendered in a file format, or the recording itself.
//!
//! The same [`Export`] answers a streamed export on the API host and a `download_url` on
//! the download host. Text formats use the app's own renderers (`transcript-formats`), so
//! the files are what a person would open in Word or a video player.

mod blob;
mod media;
mod pace;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
pub(crate) use blob::{BlobLink, BlobRefusal, LINK_LIFETIME_SECS};

use crate::app::App;
use crate::data::{content, DocRef};
use crate::http::views::Views;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Txt,
    Docx,
    Srt,
    Vtt,
    Media,
}

impl Format {
    const ALL: [Format; 6] = [
        Format::Json,
        Format::Txt,
        Format::Docx,
        Format::Srt,
        Format::Vtt,
        Format::Media,
    ];

    pub(crate) fn parse(word: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(word.trim()))
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Txt => "txt",
            Format::Docx => "docx",
            Format::Srt => "srt",
            Format::Vtt => "vtt",
            Format::Media => "media",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Txt => "text/plain; charset=utf-8",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Srt => "application/x-subrip",
            Format::Vtt => "text/vtt; charset=utf-8",
            Format::Media => "audio/mpeg",
        }
    }
}

/// A file ready to send.
pub(crate) struct Export {
    pub(crate) filename: String,
    pub(crate) content_type: &'static str,
    source: Source,
}

enum Source {
    Memory(Bytes),
    /// `len` deterministic pseudo-random bytes, made while sent.
    Media {
        key: u64,
        len: u64,
    },
}

impl Export {
    /// Renders document `d` (which must exist) in `format`.
    pub(crate) fn render(app: &App, d: DocRef, format: Format) -> Export {
        let catalog = &app.catalog;
        let doc = catalog.doc(d);
        if format == Format::Media {
            let session = catalog.session(d.session);
            // Every document of a session shares the session's recording, named as uploaded.
            return Export {
                filename: session.filename.clone(),
                content_type: Format::Media.content_type(),
                source: Source::Media {
                    key: crate::rng::key(&[catalog.seed, 0x3ED1A, u64::from(d.session)]),
                    len: app.settings.media_bytes,
                },
            };
        }
        let content = content::generate(catalog, d);
        let bytes = match format {
            Format::Json => {
                let store = app.store();
                let views = Views {
                    catalog,
                    store: &store,
                    soft_delete: app.settings.soft_delete,
                };
                serde_json::to_vec_pretty(&views.document(d, &content, false))
                    .expect("document views always serialize")
            }
            _ => {
                let segments: Vec<transcript_formats::Segment> = content
                    .segments
                    .iter()
                    .map(|s| transcript_formats::Segment {
                        start_ms: s.start_ms,
                        end_ms: s.end_ms,
                        speaker: content.speakers[s.speaker].name.to_owned(),
                        text: s.text.clone(),
                    })
                    .collect();
                let t = transcript_formats::Transcript {
                    title: &doc.filename,
                    segments: &segments,
                };
                match format {
                    Format::Txt => transcript_formats::to_txt(t).into_bytes(),
                    Format::Srt => transcript_formats::to_srt(t).into_bytes(),
                    Format::Vtt => transcript_formats::to_vtt(t).into_bytes(),
                    _ => transcript_formats::to_docx(t),
                }
            }
        };
        Export {
            filename: format!("{}.{}", doc.filename, format.as_str()),
            content_type: format.content_type(),
            source: Source::Memory(Bytes::from(bytes)),
        }
    }

    pub(crate) fn len(&self) -> u64 {
        match &self.source {
            Source::Memory(b) => b.len() as u64,
            Source::Media { len, .. } => *len,
        }
    }

    /// The file as a download, paced to `bytes_per_sec` if set.
    pub(crate) fn into_response(self, bytes_per_sec: Option<u64>) -> Response {
        let len = self.len();
        let headers = [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(self.content_type),
            ),
            (header::CONTENT_LENGTH, HeaderValue::from(len)),
            (header::CONTENT_DISPOSITION, disposition(&self.filename)),
        ];
        let body = match (self.source, bytes_per_sec) {
            // Unthrottled and in memory: one exact-size body.
            (Source::Memory(bytes), None) => Body::from(bytes),
            (Source::Memory(bytes), bps) => {
                Body::from_stream(pace::paced(pace::Memory(bytes), len, bps))
            }
            (Source::Media { key, len }, bps) => {
                Body::from_stream(pace::paced(media::Media(key), len, bps))
            }
        };
        (headers, body).into_response()
    }
}

/// `attachment; filename="<ASCII>"; filename*=UTF-8''<percent-encoded>` (RFC 6266).
fn disposition(filename: &str) -> HeaderValue {
    let ascii: String = filename
        .chars()
        .map(|c| match c {
            ' '..='~' if c != '"' && c != '\\' => c,
            _ => '_',
        })
        .collect();
    let mut encoded = String::new();
    for b in filename.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                encoded.push(b as char)
            }
            _ => encoded.push_str(&format!("%{b:02X}")),
        }
    }
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_case_insensitively() {
        assert_eq!(Format::parse("DOCX"), Some(Format::Docx));
        assert_eq!(Format::parse("pdf"), None);
    }

    #[test]
    fn disposition_keeps_unicode_names_and_a_safe_fallback() {
        let v = disposition("Réunion \"Q3\".txt");
        let s = v.to_str().unwrap();
        assert!(
            s.starts_with("attachment; filename=\"R_union _Q3_.txt\""),
            "{s}"
        );
        assert!(
            s.ends_with("filename*=UTF-8''R%C3%A9union%20%22Q3%22.txt"),
            "{s}"
        );
    }
}
