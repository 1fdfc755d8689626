//! A minimal but complete Word document (Office Open XML), readable by Word, LibreOffice
//! and Google Docs: the title as a heading, then one paragraph per segment with the time and
//! the speaker in bold.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use crate::time::clock;
use crate::Transcript;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

pub fn to_docx(t: Transcript<'_>) -> Vec<u8> {
    let mut body = paragraph(&[run(t.title, true, Some(32))]);
    for s in t.segments {
        let mut runs = vec![run(&format!("[{}] ", clock(s.start_ms)), false, None)];
        if !s.speaker.is_empty() {
            runs.push(run(&format!("{}: ", s.speaker), true, None));
        }
        runs.push(run(s.text.trim(), false, None));
        body.push_str(&paragraph(&runs));
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", document.as_str()),
    ] {
        zip.start_file(name, opts).expect("in-memory zip entry");
        zip.write_all(text.as_bytes()).expect("in-memory zip write");
    }
    zip.finish().expect("in-memory zip").into_inner()
}

fn paragraph(runs: &[String]) -> String {
    format!("<w:p>{}</w:p>", runs.concat())
}

fn run(text: &str, bold: bool, size_half_points: Option<u32>) -> String {
    let mut props = String::new();
    if bold {
        props.push_str("<w:b/>");
    }
    if let Some(sz) = size_half_points {
        props.push_str(&format!("<w:sz w:val=\"{sz}\"/>"));
    }
    let props = if props.is_empty() {
        props
    } else {
        format!("<w:rPr>{props}</w:rPr>")
    };
    format!(
        r#"<w:r>{props}<w:t xml:space="preserve">{}</w:t></w:r>"#,
        xml_escape(text)
    )
}

fn xml_escape(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}'))
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Segment;
    use std::io::Read;

    #[test]
    fn docx_is_a_zip_with_the_text_escaped() {
        let segs = vec![Segment {
            start_ms: 61_000,
            end_ms: 62_000,
            speaker: "Q&A".into(),
            text: "Is 3 < 4?".into(),
        }];
        let bytes = to_docx(Transcript {
            title: "Notes",
            segments: &segs,
        });
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert!(zip.by_name("[Content_Types].xml").is_ok());
        let mut xml = String::new();
        zip.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(xml.contains("[00:01:01] "));
        assert!(xml.contains("Q&amp;A: "));
        assert!(xml.contains("Is 3 &lt; 4?"));
    }
}
