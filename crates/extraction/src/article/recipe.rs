//! A recipe's ingredient list, which recipe sites put in a box of its own
//! beside the preparation steps: the scorer picks the steps (they are the
//! prose), and the list, short lines without commas, would be lost.
//!
//! Only pages that declare a recipe (JSON-LD `Recipe`, microdata
//! ingredients) are searched: the search reads the class of every element
//! near the content, 2.5% of the instructions per page when run on all.

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::patterns;
use super::stats::{NodeSet, StatsTable};
use crate::dom::{self, ElementAttributes};
use crate::words::WordSet;

/// Class or id words that name an ingredient list.
const INGREDIENT_WORDS: WordSet = WordSet::new(&["ingredient", "zutaten"]);

/// How far above the content the ingredient list and the content may meet.
const MAX_LEVELS_APART: usize = 6;

/// An ingredient list holds at least this many characters.
const MIN_CHARS: u32 = 20;

/// The page's ingredient list, when it lies outside `roots` but close to them.
pub(crate) fn find(
    html: &Html,
    roots: &[NodeId],
    removed: &NodeSet,
    stats: &StatsTable,
) -> Option<NodeId> {
    let first = roots.first().and_then(|&id| html.tree.get(id))?;
    let scope = first.ancestors().take(MAX_LEVELS_APART).last()?;
    let list = scope
        .descendants()
        .filter(|d| names_ingredients(*d) && !names_ingredients_above(*d))
        .max_by_key(|d| stats.get(d.id()).chars)?;
    let overlaps = |&root: &NodeId| {
        dom::is_within(html, list.id(), root) || dom::is_within(html, root, list.id())
    };
    let usable = stats.get(list.id()).chars >= MIN_CHARS
        && !roots.iter().any(overlaps)
        && !list
            .ancestors()
            .chain(std::iter::once(list))
            .any(|a| removed.contains(&a.id()));
    usable.then(|| list.id())
}

/// The element's class, id or itemprop names ingredients.
pub(crate) fn names_ingredients(node: NodeRef<'_, Node>) -> bool {
    node.value().as_element().is_some_and(|element| {
        let (class, id) = patterns::class_and_id(element);
        INGREDIENT_WORDS.occurs_in(&class)
            || INGREDIENT_WORDS.occurs_in(&id)
            || matches!(
                element.attribute("itemprop"),
                Some("recipeIngredient" | "ingredients")
            )
    })
}

/// An ancestor already names ingredients: the outermost box is the list.
fn names_ingredients_above(node: NodeRef<'_, Node>) -> bool {
    node.ancestors().any(names_ingredients)
}
