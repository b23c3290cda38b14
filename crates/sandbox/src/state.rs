//! What each [`wasmtime::Store`] holds: a deny-everything WASI context and the
//! memory limiter.

use wasmtime::component::ResourceTable;
use wasmtime::{ResourceLimiter, StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

/// The state of one store, i.e. of one document's instance.
pub(crate) struct HostState {
    wasi: WasiCtx,
    table: ResourceTable,
    pub(crate) limiter: GuestLimiter,
}

impl HostState {
    /// A state whose WASI context grants nothing: no preopened directories, no
    /// environment, no arguments, no sockets or name lookups, and stdio wired
    /// to nothing. The guest still sees clocks and randomness, which it needs
    /// to run Rust's `std`.
    pub(crate) fn new(memory_limit_bytes: usize) -> Self {
        let wasi = WasiCtx::builder()
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .build();
        Self {
            wasi,
            table: ResourceTable::new(),
            limiter: GuestLimiter::new(memory_limit_bytes),
        }
    }
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

/// Wasmtime's [`StoreLimits`] (memory cap, trap on grow failure), plus a record
/// of whether the cap was hit and how large memory grew, so the host can
/// report `MemoryLimit` precisely and measure peak memory.
pub(crate) struct GuestLimiter {
    limits: StoreLimits,
    /// Set when a `memory.grow` was refused.
    pub(crate) hit: bool,
    /// The largest memory size granted, in bytes.
    pub(crate) peak_bytes: usize,
}

impl GuestLimiter {
    fn new(memory_limit_bytes: usize) -> Self {
        let limits = StoreLimitsBuilder::new()
            .memory_size(memory_limit_bytes)
            .trap_on_grow_failure(true)
            .build();
        Self {
            limits,
            hit: false,
            peak_bytes: 0,
        }
    }
}

impl ResourceLimiter for GuestLimiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let granted = self.limits.memory_growing(current, desired, maximum);
        match &granted {
            Ok(true) => self.peak_bytes = self.peak_bytes.max(desired),
            _ => self.hit = true,
        }
        granted
    }

    fn memory_grow_failed(&mut self, error: wasmtime::Error) -> wasmtime::Result<()> {
        self.hit = true;
        self.limits.memory_grow_failed(error)
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.limits.table_growing(current, desired, maximum)
    }

    fn table_grow_failed(&mut self, error: wasmtime::Error) -> wasmtime::Result<()> {
        self.limits.table_grow_failed(error)
    }

    fn instances(&self) -> usize {
        self.limits.instances()
    }

    fn tables(&self) -> usize {
        self.limits.tables()
    }

    fn memories(&self) -> usize {
        self.limits.memories()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_within_the_cap_is_granted_and_measured() {
        let mut limiter = GuestLimiter::new(1 << 20);
        assert!(limiter.memory_growing(0, 1 << 19, None).unwrap());
        assert_eq!(limiter.peak_bytes, 1 << 19);
        assert!(!limiter.hit);
    }

    #[test]
    fn growth_past_the_cap_traps_and_is_recorded() {
        let mut limiter = GuestLimiter::new(1 << 20);
        assert!(limiter.memory_growing(0, 2 << 20, None).is_err());
        assert!(limiter.hit);
    }
}
