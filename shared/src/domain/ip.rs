//! The address a request came from: API Gateway's `requestContext.http.sourceIp`, the one a caller
//! cannot forge (headers such as `X-Forwarded-For` are the caller's to write). It keys the limits
//! that count per caller: signups, logins and resets per hour, and failed logins per email and IP.

use std::net::IpAddr;

/// A caller's address as a counting key: an IPv4 address as is, an IPv6 address by its /64 (one
/// subscriber's block: counting single IPv6 addresses would let anyone walk around a limit).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientIp(String);

impl ClientIp {
    /// From API Gateway's `sourceIp`; anything unreadable (or absent, as in-process) counts as
    /// one caller, `unknown`.
    pub fn from_source(raw: Option<&str>) -> ClientIp {
        match raw.and_then(|r| r.trim().parse::<IpAddr>().ok()) {
            Some(IpAddr::V4(v4)) => ClientIp(v4.to_string()),
            Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientIp(v4.to_string()),
                None => {
                    let s = v6.segments();
                    ClientIp(format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3]))
                }
            },
            None => ClientIp::unknown(),
        }
    }

    /// From CloudFront's `CloudFront-Viewer-Address`: the viewer's address and source port
    /// (`198.51.100.10:46532`, `2001:db8::1:46532`, or bracketed `[2001:db8::1]:46532`).
    pub fn from_viewer_address(raw: &str) -> ClientIp {
        let raw = raw.trim();
        let address = match raw.strip_prefix('[') {
            Some(rest) => rest.split_once(']').map(|(ip, _)| ip),
            None => raw.rsplit_once(':').filter(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())).map(|(ip, _)| ip),
        };
        match address.filter(|ip| ip.parse::<IpAddr>().is_ok()) {
            Some(ip) => ClientIp::from_source(Some(ip)),
            None => ClientIp::from_source(Some(raw)),
        }
    }

    /// A caller whose address is not known (requests that did not come through API Gateway).
    pub fn unknown() -> ClientIp {
        ClientIp("unknown".into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ClientIp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::ClientIp;

    #[test]
    fn ipv6_callers_count_by_their_slash_64_and_junk_is_one_caller() {
        assert_eq!(ClientIp::from_source(Some("203.0.113.7")).as_str(), "203.0.113.7");
        assert_eq!(ClientIp::from_source(Some("2001:db8:1:2:aaaa::1")).as_str(), "2001:db8:1:2::/64");
        assert_eq!(ClientIp::from_source(Some("2001:db8:1:2:ffff::9")), ClientIp::from_source(Some("2001:db8:1:2::1")));
        assert_eq!(ClientIp::from_source(Some("::ffff:198.51.100.4")).as_str(), "198.51.100.4");
        assert_eq!(ClientIp::from_source(Some("not an ip")), ClientIp::unknown());
        assert_eq!(ClientIp::from_source(Some(&"9".repeat(10_000))), ClientIp::unknown());
        assert_eq!(ClientIp::from_source(None), ClientIp::unknown());
    }

    #[test]
    fn cloudfronts_viewer_address_drops_the_port_and_keeps_the_slash_64() {
        assert_eq!(ClientIp::from_viewer_address("198.51.100.10:46532").as_str(), "198.51.100.10");
        assert_eq!(ClientIp::from_viewer_address("2001:db8:1:2:aaaa::1:46532").as_str(), "2001:db8:1:2::/64");
        assert_eq!(ClientIp::from_viewer_address("[2001:db8:1:2::9]:443").as_str(), "2001:db8:1:2::/64");
        assert_eq!(ClientIp::from_viewer_address("203.0.113.5").as_str(), "203.0.113.5");
        assert_eq!(ClientIp::from_viewer_address("2001:db8:1:2::1").as_str(), "2001:db8:1:2::/64");
        assert_eq!(ClientIp::from_viewer_address("evil"), ClientIp::unknown());
        assert_eq!(ClientIp::from_viewer_address("1.2.3.4:x"), ClientIp::unknown());
    }
}
