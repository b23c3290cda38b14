//! The other parts of an article body that the page splits into several
//! blocks of the same class (ads, pull quotes or page-builder rows between
//! them): the scorer picks the longest part, and the rest would be lost.
//!
//! A part is a block near the content with the tag and class of the block
//! that holds the content's paragraphs, with a long paragraph of its own,
//! few links, and not in another entry of a listing. Joining them brought
//! back 8 content snippets of the snippet set and let 1 boilerplate snippet
//! in; the readability set did not move. (Without the paragraph and entry
//! conditions it brought back 13 but let 9 in, teaser lists and generic
//! `component-content` blocks, and lowered a readability page.) The search
//! reads the tag and class of every element within a few levels of the
//! content, as the lead and recipe searches do.

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::stats::{NodeSet, StatsTable};
use crate::dom::{self, ElementAttributes};

/// How far above the content its other parts may lie.
const MAX_LEVELS_APART: usize = 5;

/// A paragraph this long tells which block holds the article's text.
const MIN_PARAGRAPH_CHARS: u32 = 80;

/// A part holds at least this many characters.
const MIN_PART_CHARS: u32 = 80;

/// A part with more of its text in links is a list of teasers.
const MAX_LINK_DENSITY: f32 = 0.3;

/// Blocks outside `roots` with the tag and class of the block that holds
/// the content's paragraphs, close to it, in document order.
pub(crate) fn find(
    html: &Html,
    roots: &[NodeId],
    removed: &NodeSet,
    stats: &StatsTable,
) -> Vec<NodeId> {
    let Some(first) = roots.first().and_then(|&id| html.tree.get(id)) else {
        return Vec::new();
    };
    let Some(body) = paragraph_holder(first, stats) else {
        return Vec::new();
    };
    let Some(scope) = first.ancestors().take(MAX_LEVELS_APART).last() else {
        return Vec::new();
    };
    let overlaps_roots = |id: NodeId| {
        roots
            .iter()
            .any(|&root| dom::is_within(html, id, root) || dom::is_within(html, root, id))
    };
    let mut parts: Vec<NodeId> = Vec::new();
    for candidate in scope.descendants() {
        if !same_block(candidate, body)
            || overlaps_roots(candidate.id())
            // Parts come in document order and never nest, so a candidate
            // inside any part is inside the last one (one check, not one
            // per part: a page of thousands of parts stays linear).
            || parts
                .last()
                .is_some_and(|&part| dom::is_within(html, candidate.id(), part))
        {
            continue;
        }
        let own = stats.get(candidate.id());
        if own.chars >= MIN_PART_CHARS
            && own.link_density() < MAX_LINK_DENSITY
            && holds_long_paragraph(candidate, stats)
            && !in_other_entry(html, candidate, first.id())
            && !candidate
                .ancestors()
                .chain(std::iter::once(candidate))
                .any(|a| removed.contains(&a.id()))
        {
            parts.push(candidate.id());
        }
    }
    parts
}

/// The parent of the content's first long paragraph, when a class names it.
fn paragraph_holder<'a>(root: NodeRef<'a, Node>, stats: &StatsTable) -> Option<NodeRef<'a, Node>> {
    let paragraph = root
        .descendants()
        .find(|d| dom::tag(*d) == Some("p") && stats.get(d.id()).chars >= MIN_PARAGRAPH_CHARS)?;
    let holder = paragraph.parent()?;
    let class = holder.value().as_element()?.attribute("class")?;
    (!class.trim().is_empty()).then_some(holder)
}

/// Same tag and same class attribute.
fn same_block(a: NodeRef<'_, Node>, b: NodeRef<'_, Node>) -> bool {
    match (a.value().as_element(), b.value().as_element()) {
        (Some(a), Some(b)) => a.name() == b.name() && a.attribute("class") == b.attribute("class"),
        _ => false,
    }
}

/// The block has a paragraph of its own of some length: a `<p>` child, or
/// an `<h2>` or `<h3>` child that long, which is a paragraph set in large
/// type (page builders offer it for a story's opening; counting those
/// brought back 3 more content snippets and let nothing in).
fn holds_long_paragraph(block: NodeRef<'_, Node>, stats: &StatsTable) -> bool {
    block.children().any(|child| {
        matches!(dom::tag(child), Some("p" | "h2" | "h3"))
            && stats.get(child.id()).chars >= MIN_PARAGRAPH_CHARS
    })
}

/// The block lies in an entry that does not hold the content: an
/// `<article>` or a block classed `post` or `hentry`, a listing's next entry.
fn in_other_entry(html: &Html, block: NodeRef<'_, Node>, content: NodeId) -> bool {
    block
        .ancestors()
        .find(|a| is_entry(*a))
        .is_some_and(|entry| !dom::is_within(html, content, entry.id()))
}

fn is_entry(node: NodeRef<'_, Node>) -> bool {
    node.value().as_element().is_some_and(|element| {
        element.name() == "article"
            || element.attribute("class").is_some_and(|class| {
                class
                    .split_whitespace()
                    .any(|token| matches!(token, "post" | "hentry"))
            })
    })
}
