//! Firecrawl's `excludeTags`: the page without the elements the selectors
//! match, before it reaches the extractor.
//!
//! The engine takes one page and a mode; removing elements first keeps it
//! that way (and keeps the sandbox's interface), at the cost of one more
//! parse of the page for the requests that ask for it.

use scraper::{Html, Selector};

use crate::AppError;

/// Parses `excludeTags`, refusing an invalid selector with its reason.
pub fn exclusions(selectors: &[String]) -> Result<Vec<Selector>, AppError> {
    selectors
        .iter()
        .map(|css| {
            Selector::parse(css).map_err(|err| {
                AppError::BadRequest(format!("excludeTags: invalid selector `{css}`: {err}"))
            })
        })
        .collect()
}

/// `html` without every element a selector of `exclude` matches (and their
/// content), serialised back to markup.
pub fn without(html: &str, exclude: &[Selector]) -> String {
    let mut page = Html::parse_document(html);
    let matched: Vec<_> = exclude
        .iter()
        .flat_map(|selector| page.select(selector).map(|e| e.id()).collect::<Vec<_>>())
        .collect();
    for id in matched {
        if let Some(mut node) = page.tree.get_mut(id) {
            node.detach();
        }
    }
    page.html()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matched_elements_and_their_content_are_gone() {
        let exclude = exclusions(&["nav".into(), ".ad".into()]).unwrap();
        let out = without(
            "<nav><a href=/>Home</a></nav><p>Kept <span class=ad>Buy</span> text.</p>",
            &exclude,
        );
        assert!(out.contains("Kept") && out.contains("text."), "{out}");
        assert!(!out.contains("Home") && !out.contains("Buy"), "{out}");
    }

    #[test]
    fn an_invalid_selector_is_a_bad_request() {
        assert!(matches!(
            exclusions(&["div[".into()]),
            Err(AppError::BadRequest(m)) if m.contains("div[")
        ));
    }
}
