//! Which addresses `briefly fetch` may connect to: the public internet, and what the person
//! typing the command opens with `--allow-host` or `BRIEFLY_ALLOW_HOSTS` (never the config).
//!
//! In: a host from a feed, a page or a redirect, its resolved addresses, and the [`AllowList`].
//! Out: the addresses that may be connected to, or an error that says why not (`refused:
//! 127.0.0.1 is a loopback address`). [`Guard`] is the name resolver of the fetch client: it
//! resolves a name once, keeps only the allowed addresses, and the client connects to exactly
//! those, so a name that resolves to a public address when checked and to an internal one when
//! used (DNS rebinding) cannot get through: the check is on the address connected to.
//!
//! Refused ([`classify`]): loopback, private (RFC 1918), shared (100.64/10, carrier-grade NAT),
//! link-local, unique-local (fc00::/7) and site-local, multicast, unspecified, broadcast,
//! documentation, benchmarking and reserved ranges, the same inside IPv4-mapped, NAT64 and 6to4
//! IPv6 addresses, and the names `localhost` and `*.localhost`. An allowed name (exact, case
//! folded) may resolve to anything; an allowed range opens its addresses for every name.
//!
//! Through a proxy from the environment (`HTTPS_PROXY`…), which resolves names itself, the
//! proxy is reached as configured and the target's name is checked as resolved here (a name
//! that does not resolve here is left to the proxy); that the proxy resolves it the same way is
//! not guaranteed (SECURITY.md, known limits).

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};

/// Hosts and ranges the person typing the command opened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowList {
    /// Host names, lower case, without a trailing dot.
    names: BTreeSet<String>,
    /// Address ranges.
    nets: Vec<Net>,
}

/// An address range: the first address and the prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Net {
    addr: IpAddr,
    prefix: u8,
}

impl Net {
    fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(n), IpAddr::V4(a)) => in_v4(u32::from(a), u32::from(n), self.prefix),
            (IpAddr::V6(n), IpAddr::V6(a)) => in_v6(u128::from(a), u128::from(n), self.prefix),
            _ => false,
        }
    }
}

fn in_v4(a: u32, net: u32, prefix: u8) -> bool {
    prefix == 0 || (a ^ net) >> (32 - u32::from(prefix)) == 0
}

fn in_v6(a: u128, net: u128, prefix: u8) -> bool {
    prefix == 0 || (a ^ net) >> (128 - u32::from(prefix)) == 0
}

impl AllowList {
    /// Adds one entry: a host name (`intranet.example`), an address (`10.1.2.3`, `::1`) or a
    /// range in CIDR notation (`10.0.0.0/8`, `fd00::/8`). The error says what is wrong.
    pub fn add(&mut self, entry: &str) -> Result<(), String> {
        let e = entry.trim();
        let bad = |why: &str| Err(format!("`{entry}` is not a host name, address or CIDR range ({why})"));
        if e.is_empty() {
            return bad("empty");
        }
        if e.contains("://") || e.contains(char::is_whitespace) {
            return bad("write the host alone, without scheme, port or path");
        }
        if let Some((addr, prefix)) = e.split_once('/') {
            let Ok(addr) = addr.trim_matches(['[', ']']).parse::<IpAddr>() else {
                return bad("the part before `/` is not an IP address");
            };
            let max = if addr.is_ipv4() { 32 } else { 128 };
            let Some(prefix) = prefix.parse::<u8>().ok().filter(|p| *p <= max) else {
                return bad(&format!("the prefix length must be 0 to {max}"));
            };
            self.nets.push(Net { addr, prefix });
            return Ok(());
        }
        if let Ok(addr) = e.trim_matches(['[', ']']).parse::<IpAddr>() {
            let addr = addr.to_canonical();
            self.nets.push(Net { addr, prefix: if addr.is_ipv4() { 32 } else { 128 } });
            return Ok(());
        }
        if e.contains([':', '/', '@', '?', '#']) {
            return bad("write the host alone, without scheme, port or path");
        }
        match url::Host::parse(e) {
            Ok(url::Host::Domain(d)) => {
                self.names.insert(d.trim_end_matches('.').to_ascii_lowercase());
                Ok(())
            }
            Ok(_) => bad("unexpected address form"),
            Err(err) => bad(&err.to_string()),
        }
    }

    /// Whether nothing is opened.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.nets.is_empty()
    }

    fn allows_name(&self, host: &str) -> bool {
        self.names.contains(host)
    }

    fn allows_addr(&self, ip: IpAddr) -> bool {
        self.nets.iter().any(|n| n.contains(ip))
    }

    /// Whether `host` (a name, or an address literal, IPv6 in brackets or not) may be
    /// requested when it resolves to `ip`; the error is the reason it may not.
    pub fn check(&self, host: &str, ip: IpAddr) -> Result<(), String> {
        let host = normal_host(host);
        if self.allows_name(&host) {
            return Ok(());
        }
        if is_localhost(&host) {
            return Err(format!("refused: `{host}` names this machine; `--allow-host {host}` opens it"));
        }
        let ip = ip.to_canonical();
        match classify(ip) {
            Some(kind) if !self.allows_addr(ip) => {
                let what = if host == ip.to_string() {
                    format!("{ip} is {kind} address")
                } else {
                    format!("`{host}` resolves to {ip}, {kind} address")
                };
                Err(format!("refused: {what}; `--allow-host` opens it"))
            }
            _ => Ok(()),
        }
    }
}

/// A host as compared: brackets of an IPv6 literal and a trailing dot removed, lower case.
fn normal_host(host: &str) -> String {
    host.trim_start_matches('[').trim_end_matches(']').trim_end_matches('.').to_ascii_lowercase()
}

/// `localhost` and the names under it (RFC 6761: always this machine).
fn is_localhost(host: &str) -> bool {
    host == "localhost" || host.ends_with(".localhost")
}

/// The kind of a non-public address, with its article (`a loopback`); `None` for a public one.
pub fn classify(ip: IpAddr) -> Option<&'static str> {
    match ip.to_canonical() {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> Option<&'static str> {
    const RANGES: &[([u8; 4], u8, &str)] = &[
        ([0, 0, 0, 0], 8, "an unspecified"),
        ([10, 0, 0, 0], 8, "a private"),
        ([100, 64, 0, 0], 10, "a shared (carrier-grade NAT)"),
        ([127, 0, 0, 0], 8, "a loopback"),
        ([169, 254, 0, 0], 16, "a link-local"),
        ([172, 16, 0, 0], 12, "a private"),
        ([192, 0, 0, 0], 24, "a reserved"),
        ([192, 0, 2, 0], 24, "a documentation"),
        ([192, 88, 99, 0], 24, "a reserved"),
        ([192, 168, 0, 0], 16, "a private"),
        ([198, 18, 0, 0], 15, "a benchmarking"),
        ([198, 51, 100, 0], 24, "a documentation"),
        ([203, 0, 113, 0], 24, "a documentation"),
        ([224, 0, 0, 0], 4, "a multicast"),
        ([255, 255, 255, 255], 32, "the broadcast"),
        ([240, 0, 0, 0], 4, "a reserved"),
    ];
    let a = u32::from(ip);
    RANGES.iter().find(|(net, prefix, _)| in_v4(a, u32::from_be_bytes(*net), *prefix)).map(|r| r.2)
}

fn classify_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let a = u128::from(ip);
    let net = |s: &str| u128::from(s.parse::<Ipv6Addr>().expect("a literal address"));
    if a == 0 {
        return Some("an unspecified");
    }
    if a == 1 {
        return Some("a loopback");
    }
    // IPv4 inside: NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry one.
    if in_v6(a, net("64:ff9b::"), 96) {
        return classify_v4(Ipv4Addr::from(a as u32));
    }
    if in_v6(a, net("2002::"), 16) {
        return classify_v4(Ipv4Addr::from((a >> 80) as u32));
    }
    let ranges: [(&str, u8, &str); 8] = [
        ("::", 96, "a reserved"),
        ("64:ff9b:1::", 48, "a private"),
        ("100::", 64, "a reserved"),
        ("2001:db8::", 32, "a documentation"),
        ("fc00::", 7, "a unique-local"),
        ("fe80::", 10, "a link-local"),
        ("fec0::", 10, "a site-local"),
        ("ff00::", 8, "a multicast"),
    ];
    ranges.iter().find(|(n, prefix, _)| in_v6(a, net(n), *prefix)).map(|r| r.2)
}

/// The resolver of the fetch client: the system's, keeping only the addresses the
/// [`AllowList`] lets through (see the module doc).
#[derive(Debug, Clone)]
pub struct Guard {
    allow: Arc<AllowList>,
}

impl Guard {
    /// A resolver that lets through the public internet and `allow`.
    pub fn new(allow: AllowList) -> Guard {
        Guard { allow: Arc::new(allow) }
    }

    /// The addresses of `uri` that may be connected to; an error when there are none.
    pub fn resolve_checked(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().unwrap_or("");
        let normal = normal_host(host);
        if is_localhost(&normal) && !self.allow.allows_name(&normal) {
            // Not even resolved.
            let reason = self.allow.check(host, IpAddr::V4(Ipv4Addr::LOCALHOST)).err().unwrap_or_default();
            return Err(refused(reason));
        }
        let found = DefaultResolver::default().resolve(uri, config, timeout)?;
        let mut kept = DefaultResolver::default().empty();
        let mut reason = None;
        for &addr in found.iter() {
            match self.allow.check(host, addr.ip()) {
                Ok(()) => kept.push(addr),
                Err(why) => {
                    reason.get_or_insert(why);
                }
            }
        }
        match reason {
            Some(why) if kept.is_empty() => Err(refused(why)),
            _ => Ok(kept),
        }
    }
}

/// A refusal as the transport error ureq passes on (its text is the reason).
fn refused(reason: String) -> ureq::Error {
    ureq::Error::Io(std::io::Error::new(std::io::ErrorKind::PermissionDenied, reason))
}

/// Whether a resolver error is a refusal (not a failed lookup).
pub fn is_refusal(e: &ureq::Error) -> bool {
    matches!(e, ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied)
}

impl Resolver for Guard {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        // The proxy the user configured is theirs to reach (the target was checked before the
        // request, [`super::http::Client::get`]).
        if let Some(proxy) = config.proxy()
            && proxy.uri().host() == uri.host()
            && proxy.uri().port_u16() == uri.port_u16()
        {
            return DefaultResolver::default().resolve(uri, config, timeout);
        }
        self.resolve_checked(uri, config, timeout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Option<&'static str> {
        classify(s.parse().unwrap())
    }

    #[test]
    fn internal_ranges_are_classified() {
        for (ip, want) in [
            ("127.0.0.1", "a loopback"),
            ("127.255.255.254", "a loopback"),
            ("10.1.2.3", "a private"),
            ("172.16.0.1", "a private"),
            ("172.31.255.255", "a private"),
            ("192.168.1.1", "a private"),
            ("100.64.0.1", "a shared (carrier-grade NAT)"),
            ("100.127.255.255", "a shared (carrier-grade NAT)"),
            ("169.254.169.254", "a link-local"),
            ("0.0.0.0", "an unspecified"),
            ("0.1.2.3", "an unspecified"),
            ("224.0.0.1", "a multicast"),
            ("239.255.255.250", "a multicast"),
            ("255.255.255.255", "the broadcast"),
            ("240.0.0.1", "a reserved"),
            ("192.0.2.7", "a documentation"),
            ("198.51.100.7", "a documentation"),
            ("203.0.113.7", "a documentation"),
            ("198.18.0.1", "a benchmarking"),
            ("::", "an unspecified"),
            ("::1", "a loopback"),
            ("::ffff:127.0.0.1", "a loopback"),
            ("::ffff:10.0.0.1", "a private"),
            ("::ffff:169.254.169.254", "a link-local"),
            ("64:ff9b::7f00:1", "a loopback"),
            ("2002:c0a8:0101::1", "a private"),
            ("fc00::1", "a unique-local"),
            ("fd12:3456::1", "a unique-local"),
            ("fe80::1", "a link-local"),
            ("fec0::1", "a site-local"),
            ("ff02::1", "a multicast"),
            ("2001:db8::1", "a documentation"),
            ("::127.0.0.1", "a reserved"),
        ] {
            assert_eq!(kind(ip), Some(want), "{ip}");
        }
        for public in [
            "1.1.1.1",
            "8.8.8.8",
            "93.184.216.34",
            "100.63.255.255",
            "100.128.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "169.253.255.255",
            "192.0.3.1",
            "192.169.0.1",
            "223.255.255.255",
            "2606:4700:4700::1111",
            "2a00:1450:4001:81c::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:0808:0808::1",
        ] {
            assert_eq!(kind(public), None, "{public}");
        }
    }

    #[test]
    fn allow_list_entries() {
        let mut a = AllowList::default();
        assert!(a.is_empty());
        for ok in ["intranet.example", "Wiki.Corp.", "10.0.0.0/8", "fd00::/8", "::1", "[::2]", "192.168.1.5"]
        {
            a.add(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
        for bad in
            ["", "10.0.0.0/33", "fd00::/129", "host/8", "http://x.test", "x.test:8080", "a b", "10.0.0.0/x"]
        {
            let err = AllowList::default().add(bad).unwrap_err();
            assert!(err.contains(&format!("`{bad}`")), "{bad}: {err}");
        }
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        // By name: any address of that name, nothing else.
        assert!(a.check("intranet.example", ip("10.9.9.9")).is_ok());
        assert!(a.check("INTRANET.example.", ip("127.0.0.1")).is_ok());
        assert!(a.check("wiki.corp", ip("192.168.9.9")).is_ok());
        assert!(a.check("other.example", ip("172.16.0.1")).is_err());
        // By range: those addresses for any name, mapped IPv6 forms included.
        assert!(a.check("anything.test", ip("10.200.0.1")).is_ok());
        assert!(a.check("anything.test", ip("::ffff:10.200.0.1")).is_ok());
        assert!(a.check("[fd00::5]", ip("fd00::5")).is_ok());
        assert!(a.check("[fd00::5]", ip("fc00::5")).is_err());
        assert!(a.check("x.test", ip("::1")).is_ok() && a.check("x.test", ip("::2")).is_ok());
        assert!(a.check("x.test", ip("::3")).is_err());
        assert!(a.check("192.168.1.5", ip("192.168.1.5")).is_ok());
        assert!(a.check("192.168.1.6", ip("192.168.1.6")).is_err());
        // Public addresses need nothing; localhost names need their own name.
        let none = AllowList::default();
        assert!(none.check("news.example", ip("93.184.216.34")).is_ok());
        let e = none.check("127.0.0.1", ip("127.0.0.1")).unwrap_err();
        assert_eq!(e, "refused: 127.0.0.1 is a loopback address; `--allow-host` opens it");
        let e = none.check("evil.example", ip("10.0.0.1")).unwrap_err();
        assert_eq!(
            e,
            "refused: `evil.example` resolves to 10.0.0.1, a private address; `--allow-host` opens it"
        );
        let mut lo = AllowList::default();
        lo.add("127.0.0.0/8").unwrap();
        assert!(lo.check("localhost", ip("127.0.0.1")).unwrap_err().contains("names this machine"));
        assert!(lo.check("a.localhost", ip("127.0.0.1")).is_err());
        lo.add("localhost").unwrap();
        assert!(lo.check("localhost", ip("127.0.0.1")).is_ok());
        assert!(lo.check("a.localhost", ip("127.0.0.1")).is_err());
    }

    #[test]
    fn the_resolver_refuses_what_resolves_inside() {
        let uri = |s: &str| s.parse::<ureq::http::Uri>().unwrap();
        let config = ureq::config::Config::default();
        let t = ureq::unversioned::transport::NextTimeout::default();
        let guard = Guard::new(AllowList::default());
        for u in ["http://127.0.0.1:9/", "http://[::1]:9/", "http://localhost:9/", "http://10.0.0.1/"] {
            let e = guard.resolve(&uri(u), &config, t).unwrap_err();
            assert!(e.to_string().contains("refused"), "{u}: {e}");
        }
        let mut allow = AllowList::default();
        allow.add("127.0.0.1").unwrap();
        let open = Guard::new(allow);
        let got = open.resolve(&uri("http://127.0.0.1:9/"), &config, t).unwrap();
        assert_eq!(got.iter().map(|a| a.to_string()).collect::<Vec<_>>(), ["127.0.0.1:9"]);
        assert!(open.resolve(&uri("http://127.0.0.2:9/"), &config, t).is_err());
    }
}
