//! Exports: download links, the download host's rules, and files that open in real tools.

mod support;

use std::io::Read;

use fake_scriptix::{Config, Persona};
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE};
use reqwest::StatusCode;
use serde_json::Value;
use support::{document_path, Harness};

async fn first_transcript(h: &Harness) -> String {
    let s = &h.all_sessions().await[0];
    let d = s["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["type"] == "document")
        .unwrap();
    document_path(s, d)
}

/// The `direct_download` answer, then the file from the download host (no token).
async fn export(h: &Harness, path: &str, format: &str) -> (Value, reqwest::Response) {
    let answer = h
        .json(
            Persona::Admin,
            &format!("{path}?format={format}&direct_download=true"),
        )
        .await;
    let link = answer["result"]["download_url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(link.starts_with(&h.server.download_base_url()), "{link}");
    assert!(link.contains("expires="), "a SAS-style expiry: {link}");
    let file = h.http.get(&link).send().await.unwrap();
    assert_eq!(file.status(), StatusCode::OK, "{format}");
    (answer["result"].clone(), file)
}

async fn text(h: &Harness, path: &str, format: &str) -> String {
    let (info, file) = export(h, path, format).await;
    let body = file.text().await.unwrap();
    assert_eq!(info["size_bytes"].as_u64().unwrap() as usize, body.len());
    assert!(info["filename"]
        .as_str()
        .unwrap()
        .ends_with(&format!(".{format}")));
    body
}

fn is_timing_line(line: &str, separator: char) -> bool {
    // 00:01:02,345 --> 00:01:05,000
    let Some((a, b)) = line.split_once(" --> ") else {
        return false;
    };
    let stamp = |t: &str| {
        t.len() == 12
            && t.as_bytes()[2] == b':'
            && t.as_bytes()[5] == b':'
            && t.as_bytes()[8] == separator as u8
            && t.chars().filter(|c| c.is_ascii_digit()).count() == 9
    };
    stamp(a) && stamp(b) && a < b
}

#[tokio::test]
async fn srt_has_numbered_cues_with_timings() {
    let h = Harness::default().await;
    let path = first_transcript(&h).await;
    let srt = text(&h, &path, "srt").await;
    let cues: Vec<&str> = srt.trim_end().split("\n\n").collect();
    assert!(cues.len() > 2);
    for (i, cue) in cues.iter().enumerate() {
        let lines: Vec<&str> = cue.lines().collect();
        assert_eq!(lines[0], (i + 1).to_string());
        assert!(is_timing_line(lines[1], ','), "{}", lines[1]);
        assert!(lines.len() >= 3 && !lines[2].is_empty());
    }
}

#[tokio::test]
async fn vtt_has_a_header_and_cues_with_voices() {
    let h = Harness::default().await;
    let path = first_transcript(&h).await;
    let vtt = text(&h, &path, "vtt").await;
    let mut blocks = vtt.trim_end().split("\n\n");
    assert_eq!(blocks.next(), Some("WEBVTT"));
    let mut count = 0;
    for cue in blocks {
        let lines: Vec<&str> = cue.lines().collect();
        assert!(is_timing_line(lines[0], '.'), "{}", lines[0]);
        assert!(lines[1].starts_with("<v "), "{}", lines[1]);
        count += 1;
    }
    assert!(count > 2);
}

#[tokio::test]
async fn txt_is_readable_lines_with_times_and_speakers() {
    let h = Harness::default().await;
    let path = first_transcript(&h).await;
    let txt = text(&h, &path, "txt").await;
    let lines: Vec<&str> = txt.lines().filter(|l| l.starts_with('[')).collect();
    assert!(lines.len() > 2);
    for line in lines {
        // [00:01:02] Maria Jansen: text
        assert_eq!(&line[9..11], "] ", "{line}");
        assert!(line[11..].contains(": "), "{line}");
    }
}

#[tokio::test]
async fn docx_is_a_word_package() {
    let h = Harness::default().await;
    let path = first_transcript(&h).await;
    let (info, file) = export(&h, &path, "docx").await;
    assert!(info["content_type"]
        .as_str()
        .unwrap()
        .contains("wordprocessingml"));
    let bytes = file.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    for part in ["[Content_Types].xml", "_rels/.rels"] {
        assert!(zip.by_name(part).is_ok(), "{part}");
    }
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("<w:b/>"), "speakers are bold");
    assert!(xml.contains("[00:00:0"), "timestamps are shown");
}

#[tokio::test]
async fn json_export_is_the_document() {
    let h = Harness::default().await;
    let path = first_transcript(&h).await;
    let (_, file) = export(&h, &path, "json").await;
    let doc: Value = file.json().await.unwrap();
    let direct = h.json(Persona::Admin, &path).await;
    assert_eq!(doc, direct["result"]);
}

#[tokio::test]
async fn media_is_a_deterministic_stream_of_the_configured_size() {
    let h = Harness::start(Config {
        media_bytes: 300_000,
        ..Config::default()
    })
    .await;
    let path = first_transcript(&h).await;
    let (info, file) = export(&h, &path, "media").await;
    assert_eq!(info["content_type"], "audio/mpeg");
    assert_eq!(file.headers()[CONTENT_LENGTH], "300000");
    let first = file.bytes().await.unwrap();
    assert_eq!(first.len(), 300_000);
    let (_, again) = export(&h, &path, "media").await;
    assert_eq!(again.bytes().await.unwrap(), first);
    // Not a constant fill.
    assert!(
        first
            .iter()
            .take(64)
            .collect::<std::collections::HashSet<_>>()
            .len()
            > 16
    );
}

#[tokio::test]
async fn without_direct_download_the_body_is_the_file() {
    let h = Harness::default().await;
    let path = first_transcript(&h).await;
    let r = h.get(Persona::Viewer, &format!("{path}?format=srt")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[CONTENT_TYPE], "application/x-subrip");
    let disposition = r.headers()[CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains(".srt"),
        "{disposition}"
    );
    assert!(r.text().await.unwrap().starts_with("1\n"));
    let bad = h.get(Persona::Viewer, &format!("{path}?format=pdf")).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_download_host_refuses_tokens_and_counts_them() {
    let h = Harness::default().await;
    let path = first_transcript(&h).await;
    let answer = h
        .json(
            Persona::Admin,
            &format!("{path}?format=txt&direct_download=true"),
        )
        .await;
    let link = answer["result"]["download_url"].as_str().unwrap();
    let token = h.server.token(Persona::Admin);

    let bearer = h.http.get(link).bearer_auth(&token).send().await.unwrap();
    assert_eq!(bearer.status(), StatusCode::FORBIDDEN);
    let key = h
        .http
        .get(link)
        .header("x-zoom-s2t-key", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(key.status(), StatusCode::FORBIDDEN);
    assert_eq!(h.server.state().download_requests_with_token, 2);

    let plain = h.http.get(link).send().await.unwrap();
    assert_eq!(plain.status(), StatusCode::OK);
    assert_eq!(h.server.state().download_requests_with_token, 2);
    assert_eq!(h.server.state().requests["GET blob"], 3);

    // An edited link (another format) does not open.
    let edited = link.replacen("/blob/txt.", "/blob/srt.", 1);
    assert_eq!(
        h.http.get(&edited).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_link_to_a_deleted_document_is_gone() {
    let h = Harness::default().await;
    let s = &h.all_sessions().await[0];
    let d = &s["documents"][0];
    let answer = h
        .json(
            Persona::Admin,
            &format!("{}?format=txt&direct_download=true", document_path(s, d)),
        )
        .await;
    let link = answer["result"]["download_url"].as_str().unwrap();
    h.server
        .delete_behind_the_back(s["session_id"].as_str().unwrap());
    assert_eq!(
        h.http.get(link).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}
