//! Firecrawl's document: `markdown`, `html`, `rawHtml`, `links`, `images`
//! and `metadata` (`title`, `sourceURL`, `url`, `statusCode`, ...), built
//! from the extracted-content record.
//!
//! `html` is the main content's Markdown rendered to HTML (pulldown-cmark):
//! riptide's engine produces Markdown and text, not a cleaned DOM, so this is
//! the cleaned main content in HTML form rather than a filtered copy of the page.

use riptide_core::{Document, MediaKind};
use serde_json::{Map, Value, json};

use super::options::Format;

/// What the fetch said about a page.
#[derive(Debug, Clone, Copy)]
pub struct PageFacts<'a> {
    /// The URL asked for (`metadata.sourceURL`).
    pub source_url: &'a str,
    /// The URL the content came from after redirects (`metadata.url`).
    pub final_url: &'a str,
    /// The final HTTP status (`metadata.statusCode`).
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: Option<&'a str>,
    /// The decoded page, when `rawHtml` may be asked for.
    pub raw_html: Option<&'a str>,
}

/// The main content's Markdown as HTML.
pub fn markdown_to_html(markdown: &str) -> String {
    let mut html = String::with_capacity(markdown.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));
    html
}

/// The Firecrawl document for an extracted page, with the requested formats.
pub fn document(doc: &Document, facts: PageFacts<'_>, formats: &[Format]) -> Value {
    let mut out = Map::new();
    for format in formats {
        let (key, value) = match format {
            Format::Markdown => ("markdown", json!(doc.markdown)),
            Format::Html => ("html", json!(markdown_to_html(&doc.markdown))),
            Format::RawHtml => ("rawHtml", json!(facts.raw_html.unwrap_or_default())),
            Format::Links => (
                "links",
                json!(doc.links.iter().map(|l| l.url.as_str()).collect::<Vec<_>>()),
            ),
            Format::Images => (
                "images",
                json!(
                    doc.media
                        .iter()
                        .filter(|m| m.kind == MediaKind::Image)
                        .map(|m| m.url.as_str())
                        .collect::<Vec<_>>()
                ),
            ),
        };
        out.insert(key.into(), value);
    }
    out.insert("metadata".into(), metadata(Some(doc), facts, None));
    Value::Object(out)
}

/// `metadata`; `error` describes a page that failed.
pub fn metadata(doc: Option<&Document>, facts: PageFacts<'_>, error: Option<&str>) -> Value {
    let mut meta = Map::new();
    let mut put = |key: &str, value: Option<&str>| {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            meta.insert(key.into(), json!(value));
        }
    };
    if let Some(doc) = doc {
        put("title", doc.title.as_deref());
        put("description", doc.description.as_deref());
        put("language", doc.language.as_deref());
        put("author", doc.byline.as_deref());
        put("publishedTime", doc.published_iso.as_deref());
        put("ogSiteName", doc.site_name.as_deref());
        let keywords = doc.categories.join(", ");
        put("keywords", Some(&keywords));
    }
    put("sourceURL", Some(facts.source_url));
    put("url", Some(facts.final_url));
    put("contentType", facts.content_type);
    put("error", error);
    meta.insert("statusCode".into(), json!(facts.status));
    Value::Object(meta)
}

#[cfg(test)]
mod tests {
    use riptide_core::{Link, Media};

    use super::*;

    #[test]
    fn formats_and_metadata() {
        let doc = Document {
            title: Some("T".into()),
            markdown: "# T\n\nHello *world*".into(),
            links: vec![Link {
                url: "https://e.com/a".into(),
                text: "a".into(),
            }],
            media: vec![Media {
                kind: MediaKind::Image,
                url: "https://e.com/i.png".into(),
                alt: None,
            }],
            ..Document::default()
        };
        let facts = PageFacts {
            source_url: "http://e.com",
            final_url: "https://e.com/",
            status: 200,
            content_type: Some("text/html"),
            raw_html: Some("<html>raw</html>"),
        };
        let all = [
            Format::Markdown,
            Format::Html,
            Format::RawHtml,
            Format::Links,
            Format::Images,
        ];
        let out = document(&doc, facts, &all);
        assert_eq!(out["markdown"], "# T\n\nHello *world*");
        assert_eq!(out["html"], "<h1>T</h1>\n<p>Hello <em>world</em></p>\n");
        assert_eq!(out["rawHtml"], "<html>raw</html>");
        assert_eq!(out["links"], json!(["https://e.com/a"]));
        assert_eq!(out["images"], json!(["https://e.com/i.png"]));
        assert_eq!(out["metadata"]["sourceURL"], "http://e.com");
        assert_eq!(out["metadata"]["url"], "https://e.com/");
        assert_eq!(out["metadata"]["statusCode"], 200);
        assert_eq!(out["metadata"]["title"], "T");
        let only_markdown = document(&doc, facts, &[Format::Markdown]);
        assert!(only_markdown.get("html").is_none());
    }
}
