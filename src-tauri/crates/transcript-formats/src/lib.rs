//! Readable renderings of a transcript or caption document.
//!
//! Backups carry these next to the full JSON so a person can open a transcript without this
//! app, and the fake server uses the same renderers for its exports. Pure functions: no I/O.

mod docx;
mod text;
mod time;

pub use docx::to_docx;
pub use text::{to_srt, to_txt, to_vtt};
pub use time::{clock, srt_timestamp, vtt_timestamp};

/// One stretch of speech.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub start_ms: u64,
    pub end_ms: u64,
    pub speaker: String,
    pub text: String,
}

/// What every renderer needs: a title and the segments in order.
#[derive(Debug, Clone, Copy)]
pub struct Transcript<'a> {
    pub title: &'a str,
    pub segments: &'a [Segment],
}
