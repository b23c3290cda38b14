//! A test-only guest (`wasm/riptide-hostile-guest`) breaches each limit with
//! code no page could make the real engine run: a loop, an allocation and a
//! recursion without end, a panic. Each breach is its typed error; then the
//! same host, whose pool has a single slot, serves the next page on a fresh
//! instance, and the real guest serves a normal page in the same process.

use std::time::Duration;

use riptide_core::{BreakerConfig, ExtractError, ExtractMode, Fallback};
use riptide_extraction::NativeExtractor;
use riptide_sandbox::{Sandbox, SandboxConfig};

use crate::support::{assert_still_serves, config, extract, shared};

/// A page the hostile guest echoes back instead of misbehaving.
const HARMLESS: &str = "<p>still serving</p>";

/// Generous limits, except where a test tightens one: only the limit under
/// test may stop the guest.
fn loose() -> SandboxConfig {
    SandboxConfig {
        fuel: None,
        timeout: Duration::from_secs(60),
        ..config()
    }
}

/// The hostile guest with `config`, in a pool of one slot: if a breached
/// instance kept its slot, the next page would find the sandbox unavailable.
fn hostile(config: SandboxConfig) -> Sandbox {
    let wasm = std::fs::read(env!("RIPTIDE_HOSTILE_GUEST_WASM"))
        .expect("the build script built the hostile guest");
    Sandbox::with_component(
        &wasm,
        SandboxConfig {
            max_concurrent: 1,
            ..config
        },
    )
    .expect("the hostile guest loads")
}

/// Runs `command` on a hostile sandbox with `config`, checks the error, and
/// that the host (and the real guest next to it) serve the next page.
fn breach(config: SandboxConfig, command: &str) -> ExtractError {
    let sandbox = hostile(config);
    let err = extract(&sandbox, command, &ExtractMode::Article).unwrap_err();
    let next = extract(&sandbox, HARMLESS, &ExtractMode::Article)
        .unwrap_or_else(|err| panic!("the host serves after {command}: {err}"));
    assert_eq!(next.text, HARMLESS);
    let counters = sandbox.counters();
    assert_eq!(
        (counters.failed, counters.extracted),
        (1, 1),
        "{counters:?}"
    );
    assert_eq!(counters.unavailable, 0, "the breached slot came back");
    assert_still_serves(shared());
    err
}

#[test]
fn an_endless_loop_runs_out_of_fuel() {
    let config = SandboxConfig {
        fuel: Some(50_000_000),
        ..loose()
    };
    assert_eq!(breach(config, "loop"), ExtractError::OutOfFuel);
}

#[test]
fn an_endless_loop_without_fuel_times_out() {
    // Epoch-only: the deadline is the only bound on work.
    let config = SandboxConfig {
        timeout: Duration::from_millis(200),
        epoch_tick: Duration::from_millis(5),
        ..loose()
    };
    assert_eq!(breach(config, "loop"), ExtractError::Timeout);
}

#[test]
fn an_endless_loop_times_out_before_a_large_budget_runs_out() {
    // The default budget takes ~0.7 s of guest time to burn; the deadline comes first.
    let config = SandboxConfig {
        timeout: Duration::from_millis(100),
        epoch_tick: Duration::from_millis(5),
        ..config()
    };
    assert_eq!(breach(config, "loop"), ExtractError::Timeout);
}

#[test]
fn endless_allocation_hits_the_memory_limit() {
    let config = SandboxConfig {
        memory_limit_bytes: 16 * 1024 * 1024,
        ..loose()
    };
    assert_eq!(breach(config, "allocate"), ExtractError::MemoryLimit);
}

#[test]
fn endless_recursion_overflows_the_stack() {
    assert_eq!(breach(loose(), "recurse"), ExtractError::StackOverflow);
}

#[test]
fn a_panic_is_a_trap() {
    let err = breach(loose(), "panic");
    assert!(
        matches!(&err, ExtractError::Trap(message) if message.contains("unreachable")),
        "{err:?}"
    );
}

#[test]
fn breaches_are_final_behind_the_fallback() {
    let extractor = Fallback::new(
        hostile(SandboxConfig {
            fuel: Some(50_000_000),
            memory_limit_bytes: 16 * 1024 * 1024,
            ..config()
        }),
        NativeExtractor::default(),
        BreakerConfig {
            min_calls: 1,
            ..BreakerConfig::default()
        },
    );
    let expected = [
        ("loop", ExtractError::OutOfFuel),
        ("allocate", ExtractError::MemoryLimit),
        ("recurse", ExtractError::StackOverflow),
    ];
    for (command, error) in expected {
        assert_eq!(
            extract(&extractor, command, &ExtractMode::Article),
            Err(error)
        );
    }
    let counters = extractor.counters();
    assert_eq!((counters.fallback_calls, counters.opened), (0, 0));
    assert_eq!(
        extract(&extractor, HARMLESS, &ExtractMode::Article)
            .unwrap()
            .text,
        HARMLESS,
        "the sandbox, not the native fallback, served the page"
    );
}
