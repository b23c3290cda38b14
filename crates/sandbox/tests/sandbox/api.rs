//! health-check, get-info, get-modes, validate-html and stats, answered by the guest.

use riptide_core::{ExtractError, ExtractInput, ExtractMode};

use crate::support::{ARTICLE, shared};

#[test]
fn health_check_answers_ok() {
    let report = shared().health_check().unwrap();
    assert!(report.healthy, "{report:?}");
    assert_eq!(report.status, "ok");
    assert_eq!(report.version, env!("CARGO_PKG_VERSION"));
    // A fresh instance answers; the probe it ran is its first extraction.
    assert!(report.guest_extraction_count <= 1);
}

#[test]
fn info_and_modes_describe_the_guest() {
    let info = shared().info().unwrap();
    assert_eq!(info.name, "riptide-extractor-wasm");
    assert_eq!(info.modes, ["article", "full", "metadata", "custom"]);
    assert_eq!(shared().modes().unwrap(), info.modes);
    for mode in &info.modes {
        assert!(
            mode.parse::<ExtractMode>().is_ok(),
            "{mode} is a core mode name"
        );
    }
}

#[test]
fn validate_html_runs_the_guards() {
    assert_eq!(shared().validate_html(ARTICLE), Ok(()));
    let deep = "<div>".repeat(10_000);
    assert!(matches!(
        shared().validate_html(&deep),
        Err(ExtractError::TooDeeplyNested { .. })
    ));
    assert!(matches!(
        shared().validate_html("\u{0}\u{1}\u{2}"),
        Err(ExtractError::NotHtml(_))
    ));
}

#[test]
fn stats_report_the_work_done() {
    let input = ExtractInput {
        html: ARTICLE,
        url: Some("https://example.com/post"),
        mode: &ExtractMode::Article,
    };
    let (doc, stats) = shared().extract_with_stats(&input).unwrap();
    assert!(stats.nodes_processed > 10, "{stats:?}");
    assert_eq!(stats.links_found as usize, doc.links.len());
    assert_eq!(stats.images_found as usize, doc.media.len());
    assert!(stats.fuel_used.unwrap() > 0);
    assert!(stats.memory_used_bytes > 0);
}
