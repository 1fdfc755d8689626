//! Plain text, SubRip and WebVTT.

use crate::time::{clock, srt_timestamp, vtt_timestamp};
use crate::Transcript;

/// `[00:01:02] Speaker: text` lines under the title.
pub fn to_txt(t: Transcript<'_>) -> String {
    let mut out = format!("{}\n\n", t.title);
    for s in t.segments {
        let speaker = if s.speaker.is_empty() {
            String::new()
        } else {
            format!("{}: ", s.speaker)
        };
        out.push_str(&format!(
            "[{}] {}{}\n",
            clock(s.start_ms),
            speaker,
            s.text.trim()
        ));
    }
    out
}

/// SubRip: numbered cues, `-->` timings, a blank line after each cue.
pub fn to_srt(t: Transcript<'_>) -> String {
    let mut out = String::new();
    for (i, s) in t.segments.iter().enumerate() {
        out.push_str(&format!(
            "{}\n{} --> {}\n{}\n\n",
            i + 1,
            srt_timestamp(s.start_ms),
            srt_timestamp(end_after_start(s.start_ms, s.end_ms)),
            cue_text(&s.text)
        ));
    }
    out
}

/// WebVTT: the `WEBVTT` header, then cues with `<v Speaker>` voice tags.
pub fn to_vtt(t: Transcript<'_>) -> String {
    let mut out = String::from("WEBVTT\n\n");
    for s in t.segments {
        let text = cue_text(&s.text).replace('<', "&lt;").replace('>', "&gt;");
        let voiced = if s.speaker.is_empty() {
            text
        } else {
            format!("<v {}>{}", s.speaker.replace(['<', '>'], ""), text)
        };
        out.push_str(&format!(
            "{} --> {}\n{}\n\n",
            vtt_timestamp(s.start_ms),
            vtt_timestamp(end_after_start(s.start_ms, s.end_ms)),
            voiced
        ));
    }
    out
}

/// Players reject cues that end before they start, and a blank line would end a cue early.
fn end_after_start(start: u64, end: u64) -> u64 {
    end.max(start + 1)
}

fn cue_text(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        "…".to_string()
    } else {
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Segment;

    fn sample() -> Vec<Segment> {
        vec![
            Segment {
                start_ms: 0,
                end_ms: 2_500,
                speaker: "Anna".into(),
                text: "Good morning.".into(),
            },
            Segment {
                start_ms: 2_500,
                end_ms: 2_000,
                speaker: "Ben".into(),
                text: "Hi\n\nthere <all>".into(),
            },
        ]
    }

    #[test]
    fn srt_has_numbered_cues_with_valid_timings() {
        let segs = sample();
        let srt = to_srt(Transcript {
            title: "T",
            segments: &segs,
        });
        assert!(srt.starts_with("1\n00:00:00,000 --> 00:00:02,500\nGood morning.\n\n2\n"));
        assert!(srt.contains("00:00:02,500 --> 00:00:02,501\nHi\nthere <all>\n\n"));
    }

    #[test]
    fn vtt_has_header_voices_and_escaped_text() {
        let segs = sample();
        let vtt = to_vtt(Transcript {
            title: "T",
            segments: &segs,
        });
        assert!(vtt.starts_with("WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n<v Anna>Good morning.\n"));
        assert!(vtt.contains("there &lt;all&gt;"));
    }

    #[test]
    fn txt_reads_like_a_transcript() {
        let segs = sample();
        let txt = to_txt(Transcript {
            title: "Board meeting",
            segments: &segs,
        });
        assert!(txt.starts_with("Board meeting\n\n[00:00:00] Anna: Good morning.\n"));
    }
}
