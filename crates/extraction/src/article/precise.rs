//! Precise structural clues: containers that pages themselves mark as the
//! article body, looked for before any scoring.
//!
//! The tiers follow trafilatura's body expressions, from the most explicit
//! (`itemprop=articleBody`, `entry-content`, `article-body`) to the vaguest
//! (`id=content`, `<main>`). Within a tier the first match in document order
//! wins, as in trafilatura's `(...)[1]`.

use ego_tree::NodeId;
use scraper::Html;

use super::stats::{NodeSet, StatsTable, TextStats};
use crate::dom::ElementAttributes;
use crate::words::WordSet;

/// A container must keep at least this much text to be trusted.
const MIN_CHARS: u32 = 100;

/// One tier of clues: a predicate over an element's tag, class and id.
type Tier = fn(tag: &str, class: &str, id: &str, element: &scraper::node::Element) -> bool;

const TIERS: [Tier; 5] = [
    explicit_body,
    first_article,
    story_body,
    content_main,
    main_like,
];

/// Index of [`first_article`] in [`TIERS`].
const FIRST_ARTICLE_TIER: usize = 1;

fn is_block_container(tag: &str) -> bool {
    matches!(tag, "article" | "div" | "main" | "section")
}

fn explicit_body(tag: &str, class: &str, id: &str, element: &scraper::node::Element) -> bool {
    if element
        .attribute("itemprop")
        .is_some_and(|p| p.eq_ignore_ascii_case("articlebody"))
    {
        return true;
    }
    if !is_block_container(tag) {
        return false;
    }
    const CLASS_WORDS: WordSet = WordSet::new(&[
        "post-text",
        "post_text",
        "post-body",
        "post-entry",
        "postentry",
        "post-content",
        "post_content",
        "postcontent",
        "article-text",
        "articletext",
        "entry-content",
        "article-content",
        "article__content",
        "article-body",
        "article__body",
        "articlebody",
        "page-content",
        "text-content",
        "body-text",
        "article__container",
        "art-content",
    ]);
    const ID_WORDS: WordSet = WordSet::new(&[
        "entry-content",
        "article-content",
        "article__content",
        "article-body",
        "article__body",
        "articlebody",
        "body-text",
        "art-content",
    ]);
    class == "post"
        || class == "entry"
        || id == "articlecontent"
        || CLASS_WORDS.occurs_in(class)
        || ID_WORDS.occurs_in(id)
}

fn first_article(tag: &str, _class: &str, _id: &str, _element: &scraper::node::Element) -> bool {
    tag == "article"
}

fn story_body(tag: &str, class: &str, id: &str, element: &scraper::node::Element) -> bool {
    if !is_block_container(tag) {
        return false;
    }
    const CLASS_WORDS: WordSet = WordSet::new(&[
        "post-bodycopy",
        "storycontent",
        "story-content",
        "theme-content",
        "blog-content",
        "section-content",
        "single-content",
        "single-post",
        "main-column",
        "wpb_text_column",
        "story-body",
        "field-body",
        "fulltext",
    ]);
    CLASS_WORDS.occurs_in(class)
        || matches!(
            class,
            "postarea" | "art-postcontent" | "text" | "cell" | "story"
        )
        || class.starts_with("article ")
        || id.starts_with("primary")
        || matches!(id, "article" | "story")
        || id.contains("story-body")
        || element
            .attribute("role")
            .is_some_and(|r| r.eq_ignore_ascii_case("article"))
}

fn content_main(tag: &str, class: &str, id: &str, _element: &scraper::node::Element) -> bool {
    if !is_block_container(tag) {
        return false;
    }
    const WORDS: WordSet = WordSet::new(&[
        "content-main",
        "content_main",
        "content-body",
        "contentbody",
        "content__body",
        "main-content",
        "page-content",
    ]);
    (WORDS.occurs_in(class) || WORDS.occurs_in(id)) || id == "content" || class == "content"
}

fn main_like(tag: &str, class: &str, id: &str, element: &scraper::node::Element) -> bool {
    tag == "main"
        || matches!(tag, "article" | "div" | "section")
            && (class.starts_with("main")
                || id.starts_with("main")
                || element
                    .attribute("role")
                    .is_some_and(|r| r.starts_with("main")))
}

/// The first container of the most explicit tier that keeps enough text.
pub(crate) fn container(html: &Html, removed: &NodeSet, stats: &StatsTable) -> Option<NodeId> {
    // The first match of each tier, in one pass over the elements.
    let mut firsts: [Option<NodeId>; TIERS.len()] = [None; TIERS.len()];
    let mut articles = 0usize;
    for element in html.root_element().descendent_elements() {
        if removed.contains(&element.id()) || stats.get(element.id()).chars == 0 {
            continue;
        }
        let value = element.value();
        articles += usize::from(value.name() == "article");
        let class = value
            .attribute("class")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let id = value
            .attribute("id")
            .unwrap_or_default()
            .to_ascii_lowercase();
        for (first, tier) in firsts.iter_mut().zip(TIERS) {
            if first.is_none() && tier(value.name(), &class, &id, value) {
                *first = Some(element.id());
            }
        }
    }
    if articles > 1 {
        // Several `<article>`s are a list (forum posts, teasers), not one body.
        firsts[FIRST_ARTICLE_TIER] = None;
    }
    firsts
        .into_iter()
        .flatten()
        .find(|&found| is_trusted(stats.get(found)))
}

/// A container whose text is nearly all links is navigation, whatever it
/// is named: `id=mainnav` matches the `main` clue and, trusted, replaced a
/// short article with an empty menu in every attempt. Rejecting it brought
/// back 2 content snippets of the snippet set (and 1 box label); at 0.5 it
/// also rejected a blog post made of quoted links and lost 2.
const MAX_LINK_DENSITY: f32 = 0.8;

/// Whether a matching container holds enough prose to be the article body.
fn is_trusted(stats: TextStats) -> bool {
    stats.chars >= MIN_CHARS && stats.link_density() < MAX_LINK_DENSITY
}
