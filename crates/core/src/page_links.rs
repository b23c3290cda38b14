//! What a page tells a crawler besides its content: its links, its
//! canonical URL and its robots meta directives.
//!
//! Two readers feed [`PageLinksReader`] the page's start tags: the crawler's
//! own token scan, and the native extractor's walk over the tree it parsed
//! anyway (see [`crate::Extractor::extract_with_links`]). The rules of what
//! counts live here once, so both readers agree.

use url::Url;

use crate::RobotsDirectives;

/// The crawl-relevant facts of one HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    /// Link targets (`a[href]`, `area[href]`) without `rel=nofollow`, resolved
    /// against the page's base URL, in document order, not yet normalised.
    pub links: Vec<Url>,
    /// `<link rel=canonical>`, resolved.
    pub canonical: Option<Url>,
    /// `<meta name=robots>` (and `name=riptide`) directives: `noindex` means
    /// do not record the page, `nofollow` follow none of its links.
    pub robots: RobotsDirectives,
}

/// Collects [`PageLinks`] from a page's start tags in document order. URLs
/// are resolved by [`PageLinksReader::finish`], once the whole page is read,
/// because the first `<base href>` counts wherever it stands.
#[derive(Debug, Default)]
pub struct PageLinksReader {
    base: Option<String>,
    hrefs: Vec<String>,
    canonical: Option<String>,
    robots: RobotsDirectives,
}

impl PageLinksReader {
    /// Reads one start tag: its local name in lowercase, and a lookup of its
    /// (namespace-less) attributes by name.
    pub fn start_tag<'a>(&mut self, name: &str, attr: impl Fn(&str) -> Option<&'a str>) {
        match name {
            "a" | "area" => {
                if let Some(href) = attr("href")
                    && !rel_has(attr("rel"), "nofollow")
                {
                    self.hrefs.push(href.to_owned());
                }
            }
            "base" if self.base.is_none() => self.base = attr("href").map(str::to_owned),
            "link" if self.canonical.is_none() && rel_has(attr("rel"), "canonical") => {
                self.canonical = attr("href").map(str::to_owned);
            }
            "meta" => {
                let name = attr("name").unwrap_or("");
                if let Some(content) = attr("content")
                    && (name.eq_ignore_ascii_case("robots") || name.eq_ignore_ascii_case("riptide"))
                {
                    self.robots = self.robots.union(RobotsDirectives::parse(content));
                }
            }
            _ => {}
        }
    }

    /// Resolves what was read against the page's URL (or its `<base href>`).
    pub fn finish(self, page: &Url) -> PageLinks {
        let base = self
            .base
            .as_deref()
            .and_then(|href| page.join(href).ok())
            .unwrap_or_else(|| page.clone());
        PageLinks {
            links: self
                .hrefs
                .iter()
                .filter_map(|href| base.join(href.trim()).ok())
                .collect(),
            canonical: self
                .canonical
                .as_deref()
                .and_then(|href| base.join(href).ok()),
            robots: self.robots,
        }
    }
}

/// True when the space-separated `rel` list holds `word` (any case).
fn rel_has(rel: Option<&str>, word: &str) -> bool {
    rel.is_some_and(|rel| {
        rel.split_ascii_whitespace()
            .any(|w| w.eq_ignore_ascii_case(word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(tags: &[(&str, &[(&str, &str)])]) -> PageLinks {
        let mut reader = PageLinksReader::default();
        for (name, attrs) in tags {
            reader.start_tag(name, |wanted| {
                attrs.iter().find(|(n, _)| *n == wanted).map(|(_, v)| *v)
            });
        }
        reader.finish(&Url::parse("http://e.com/dir/page").unwrap())
    }

    #[test]
    fn the_first_base_with_an_href_counts_wherever_it_stands() {
        let links = read(&[
            ("a", &[("href", "x")]),
            ("base", &[]),
            ("base", &[("href", "/b/")]),
            ("base", &[("href", "/ignored/")]),
        ]);
        assert_eq!(links.links[0].as_str(), "http://e.com/b/x");
    }

    #[test]
    fn nofollow_links_canonical_and_robots() {
        let links = read(&[
            ("a", &[("href", "/ad"), ("rel", "Sponsored NOFOLLOW")]),
            ("area", &[("href", " /area ")]),
            ("link", &[("rel", "stylesheet"), ("href", "/css")]),
            ("link", &[("rel", "canonical"), ("href", "/canon")]),
            ("link", &[("rel", "canonical"), ("href", "/second")]),
            ("meta", &[("name", "ROBOTS"), ("content", "noindex")]),
            ("meta", &[("name", "riptide"), ("content", "nofollow")]),
            ("meta", &[("name", "googlebot"), ("content", "none")]),
        ]);
        let links_read: Vec<&str> = links.links.iter().map(Url::as_str).collect();
        assert_eq!(links_read, ["http://e.com/area"]);
        assert_eq!(
            links.canonical.as_ref().map(Url::as_str),
            Some("http://e.com/canon")
        );
        assert!(links.robots.noindex && links.robots.nofollow);
    }
}
