//! `download_url`s: short-lived, self-describing links to the download host, in the style
//! of an Azure SAS URL (`…/blob/<name>?expires=<unix>&sig=<hex>`).
//!
//! The link itself is the credential, so the server keeps no table of issued links; the
//! signature only stops a client from editing a link into another document's.

use super::Format;
use crate::rng::key;

/// How long a link works, as `expires_in` says.
pub(crate) const LINK_LIFETIME_SECS: i64 = 3600;
const SIG_SPACE: u64 = 0x5167;

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlobLink {
    pub(crate) session_id: String,
    pub(crate) doc_id: String,
    pub(crate) format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlobRefusal {
    /// Malformed, or the signature does not match.
    Invalid,
    Expired,
}

impl BlobLink {
    /// The full URL on the download host, valid until `now + LINK_LIFETIME_SECS`.
    pub(crate) fn url(&self, download_base_url: &str, seed: u64, now: i64) -> String {
        let name = format!(
            "{}.{}.{}",
            self.format.as_str(),
            hex(&self.session_id),
            hex(&self.doc_id)
        );
        let expires = now + LINK_LIFETIME_SECS;
        format!(
            "{download_base_url}/blob/{name}?expires={expires}&sig={:016x}",
            signature(seed, &name, expires)
        )
    }

    /// Checks a link's parts as they arrived at the download host.
    pub(crate) fn open(
        name: &str,
        expires: Option<&str>,
        sig: Option<&str>,
        seed: u64,
        now: i64,
    ) -> Result<BlobLink, BlobRefusal> {
        let expires: i64 = expires
            .and_then(|e| e.parse().ok())
            .ok_or(BlobRefusal::Invalid)?;
        let sig = sig
            .and_then(|s| u64::from_str_radix(s, 16).ok())
            .ok_or(BlobRefusal::Invalid)?;
        if sig != signature(seed, name, expires) {
            return Err(BlobRefusal::Invalid);
        }
        if expires < now {
            return Err(BlobRefusal::Expired);
        }
        let mut parts = name.split('.');
        let (Some(format), Some(s), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(BlobRefusal::Invalid);
        };
        Ok(BlobLink {
            format: Format::parse(format).ok_or(BlobRefusal::Invalid)?,
            session_id: unhex(s).ok_or(BlobRefusal::Invalid)?,
            doc_id: unhex(d).ok_or(BlobRefusal::Invalid)?,
        })
    }
}

fn signature(seed: u64, name: &str, expires: i64) -> u64 {
    // FNV-1a folds the name into the keyed mix.
    let name_hash = name.bytes().fold(0xCBF2_9CE4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
    });
    key(&[seed, SIG_SPACE, name_hash, expires as u64])
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<String> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let bytes = (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(url: &str) -> (String, String, String) {
        let rest = url.split("/blob/").nth(1).unwrap();
        let (name, query) = rest.split_once('?').unwrap();
        let mut q = query
            .split('&')
            .map(|p| p.split_once('=').unwrap().1.to_owned());
        (name.to_owned(), q.next().unwrap(), q.next().unwrap())
    }

    #[test]
    fn a_link_opens_until_it_expires_and_not_when_edited() {
        let link = BlobLink {
            session_id: "sess_1".into(),
            doc_id: "doc_ü".into(),
            format: Format::Srt,
        };
        let url = link.url("http://127.0.0.1:9", 1, 1000);
        assert!(url.starts_with("http://127.0.0.1:9/blob/srt."));
        let (name, exp, sig) = parts(&url);
        assert_eq!(
            BlobLink::open(&name, Some(&exp), Some(&sig), 1, 1000),
            Ok(link)
        );
        assert_eq!(
            BlobLink::open(
                &name,
                Some(&exp),
                Some(&sig),
                1,
                1000 + LINK_LIFETIME_SECS + 1
            ),
            Err(BlobRefusal::Expired)
        );
        let edited = name.replacen("srt", "vtt", 1);
        assert_eq!(
            BlobLink::open(&edited, Some(&exp), Some(&sig), 1, 1000),
            Err(BlobRefusal::Invalid)
        );
        assert_eq!(
            BlobLink::open(&name, Some(&exp), Some(&sig), 2, 1000),
            Err(BlobRefusal::Invalid)
        );
        assert_eq!(
            BlobLink::open(&name, None, Some(&sig), 1, 1000),
            Err(BlobRefusal::Invalid)
        );
    }
}
