//! Which server addresses the client will talk to at all.
//!
//! A token must never travel in clear text over a network, so `http://` is only allowed
//! where it cannot leave the machine: loopback (the fake server, practice mode).

use std::net::IpAddr;

use url::{Host, Url};

use crate::ApiError;

/// Checks and normalises the account's API address.
///
/// Accepted: `https://host[:port][/prefix]`, or `http://` to a loopback host
/// (`127.0.0.0/8`, `::1`, `localhost`). Refused: user info, a query, a fragment, any other
/// scheme. The result always ends with `/`, and a trailing `/api/v3` (which the docs
/// sometimes include in "the base URL") is dropped, since the client adds it itself.
pub fn validate_base_url(s: &str) -> Result<Url, ApiError> {
    let mut url = Url::parse(s.trim()).map_err(|e| invalid(format!("{e}")))?;
    check_scheme_and_host(&url)?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("it must not contain a user name or password"));
    }
    if url.query().is_some() {
        return Err(invalid("it must not contain a query (`?…`)"));
    }
    if url.fragment().is_some() {
        return Err(invalid("it must not contain a fragment (`#…`)"));
    }

    let mut path = url.path().trim_end_matches('/').to_owned();
    for suffix in ["/api/v3", "/api"] {
        if let Some(stripped) = path.strip_suffix(suffix) {
            path = stripped.to_owned();
            break;
        }
    }
    path.push('/');
    url.set_path(&path);
    Ok(url)
}

/// Checks a `download_url` handed out by the server (a pre-signed storage URL). It may carry
/// a query (the signature) but must be https, or http to loopback, like the base URL.
pub(crate) fn validate_download_url(url: &Url) -> Result<(), ApiError> {
    check_scheme_and_host(url).map_err(|_| ApiError::Decode {
        message: "the server offered a download address that is neither https nor local".into(),
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ApiError::Decode {
            message: "the server offered a download address with a user name in it".into(),
        });
    }
    Ok(())
}

fn check_scheme_and_host(url: &Url) -> Result<(), ApiError> {
    let host = url.host().ok_or_else(|| invalid("it has no host name"))?;
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&host) => Ok(()),
        "http" => Err(invalid(
            "plain http is only allowed to this computer; use https",
        )),
        other => Err(invalid(format!(
            "`{other}` addresses are not supported; use https"
        ))),
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(d) => {
            d.eq_ignore_ascii_case("localhost") || d.eq_ignore_ascii_case("localhost.")
        }
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
    }
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::InvalidBaseUrl {
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        validate_base_url(s)
            .unwrap_or_else(|e| panic!("{s}: {e}"))
            .to_string()
    }

    fn refused(s: &str) {
        assert!(
            matches!(validate_base_url(s), Err(ApiError::InvalidBaseUrl { .. })),
            "{s} should be refused"
        );
    }

    #[test]
    fn https_is_accepted_and_normalised() {
        assert_eq!(ok("https://api.scriptix.io"), "https://api.scriptix.io/");
        assert_eq!(ok(" https://api.scriptix.io/ "), "https://api.scriptix.io/");
        assert_eq!(
            ok("https://api.scriptix.io/api/v3"),
            "https://api.scriptix.io/"
        );
        assert_eq!(
            ok("https://api.scriptix.io/api/v3/"),
            "https://api.scriptix.io/"
        );
        assert_eq!(
            ok("https://example.com:8443/scriptix"),
            "https://example.com:8443/scriptix/"
        );
    }

    #[test]
    fn plain_http_only_for_loopback() {
        assert_eq!(ok("http://127.0.0.1:8080"), "http://127.0.0.1:8080/");
        assert_eq!(ok("http://127.9.9.9"), "http://127.9.9.9/");
        assert_eq!(ok("http://[::1]:3000/"), "http://[::1]:3000/");
        assert_eq!(ok("http://LOCALHOST:1"), "http://localhost:1/");
        refused("http://api.scriptix.io");
        refused("http://10.0.0.1");
        refused("http://128.0.0.1");
        refused("http://[::2]");
        refused("http://localhost.evil.example");
        refused("http://127.0.0.1.nip.io");
    }

    #[test]
    fn other_shapes_are_refused() {
        refused("");
        refused("api.scriptix.io");
        refused("ftp://api.scriptix.io");
        refused("file:///etc/passwd");
        refused("https://user:pw@api.scriptix.io");
        refused("https://user@api.scriptix.io");
        refused("https://api.scriptix.io/?x=1");
        refused("https://api.scriptix.io/#frag");
    }

    #[test]
    fn download_urls_may_carry_a_signature_but_not_plain_http_elsewhere() {
        let signed = Url::parse("https://blob.example.net/f.docx?sig=abc&se=1").unwrap();
        assert!(validate_download_url(&signed).is_ok());
        let local = Url::parse("http://127.0.0.1:9/dl/1").unwrap();
        assert!(validate_download_url(&local).is_ok());
        let clear = Url::parse("http://blob.example.net/f.docx").unwrap();
        assert!(matches!(
            validate_download_url(&clear),
            Err(ApiError::Decode { .. })
        ));
    }
}
