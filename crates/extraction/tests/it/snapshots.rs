//! Snapshots of the whole `Document` for every fixture (article mode) and for
//! the other modes on a few of them. They make every change of output visible
//! in review; the semantic tests are what must keep passing.
//!
//! Each snapshot is the whole `Document` laid out for line-by-line review: the
//! JSON of every field but `markdown` and `text`, then those two as plain
//! multi-line text, so that a changed paragraph shows up as a changed line.
//!
//! After an intended change of output: `INSTA_UPDATE=always cargo test -p
//! riptide-extraction --test it` (or `cargo insta review`), then read the diff.

use riptide_core::{Document, ExtractMode};

use crate::common::{FIXTURES, custom, extract_fixture};

/// The document as reviewable text: fields as pretty JSON, then the bodies.
fn layout(doc: &Document) -> String {
    let mut fields = serde_json::to_value(doc).expect("Document serialises");
    let object = fields.as_object_mut().expect("Document is an object");
    object.remove("markdown");
    object.remove("text");
    let fields = serde_json::to_string_pretty(&fields).expect("JSON");
    format!(
        "{fields}\n\n----- markdown -----\n{}\n\n----- text -----\n{}\n",
        doc.markdown, doc.text
    )
}

fn snapshot(name: &str, mode: &ExtractMode) {
    let doc = extract_fixture(name, mode);
    let stem = name.trim_end_matches(".html");
    insta::with_settings!({ description => format!("{name}, {mode} mode"), omit_expression => true }, {
        insta::assert_snapshot!(format!("{}__{stem}", mode.name()), layout(&doc));
    });
}

#[test]
fn layout_keeps_every_field() {
    let doc = extract_fixture("news_article.html", &ExtractMode::Article);
    let laid_out = layout(&doc);
    let (fields, bodies) = laid_out
        .split_once("\n\n----- markdown -----\n")
        .expect("markdown section");
    let mut value: serde_json::Value = serde_json::from_str(fields).expect("fields are JSON");
    let (markdown, text) = bodies
        .split_once("\n\n----- text -----\n")
        .expect("text section");
    value["markdown"] = markdown.into();
    value["text"] = text.strip_suffix('\n').expect("final newline").into();
    let round_trip: Document = serde_json::from_value(value).expect("a Document again");
    assert_eq!(round_trip, doc);
}

#[test]
fn article_mode_of_every_fixture() {
    for name in FIXTURES {
        snapshot(name, &ExtractMode::Article);
    }
}

#[test]
fn full_mode() {
    snapshot("news_article.html", &ExtractMode::Full);
    snapshot("listing_index.html", &ExtractMode::Full);
}

#[test]
fn metadata_mode() {
    snapshot("news_article.html", &ExtractMode::Metadata);
    snapshot("jsonld_only.html", &ExtractMode::Metadata);
    snapshot("windows1251_news.html", &ExtractMode::Metadata);
}

#[test]
fn custom_mode() {
    snapshot("forum_thread.html", &custom(&[".message-content"]));
    snapshot(
        "docs_with_code.html",
        &custom(&["table.docutils", "pre > code.language-rust"]),
    );
}
