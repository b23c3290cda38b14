//! Page metadata: title, byline, date, language, site name, description and
//! categories, from the most trusted source that has each field.
//!
//! Sources, in order of trust: JSON-LD ([`jsonld`]), `<meta>` tags
//! (OpenGraph, Twitter cards, Dublin Core, Parse.ly: [`meta_tags`]), the
//! cleaned `<title>` ([`title`]), visible bylines ([`byline`]), microdata
//! and `<time>` dates. The core fields follow Mozilla Readability.js's
//! choices, the de-facto reference for reader views, so that riptide agrees
//! with it on the pages both handle; the extra fields (language, categories,
//! dates under other conventions) come from the same single scan
//! ([`scan`]). Values are normalised: dates to ISO 8601 ([`date`]), languages
//! to BCP 47 ([`language`]), entities decoded, whitespace collapsed.
//!
//! [`extract`] runs before the content is known (its title helps the article
//! finder drop the repeated headline); [`assemble`] completes the document
//! from the rendered content: description fallback, language detection,
//! word count, reading time and [`quality`] score.

mod byline;
mod date;
mod excerpt;
mod jsonld;
mod language;
mod meta_tags;
mod quality;
mod scan;
mod text;
mod title;

pub(crate) use byline::marks_byline;

use riptide_core::{Document, ExtractMode};
use scraper::Html;
use url::Url;

use crate::render::Rendered;
use crate::whitespace::count_words;

/// Metadata found in the page markup, before the content is known.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Metadata {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published_iso: Option<String>,
    /// The declared language; detection from the text happens in [`assemble`].
    pub language: Option<String>,
    pub site_name: Option<String>,
    pub description: Option<String>,
    pub categories: Vec<String>,
    pub canonical_url: Option<String>,
    /// The page says it is an article (og:type, JSON-LD type, `<article>`,
    /// `itemprop=articleBody`).
    pub declares_article: bool,
    /// The page says it is a recipe (a JSON-LD `Recipe`, microdata
    /// ingredients).
    pub declares_recipe: bool,
    /// Visible paragraph text, for language detection when no content is rendered.
    pub text_sample: String,
}

/// Date strings tried before giving up (each is parsed until one is a date).
const MAX_DATE_CANDIDATES: usize = 16;

/// Most categories kept: beyond this, tag lists are keyword stuffing.
const MAX_CATEGORIES: usize = 20;

/// Reads the metadata the page declares.
pub(crate) fn extract(html: &Html, page_url: Option<&Url>) -> Metadata {
    let scan = scan::scan(html);
    let document_title = scan
        .title
        .as_deref()
        .map(title::document_title)
        .unwrap_or_default();
    let cleaned_title = title::clean_title(&document_title, &scan.headings);
    let (primary, collected) = jsonld::read(&scan.jsonld, &cleaned_title);
    let primary = primary.unwrap_or_default();
    let tags = meta_tags::read(&scan.metas);

    let title = primary.title.or(tags.title).or(Some(cleaned_title));
    let byline = (primary.byline.or(tags.byline))
        .or(scan.byline)
        .or(scan.byline_loose)
        .or(collected.byline)
        .or(scan.byline_in_chrome);
    let description = primary.description.or(tags.description);
    let site_name = primary.site_name.or(tags.site_name).or(collected.site_name);
    // Readability's date sources first, then the other conventions.
    let date_candidates = [primary.published, tags.published, collected.published]
        .into_iter()
        .flatten()
        .chain(tags.other_dates)
        .chain(scan.marked_date)
        .chain(scan.article_time);
    let published_iso = date_candidates
        .take(MAX_DATE_CANDIDATES)
        .find_map(|raw| date::normalize(&text::unescape_entities(&raw)));
    let language = scan
        .html_lang
        .as_deref()
        .and_then(language::normalize_tag)
        .or(tags.language)
        .or(collected.language);
    let mut categories = collected.categories;
    categories.extend(tags.categories);
    if categories.is_empty() {
        categories = tags.keywords;
    }
    Metadata {
        title: title.as_deref().and_then(finish),
        byline: byline.as_deref().and_then(finish),
        published_iso,
        language,
        site_name: site_name.as_deref().and_then(finish),
        description: description.as_deref().and_then(finish),
        categories: dedupe(categories),
        canonical_url: scan.canonical.and_then(|href| absolute(&href, page_url)),
        declares_article: tags.declares_article
            || collected.has_article
            || (scan.article_elements == 1 || scan.has_article_body),
        declares_recipe: collected.has_recipe || scan.has_ingredient,
        text_sample: scan.text_sample,
    }
}

/// Decodes leftover entities and collapses whitespace; empty becomes `None`.
fn finish(raw: &str) -> Option<String> {
    text::clean(&text::unescape_entities(raw))
}

/// Trimmed, entity-decoded, case-insensitively unique, at most [`MAX_CATEGORIES`].
fn dedupe(terms: Vec<String>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for term in terms {
        let Some(term) = finish(&term) else { continue };
        let key = term.to_lowercase();
        if !seen.contains(&key) {
            seen.push(key);
            out.push(term);
        }
        if out.len() == MAX_CATEGORIES {
            break;
        }
    }
    out
}

/// `href` made absolute against the page URL when it is relative.
fn absolute(href: &str, page_url: Option<&Url>) -> Option<String> {
    if href.is_empty() {
        return None;
    }
    match page_url {
        Some(base) => base.join(href).ok().map(String::from),
        None => Url::parse(href).ok().map(String::from),
    }
}

/// Words per minute used for `reading_time`.
const WORDS_PER_MINUTE: u32 = 230;

/// Combines metadata and rendered content into the final document, deriving
/// the computed fields: the description falls back to the first paragraph,
/// the language to detection from the text (the rendered text, or in
/// metadata mode the paragraph sample), and word count, reading time and
/// quality score are measured on the content.
pub(crate) fn assemble(
    meta: Metadata,
    content: Rendered,
    page_url: Option<&str>,
    _mode: &ExtractMode,
) -> Document {
    let word_count = count_words(&content.text);
    let reading_time = word_count.div_ceil(WORDS_PER_MINUTE);
    let description = meta
        .description
        .or_else(|| excerpt::first_paragraph(&content.markdown, &content.text));
    let language = meta.language.or_else(|| {
        let sample = if content.text.is_empty() {
            &meta.text_sample
        } else {
            &content.text
        };
        language::detect(sample)
    });
    let evidence = quality::Evidence {
        words: word_count,
        long_paragraphs: long_paragraphs(&content.text),
        link_chars: content.links.iter().map(|l| l.text.chars().count()).sum(),
        text_chars: content.text.chars().count(),
        declares_article: meta.declares_article,
        has_byline: meta.byline.is_some(),
        has_date: meta.published_iso.is_some(),
        has_title: meta.title.is_some(),
    };
    Document {
        url: page_url.map(str::to_owned).or(meta.canonical_url),
        title: meta.title,
        byline: meta.byline,
        published_iso: meta.published_iso,
        markdown: content.markdown,
        text: content.text,
        links: content.links,
        media: content.media,
        language,
        reading_time,
        quality_score: quality::score(&evidence),
        word_count,
        categories: meta.categories,
        site_name: meta.site_name,
        description,
    }
}

/// Paragraphs of the text with at least [`quality::LONG_PARAGRAPH_WORDS`] words.
fn long_paragraphs(text: &str) -> u32 {
    let count = text::split_blocks(text)
        .filter(|p| count_words(p) >= quality::LONG_PARAGRAPH_WORDS)
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_from_jsonld_only() {
        let html = Html::parse_document(
            r#"<html><head><title>Ignored - Site</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
            "headline":"The headline","author":{"@type":"Person","name":"Ann Lee"},
            "datePublished":"2021-03-05T10:00:00+01:00","publisher":{"name":"Daily"},
            "description":"A summary.","articleSection":"World","keywords":["a","World"],
            "inLanguage":"fr-FR"}</script></head><body><p>Text</p></body></html>"#,
        );
        let meta = extract(&html, None);
        assert_eq!(meta.title.as_deref(), Some("The headline"));
        assert_eq!(meta.byline.as_deref(), Some("Ann Lee"));
        assert_eq!(
            meta.published_iso.as_deref(),
            Some("2021-03-05T10:00:00+01:00")
        );
        assert_eq!(meta.site_name.as_deref(), Some("Daily"));
        assert_eq!(meta.description.as_deref(), Some("A summary."));
        assert_eq!(meta.language.as_deref(), Some("fr-FR"));
        assert_eq!(meta.categories, ["World", "a"]);
        assert!(meta.declares_article);
    }

    #[test]
    fn metadata_from_meta_tags_and_markup() {
        let html = Html::parse_document(
            r#"<html lang="en_us"><head><title>A fine headline for this page | Example</title>
            <meta property="og:site_name" content="Example">
            <meta name="description" content="Tom &amp;amp; Jerry">
            <meta property="article:published_time" content="Thu, 05 Apr 2018 06:00:00 +0000">
            <link rel="canonical" href="/a"></head>
            <body><p class="byline">By Sam</p><p>Body</p></body></html>"#,
        );
        let url = Url::parse("https://example.org/x").unwrap();
        let meta = extract(&html, Some(&url));
        assert_eq!(meta.title.as_deref(), Some("A fine headline for this page"));
        assert_eq!(meta.byline.as_deref(), Some("By Sam"));
        assert_eq!(meta.description.as_deref(), Some("Tom & Jerry"));
        assert_eq!(meta.published_iso.as_deref(), Some("2018-04-05T06:00:00Z"));
        assert_eq!(meta.language.as_deref(), Some("en-US"));
        assert_eq!(meta.canonical_url.as_deref(), Some("https://example.org/a"));
    }

    #[test]
    fn assemble_derives_the_computed_fields() {
        let meta = Metadata {
            title: Some("T".to_owned()),
            ..Metadata::default()
        };
        let paragraph = "This is a sentence of the article that goes on for a while. ".repeat(5);
        let text = format!("Heading\n\n{paragraph}\n\n{paragraph}");
        let markdown = format!("# Heading\n\n{paragraph}\n\n{paragraph}");
        let content = Rendered {
            markdown,
            text,
            ..Rendered::default()
        };
        let doc = assemble(meta, content, None, &ExtractMode::Article);
        assert_eq!(doc.word_count, 131);
        assert_eq!(doc.reading_time, 1);
        assert_eq!(doc.language.as_deref(), Some("en"));
        assert_eq!(doc.description.as_deref(), Some(paragraph.trim()));
        assert!(
            doc.quality_score > 10 && doc.quality_score < 60,
            "{}",
            doc.quality_score
        );
    }
}
