//! The readable copies in a backup (text, Word, subtitles), made by the app from the
//! document's JSON.
//!
//! Rendering them here instead of downloading Scriptix's own exports saves four requests
//! per document (two exports, each with its download), and keeps the readable copies true to
//! the JSON stored next to them, which is the backup's source of truth.

use scriptix_api::Document;
use transcript_formats::{Segment, Transcript};

use super::layout::ReadableFile;

/// A document's segments in the form the renderers take, speakers named.
pub struct Readable<'d> {
    title: &'d str,
    segments: Vec<Segment>,
}

impl<'d> Readable<'d> {
    pub fn of(document: &'d Document) -> Self {
        let segments = document
            .segments
            .iter()
            .map(|s| Segment {
                start_ms: s.start_ms,
                end_ms: s.end_ms,
                speaker: speaker_name(document, &s.speaker),
                text: s.text.clone(),
            })
            .collect();
        Readable {
            title: &document.summary.filename,
            segments,
        }
    }

    pub fn render(&self, file: ReadableFile) -> Vec<u8> {
        let t = Transcript {
            title: self.title,
            segments: &self.segments,
        };
        match file {
            ReadableFile::TranscriptTxt => transcript_formats::to_txt(t).into_bytes(),
            ReadableFile::TranscriptDocx => transcript_formats::to_docx(t),
            ReadableFile::CaptionsSrt => transcript_formats::to_srt(t).into_bytes(),
            ReadableFile::CaptionsVtt => transcript_formats::to_vtt(t).into_bytes(),
        }
    }
}

/// Transcripts label segments with a speaker id (`S1`) and name the speakers in the
/// document's metadata; captions carry the name itself. A reader wants the name.
fn speaker_name(document: &Document, label: &str) -> String {
    document
        .speakers
        .iter()
        .find(|p| p.id == label && !p.name.is_empty())
        .map_or(label, |p| p.name.as_str())
        .to_string()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn transcript() -> Document {
        Document::try_from(json!({
            "id": "doc_1", "filename": "Board meeting", "type": "document",
            "document": {
                "metadata": {"speakers": [{"id": "S1", "name": "Ann"}, {"id": "S2", "name": ""}]},
                "content": {"segments": [
                    {"start": 0, "end": 1500, "speaker": "S1", "text": "Good morning."},
                    {"start": 61500, "end": 64000, "speaker": "S2", "text": "The budget."},
                    {"start": 64000, "end": 65000, "speaker": "Guest", "text": "Yes."}
                ]}
            }
        }))
        .unwrap()
    }

    #[test]
    fn text_names_the_speakers_and_keeps_unknown_labels() {
        let doc = transcript();
        let txt =
            String::from_utf8(Readable::of(&doc).render(ReadableFile::TranscriptTxt)).unwrap();
        assert_eq!(
            txt,
            "Board meeting\n\n\
             [00:00:00] Ann: Good morning.\n\
             [00:01:01] S2: The budget.\n\
             [00:01:04] Guest: Yes.\n"
        );
    }

    #[test]
    fn captions_render_as_subtitles() {
        let doc = Document::try_from(json!({
            "id": "doc_2", "filename": "Board meeting (captions)", "type": "caption",
            "document": [{"start": 0, "stop": 2000, "speaker": "Ann", "text": "Hello"}]
        }))
        .unwrap();
        let readable = Readable::of(&doc);
        let srt = String::from_utf8(readable.render(ReadableFile::CaptionsSrt)).unwrap();
        assert_eq!(srt, "1\n00:00:00,000 --> 00:00:02,000\nHello\n\n");
        let vtt = String::from_utf8(readable.render(ReadableFile::CaptionsVtt)).unwrap();
        assert!(vtt.starts_with("WEBVTT\n\n"), "{vtt}");
        assert!(vtt.contains("<v Ann>Hello"), "{vtt}");
    }

    #[test]
    fn word_copy_opens_as_a_document_with_the_text() {
        use std::io::Read;
        let doc = transcript();
        let docx = Readable::of(&doc).render(ReadableFile::TranscriptDocx);
        let mut word = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut xml = String::new();
        word.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(xml.contains("Good morning."), "{xml}");
        assert!(xml.contains("Ann: "), "{xml}");
    }
}
