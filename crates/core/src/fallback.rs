//! A fallback between two extractors, guarded by a circuit breaker.
//!
//! [`Fallback`] sends every page to its *primary* extractor (the sandbox) and
//! hands a page to its *fallback* (the native engine) only when the primary
//! answers [`ExtractError::Unavailable`]: the extractor, not the page, is at
//! fault. A page that breached a limit (too large, out of fuel, past its
//! deadline, ...) gets that error as its final answer; retrying it natively
//! would hand a hostile page the unsandboxed path.
//!
//! When the primary is unavailable for more than a share of calls within a
//! window, the breaker *opens*: pages go straight to the fallback without
//! trying the primary. After a cool-down it *half-opens*: the next page probes
//! the primary; success *closes* the breaker, unavailability opens it again.
//! Every change of state is logged (with the `log` crate) and counted.
//!
//! ```
//! use riptide_core::{BreakerConfig, Document, ExtractError, ExtractInput, ExtractMode, Extractor, Fallback};
//!
//! struct Down;
//! impl Extractor for Down {
//!     fn extract(&self, _: &ExtractInput<'_>) -> Result<Document, ExtractError> {
//!         Err(ExtractError::Unavailable("pool exhausted".into()))
//!     }
//! }
//! struct Up;
//! impl Extractor for Up {
//!     fn extract(&self, _: &ExtractInput<'_>) -> Result<Document, ExtractError> {
//!         Ok(Document { title: Some("native".into()), ..Document::default() })
//!     }
//! }
//!
//! let extractor = Fallback::new(Down, Up, BreakerConfig::default());
//! let input = ExtractInput { html: "<p>hi</p>", url: None, mode: &ExtractMode::Article };
//! assert_eq!(extractor.extract(&input).unwrap().title.as_deref(), Some("native"));
//! assert_eq!(extractor.counters().fallback_calls, 1);
//! ```

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::{Document, ExtractError, ExtractInput, Extractor};

/// When the breaker opens and how long it stays open.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakerConfig {
    /// Calls are counted in consecutive windows of this length.
    pub window: Duration,
    /// The breaker never opens on fewer calls than this within a window, so a
    /// single early failure cannot open it.
    pub min_calls: u32,
    /// The breaker opens when at least this share (0.0-1.0) of the calls in
    /// the window found the primary unavailable.
    pub failure_rate: f64,
    /// How long the breaker stays open before it lets one probe through.
    pub cool_down: Duration,
}

impl Default for BreakerConfig {
    /// Half of at least ten calls within 30 s opens the breaker for 30 s: a
    /// broken sandbox is bypassed within a handful of pages, a transient
    /// pool exhaustion under a burst does not open it.
    fn default() -> Self {
        Self {
            window: Duration::from_secs(30),
            min_calls: 10,
            failure_rate: 0.5,
            cool_down: Duration::from_secs(30),
        }
    }
}

/// The breaker's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    /// Pages go to the primary.
    Closed,
    /// Pages go to the fallback until the cool-down ends.
    Open,
    /// One probe page is with the primary; other pages go to the fallback.
    HalfOpen,
}

/// Counters of a [`Fallback`], for logs, metrics and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BreakerCounters {
    /// Pages handed to the primary (probes included).
    pub primary_calls: u64,
    /// Primary calls that answered `Unavailable`.
    pub primary_unavailable: u64,
    /// Pages served by the fallback.
    pub fallback_calls: u64,
    /// Times the breaker opened.
    pub opened: u64,
    /// Times the breaker half-opened.
    pub half_opened: u64,
    /// Times the breaker closed again after a successful probe.
    pub closed: u64,
}

/// A primary extractor with a fallback for when it is unavailable, guarded by
/// a circuit breaker: only [`ExtractError::Unavailable`] reaches the fallback or
/// counts against the primary; every other error is final for its page.
pub struct Fallback<P, F> {
    primary: P,
    fallback: F,
    config: BreakerConfig,
    breaker: Mutex<Breaker>,
    counters: Counters,
}

impl<P: Extractor, F: Extractor> Fallback<P, F> {
    /// Wraps `primary` with `fallback`, starting closed.
    pub fn new(primary: P, fallback: F, config: BreakerConfig) -> Self {
        Self {
            primary,
            fallback,
            config,
            breaker: Mutex::new(Breaker::new(Instant::now())),
            counters: Counters::default(),
        }
    }

    /// The breaker's current state.
    pub fn state(&self) -> BreakerState {
        self.lock().state.public()
    }

    /// The counters so far.
    pub fn counters(&self) -> BreakerCounters {
        let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        let c = &self.counters;
        BreakerCounters {
            primary_calls: load(&c.primary_calls),
            primary_unavailable: load(&c.primary_unavailable),
            fallback_calls: load(&c.fallback_calls),
            opened: load(&c.opened),
            half_opened: load(&c.half_opened),
            closed: load(&c.closed),
        }
    }

    /// The primary extractor.
    pub fn primary(&self) -> &P {
        &self.primary
    }

    /// The fallback extractor.
    pub fn fallback(&self) -> &F {
        &self.fallback
    }

    fn lock(&self) -> MutexGuard<'_, Breaker> {
        // The breaker's invariants hold between statements: a panic elsewhere
        // while it was locked leaves usable state.
        self.breaker.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn serve_fallback(&self, input: &ExtractInput<'_>) -> Result<Document, ExtractError> {
        self.counters.fallback_calls.fetch_add(1, Ordering::Relaxed);
        self.fallback.extract(input)
    }

    /// Decides who serves the next page, half-opening after the cool-down.
    fn admit(&self) -> Route {
        let mut breaker = self.lock();
        match breaker.state {
            State::Closed => Route::Primary,
            State::HalfOpen => Route::Fallback,
            State::Open { since } if since.elapsed() >= self.config.cool_down => {
                breaker.state = State::HalfOpen;
                self.counters.half_opened.fetch_add(1, Ordering::Relaxed);
                log::info!("extraction circuit breaker half-open: probing the primary extractor");
                Route::Probe
            }
            State::Open { .. } => Route::Fallback,
        }
    }

    /// Records the primary's answer and moves the breaker accordingly.
    fn record(&self, route: Route, unavailable: bool) {
        let mut breaker = self.lock();
        let now = Instant::now();
        match (route, unavailable) {
            (Route::Probe, false) => {
                *breaker = Breaker::new(now);
                self.counters.closed.fetch_add(1, Ordering::Relaxed);
                log::info!(
                    "extraction circuit breaker closed: the primary extractor answered the probe"
                );
            }
            (Route::Probe, true) => {
                breaker.state = State::Open { since: now };
                self.counters.opened.fetch_add(1, Ordering::Relaxed);
                log::warn!(
                    "extraction circuit breaker reopened: the primary extractor is still unavailable"
                );
            }
            (Route::Primary, _) if breaker.state == State::Closed => {
                if now.duration_since(breaker.window_start) >= self.config.window {
                    breaker.window_start = now;
                    breaker.calls = 0;
                    breaker.failures = 0;
                }
                breaker.calls += 1;
                breaker.failures += u32::from(unavailable);
                if breaker.trips(&self.config) {
                    log::warn!(
                        "extraction circuit breaker opened: primary extractor unavailable for {} of {} calls; \
                         serving from the fallback for {:?}",
                        breaker.failures,
                        breaker.calls,
                        self.config.cool_down,
                    );
                    breaker.state = State::Open { since: now };
                    self.counters.opened.fetch_add(1, Ordering::Relaxed);
                }
            }
            // Calls admitted before the breaker opened report late: the
            // decision they would feed has already been taken.
            _ => {}
        }
    }
}

impl<P: Extractor, F: Extractor> Extractor for Fallback<P, F> {
    fn extract(&self, input: &ExtractInput<'_>) -> Result<Document, ExtractError> {
        let route = self.admit();
        if route == Route::Fallback {
            return self.serve_fallback(input);
        }
        self.counters.primary_calls.fetch_add(1, Ordering::Relaxed);
        let result = self.primary.extract(input);
        let unavailable = matches!(&result, Err(err) if err.is_unavailable());
        self.record(route, unavailable);
        if !unavailable {
            return result;
        }
        self.counters
            .primary_unavailable
            .fetch_add(1, Ordering::Relaxed);
        if let Err(err) = &result {
            log::debug!("primary extractor unavailable, using the fallback: {err}");
        }
        self.serve_fallback(input)
    }
}

impl<P, F> std::fmt::Debug for Fallback<P, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fallback")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    Primary,
    Probe,
    Fallback,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Closed,
    Open { since: Instant },
    HalfOpen,
}

impl State {
    fn public(self) -> BreakerState {
        match self {
            State::Closed => BreakerState::Closed,
            State::Open { .. } => BreakerState::Open,
            State::HalfOpen => BreakerState::HalfOpen,
        }
    }
}

struct Breaker {
    state: State,
    window_start: Instant,
    calls: u32,
    failures: u32,
}

impl Breaker {
    fn new(now: Instant) -> Self {
        Self {
            state: State::Closed,
            window_start: now,
            calls: 0,
            failures: 0,
        }
    }

    fn trips(&self, config: &BreakerConfig) -> bool {
        self.calls >= config.min_calls.max(1)
            && f64::from(self.failures) >= config.failure_rate * f64::from(self.calls)
            && self.failures > 0
    }
}

#[derive(Default)]
struct Counters {
    primary_calls: AtomicU64,
    primary_unavailable: AtomicU64,
    fallback_calls: AtomicU64,
    opened: AtomicU64,
    half_opened: AtomicU64,
    closed: AtomicU64,
}

#[cfg(test)]
mod tests;
