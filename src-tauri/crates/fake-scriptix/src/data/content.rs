//! A document's speakers and segments, regenerated on demand from the seed.

use super::words::{PEOPLE, SENTENCES};
use super::{Catalog, DocKind, DocRef};
use crate::rng::Rng;

const SPEAKER_SPACE: u64 = 0x5BEA;
const CONTENT_SPACE: u64 = 0xC0DE;
/// Cues longer than this get a line break (two-line captions).
const CAPTION_LINE: usize = 42;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Speaker {
    /// `S1`, `S2`, …
    pub(crate) id: String,
    pub(crate) name: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Segment {
    pub(crate) start_ms: u64,
    pub(crate) end_ms: u64,
    /// Index into [`Content::speakers`].
    pub(crate) speaker: usize,
    pub(crate) text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Content {
    pub(crate) speakers: Vec<Speaker>,
    pub(crate) segments: Vec<Segment>,
}

pub(crate) fn generate(catalog: &Catalog, doc: DocRef) -> Content {
    let session = catalog.session(doc.session);
    let meta = catalog.doc(doc);
    // Speakers are per session, so a transcript and its captions name the same people.
    let mut who = Rng::new(&[catalog.seed, SPEAKER_SPACE, u64::from(doc.session)]);
    let mut names: Vec<&'static str> = Vec::new();
    while names.len() < usize::from(meta.speakers) {
        let name = who.pick(PEOPLE);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let speakers = (1..)
        .zip(names)
        .map(|(n, name)| Speaker {
            id: format!("S{n}"),
            name,
        })
        .collect();

    let mut rng = Rng::new(&[
        catalog.seed,
        CONTENT_SPACE,
        u64::from(doc.session),
        u64::from(doc.doc),
    ]);
    let count = u64::from(meta.segments);
    let slot = (session.duration_ms / count).max(1);
    let mut speaker = 0;
    let segments = (0..count)
        .map(|k| {
            // Turns change often in conversation, but not on every sentence.
            if rng.chance(0.6) {
                speaker = (speaker + 1 + rng.below(u64::from(meta.speakers) - 1) as usize)
                    % usize::from(meta.speakers);
            }
            let start_ms = k * slot + rng.below(slot / 10 + 1);
            let end_ms = (k * slot + slot * 9 / 10).max(start_ms + 1);
            let text = match meta.kind {
                DocKind::Transcript => (0..rng.range(1, 3))
                    .map(|_| rng.pick(SENTENCES))
                    .collect::<Vec<_>>()
                    .join(" "),
                DocKind::Caption => two_lines(rng.pick(SENTENCES)),
            };
            Segment {
                start_ms,
                end_ms,
                speaker,
                text,
            }
        })
        .collect();
    Content { speakers, segments }
}

/// Breaks a long cue at the space nearest its middle.
fn two_lines(text: &str) -> String {
    if text.chars().count() <= CAPTION_LINE {
        return text.to_owned();
    }
    let middle = text.len() / 2;
    let split = text
        .match_indices(' ')
        .map(|(i, _)| i)
        .min_by_key(|&i| i.abs_diff(middle));
    match split {
        Some(i) => format!("{}\n{}", &text[..i], &text[i + 1..]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_is_repeatable_and_well_formed() {
        let cat = Catalog::generate(9, 20);
        for s in 0..20 {
            for d in cat.doc_refs(s) {
                let a = generate(&cat, d);
                assert_eq!(a, generate(&cat, d));
                assert_eq!(a.segments.len(), usize::from(cat.doc(d).segments));
                assert_eq!(a.speakers.len(), usize::from(cat.doc(d).speakers));
                for w in a.segments.windows(2) {
                    assert!(w[0].start_ms < w[0].end_ms);
                    assert!(w[0].end_ms <= w[1].start_ms, "segments do not overlap");
                }
                let last = a.segments.last().unwrap();
                assert!(last.end_ms <= cat.session(s).duration_ms);
                assert!(a.segments.iter().all(|seg| !seg.text.is_empty()));
                // More than one voice is heard.
                let voices: std::collections::HashSet<_> =
                    a.segments.iter().map(|seg| seg.speaker).collect();
                assert!(voices.len() > 1);
            }
        }
    }

    #[test]
    fn long_captions_get_two_lines() {
        assert_eq!(two_lines("Short one."), "Short one.");
        let long = two_lines("Can you say a bit more about how that works in practice?");
        assert_eq!(long.lines().count(), 2);
        assert!(long.lines().all(|l| l.len() <= CAPTION_LINE));
    }
}
