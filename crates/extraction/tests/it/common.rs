//! Fixture loading, extraction shortcuts and a checker that reports every
//! failed expectation of a page at once.

use std::path::PathBuf;

use riptide_core::{Document, ExtractError, ExtractMode};
use riptide_extraction::{ExtractOptions, extract_bytes};

/// Every fixture, by file name.
pub const FIXTURES: &[&str] = &[
    "news_article.html",
    "blog_with_comments.html",
    "docs_with_code.html",
    "forum_thread.html",
    "product_page.html",
    "listing_index.html",
    "data_tables.html",
    "jsonld_only.html",
    "windows1251_news.html",
    "shift_jis_notice.html",
    "noscript_template.html",
];

/// The URL fixtures are extracted under, so that links resolve to absolute URLs.
pub fn page_url(name: &str) -> String {
    format!("https://fixtures.example.com/pages/{name}")
}

/// Path of a fixture file.
pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fixture's raw bytes.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = fixture_path(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()))
}

/// Extracts a fixture from its bytes with default options and its page URL.
pub fn try_extract(name: &str, mode: &ExtractMode) -> Result<Document, ExtractError> {
    extract_bytes(
        &fixture(name),
        None,
        Some(&page_url(name)),
        mode,
        &ExtractOptions::default(),
    )
}

/// Extracts a fixture, failing the test on an error.
pub fn extract_fixture(name: &str, mode: &ExtractMode) -> Document {
    try_extract(name, mode).unwrap_or_else(|err| panic!("{name} ({mode}): {err}"))
}

/// Collapses whitespace runs (including no-break spaces) to one space.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `custom` mode with these selectors.
pub fn custom(selectors: &[&str]) -> ExtractMode {
    ExtractMode::Custom(selectors.iter().map(|s| (*s).to_owned()).collect())
}

/// Collects failed expectations about one document and reports them together,
/// so one run shows everything a page gets wrong.
pub struct Expect<'a> {
    label: String,
    doc: &'a Document,
    text: String,
    markdown: String,
    failures: Vec<String>,
}

impl<'a> Expect<'a> {
    /// Starts checking `doc`, named `label` in failure messages.
    pub fn new(label: impl Into<String>, doc: &'a Document) -> Self {
        Self {
            label: label.into(),
            text: squash(&doc.text),
            markdown: doc.markdown.clone(),
            doc,
            failures: Vec::new(),
        }
    }

    /// Records a failure unless `ok`.
    pub fn check(&mut self, ok: bool, what: impl Into<String>) -> &mut Self {
        if !ok {
            self.failures.push(what.into());
        }
        self
    }

    /// The text keeps `needle` (whitespace-insensitive).
    pub fn text_has(&mut self, needle: &str) -> &mut Self {
        let ok = self.text.contains(&squash(needle));
        self.check(ok, format!("text should contain {needle:?}"))
    }

    /// The text keeps every one of `needles`.
    pub fn text_has_all(&mut self, needles: &[&str]) -> &mut Self {
        for needle in needles {
            self.text_has(needle);
        }
        self
    }

    /// The text drops every one of `needles` (boilerplate), case-insensitively.
    pub fn text_lacks_all(&mut self, needles: &[&str]) -> &mut Self {
        let text = self.text.to_lowercase();
        for needle in needles {
            let ok = !text.contains(&squash(needle).to_lowercase());
            self.check(
                ok,
                format!("text should not contain boilerplate {needle:?}"),
            );
        }
        self
    }

    /// The Markdown contains `needle` verbatim.
    pub fn markdown_has(&mut self, needle: &str) -> &mut Self {
        let ok = self.markdown.contains(needle);
        self.check(ok, format!("markdown should contain {needle:?}"))
    }

    /// Some Markdown line starts with `prefix` and contains every one of `parts`.
    pub fn markdown_line(&mut self, prefix: &str, parts: &[&str]) -> &mut Self {
        let ok = self.markdown.lines().any(|line| {
            line.trim_start().starts_with(prefix) && parts.iter().all(|p| line.contains(p))
        });
        self.check(
            ok,
            format!("markdown should have a line starting {prefix:?} with {parts:?}"),
        )
    }

    /// `needles` appear in the text in this order.
    pub fn text_in_order(&mut self, needles: &[&str]) -> &mut Self {
        let positions: Vec<Option<usize>> =
            needles.iter().map(|n| self.text.find(&squash(n))).collect();
        let ok = positions.iter().all(Option::is_some) && positions.windows(2).all(|w| w[0] < w[1]);
        self.check(ok, format!("text should contain {needles:?} in this order"))
    }

    /// An optional field equals `expected`.
    pub fn field(&mut self, name: &str, actual: Option<&str>, expected: &str) -> &mut Self {
        let ok = actual.map(squash) == Some(squash(expected));
        self.check(ok, format!("{name} should be {expected:?}, is {actual:?}"))
    }

    /// An optional field contains `expected`.
    pub fn field_has(&mut self, name: &str, actual: Option<&str>, expected: &str) -> &mut Self {
        let ok = actual.is_some_and(|a| a.contains(expected));
        self.check(
            ok,
            format!("{name} should contain {expected:?}, is {actual:?}"),
        )
    }

    /// `published_iso` is an ISO 8601 date or date-time on `day` (`YYYY-MM-DD`).
    pub fn published_on(&mut self, day: &str) -> &mut Self {
        let actual = self.doc.published_iso.as_deref();
        let ok = actual.is_some_and(|d| d.starts_with(day) && is_iso8601(d));
        self.check(
            ok,
            format!("published_iso should be ISO 8601 on {day}, is {actual:?}"),
        )
    }

    /// `categories` holds `expected` (case-insensitively).
    pub fn category(&mut self, expected: &str) -> &mut Self {
        let ok = self
            .doc
            .categories
            .iter()
            .any(|c| c.eq_ignore_ascii_case(expected));
        let categories = &self.doc.categories;
        self.check(
            ok,
            format!("categories should include {expected:?}, are {categories:?}"),
        )
    }

    /// Panics listing every failed expectation, if any.
    pub fn finish(&mut self) {
        if !self.failures.is_empty() {
            panic!(
                "{}: {} expectation(s) failed:\n  - {}",
                self.label,
                self.failures.len(),
                self.failures.join("\n  - ")
            );
        }
    }
}

/// `YYYY-MM-DD`, optionally followed by `THH:MM[:SS[.fff]]` and a zone.
pub fn is_iso8601(value: &str) -> bool {
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    let date_ok = value.len() >= 10
        && digits(0..4)
        && bytes[4] == b'-'
        && digits(5..7)
        && bytes[7] == b'-'
        && digits(8..10);
    if !date_ok {
        return false;
    }
    match value.get(10..) {
        Some("") => true,
        Some(rest) => {
            rest.starts_with('T')
                && rest.len() >= 6
                && digits(11..13)
                && bytes[13] == b':'
                && digits(14..16)
        }
        None => false,
    }
}

/// Checks that hold for every successful extraction, whatever the input.
pub fn assert_consistent(doc: &Document, mode: &ExtractMode) {
    let words = doc.text.split_whitespace().count();
    assert_eq!(
        doc.word_count as usize, words,
        "word_count must count the words of text"
    );
    if words == 0 {
        assert_eq!(doc.reading_time, 0, "no text, no reading time");
    } else {
        assert!(
            doc.reading_time >= 1,
            "text takes at least a minute to read"
        );
        assert!(
            doc.reading_time as usize <= words,
            "reading time is in minutes, not words"
        );
    }
    assert!(
        doc.quality_score <= 100,
        "quality_score is 0-100, got {}",
        doc.quality_score
    );
    if !doc.text.trim().is_empty() {
        assert!(
            !doc.markdown.trim().is_empty(),
            "text and markdown hold the same content"
        );
    }
    if *mode == ExtractMode::Metadata {
        assert!(
            doc.text.is_empty() && doc.markdown.is_empty(),
            "metadata mode has no content"
        );
        assert!(
            doc.links.is_empty() && doc.media.is_empty(),
            "metadata mode has no links or media"
        );
    }
    if let Some(date) = &doc.published_iso {
        assert!(
            is_iso8601(date),
            "published_iso must be ISO 8601, got {date:?}"
        );
    }
}

#[test]
fn iso8601_checker_accepts_dates_and_datetimes_only() {
    assert!(is_iso8601("2024-05-14"));
    assert!(is_iso8601("2024-05-14T09:30:00+01:00"));
    assert!(is_iso8601("2024-05-14T09:30Z"));
    assert!(!is_iso8601("14 May 2024"));
    assert!(!is_iso8601("2024-5-14"));
    assert!(!is_iso8601("2024-05-14 09:30"));
}
