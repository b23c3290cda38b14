//! Deciding which elements are boilerplate before any scoring happens.

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use riptide_core::markup;
use scraper::{Html, Node};

use super::patterns;
use super::stats::NodeSet;
use crate::dom;
use crate::dom::ElementAttributes;

/// How aggressive one extraction attempt is. Readability's three flags: when
/// an attempt finds too little text, the next one drops a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Flags {
    /// Remove elements whose class, id, role or tag says boilerplate.
    pub strip_unlikely: bool,
    /// Let class and id words raise or lower container scores.
    pub weight_classes: bool,
    /// Prune link-heavy, image-heavy or form-like blocks inside the content.
    pub clean_conditionally: bool,
}

impl Flags {
    /// The attempts in order, from strictest to loosest.
    pub const ATTEMPTS: [Flags; 4] = [
        Flags {
            strip_unlikely: true,
            weight_classes: true,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: true,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: false,
        },
    ];
}

/// Page chrome by tag name: navigation, complementary asides, page footers.
fn is_chrome_tag(tag: &str) -> bool {
    matches!(tag, "nav" | "aside" | "footer" | "menu" | "dialog")
}

/// The elements to drop, with their subtrees, under `flags`.
pub(crate) fn removed_nodes(html: &Html, flags: Flags) -> NodeSet {
    let mut removed = NodeSet::default();
    let mut page_text = PageText::new(html);
    // Depth inside elements whose content is never boilerplate-stripped:
    // tables (data) and code.
    let mut protected = 0usize;
    let mut skipping = None;
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                let Some(element) = node.value().as_element() else {
                    continue;
                };
                if skipping.is_some() {
                    continue;
                }
                let name = element.name();
                if should_remove(node, element, flags, protected > 0, &mut page_text) {
                    removed.insert(node.id());
                    skipping = Some(node.id());
                    continue;
                }
                if matches!(name, "table" | "code" | "pre") {
                    protected += 1;
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                } else if skipping.is_none()
                    && dom::tag(node).is_some_and(|name| matches!(name, "table" | "code" | "pre"))
                {
                    protected = protected.saturating_sub(1);
                }
            }
        }
    }
    removed
}

fn should_remove(
    node: NodeRef<'_, Node>,
    element: &scraper::node::Element,
    flags: Flags,
    protected: bool,
    page_text: &mut PageText<'_>,
) -> bool {
    let name = element.name();
    if dom::is_non_content(name) || dom::is_hidden(element) {
        return true;
    }
    if !flags.strip_unlikely
        || protected
        || matches!(name, "body" | "html" | "a" | "article" | "main")
    {
        return false;
    }
    if is_chrome_tag(name) || patterns::has_unlikely_role(element) || is_overlay(node) {
        return !holds_article_body(node);
    }
    let (class, id) = patterns::class_and_id(element);
    patterns::is_unlikely(&class, &id)
        && !is_inside_article_body(node)
        && !page_text.holds_most_of_it(node)
}

/// The amount of text on the page, to tell a layout wrapper from boilerplate.
///
/// A class name is a weak signal: `above-footer` or `header-offset` may wrap
/// the whole page. Boilerplate is never most of a page's text, so an element
/// named unlikely that holds most of it is kept (its parts are still judged).
struct PageText<'a> {
    html: &'a Html,
    /// Text bytes under `<body>`, counted on first use.
    total: Option<usize>,
}

impl<'a> PageText<'a> {
    fn new(html: &'a Html) -> Self {
        Self { html, total: None }
    }

    fn holds_most_of_it(&mut self, node: NodeRef<'_, Node>) -> bool {
        let html = self.html;
        let total = *self
            .total
            .get_or_insert_with(|| dom::body(html).map_or(0, |body| dom::text_len(*body)));
        total > 0 && dom::text_len(node) * 2 > total
    }
}

/// Whether the element holds the article body its page declares
/// (`itemprop=articleBody`): then it is a layout wrapper, whatever its tag
/// or class says (some sites put the whole story in an `<aside>`).
pub(super) fn holds_article_body(node: NodeRef<'_, Node>) -> bool {
    node.descendants().any(|d| {
        d.value().as_element().is_some_and(|e| {
            e.attribute("itemprop")
                .is_some_and(|p| p.eq_ignore_ascii_case("articlebody"))
        })
    })
}

/// Elements inside a declared article body (`itemprop=articleBody`) keep their
/// content even when a class name looks unlikely.
fn is_inside_article_body(node: NodeRef<'_, Node>) -> bool {
    node.ancestors().any(|a| {
        a.value().as_element().is_some_and(|e| {
            e.attribute("itemprop")
                .is_some_and(|p| p.eq_ignore_ascii_case("articlebody"))
        })
    })
}

/// An element with a close control among its children is an overlay: a
/// shipping-costs popup, a gallery lightbox, a cookie notice. Style sheets
/// hide them, so only the close button tells. Removing them brought back 3
/// content snippets of the snippet set and one readability page (F1 0 to
/// 0.97) and lost nothing. Costs one look at each element's children.
fn is_overlay(node: NodeRef<'_, Node>) -> bool {
    node.children()
        .filter_map(|child| child.value().as_element())
        .any(is_close_control)
}

/// A button that closes its container: Bootstrap's `close` class or
/// `data-dismiss` attribute.
fn is_close_control(element: &scraper::node::Element) -> bool {
    element.attribute("class").is_some_and(|class| {
        class
            .split_whitespace()
            .any(|token| token.eq_ignore_ascii_case("close"))
    }) || markup::DISMISS_CONTROLS
        .iter()
        .any(|name| element.attribute(name).is_some())
}
