//! The exported functions: each one forwards to `riptide_extraction`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use riptide_core::{ExtractInput, ExtractMode};
use riptide_extraction::{ExtractOptions, extract_with_stats};

use crate::bindings::Guest;
use crate::bindings::riptide::extractor::types::{
    ComponentInfo, ExtractedContent, ExtractionError, ExtractionMode, ExtractionStats, HealthStatus,
};
use crate::convert::{content_to_wit, error_to_wit, mode_from_wit};

/// Extractions run by this instance (the host uses a fresh instance per
/// document, so this mostly answers "did this instance work at all").
static EXTRACTIONS: AtomicU64 = AtomicU64::new(0);

/// A page the health check must extract, with the title it must find.
const PROBE_PAGE: &str = "<html><head><title>Probe</title></head><body><article><h1>Probe</h1>\
    <p>The sandboxed extraction engine answers health checks by extracting this page.</p>\
    </article></body></html>";

/// The modes every build supports, in the order `get-modes` lists them.
const MODES: [&str; 4] = ["article", "full", "metadata", "custom"];

/// The type the generated bindings export.
pub struct Component;

impl Guest for Component {
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
        mode: ExtractionMode,
    ) -> Result<(ExtractedContent, ExtractionStats), ExtractionError> {
        let started = Instant::now();
        let mode = mode_from_wit(mode);
        let input = ExtractInput {
            html: &html,
            url: url.as_deref(),
            mode: &mode,
        };
        let result = extract_with_stats(&input, &ExtractOptions::default());
        EXTRACTIONS.fetch_add(1, Ordering::Relaxed);
        let (document, stats) = result.map_err(|err| error_to_wit(&err))?;
        let stats = ExtractionStats {
            processing_time_us: u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
            memory_used_bytes: memory_bytes(),
            nodes_processed: stats.nodes_processed,
            links_found: stats.links_found,
            images_found: stats.images_found,
        };
        Ok((content_to_wit(document), stats))
    }

    /// Validation runs the metadata path: the same pre-parse checks (size,
    /// binary data, nesting depth) and the parser, without rendering content.
    fn validate_html(html: String) -> Result<(), ExtractionError> {
        let input = ExtractInput {
            html: &html,
            url: None,
            mode: &ExtractMode::Metadata,
        };
        riptide_extraction::extract(&input, &ExtractOptions::default())
            .map(drop)
            .map_err(|err| error_to_wit(&err))
    }

    fn health_check() -> HealthStatus {
        let input = ExtractInput {
            html: PROBE_PAGE,
            url: None,
            mode: &ExtractMode::Article,
        };
        let healthy = riptide_extraction::extract(&input, &ExtractOptions::default())
            .is_ok_and(|doc| doc.title.as_deref() == Some("Probe") && doc.word_count > 0);
        HealthStatus {
            status: if healthy { "ok" } else { "degraded" }.to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            extraction_count: EXTRACTIONS.load(Ordering::Relaxed),
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
        MODES.iter().map(|&mode| mode.to_owned()).collect()
    }
}

/// The size of linear memory 0: the peak, since Rust's allocator never shrinks it.
#[cfg(target_arch = "wasm32")]
fn memory_bytes() -> u64 {
    core::arch::wasm32::memory_size(0) as u64 * 65_536
}

/// Natively there is no linear memory to measure.
#[cfg(not(target_arch = "wasm32"))]
fn memory_bytes() -> u64 {
    0
}
