//! Exports: direct download without the token, the streamed fallback, progress, failures.

use std::sync::Mutex;

use serde_json::json;

use super::{client, ignore_progress};
use crate::test_support::{RawServer, Reply};
use crate::{export_shared_to, ApiError, ExportFormat, ExportInfo, Progress, SharedLink};

#[tokio::test]
async fn direct_download_never_carries_the_token() {
    let file: Vec<u8> = (0..700_000u32).map(|i| (i % 251) as u8).collect();
    let storage = RawServer::start(vec![Reply::bytes(
        200,
        "application/octet-stream",
        file.clone(),
    )])
    .await;
    let api = RawServer::start(vec![Reply::json(200, json!({"result": {
        "download_url": format!("{}/blob/abc.docx?sig=xyz", storage.url()),
        "expires_in": 3600, "filename": "Board meeting.docx",
        "content_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "size_bytes": file.len()
    }}))])
    .await;

    let seen = Mutex::new(Vec::new());
    let mut out = Vec::new();
    let info = client(&api)
        .export_to("s", "d", ExportFormat::Docx, &mut out, &|p: Progress| {
            seen.lock().unwrap().push(p)
        })
        .await
        .unwrap();

    assert_eq!(out, file);
    assert_eq!(info.bytes, file.len() as u64);
    assert_eq!(info.filename.as_deref(), Some("Board meeting.docx"));
    assert!(info.content_type.unwrap().contains("wordprocessingml"));
    assert_eq!(
        api.requests()[0].target,
        "/api/v3/speech-to-text/session/s/document/d?format=docx&direct_download=true"
    );
    let dl = &storage.requests()[0];
    assert_eq!(dl.target, "/blob/abc.docx?sig=xyz");
    assert!(dl.header("authorization").is_none() && dl.header("x-zoom-s2t-key").is_none());

    let seen = seen.into_inner().unwrap();
    assert_eq!(
        seen.first(),
        Some(&Progress {
            bytes: 0,
            total: Some(file.len() as u64)
        })
    );
    assert_eq!(
        seen.last(),
        Some(&Progress {
            bytes: file.len() as u64,
            total: Some(file.len() as u64)
        })
    );
    assert!(seen.windows(2).all(|w| w[0].bytes <= w[1].bytes));
}

#[tokio::test]
async fn without_a_download_url_the_body_is_the_file() {
    let api = RawServer::start(vec![
        Reply::bytes(200, "text/plain; charset=utf-8", "Hello world\n")
            .header("content-disposition", r#"attachment; filename="notes.txt""#),
        Reply::json(200, json!({"result": {"id": "d", "document": []}})),
    ])
    .await;
    let c = client(&api);
    let mut out = Vec::new();
    let info = c
        .export_to("s", "d", ExportFormat::Txt, &mut out, &ignore_progress)
        .await
        .unwrap();
    assert_eq!(out, b"Hello world\n");
    assert_eq!(
        info,
        ExportInfo {
            bytes: 12,
            filename: Some("notes.txt".into()),
            content_type: Some("text/plain".into())
        }
    );

    let mut out = Vec::new();
    c.export_to("s", "d", ExportFormat::Json, &mut out, &ignore_progress)
        .await
        .unwrap();
    let written: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(written["result"]["id"], "d");
}

#[tokio::test]
async fn a_clear_text_download_host_is_refused() {
    let api = RawServer::start(vec![Reply::json(
        200,
        json!({"result": {"download_url": "http://blob.example.net/f"}}),
    )])
    .await;
    let mut out = Vec::new();
    let err = client(&api)
        .export_to("s", "d", ExportFormat::Srt, &mut out, &ignore_progress)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Decode { .. }));
    assert!(out.is_empty());
}

#[tokio::test]
async fn export_errors_are_typed() {
    let api = RawServer::start(vec![Reply::json(
        403,
        json!({"error": "Insufficient permissions"}),
    )])
    .await;
    let mut out = Vec::new();
    let err = client(&api)
        .export_to("s", "d", ExportFormat::Vtt, &mut out, &ignore_progress)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ApiError::Forbidden {
            message: "Insufficient permissions".into()
        }
    );
}

struct BrokenDisk;

impl tokio::io::AsyncWrite for BrokenDisk {
    fn poll_write(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        _: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::task::Poll::Ready(Err(std::io::Error::other("disk full")))
    }
    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
}

#[tokio::test]
async fn a_failing_writer_is_a_write_error() {
    let api = RawServer::start(vec![Reply::bytes(
        200,
        "application/octet-stream",
        vec![1u8; 1000],
    )])
    .await;
    let err = client(&api)
        .export_to(
            "s",
            "d",
            ExportFormat::Media,
            &mut BrokenDisk,
            &ignore_progress,
        )
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ApiError::Write {
            message: "disk full".into()
        }
    );
}

#[tokio::test]
async fn shared_exports_carry_the_link_token_but_no_auth_header() {
    let storage = RawServer::start(vec![Reply::bytes(200, "text/vtt", "WEBVTT\n")]).await;
    let api = RawServer::start(vec![Reply::json(
        200,
        json!({"result": {
            "download_url": format!("{}/f.vtt", storage.url())
        }}),
    )])
    .await;
    let link = SharedLink::parse("https://app.scriptix.io/captions/shared/s1/d1/linktok").unwrap();
    let mut out = Vec::new();
    let info = export_shared_to(
        &api.url(),
        &link,
        &super::fast_opts(),
        ExportFormat::Vtt,
        &mut out,
        &ignore_progress,
    )
    .await
    .unwrap();
    assert_eq!(
        (out.as_slice(), info.content_type.as_deref()),
        (&b"WEBVTT\n"[..], Some("text/vtt"))
    );
    let req = &api.requests()[0];
    assert_eq!(
        req.target,
        "/api/v3/shared/s1/document/d1?token=linktok&format=vtt&direct_download=true"
    );
    for r in [req, &storage.requests()[0]] {
        assert!(r.header("authorization").is_none() && r.header("x-zoom-s2t-key").is_none());
    }
}
