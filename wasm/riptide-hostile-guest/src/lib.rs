//! A hostile guest of riptide's `extractor` world, for tests only.
//!
//! `riptide-sandbox` builds it next to the real extractor (its build script),
//! and its integration tests load it to breach every limit on purpose with
//! code a page could never make the real engine run: a loop without end, an
//! allocation without end, a recursion without end, a panic. It never links
//! the extraction engine and is never embedded in the sandbox library.
//!
//! `extract` and `extract-with-stats` read the page as a command (`loop`,
//! `allocate`, `recurse`, `panic`); any other page is echoed back as the
//! document's text, so that the same host can show it still serves after a
//! breach.

/// The bindings `wit-bindgen` generates from `wit/extractor.wit`. Generated
/// glue is FFI by nature: the unsafe code it contains is confined here.
#[allow(
    unsafe_code,
    missing_docs,
    unused_qualifications,
    clippy::too_many_arguments
)]
mod bindings {
    wit_bindgen::generate!({
        world: "extractor",
        path: "../../wit",
    });

    use crate::Hostile;

    export!(Hostile with_types_in crate::bindings);
}

use std::hint::black_box;

use bindings::Guest;
use bindings::riptide::extractor::types::{
    ComponentInfo, ExtractedContent, ExtractionError, ExtractionMode, ExtractionStats, HealthStatus,
};

/// The misbehaviours, named by the page text that triggers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Command {
    /// `loop`: spins forever (fuel or the deadline must stop it).
    Loop,
    /// `allocate`: allocates and touches 1 MiB after 1 MiB, forever (the memory limit must stop it).
    Allocate,
    /// `recurse`: recurses forever (the stack cap must stop it).
    Recurse,
    /// `panic`: panics, which aborts the instance with a trap.
    Panic,
}

impl Command {
    /// The command a page asks for, if any.
    fn parse(page: &str) -> Option<Self> {
        match page.trim() {
            "loop" => Some(Self::Loop),
            "allocate" => Some(Self::Allocate),
            "recurse" => Some(Self::Recurse),
            "panic" => Some(Self::Panic),
            _ => None,
        }
    }

    /// Misbehaves; returns only if the host let it (which it must not).
    fn run(self) -> u64 {
        match self {
            Self::Loop => spin(),
            Self::Allocate => hoard(),
            Self::Recurse => recurse(black_box(0)),
            Self::Panic => panic!("the hostile guest panics on request"),
        }
    }
}

/// Counts forever; `black_box` keeps the loop from being optimised away.
fn spin() -> u64 {
    let mut count = 0u64;
    loop {
        count = black_box(count.wrapping_add(1));
        if black_box(false) {
            return count;
        }
    }
}

/// Keeps every megabyte it allocates, writing to each so it is really used.
fn hoard() -> u64 {
    let mut kept: Vec<Vec<u8>> = Vec::new();
    loop {
        kept.push(vec![black_box(1u8); 1 << 20]);
        if black_box(kept.len()) == 0 {
            return 0;
        }
    }
}

/// Recurses without end: the addition after the call keeps it from becoming a loop.
fn recurse(depth: u64) -> u64 {
    if black_box(depth) == u64::MAX {
        return depth;
    }
    black_box(recurse(depth + 1)).wrapping_add(1)
}

/// The type the generated bindings export.
struct Hostile;

impl Guest for Hostile {
    fn extract(
        html: String,
        url: Option<String>,
        mode: ExtractionMode,
    ) -> Result<ExtractedContent, ExtractionError> {
        Self::extract_with_stats(html, url, mode).map(|(content, _)| content)
    }

    fn extract_with_stats(
        html: String,
        url: Option<String>,
        _mode: ExtractionMode,
    ) -> Result<(ExtractedContent, ExtractionStats), ExtractionError> {
        if let Some(command) = Command::parse(&html) {
            let survived = command.run();
            return Err(ExtractionError::Internal(format!(
                "{command:?} returned {survived}"
            )));
        }
        let stats = ExtractionStats {
            processing_time_us: 0,
            memory_used_bytes: 0,
            nodes_processed: 0,
            links_found: 0,
            images_found: 0,
        };
        Ok((echo(html, url), stats))
    }

    fn validate_html(html: String) -> Result<(), ExtractionError> {
        match Command::parse(&html) {
            Some(command) => Err(ExtractionError::Internal(format!("{command:?}"))),
            None => Ok(()),
        }
    }

    fn health_check() -> HealthStatus {
        HealthStatus {
            status: "ok".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            extraction_count: 0,
        }
    }

    fn get_info() -> ComponentInfo {
        ComponentInfo {
            name: env!("CARGO_PKG_NAME").to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            description: env!("CARGO_PKG_DESCRIPTION").to_owned(),
            modes: Self::get_modes(),
        }
    }

    fn get_modes() -> Vec<String> {
        vec!["article".to_owned()]
    }
}

/// A document whose text is the page itself.
fn echo(html: String, url: Option<String>) -> ExtractedContent {
    ExtractedContent {
        url,
        title: None,
        byline: None,
        published_iso: None,
        markdown: html.clone(),
        text: html,
        links: Vec::new(),
        media: Vec::new(),
        language: None,
        reading_time: 0,
        quality_score: 0,
        word_count: 0,
        categories: Vec::new(),
        site_name: None,
        description: None,
    }
}
