//! riptide-sandbox against the real guest component: limits, equivalence with
//! the native engine, the circuit breaker, the AOT cache and the info exports;
//! and against a test-only hostile guest that breaches every limit on purpose.

mod api;
mod breaker;
mod cache;
mod equivalence;
mod hostile;
mod limits;
mod support;
