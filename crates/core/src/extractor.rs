//! The extraction seam: one trait that the native engine, the sandbox and any
//! combinator (fallback, circuit breaker) implement alike.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Document, ExtractError, PageLinks};

/// What part of the page to extract.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtractMode {
    /// The main content, as a careful reader would find it, plus metadata.
    #[default]
    Article,
    /// All visible text of the page (scripts, styles and hidden elements dropped).
    Full,
    /// Metadata only; `text` and `markdown` stay empty.
    Metadata,
    /// The content under these CSS selectors, in document order.
    Custom(Vec<String>),
}

impl ExtractMode {
    /// The mode's name as written on the command line and in the WIT contract.
    pub fn name(&self) -> &'static str {
        match self {
            ExtractMode::Article => "article",
            ExtractMode::Full => "full",
            ExtractMode::Metadata => "metadata",
            ExtractMode::Custom(_) => "custom",
        }
    }
}

/// The error for a mode name that is not one of `article`, `full`, `metadata`, `custom`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown extraction mode {0:?}: expected article, full, metadata or custom")]
pub struct ParseModeError(String);

impl FromStr for ExtractMode {
    type Err = ParseModeError;

    /// Parses a mode name; `custom` parses with no selectors (the caller adds them).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "article" => Ok(ExtractMode::Article),
            "full" => Ok(ExtractMode::Full),
            "metadata" => Ok(ExtractMode::Metadata),
            "custom" => Ok(ExtractMode::Custom(Vec::new())),
            other => Err(ParseModeError(other.to_owned())),
        }
    }
}

impl fmt::Display for ExtractMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One page handed to an [`Extractor`]: already decoded to text.
///
/// Decoding bytes is [`crate::charset::decode_html`]'s job, done by whoever
/// holds the bytes, so that every extractor sees the same string.
#[derive(Debug, Clone, Copy)]
pub struct ExtractInput<'a> {
    /// The page's markup.
    pub html: &'a str,
    /// The page's URL, used to resolve relative links and as a metadata fallback.
    pub url: Option<&'a str>,
    /// What to extract.
    pub mode: &'a ExtractMode,
}

/// Anything that turns a page into a [`Document`].
///
/// Implementations must be safe to share between threads: the CLI and the API
/// call one extractor from many workers at once.
pub trait Extractor: Send + Sync {
    /// Extracts one page.
    fn extract(&self, input: &ExtractInput<'_>) -> Result<Document, ExtractError>;

    /// Extracts one page and, when the extractor can, also reads the page's
    /// [`PageLinks`] (every link, not just the main content's) from the same
    /// parse: a crawler needs both, and reading the page twice cost a crawl
    /// of small pages ~7% of its CPU. `None` when the extractor cannot (the
    /// default, and the sandbox, whose contract returns the document alone),
    /// or when the page has no URL to resolve links against; the crawler
    /// then reads the links itself.
    fn extract_with_links(
        &self,
        input: &ExtractInput<'_>,
    ) -> (Result<Document, ExtractError>, Option<PageLinks>) {
        (self.extract(input), None)
    }
}

impl<E: Extractor + ?Sized> Extractor for std::sync::Arc<E> {
    fn extract(&self, input: &ExtractInput<'_>) -> Result<Document, ExtractError> {
        (**self).extract(input)
    }

    fn extract_with_links(
        &self,
        input: &ExtractInput<'_>,
    ) -> (Result<Document, ExtractError>, Option<PageLinks>) {
        (**self).extract_with_links(input)
    }
}

impl<E: Extractor + ?Sized> Extractor for Box<E> {
    fn extract(&self, input: &ExtractInput<'_>) -> Result<Document, ExtractError> {
        (**self).extract(input)
    }

    fn extract_with_links(
        &self,
        input: &ExtractInput<'_>,
    ) -> (Result<Document, ExtractError>, Option<PageLinks>) {
        (**self).extract_with_links(input)
    }
}
