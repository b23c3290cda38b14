//! Which URLs belong to the crawl: scope, include and exclude patterns.

use regex::Regex;
use serde::{Deserialize, Serialize};
use url::Url;

/// How far from the start URLs a crawl may go.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Only the start URLs' hosts (and ports).
    #[default]
    Host,
    /// The start URLs' registrable domains (`blog.example.co.uk` and
    /// `www.example.co.uk` are both `example.co.uk`), by the Public Suffix List.
    Domain,
    /// The start URLs' hosts and their subdomains.
    Subdomains,
    /// These domains and their subdomains.
    Domains(Vec<String>),
    /// Anywhere on the web (bound the crawl with depth and page limits).
    Any,
}

/// A crawl's scope, resolved against its start URLs.
#[derive(Debug, Clone)]
pub struct ScopeFilter {
    scope: Scope,
    hosts: Vec<String>,
    domains: Vec<String>,
    include: Vec<Regex>,
    exclude: Vec<Regex>,
}

impl ScopeFilter {
    /// Builds the filter; `include` and `exclude` are regular expressions
    /// matched anywhere in the normalised URL.
    pub fn new(scope: Scope, seeds: &[Url], include: Vec<Regex>, exclude: Vec<Regex>) -> Self {
        let hosts: Vec<String> = seeds.iter().map(host_key).collect();
        let domains = match &scope {
            Scope::Domains(list) => list
                .iter()
                .map(|d| d.trim_start_matches('.').to_ascii_lowercase())
                .collect(),
            _ => seeds
                .iter()
                .filter_map(|u| u.host_str())
                .map(registrable_domain)
                .collect(),
        };
        Self {
            scope,
            hosts,
            domains,
            include,
            exclude,
        }
    }

    /// True when `url` is in scope and passes the patterns.
    pub fn allows(&self, url: &Url) -> bool {
        self.in_scope(url) && self.passes_patterns(url.as_str())
    }

    fn in_scope(&self, url: &Url) -> bool {
        let Some(host) = url.host_str() else {
            return false;
        };
        match &self.scope {
            Scope::Host => self.hosts.contains(&host_key(url)),
            Scope::Domain => self.domains.iter().any(|d| *d == registrable_domain(host)),
            Scope::Subdomains => self.hosts.iter().any(|h| {
                let bare = h.split(':').next().unwrap_or(h);
                host == bare || host.ends_with(&format!(".{bare}"))
            }),
            Scope::Domains(_) => self
                .domains
                .iter()
                .any(|d| host == d || host.ends_with(&format!(".{d}"))),
            Scope::Any => true,
        }
    }

    fn passes_patterns(&self, url: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|re| re.is_match(url)))
            && !self.exclude.iter().any(|re| re.is_match(url))
    }
}

/// `host` or `host:port` when the port is not the scheme's default: the key
/// for "same host" and for per-host politeness.
pub fn host_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// The registrable domain ("eTLD+1") of a host; IP addresses and single
/// labels stand for themselves.
pub fn registrable_domain(host: &str) -> String {
    psl::domain_str(host).unwrap_or(host).to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn filter(scope: Scope) -> ScopeFilter {
        ScopeFilter::new(
            scope,
            &[url("https://www.example.co.uk/start")],
            Vec::new(),
            Vec::new(),
        )
    }

    #[test]
    fn scopes() {
        let same = url("https://www.example.co.uk/other");
        let sibling = url("https://blog.example.co.uk/");
        let child = url("https://a.www.example.co.uk/");
        let foreign = url("https://example.org/");
        let host = filter(Scope::Host);
        assert!(host.allows(&same) && !host.allows(&sibling));
        let domain = filter(Scope::Domain);
        assert!(domain.allows(&sibling) && domain.allows(&child) && !domain.allows(&foreign));
        let sub = filter(Scope::Subdomains);
        assert!(sub.allows(&child) && !sub.allows(&sibling));
        let list = filter(Scope::Domains(vec!["example.org".into()]));
        assert!(list.allows(&foreign) && !list.allows(&same));
        assert!(filter(Scope::Any).allows(&foreign));
    }

    #[test]
    fn ports_make_hosts_differ() {
        let f = ScopeFilter::new(
            Scope::Host,
            &[url("http://127.0.0.1:8080/")],
            Vec::new(),
            Vec::new(),
        );
        assert!(f.allows(&url("http://127.0.0.1:8080/x")));
        assert!(!f.allows(&url("http://127.0.0.1:9090/x")));
    }

    #[test]
    fn patterns() {
        let f = ScopeFilter::new(
            Scope::Host,
            &[url("http://e.com/")],
            vec![Regex::new("/docs/").unwrap()],
            vec![Regex::new(r"\.pdf$").unwrap()],
        );
        assert!(f.allows(&url("http://e.com/docs/a")));
        assert!(!f.allows(&url("http://e.com/blog/a")));
        assert!(!f.allows(&url("http://e.com/docs/a.pdf")));
    }
}
