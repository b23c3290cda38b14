//! The Wasmtime engine: its configuration (metering, interruption, stack cap,
//! pooling) and the ticker thread that drives epoch deadlines.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use wasmtime::{Config, Enabled, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use crate::SandboxConfig;
use crate::error::{SandboxError, chain};

/// Pool slots per component instance. The guest is one core module plus the
/// small shim modules `wit-component` adds for indirect calls; these bounds
/// leave room for that and are checked at instantiation.
const CORE_INSTANCES_PER_COMPONENT: u32 = 8;
const MEMORIES_PER_COMPONENT: u32 = 2;
const TABLES_PER_COMPONENT: u32 = 4;

/// Linear memory kept mapped when a pool slot is freed, reset with `memset`
/// (only the pages the guest touched, where the kernel can tell: Linux 6.7+
/// `PAGEMAP_SCAN`) instead of `madvise`, so the next document does not fault
/// its heap in again page by page: that took ~7% of sandboxed time on the eval
/// pages. 16 MiB covers the heaviest eval page (10.2 MiB); memory beyond it
/// is returned to the kernel as before.
const KEEP_RESIDENT_BYTES: usize = 16 * 1024 * 1024;

/// The shortest epoch tick: a shorter one only burns the ticker's CPU.
const MIN_TICK: Duration = Duration::from_millis(1);

/// An engine configured for `config`.
pub(crate) fn build(config: &SandboxConfig) -> Result<Engine, SandboxError> {
    let mut wasm = Config::new();
    wasm.wasm_component_model(true)
        .consume_fuel(config.fuel.is_some())
        .epoch_interruption(true)
        .max_wasm_stack(config.max_wasm_stack_bytes)
        // Memories live in pool slots that never move, and saying so lets
        // compiled code keep the heap base in a register across calls instead
        // of reloading it after each one: ~6% less time per page with fuel on.
        .memory_may_move(false)
        .allocation_strategy(InstanceAllocationStrategy::Pooling(pooling(config)));
    Engine::new(&wasm).map_err(|err| SandboxError::Engine(chain(&err)))
}

/// Pre-reserved slots for `max_concurrent` documents at once, each memory
/// capped at the memory limit, so a fresh store per document costs no mmap.
/// No fiber stacks: calls are synchronous, and the default 1,000 stacks cost
/// a guard-page `mprotect` each at engine creation (~6 ms of a cold start).
fn pooling(config: &SandboxConfig) -> PoolingAllocationConfig {
    // Zero component slots is allowed: every call then finds the pool
    // exhausted. The core totals must still fit one component for it to load.
    let slots = config.max_concurrent.max(1);
    let mut pool = PoolingAllocationConfig::default();
    pool.total_component_instances(config.max_concurrent)
        .total_core_instances(slots.saturating_mul(CORE_INSTANCES_PER_COMPONENT))
        .total_memories(slots.saturating_mul(MEMORIES_PER_COMPONENT))
        .total_tables(slots.saturating_mul(TABLES_PER_COMPONENT))
        .max_memories_per_component(MEMORIES_PER_COMPONENT)
        .max_tables_per_component(TABLES_PER_COMPONENT)
        .max_core_instances_per_component(CORE_INSTANCES_PER_COMPONENT)
        .max_memory_size(config.memory_limit_bytes)
        .total_stacks(0)
        .linear_memory_keep_resident(KEEP_RESIDENT_BYTES)
        .pagemap_scan(Enabled::Auto);
    pool
}

/// A thread that advances the engine's epoch every tick until dropped. Each
/// store's deadline is a number of ticks from the start of its call.
pub(crate) struct Ticker {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Ticker {
    pub(crate) fn start(engine: Engine, tick: Duration) -> std::io::Result<Self> {
        let tick = tick.max(MIN_TICK);
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("riptide-epoch".into())
            .spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(tick) {
                    engine.increment_epoch();
                }
            })?;
        Ok(Self {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Ticker {
    /// Disconnecting the channel wakes the thread at once; joining makes sure
    /// it no longer holds the engine.
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
