//! Which URLs the store may send a vendor's events to: an absolute `https` URL without a user or
//! password, whose host resolves only to public addresses. Nothing inside a network: loopback,
//! private (10/8, 172.16/12, 192.168/16), link-local (169.254/16, where cloud metadata answers;
//! fe80::/10), carrier-grade NAT (100.64/10), unique-local (fc00::/7), multicast, broadcast,
//! unspecified, reserved, documentation and benchmarking ranges, and IPv6 forms that carry an
//! IPv4 address (mapped, NAT64) are judged by that address. Checked when an endpoint is saved and
//! again before every send, and the send goes to the addresses checked (no second lookup).
//!
//! `make dev` and `make test` allow plain http to a loopback address ([`Policy::loopback_http`],
//! from `WEBHOOK_ALLOW_LOOPBACK_HTTP`, which the template never sets), for the demo vendor app and
//! the tests' receivers.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use url::{Host, Url};

/// How long a host's name may take to resolve; past it the name counts as unresolvable.
pub const LOOKUP_LIMIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Why a URL may not be an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not an absolute http(s) URL with a host, or one that carries a user or password.
    Malformed,
    /// Plain http to a public address: only https is sent to.
    NotHttps,
    /// The host resolves to no address.
    Unresolvable,
    /// The host resolves to an address inside a network.
    NotPublic,
}

impl Refusal {
    /// What the vendor reads.
    pub fn reason(self) -> &'static str {
        match self {
            Refusal::Malformed => "La URL debe ser absoluta, http(s), sin usuario ni contraseña.",
            Refusal::NotHttps => "La URL debe usar https.",
            Refusal::Unresolvable => "El nombre de la URL no resuelve a ninguna dirección.",
            Refusal::NotPublic => "La URL debe apuntar a una dirección pública, no a una red interna.",
        }
    }
}

/// What besides public https addresses is allowed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// Plain http to a loopback address (local runs only).
    pub loopback_http: bool,
}

/// An endpoint the store may call: its URL and every address its host resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowed {
    pub url: Url,
    pub addresses: Vec<SocketAddr>,
}

/// Checks `raw` under `policy`, resolving its host (an address in the URL is taken as it is).
pub async fn check(raw: &str, policy: Policy) -> Result<Allowed, Refusal> {
    let url = Url::parse(raw.trim()).map_err(|_| Refusal::Malformed)?;
    let scheme_known = matches!(url.scheme(), "https" | "http");
    if !scheme_known || !url.username().is_empty() || url.password().is_some() {
        return Err(Refusal::Malformed);
    }
    let port = url.port_or_known_default().ok_or(Refusal::Malformed)?;
    let addresses: Vec<SocketAddr> = match url.host().ok_or(Refusal::Malformed)? {
        Host::Ipv4(ip) => vec![SocketAddr::new(IpAddr::V4(ip), port)],
        Host::Ipv6(ip) => vec![SocketAddr::new(IpAddr::V6(ip), port)],
        Host::Domain(name) => tokio::time::timeout(LOOKUP_LIMIT, tokio::net::lookup_host((name, port)))
            .await
            .map_err(|_| Refusal::Unresolvable)?
            .map_err(|_| Refusal::Unresolvable)?
            .collect(),
    };
    if addresses.is_empty() {
        return Err(Refusal::Unresolvable);
    }
    let https = url.scheme() == "https";
    for address in &addresses {
        let ip = address.ip();
        if is_public(ip) {
            if !https {
                return Err(Refusal::NotHttps);
            }
        } else if !(policy.loopback_http && ip.is_loopback()) {
            return Err(Refusal::NotPublic);
        }
    }
    Ok(Allowed { url, addresses })
}

/// Whether `ip` is an address on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => public_v6(v6),
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let inside = ip.is_unspecified()
        || a == 0
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || (a == 100 && (b & 0xc0) == 64)
        || ip.is_multicast()
        || a >= 240
        || ip.is_documentation()
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b & 0xfe) == 18);
    !inside
}

fn public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return public_v4(v4);
    }
    let s = ip.segments();
    let nat64 = s[0] == 0x64 && s[1] == 0xff9b;
    if nat64 {
        return public_v4(Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8));
    }
    let inside = ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00
        || (s[0] & 0xffc0) == 0xfe80
        || (s[0] & 0xffc0) == 0xfec0
        || (s[0] == 0x2001 && s[1] == 0x0db8)
        || s[..6] == [0; 6];
    !inside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_inside_a_network_are_not_public() {
        let inside = [
            "0.0.0.0",
            "0.1.2.3",
            "127.0.0.1",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.2.1",
            "192.0.0.8",
            "198.18.0.1",
            "::",
            "::1",
            "fd00::1",
            "fc00::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "::a00:1",
        ];
        for ip in inside {
            assert!(!is_public(ip.parse().unwrap()), "{ip} is inside a network");
        }
        let public = ["93.184.216.34", "8.8.8.8", "100.128.0.1", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"];
        for ip in public {
            assert!(is_public(ip.parse().unwrap()), "{ip} is public");
        }
    }

    #[tokio::test]
    async fn only_https_to_public_addresses_passes() {
        let strict = Policy::default();
        let refused = [
            ("http://169.254.169.254/latest/meta-data/", Refusal::NotPublic),
            ("https://10.0.0.1/x", Refusal::NotPublic),
            ("https://100.64.0.1/", Refusal::NotPublic),
            ("https://[fd00::1]/", Refusal::NotPublic),
            ("https://[::ffff:10.0.0.1]/", Refusal::NotPublic),
            ("https://0.0.0.0/", Refusal::NotPublic),
            ("https://224.0.0.1/", Refusal::NotPublic),
            ("https://localhost/hooks", Refusal::NotPublic),
            ("http://127.0.0.1:8080/hooks", Refusal::NotPublic),
            ("http://93.184.216.34/hooks", Refusal::NotHttps),
            ("https://user:pw@93.184.216.34/", Refusal::Malformed),
            ("ftp://93.184.216.34/", Refusal::Malformed),
            ("/hooks", Refusal::Malformed),
            ("https://name.invalid/hooks", Refusal::Unresolvable),
        ];
        for (url, refusal) in refused {
            assert_eq!(check(url, strict).await, Err(refusal), "{url}");
        }
        let allowed = check(" https://93.184.216.34:8443/hooks?a=1 ", strict).await.unwrap();
        assert_eq!(allowed.url.as_str(), "https://93.184.216.34:8443/hooks?a=1");
        assert_eq!(allowed.addresses, ["93.184.216.34:8443".parse().unwrap()]);
    }

    #[tokio::test]
    async fn the_local_setting_lets_in_http_to_loopback_and_nothing_else() {
        let local = Policy { loopback_http: true };
        for url in ["http://127.0.0.1:9200/webhooks", "http://[::1]:9200/webhooks", "https://127.0.0.1/"] {
            assert!(check(url, local).await.is_ok(), "{url}");
        }
        for url in ["http://10.0.0.1/", "http://169.254.169.254/", "https://192.168.0.10/"] {
            assert_eq!(check(url, local).await, Err(Refusal::NotPublic), "{url}");
        }
    }
}
