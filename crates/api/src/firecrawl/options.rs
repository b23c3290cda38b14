//! Firecrawl's scrape options (`formats`, `onlyMainContent`, `includeTags`,
//! `excludeTags`, `timeout`) and what riptide makes of them.

use std::time::Duration;

use riptide_core::ExtractMode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppError;

/// Scrape options shared by scrape, crawl (`scrapeOptions`) and batch scrape.
/// (Unknown keys are refused before deserialisation, by the key policy.)
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScrapeOptions {
    /// Output formats: `markdown` (default), `html` (the main content's
    /// Markdown rendered to HTML), `rawHtml` (the fetched page, decoded),
    /// `links`, `images`. v2 also accepts `{"type": "markdown"}` objects.
    #[schema(value_type = Option<Vec<Object>>)]
    pub formats: Option<Vec<FormatSpec>>,
    /// `true` (default): the main content only; `false`: all visible text.
    pub only_main_content: Option<bool>,
    /// CSS selectors: extract only what they select.
    pub include_tags: Option<Vec<String>>,
    /// CSS selectors: elements removed before extraction (scrape only).
    pub exclude_tags: Option<Vec<String>>,
    /// Deadline for fetching and extracting one page, in milliseconds.
    pub timeout: Option<u64>,
}

/// A format as v1 (`"markdown"`) or v2 (`{"type": "markdown"}`) writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum FormatSpec {
    /// A bare name.
    Name(String),
    /// An object with a `type` (other keys belong to formats riptide refuses).
    Object {
        /// The format's name.
        #[serde(rename = "type")]
        kind: String,
    },
}

/// An output format riptide produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Format {
    /// The main content as Markdown.
    Markdown,
    /// The main content's Markdown rendered as HTML.
    Html,
    /// The fetched page, decoded to text.
    RawHtml,
    /// Links in the content.
    Links,
    /// Image URLs in the content.
    Images,
}

/// What to produce for each page: formats and the extraction mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// Fields of each document.
    pub formats: Vec<Format>,
    /// What the engine extracts.
    pub mode: ExtractMode,
    /// `excludeTags`: CSS selectors of elements removed before extraction.
    #[serde(default)]
    pub exclude: Vec<String>,
}

impl ScrapeOptions {
    /// The output these options ask for, or why riptide cannot produce it.
    pub fn output(&self) -> Result<Output, AppError> {
        let formats = match &self.formats {
            None => vec![Format::Markdown],
            Some(specs) => specs.iter().map(parse_format).collect::<Result<_, _>>()?,
        };
        let exclude = self.exclude_tags.clone().unwrap_or_default();
        super::exclusions(&exclude)?;
        let mode = match &self.include_tags {
            Some(tags) if !tags.is_empty() => ExtractMode::Custom(tags.clone()),
            _ if self.only_main_content == Some(false) => ExtractMode::Full,
            _ => ExtractMode::Article,
        };
        Ok(Output {
            formats,
            mode,
            exclude,
        })
    }

    /// The requested deadline, if any (Firecrawl's minimum is one second).
    pub fn timeout(&self) -> Result<Option<Duration>, AppError> {
        match self.timeout {
            Some(ms) if ms < 1000 => Err(AppError::BadRequest(
                "timeout must be at least 1000 ms".into(),
            )),
            other => Ok(other.map(Duration::from_millis)),
        }
    }
}

fn parse_format(spec: &FormatSpec) -> Result<Format, AppError> {
    let name = match spec {
        FormatSpec::Name(name) | FormatSpec::Object { kind: name } => name.as_str(),
    };
    Ok(match name {
        "markdown" => Format::Markdown,
        "html" => Format::Html,
        "rawHtml" => Format::RawHtml,
        "links" => Format::Links,
        "images" => Format::Images,
        other => {
            return Err(AppError::Unsupported(format!(
                "format `{other}` is not supported by riptide (supported: markdown, html, rawHtml, links, images)"
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(json: &str) -> ScrapeOptions {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn formats_and_modes() {
        let out = options("{}").output().unwrap();
        assert_eq!(
            out,
            Output {
                formats: vec![Format::Markdown],
                mode: ExtractMode::Article,
                exclude: Vec::new(),
            }
        );
        let out = options(r#"{"formats":["html",{"type":"links"}],"onlyMainContent":false}"#)
            .output()
            .unwrap();
        assert_eq!(out.formats, [Format::Html, Format::Links]);
        assert_eq!(out.mode, ExtractMode::Full);
        let out = options(r#"{"includeTags":["main"]}"#).output().unwrap();
        assert_eq!(out.mode, ExtractMode::Custom(vec!["main".into()]));
    }

    #[test]
    fn unsupported_requests_are_refused() {
        assert!(matches!(
            options(r#"{"formats":["screenshot"]}"#).output(),
            Err(AppError::Unsupported(m)) if m.contains("screenshot")
        ));
        assert_eq!(
            options(r#"{"excludeTags":["nav"]}"#)
                .output()
                .unwrap()
                .exclude,
            ["nav"]
        );
        assert!(options(r#"{"excludeTags":[]}"#).output().is_ok());
        assert!(options(r#"{"timeout":10}"#).timeout().is_err());
    }
}
