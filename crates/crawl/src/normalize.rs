//! URL normalisation: one spelling per page, so the seen set sees duplicates.
//!
//! The `url` crate already lowercases scheme and host, drops default ports,
//! resolves dot segments and percent-encodes what must be. On top of that we
//! drop the fragment and an empty query, decode percent-escapes of unreserved
//! characters (`%7E` is `~`), uppercase the other escapes, and remove tracking
//! parameters (`utm_*`, `gclid`, ...). The result is a fixed point: normalising
//! it again changes nothing (checked by proptest).

use std::borrow::Cow;

use url::Url;

/// Tracking parameters removed by default; a trailing `*` matches a prefix.
pub const DEFAULT_TRACKING_PARAMS: &[&str] = &[
    "utm_*", "gclid", "dclid", "fbclid", "msclkid", "yclid", "mc_cid", "mc_eid", "_ga", "_gl",
    "igshid",
];

/// Normalises URLs; built once per crawl.
#[derive(Debug, Clone)]
pub struct Normalizer {
    strip: Vec<String>,
}

impl Default for Normalizer {
    fn default() -> Self {
        Self::new(
            DEFAULT_TRACKING_PARAMS
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
        )
    }
}

impl Normalizer {
    /// A normaliser that removes the query parameters named in `strip`
    /// (case-insensitive; `prefix*` matches every name starting with `prefix`).
    pub fn new(strip: Vec<String>) -> Self {
        Self {
            strip: strip.into_iter().map(|s| s.to_ascii_lowercase()).collect(),
        }
    }

    /// Resolves `raw` against `base` (when given) and normalises it; `None`
    /// for unparsable and non-http(s) URLs.
    pub fn normalize(&self, raw: &str, base: Option<&Url>) -> Option<Url> {
        let url = match base {
            Some(base) => base.join(raw.trim()).ok()?,
            None => Url::parse(raw.trim()).ok()?,
        };
        self.normalize_url(url)
    }

    /// Normalises an already parsed URL; `None` for non-http(s) URLs.
    ///
    /// Most links on a page are already in normal form: they are returned
    /// as they are, without the edit and re-parse that a URL needing work
    /// takes (re-parsing the `url` crate's own output changes nothing).
    pub fn normalize_url(&self, mut url: Url) -> Option<Url> {
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
            return None;
        }
        // Each pass can expose work for the next (a decoded `%2E` becomes a dot
        // segment); two more passes always reach the fixed point.
        for _ in 0..3 {
            let Some(edited) = self.edit(&url) else {
                break;
            };
            // Re-parse so that the url crate re-applies its own rules to our output.
            let next = Url::parse(edited.as_str()).ok()?;
            if next == url {
                break;
            }
            url = next;
        }
        Some(url)
    }

    /// `url` without its fragment, with its escapes normalised and its
    /// tracking parameters removed; `None` when none of that changes it.
    fn edit(&self, url: &Url) -> Option<Url> {
        let path = normalize_escapes(url.path());
        let query = url.query().map(|q| self.clean_query(q));
        let query = query.as_deref().filter(|q| !q.is_empty());
        if url.fragment().is_none() && path == url.path() && query == url.query() {
            return None;
        }
        let mut out = url.clone();
        out.set_fragment(None);
        out.set_path(&path);
        out.set_query(query);
        Some(out)
    }

    fn clean_query<'q>(&self, query: &'q str) -> Cow<'q, str> {
        let kept = |pair: &&str| {
            !pair.is_empty() && {
                let name = pair.split('=').next().unwrap_or("").to_ascii_lowercase();
                !self.strip.iter().any(|s| match s.strip_suffix('*') {
                    Some(prefix) => name.starts_with(prefix),
                    None => name == *s,
                })
            }
        };
        if !query.contains('%') && query.split('&').all(|pair| kept(&pair)) {
            return Cow::Borrowed(query);
        }
        Cow::Owned(
            query
                .split('&')
                .filter(kept)
                .map(normalize_escapes)
                .collect::<Vec<_>>()
                .join("&"),
        )
    }
}

/// Decodes `%XX` escapes of unreserved characters and uppercases the rest.
fn normalize_escapes(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            let byte = hi * 16 + lo;
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                out.push(byte as char);
            } else {
                out.push('%');
                out.push(bytes[i + 1].to_ascii_uppercase() as char);
                out.push(bytes[i + 2].to_ascii_uppercase() as char);
            }
            i += 3;
            continue;
        }
        // Copy one whole UTF-8 character.
        let len = utf8_len(bytes[i]);
        out.push_str(&s[i..i + len]);
        i += len;
    }
    Cow::Owned(out)
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(raw: &str) -> String {
        Normalizer::default()
            .normalize(raw, None)
            .map(String::from)
            .unwrap_or_default()
    }

    #[test]
    fn the_usual_equivalences() {
        assert_eq!(
            norm("HTTP://Example.COM:80/a/./b/../c#frag"),
            "http://example.com/a/c"
        );
        assert_eq!(norm("https://example.com:443"), "https://example.com/");
        assert_eq!(
            norm("http://example.com/%7euser/%e2%82%ac?"),
            "http://example.com/~user/%E2%82%AC"
        );
        assert_eq!(
            norm("http://example.com/p?utm_source=x&id=3&UTM_medium=y&fbclid=z"),
            "http://example.com/p?id=3"
        );
        assert_eq!(
            norm("http://example.com/p?utm_source=x"),
            "http://example.com/p"
        );
        assert_eq!(norm("http://example.com:8080/"), "http://example.com:8080/");
    }

    #[test]
    fn only_web_urls() {
        assert_eq!(norm("mailto:someone@example.com"), "");
        assert_eq!(norm("javascript:void(0)"), "");
        assert_eq!(norm("not a url"), "");
    }

    #[test]
    fn relative_links_resolve() {
        let base = Url::parse("http://example.com/dir/page.html").unwrap();
        let n = Normalizer::default();
        assert_eq!(
            n.normalize("../up#x", Some(&base)).unwrap().as_str(),
            "http://example.com/up"
        );
        assert_eq!(
            n.normalize("?q=1", Some(&base)).unwrap().as_str(),
            "http://example.com/dir/page.html?q=1"
        );
    }

    #[test]
    fn stripping_is_configurable() {
        let n = Normalizer::new(vec!["session*".into()]);
        let url = n
            .normalize("http://e.com/?sessionid=1&utm_source=2", None)
            .unwrap();
        assert_eq!(url.as_str(), "http://e.com/?utm_source=2");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn segment() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9_~-]{1,8}",
            Just(".".to_owned()),
            Just("..".to_owned()),
            "%[0-9a-fA-F]{2}",
            "[a-z]{1,3}%[0-9a-fA-F]{2}",
            Just("caf\u{e9}".to_owned()),
        ]
    }

    fn url() -> impl Strategy<Value = String> {
        (
            prop_oneof![Just("http"), Just("HTTP"), Just("https"), Just("HtTpS")],
            "[a-zA-Z]{1,8}\\.(com|org|CO\\.uk)",
            prop_oneof![
                Just(String::new()),
                Just(":80".to_owned()),
                Just(":443".to_owned()),
                Just(":8080".to_owned())
            ],
            prop::collection::vec(segment(), 0..6),
            prop::collection::vec(("[a-z_]{1,6}", "[a-zA-Z0-9%]{0,5}"), 0..4),
            prop::option::of("[a-z]{0,5}"),
        )
            .prop_map(|(scheme, host, port, segments, params, fragment)| {
                let mut url = format!("{scheme}://{host}{port}/{}", segments.join("/"));
                if !params.is_empty() {
                    let pairs: Vec<String> =
                        params.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    url.push('?');
                    url.push_str(&pairs.join("&"));
                }
                if let Some(fragment) = fragment {
                    url.push('#');
                    url.push_str(&fragment);
                }
                url
            })
    }

    proptest! {
        /// What lets `normalize_url` return a URL needing no edit as it is.
        #[test]
        fn reparsing_a_parsed_url_changes_nothing(raw in url(), relative in prop::collection::vec(segment(), 0..4)) {
            if let Ok(parsed) = Url::parse(&raw) {
                let joined = parsed.join(&relative.join("/")).expect("a relative path joins");
                for url in [parsed, joined] {
                    let again = Url::parse(url.as_str()).expect("a parsed URL stays valid");
                    prop_assert_eq!(again, url);
                }
            }
        }

        #[test]
        fn normalising_is_idempotent(raw in url()) {
            let n = Normalizer::default();
            if let Some(once) = n.normalize(&raw, None) {
                let twice = n.normalize(once.as_str(), None).expect("a normalised URL stays valid");
                prop_assert_eq!(once.as_str(), twice.as_str());
            }
        }

        #[test]
        fn normal_forms_have_no_noise(raw in url()) {
            if let Some(url) = Normalizer::default().normalize(&raw, None) {
                prop_assert!(url.fragment().is_none());
                let default = if url.scheme() == "https" { 443 } else { 80 };
                prop_assert!(url.port() != Some(default));
                let host = url.host_str().unwrap_or_default();
                prop_assert_eq!(host, host.to_ascii_lowercase());
                prop_assert!(!url.path().split('/').any(|s| s == "." || s == ".."));
                prop_assert!(url.query_pairs().all(|(k, _)| !k.to_ascii_lowercase().starts_with("utm_")));
                let lower_escape = url.as_str().as_bytes().windows(3).any(|w| {
                    w[0] == b'%' && (w[1].is_ascii_lowercase() || w[2].is_ascii_lowercase())
                        && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit()
                });
                prop_assert!(!lower_escape, "{}", url);
            }
        }

        #[test]
        fn noise_does_not_change_the_normal_form(raw in url(), fragment in "[a-z]{1,5}", utm in "[a-z0-9]{1,5}") {
            let n = Normalizer::default();
            let Some(base) = n.normalize(&raw, None) else { return Ok(()) };
            let mut noisy = base.clone();
            noisy.set_fragment(Some(&fragment));
            let query = match base.query() {
                Some(q) => format!("utm_source={utm}&{q}"),
                None => format!("utm_source={utm}"),
            };
            noisy.set_query(Some(&query));
            let upper = noisy.as_str().replacen(base.host_str().unwrap_or_default(), &base.host_str().unwrap_or_default().to_ascii_uppercase(), 1);
            let again = n.normalize(&upper, None).expect("still valid");
            prop_assert_eq!(again.as_str(), base.as_str());
        }
    }
}
