//! The sandbox's limits and knobs, with defaults sized from measurement.

use std::path::PathBuf;
use std::time::Duration;

/// Limits and knobs of a [`crate::Sandbox`].
///
/// Every limit applies to one document: each document runs in a fresh
/// instance with a fresh [`wasmtime::Store`], so a page that breaches a limit
/// cannot affect the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxConfig {
    /// Largest linear memory the guest may grow to, in bytes. The input is
    /// copied into guest memory before parsing, and dense markup needs 10-20x
    /// its size while parsed.
    pub memory_limit_bytes: usize,
    /// Instruction budget per call; `None` turns fuel metering off, leaving the
    /// deadline as the only bound on work (metering costs ~15% of guest time).
    pub fuel: Option<u64>,
    /// Wall-clock deadline per call, enforced with epoch interruption.
    pub timeout: Duration,
    /// How often the ticker thread advances the epoch: the deadline's resolution.
    pub epoch_tick: Duration,
    /// Largest native stack the guest's wasm code may use, in bytes.
    pub max_wasm_stack_bytes: usize,
    /// Inputs larger than this many bytes are refused before the call.
    pub max_input_bytes: usize,
    /// Documents that may be in flight at once (slots in the pooling allocator);
    /// a document beyond that finds the sandbox unavailable.
    pub max_concurrent: u32,
    /// Where compiled components are cached; `None` compiles in memory at every start.
    pub cache_dir: Option<PathBuf>,
}

/// 64 MiB: real pages up to 1.5 MB peak at 2-7 MiB of guest memory, so this
/// leaves ~10x headroom while bounding what a hostile page can take.
pub const DEFAULT_MEMORY_LIMIT_BYTES: usize = 64 * 1024 * 1024;

/// 4 G units. Fuel burns at ~7 G/s; the heaviest page of the eval sets
/// (see the crate docs) takes ~0.2 G, so this is ~20x the worst real page and
/// stops a runaway page within about half a second of guest time.
pub const DEFAULT_FUEL: u64 = 4_000_000_000;

/// 2 s: the slowest eval page takes well under 100 ms in the guest; the
/// deadline backs fuel up against time spent outside metered code.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);

/// 10 ms: a deadline resolution far below any useful timeout, at a cost of 100
/// wake-ups a second for the ticker thread.
pub const DEFAULT_EPOCH_TICK: Duration = Duration::from_millis(10);

/// 1 MiB: every eval page runs in a quarter of it; the parser's and
/// renderer's recursion is bounded by the engine's nesting guard.
pub const DEFAULT_MAX_WASM_STACK_BYTES: usize = 1024 * 1024;

/// 16 MiB: several times the largest real pages (a few MB), and small enough
/// that the copy plus its parse stay within [`DEFAULT_MEMORY_LIMIT_BYTES`] for
/// ordinary markup.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            memory_limit_bytes: DEFAULT_MEMORY_LIMIT_BYTES,
            fuel: Some(DEFAULT_FUEL),
            timeout: DEFAULT_TIMEOUT,
            epoch_tick: DEFAULT_EPOCH_TICK,
            max_wasm_stack_bytes: DEFAULT_MAX_WASM_STACK_BYTES,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            max_concurrent: default_concurrency(),
            cache_dir: default_cache_dir(),
        }
    }
}

impl SandboxConfig {
    /// Epoch ticks until the deadline: rounded up, plus one because the first
    /// tick may come at any moment after the call starts.
    pub(crate) fn deadline_ticks(&self) -> u64 {
        let tick = self.epoch_tick.as_nanos().max(1);
        let ticks = self.timeout.as_nanos().div_ceil(tick);
        u64::try_from(ticks).unwrap_or(u64::MAX - 1) + 1
    }
}

/// Four documents per core: threads beyond the cores only wait, and the pool
/// reserves address space (not memory) per slot.
fn default_concurrency() -> u32 {
    let cores = std::thread::available_parallelism().map_or(4, usize::from);
    u32::try_from(cores * 4).unwrap_or(u32::MAX).max(16)
}

/// `$XDG_CACHE_HOME/riptide/components`, else `$HOME/.cache/riptide/components`.
fn default_cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(base.join("riptide").join("components"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadline_rounds_up_and_adds_a_tick() {
        let config = SandboxConfig {
            timeout: Duration::from_millis(25),
            epoch_tick: Duration::from_millis(10),
            ..SandboxConfig::default()
        };
        assert_eq!(config.deadline_ticks(), 4);
    }

    #[test]
    fn zero_tick_does_not_divide_by_zero() {
        let config = SandboxConfig {
            epoch_tick: Duration::ZERO,
            ..SandboxConfig::default()
        };
        assert!(config.deadline_ticks() > 1);
    }
}
