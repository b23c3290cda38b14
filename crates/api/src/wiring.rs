//! How the fronts assemble an extractor: the sandbox behind the fallback
//! combinator (native extraction takes over only while the sandbox itself is
//! unavailable), or native alone. One place, shared by the CLI and the server.

use std::sync::Arc;

use riptide_core::{BreakerConfig, Extractor, Fallback};
use riptide_extraction::NativeExtractor;
use riptide_sandbox::{Sandbox, SandboxConfig, SandboxError};

use crate::work::ExtractorKind;

/// Which extractor runs the pages.
#[derive(Debug, Clone)]
pub enum ExtractorChoice {
    /// The engine in the WebAssembly sandbox with these limits, native as fallback.
    Sandbox(SandboxConfig),
    /// The engine compiled in, without a sandbox.
    Native,
}

/// The sandbox with its native fallback and circuit breaker.
type Sandboxed = Fallback<Sandbox, NativeExtractor>;

/// The assembled extractor and whether the sandbox could be loaded.
pub struct BuiltExtractor {
    /// What extracts the pages.
    pub extractor: Arc<dyn Extractor>,
    /// Why the sandbox could not be set up, when it was asked for and failed
    /// (the extractor is then native alone).
    pub sandbox_error: Option<SandboxError>,
    /// The sandboxed extractor by its concrete type, for its counters.
    sandboxed: Option<Arc<Sandboxed>>,
}

impl BuiltExtractor {
    fn native(native: NativeExtractor, sandbox_error: Option<SandboxError>) -> Self {
        Self {
            extractor: Arc::new(native),
            sandbox_error,
            sandboxed: None,
        }
    }

    /// Which extractor was asked for (the sandbox even when it failed to load).
    pub fn kind(&self) -> ExtractorKind {
        if self.sandboxed.is_some() || self.sandbox_error.is_some() {
            ExtractorKind::Sandbox
        } else {
            ExtractorKind::Native
        }
    }

    /// Logs (at info) what the sandbox and its circuit breaker counted.
    pub fn log_counters(&self) {
        let Some(sandboxed) = &self.sandboxed else {
            return;
        };
        let sandbox = sandboxed.primary().counters();
        let breaker = sandboxed.counters();
        log::info!(
            "sandbox: {} pages extracted, {} stopped (limit, trap or refusal), {} found it unavailable; \
             circuit breaker {:?}: opened {}, half-opened {}, closed {} times; {} pages served natively",
            sandbox.extracted,
            sandbox.failed,
            sandbox.unavailable,
            sandboxed.state(),
            breaker.opened,
            breaker.half_opened,
            breaker.closed,
            breaker.fallback_calls,
        );
    }
}

/// Builds the extractor for `choice`; `native` is the engine used alone or as the fallback.
pub fn build_extractor(choice: ExtractorChoice, native: NativeExtractor) -> BuiltExtractor {
    match choice {
        ExtractorChoice::Native => BuiltExtractor::native(native, None),
        ExtractorChoice::Sandbox(config) => match Sandbox::new(config) {
            Ok(sandbox) => {
                let sandboxed = Arc::new(Fallback::new(sandbox, native, BreakerConfig::default()));
                BuiltExtractor {
                    extractor: Arc::clone(&sandboxed) as Arc<dyn Extractor>,
                    sandbox_error: None,
                    sandboxed: Some(sandboxed),
                }
            }
            Err(err) => BuiltExtractor::native(native, Some(err)),
        },
    }
}
