//! Finding the main content of a page, as a careful reader would.
//!
//! The pipeline is Readability's, reimplemented over an immutable tree:
//! 1. [`clean`] marks boilerplate (scripts, hidden blocks, navigation, and
//!    containers whose class/id/role says comments, share bars, sidebars…);
//! 2. [`score`] lets paragraphs vote for their ancestors and picks the best
//!    container plus its qualifying siblings;
//! 3. [`prune`] removes link lists, image strips, forms, the byline and the
//!    repeated title inside that content.
//!
//! When an attempt finds too little text, the next one is looser
//! ([`clean::Flags::ATTEMPTS`]); the longest result wins.

mod clean;
mod patterns;
mod prune;
mod score;
mod stats;

use ego_tree::NodeId;
use scraper::Html;

pub(crate) use stats::NodeSet;

use self::clean::Flags;
use self::stats::StatsTable;
use crate::metadata::Metadata;

/// An attempt that found at least this many characters is accepted outright.
const ENOUGH_CHARS: u32 = 500;

/// The main content: subtrees to render, minus the elements to skip in them.
#[derive(Debug, Default)]
pub(crate) struct Content {
    /// Roots of the content, in document order.
    pub roots: Vec<NodeId>,
    /// Elements inside the roots that are boilerplate.
    pub removed: NodeSet,
}

/// Finds the page's main content.
pub(crate) fn main_content(html: &Html, meta: &Metadata) -> Content {
    let mut best: Option<(u32, Content)> = None;
    for flags in Flags::ATTEMPTS {
        let content = attempt(html, meta, flags);
        let chars = kept_chars(html, &content);
        if chars >= ENOUGH_CHARS {
            return content;
        }
        if best.as_ref().is_none_or(|(best_chars, _)| chars > *best_chars) {
            best = Some((chars, content));
        }
    }
    best.map(|(_, content)| content).unwrap_or_default()
}

fn attempt(html: &Html, meta: &Metadata, flags: Flags) -> Content {
    let mut removed = clean::removed_nodes(html, flags);
    let stats = StatsTable::compute(html, html.tree.root().id(), &removed);
    let roots = match score::select(html, &removed, &stats, flags) {
        Some(selection) => selection.roots,
        None => crate::dom::visible_roots(html),
    };
    prune::prune(html, &roots, &mut removed, &stats, flags, meta.title.as_deref());
    Content { roots, removed }
}

/// Characters of text the content keeps.
fn kept_chars(html: &Html, content: &Content) -> u32 {
    content
        .roots
        .iter()
        .map(|&root| {
            let table = StatsTable::compute(html, root, &content.removed);
            table.get(root).chars
        })
        .sum()
}
