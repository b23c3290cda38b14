//! Readability-style candidate scoring: paragraphs vote for their ancestors,
//! the best-scoring container wins, and its qualifying siblings join it.

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::clean::Flags;
use super::patterns;
use super::stats::{NodeMap, NodeSet, StatsTable, kept_edges};
use crate::dom;
use crate::dom::ElementAttributes;

/// Paragraphs shorter than this many characters do not vote.
const MIN_PARAGRAPH_CHARS: u32 = 25;
/// How many ancestors a paragraph's score reaches.
const ANCESTOR_LEVELS: usize = 5;
/// How many runner-up candidates are compared with the winner.
const TOP_CANDIDATES: usize = 5;
/// Runners-up scoring this close to the winner may pull it up to a shared ancestor.
const ALTERNATIVE_RATIO: f32 = 0.75;
/// How many close runners-up must share an ancestor to pull the winner up.
const MIN_ALTERNATIVES: usize = 3;

/// The chosen main content: the winning container and its siblings, in document order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Selection {
    pub roots: Vec<NodeId>,
    /// Every candidate's score, scaled by its link density.
    pub scores: NodeMap<f32>,
}

/// Scores the kept elements of the page and selects the main content.
pub(crate) fn select(
    html: &Html,
    removed: &NodeSet,
    stats: &StatsTable,
    flags: Flags,
) -> Option<Selection> {
    let body = dom::body(html)?;
    let mut scores = score_candidates(html, removed, stats, flags);
    for (id, score) in scores.iter_mut() {
        *score *= 1.0 - stats.get(*id).link_density();
    }
    let mut ranked: Vec<(NodeId, f32)> = scores.iter().map(|(id, s)| (*id, *s)).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(TOP_CANDIDATES);
    let Some(&(mut top, _)) = ranked.first().filter(|(id, _)| *id != body.id()) else {
        return Some(Selection {
            roots: vec![body.id()],
            scores,
        });
    };
    top = pull_up_to_shared_ancestor(html, top, &ranked, body.id());
    let top_score = *scores
        .entry(top)
        .or_insert_with(|| initial_score(html, top, flags));
    top = climb_while_parent_scores_higher(html, top, &scores, top_score, body.id());
    top = climb_single_child_parents(html, top, removed, body.id());
    let top_score = scores.get(&top).copied().unwrap_or(top_score);
    Some(Selection {
        roots: with_siblings(html, top, top_score, &scores, removed, stats),
        scores,
    })
}

/// Paragraph-like elements vote for up to five ancestors.
fn score_candidates(
    html: &Html,
    removed: &NodeSet,
    stats: &StatsTable,
    flags: Flags,
) -> NodeMap<f32> {
    let mut scores: NodeMap<f32> = NodeMap::default();
    for edge in kept_edges(html.tree.root(), removed) {
        let Edge::Open(node) = edge else { continue };
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let own = stats.get(node.id());
        let (chars, commas, breaks, first_voter) = match element.name() {
            "td" => (own.chars, own.commas, own.line_breaks, node.parent()),
            "p" | "pre" | "section" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                (own.chars, own.commas, 0, node.parent())
            }
            "div" if !own.has_block => (own.chars, own.commas, 0, node.parent()),
            "div" => {
                // Text written straight into a container div counts as a
                // paragraph of that div (Readability wraps it in a <p>).
                let (chars, commas) = direct_text(node);
                (chars, commas, 0, Some(node))
            }
            _ => continue,
        };
        if chars < MIN_PARAGRAPH_CHARS {
            continue;
        }
        let score = 1.0 + prose_commas(chars, commas, breaks) as f32 + (chars / 100).min(3) as f32;
        let voters = first_voter
            .into_iter()
            .flat_map(|first| std::iter::once(first).chain(first.ancestors()))
            .filter(|a| {
                a.value().is_element() && a.parent().is_some_and(|p| p.value().is_element())
            })
            .take(ANCESTOR_LEVELS);
        for (level, ancestor) in voters.enumerate() {
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f32 * 3.0,
            };
            *scores
                .entry(ancestor.id())
                .or_insert_with(|| initial_score(html, ancestor.id(), flags)) += score / divider;
        }
    }
    scores
}

/// Prose has a comma every few dozen characters at most; a list of names
/// or keywords has one every few words.
const CHARS_PER_COMMA: u32 = 40;

/// The commas of a paragraph that count as clauses of prose: at most one
/// per [`CHARS_PER_COMMA`] characters, less one for each line break
/// (`breaks`), which separates items as a comma does.
///
/// Readability rewards every comma, so a table of keywords or names ("Anna
/// Berg, Tom Holt, …") outscores the article it follows. Capping took 1
/// boilerplate snippet out of the snippet set and lifted one readability
/// page (0.934 -> 0.977); nothing got worse. (One per 20 or 30 characters
/// only took the snippet; one per 50 let 2 more in.)
///
/// Only table cells pass their line breaks: a layout cell that lists one
/// signatory per line ("Name, affiliation<br>") outscored the open letter
/// beside it. That brought 3 content snippets back and let none in; one
/// readability page kept less (0.643 -> 0.618: true positives 63 -> 42,
/// false positives 39 -> 0), and the set's micro F1 rose. Paragraphs and divs
/// passing theirs too lowered 2 readability pages and let 2 boilerplate
/// snippets in.
fn prose_commas(chars: u32, commas: u32, breaks: u32) -> u32 {
    commas.min((chars / CHARS_PER_COMMA).saturating_sub(breaks))
}

/// Characters and commas of the text nodes directly inside `node`.
fn direct_text(node: NodeRef<'_, Node>) -> (u32, u32) {
    let mut text = String::new();
    for child in node.children() {
        if let Node::Text(t) = child.value() {
            text.push_str(t);
            text.push(' ');
        }
    }
    let squashed = dom::squash_whitespace(&text);
    let commas = squashed.chars().filter(|&c| c == ',').count();
    (squashed.chars().count() as u32, commas as u32)
}

/// A candidate's starting score: its tag's prior plus its class weight.
fn initial_score(html: &Html, id: NodeId, flags: Flags) -> f32 {
    let Some(element) = html
        .tree
        .get(id)
        .and_then(|n| n.value().as_element().cloned())
    else {
        return 0.0;
    };
    let prior = match element.name() {
        "div" | "article" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let weight = if flags.weight_classes {
        let (class, id) = patterns::class_and_id(&element);
        patterns::class_weight(&class, &id)
    } else {
        0.0
    };
    prior + weight
}

/// When several close runners-up sit under one ancestor of the winner, the
/// content is split into parts: take the ancestor that holds them all.
fn pull_up_to_shared_ancestor(
    html: &Html,
    top: NodeId,
    ranked: &[(NodeId, f32)],
    body: NodeId,
) -> NodeId {
    let Some(&(_, top_score)) = ranked.first() else {
        return top;
    };
    let alternatives: Vec<Vec<NodeId>> = ranked[1..]
        .iter()
        .filter(|(_, score)| top_score > 0.0 && score / top_score >= ALTERNATIVE_RATIO)
        .filter_map(|(id, _)| html.tree.get(*id))
        .map(|node| node.ancestors().map(|a| a.id()).collect())
        .collect();
    if alternatives.len() < MIN_ALTERNATIVES {
        return top;
    }
    let Some(node) = html.tree.get(top) else {
        return top;
    };
    for ancestor in node.ancestors() {
        if ancestor.id() == body || !ancestor.value().is_element() {
            break;
        }
        let sharing = alternatives
            .iter()
            .filter(|list| list.contains(&ancestor.id()))
            .count();
        if sharing >= MIN_ALTERNATIVES {
            return ancestor.id();
        }
    }
    top
}

/// Readability's walk up: a parent that scores higher than the last step
/// becomes the winner; the walk stops when scores fall below a third.
fn climb_while_parent_scores_higher(
    html: &Html,
    top: NodeId,
    scores: &NodeMap<f32>,
    top_score: f32,
    body: NodeId,
) -> NodeId {
    let Some(node) = html.tree.get(top) else {
        return top;
    };
    let threshold = top_score / 3.0;
    let mut last = top_score;
    for ancestor in node.ancestors() {
        if ancestor.id() == body || !ancestor.value().is_element() {
            break;
        }
        let Some(&score) = scores.get(&ancestor.id()) else {
            continue;
        };
        if score < threshold {
            break;
        }
        if score > last {
            return ancestor.id();
        }
        last = score;
    }
    top
}

/// A winner that is its parent's only element child is as good as the parent.
fn climb_single_child_parents(
    html: &Html,
    mut top: NodeId,
    removed: &NodeSet,
    body: NodeId,
) -> NodeId {
    while let Some(parent) = html.tree.get(top).and_then(|n| n.parent()) {
        if parent.id() == body || !parent.value().is_element() {
            break;
        }
        let kept_children = parent
            .children()
            .filter(|c| c.value().is_element() && !removed.contains(&c.id()))
            .count();
        if kept_children != 1 {
            break;
        }
        top = parent.id();
    }
    top
}

/// The winner plus the siblings that belong with it.
fn with_siblings(
    html: &Html,
    top: NodeId,
    top_score: f32,
    scores: &NodeMap<f32>,
    removed: &NodeSet,
    stats: &StatsTable,
) -> Vec<NodeId> {
    let Some(top_node) = html.tree.get(top) else {
        return vec![top];
    };
    let Some(parent) = top_node.parent().filter(|p| p.value().is_element()) else {
        return vec![top];
    };
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = top_node
        .value()
        .as_element()
        .and_then(|e| e.attribute("class"))
        .unwrap_or_default();
    parent
        .children()
        .filter(|s| s.value().is_element() && !removed.contains(&s.id()))
        .filter(|sibling| {
            if sibling.id() == top {
                return true;
            }
            let element = sibling.value().as_element();
            let class = element
                .and_then(|e| e.attribute("class"))
                .unwrap_or_default();
            let bonus = if !top_class.is_empty() && class == top_class {
                top_score * 0.2
            } else {
                0.0
            };
            if scores
                .get(&sibling.id())
                .is_some_and(|score| score + bonus >= threshold)
            {
                return true;
            }
            if dom::tag(*sibling) != Some("p") {
                return false;
            }
            let own = stats.get(sibling.id());
            let density = own.link_density();
            if own.chars > 80 {
                density < 0.25
            } else {
                own.chars > 0 && density == 0.0 && ends_like_sentence(*sibling)
            }
        })
        .map(|s| s.id())
        .collect()
}

fn ends_like_sentence(node: NodeRef<'_, Node>) -> bool {
    let mut text = String::new();
    dom::append_text(node, &mut text);
    let text = text.trim_end();
    text.ends_with('.') || text.contains(". ")
}
