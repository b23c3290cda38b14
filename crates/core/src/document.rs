//! The extracted-content record: what every extractor returns and every front prints.

use serde::{Deserialize, Serialize};

/// Clean content and metadata extracted from one HTML page.
///
/// Field names match the `extracted-content` record of `wit/extractor.wit` in
/// snake_case; this is the record `riptide extract --format jsonl` writes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The page URL (given by the caller or found as `<link rel=canonical>`).
    pub url: Option<String>,
    /// The article title, without the site-name suffix.
    pub title: Option<String>,
    /// The author(s), as displayed.
    pub byline: Option<String>,
    /// Publication date as ISO 8601 (`2024-05-01` or `2024-05-01T10:00:00+02:00`).
    pub published_iso: Option<String>,
    /// The main content as Markdown.
    pub markdown: String,
    /// The main content as plain text, paragraphs separated by blank lines.
    pub text: String,
    /// Hyperlinks found in the main content, absolute when a base URL is known.
    pub links: Vec<Link>,
    /// Images, videos and audio found in the main content.
    pub media: Vec<Media>,
    /// Language as a BCP 47 tag (`en`, `pt-BR`).
    pub language: Option<String>,
    /// Estimated reading time in minutes (at 230 words per minute, at least 1 when there is text).
    pub reading_time: u32,
    /// Confidence, 0-100, that the main content is a real article.
    pub quality_score: u8,
    /// Number of words in `text`.
    pub word_count: u32,
    /// Categories, sections and tags the page declares.
    pub categories: Vec<String>,
    /// The name of the site (publisher).
    pub site_name: Option<String>,
    /// A short summary: the page's declared description, else its first paragraph.
    pub description: Option<String>,
}

/// A hyperlink inside the extracted content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// Target URL, resolved against the page URL when one is known.
    pub url: String,
    /// The anchor text, whitespace-normalised.
    pub text: String,
}

/// What kind of media an element embeds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// `<img>` or `<picture>`.
    #[default]
    Image,
    /// `<video>` or an embedded player.
    Video,
    /// `<audio>`.
    Audio,
}

/// An image, video or audio element inside the extracted content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Media {
    /// What the element embeds.
    pub kind: MediaKind,
    /// Source URL, resolved against the page URL when one is known.
    pub url: String,
    /// Alternative text or caption, if any.
    pub alt: Option<String>,
}
