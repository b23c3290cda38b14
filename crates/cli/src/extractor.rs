//! The extractor behind `extract` and `crawl`: the sandbox behind the
//! fallback combinator (native serves only while the sandbox itself is
//! unavailable), or native alone; and, at the end, what they counted.

use std::sync::Arc;

use riptide_core::{BreakerConfig, Extractor, Fallback};
use riptide_extraction::NativeExtractor;
use riptide_sandbox::{Sandbox, SandboxConfig};

/// The sandbox with its native fallback and circuit breaker.
type Sandboxed = Fallback<Sandbox, NativeExtractor>;

/// The chosen extractor, and the sandboxed one by its concrete type for its counters.
pub struct ChosenExtractor {
    extractor: Arc<dyn Extractor>,
    sandboxed: Option<Arc<Sandboxed>>,
}

impl ChosenExtractor {
    /// The sandbox with `sandbox` limits, or `native` alone when `sandbox` is
    /// `None` or the sandbox cannot start (with a warning).
    pub fn new(sandbox: Option<SandboxConfig>, native: NativeExtractor) -> Self {
        let Some(config) = sandbox else {
            return Self::native(native);
        };
        match Sandbox::new(config) {
            Ok(sandbox) => {
                let sandboxed = Arc::new(Fallback::new(sandbox, native, BreakerConfig::default()));
                Self {
                    extractor: Arc::clone(&sandboxed) as Arc<dyn Extractor>,
                    sandboxed: Some(sandboxed),
                }
            }
            Err(err) => {
                log::warn!("sandbox unavailable ({err}); extracting natively");
                Self::native(native)
            }
        }
    }

    fn native(native: NativeExtractor) -> Self {
        Self {
            extractor: Arc::new(native),
            sandboxed: None,
        }
    }

    /// The extractor to hand the pages to.
    pub fn extractor(&self) -> &Arc<dyn Extractor> {
        &self.extractor
    }

    /// Logs (at info, shown by `-v`) what the sandbox and its breaker counted.
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
