//! The fallback combinator around the real sandbox: document faults stay
//! final, host-side unavailability goes native and opens the breaker.

use std::time::Duration;

use riptide_core::{BreakerConfig, BreakerState, ExtractError, ExtractMode, Fallback};
use riptide_extraction::NativeExtractor;
use riptide_sandbox::{Sandbox, SandboxConfig};

use crate::support::{ARTICLE, config, extract, sandbox};

/// A sandbox whose instance pool has no slot: every call finds it exhausted
/// and answers `Unavailable`, the host-side fault the fallback exists for.
fn broken_sandbox() -> Sandbox {
    sandbox(SandboxConfig {
        max_concurrent: 0,
        ..config()
    })
}

fn breaker(cool_down: Duration) -> BreakerConfig {
    BreakerConfig {
        window: Duration::from_secs(3600),
        min_calls: 3,
        failure_rate: 0.5,
        cool_down,
    }
}

#[test]
fn an_uninstantiable_sandbox_is_unavailable() {
    let err = extract(&broken_sandbox(), ARTICLE, &ExtractMode::Article).unwrap_err();
    assert!(err.is_unavailable(), "{err:?}");
}

#[test]
fn unavailability_falls_back_and_opens_the_breaker() {
    let native = NativeExtractor::default();
    let expected = extract(&native, ARTICLE, &ExtractMode::Article).unwrap();
    let extractor = Fallback::new(broken_sandbox(), native, breaker(Duration::from_secs(3600)));
    for _ in 0..5 {
        assert_eq!(
            extract(&extractor, ARTICLE, &ExtractMode::Article).unwrap(),
            expected
        );
    }
    assert_eq!(extractor.state(), BreakerState::Open);
    let counters = extractor.counters();
    assert_eq!(
        counters.primary_calls, 3,
        "after opening the sandbox is no longer tried"
    );
    assert_eq!((counters.fallback_calls, counters.opened), (5, 1));
    assert_eq!(extractor.primary().counters().unavailable, 3);
}

#[test]
fn a_failing_probe_reopens_the_breaker() {
    let extractor = Fallback::new(
        broken_sandbox(),
        NativeExtractor::default(),
        breaker(Duration::ZERO),
    );
    for _ in 0..4 {
        extract(&extractor, ARTICLE, &ExtractMode::Article).unwrap();
    }
    // Three calls opened it; the fourth, past the (zero) cool-down, probed and failed.
    let counters = extractor.counters();
    assert_eq!(
        (counters.opened, counters.half_opened, counters.closed),
        (2, 1, 0)
    );
    assert_eq!(extractor.state(), BreakerState::Open);
}

#[test]
fn limit_breaches_are_final_and_never_retried_natively() {
    let tight = sandbox(SandboxConfig {
        fuel: Some(1_000_000),
        ..config()
    });
    let extractor = Fallback::new(
        tight,
        NativeExtractor::default(),
        breaker(Duration::from_secs(3600)),
    );
    let page = crate::support::dense_page(100 * 1024);
    for _ in 0..5 {
        assert_eq!(
            extract(&extractor, &page, &ExtractMode::Article).unwrap_err(),
            ExtractError::OutOfFuel
        );
    }
    assert_eq!(extractor.state(), BreakerState::Closed);
    assert_eq!(extractor.counters().fallback_calls, 0);
}

#[test]
fn a_healthy_sandbox_keeps_the_breaker_closed() {
    let extractor = Fallback::new(
        sandbox(config()),
        NativeExtractor::default(),
        breaker(Duration::ZERO),
    );
    for _ in 0..4 {
        extract(&extractor, ARTICLE, &ExtractMode::Article).unwrap();
    }
    assert_eq!(extractor.state(), BreakerState::Closed);
    assert_eq!(extractor.counters().fallback_calls, 0);
    assert_eq!(extractor.primary().counters().extracted, 4);
}
