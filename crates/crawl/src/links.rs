//! What a page says about crawling: its links, canonical URL and robots meta tags.

use riptide_core::RobotsDirectives;
use scraper::{Html, Selector};
use url::Url;

/// The crawl-relevant facts of one HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    /// Link targets (`a[href]`, `area[href]`) without `rel=nofollow`, resolved
    /// against the page's base URL, in document order, not yet normalised.
    pub links: Vec<String>,
    /// `<link rel=canonical>`, resolved.
    pub canonical: Option<String>,
    /// `<meta name=robots>` (and `name=riptide`) directives: `noindex` means
    /// do not record the page, `nofollow` follow none of its links.
    pub robots: RobotsDirectives,
}

/// Reads links and robots directives from `html` served at `page`.
pub fn page_links(html: &str, page: &Url) -> PageLinks {
    let doc = Html::parse_document(html);
    let base = select(&doc, "base[href]")
        .next()
        .and_then(|el| el.value().attr("href"))
        .and_then(|href| page.join(href).ok())
        .unwrap_or_else(|| page.clone());
    let mut out = PageLinks::default();
    for meta in select(&doc, "meta[name][content]") {
        let name = meta.value().attr("name").unwrap_or("");
        if name.eq_ignore_ascii_case("robots") || name.eq_ignore_ascii_case("riptide") {
            let content = meta.value().attr("content").unwrap_or("");
            out.robots = out.robots.union(RobotsDirectives::parse(content));
        }
    }
    out.canonical = select(&doc, "link[rel][href]")
        .find(|el| rel_has(el.value().attr("rel"), "canonical"))
        .and_then(|el| el.value().attr("href"))
        .and_then(|href| base.join(href).ok())
        .map(String::from);
    for link in select(&doc, "a[href], area[href]") {
        if rel_has(link.value().attr("rel"), "nofollow") {
            continue;
        }
        if let Some(target) = link
            .value()
            .attr("href")
            .and_then(|href| base.join(href.trim()).ok())
        {
            out.links.push(target.into());
        }
    }
    out
}

fn select<'a>(doc: &'a Html, css: &str) -> impl Iterator<Item = scraper::ElementRef<'a>> + 'a {
    // The selectors are constants; a failure would be a bug caught by the tests.
    let selector = Selector::parse(css).ok();
    selector
        .into_iter()
        .flat_map(move |s| doc.select(&s).collect::<Vec<_>>())
}

fn rel_has(rel: Option<&str>, word: &str) -> bool {
    rel.is_some_and(|rel| {
        rel.split_ascii_whitespace()
            .any(|w| w.eq_ignore_ascii_case(word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_canonical_and_directives() {
        let page = Url::parse("http://e.com/dir/page").unwrap();
        let html = r#"<html><head><base href="/base/"><link rel="Canonical" href="/canon">
            <meta name="robots" content="NoIndex, follow"></head><body>
            <a href="a">a</a><a rel="nofollow sponsored" href="/ad">ad</a><map><area href="/area"></map>
            <a href="https://other.org/x">x</a><a>no href</a></body></html>"#;
        let links = page_links(html, &page);
        assert_eq!(
            links.links,
            [
                "http://e.com/base/a",
                "http://e.com/area",
                "https://other.org/x"
            ]
        );
        assert_eq!(links.canonical.as_deref(), Some("http://e.com/canon"));
        assert!(links.robots.noindex);
        assert!(!links.robots.nofollow);
    }

    #[test]
    fn robots_none_means_both() {
        let page = Url::parse("http://e.com/").unwrap();
        let links = page_links(
            r#"<meta name="robots" content="none"><a href="/x">x</a>"#,
            &page,
        );
        assert!(links.robots.noindex && links.robots.nofollow);
    }
}
