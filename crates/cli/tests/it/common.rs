//! Shared helpers: the binary, fixture paths and JSON Lines parsing.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

/// `riptide extract` with the progress bar off.
pub fn extract_cmd() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("riptide");
    cmd.arg("extract").arg("--no-progress");
    cmd
}

/// The `riptide` binary with no arguments yet.
pub fn riptide() -> Command {
    assert_cmd::cargo::cargo_bin_cmd!("riptide")
}

/// Path of an extraction fixture, as a string argument.
pub fn fixture(name: &str) -> String {
    fixtures_dir().join(name).display().to_string()
}

/// The extraction crate's fixture directory.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../extraction/tests/fixtures")
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Parses JSON Lines output, one record per line.
pub fn records(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .expect("output is UTF-8")
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|err| panic!("bad JSON line {line:?}: {err}"))
        })
        .collect()
}

/// The `source` of each record.
pub fn sources(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["source"].as_str().expect("source is a string").to_owned())
        .collect()
}

/// A small valid page with a recognisable paragraph.
pub fn small_page(marker: &str) -> String {
    format!(
        "<html><head><title>{marker}</title></head><body><article><h1>{marker}</h1>\
         <p>The paragraph of the page called {marker}, long enough to be the main content of it.</p>\
         </article></body></html>"
    )
}

/// The fields every extracted record carries (`source` plus the Document).
pub const RECORD_FIELDS: &[&str] = &[
    "source",
    "url",
    "title",
    "byline",
    "published_iso",
    "markdown",
    "text",
    "links",
    "media",
    "language",
    "reading_time",
    "quality_score",
    "word_count",
    "categories",
    "site_name",
    "description",
];
