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
    /// a document beyond that finds the sandbox unavailable (with 0, every one does).
    pub max_concurrent: u32,
    /// Where compiled components are cached; `None` compiles in memory at every start.
    pub cache_dir: Option<PathBuf>,
}

// Measured with `cargo run -p riptide-sandbox --example measure -- /work/shared/eval`
// over the 1,250 pages of both eval sets (largest 1.6 MB): peak guest memory
// 10.2 MiB, fuel 874 M (a 1 MB Wikipedia page), guest time 222 ms on a loaded
// 2-core machine. Each default leaves 5-10x headroom over the worst real page.

/// 64 MiB: 6x the worst eval page's peak (10.2 MiB), while bounding what a
/// hostile page can take.
pub const DEFAULT_MEMORY_LIMIT_BYTES: usize = 64 * 1024 * 1024;

/// 5 G units: ~6x the heaviest eval page (874 M); at ~7 G/s it stops a runaway
/// page within about 0.7 s of guest time. (A 1 M budget fails every real page.)
pub const DEFAULT_FUEL: u64 = 5_000_000_000;

/// 2 s: 9x the slowest eval page (222 ms under load); the deadline backs fuel
/// up, and is the only bound on work when metering is off.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);

/// 10 ms: a deadline resolution far below any useful timeout, at a cost of 100
/// wake-ups a second for the ticker thread.
pub const DEFAULT_EPOCH_TICK: Duration = Duration::from_millis(10);

/// 1 MiB: every eval page runs within it; recursion in the engine is bounded
/// by its nesting guard (2,000 levels).
pub const DEFAULT_MAX_WASM_STACK_BYTES: usize = 1024 * 1024;

/// 16 MiB: 10x the largest eval page (1.6 MB), and small enough that the copy
/// into guest memory leaves room to parse ordinary markup within the memory limit.
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
