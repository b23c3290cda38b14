//! The extractor behind `extract`, `crawl` and `worker`: riptide-api's shared
//! builder (the sandbox behind the fallback combinator, or native alone), with
//! a warning when the sandbox was asked for and could not be loaded.

use riptide_api::{BuiltExtractor, ExtractorChoice, build_extractor};
use riptide_extraction::NativeExtractor;
use riptide_sandbox::SandboxConfig;

/// The sandbox with `sandbox` limits, or `native` alone when `sandbox` is
/// `None` or the sandbox cannot start (with a warning).
pub fn choose(sandbox: Option<SandboxConfig>, native: NativeExtractor) -> BuiltExtractor {
    let choice = sandbox.map_or(ExtractorChoice::Native, ExtractorChoice::Sandbox);
    let built = build_extractor(choice, native);
    if let Some(err) = &built.sandbox_error {
        log::warn!("sandbox unavailable ({err}); extracting natively");
    }
    built
}
