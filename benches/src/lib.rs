//! Shared pieces of riptide's benchmarks: loading a corpus of pages and
//! extracting it on one thread.
//!
//! Two entry points use it:
//! - `cargo bench -p riptide-benches --bench extract`: criterion groups
//!   `extract/native` over the hand-written fixtures of
//!   `crates/extraction/tests/fixtures` (always present), plus
//!   `extract/native-eval` over a sample of `../shared/eval/trafilatura/html`
//!   when that directory exists next to the repository (skipped otherwise);
//! - `cargo run --release -p riptide-benches --bin throughput -- DIR`: pages per
//!   second and MB per second over every page of a directory, single-threaded.
//!
//! ```
//! let pages = riptide_benches::fixture_pages();
//! assert!(pages.len() >= 9);
//! let stats = riptide_benches::extract_all(&pages, &riptide_core::ExtractMode::Article);
//! assert_eq!(stats.pages, pages.len());
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use riptide_core::ExtractMode;
use riptide_extraction::{ExtractOptions, extract_bytes};

/// One page of a corpus: its name and raw bytes.
#[derive(Debug, Clone)]
pub struct Page {
    /// File name relative to the corpus directory.
    pub name: String,
    /// The page's bytes as stored (decoding is part of what is measured).
    pub bytes: Vec<u8>,
}

/// Totals of one pass over a corpus.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PassStats {
    /// Pages processed.
    pub pages: usize,
    /// Pages that ended with an extraction error.
    pub failed: usize,
    /// Input bytes processed.
    pub bytes: usize,
    /// Words extracted in total (a checksum that keeps the work observable).
    pub words: u64,
}

/// The extraction fixtures shipped in the repository.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/extraction/tests/fixtures")
}

/// The snippet evaluation set, when it is present next to the repository.
pub fn eval_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/eval/trafilatura/html");
    dir.is_dir().then_some(dir)
}

/// The repository's fixture pages.
pub fn fixture_pages() -> Vec<Page> {
    load_dir(&fixtures_dir()).expect("reading crates/extraction/tests/fixtures")
}

/// Every `*.html` / `*.htm` file under `dir`, recursively, sorted by path.
pub fn load_dir(dir: &Path) -> std::io::Result<Vec<Page>> {
    let mut paths = Vec::new();
    collect(dir, &mut paths)?;
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .display()
                .to_string();
            fs::read(&path).map(|bytes| Page { name, bytes })
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Decodes and extracts one page with default options, as `riptide extract` does.
pub fn extract_page(
    page: &Page,
    mode: &ExtractMode,
) -> Result<riptide_core::Document, riptide_core::ExtractError> {
    extract_bytes(&page.bytes, None, None, mode, &ExtractOptions::default())
}

/// Extracts every page once, in order, on the calling thread.
pub fn extract_all(pages: &[Page], mode: &ExtractMode) -> PassStats {
    let mut stats = PassStats::default();
    for page in pages {
        stats.pages += 1;
        stats.bytes += page.bytes.len();
        match extract_page(page, mode) {
            Ok(doc) => stats.words += u64::from(doc.word_count),
            Err(_) => stats.failed += 1,
        }
    }
    stats
}
