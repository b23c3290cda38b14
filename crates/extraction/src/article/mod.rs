//! Finding the main content of a page, as a careful reader would.
//!
//! The pipeline is Readability's, reimplemented over an immutable tree:
//! 1. [`clean`] marks boilerplate (scripts, hidden blocks, navigation, and
//!    containers whose class/id/role says comments, share bars, sidebars…);
//! 2. [`score`] lets paragraphs vote for their ancestors and picks the best
//!    container plus its qualifying siblings;
//!    A container the page itself marks as the article body ([`precise`]) can
//!    overrule the scorer, and a lead paragraph in the article header
//!    ([`lead`]) joins the content, and so do the other parts of a body the
//!    page splits into blocks of one class ([`split`]) and a recipe's
//!    ingredient box ([`recipe`]);
//! 3. [`prune`] removes link lists, image strips, forms, the byline and the
//!    repeated title inside that content.
//!
//! When an attempt finds too little text, the next one is looser
//! ([`clean::Flags::ATTEMPTS`]); the longest result wins, unless it moved
//! away from the content a stricter attempt found ([`main_content`]).

mod clean;
mod lead;
mod patterns;
mod precise;
mod prune;
mod recipe;
mod score;
mod split;
mod stats;

use ego_tree::NodeId;
use scraper::Html;

pub(crate) use patterns::UNLIKELY_ROLES;
pub(crate) use stats::NodeSet;

use self::clean::Flags;
use self::stats::{StatsTable, subtree_stats};
use crate::dom;
use crate::metadata::Metadata;

/// An attempt that found at least this many characters is accepted outright.
pub(crate) const ENOUGH_CHARS: u32 = 500;

/// The main content: subtrees to render, minus the elements to skip in them.
#[derive(Debug, Default)]
pub(crate) struct Content {
    /// Roots of the content, in document order.
    pub roots: Vec<NodeId>,
    /// Elements inside the roots that are boilerplate.
    pub removed: NodeSet,
    /// Characters of text the content keeps.
    pub chars: u32,
}

/// An attempt that found at least this many characters found real content:
/// a looser attempt may only extend it, not move elsewhere.
const SOME_CHARS: u32 = 200;

/// Finds the page's main content.
///
/// Once an attempt has found [`SOME_CHARS`], a looser one that picks another
/// part of the page has found what the stricter one rightly judged
/// boilerplate (an overlay, a login form, a price list), not the article.
/// Keeping the stricter content then brought 8 content snippets of the
/// snippet set back and lost 2 (where the strict attempt picked a modal
/// hidden by a class); boilerplate snippets stayed at 244. Below
/// [`ENOUGH_CHARS`] the longest content still wins: a looser attempt that
/// extends the strict one there is usually right.
pub(crate) fn main_content(html: &Html, meta: &Metadata) -> Content {
    let mut best: Option<Content> = None;
    for flags in Flags::ATTEMPTS {
        let content = attempt(html, meta, flags);
        let found_some = best.as_ref().filter(|best| best.chars >= SOME_CHARS);
        if found_some.is_some_and(|best| !overlaps(html, best, &content)) {
            continue;
        }
        if content.chars >= ENOUGH_CHARS {
            return content;
        }
        if best.as_ref().is_none_or(|best| content.chars > best.chars) {
            best = Some(content);
        }
    }
    best.unwrap_or_default()
}

/// Whether two contents share a part of the page: a root of one holds, or
/// lies inside, a root of the other.
fn overlaps(html: &Html, a: &Content, b: &Content) -> bool {
    a.roots.iter().any(|&x| {
        b.roots
            .iter()
            .any(|&y| dom::is_within(html, x, y) || dom::is_within(html, y, x))
    })
}

fn attempt(html: &Html, meta: &Metadata, flags: Flags) -> Content {
    let mut removed = clean::removed_nodes(html, flags);
    let stats = StatsTable::compute(html, html.tree.root().id(), &removed);
    let (scored, scores) = match score::select(html, &removed, &stats, flags) {
        Some(selection) => (selection.roots, selection.scores),
        None => (dom::visible_roots(html), Default::default()),
    };
    let mut roots = match precise::container(html, &removed, &stats) {
        Some(container) => choose(html, container, scored, &stats),
        None => scored,
    };
    let leads = lead::find(html, &roots, &removed, &stats);
    let parts = split::find(html, &roots, &removed, &stats);
    join(html, &mut roots, parts);
    join(html, &mut roots, leads);
    if meta.declares_recipe
        && let Some(ingredients) = recipe::find(html, &roots, &removed, &stats)
    {
        roots.push(ingredients);
        roots.sort();
    }
    prune::prune(
        html,
        &roots,
        &mut removed,
        &stats,
        &scores,
        flags,
        meta.title.as_deref(),
    );
    let chars = kept_chars(html, &roots, &removed);
    Content {
        roots,
        removed,
        chars,
    }
}

/// Adds `extra` blocks to the content's roots, in document order, leaving
/// out those a root already holds.
fn join(html: &Html, roots: &mut Vec<NodeId>, extra: Vec<NodeId>) {
    let new: Vec<NodeId> = extra
        .into_iter()
        .filter(|&block| !roots.iter().any(|&root| dom::is_within(html, block, root)))
        .collect();
    if !new.is_empty() {
        roots.extend(new);
        roots.sort();
    }
}

/// A container the page marks as its article body must keep at least this
/// share of the scored content's text to replace it.
const PRECISE_MIN_SHARE: f32 = 0.3;

/// Picks between the scored content and the page's own body container.
///
/// When the scored content lies inside the marked container, the scorer has
/// already trimmed it further: keep it. Otherwise the marked container is the
/// more reliable clue (the scorer may have picked a comment thread, a list of
/// signatories or a disclaimer), unless it holds far less text.
fn choose(html: &Html, precise: NodeId, scored: Vec<NodeId>, stats: &StatsTable) -> Vec<NodeId> {
    if scored
        .iter()
        .all(|&root| dom::is_within(html, root, precise))
    {
        return scored;
    }
    let precise_chars = stats.get(precise).chars as f32;
    let scored_chars: f32 = scored
        .iter()
        .map(|&root| stats.get(root).chars as f32)
        .sum();
    if precise_chars > PRECISE_MIN_SHARE * scored_chars {
        vec![precise]
    } else {
        scored
    }
}

/// Characters of text the content keeps.
fn kept_chars(html: &Html, roots: &[NodeId], removed: &NodeSet) -> u32 {
    roots
        .iter()
        .map(|&root| subtree_stats(html, root, removed).chars)
        .sum()
}
