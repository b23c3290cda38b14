//! The lead paragraph (standfirst, teaser, intro) that many sites place in the
//! article header, outside the body container the scorer picks.

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::stats::{NodeSet, StatsTable};
use crate::dom;

/// Class or id words that name a lead paragraph, matched against the parts
/// of each class token split on `-` and `_`.
const LEAD_WORDS: &[&str] = &[
    "lead", "leadin", "intro", "excerpt", "subtitle", "standfirst", "vorspann", "chapo", "dek", "subheadline",
    "summary", "teaser-text", "abstract",
];

/// How far above the content the lead and the content may meet.
const MAX_LEVELS_APART: usize = 4;

/// A lead paragraph that belongs before `roots`, if the page has one.
pub(crate) fn find(html: &Html, roots: &[NodeId], removed: &NodeSet, stats: &StatsTable) -> Option<NodeId> {
    let first = html.tree.get(*roots.first()?)?;
    let near: Vec<NodeId> = first.ancestors().take(MAX_LEVELS_APART).map(|a| a.id()).collect();
    let scope = html.tree.get(*near.last()?)?;
    scope
        .descendants()
        .take_while(|d| d.id() != first.id())
        .find(|candidate| is_lead(*candidate, removed, stats))
        .map(|lead| lead.id())
}

fn is_lead(node: NodeRef<'_, Node>, removed: &NodeSet, stats: &StatsTable) -> bool {
    let Some(element) = node.value().as_element() else { return false };
    if !matches!(element.name(), "p" | "div" | "h2" | "span" | "section") {
        return false;
    }
    let named_lead = element
        .attr("class")
        .into_iter()
        .chain(element.attr("id"))
        .flat_map(|attr| attr.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .any(|part| LEAD_WORDS.contains(&part.to_ascii_lowercase().as_str()));
    if !named_lead {
        return false;
    }
    let own = stats.get(node.id());
    (30..1500).contains(&own.chars)
        && own.link_density() < 0.3
        && !removed.contains(&node.id())
        && !node.ancestors().any(|a| removed.contains(&a.id()) || dom::tag(a).is_some_and(|t| matches!(t, "a" | "li")))
}
