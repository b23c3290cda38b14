//! riptide-sandbox against the real guest component: limits, equivalence with
//! the native engine, the circuit breaker, the AOT cache and the info exports.

mod api;
mod breaker;
mod cache;
mod equivalence;
mod limits;
mod support;
