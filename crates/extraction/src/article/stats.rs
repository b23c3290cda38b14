//! Per-element text statistics, computed once in a single iterative pass.
//!
//! Scoring asks "how much text is under this element, how much of it is link
//! text, how many commas" for thousands of elements; answering each question
//! with a fresh subtree walk would be quadratic.

use crate::dom::ElementAttributes;
use crate::whitespace::{self, Block, count_marked};
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use rustc_hash::{FxHashMap, FxHashSet};
use scraper::{Html, Node};

/// A set of element ids, e.g. the elements removed as boilerplate.
///
/// Node ids are small integers: the Fx hash is one multiply where std's
/// SipHash took ~2% of the time per page.
pub(crate) type NodeSet = FxHashSet<NodeId>;

/// A value per element id (see [`NodeSet`] on the hasher).
pub(crate) type NodeMap<V> = FxHashMap<NodeId, V>;

/// Elements whose presence inside a `<div>` means the div is a container, not
/// a paragraph (Readability's `DIV_TO_P_ELEMS`).
pub(crate) fn is_block_marker(tag: &str) -> bool {
    matches!(
        tag,
        "blockquote"
            | "dl"
            | "div"
            | "img"
            | "ol"
            | "p"
            | "pre"
            | "table"
            | "ul"
            | "section"
            | "article"
            | "figure"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
    )
}

/// Text statistics of one element's kept subtree.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(crate) struct TextStats {
    /// Characters of text, whitespace runs counted as one.
    pub chars: u32,
    /// Characters of text inside links (in-page `#` links weigh 0.3).
    pub link_chars: f32,
    /// Commas of any script.
    pub commas: u32,
    /// True when a block-level element is inside.
    pub has_block: bool,
    /// Line breaks (`<br>`) inside.
    pub line_breaks: u32,
}

impl TextStats {
    /// Share of the text that is link text, 0 to 1.
    pub fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            (self.link_chars / self.chars as f32).min(1.0)
        }
    }

    /// Marks all text gathered under a closing `<a>` as link text. In-page
    /// `#` links (tables of contents, footnotes) weigh 0.3, as in Readability.
    pub fn close_link(&mut self, link: &scraper::node::Element) {
        let weight = if link.attribute("href").is_some_and(|h| h.starts_with('#')) {
            0.3
        } else {
            1.0
        };
        self.link_chars = self.chars as f32 * weight;
    }

    /// Adds a child's statistics.
    pub fn add(&mut self, other: &TextStats) {
        self.chars += other.chars;
        self.link_chars += other.link_chars;
        self.commas += other.commas;
        self.has_block |= other.has_block;
        self.line_breaks += other.line_breaks;
    }

    /// Adds a text node's characters (whitespace runs count as one) and commas.
    ///
    /// Runs for every text node in every scoring pass, so the text is read
    /// with [`whitespace::scan`], ASCII eight bytes at a time. On 200 pages
    /// of the crawl benchmark this took the function from 45 M of 320 M
    /// instructions to ~6.5 M of 256 M (byte by byte, decoding each
    /// non-ASCII character, before), and 1% off the eval pages.
    pub fn add_text(&mut self, text: &str) {
        whitespace::scan(text, self);
    }
}

impl whitespace::Visit for TextStats {
    fn ascii(&mut self, block: &Block) {
        // Every byte is one character but whitespace after whitespace.
        let repeated_whitespace = block.whitespace & block.after_whitespace;
        self.chars += count_marked(block.present & !repeated_whitespace);
        self.commas += count_marked(block.word.equal_to(b','));
    }

    fn other(&mut self, c: char, whitespace: bool, after_whitespace: bool) {
        self.chars += u32::from(!(whitespace && after_whitespace));
        self.commas += u32::from(is_comma(c));
    }
}

fn is_comma(c: char) -> bool {
    matches!(
        c,
        ',' | '\u{060C}'
            | '\u{FE50}'
            | '\u{FE10}'
            | '\u{FE11}'
            | '\u{2E41}'
            | '\u{2E34}'
            | '\u{2E32}'
            | '\u{FF0C}'
            | '\u{3001}'
    )
}

/// The traversal of `root`'s subtree, without the subtrees of `removed`
/// elements (neither their opening nor their closing edge is yielded).
pub(crate) fn kept_edges<'a>(
    root: NodeRef<'a, Node>,
    removed: &'a NodeSet,
) -> impl Iterator<Item = Edge<'a, Node>> + 'a {
    let mut skipping: Option<NodeId> = None;
    root.traverse().filter(move |edge| match (skipping, edge) {
        (Some(id), Edge::Close(node)) if node.id() == id => {
            skipping = None;
            false
        }
        (Some(_), _) => false,
        (None, Edge::Open(node)) if node.value().is_element() && removed.contains(&node.id()) => {
            skipping = Some(node.id());
            false
        }
        _ => true,
    })
}

/// [`TextStats`] of every kept element under a root.
pub(crate) struct StatsTable {
    stats: NodeMap<TextStats>,
}

impl StatsTable {
    /// Computes the statistics of every element under `root`, ignoring the
    /// subtrees of `removed` elements.
    pub fn compute(html: &Html, root: NodeId, removed: &NodeSet) -> Self {
        let mut stats = NodeMap::default();
        walk(html, root, removed, |id, own| {
            stats.insert(id, *own);
        });
        Self { stats }
    }

    /// The statistics of an element (zero for removed or unknown elements).
    pub fn get(&self, id: NodeId) -> TextStats {
        self.stats.get(&id).copied().unwrap_or_default()
    }
}

/// The statistics of `root` alone, as `StatsTable::compute(html, root,
/// removed).get(root)` gives them, without a table of every element under it.
pub(crate) fn subtree_stats(html: &Html, root: NodeId, removed: &NodeSet) -> TextStats {
    let mut found = TextStats::default();
    walk(html, root, removed, |id, own| {
        if id == root {
            found = *own;
        }
    });
    found
}

/// Computes the statistics of every kept element under `root` in one
/// iterative pass, handing each to `closed` as its element closes.
fn walk(html: &Html, root: NodeId, removed: &NodeSet, mut closed: impl FnMut(NodeId, &TextStats)) {
    let mut stack: Vec<TextStats> = vec![TextStats::default()];
    let Some(root) = html.tree.get(root) else {
        return;
    };
    for edge in kept_edges(root, removed) {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(_) => stack.push(TextStats::default()),
                Node::Text(text) => {
                    if let Some(top) = stack.last_mut() {
                        top.add_text(text);
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                let Some(element) = node.value().as_element() else {
                    continue;
                };
                let Some(mut own) = stack.pop() else { continue };
                match element.name() {
                    "a" => own.close_link(element),
                    "br" => own.line_breaks += 1,
                    _ => {}
                }
                closed(node.id(), &own);
                if let Some(parent) = stack.last_mut() {
                    parent.add(&own);
                    parent.has_block |= is_block_marker(element.name());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use scraper::Selector;

    proptest! {
        /// The byte-wise count agrees with counting decoded chars.
        #[test]
        fn add_text_counts_like_decoded_chars(text in "[ a,\t\n\u{b}\u{c}\r\u{8}\u{e}\u{1f}!\u{a0}\u{3000}\u{3001}é€\u{1F600}]{0,80}") {
            let mut fast = TextStats::default();
            fast.add_text(&text);
            let (mut chars, mut commas, mut in_space) = (0, 0, true);
            for c in text.chars() {
                if c.is_whitespace() {
                    chars += u32::from(!in_space);
                    in_space = true;
                } else {
                    chars += 1;
                    commas += u32::from(is_comma(c));
                    in_space = false;
                }
            }
            prop_assert_eq!((fast.chars, fast.commas), (chars, commas));
        }
    }

    #[test]
    fn counts_text_links_and_commas() {
        let html = Html::parse_document(
            "<div id=x><p>One,  two, three</p><p><a href='/a'>link</a> and <a href='#top'>top</a></p><script>a,b</script></div>",
        );
        let div = html.select(&Selector::parse("#x").unwrap()).next().unwrap();
        let script = html
            .select(&Selector::parse("script").unwrap())
            .next()
            .unwrap();
        let removed: NodeSet = [script.id()].into_iter().collect();
        let table = StatsTable::compute(&html, html.tree.root().id(), &removed);
        let stats = table.get(div.id());
        // Whitespace opening a text node is not counted: "link" + "and " + "top".
        assert_eq!(
            stats.chars,
            "One, two, three".len() as u32 + "linkand top".len() as u32
        );
        assert_eq!(stats.commas, 2);
        assert!((stats.link_chars - (4.0 + 3.0 * 0.3)).abs() < 1e-4);
        assert!(stats.has_block);
        assert_eq!(table.get(script.id()), TextStats::default());
        // One element's statistics, without the table, are the same.
        assert_eq!(subtree_stats(&html, div.id(), &removed), stats);
        let root = html.tree.root().id();
        let html_element = html.root_element().id();
        assert_eq!(
            subtree_stats(&html, html_element, &removed),
            table.get(html_element)
        );
        assert_eq!(subtree_stats(&html, root, &removed), TextStats::default());
        assert_eq!(
            subtree_stats(&html, script.id(), &removed),
            TextStats::default()
        );
    }
}
