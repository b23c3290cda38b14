//! How the fronts assemble an extractor: the sandbox behind the fallback
//! combinator (native extraction takes over only while the sandbox itself is
//! unavailable), or native alone. One place, shared by the CLI and the server.

use std::sync::Arc;

use riptide_core::{BreakerConfig, Extractor, Fallback};
use riptide_extraction::NativeExtractor;
use riptide_sandbox::{Sandbox, SandboxConfig, SandboxError};

/// Which extractor runs the pages.
#[derive(Debug, Clone)]
pub enum ExtractorChoice {
    /// The engine in the WebAssembly sandbox with these limits, native as fallback.
    Sandbox(SandboxConfig),
    /// The engine compiled in, without a sandbox.
    Native,
}

/// The assembled extractor and whether the sandbox could be loaded.
pub struct BuiltExtractor {
    /// What extracts the pages.
    pub extractor: Arc<dyn Extractor>,
    /// Why the sandbox could not be set up, when it was asked for and failed
    /// (the extractor is then native alone).
    pub sandbox_error: Option<SandboxError>,
}

/// Builds the extractor for `choice`; `native` is the engine used alone or as the fallback.
pub fn build_extractor(choice: ExtractorChoice, native: NativeExtractor) -> BuiltExtractor {
    match choice {
        ExtractorChoice::Native => BuiltExtractor {
            extractor: Arc::new(native),
            sandbox_error: None,
        },
        ExtractorChoice::Sandbox(config) => match Sandbox::new(config) {
            Ok(sandbox) => BuiltExtractor {
                extractor: Arc::new(Fallback::new(sandbox, native, BreakerConfig::default())),
                sandbox_error: None,
            },
            Err(err) => BuiltExtractor {
                extractor: Arc::new(native),
                sandbox_error: Some(err),
            },
        },
    }
}
