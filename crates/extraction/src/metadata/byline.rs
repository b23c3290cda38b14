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

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use scraper::node::Element;

use crate::article::UNLIKELY_ROLES;
use crate::words::WordSet;

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

/// Longest byline, in UTF-16 code units (exclusive).
pub(super) const MAX_BYLINE_LEN: usize = 100;

/// The attributes the byline rules look at, read in one pass over the
/// element's attributes (looking each up by name would intern a string per
/// lookup, which dominated the cost of the scan).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Attrs<'a> {
    pub tag: &'a str,
    pub class: Option<&'a str>,
    pub id: Option<&'a str>,
    pub style: Option<&'a str>,
    pub role: Option<&'a str>,
    pub rel: Option<&'a str>,
    pub itemprop: Option<&'a str>,
    pub hidden: bool,
    pub aria_hidden: Option<&'a str>,
    pub aria_modal: Option<&'a str>,
}

impl<'a> Attrs<'a> {
    pub(super) fn of(element: &'a Element) -> Self {
        let mut attrs = Attrs {
            tag: element.name(),
            ..Attrs::default()
        };
        for (name, value) in element.attrs() {
            match name {
                "class" => attrs.class = Some(value),
                "id" => attrs.id = Some(value),
                "style" => attrs.style = Some(value),
                "role" => attrs.role = Some(value),
                "rel" => attrs.rel = Some(value),
                "itemprop" => attrs.itemprop = Some(value),
                "hidden" => attrs.hidden = true,
                "aria-hidden" => attrs.aria_hidden = Some(value),
                "aria-modal" => attrs.aria_modal = Some(value),
                _ => {}
            }
        }
        attrs
    }

    /// `class + " " + id`, lowercased: the string Readability matches words
    /// in (empty when the element has neither).
    fn match_string(&self) -> String {
        match (self.class, self.id) {
            (None, None) => String::new(),
            (class, id) => {
                let mut s =
                    String::with_capacity(class.map_or(0, str::len) + id.map_or(0, str::len) + 1);
                s.push_str(class.unwrap_or_default());
                s.push(' ');
                s.push_str(id.unwrap_or_default());
                s.to_lowercase()
            }
        }
    }
}

/// What an element's class and id say.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct ClassWords {
    /// A byline word (`byline`, `author`, …).
    pub byline_hint: bool,
    /// A page-chrome word and no content word.
    pub chrome: bool,
}

impl ClassWords {
    fn of(attrs: &Attrs<'_>) -> Self {
        let match_string = attrs.match_string();
        if match_string.is_empty() {
            return Self::default();
        }
        Self {
            byline_hint: BYLINE_SET.occurs_in(&match_string),
            chrome: UNLIKELY_SET.occurs_in(&match_string) && !MAYBE_SET.occurs_in(&match_string),
        }
    }
}

const BYLINE_SET: WordSet = WordSet::new(BYLINE_HINTS);
const UNLIKELY_SET: WordSet = WordSet::new(UNLIKELY);
const MAYBE_SET: WordSet = WordSet::new(MAYBE_CANDIDATE);

/// [`ClassWords`] memoised by class and id: pages repeat the same few class
/// names on thousands of elements, and matching ~40 words against each is
/// the costliest part of the scan otherwise.
#[derive(Debug, Default)]
pub(super) struct ClassCache(HashMap<u64, ClassWords, BuildHasherDefault<KeyHasher>>);

/// The keys are already FNV hashes: the map uses them as they are.
#[derive(Debug, Default)]
pub(super) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

impl ClassCache {
    pub(super) fn words(&mut self, attrs: &Attrs<'_>) -> ClassWords {
        if attrs.class.is_none() && attrs.id.is_none() {
            return ClassWords::default();
        }
        let key = fnv1a(
            attrs.class.unwrap_or_default(),
            attrs.id.unwrap_or_default(),
        );
        *self.0.entry(key).or_insert_with(|| ClassWords::of(attrs))
    }
}

/// FNV-1a over `class`, a separator and `id`: a fast 64-bit key for the
/// memo (a collision would only misclassify one element's class names).
fn fnv1a(class: &str, id: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in class.bytes().chain([0xff]).chain(id.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The element declares itself an author/byline element.
pub(super) fn is_byline_marked(attrs: &Attrs<'_>, words: ClassWords) -> bool {
    attrs.rel == Some("author")
        || attrs.itemprop.is_some_and(|p| p.contains("author"))
        || words.byline_hint
}

/// [`is_byline_marked`] for one element, outside the metadata scan (the
/// article pruner removes the first byline from the content).
pub(crate) fn marks_byline(element: &Element) -> bool {
    let attrs = Attrs::of(element);
    is_byline_marked(&attrs, ClassWords::of(&attrs))
}

/// Hidden the way a browser would not render it: `hidden`, `aria-hidden`
/// (except MathJax/MediaWiki fallback images), `display: none` or
/// `visibility: hidden` inline styles.
pub(super) fn is_hidden(attrs: &Attrs<'_>) -> bool {
    if attrs.hidden {
        return true;
    }
    if attrs.aria_hidden == Some("true")
        && !attrs.class.is_some_and(|c| c.contains("fallback-image"))
    {
        return true;
    }
    attrs.style.is_some_and(hides)
}

/// An inline style with `display: none` or `visibility: hidden`, read
/// declaration by declaration without allocating.
fn hides(style: &str) -> bool {
    style.split(';').any(|declaration| {
        let Some((property, value)) = declaration.split_once(':') else {
            return false;
        };
        let (property, value) = (property.trim(), value.trim());
        let starts = |word: &str| {
            value
                .get(..word.len())
                .is_some_and(|v| v.eq_ignore_ascii_case(word))
        };
        (property.eq_ignore_ascii_case("display") && starts("none"))
            || (property.eq_ignore_ascii_case("visibility") && starts("hidden"))
    })
}

/// Modal dialogs are not part of the page as read.
pub(super) fn is_modal(attrs: &Attrs<'_>) -> bool {
    attrs.aria_modal == Some("true") && attrs.role == Some("dialog")
}

/// Page chrome by class/id (unless it also looks like content) or by role.
/// `near_table_or_code` says a `<table>` or `<code>` is among the four
/// nearest ancestors: layout tables and code samples use such class names
/// innocently.
pub(super) fn is_unlikely(attrs: &Attrs<'_>, words: ClassWords, near_table_or_code: bool) -> bool {
    let by_class = words.chrome && !near_table_or_code && !matches!(attrs.tag, "body" | "a");
    by_class
        || attrs
            .role
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

    fn marked(e: &Element) -> bool {
        let attrs = Attrs::of(e);
        is_byline_marked(&attrs, ClassWords::of(&attrs))
    }

    fn unlikely(e: &Element, near: bool) -> bool {
        let attrs = Attrs::of(e);
        is_unlikely(&attrs, ClassWords::of(&attrs), near)
    }

    #[test]
    fn byline_marks() {
        let e = first("<span class='post-Author'>x</span>", "span");
        assert!(marked(&e));
        let e = first("<a rel=author href=/me>x</a>", "a");
        assert!(marked(&e));
        let e = first("<div itemprop='author creator'>x</div>", "div");
        assert!(marked(&e));
        let e = first("<div class='content'>x</div>", "div");
        assert!(!marked(&e));
    }

    #[test]
    fn chrome_and_visibility() {
        let e = first("<div class='site-header'>x</div>", "div");
        assert!(unlikely(&e, false));
        assert!(!unlikely(&e, true));
        let e = first("<div class='header article-header'>x</div>", "div");
        assert!(!unlikely(&e, false));
        let e = first("<nav role='navigation'>x</nav>", "nav");
        assert!(unlikely(&e, false));
        let e = first("<p style='display: none'>x</p>", "p");
        assert!(is_hidden(&Attrs::of(&e)));
        let e = first("<p style='color:red;VISIBILITY : Hidden'>x</p>", "p");
        assert!(is_hidden(&Attrs::of(&e)));
        let e = first("<p style='display:block'>x</p>", "p");
        assert!(!is_hidden(&Attrs::of(&e)));
        let e = first("<p aria-hidden='true' class='fallback-image'>x</p>", "p");
        assert!(!is_hidden(&Attrs::of(&e)));
    }

    #[test]
    fn word_sets_find_substrings() {
        assert!(UNLIKELY_SET.occurs_in("col-12 site-footer x"));
        assert!(UNLIKELY_SET.occurs_in("-ad-"));
        assert!(!UNLIKELY_SET.occurs_in("post-body entry"));
        assert!(MAYBE_SET.occurs_in("xxmain"));
        assert!(!BYLINE_SET.occurs_in("autho"));
        assert!(BYLINE_SET.occurs_in("p-author"));
        assert!(!BYLINE_SET.occurs_in(""));
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
