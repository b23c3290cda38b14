//! riptide's extraction engine: HTML in, clean text, Markdown and metadata out.
//!
//! The engine is pure and deterministic: no I/O, no async, no global state. The
//! same code runs natively and inside the `wasm32-wasip2` guest component, so
//! sandboxed and native extraction give identical results.
//!
//! ```
//! use riptide_core::{ExtractInput, ExtractMode};
//! use riptide_extraction::{extract, ExtractOptions};
//!
//! let html = "<html><head><title>Hello</title></head><body><article><h1>Hello</h1>\
//!             <p>This is the first paragraph of a tiny article, long enough to count.</p>\
//!             </article></body></html>";
//! let input = ExtractInput { html, url: None, mode: &ExtractMode::Article };
//! let doc = extract(&input, &ExtractOptions::default()).unwrap();
//! assert_eq!(doc.title.as_deref(), Some("Hello"));
//! assert!(doc.text.contains("first paragraph"));
//! ```

mod article;
mod dom;
mod guard;
mod metadata;
mod render;
mod whitespace;
mod words;

use std::borrow::Cow;

use riptide_core::{
    Document, ExtractError, ExtractInput, ExtractMode, Extractor, PageLinks, markup,
};
use scraper::{Html, Selector};
use url::Url;

pub use riptide_core::charset::decode_html;

/// Limits and knobs for one extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtractOptions {
    /// Inputs longer than this many bytes are refused before parsing.
    pub max_input_bytes: usize,
    /// Markup nested deeper than this is refused before parsing (the parser is
    /// quadratic in nesting depth).
    pub max_depth: usize,
}

impl Default for ExtractOptions {
    /// 32 MiB of markup (the largest real pages are a few MB) and 2,000 levels
    /// of nesting (real pages stay under 100; 2,000 parses in tens of milliseconds).
    fn default() -> Self {
        Self {
            max_input_bytes: 32 * 1024 * 1024,
            max_depth: 2_000,
        }
    }
}

/// Counters describing one extraction, reported by `extract-with-stats`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExtractStats {
    /// Nodes in the parsed document tree.
    pub nodes_processed: u32,
    /// Links in the extracted content.
    pub links_found: u32,
    /// Images in the extracted content.
    pub images_found: u32,
}

/// Extracts one page.
pub fn extract(
    input: &ExtractInput<'_>,
    options: &ExtractOptions,
) -> Result<Document, ExtractError> {
    extract_with_stats(input, options).map(|(doc, _)| doc)
}

/// Extracts one page from raw bytes, decoding them first (see [`decode_html`]);
/// `content_type` is the HTTP `Content-Type` header value when known.
pub fn extract_bytes(
    bytes: &[u8],
    content_type: Option<&str>,
    url: Option<&str>,
    mode: &ExtractMode,
    options: &ExtractOptions,
) -> Result<Document, ExtractError> {
    if bytes.len() > options.max_input_bytes {
        return Err(ExtractError::InputTooLarge {
            size: bytes.len() as u64,
            limit: options.max_input_bytes as u64,
        });
    }
    let decoded = decode_html(bytes, content_type);
    extract(
        &ExtractInput {
            html: &decoded.text,
            url,
            mode,
        },
        options,
    )
}

/// Extracts one page and reports counters about the work done.
pub fn extract_with_stats(
    input: &ExtractInput<'_>,
    options: &ExtractOptions,
) -> Result<(Document, ExtractStats), ExtractError> {
    Ok(ParsedPage::parse(input, options)?.extract(input))
}

/// A page checked against the limits and parsed: what every extraction
/// mode reads, and what [`NativeExtractor`] also reads a crawler's
/// [`PageLinks`] from.
struct ParsedPage<'a> {
    /// The markup the parser saw (see [`markup::strip_unread`]).
    markup: Cow<'a, str>,
    html: Html,
    /// The user's selectors, in custom mode.
    selectors: Option<Vec<Selector>>,
    /// The page's URL, when it has a valid one.
    url: Option<Url>,
}

impl<'a> ParsedPage<'a> {
    fn parse(input: &ExtractInput<'a>, options: &ExtractOptions) -> Result<Self, ExtractError> {
        guard::check(input.html, options.max_input_bytes, options.max_depth)?;
        let selectors = match input.mode {
            ExtractMode::Custom(selectors) => Some(dom::parse_selectors(selectors)?),
            _ => None,
        };
        // A user's selectors may name any attribute; the engine's rules read
        // only the ones the prefilter keeps.
        let attributes = match selectors {
            Some(_) => markup::Attributes::All,
            None => markup::Attributes::Read,
        };
        let markup = markup::strip_unread(input.html, attributes);
        let html = Html::parse_document(&markup);
        Ok(Self {
            markup,
            html,
            selectors,
            url: input.url.and_then(|url| Url::parse(url).ok()),
        })
    }

    fn extract(&self, input: &ExtractInput<'_>) -> (Document, ExtractStats) {
        let html = &self.html;
        let nodes_processed = u32::try_from(html.tree.nodes().count()).unwrap_or(u32::MAX);
        let meta = metadata::extract(html, self.url.as_ref());
        let base = dom::base_url(html, self.url.as_ref());
        let nothing_removed = article::NodeSet::default();
        let content = match input.mode {
            ExtractMode::Metadata => render::Rendered::default(),
            ExtractMode::Full => render::render(
                html,
                &dom::visible_roots(html),
                &nothing_removed,
                base.as_ref(),
                false,
            ),
            ExtractMode::Custom(_) => {
                let roots = dom::select_all(html, self.selectors.as_deref().unwrap_or_default());
                render::render(html, &roots, &nothing_removed, base.as_ref(), false)
            }
            ExtractMode::Article => render_article(html, &self.markup, &meta, base.as_ref()),
        };
        let stats = ExtractStats {
            nodes_processed,
            links_found: u32::try_from(content.links.len()).unwrap_or(u32::MAX),
            images_found: u32::try_from(
                content
                    .media
                    .iter()
                    .filter(|m| m.kind == riptide_core::MediaKind::Image)
                    .count(),
            )
            .unwrap_or(u32::MAX),
        };
        let document = metadata::assemble(meta, content, input.url, input.mode);
        (document, stats)
    }
}

/// Finds and renders the main content. When the page yields too little and has
/// `<noscript>` blocks, it is read again as a browser without JavaScript shows
/// it, and the longer content wins.
fn render_article(
    html: &Html,
    page: &str,
    meta: &metadata::Metadata,
    base: Option<&Url>,
) -> render::Rendered {
    let content = article::main_content(html, meta);
    let has_noscript = || {
        html.root_element()
            .descendent_elements()
            .any(|e| e.value().name() == "noscript")
    };
    if content.chars < article::ENOUGH_CHARS && has_noscript() {
        let without_scripting = dom::parse_without_scripting(page);
        let retry = article::main_content(&without_scripting, meta);
        if retry.chars > content.chars {
            return render::render(&without_scripting, &retry.roots, &retry.removed, base, true);
        }
    }
    render::render(html, &content.roots, &content.removed, base, true)
}

/// The native extraction engine as an [`Extractor`].
#[derive(Debug, Clone, Copy, Default)]
pub struct NativeExtractor {
    /// Limits applied to every page.
    pub options: ExtractOptions,
}

impl Extractor for NativeExtractor {
    fn extract(&self, input: &ExtractInput<'_>) -> Result<Document, ExtractError> {
        extract(input, &self.options)
    }

    /// Reads the links from the tree the extraction parsed (a walk over its
    /// elements, where the crawler's own scan tokenizes the whole page again).
    fn extract_with_links(
        &self,
        input: &ExtractInput<'_>,
    ) -> (Result<Document, ExtractError>, Option<PageLinks>) {
        let page = match ParsedPage::parse(input, &self.options) {
            Ok(page) => page,
            Err(err) => return (Err(err), None),
        };
        let links = page
            .url
            .as_ref()
            .map(|url| dom::page_links(&page.html, url));
        (Ok(page.extract(input).0), links)
    }
}
