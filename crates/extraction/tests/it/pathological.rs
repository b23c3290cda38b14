//! Hostile and broken input in native mode: every case ends with a typed error
//! or a document, never a panic, a hang or a stack overflow. No timing is
//! asserted; the deep-nesting guard must refuse before parsing, because the
//! parser is quadratic in nesting depth.

use riptide_core::{ExtractError, ExtractInput, ExtractMode};
use riptide_extraction::{ExtractOptions, extract, extract_bytes};

use crate::common::{Expect, assert_consistent, custom, fixture};

fn modes() -> [ExtractMode; 4] {
    [
        ExtractMode::Article,
        ExtractMode::Full,
        ExtractMode::Metadata,
        custom(&["div", "p"]),
    ]
}

fn run(bytes: &[u8], mode: &ExtractMode) -> Result<riptide_core::Document, ExtractError> {
    let result = extract_bytes(
        bytes,
        None,
        Some("https://hostile.example.com/"),
        mode,
        &ExtractOptions::default(),
    );
    if let Ok(doc) = &result {
        assert_consistent(doc, mode);
    }
    result
}

fn assert_too_deep(bytes: &[u8], case: &str) {
    let limit = ExtractOptions::default().max_depth;
    for mode in modes() {
        match run(bytes, &mode) {
            Err(ExtractError::TooDeeplyNested {
                depth,
                limit: reported,
            }) => {
                assert_eq!(reported, limit, "{case} ({mode})");
                assert!(
                    depth > limit,
                    "{case} ({mode}): depth {depth} not over the limit"
                );
            }
            other => panic!(
                "{case} ({mode}): expected TooDeeplyNested, got {:?}",
                other.map(|d| d.word_count)
            ),
        }
    }
}

fn page(body: &str) -> Vec<u8> {
    format!("<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>")
        .into_bytes()
}

#[test]
fn hundred_thousand_nested_divs_are_refused() {
    assert_too_deep(&page(&"<div>".repeat(100_000)), "100k <div>");
    let closed = format!(
        "{}deep text{}",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    assert_too_deep(&page(&closed), "100k <div>…</div>");
}

#[test]
fn hundred_thousand_nested_elements_of_other_kinds_are_refused() {
    for open in [
        "<span>",
        "<b>",
        "<blockquote>",
        "<section>",
        "<ul><li>",
        "<table><tr><td>",
        "<x-widget>",
        "<DIV class=a>",
    ] {
        assert_too_deep(&page(&open.repeat(100_000)), open);
    }
}

/// Stray end tags that match no open element are ignored by the parser, so
/// they must not make the guard believe the nesting closed.
#[test]
fn stray_end_tags_do_not_hide_deep_nesting() {
    assert_too_deep(&page(&"<div></span>".repeat(5_000)), "<div></span> x 5k");
    assert_too_deep(
        &page(&"<div></section>".repeat(5_000)),
        "<div></section> x 5k",
    );
}

/// An end tag inside an attribute value is text, not an end tag.
#[test]
fn end_tags_inside_attribute_values_do_not_hide_deep_nesting() {
    assert_too_deep(
        &page(&"<div title=\"</div>\">".repeat(5_000)),
        "<div title=\"</div>\"> x 5k",
    );
}

/// Inside `<svg>`, `<script>`, `<style>` and `<title>` are SVG elements whose
/// content is parsed as markup, not raw text.
#[test]
fn svg_raw_text_lookalikes_do_not_hide_deep_nesting() {
    for prefix in ["<svg><script>", "<svg><style>", "<svg><title>"] {
        let body = format!("{prefix}{}", "<div>".repeat(5_000));
        assert_too_deep(&page(&body), prefix);
    }
}

#[test]
fn nesting_just_under_the_limit_extracts_without_overflowing_the_stack() {
    let depth = ExtractOptions::default().max_depth - 10;
    for (open, close) in [
        ("<div>", "</div>"),
        ("<blockquote>", "</blockquote>"),
        ("<ul><li>", "</li></ul>"),
        ("<b>", "</b>"),
    ] {
        let body = format!(
            "{}<p>A paragraph at the bottom of a very deep tree, long enough to be content.</p>{}",
            open.repeat(depth),
            close.repeat(depth)
        );
        for mode in modes() {
            let doc = run(&page(&body), &mode)
                .unwrap_or_else(|err| panic!("{open} x {depth} ({mode}): {err}"));
            if mode != ExtractMode::Metadata {
                Expect::new(format!("{open} x {depth} ({mode})"), &doc)
                    .text_has("A paragraph at the bottom of a very deep tree")
                    .finish();
            }
        }
    }
}

/// Nested tables count once per `<table>` in the guard but build four levels
/// each (table, tbody, tr, td): 1,000 of them make a tree 4,000 deep, twice
/// the guard's limit, which the engine must walk without recursing.
#[test]
fn deep_real_tree_under_the_guard_does_not_overflow_the_stack() {
    let depth = 1_000;
    let body = format!(
        "{}<p>Bottom cell text that is long enough to count as content.</p>{}",
        "<table><tr><td>".repeat(depth),
        "</td></tr></table>".repeat(depth)
    );
    for mode in modes() {
        let doc =
            run(&page(&body), &mode).unwrap_or_else(|err| panic!("nested tables ({mode}): {err}"));
        assert_consistent(&doc, &mode);
    }
}

#[test]
fn fifty_megabyte_input_is_refused_with_input_too_large() {
    let paragraph = "<p>Fifty megabytes of perfectly ordinary paragraphs, repeated until the page is huge.</p>\n";
    let mut body = String::with_capacity(50 * 1024 * 1024 + paragraph.len());
    while body.len() < 50 * 1024 * 1024 {
        body.push_str(paragraph);
    }
    let bytes = page(&body);
    let limit = ExtractOptions::default().max_input_bytes as u64;
    for mode in modes() {
        match run(&bytes, &mode) {
            Err(ExtractError::InputTooLarge {
                size,
                limit: reported,
            }) => {
                assert_eq!(size, bytes.len() as u64, "{mode}");
                assert_eq!(reported, limit, "{mode}");
            }
            other => panic!(
                "{mode}: expected InputTooLarge, got {:?}",
                other.map(|d| d.word_count)
            ),
        }
    }
    let input = ExtractInput {
        html: std::str::from_utf8(&bytes).unwrap(),
        url: None,
        mode: &ExtractMode::Article,
    };
    assert!(matches!(
        extract(&input, &ExtractOptions::default()),
        Err(ExtractError::InputTooLarge { .. })
    ));
}

#[test]
fn input_limit_is_configurable_and_inclusive() {
    let bytes = fixture("news_article.html");
    let exact = ExtractOptions {
        max_input_bytes: bytes.len(),
        ..ExtractOptions::default()
    };
    assert!(extract_bytes(&bytes, None, None, &ExtractMode::Article, &exact).is_ok());
    let under = ExtractOptions {
        max_input_bytes: bytes.len() - 1,
        ..ExtractOptions::default()
    };
    assert!(matches!(
        extract_bytes(&bytes, None, None, &ExtractMode::Article, &under),
        Err(ExtractError::InputTooLarge { .. })
    ));
}

/// A long but legitimate page (2 MB of real article markup) is extracted.
#[test]
fn large_ordinary_page_extracts() {
    let article = String::from_utf8(fixture("news_article.html")).unwrap();
    let start = article.find("<main").unwrap();
    let end = article.find("</main>").unwrap() + "</main>".len();
    let repeated = article[start..end].repeat(2 * 1024 * 1024 / (end - start));
    let bytes = page(&repeated);
    for mode in modes() {
        let doc = run(&bytes, &mode).unwrap_or_else(|err| panic!("{mode}: {err}"));
        if mode != ExtractMode::Metadata {
            assert!(doc.word_count > 1_000, "{mode}: {} words", doc.word_count);
        }
    }
}

#[test]
fn binary_data_is_not_html() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0\x5c\x72\xa8\x66\0\0\0\x04sBIT";
    let gzip = b"\x1f\x8b\x08\0\0\0\0\0\0\x03\xed\xbd\x07\x60\x1c\x49\x96\x25\x26\x2f\x6d\xca\x7b\x7f\x4a\xf5\x4a";
    let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0".to_vec();
    elf.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    for (name, bytes) in [("png", &png[..]), ("gzip", &gzip[..]), ("elf", &elf[..])] {
        for mode in modes() {
            assert!(
                matches!(run(bytes, &mode), Err(ExtractError::NotHtml(_))),
                "{name} ({mode}) should be NotHtml"
            );
        }
    }
}

#[test]
fn degenerate_inputs_do_not_fail_badly() {
    for bytes in [
        &b""[..],
        b"   \n\t ",
        b"just some words without any markup",
        b"<",
        b"<<<<>>>>",
        b"</>",
        b"<!--",
        b"<![CDATA[",
        b"<?xml?>",
        b"&amp;&#0;&#x110000;&#xD800;&nosuch;",
    ] {
        for mode in modes() {
            match run(bytes, &mode) {
                Ok(_) | Err(ExtractError::NotHtml(_)) => {}
                Err(other) => panic!(
                    "{:?} ({mode}): unexpected {other:?}",
                    String::from_utf8_lossy(bytes)
                ),
            }
        }
    }
}

/// Broken markup that browsers repair: the repaired content is extracted.
#[test]
fn malformed_markup_is_repaired_like_a_browser_would() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "<p><b>bold <i>both</b> italic</i> plain</p>",
            &["bold both italic plain"],
            &[],
        ),
        (
            "<div><p>unclosed paragraph<div>inner block<p>another",
            &["unclosed paragraph", "inner block", "another"],
            &[],
        ),
        (
            "<p>before</body></html><p>after the end of the page",
            &["before", "after the end of the page"],
            &[],
        ),
        (
            "<table><p>fostered paragraph</p><tr><td>cell text</td></tr></table>",
            &["fostered paragraph", "cell text"],
            &[],
        ),
        (
            "<ul><li>one<li>two<li>three</ul>",
            &["one", "two", "three"],
            &[],
        ),
        (
            "<p title=unquoted class=x>attrs without quotes</p>",
            &["attrs without quotes"],
            &[],
        ),
        (
            "<p>visible</p><!-- unterminated comment <p>hidden in the comment</p>",
            &["visible"],
            &["hidden in the comment"],
        ),
        (
            "<p>visible</p><script>never closed <p>inside the script",
            &["visible"],
            &["inside the script"],
        ),
        (
            "<p>a &lt;tag&gt; &amp; entities &copy; &nbsp;here</p>",
            &["a <tag> & entities © here"],
            &[],
        ),
    ];
    for (body, present, absent) in cases {
        let html = format!("<html><body>{body}</body></html>");
        let input = ExtractInput {
            html: &html,
            url: None,
            mode: &ExtractMode::Full,
        };
        let doc = extract(&input, &ExtractOptions::default())
            .unwrap_or_else(|err| panic!("{body}: {err}"));
        assert_consistent(&doc, &ExtractMode::Full);
        Expect::new(format!("full mode of {body:?}"), &doc)
            .text_has_all(present)
            .text_lacks_all(absent)
            .finish();
    }
}
