//! Exporting a document (or its media) into any writer.
//!
//! The server either answers with a short-lived `download_url` (the recommended
//! `direct_download=true` mode), which is then fetched with a plain GET that never carries
//! the token, or, in the deprecated mode, with the file itself. Either way the file is
//! streamed chunk by chunk, so memory stays flat whatever its size.

use std::str::FromStr;

use percent_encoding::percent_decode_str;
use reqwest::header::CONTENT_DISPOSITION;
use reqwest::{Method, Response};
use serde_json::Value;
use tokio::io::AsyncWrite;
use url::Url;

use crate::base_url::{check_download_host, validate_download_url};
use crate::transport::{content_type, copy_to, parse_json, read_prefix, Call, Transport};
use crate::{routes, wire, ApiError, ScriptixClient};

/// A `{result: {download_url, …}}` answer is a few hundred bytes; a body that is still
/// going after this much is the file itself.
const ENVELOPE_PEEK_LIMIT: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Json,
    Txt,
    Docx,
    Srt,
    Vtt,
    /// The original audio or video.
    Media,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Json,
        ExportFormat::Txt,
        ExportFormat::Docx,
        ExportFormat::Srt,
        ExportFormat::Vtt,
        ExportFormat::Media,
    ];

    /// The `format=` value.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Txt => "txt",
            ExportFormat::Docx => "docx",
            ExportFormat::Srt => "srt",
            ExportFormat::Vtt => "vtt",
            ExportFormat::Media => "media",
        }
    }

    /// A file extension (no dot). Media can be any audio or video type, so prefer the
    /// extension of [`ExportInfo::filename`] when the server gives one; `bin` otherwise.
    pub fn file_extension(self) -> &'static str {
        match self {
            ExportFormat::Media => "bin",
            other => other.as_str(),
        }
    }
}

impl FromStr for ExportFormat {
    type Err = ApiError;
    fn from_str(s: &str) -> Result<Self, ApiError> {
        let s = s.trim();
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| ApiError::Validation {
                status: 400,
                message: format!("unknown export format `{s}`"),
            })
    }
}

/// How far a download has come. `total` is known when the server says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub bytes: u64,
    pub total: Option<u64>,
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportInfo {
    pub bytes: u64,
    /// The server's suggested name, reduced to a bare file name. Still untrusted: sanitize
    /// it before using it on disk.
    pub filename: Option<String>,
    pub content_type: Option<String>,
}

impl ScriptixClient {
    /// Writes the export to `out` (flushed at the end). On an error `out` may hold part of
    /// the file: write to a temporary file and rename it on success.
    pub async fn export_to<W: AsyncWrite + Unpin + Send>(
        &self,
        session_id: &str,
        document_id: &str,
        format: ExportFormat,
        out: &mut W,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<ExportInfo, ApiError> {
        let url = self.transport.url(
            &routes::document(session_id, document_id)?,
            &[("format", format.as_str()), ("direct_download", "true")],
        );
        export(&self.transport, Call::api(Method::GET, url), out, progress).await
    }
}

/// The export request `call`, then the file: from `download_url`, or the body itself.
pub(crate) async fn export<W: AsyncWrite + Unpin + Send>(
    transport: &Transport,
    call: Call,
    out: &mut W,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<ExportInfo, ApiError> {
    let mut answer = transport.send(&call).await?;
    let kind = content_type(&answer.response);
    let could_be_envelope = kind.as_deref().is_none_or(|k| k.contains("json"));
    let (prefix, complete) = if could_be_envelope {
        read_prefix(&mut answer, ENVELOPE_PEEK_LIMIT).await?
    } else {
        (Vec::new(), false)
    };
    if complete {
        if let Some(link) = download_link(transport, &prefix)? {
            // Free this request's slot before taking another for the download.
            drop(answer);
            return download(transport, link, out, progress).await;
        }
    }
    let filename = disposition_filename(&answer.response);
    let total = answer.response.content_length();
    // The file itself: its Content-Length (which the HTTP layer holds it to) or the cap.
    let limit = transport.max_download_bytes();
    let bytes = copy_to(&mut answer, &prefix, out, total, limit, progress).await?;
    Ok(ExportInfo {
        bytes,
        filename,
        content_type: kind,
    })
}

struct DownloadLink {
    url: Url,
    filename: Option<String>,
    content_type: Option<String>,
    size_bytes: Option<u64>,
}

/// `Some` when the (complete, small) answer is an envelope with a `download_url`.
fn download_link(transport: &Transport, body: &[u8]) -> Result<Option<DownloadLink>, ApiError> {
    let Ok(Value::Object(obj)) = parse_json(body).map(|v| wire::open(v).result) else {
        return Ok(None);
    };
    let Some(href) = obj.get("download_url").and_then(Value::as_str) else {
        return Ok(None);
    };
    // An absolute URL (a storage host), or one relative to the API.
    let url = transport.base().join(href).map_err(|_| ApiError::Decode {
        message: "the server offered a download address that does not parse".into(),
    })?;
    validate_download_url(&url)?;
    check_download_host(transport.base(), &url)?;
    Ok(Some(DownloadLink {
        url,
        filename: wire::text(obj.get("filename")).and_then(|f| bare_filename(&f)),
        content_type: wire::text(obj.get("content_type")).filter(|c| !c.is_empty()),
        size_bytes: wire::count(obj.get("size_bytes")),
    }))
}

/// The plain GET of a `download_url`. Never authorized: the link is its own credential, and
/// the token must not reach a storage host.
async fn download<W: AsyncWrite + Unpin + Send>(
    transport: &Transport,
    link: DownloadLink,
    out: &mut W,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<ExportInfo, ApiError> {
    let mut answer = transport
        .send(&Call::anonymous(Method::GET, link.url))
        .await?;
    let total = answer.response.content_length().or(link.size_bytes);
    let limit = link
        .size_bytes
        .map_or(transport.max_download_bytes(), with_slack);
    let filename = link
        .filename
        .or_else(|| disposition_filename(&answer.response));
    let content_type = link.content_type.or_else(|| content_type(&answer.response));
    let bytes = copy_to(&mut answer, &[], out, total, limit, progress).await?;
    Ok(ExportInfo {
        bytes,
        filename,
        content_type,
    })
}

/// The most a download announced as `size` bytes may be: a little more, in case the size
/// was taken before the file was finished, but never open-ended.
fn with_slack(size: u64) -> u64 {
    size.saturating_add((size / 100).max(64 * 1024))
}

/// `Content-Disposition: attachment; filename*=UTF-8''…` (preferred) or `filename="…"`.
fn disposition_filename(response: &Response) -> Option<String> {
    let value = response.headers().get(CONTENT_DISPOSITION)?.to_str().ok()?;
    parse_disposition(value)
}

fn parse_disposition(value: &str) -> Option<String> {
    let params: Vec<(String, &str)> = value
        .split(';')
        .skip(1)
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim()))
        .collect();
    let extended = params
        .iter()
        .find(|(k, _)| k == "filename*")
        .and_then(|(_, v)| {
            let (_charset_and_lang, encoded) = v.rsplit_once('\'')?;
            percent_decode_str(encoded)
                .decode_utf8()
                .ok()
                .map(|s| s.into_owned())
        });
    let plain = || {
        params
            .iter()
            .find(|(k, _)| k == "filename")
            .map(|(_, v)| v.trim_matches('"').to_owned())
    };
    bare_filename(&extended.or_else(plain)?)
}

/// The last path component only: a server-chosen name must not point elsewhere on disk.
fn bare_filename(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next()?.trim();
    (!base.is_empty() && base != "." && base != "..").then(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_and_print() {
        for f in ExportFormat::ALL {
            assert_eq!(f.as_str().parse::<ExportFormat>().unwrap(), f);
        }
        assert_eq!("DOCX".parse::<ExportFormat>().unwrap(), ExportFormat::Docx);
        assert!("pdf".parse::<ExportFormat>().is_err());
        assert_eq!(ExportFormat::Srt.file_extension(), "srt");
        assert_eq!(ExportFormat::Media.file_extension(), "bin");
    }

    #[test]
    fn disposition_names() {
        assert_eq!(
            parse_disposition(r#"attachment; filename="Board.docx""#).as_deref(),
            Some("Board.docx")
        );
        assert_eq!(
            parse_disposition(
                r#"attachment; filename="x.txt"; filename*=UTF-8''Vergadering%20%C3%A9.txt"#
            )
            .as_deref(),
            Some("Vergadering é.txt")
        );
        assert_eq!(
            parse_disposition("attachment; filename=../../etc/passwd").as_deref(),
            Some("passwd")
        );
        assert_eq!(parse_disposition(r#"attachment; filename="..""#), None);
        assert_eq!(parse_disposition("inline"), None);
    }
}
