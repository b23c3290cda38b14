//! Full, metadata and custom modes, and invariants that hold across modes.

use riptide_core::{ExtractError, ExtractInput, ExtractMode, Extractor};
use riptide_extraction::{
    ExtractOptions, NativeExtractor, extract, extract_bytes, extract_with_stats,
};

use crate::common::{
    Expect, FIXTURES, assert_consistent, custom, extract_fixture, fixture, page_url, try_extract,
};

fn all_modes() -> Vec<ExtractMode> {
    vec![
        ExtractMode::Article,
        ExtractMode::Full,
        ExtractMode::Metadata,
        custom(&["p", "h1, h2", "table"]),
    ]
}

#[test]
fn every_fixture_extracts_consistently_in_every_mode() {
    for name in FIXTURES {
        for mode in all_modes() {
            let doc = extract_fixture(name, &mode);
            assert_consistent(&doc, &mode);
            if mode != ExtractMode::Metadata {
                assert!(doc.word_count > 0, "{name} ({mode}): no text");
            }
            assert!(
                !doc.text.contains('\u{FFFD}'),
                "{name} ({mode}): replacement characters in text"
            );
        }
    }
}

#[test]
fn extraction_is_deterministic() {
    for name in FIXTURES {
        for mode in all_modes() {
            assert_eq!(
                extract_fixture(name, &mode),
                extract_fixture(name, &mode),
                "{name} ({mode})"
            );
        }
    }
}

#[test]
fn bytes_and_str_entry_points_agree_on_utf8_pages() {
    for name in FIXTURES
        .iter()
        .filter(|n| !n.starts_with("windows1251") && !n.starts_with("shift_jis"))
    {
        let bytes = fixture(name);
        let html = std::str::from_utf8(&bytes).expect("UTF-8 fixture");
        let url = page_url(name);
        let input = ExtractInput {
            html,
            url: Some(&url),
            mode: &ExtractMode::Article,
        };
        let from_str = extract(&input, &ExtractOptions::default()).unwrap();
        assert_eq!(
            from_str,
            extract_fixture(name, &ExtractMode::Article),
            "{name}"
        );
        let native = NativeExtractor::default().extract(&input).unwrap();
        assert_eq!(
            native, from_str,
            "{name}: NativeExtractor differs from extract"
        );
    }
}

#[test]
fn stats_count_the_document() {
    for name in FIXTURES {
        let bytes = fixture(name);
        let decoded = riptide_extraction::decode_html(&bytes, None);
        let url = page_url(name);
        let input = ExtractInput {
            html: &decoded.text,
            url: Some(&url),
            mode: &ExtractMode::Article,
        };
        let (doc, stats) = extract_with_stats(&input, &ExtractOptions::default()).unwrap();
        assert!(
            stats.nodes_processed > 50,
            "{name}: only {} nodes",
            stats.nodes_processed
        );
        assert_eq!(stats.links_found as usize, doc.links.len(), "{name}");
        let images = doc
            .media
            .iter()
            .filter(|m| m.kind == riptide_core::MediaKind::Image)
            .count();
        assert_eq!(stats.images_found as usize, images, "{name}");
    }
}

#[test]
fn metadata_mode_matches_article_metadata_without_content() {
    for name in FIXTURES {
        let meta = extract_fixture(name, &ExtractMode::Metadata);
        let article = extract_fixture(name, &ExtractMode::Article);
        assert!(meta.text.is_empty() && meta.markdown.is_empty(), "{name}");
        assert_eq!(meta.word_count, 0, "{name}");
        assert_eq!(meta.title, article.title, "{name}: title");
        assert_eq!(meta.byline, article.byline, "{name}: byline");
        assert_eq!(
            meta.published_iso, article.published_iso,
            "{name}: published_iso"
        );
        assert_eq!(meta.language, article.language, "{name}: language");
        assert_eq!(meta.site_name, article.site_name, "{name}: site_name");
        assert_eq!(meta.categories, article.categories, "{name}: categories");
        assert_eq!(meta.url, article.url, "{name}: url");
    }
}

#[test]
fn full_mode_keeps_all_visible_text_and_drops_scripts() {
    let doc = extract_fixture("news_article.html", &ExtractMode::Full);
    Expect::new("news_article, full mode", &doc)
        .text_has_all(&[
            "We use cookies to improve your experience",
            "Councillors voted eleven to three on Tuesday night",
            "About time the harbour did something useful again.",
            "Regatta cancelled as gales forecast",
            "© 2024 The Harbour Ledger Ltd. All rights reserved.",
        ])
        .text_in_order(&[
            "We use cookies",
            "Councillors voted",
            "Related stories",
            "Most read",
            "All rights reserved",
        ])
        .text_lacks_all(&[
            "window.dataLayer",
            "gtag(",
            ".cookie-banner{",
            "position:fixed",
        ])
        .finish();
    let listing = extract_fixture("listing_index.html", &ExtractMode::Full);
    Expect::new("listing_index, full mode", &listing)
        .text_has_all(&[
            "Otters return to the upper Wend after forty years",
            "Heat pump installations double in a year",
            "Robot mowers blamed for hedgehog injuries",
            "Northfield Daily Media Group",
        ])
        .finish();
}

#[test]
fn full_mode_drops_hidden_elements() {
    let html = "<html><body><p>Shown paragraph.</p><div hidden><p>Hidden by attribute.</p></div>\
                <div style=\"display: none\"><p>Hidden by style.</p></div>\
                <p aria-hidden=\"true\">Hidden from assistive tech.</p><template><p>Template.</p></template>\
                <noscript><p>Enable JavaScript.</p></noscript></body></html>";
    let input = ExtractInput {
        html,
        url: None,
        mode: &ExtractMode::Full,
    };
    let doc = extract(&input, &ExtractOptions::default()).unwrap();
    Expect::new("hidden elements, full mode", &doc)
        .text_has("Shown paragraph.")
        .text_lacks_all(&["Hidden by attribute", "Hidden by style", "Template."])
        .finish();
}

#[test]
fn custom_mode_returns_matches_in_document_order() {
    let doc = extract_fixture(
        "forum_thread.html",
        &custom(&[".message-content", "h1.p-title-value"]),
    );
    Expect::new("forum_thread, custom mode", &doc)
        .text_in_order(&[
            "Garage door opener hums but won't open",
            "My garage door opener has started",
            "A hum with no movement",
            "You were spot on",
        ])
        .text_lacks_all(&[
            "New member",
            "Well-known member",
            "Similar threads",
            "Joined",
            "Like Reply Report",
        ])
        .finish();
}

#[test]
fn custom_mode_keeps_code_and_tables() {
    let doc = extract_fixture(
        "docs_with_code.html",
        &custom(&["div.highlight-rust > pre", "table.docutils"]),
    );
    Expect::new("docs_with_code, custom mode", &doc)
        .markdown_has("```rust\nuse std::time::Duration;")
        .markdown_line("|", &["HTTP 429, 503", "Yes"])
        .text_lacks_all(&["Networks fail in boring ways", "Edit this page"])
        .finish();
}

/// Selecting the `<code>` inside a `<pre>` still yields a code block: its
/// line breaks and indentation are the content.
#[test]
fn custom_mode_selecting_code_inside_pre_keeps_its_lines() {
    let doc = extract_fixture(
        "docs_with_code.html",
        &custom(&["pre > code.language-toml"]),
    );
    Expect::new("docs_with_code, custom mode on pre > code", &doc)
        .markdown_has("[dependencies]\nquillkit = { version = \"3.0\", features = [\"retry\"] }")
        .check(
            doc.text.contains("[dependencies]\nquillkit"),
            "text should keep the code's line break",
        )
        .finish();
}

#[test]
fn custom_mode_with_no_match_is_empty_not_an_error() {
    let doc = extract_fixture("news_article.html", &custom(&["section.does-not-exist"]));
    assert!(doc.text.is_empty(), "{:?}", doc.text);
    assert_eq!(doc.word_count, 0);
    assert_eq!(
        doc.title.as_deref(),
        extract_fixture("news_article.html", &ExtractMode::Metadata)
            .title
            .as_deref()
    );
}

#[test]
fn custom_mode_rejects_invalid_and_missing_selectors() {
    let err = try_extract("news_article.html", &custom(&["p", "p >"])).unwrap_err();
    match err {
        ExtractError::InvalidSelector { selector, .. } => assert_eq!(selector, "p >"),
        other => panic!("expected InvalidSelector, got {other:?}"),
    }
    let err = try_extract("news_article.html", &ExtractMode::Custom(Vec::new())).unwrap_err();
    assert_eq!(err, ExtractError::NoSelector);
}

#[test]
fn relative_links_stay_relative_without_a_url_and_resolve_with_one() {
    let bytes = fixture("data_tables.html");
    let options = ExtractOptions::default();
    let without = extract_bytes(&bytes, None, None, &ExtractMode::Article, &options).unwrap();
    assert!(
        without
            .links
            .iter()
            .any(|l| l.url == "/datasets/rainfall-monthly"),
        "{:?}",
        without.links
    );
    let with = extract_bytes(
        &bytes,
        None,
        Some("https://stats.example.org/pub/spring"),
        &ExtractMode::Article,
        &options,
    )
    .unwrap();
    assert!(
        with.links
            .iter()
            .any(|l| l.url == "https://stats.example.org/datasets/rainfall-monthly"),
        "{:?}",
        with.links
    );
    assert!(
        with.links
            .iter()
            .all(|l| l.url.starts_with("https://") || l.url.starts_with("mailto:")),
        "{:?}",
        with.links
    );
}

/// Full and custom modes render what is there: a heading is content even
/// when nothing follows it (only article mode may drop dangling headings).
#[test]
fn full_and_custom_modes_keep_a_final_heading() {
    let html =
        "<html><body><p>An introductory paragraph.</p><h2>Closing heading</h2></body></html>";
    let full = extract(
        &ExtractInput {
            html,
            url: None,
            mode: &ExtractMode::Full,
        },
        &ExtractOptions::default(),
    )
    .unwrap();
    let headings = custom(&["h2"]);
    let only_heading = extract(
        &ExtractInput {
            html,
            url: None,
            mode: &headings,
        },
        &ExtractOptions::default(),
    )
    .unwrap();
    Expect::new("full mode, final heading", &full)
        .text_has("Closing heading")
        .finish();
    Expect::new("custom mode selecting a heading", &only_heading)
        .text_has("Closing heading")
        .markdown_has("## Closing heading")
        .finish();
}
