//! Visible bylines: the element that names the author on the page.
//!
//! When neither JSON-LD nor `<meta>` names an author, the page usually shows
//! one in an element marked as such: `rel="author"`, `itemprop="author"`, or
//! a class/id containing `byline`, `author`, `dateline`, `writtenby` or
//! `p-author` (microformats). Readability.js takes the first such element in
//! document order whose text is short enough to be a name (under 100
//! characters), skipping hidden elements and the page chrome it strips as
//! "unlikely candidates" (headers, footers, menus, comments, sidebars …).
//! The rules below are those, so a byline is found where a reader view finds
//! it; the scan in [`super::scan`] applies them in its single tree walk.

use scraper::node::Element;

/// Class/id words that mark a byline element.
const BYLINE_HINTS: &[&str] = &["byline", "author", "dateline", "writtenby", "p-author"];

/// Class/id words of page chrome that is skipped (with its subtree).
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumbs",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
];

/// Class/id words that keep an otherwise unlikely element.
const MAYBE_CANDIDATE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "shadow",
];

/// ARIA roles of page chrome.
const UNLIKELY_ROLES: &[&str] = &[
    "menu",
    "menubar",
    "complementary",
    "navigation",
    "alert",
    "alertdialog",
    "dialog",
];

/// Longest byline, in UTF-16 code units (exclusive).
pub(super) const MAX_BYLINE_LEN: usize = 100;

/// `class + " " + id`, lowercased: the string Readability matches words in.
pub(super) fn match_string(element: &Element) -> String {
    let class = element.attr("class").unwrap_or_default();
    let id = element.attr("id").unwrap_or_default();
    format!("{class} {id}").to_lowercase()
}

/// The element declares itself an author/byline element.
pub(super) fn is_byline_marked(element: &Element, match_string: &str) -> bool {
    element.attr("rel") == Some("author")
        || element
            .attr("itemprop")
            .is_some_and(|p| p.contains("author"))
        || BYLINE_HINTS.iter().any(|hint| match_string.contains(hint))
}

/// Hidden the way a browser would not render it: `hidden`, `aria-hidden`
/// (except MathJax/MediaWiki fallback images), `display: none` or
/// `visibility: hidden` inline styles.
pub(super) fn is_hidden(element: &Element) -> bool {
    if element.attr("hidden").is_some() {
        return true;
    }
    if element.attr("aria-hidden") == Some("true")
        && !element
            .attr("class")
            .is_some_and(|c| c.contains("fallback-image"))
    {
        return true;
    }
    element.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// Modal dialogs are not part of the page as read.
pub(super) fn is_modal(element: &Element) -> bool {
    element.attr("aria-modal") == Some("true") && element.attr("role") == Some("dialog")
}

/// Page chrome by class/id (unless it also looks like content) or by role.
/// `near_table_or_code` says a `<table>` or `<code>` is among the four
/// nearest ancestors: layout tables and code samples use such class names
/// innocently.
pub(super) fn is_unlikely(element: &Element, match_string: &str, near_table_or_code: bool) -> bool {
    let by_class = UNLIKELY.iter().any(|w| match_string.contains(w))
        && !MAYBE_CANDIDATE.iter().any(|w| match_string.contains(w))
        && !near_table_or_code
        && !matches!(element.name(), "body" | "a");
    by_class
        || element
            .attr("role")
            .is_some_and(|role| UNLIKELY_ROLES.contains(&role))
}

/// A byline candidate's trimmed text, when it is short enough to be a name.
pub(super) fn valid_byline(text: &str) -> Option<String> {
    let trimmed = text.trim();
    let len = super::text::js_len(trimmed);
    (len > 0 && len < MAX_BYLINE_LEN).then(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use scraper::{Html, Selector};

    use super::*;

    fn first(html: &str, css: &str) -> Element {
        let doc = Html::parse_document(html);
        let selector = Selector::parse(css).unwrap();
        doc.select(&selector).next().unwrap().value().clone()
    }

    #[test]
    fn byline_marks() {
        let e = first("<span class='post-Author'>x</span>", "span");
        assert!(is_byline_marked(&e, &match_string(&e)));
        let e = first("<a rel=author href=/me>x</a>", "a");
        assert!(is_byline_marked(&e, &match_string(&e)));
        let e = first("<div itemprop='author creator'>x</div>", "div");
        assert!(is_byline_marked(&e, &match_string(&e)));
        let e = first("<div class='content'>x</div>", "div");
        assert!(!is_byline_marked(&e, &match_string(&e)));
    }

    #[test]
    fn chrome_and_visibility() {
        let e = first("<div class='site-header'>x</div>", "div");
        assert!(is_unlikely(&e, &match_string(&e), false));
        assert!(!is_unlikely(&e, &match_string(&e), true));
        let e = first("<div class='header article-header'>x</div>", "div");
        assert!(!is_unlikely(&e, &match_string(&e), false));
        let e = first("<nav role='navigation'>x</nav>", "nav");
        assert!(is_unlikely(&e, &match_string(&e), false));
        let e = first("<p style='display: none'>x</p>", "p");
        assert!(is_hidden(&e));
        let e = first("<p aria-hidden='true' class='fallback-image'>x</p>", "p");
        assert!(!is_hidden(&e));
    }

    #[test]
    fn byline_length() {
        assert_eq!(
            valid_byline("  By Jane Doe \n").as_deref(),
            Some("By Jane Doe")
        );
        assert_eq!(valid_byline("   "), None);
        assert_eq!(valid_byline(&"x".repeat(100)), None);
    }
}
