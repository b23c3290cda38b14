//! Small helpers over scraper's tree shared by the extraction passes.

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use html5ever::ns;
use riptide_core::{ExtractError, PageLinks, PageLinksReader};
use scraper::{ElementRef, Html, Node, Selector};
use url::Url;

/// Parses a page as a browser without JavaScript shows it: the children of
/// each `<noscript>` take its place in the tree. Some pages fill their article
/// in from a script and keep the only parseable copy inside `<noscript>`; the
/// article pass reads such a page this way when the usual parse finds too little.
pub(crate) fn parse_without_scripting(html: &str) -> Html {
    use html5ever::tendril::TendrilSink;
    let opts = html5ever::ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts {
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut html =
        html5ever::driver::parse_document(scraper::HtmlTreeSink::new(Html::new_document()), opts)
            .one(html);
    let noscripts: Vec<NodeId> = html
        .root_element()
        .descendent_elements()
        .filter(|e| e.value().name() == "noscript")
        .map(|e| e.id())
        .collect();
    for noscript in noscripts {
        let children: Vec<NodeId> = html
            .tree
            .get(noscript)
            .map_or_else(Vec::new, |n| n.children().map(|c| c.id()).collect());
        if let Some(mut node) = html.tree.get_mut(noscript) {
            for child in children {
                node.insert_id_before(child);
            }
            node.detach();
        }
    }
    html
}

/// Parses custom-mode selectors, rejecting an empty list or an invalid selector.
pub(crate) fn parse_selectors(selectors: &[String]) -> Result<Vec<Selector>, ExtractError> {
    if selectors.is_empty() {
        return Err(ExtractError::NoSelector);
    }
    selectors
        .iter()
        .map(|css| {
            Selector::parse(css).map_err(|err| ExtractError::InvalidSelector {
                selector: css.clone(),
                reason: err.to_string(),
            })
        })
        .collect()
}

/// Elements matching any of `selectors`, in document order, without an element
/// that is inside another match (its content is already included).
pub(crate) fn select_all(html: &Html, selectors: &[Selector]) -> Vec<NodeId> {
    let mut matched: Vec<NodeId> = Vec::new();
    for element in html.root_element().descendent_elements() {
        if !selectors.iter().any(|s| s.matches(&element)) {
            continue;
        }
        let inside_match = element
            .ancestors()
            .any(|ancestor| matched.contains(&ancestor.id()));
        if !inside_match {
            matched.push(element.id());
        }
    }
    matched
}

/// The roots of everything visible: the `<body>` (or the whole document when
/// the parser produced none).
pub(crate) fn visible_roots(html: &Html) -> Vec<NodeId> {
    vec![body(html).map_or_else(|| html.tree.root().id(), |b| b.id())]
}

/// The document's `<body>` element.
pub(crate) fn body(html: &Html) -> Option<ElementRef<'_>> {
    html.root_element()
        .children()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "body")
}

/// The URL relative links resolve against: `<base href>` resolved against the
/// page URL, else the page URL.
pub(crate) fn base_url(html: &Html, page_url: Option<&Url>) -> Option<Url> {
    let base_href = html
        .root_element()
        .descendent_elements()
        .find(|e| e.value().name() == "base" && e.value().attribute("href").is_some())
        .and_then(|e| e.value().attribute("href"));
    match (base_href, page_url) {
        (Some(href), Some(page)) => page.join(href.trim()).ok().or_else(|| Some(page.clone())),
        (Some(href), None) => Url::parse(href.trim()).ok(),
        (None, page) => page.cloned(),
    }
}

/// The page's [`PageLinks`], read from its parsed tree: the same start tags,
/// in the same order, as the crawler's token scan reads, except where the
/// tree builder drops a tag or repeats one (a misnested `<a>` reopened in
/// the next block), as a browser's tree does.
pub(crate) fn page_links(html: &Html, page: &Url) -> PageLinks {
    let mut reader = PageLinksReader::default();
    for element in html.root_element().descendent_elements() {
        let element = element.value();
        reader.start_tag(element.name(), |name| element.attr(name));
    }
    reader.finish(page)
}

/// Resolves `href` against `base`; without a base, keeps it as written.
/// Returns `None` for empty, `javascript:` and `data:` targets.
pub(crate) fn resolve(base: Option<&Url>, href: &str) -> Option<String> {
    let href = href.trim();
    let lower = href.get(..11).unwrap_or(href).to_ascii_lowercase();
    if href.is_empty() || lower.starts_with("javascript:") || lower.starts_with("data:") {
        return None;
    }
    match base {
        Some(base) => base.join(href).ok().map(String::from),
        None => Some(href.to_owned()),
    }
}

/// Attribute lookup by a scan of the element's few attributes. scraper's
/// `Element::attr` interns the name first (a hash and a table lookup, and a
/// global lock for names outside html5ever's static set) and then binary
/// searches by qualified name; the engine asks for attributes of every
/// element in several passes, and the interning showed in profiles.
pub(crate) trait ElementAttributes {
    /// The value of the attribute `name` (lowercase, no namespace).
    fn attribute(&self, name: &str) -> Option<&str>;
}

impl ElementAttributes for scraper::node::Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(qualified, _)| qualified.ns == ns!() && &*qualified.local == name)
            .map(|(_, value)| &**value)
    }
}

impl ElementAttributes for ElementRef<'_> {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.value().attribute(name)
    }
}

/// The local name of an element node, `None` for other nodes.
/// Whether `inner` is `outer` or lies inside it.
pub(crate) fn is_within(html: &Html, inner: NodeId, outer: NodeId) -> bool {
    inner == outer
        || html
            .tree
            .get(inner)
            .is_some_and(|node| node.ancestors().any(|a| a.id() == outer))
}

pub(crate) fn tag(node: NodeRef<'_, Node>) -> Option<&str> {
    node.value().as_element().map(|e| e.name())
}

/// True for elements a browser would not show: `hidden`, `aria-hidden`,
/// `display:none` or `visibility:hidden` inline styles.
pub(crate) fn is_hidden(element: &scraper::node::Element) -> bool {
    if element.attribute("hidden").is_some() || element.attribute("aria-hidden") == Some("true") {
        return true;
    }
    element.attribute("style").is_some_and(|style| {
        // Most inline styles hide nothing: skip the normalising copy for them.
        let mentions = |word: &[u8]| {
            style
                .as_bytes()
                .windows(word.len())
                .any(|w| w.eq_ignore_ascii_case(word))
        };
        if !mentions(b"none") && !mentions(b"hidden") {
            return false;
        }
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// Appends the text under `node` to `out`, iteratively (no recursion, so any
/// depth is safe), skipping script-like elements.
pub(crate) fn append_text(node: NodeRef<'_, Node>, out: &mut String) {
    for descendant in node.descendants() {
        if let Node::Text(text) = descendant.value() {
            let inside_script = descendant
                .ancestors()
                .take_while(|a| a.id() != node.id())
                .any(|a| tag(a).is_some_and(is_non_content));
            if !inside_script {
                out.push_str(text);
            }
        }
    }
}

/// Bytes of text under `node`, skipping script-like elements, without
/// building the string ([`append_text`] builds it).
pub(crate) fn text_len(node: NodeRef<'_, Node>) -> usize {
    let mut len = 0;
    let mut skipping = None;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) if skipping.is_none() => match n.value() {
                Node::Text(text) => len += text.len(),
                Node::Element(e) if is_non_content(e.name()) => skipping = Some(n.id()),
                _ => {}
            },
            Edge::Close(n) if skipping == Some(n.id()) => skipping = None,
            _ => {}
        }
    }
    len
}

/// Elements that never hold readable content (`rt`/`rp` are ruby pronunciation
/// hints, not text).
pub(crate) fn is_non_content(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "rt"
            | "rp"
    )
}

/// Collapses runs of whitespace to one space and trims the ends.
pub(crate) fn squash_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for run in crate::whitespace::collapsed_runs(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(run);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_against_base_element() {
        let html = Html::parse_document("<head><base href=\"/docs/\"></head><a href=x>x</a>");
        let page = Url::parse("https://example.org/a/b").unwrap();
        let base = base_url(&html, Some(&page)).unwrap();
        assert_eq!(
            resolve(Some(&base), "intro").unwrap(),
            "https://example.org/docs/intro"
        );
        assert_eq!(resolve(Some(&base), "javascript:void(0)"), None);
    }

    #[test]
    fn select_all_skips_nested_matches() {
        let html = Html::parse_document("<div class=a><div class=a>x</div></div><p class=a>y</p>");
        let selectors = parse_selectors(&[".a".to_owned()]).unwrap();
        assert_eq!(select_all(&html, &selectors).len(), 2);
    }

    #[test]
    fn invalid_selector_is_an_error() {
        let err = parse_selectors(&["div[".to_owned()]).unwrap_err();
        assert!(matches!(err, ExtractError::InvalidSelector { .. }));
        assert_eq!(parse_selectors(&[]).unwrap_err(), ExtractError::NoSelector);
    }

    #[test]
    fn hidden_styles() {
        let html = Html::parse_document("<div style='display: none'>x</div>");
        let div = html
            .select(&Selector::parse("div").unwrap())
            .next()
            .unwrap();
        assert!(is_hidden(div.value()));
    }
}
