//! [`Sandbox`]: one compiled, pre-instantiated guest shared by every thread,
//! and a fresh store and instance per document.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use riptide_core::{Document, ExtractError, ExtractInput, Extractor};
use wasmtime::component::Linker;
use wasmtime::{Engine, Store};

use crate::cache::{self, CacheOutcome};
use crate::engine::{self, Ticker};
use crate::error::{SandboxError, call_error, chain, log_failure};
use crate::state::HostState;
use crate::wit::{Bindings, BindingsPre, ComponentInfo, ExtractionMode};
use crate::{GUEST_WASM, GUEST_WASM_SHA256, SandboxConfig};

/// The extraction engine running as a WebAssembly component under Wasmtime,
/// with every limit of [`SandboxConfig`] enforced.
///
/// Cheap to share: wrap it in an `Arc` and call it from any number of threads.
pub struct Sandbox {
    // Declared first so it is dropped first: the ticker thread holds an engine clone.
    _ticker: Ticker,
    engine: Engine,
    pre: BindingsPre<HostState>,
    config: SandboxConfig,
    cache: CacheOutcome,
    startup: StartupTimings,
    counters: Counters,
}

/// Where start-up time went, for benchmarks and diagnostics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StartupTimings {
    /// Building the Wasmtime engine and its instance pool.
    pub engine: Duration,
    /// Loading the component: deserializing the cached code, or compiling it.
    pub load: Duration,
    /// Linking WASI, pre-instantiating, and starting the epoch ticker.
    pub link: Duration,
}

/// What one sandboxed extraction cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SandboxStats {
    /// Host wall-clock time: fresh store, instantiation and the call.
    pub processing_time: Duration,
    /// Wall-clock time inside the guest, as the guest measured it.
    pub guest_time: Duration,
    /// Peak linear memory of the instance, in bytes.
    pub memory_used_bytes: u64,
    /// Fuel the call consumed; `None` when fuel metering is off.
    pub fuel_used: Option<u64>,
    /// Nodes in the parsed document tree.
    pub nodes_processed: u32,
    /// Links in the extracted content.
    pub links_found: u32,
    /// Images in the extracted content.
    pub images_found: u32,
}

/// The answer to [`Sandbox::health_check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthReport {
    /// True when the guest extracted its probe page correctly.
    pub healthy: bool,
    /// The guest's status word (`ok` or `degraded`).
    pub status: String,
    /// The guest's version.
    pub version: String,
    /// Extractions the answering instance had run (a fresh one: zero).
    pub guest_extraction_count: u64,
    /// The host's counters at the time of the check.
    pub counters: SandboxCounters,
}

/// How many documents a [`Sandbox`] has handled, by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SandboxCounters {
    /// Documents extracted.
    pub extracted: u64,
    /// Documents that failed for a reason of their own (a limit, a trap, an engine error).
    pub failed: u64,
    /// Calls that found the sandbox unavailable (no pool slot, instantiation failure).
    pub unavailable: u64,
}

#[derive(Default)]
struct Counters {
    extracted: AtomicU64,
    failed: AtomicU64,
    unavailable: AtomicU64,
}

impl Sandbox {
    /// A sandbox running riptide's own guest component, built with this crate.
    pub fn new(config: SandboxConfig) -> Result<Self, SandboxError> {
        // The build script hashed the embedded guest: a start need not.
        Self::start(GUEST_WASM, GUEST_WASM_SHA256, config)
    }

    /// A sandbox running `wasm`, any component of the `extractor` world.
    pub fn with_component(wasm: &[u8], config: SandboxConfig) -> Result<Self, SandboxError> {
        Self::start(wasm, &cache::sha256_hex(wasm), config)
    }

    /// A sandbox running `wasm`, whose SHA-256 in hex (the cache key) is `wasm_sha256`.
    fn start(wasm: &[u8], wasm_sha256: &str, config: SandboxConfig) -> Result<Self, SandboxError> {
        let started = Instant::now();
        let engine = engine::build(&config)?;
        let engine_built = Instant::now();
        let (component, cache) =
            cache::load(&engine, wasm, wasm_sha256, config.cache_dir.as_deref())?;
        let loaded = Instant::now();
        let link = |err: wasmtime::Error| SandboxError::Link(chain(&err));
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).map_err(link)?;
        let pre = linker.instantiate_pre(&component).map_err(link)?;
        let pre = BindingsPre::new(pre).map_err(link)?;
        let ticker = Ticker::start(engine.clone(), config.epoch_tick)?;
        let startup = StartupTimings {
            engine: engine_built - started,
            load: loaded - engine_built,
            link: loaded.elapsed(),
        };
        Ok(Self {
            _ticker: ticker,
            engine,
            pre,
            config,
            cache,
            startup,
            counters: Counters::default(),
        })
    }

    /// The limits in force.
    pub fn config(&self) -> &SandboxConfig {
        &self.config
    }

    /// Whether start-up loaded the component from the AOT cache.
    pub fn cache_outcome(&self) -> CacheOutcome {
        self.cache
    }

    /// Where start-up time went.
    pub fn startup_timings(&self) -> StartupTimings {
        self.startup
    }

    /// Documents handled so far, by outcome.
    pub fn counters(&self) -> SandboxCounters {
        SandboxCounters {
            extracted: self.counters.extracted.load(Ordering::Relaxed),
            failed: self.counters.failed.load(Ordering::Relaxed),
            unavailable: self.counters.unavailable.load(Ordering::Relaxed),
        }
    }

    /// Extracts one page and reports what it cost.
    pub fn extract_with_stats(
        &self,
        input: &ExtractInput<'_>,
    ) -> Result<(Document, SandboxStats), ExtractError> {
        let outcome = self.extract_uncounted(input);
        let counter = match &outcome {
            Ok(_) => &self.counters.extracted,
            Err(err) if err.is_unavailable() => &self.counters.unavailable,
            Err(_) => &self.counters.failed,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        if let Err(err) = &outcome {
            log_failure(input.url, err, &self.config);
        }
        outcome
    }

    fn extract_uncounted(
        &self,
        input: &ExtractInput<'_>,
    ) -> Result<(Document, SandboxStats), ExtractError> {
        self.check_size(input.html)?;
        let started = Instant::now();
        let mode = ExtractionMode::from(input.mode);
        let (result, run) = self.run(|guest, store| {
            guest.call_extract_with_stats(store, input.html, input.url, &mode)
        })?;
        let (content, guest) = result.map_err(ExtractError::from)?;
        let stats = SandboxStats {
            processing_time: started.elapsed(),
            guest_time: Duration::from_micros(guest.processing_time_us),
            memory_used_bytes: run.peak_memory_bytes.max(guest.memory_used_bytes),
            fuel_used: run.fuel_used,
            nodes_processed: guest.nodes_processed,
            links_found: guest.links_found,
            images_found: guest.images_found,
        };
        Ok((content.into(), stats))
    }

    /// Checks that `html` is acceptable (size, binary data, nesting depth)
    /// without extracting it.
    pub fn validate_html(&self, html: &str) -> Result<(), ExtractError> {
        self.check_size(html)?;
        let (result, _) = self.run(|guest, store| guest.call_validate_html(store, html))?;
        result.map_err(ExtractError::from)
    }

    /// Asks a fresh instance to extract its built-in probe page.
    pub fn health_check(&self) -> Result<HealthReport, ExtractError> {
        let (status, _) = self.run(|guest, store| guest.call_health_check(store))?;
        Ok(HealthReport {
            healthy: status.status == "ok",
            status: status.status,
            version: status.version,
            guest_extraction_count: status.extraction_count,
            counters: self.counters(),
        })
    }

    /// The guest's name, version, description and modes.
    pub fn info(&self) -> Result<ComponentInfo, ExtractError> {
        self.run(|guest, store| guest.call_get_info(store))
            .map(|(info, _)| info)
    }

    /// The names of the extraction modes the guest supports.
    pub fn modes(&self) -> Result<Vec<String>, ExtractError> {
        self.run(|guest, store| guest.call_get_modes(store))
            .map(|(modes, _)| modes)
    }

    /// The size limit applies before the page is copied into the guest.
    fn check_size(&self, html: &str) -> Result<(), ExtractError> {
        if html.len() > self.config.max_input_bytes {
            return Err(ExtractError::InputTooLarge {
                size: html.len() as u64,
                limit: self.config.max_input_bytes as u64,
            });
        }
        Ok(())
    }

    /// Runs `call` on a fresh instance in a fresh store. A failure to
    /// instantiate is the sandbox's fault (`Unavailable`); a failure during the
    /// call is the document's (a typed limit error or `Trap`).
    fn run<R>(
        &self,
        call: impl FnOnce(&Bindings, &mut Store<HostState>) -> wasmtime::Result<R>,
    ) -> Result<(R, RunReport), ExtractError> {
        let mut store = self.store()?;
        let guest = self.pre.instantiate(&mut store).map_err(|err| {
            ExtractError::Unavailable(format!("instantiating the extractor: {}", chain(&err)))
        })?;
        let value =
            call(&guest, &mut store).map_err(|err| call_error(&err, store.data().limiter.hit))?;
        let fuel_used = match (self.config.fuel, store.get_fuel()) {
            (Some(budget), Ok(left)) => Some(budget.saturating_sub(left)),
            _ => None,
        };
        let report = RunReport {
            fuel_used,
            peak_memory_bytes: store.data().limiter.peak_bytes as u64,
        };
        Ok((value, report))
    }

    /// A store for one document, with its memory limiter, fuel and deadline.
    fn store(&self) -> Result<Store<HostState>, ExtractError> {
        let mut store = Store::new(&self.engine, HostState::new(self.config.memory_limit_bytes));
        store.limiter(|state| &mut state.limiter);
        if let Some(fuel) = self.config.fuel {
            store.set_fuel(fuel).map_err(|err| {
                ExtractError::Unavailable(format!("setting fuel: {}", chain(&err)))
            })?;
        }
        store.set_epoch_deadline(self.config.deadline_ticks());
        store.epoch_deadline_trap();
        Ok(store)
    }
}

/// What the host measured about one call.
struct RunReport {
    fuel_used: Option<u64>,
    peak_memory_bytes: u64,
}

impl Extractor for Sandbox {
    fn extract(&self, input: &ExtractInput<'_>) -> Result<Document, ExtractError> {
        self.extract_with_stats(input).map(|(document, _)| document)
    }
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("config", &self.config)
            .field("cache", &self.cache)
            .field("counters", &self.counters())
            .finish_non_exhaustive()
    }
}
