//! The lead paragraph (standfirst, teaser, intro) and lead figure that many
//! sites place in the article header, outside the body container the scorer
//! picks.

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::patterns;
use super::stats::{NodeSet, StatsTable, TextStats, subtree_stats};
use crate::dom;
use crate::dom::ElementAttributes;

/// Class or id words that name a lead paragraph, matched against the parts
/// of each class token split on `-` and `_`.
///
/// Besides the English names, the names newsrooms use in other languages:
/// Spanish "bajada" and "entradilla", Czech "perex", French "chapeau",
/// Italian "catenaccio" and "sottotitolo", and "epigraph". These brought
/// back 3 content snippets of the snippet set and lifted 2 readability
/// pages (micro F1 0.98653 -> 0.98667); nothing got worse. ("lede" names
/// the whole header section on some sites, a background included, and
/// "description" a blog's tagline: both let boilerplate in.)
const LEAD_WORDS: &[&str] = &[
    "lead",
    "leadin",
    "intro",
    "excerpt",
    "subtitle",
    "standfirst",
    "vorspann",
    "chapo",
    "dek",
    "subheadline",
    "summary",
    "abstract",
    "teaser",
    "bajada",
    "entradilla",
    "perex",
    "chapeau",
    "catenaccio",
    "sottotitolo",
    "epigraph",
];

/// How far above the content the lead and the content may meet.
const MAX_LEVELS_APART: usize = 6;

/// The lead paragraph and lead figure that belong before `roots`, in
/// document order.
pub(crate) fn find(
    html: &Html,
    roots: &[NodeId],
    removed: &NodeSet,
    stats: &StatsTable,
) -> Vec<NodeId> {
    let Some(first) = roots.first().and_then(|&id| html.tree.get(id)) else {
        return Vec::new();
    };
    let mut leads: Vec<NodeId> = lead_paragraph(html, first, removed, stats)
        .into_iter()
        .chain(lead_figure(first, removed))
        .collect();
    leads.sort();
    leads.dedup();
    leads
}

/// A paragraph named as a lead, shortly before the content.
fn lead_paragraph(
    html: &Html,
    first: NodeRef<'_, Node>,
    removed: &NodeSet,
    stats: &StatsTable,
) -> Option<NodeId> {
    let scope = first.ancestors().take(MAX_LEVELS_APART).last()?;
    scope
        .descendants()
        .take_while(|d| d.id() != first.id())
        .find(|candidate| is_lead(html, *candidate, removed, stats))
        .map(|lead| lead.id())
}

/// A `<figure>` with an image right before the content: the article's
/// opening picture, which pages often place outside the body container.
fn lead_figure(first: NodeRef<'_, Node>, removed: &NodeSet) -> Option<NodeId> {
    let previous = first.prev_siblings().find(|s| s.value().is_element())?;
    let is_figure = dom::tag(previous) == Some("figure")
        && !removed.contains(&previous.id())
        && previous.descendants().any(|d| dom::tag(d) == Some("img"));
    is_figure.then(|| previous.id())
}

/// A subheading or paragraph shorter than this is a section title or a
/// byline, not a summary sentence.
const MIN_DEK_CHARS: u32 = 50;

/// An `<h2>` or `<p>` right after the `<h1>`, or a paragraph wrapped in a
/// `<div>` there: the headline's summary sentence (the "dek"), unnamed on
/// pages that mark it up only by position.
/// (The paragraph brought back 3 content snippets of the snippet set and
/// let no boilerplate in; one readability page whose reference leaves it
/// out lost a little: micro F1 0.98667 -> 0.98661. Any `<div>` there is
/// as often a byline box: it lost 6 content snippets and let 2 boilerplate
/// snippets in.)
fn is_dek(node: NodeRef<'_, Node>) -> bool {
    (matches!(dom::tag(node), Some("h2" | "p")) || wraps_one_paragraph(node))
        && node
            .prev_siblings()
            .find(|s| s.value().is_element())
            .is_some_and(|previous| dom::tag(previous) == Some("h1"))
}

/// A `<div>` whose only content is one paragraph. After the `<h1>` it holds
/// the dek as a bare paragraph would: taking these brought back 2 content
/// snippets of the snippet set and let nothing in; the readability set did
/// not move.
fn wraps_one_paragraph(node: NodeRef<'_, Node>) -> bool {
    dom::tag(node) == Some("div") && {
        let mut children = node.children().filter(|child| match child.value() {
            Node::Element(_) => true,
            Node::Text(text) => !text.trim().is_empty(),
            _ => false,
        });
        let only_child = children.next();
        children.next().is_none() && only_child.is_some_and(|child| dom::tag(child) == Some("p"))
    }
}

fn is_lead(html: &Html, node: NodeRef<'_, Node>, removed: &NodeSet, stats: &StatsTable) -> bool {
    let Some(element) = node.value().as_element() else {
        return false;
    };
    if !matches!(element.name(), "p" | "div" | "h2" | "span" | "section") {
        return false;
    }
    let named_lead = element
        .attribute("class")
        .into_iter()
        .chain(element.attribute("id"))
        .flat_map(|attr| attr.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .any(|part| LEAD_WORDS.contains(&part.to_ascii_lowercase().as_str()));
    if !(named_lead || is_dek(node)) {
        return false;
    }
    let Some(own) = candidate_stats(html, node, removed, stats) else {
        return false;
    };
    let min_chars = if named_lead { 30 } else { MIN_DEK_CHARS };
    (min_chars..1500).contains(&own.chars) && own.link_density() < 0.3
}

/// The text statistics of a lead candidate, or nothing when it lies in a
/// link, a list item or a removed block other than a header.
///
/// The strict attempt drops blocks named like a header (`entry-header`,
/// `article__header`) as page chrome, and with them the article header's
/// lead; `stats` does not count their text. A lead that names itself there
/// still leads the article: letting it through brought back 6 content
/// snippets of the snippet set and let no boilerplate in; two readability
/// pages, whose reference leaves the standfirst out, kept a little more
/// than it (micro F1 0.98667 -> 0.98653). Its text is counted on its own
/// then, which only such candidates cost.
fn candidate_stats(
    html: &Html,
    node: NodeRef<'_, Node>,
    removed: &NodeSet,
    stats: &StatsTable,
) -> Option<TextStats> {
    if removed.contains(&node.id()) {
        return None;
    }
    let mut in_removed_header = false;
    for ancestor in node.ancestors() {
        if dom::tag(ancestor).is_some_and(|t| matches!(t, "a" | "li")) {
            return None;
        }
        if removed.contains(&ancestor.id()) {
            if !is_header(ancestor) {
                return None;
            }
            in_removed_header = true;
        }
    }
    Some(if in_removed_header {
        subtree_stats(html, node.id(), removed)
    } else {
        stats.get(node.id())
    })
}

/// A `<header>`, or a block whose class or id says header.
fn is_header(node: NodeRef<'_, Node>) -> bool {
    node.value().as_element().is_some_and(|element| {
        let (class, id) = patterns::class_and_id(element);
        element.name() == "header" || class.contains("header") || id.contains("header")
    })
}
