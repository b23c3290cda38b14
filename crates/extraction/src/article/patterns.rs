//! Words in `class` and `id` attributes that say what a block is for.
//!
//! These are the signals Readability.js and the boilerplate literature rely on:
//! authors name their containers after their purpose. Matching is by lowercase
//! substring, as Readability's regular expressions do, but without a regex engine.

use std::borrow::Cow;

use crate::dom::ElementAttributes;
use crate::words::WordSet;

/// Blocks that are almost never main content.
const UNLIKELY: WordSet = WordSet::new(&[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "kommentar",
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
    // Dialogs a style sheet hides: the strict attempt picked one over an
    // article (2 content snippets of the snippet set; nothing lost).
    "modal",
    "yom-remote",
    "cookie",
    "newsletter",
    "subscribe",
    "share",
    "promo",
    "reviews",
]);

/// Words that rescue a block the [`UNLIKELY`] list matched.
const MAYBE_CONTENT: WordSet = WordSet::new(&[
    "and", "article", "body", "column", "content", "main", "mathjax", "shadow",
]);

/// Words that lower a container's score.
const NEGATIVE: WordSet = WordSet::new(&[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
]);

/// Words that raise a container's score.
const POSITIVE: WordSet = WordSet::new(&[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "pagination",
    "post",
    "text",
    "blog",
    "story",
]);

/// ARIA roles of navigation and chrome.
pub(crate) const UNLIKELY_ROLES: &[&str] = &[
    "menu",
    "menubar",
    "complementary",
    "navigation",
    "alert",
    "alertdialog",
    "dialog",
];

/// Whole words of a class or id that name page furniture outright. Unlike
/// [`UNLIKELY`] these are matched as parts of a token (split on `-` and `_`),
/// so `related-stories` matches and `unrelated` does not, and no content
/// word rescues them.
const FURNITURE_WORDS: &[&str] = &[
    "related",
    "share",
    "sharing",
    "social",
    "comments",
    "newsletter",
    "subscribe",
    "subscription",
    "promo",
    "advert",
    "advertisement",
    "ads",
    "sponsor",
    "sponsored",
    "tags",
    "breadcrumb",
    "breadcrumbs",
    "rating",
    "print",
    "toolbar",
    "recommended",
    "recommendations",
    "popular",
    "trending",
    "pagination",
    "disclaimer",
    "affiliate",
    "feedback",
    "user",
    "usertitle",
    "signature",
    "avatar",
    "noprint",
    // A box about the author under the story: took 1 boilerplate snippet
    // out of the snippet set and nothing else. (The bare word "bio" took 1
    // more but lowered 3 readability pages, whose reference keeps bios.)
    "authorbox",
    // Rating widgets (2 boilerplate snippets of the snippet set), advertising
    // disclosures and the post-metadata line of classic blog themes ("This
    // entry was posted on … and is filed under …", 1 each); nothing else.
    "ratings",
    "disclosure",
    "postmetadata",
];

/// True when a class or id token names page furniture ([`FURNITURE_WORDS`]),
/// or a box about the author ([`names_author_box`]).
pub(crate) fn names_furniture(class: &str, id: &str) -> bool {
    let tokens = || class.split_whitespace().chain(id.split_whitespace());
    tokens()
        .flat_map(|token| token.split(['-', '_']))
        .any(|part| FURNITURE_WORDS.contains(&part))
        || tokens().any(names_author_box)
}

/// Words that, right after "author", name a box about the author.
const AUTHOR_BOX_WORDS: &[&str] = &[
    "box",
    "bio",
    "card",
    "info",
    "profile",
    "description",
    "desc",
    "about",
];

/// A token that names a box about the author: `author-bio`,
/// `theme-author-box-wrap`, `author-card`. Themes put the writer's
/// portrait and résumé under the story in such a box. "bio" alone also
/// names biographies that are the article; after "author" it does not.
/// Took 3 boilerplate snippets out of the snippet set and nothing else.
fn names_author_box(token: &str) -> bool {
    let mut parts = token.split(['-', '_']).filter(|part| !part.is_empty());
    while let Some(part) = parts.next() {
        if part == "author" {
            return parts
                .next()
                .is_some_and(|next| AUTHOR_BOX_WORDS.contains(&next));
        }
    }
    false
}

/// The lowercase `class` and `id` of an element, for matching; borrowed
/// when already lowercase, as they nearly always are.
pub(crate) fn class_and_id(element: &scraper::node::Element) -> (Cow<'_, str>, Cow<'_, str>) {
    (
        lowercase(element.attribute("class").unwrap_or_default()),
        lowercase(element.attribute("id").unwrap_or_default()),
    )
}

fn lowercase(value: &str) -> Cow<'_, str> {
    if value.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(value.to_ascii_lowercase())
    } else {
        Cow::Borrowed(value)
    }
}

/// True when the class or id marks the element as boilerplate.
pub(crate) fn is_unlikely(class: &str, id: &str) -> bool {
    let matches = |words: &WordSet| words.occurs_in(class) || words.occurs_in(id);
    matches(&UNLIKELY) && !matches(&MAYBE_CONTENT)
}

/// True when the ARIA role marks navigation or chrome.
pub(crate) fn has_unlikely_role(element: &scraper::node::Element) -> bool {
    element
        .attribute("role")
        .is_some_and(|role| UNLIKELY_ROLES.contains(&role.trim().to_ascii_lowercase().as_str()))
}

/// Readability's class weight: -25 for a negative class, +25 for a positive
/// one, the same again for the id.
pub(crate) fn class_weight(class: &str, id: &str) -> f32 {
    let mut weight = 0.0;
    for attr in [class, id] {
        if NEGATIVE.occurs_in(attr) {
            weight -= 25.0;
        }
        if POSITIVE.occurs_in(attr) {
            weight += 25.0;
        }
    }
    weight
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlikely_unless_rescued() {
        assert!(is_unlikely("site-footer", ""));
        assert!(is_unlikely("", "comments"));
        assert!(!is_unlikely("footer-content", ""));
        assert!(!is_unlikely("story-body", ""));
    }

    #[test]
    fn ratings_disclosures_and_post_metadata_are_furniture() {
        assert!(names_furniture("post-ratings", ""));
        assert!(names_furniture("site-disclosure", ""));
        assert!(names_furniture("postmetadata", ""));
        assert!(!names_furniture("post-meta-data", ""));
    }

    #[test]
    fn author_boxes_are_furniture_bylines_and_bios_are_not() {
        assert!(names_furniture("author-bio clr", ""));
        assert!(names_furniture("left relative", "theme-author-box-wrap"));
        assert!(names_furniture("author-card", ""));
        assert!(!names_furniture("author-name", ""));
        assert!(!names_furniture("bio", ""));
        assert!(!names_furniture("post-author", ""));
    }

    #[test]
    fn weights_add_up_for_class_and_id() {
        assert_eq!(class_weight("entry-content", "post"), 50.0);
        assert_eq!(class_weight("sidebar widget", ""), -25.0);
        assert_eq!(class_weight("", ""), 0.0);
    }
}
