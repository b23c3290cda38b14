//! riptide's Wasmtime host: runs the extraction engine as a WebAssembly
//! component (`wasm/riptide-extractor-wasm`, contract `wit/extractor.wit`) so
//! that a hostile page can at worst burn its own budget, never the host.
//!
//! - **Deny by default**: the guest gets an empty WASI context (no files, no
//!   environment, no network, no stdio).
//! - **Limits per document**, each breach a typed [`ExtractError`]: input size
//!   (`InputTooLarge`, checked before the call), linear memory (`MemoryLimit`),
//!   fuel (`OutOfFuel`), a wall-clock deadline through epoch interruption
//!   (`Timeout`), the wasm stack (`StackOverflow`); any other trap is `Trap`.
//!   Every document runs in a fresh store and instance, so a breach never
//!   leaks into the next page.
//! - **Cheap instances**: the component is compiled once and cached on disk
//!   (keyed by the `.wasm` hash and the engine's compatibility hash),
//!   pre-instantiated once, and instantiated per document from a pooling
//!   allocator.
//! - The guest is built by this crate's build script and embedded
//!   ([`GUEST_WASM`]); this crate never links the extraction engine itself.
//!
//! The fallback to native extraction and its circuit breaker live in
//! [`riptide_core::Fallback`], around a [`Sandbox`] like any other extractor.
//!
//! ```
//! use riptide_core::{ExtractInput, ExtractMode, Extractor};
//! use riptide_sandbox::{Sandbox, SandboxConfig};
//!
//! let sandbox = Sandbox::new(SandboxConfig { cache_dir: None, ..SandboxConfig::default() })?;
//! let html = "<html><head><title>Hello</title></head><body><article><h1>Hello</h1>\
//!             <p>This is the first paragraph of a tiny article, long enough to count.</p>\
//!             </article></body></html>";
//! let doc = sandbox.extract(&ExtractInput { html, url: None, mode: &ExtractMode::Article })?;
//! assert_eq!(doc.title.as_deref(), Some("Hello"));
//!
//! let too_large = "x".repeat(sandbox.config().max_input_bytes + 1);
//! let err = sandbox.extract(&ExtractInput { html: &too_large, url: None, mode: &ExtractMode::Article });
//! assert!(matches!(err, Err(riptide_core::ExtractError::InputTooLarge { .. })));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cache;
mod config;
mod engine;
mod error;
mod sandbox;
mod state;
pub mod wit;

pub use cache::CacheOutcome;
pub use config::{
    DEFAULT_EPOCH_TICK, DEFAULT_FUEL, DEFAULT_MAX_INPUT_BYTES, DEFAULT_MAX_WASM_STACK_BYTES,
    DEFAULT_MEMORY_LIMIT_BYTES, DEFAULT_TIMEOUT, SandboxConfig,
};
pub use error::SandboxError;
pub use riptide_core::ExtractError;
pub use sandbox::{HealthReport, Sandbox, SandboxCounters, SandboxStats, StartupTimings};

/// Path of the guest component this crate's build script built (`wasm32-wasip2`, `guest` profile).
pub const GUEST_WASM_PATH: &str = env!("RIPTIDE_GUEST_WASM");

/// The guest component, embedded so that the binary needs no file at run time.
pub static GUEST_WASM: &[u8] = include_bytes!(env!("RIPTIDE_GUEST_WASM"));

/// SHA-256 of [`GUEST_WASM`] in hex, computed by the build script: the cache
/// key of a start, which then never hashes the 1.7 MB component itself.
const GUEST_WASM_SHA256: &str = env!("RIPTIDE_GUEST_WASM_SHA256");

#[cfg(test)]
mod tests {
    #[test]
    fn the_build_time_hash_is_the_embedded_guest_s() {
        assert_eq!(
            super::GUEST_WASM_SHA256,
            crate::cache::sha256_hex(super::GUEST_WASM)
        );
    }
}
