//! One walk over the document that gathers every raw metadata source.
//!
//! Metadata extraction must stay well under a millisecond per page, so the
//! tree is walked once (iteratively: hostile nesting cannot exhaust the
//! stack) and each field's parser works on what this walk collected: the
//! `<title>`, `<html lang>`, every `<meta>`, the JSON-LD scripts, headings,
//! `<time>` and microdata dates, the canonical link, the first visible byline
//! element and a sample of paragraph text for language detection.

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{Html, Node};

use super::byline;
use super::meta_tags::MetaTag;
use super::title::Headings;
use crate::dom::ElementAttributes;
use crate::words::WordSet;

/// Paragraph text kept for language detection, in bytes.
const SAMPLE_BYTES: usize = 2_000;

/// Raw metadata sources of one page.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Scan {
    /// Text of the first HTML `<title>`.
    pub title: Option<String>,
    /// `lang` of the `<html>` element.
    pub html_lang: Option<String>,
    pub metas: Vec<MetaTag>,
    /// Bodies of `application/ld+json` scripts, in order.
    pub jsonld: Vec<String>,
    pub headings: Headings,
    /// Text of the first visible byline element outside page chrome.
    pub byline: Option<String>,
    /// Text of the first visible byline element inside page chrome, kept
    /// only when that chrome holds most of the page's text: Readability's
    /// strict pass then loses the article, retries without removing
    /// "unlikely" blocks, and finds this byline on the way.
    pub byline_loose: Option<String>,
    /// The first byline inside page chrome when no other was found (an
    /// article header whose class says "header"): the last resort.
    pub byline_in_chrome: Option<String>,
    /// The first date marked as the publication date in the body: microdata
    /// `datePublished`, or a `<time pubdate>`.
    pub marked_date: Option<String>,
    /// `datetime` of the first `<time>` inside an `<article>` or whose class
    /// says it is the publication date.
    pub article_time: Option<String>,
    /// `href` of `<link rel=canonical>`.
    pub canonical: Option<String>,
    /// Visible paragraph text, for language detection without rendering.
    pub text_sample: String,
    /// How many `<article>` elements the page has: one is an article, several
    /// are a listing of teasers or posts.
    pub article_elements: usize,
    /// True when an element is marked `itemprop=articleBody`.
    pub has_article_body: bool,
    /// True when an element is marked as a recipe's ingredient
    /// (`itemprop=recipeIngredient`, or the older `ingredients`).
    pub has_ingredient: bool,
}

/// State of one byline search, which skips hidden subtrees (and, when
/// `strict`, page chrome).
struct BylineSearch {
    strict: bool,
    /// Root of the subtree currently excluded from the search.
    blocked_by: Option<NodeId>,
    found: Option<String>,
}

impl BylineSearch {
    fn new(strict: bool) -> Self {
        Self {
            strict,
            blocked_by: None,
            found: None,
        }
    }

    fn active(&self) -> bool {
        self.found.is_none() && self.blocked_by.is_none()
    }

    fn close(&mut self, id: NodeId) {
        if self.blocked_by == Some(id) {
            self.blocked_by = None;
        }
    }
}

/// Walks `html` once and returns its metadata sources.
pub(super) fn scan(html: &Html) -> Scan {
    let mut scan = Scan::default();
    let mut strict = BylineSearch::new(true);
    let mut loose = BylineSearch::new(false);
    let mut class_cache = byline::ClassCache::default();
    let mut loose_blocker: Option<NodeId> = None;
    let mut loose_in_chrome = false;
    // Local names of the open elements, for "near a table/code" checks.
    let mut open: Vec<&str> = Vec::new();
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                let Some(element) = node.value().as_element() else {
                    continue;
                };
                let tag = element.name();
                collect(&mut scan, node, element, tag, &open);
                if strict.found.is_none() && (strict.active() || loose.active()) {
                    let attrs = byline::Attrs::of(element);
                    let invisible = byline::is_hidden(&attrs) || byline::is_modal(&attrs);
                    let words = class_cache.words(&attrs);
                    for search in [&mut strict, &mut loose] {
                        if search.active() {
                            check_byline(search, node, &attrs, invisible, words, &open);
                        }
                    }
                }
                if loose.found.is_some() && loose_blocker.is_none() {
                    loose_blocker = strict.blocked_by.or(Some(node.id()));
                    loose_in_chrome = strict.blocked_by.is_some();
                }
                open.push(tag);
            }
            Edge::Close(node) => {
                if node.value().is_element() {
                    open.pop();
                }
                strict.close(node.id());
                loose.close(node.id());
            }
        }
    }
    scan.byline = strict.found;
    if scan.byline.is_none() && loose_in_chrome {
        let holds_the_article = loose_blocker
            .and_then(|id| html.tree.get(id))
            .is_some_and(|chrome| holds_most_text(html, chrome));
        if holds_the_article {
            scan.byline_loose = loose.found;
        } else {
            scan.byline_in_chrome = loose.found;
        }
    }
    scan
}

/// `chrome` holds at least half of the text of the `<body>`.
fn holds_most_text(html: &Html, chrome: NodeRef<'_>) -> bool {
    let body = crate::dom::body(html).map_or_else(|| html.tree.root(), |b| *b);
    let visible_chars = |node: NodeRef<'_>| {
        text_of(node, usize::MAX)
            .split_whitespace()
            .map(str::len)
            .sum::<usize>()
    };
    visible_chars(chrome) * 2 >= visible_chars(body)
}

type NodeRef<'a> = ego_tree::NodeRef<'a, Node>;

/// Records what `element` contributes to the raw sources.
fn collect(scan: &mut Scan, node: NodeRef<'_>, element: &Element, tag: &str, open: &[&str]) {
    match tag {
        "title" if scan.title.is_none() && is_html(element) && !open.contains(&"svg") => {
            scan.title = Some(text_of(node, usize::MAX));
        }
        "html" if scan.html_lang.is_none() && open.is_empty() => {
            scan.html_lang = element.attribute("lang").map(str::to_owned);
        }
        "meta" => {
            if let Some(meta) = meta_tag(element) {
                scan.metas.push(meta);
            }
        }
        "script" => {
            let is_jsonld = element
                .attribute("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
            if is_jsonld {
                scan.jsonld.push(raw_text(node));
            }
        }
        "link" if scan.canonical.is_none() => {
            let rel_canonical = element.attribute("rel").is_some_and(|rel| {
                rel.split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
            });
            if rel_canonical {
                scan.canonical = element.attribute("href").map(|h| h.trim().to_owned());
            }
        }
        "h1" | "h2" => {
            let text = text_of(node, usize::MAX).trim().to_owned();
            if tag == "h1" {
                scan.headings.h1.push(text.clone());
            }
            scan.headings.h1_h2.push(text);
        }
        "time" => {
            let datetime = element
                .attribute("datetime")
                .map(str::trim)
                .filter(|d| !d.is_empty());
            let publication_class = element.attribute("class").is_some_and(|class| {
                let class = class.to_ascii_lowercase();
                [
                    "publish",
                    "pubdate",
                    "posted",
                    "entry-date",
                    "post-date",
                    "dateline",
                ]
                .iter()
                .any(|hint| class.contains(hint))
            });
            if scan.article_time.is_none()
                && (publication_class || open.contains(&"article") || introduced_as_published(node))
            {
                scan.article_time = datetime.map(str::to_owned);
            }
            if scan.marked_date.is_none() && element.attribute("pubdate").is_some() {
                scan.marked_date = datetime
                    .map(str::to_owned)
                    .or_else(|| Some(text_of(node, 200)));
            }
        }
        "article" => scan.article_elements += 1,
        "p" if scan.text_sample.len() < SAMPLE_BYTES
            && !byline::is_hidden(&byline::Attrs::of(element)) =>
        {
            let text = text_of(node, SAMPLE_BYTES);
            let text = text.trim();
            if !text.is_empty() {
                scan.text_sample.push_str(text);
                scan.text_sample.push('\n');
            }
        }
        _ => {}
    }
    // `attrs()` compares names as strings; `attr()` would intern one per call.
    if let Some((_, itemprop)) = element.attrs().find(|(name, _)| *name == "itemprop") {
        collect_microdata(scan, node, element, itemprop);
    }
}

/// A `<meta>` with a `content` attribute (read in one pass over attributes).
fn meta_tag(element: &Element) -> Option<MetaTag> {
    let mut meta = MetaTag::default();
    let mut content = None;
    for (name, value) in element.attrs() {
        let slot = match name {
            "content" => {
                content = Some(value.to_owned());
                continue;
            }
            "name" => &mut meta.name,
            "property" => &mut meta.property,
            "itemprop" => &mut meta.itemprop,
            "http-equiv" => &mut meta.http_equiv,
            _ => continue,
        };
        *slot = Some(value.to_owned());
    }
    meta.content = content?;
    Some(meta)
}

fn collect_microdata(scan: &mut Scan, node: NodeRef<'_>, element: &Element, itemprop: &str) {
    for prop in itemprop.split_whitespace() {
        match prop {
            "articleBody" => scan.has_article_body = true,
            "recipeIngredient" | "ingredients" => scan.has_ingredient = true,
            "datePublished" if scan.marked_date.is_none() => {
                let value = ["content", "datetime"]
                    .iter()
                    .find_map(|a| element.attribute(a))
                    .map(str::to_owned)
                    .unwrap_or_else(|| text_of(node, 200));
                scan.marked_date = Some(value.trim().to_owned()).filter(|v| !v.is_empty());
            }
            _ => {}
        }
    }
}

/// The Readability byline rules at one element (see [`byline`]).
fn check_byline(
    search: &mut BylineSearch,
    node: NodeRef<'_>,
    attrs: &byline::Attrs<'_>,
    invisible: bool,
    words: byline::ClassWords,
    open: &[&str],
) {
    if invisible {
        search.blocked_by = Some(node.id());
        return;
    }
    if byline::is_byline_marked(attrs, words)
        && let Some(text) = byline::valid_byline(&text_of(node, byline::MAX_BYLINE_LEN))
    {
        let name = node
            .descendants()
            .skip(1)
            .filter_map(|d| d.value().as_element().map(|e| (d, e)))
            .find(|(_, e)| e.attribute("itemprop").is_some_and(|p| p.contains("name")))
            .map(|(d, _)| text_of(d, usize::MAX).trim().to_owned());
        search.found = Some(name.unwrap_or(text));
        return;
    }
    if !search.strict {
        return;
    }
    let near_table_or_code = open
        .iter()
        .rev()
        .take(4)
        .any(|t| *t == "table" || *t == "code");
    if byline::is_unlikely(attrs, words, near_table_or_code) {
        search.blocked_by = Some(node.id());
    }
}

fn is_html(element: &Element) -> bool {
    &*element.name.ns == "http://www.w3.org/1999/xhtml"
}

/// The text under `node` (like `textContent`, minus scripts and styles,
/// which a reader never sees), stopping once it holds more than `limit`
/// non-whitespace characters.
fn text_of(node: NodeRef<'_>, limit: usize) -> String {
    let mut out = String::new();
    let mut visible = 0;
    let mut skipping: Option<NodeId> = None;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) => {
                if skipping.is_some() {
                    continue;
                }
                match n.value() {
                    Node::Text(text) => {
                        out.push_str(text);
                        visible += crate::whitespace::count_visible_chars(text);
                        if visible > limit {
                            break;
                        }
                    }
                    Node::Element(e) if n.id() != node.id() && is_invisible_text(e.name()) => {
                        skipping = Some(n.id());
                    }
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if skipping == Some(n.id()) {
                    skipping = None;
                }
            }
        }
    }
    out
}

/// The raw text content of an element (script bodies included).
fn raw_text(node: NodeRef<'_>) -> String {
    node.children()
        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
        .collect()
}

fn is_invisible_text(tag: &str) -> bool {
    matches!(tag, "script" | "style" | "noscript" | "template")
}

/// A `<time>` whose container is a publication line: its class says so
/// (`pub-meta`, `entry-meta`, `post-date`), or the text just before it reads
/// "Published", "Posted" (or the same in a few other languages).
fn introduced_as_published(time: NodeRef<'_>) -> bool {
    const CONTAINER_HINTS: WordSet = WordSet::new(&[
        "publish", "pub-", "pubdate", "posted", "meta", "dateline", "date",
    ]);
    const WORDS: &[&str] = &[
        "published",
        "posted",
        "veröffentlicht",
        "publié",
        "publicado",
        "pubblicato",
    ];
    let container_says = time
        .parent()
        .and_then(|p| p.value().as_element()?.attribute("class"))
        .is_some_and(|class| {
            let class = class.to_ascii_lowercase();
            CONTAINER_HINTS.occurs_in(&class)
        });
    let text_says = time
        .prev_sibling()
        .and_then(|s| s.value().as_text().map(|t| t.to_lowercase()))
        .is_some_and(|text| WORDS.iter().any(|w| text.trim_end().ends_with(w)));
    container_says || text_says
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gathers_sources_in_one_walk() {
        let html = Html::parse_document(
            r#"<html lang="en-GB"><head><title> My  page </title>
            <meta property="og:title" content="OG">
            <meta name="description">
            <script type="application/ld+json">{"a":1}</script>
            <link rel="canonical" href=" https://example.org/x ">
            </head><body><svg><title>icon</title></svg>
            <h1>Head <script>x()</script>line</h1>
            <p>Some paragraph text.</p>
            <time datetime="2021-03-05">March 5</time>
            <article><span itemprop="datePublished" content="2021-03-04"></span>
            <time datetime="2021-03-06">March 6</time></article>
            </body></html>"#,
        );
        let scan = scan(&html);
        assert_eq!(scan.title.as_deref(), Some(" My  page "));
        assert_eq!(scan.html_lang.as_deref(), Some("en-GB"));
        assert_eq!(scan.metas.len(), 1);
        assert_eq!(scan.jsonld, [r#"{"a":1}"#]);
        assert_eq!(scan.canonical.as_deref(), Some("https://example.org/x"));
        assert_eq!(scan.headings.h1, ["Head line"]);
        assert_eq!(scan.article_time.as_deref(), Some("2021-03-06"));
        assert_eq!(scan.marked_date.as_deref(), Some("2021-03-04"));
        assert_eq!(scan.article_elements, 1);
        assert!(scan.text_sample.contains("Some paragraph text."));
    }

    #[test]
    fn finds_the_first_visible_byline_outside_chrome() {
        let html = Html::parse_document(
            r#"<body>
            <div class="site-header"><span class="author">Header Author</span></div>
            <div style="display:none"><span class="byline">Hidden Author</span></div>
            <div class="author-bio">This biography is far too long to be a byline, it goes on and on
              and on about the life and times of the writer and what they like to eat.</div>
            <p class="byline">By <a rel="author">Jane Doe</a></p>
            </body>"#,
        );
        assert_eq!(scan(&html).byline.as_deref(), Some("By Jane Doe"));
    }

    #[test]
    fn byline_prefers_an_itemprop_name_inside() {
        let html = Html::parse_document(
            r#"<div itemprop="author" itemscope><span itemprop="name">Ann Lee</span>, Staff</div>"#,
        );
        assert_eq!(scan(&html).byline.as_deref(), Some("Ann Lee"));
    }
}
