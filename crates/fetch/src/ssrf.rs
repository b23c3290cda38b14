//! The SSRF guard: which network addresses a fetch may reach.
//!
//! A server that fetches URLs on behalf of its callers must not become their
//! way into its own network: loopback, private ranges, link-local (cloud
//! metadata at `169.254.169.254`), unique-local (`fd00:ec2::254`), CGNAT and
//! the like. The guard checks twice, because either check alone can be
//! dodged: IP literals before every request (every redirect hop included), and
//! host names *after* DNS resolution, in the resolver the HTTP client
//! connects through, so a name that resolves to `127.0.0.1` is caught at the
//! address actually dialled (no time-of-check/time-of-use gap).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use url::{Host, Url};

/// Which destinations a fetcher may reach.
///
/// The default is open (a command-line crawl of your own machine is
/// legitimate); [`SsrfPolicy::guarded`] refuses every non-public address
/// except the hosts and networks allowed explicitly.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsrfPolicy {
    /// Whether non-public addresses are refused.
    pub enabled: bool,
    /// Host names reachable whatever they resolve to (exact, case-insensitive).
    pub allow_hosts: Vec<String>,
    /// Networks reachable even though they are not public.
    pub allow_nets: Vec<IpNet>,
}

/// A fetch the SSRF guard refused: the destination is not a public address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{host} is not a public address (loopback, private, link-local or reserved)")]
pub struct BlockedDestination {
    /// The host as the URL named it. The resolved address is deliberately
    /// not reported: it would tell a caller about the internal network.
    pub host: String,
}

impl SsrfPolicy {
    /// The guard on, nothing allowed beyond public addresses.
    pub fn guarded() -> Self {
        Self {
            enabled: true,
            ..Self::default()
        }
    }

    /// Checks a URL before it is requested: IP literals are judged here
    /// (they never reach the resolver); names are judged at resolution.
    pub fn check_url(&self, url: &Url) -> Result<(), BlockedDestination> {
        if !self.enabled {
            return Ok(());
        }
        let ip = match url.host() {
            Some(Host::Ipv4(ip)) => IpAddr::V4(ip),
            Some(Host::Ipv6(ip)) => IpAddr::V6(ip),
            _ => return Ok(()),
        };
        if self.allows_ip(ip) {
            Ok(())
        } else {
            Err(BlockedDestination {
                host: url.host_str().unwrap_or_default().to_owned(),
            })
        }
    }

    /// Whether `host` (a name) is reachable whatever it resolves to.
    fn allows_host(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.');
        self.allow_hosts
            .iter()
            .any(|allowed| allowed.trim_end_matches('.').eq_ignore_ascii_case(host))
    }

    /// Whether an address may be dialled.
    pub fn allows_ip(&self, ip: IpAddr) -> bool {
        !self.enabled || is_public(ip) || self.allow_nets.iter().any(|net| net.contains(ip))
    }
}

/// True for addresses on the public internet: not loopback, private,
/// link-local, unique-local, CGNAT, multicast, documentation or reserved.
/// IPv4 addresses embedded in IPv6 (mapped, NAT64, 6to4) are judged as IPv4.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let reserved = a == 0                              // "this network"
        || a == 10                                     // private
        || a == 127                                    // loopback
        || (a == 100 && (64..128).contains(&b))        // CGNAT 100.64/10
        || (a == 169 && b == 254)                      // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b))         // private
        || (a == 192 && b == 0 && c == 0)              // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2)              // TEST-NET-1
        || (a == 192 && b == 168)                      // private
        || (a == 198 && (b == 18 || b == 19))          // benchmarking
        || (a == 198 && b == 51 && c == 100)           // TEST-NET-2
        || (a == 203 && b == 0 && c == 113)            // TEST-NET-3
        || a >= 224; // multicast, reserved, broadcast
    !reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = embedded_v4(ip) {
        return is_public_v4(v4);
    }
    let first = ip.segments()[0];
    let reserved = ip.is_unspecified()
        || ip.is_loopback()
        || (first & 0xfe00) == 0xfc00      // unique local fc00::/7 (fd00:ec2::254)
        || (first & 0xffc0) == 0xfe80      // link-local fe80::/10
        || (first & 0xffc0) == 0xfec0      // site-local (deprecated) fec0::/10
        || (first & 0xff00) == 0xff00      // multicast
        || first == 0x2001 && ip.segments()[1] == 0x0db8 // documentation
        || first == 0x0100; // discard-only 100::/64
    !reserved
}

/// The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible
/// (`::a.b.c.d`), NAT64 (`64:ff9b::/96`) or 6to4 (`2002::/16`) address.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some(v4);
    }
    if s[..6] == [0, 0, 0, 0, 0, 0] && !ip.is_loopback() && !ip.is_unspecified() {
        return Some(tail);
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(tail);
    }
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        ));
    }
    None
}

/// An IP network in CIDR notation (`10.0.0.0/8`, `fd00::/8`; a bare address is one host).
/// It serialises as its CIDR text, and deserialising validates it like parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

/// Why a network did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid network {0:?}: expected an address or ADDRESS/PREFIX (10.0.0.0/8, fd00::/8)")]
pub struct ParseNetError(String);

impl IpNet {
    /// Whether `ip` lies in the network.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                prefix_eq(&net.octets(), &ip.octets(), self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                prefix_eq(&net.octets(), &ip.octets(), self.prefix)
            }
            (IpAddr::V4(_), IpAddr::V6(ip)) => ip
                .to_ipv4_mapped()
                .is_some_and(|v4| self.contains(IpAddr::V4(v4))),
            (IpAddr::V6(_), IpAddr::V4(_)) => false,
        }
    }
}

fn prefix_eq(net: &[u8], ip: &[u8], prefix: u8) -> bool {
    let (bytes, bits) = (usize::from(prefix / 8), prefix % 8);
    if net[..bytes] != ip[..bytes] {
        return false;
    }
    bits == 0 || {
        let mask = 0xffu8 << (8 - bits);
        net[bytes] & mask == ip[bytes] & mask
    }
}

impl FromStr for IpNet {
    type Err = ParseNetError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseNetError(s.to_owned());
        let (addr, prefix) = match s.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (s, None),
        };
        let addr: IpAddr = addr.trim().parse().map_err(|_| err())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.trim().parse::<u8>().map_err(|_| err())?,
            None => max,
        };
        if prefix > max {
            return Err(err());
        }
        Ok(Self { addr, prefix })
    }
}

impl TryFrom<String> for IpNet {
    type Error = ParseNetError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<IpNet> for String {
    fn from(net: IpNet) -> Self {
        net.to_string()
    }
}

impl fmt::Display for IpNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// The resolver the HTTP client dials through when the guard is on: the
/// system resolver, then every address the policy refuses is dropped; a
/// name left without addresses fails with [`BlockedDestination`].
pub(crate) struct GuardedResolver {
    pub(crate) policy: Arc<SsrfPolicy>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = Arc::clone(&self.policy);
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if policy.allows_host(&host) {
                return Ok(Box::new(found.into_iter()) as reqwest::dns::Addrs);
            }
            let allowed: Vec<SocketAddr> = found
                .into_iter()
                .filter(|addr| policy.allows_ip(addr.ip()))
                .collect();
            if allowed.is_empty() {
                return Err(Box::new(BlockedDestination { host }) as _);
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn non_public_addresses() {
        for blocked in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fd00:ec2::254",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
        ] {
            assert!(!is_public(ip(blocked)), "{blocked} must be blocked");
        }
        for public in [
            "93.184.216.34",
            "1.1.1.1",
            "2606:4700:4700::1111",
            "172.32.0.1",
        ] {
            assert!(is_public(ip(public)), "{public} is public");
        }
    }

    #[test]
    fn allowed_networks_and_hosts() {
        let policy = SsrfPolicy {
            enabled: true,
            allow_hosts: vec!["Intranet.Example".into()],
            allow_nets: vec!["10.0.0.0/8".parse().unwrap(), "fd00::/8".parse().unwrap()],
        };
        assert!(policy.allows_ip(ip("10.9.8.7")));
        assert!(policy.allows_ip(ip("::ffff:10.9.8.7")));
        assert!(policy.allows_ip(ip("fd12::1")));
        assert!(!policy.allows_ip(ip("192.168.0.1")));
        assert!(policy.allows_host("intranet.example."));
        assert!(!SsrfPolicy::default().enabled);
        assert!(SsrfPolicy::default().allows_ip(ip("127.0.0.1")));
    }

    #[test]
    fn ip_literals_are_checked_before_any_request() {
        let policy = SsrfPolicy::guarded();
        let check = |u: &str| policy.check_url(&Url::parse(u).unwrap());
        assert!(check("http://127.0.0.1:8080/").is_err());
        assert!(check("http://[::1]/").is_err());
        assert!(check("http://2130706433/").is_err()); // 127.0.0.1 as a decimal integer
        assert!(check("http://0x7f.1/").is_err());
        assert!(check("http://93.184.216.34/").is_ok());
        assert!(check("http://example.org/").is_ok()); // judged at resolution
    }

    #[test]
    fn networks_parse() {
        assert_eq!(
            "10.0.0.0/8".parse::<IpNet>().unwrap().to_string(),
            "10.0.0.0/8"
        );
        assert_eq!("::1".parse::<IpNet>().unwrap().to_string(), "::1/128");
        assert!("10.0.0.0/33".parse::<IpNet>().is_err());
        assert!("nonsense".parse::<IpNet>().is_err());
        let net: IpNet = "172.16.0.0/12".parse().unwrap();
        assert!(net.contains(ip("172.31.255.255")));
        assert!(!net.contains(ip("172.32.0.0")));
    }
}
