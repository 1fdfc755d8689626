//! Which server addresses the client will talk to at all.
//!
//! A token must never travel in clear text over a network, so `http://` is only allowed
//! where it cannot leave the machine: loopback (the fake server, practice mode).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

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

/// Where a host is, as far as its address says: a `download_url` that points into this
/// computer or the local network (a router's admin page, a cloud metadata service at
/// 169.254.169.254) is refused unless the account's server is there too (the fake server,
/// an on-premises install). Names are taken as public: only literal addresses and
/// `localhost` are classed, since resolving names here would not stop a name that
/// resolves differently when connecting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Locality {
    Public,
    /// Loopback and the unspecified address (which connects to this computer).
    ThisComputer,
    /// RFC 1918, shared address space (100.64/10), IPv6 unique local (fc00::/7).
    Private,
    /// 169.254/16 and fe80::/10: metadata services live here.
    LinkLocal,
}

fn locality(host: &Host<&str>) -> Locality {
    match host {
        Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            if d == "localhost" || d.ends_with(".localhost") {
                Locality::ThisComputer
            } else {
                Locality::Public
            }
        }
        Host::Ipv4(ip) => v4_locality(*ip),
        Host::Ipv6(ip) => v6_locality(*ip),
    }
}

fn v4_locality(ip: Ipv4Addr) -> Locality {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback() || ip.is_unspecified() || a == 0 {
        Locality::ThisComputer
    } else if ip.is_link_local() {
        Locality::LinkLocal
    } else if ip.is_private() || (a == 100 && (64..128).contains(&b)) || ip.is_broadcast() {
        Locality::Private
    } else {
        Locality::Public
    }
}

fn v6_locality(ip: Ipv6Addr) -> Locality {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return v4_locality(v4);
    }
    let first = ip.segments()[0];
    if ip.is_loopback() || ip.is_unspecified() {
        Locality::ThisComputer
    } else if first & 0xffc0 == 0xfe80 {
        Locality::LinkLocal
    } else if first & 0xfe00 == 0xfc00 {
        Locality::Private
    } else {
        Locality::Public
    }
}

/// A `download_url` on this computer or the local network is only followed when the
/// account's server is in the same place.
pub(crate) fn check_download_host(base: &Url, url: &Url) -> Result<(), ApiError> {
    let (Some(base_host), Some(host)) = (base.host(), url.host()) else {
        return Err(ApiError::Decode {
            message: "the server offered a download address without a host".into(),
        });
    };
    let place = locality(&host);
    if place == Locality::Public || place == locality(&base_host) {
        return Ok(());
    }
    Err(ApiError::Decode {
        message: "the server offered a download address on a private network".into(),
    })
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

    #[test]
    fn download_links_into_a_private_network_need_a_server_there() {
        let public = validate_base_url("https://api.scriptix.io").unwrap();
        let local = validate_base_url("http://127.0.0.1:8080").unwrap();
        let on_prem = validate_base_url("https://10.1.2.3").unwrap();
        let check = |base: &Url, link: &str| check_download_host(base, &Url::parse(link).unwrap());
        for link in [
            "https://127.0.0.1/blob",
            "http://localhost:9000/blob",
            "https://sub.localhost/blob",
            "https://0.0.0.0/blob",
            "https://10.0.0.1/blob",
            "https://172.16.5.4/blob",
            "https://192.168.1.1/admin",
            "https://100.64.0.1/blob",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/blob",
            "https://[::]/blob",
            "https://[fd00::1]/blob",
            "https://[fe80::1]/blob",
            "https://[::ffff:169.254.169.254]/blob",
        ] {
            assert!(
                matches!(check(&public, link), Err(ApiError::Decode { .. })),
                "{link} from a public server"
            );
        }
        for link in [
            "https://storage.scriptix.io/blob?sig=1",
            "https://8.8.8.8/blob",
            "https://[2001:db8::1]/blob",
        ] {
            assert!(check(&public, link).is_ok(), "{link}");
        }
        // The fake server (and practice mode) hands out links on this computer; an
        // on-premises server links into its own network. Neither reaches elsewhere.
        assert!(check(&local, "http://127.0.0.1:9000/blob").is_ok());
        assert!(check(&local, "http://localhost:9000/blob").is_ok());
        assert!(check(&local, "https://169.254.169.254/latest").is_err());
        assert!(check(&on_prem, "https://10.9.9.9/blob").is_ok());
        assert!(check(&on_prem, "https://127.0.0.1/blob").is_err());
    }
}
