//! Shared helpers: sandboxes with test-specific limits, and pages.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use riptide_core::{Document, ExtractError, ExtractInput, ExtractMode, Extractor};
use riptide_sandbox::{Sandbox, SandboxConfig};

/// One cache directory for the whole test binary, so each engine
/// configuration compiles the guest once.
pub fn cache_dir() -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temporary directory"))
        .path()
        .to_owned()
}

/// The default limits, cached in the test cache directory.
pub fn config() -> SandboxConfig {
    SandboxConfig {
        cache_dir: Some(cache_dir()),
        ..SandboxConfig::default()
    }
}

pub fn sandbox(config: SandboxConfig) -> Sandbox {
    Sandbox::new(config).expect("the guest component loads")
}

/// A sandbox with the default limits, shared by tests that do not change them.
pub fn shared() -> &'static Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX.get_or_init(|| sandbox(config()))
}

pub const ARTICLE: &str = "<html><head><title>Small article - Site</title>\
    <meta name=\"author\" content=\"Ada Lovelace\"></head><body><nav><a href=\"/\">Home</a></nav>\
    <article><h1>Small article</h1><p>The first paragraph says enough to be an article, \
    with a <a href=\"/more\">link</a> and an image.</p><img src=\"/a.png\" alt=\"A\">\
    <p>The second paragraph carries on for a while so the scorer has text to weigh.</p>\
    </article><footer>Copyright</footer></body></html>";

pub fn extract(
    extractor: &dyn Extractor,
    html: &str,
    mode: &ExtractMode,
) -> Result<Document, ExtractError> {
    extractor.extract(&ExtractInput {
        html,
        url: Some("https://example.com/post"),
        mode,
    })
}

/// Asserts that the host still serves an ordinary page after a breach.
pub fn assert_still_serves(sandbox: &Sandbox) {
    let doc =
        extract(sandbox, ARTICLE, &ExtractMode::Article).expect("a normal page after a breach");
    assert!(doc.text.contains("first paragraph"), "{doc:?}");
}

/// Dense markup, `bytes` long: many small elements, the costliest kind to parse.
pub fn dense_page(bytes: usize) -> String {
    const PARAGRAPH: &str = "<p>Lorem <a href=\"/x\">ipsum</a> dolor <b>sit</b> amet.</p>\n";
    let mut page = String::with_capacity(bytes + 200);
    page.push_str("<html><head><title>Dense</title></head><body><article>");
    while page.len() < bytes {
        page.push_str(PARAGRAPH);
    }
    page.push_str("</article></body></html>");
    page
}

/// The extraction engine's own fixture pages (crates/extraction/tests/fixtures).
pub fn fixtures() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../extraction/tests/fixtures");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .expect("extraction fixtures")
        .map(|entry| entry.expect("fixture entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "html"))
        .map(|path| {
            let bytes = std::fs::read(&path).expect("fixture");
            let text = riptide_core::charset::decode_html(&bytes, None)
                .text
                .into_owned();
            (path, text)
        })
        .collect();
    pages.sort();
    assert!(
        pages.len() >= 5,
        "expected the extraction fixtures in {}",
        dir.display()
    );
    pages
}
