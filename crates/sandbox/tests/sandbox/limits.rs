//! Each limit breached on purpose: a typed error, then the same host serves a
//! normal page (every document gets a fresh instance).

use std::time::Duration;

use riptide_core::{ExtractError, ExtractInput, ExtractMode};
use riptide_sandbox::SandboxConfig;

use crate::support::{ARTICLE, assert_still_serves, config, dense_page, extract, sandbox, shared};

#[test]
fn fifty_megabytes_is_refused_before_the_call() {
    let sandbox = shared();
    let page = dense_page(50 * 1024 * 1024);
    let err = extract(sandbox, &page, &ExtractMode::Article).unwrap_err();
    assert!(
        matches!(err, ExtractError::InputTooLarge { size, limit } if size == page.len() as u64 && limit == sandbox.config().max_input_bytes as u64),
        "{err:?}"
    );
    assert_still_serves(sandbox);
}

#[test]
fn hundred_thousand_nested_divs_are_refused_by_the_guest() {
    let sandbox = shared();
    let page = format!("<html><body>{}deep</body></html>", "<div>".repeat(100_000));
    let err = extract(sandbox, &page, &ExtractMode::Article).unwrap_err();
    assert!(
        matches!(err, ExtractError::TooDeeplyNested { .. }),
        "{err:?}"
    );
    assert_still_serves(sandbox);
}

#[test]
fn binary_garbage_is_not_html() {
    let sandbox = shared();
    let garbage: String = (0..64 * 1024u32)
        .map(|i| char::from((i.wrapping_mul(2_654_435_761) >> 24) as u8))
        .collect();
    let err = extract(sandbox, &garbage, &ExtractMode::Article).unwrap_err();
    assert!(matches!(err, ExtractError::NotHtml(_)), "{err:?}");
    assert_still_serves(sandbox);
}

#[test]
fn a_page_past_the_memory_limit_is_a_memory_limit_error() {
    let sandbox = sandbox(SandboxConfig {
        memory_limit_bytes: 16 * 1024 * 1024,
        // Only the memory limit may stop this page.
        fuel: None,
        timeout: Duration::from_secs(120),
        ..config()
    });
    // The 4 MB copy fits; parsing it needs ten times that.
    let err = extract(
        &sandbox,
        &dense_page(4 * 1024 * 1024),
        &ExtractMode::Article,
    )
    .unwrap_err();
    assert_eq!(err, ExtractError::MemoryLimit);
    assert_still_serves(&sandbox);
    assert_eq!(sandbox.counters().failed, 1);
    assert_eq!(sandbox.counters().extracted, 1);
}

#[test]
fn a_page_past_its_fuel_is_out_of_fuel() {
    // Size the budget from the normal page's own measured cost: twice that
    // serves it, and a page fifty times larger cannot fit.
    let (_, stats) = shared()
        .extract_with_stats(&ExtractInput {
            html: ARTICLE,
            url: None,
            mode: &ExtractMode::Article,
        })
        .unwrap();
    let fuel = stats.fuel_used.expect("fuel metering is on by default") * 2;
    let sandbox = sandbox(SandboxConfig {
        fuel: Some(fuel),
        timeout: Duration::from_secs(120),
        ..config()
    });
    let err = extract(
        &sandbox,
        &dense_page(ARTICLE.len() * 50),
        &ExtractMode::Article,
    )
    .unwrap_err();
    assert_eq!(err, ExtractError::OutOfFuel);
    assert_still_serves(&sandbox);
}

#[test]
fn the_default_fuel_fails_no_ordinary_page_but_one_million_fails_them() {
    let tight = sandbox(SandboxConfig {
        fuel: Some(1_000_000),
        ..config()
    });
    let page = dense_page(200 * 1024);
    assert_eq!(
        extract(&tight, &page, &ExtractMode::Article).unwrap_err(),
        ExtractError::OutOfFuel
    );
    let (_, stats) = shared()
        .extract_with_stats(&ExtractInput {
            html: &page,
            url: None,
            mode: &ExtractMode::Article,
        })
        .unwrap();
    assert!(stats.fuel_used.unwrap() > 1_000_000);
}

#[test]
fn a_page_past_its_deadline_times_out() {
    // Without fuel, only the deadline stops a long page: 16 MB of dense
    // markup takes seconds in the guest, far past 300 ms.
    let sandbox = sandbox(SandboxConfig {
        fuel: None,
        timeout: Duration::from_millis(300),
        epoch_tick: Duration::from_millis(5),
        memory_limit_bytes: 2 * 1024 * 1024 * 1024 - 65_536,
        max_input_bytes: 32 * 1024 * 1024,
        ..config()
    });
    let err = extract(&sandbox, &dense_page(16 * 1024 * 1024), &ExtractMode::Full).unwrap_err();
    assert_eq!(err, ExtractError::Timeout);
    assert_still_serves(&sandbox);
}

#[test]
fn a_stack_too_small_for_the_page_overflows() {
    // Markup nested just under the engine's depth guard drives its recursive
    // passes deep; with a small wasm stack that is an overflow, while the
    // shallow article still fits.
    let sandbox = sandbox(SandboxConfig {
        max_wasm_stack_bytes: 64 * 1024,
        ..config()
    });
    let deep = format!(
        "<html><body>{}<p>deep text</p></body></html>",
        "<section>".repeat(1_900)
    );
    let err = extract(&sandbox, &deep, &ExtractMode::Article).unwrap_err();
    assert_eq!(err, ExtractError::StackOverflow);
    assert_still_serves(&sandbox);
}
