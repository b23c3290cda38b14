//! Page metadata: title, byline, date, language, site name, description and
//! categories, from the most trusted source that has each field.

use riptide_core::{Document, ExtractMode};
use scraper::Html;
use url::Url;

use crate::render::Rendered;

/// Metadata found in the page markup, before the content is known.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Metadata {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published_iso: Option<String>,
    pub language: Option<String>,
    pub site_name: Option<String>,
    pub description: Option<String>,
    pub categories: Vec<String>,
    pub canonical_url: Option<String>,
}

/// Reads the metadata the page declares.
pub(crate) fn extract(html: &Html, _page_url: Option<&Url>) -> Metadata {
    let root = html.root_element();
    let title = root
        .descendent_elements()
        .find(|e| e.value().name() == "title")
        .map(|e| crate::dom::squash_whitespace(&e.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    let language = root.value().attr("lang").map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned);
    Metadata {
        title,
        language,
        ..Metadata::default()
    }
}

/// Words per minute used for `reading_time`.
const WORDS_PER_MINUTE: u32 = 230;

/// Combines metadata and rendered content into the final document, deriving
/// the computed fields.
pub(crate) fn assemble(meta: Metadata, content: Rendered, page_url: Option<&str>, _mode: &ExtractMode) -> Document {
    let word_count = u32::try_from(content.text.split_whitespace().count()).unwrap_or(u32::MAX);
    let reading_time = word_count.div_ceil(WORDS_PER_MINUTE);
    Document {
        url: page_url.map(str::to_owned).or(meta.canonical_url),
        title: meta.title,
        byline: meta.byline,
        published_iso: meta.published_iso,
        markdown: content.markdown,
        text: content.text,
        links: content.links,
        media: content.media,
        language: meta.language,
        reading_time,
        quality_score: 0,
        word_count,
        categories: meta.categories,
        site_name: meta.site_name,
        description: meta.description,
    }
}
