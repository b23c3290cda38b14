//! The sandboxed engine gives exactly the native engine's answers.

use std::sync::Arc;

use riptide_core::{ExtractMode, Extractor};
use riptide_extraction::NativeExtractor;

use crate::support::{ARTICLE, extract, fixtures, shared};

fn modes() -> [ExtractMode; 5] {
    [
        ExtractMode::Article,
        ExtractMode::Full,
        ExtractMode::Metadata,
        ExtractMode::Custom(vec!["p".into(), "h1, h2".into()]),
        ExtractMode::Custom(vec!["[unclosed".into()]),
    ]
}

#[test]
fn every_fixture_in_every_mode_matches_native() {
    let native = NativeExtractor::default();
    for (path, html) in fixtures() {
        for mode in modes() {
            let sandboxed = extract(shared(), &html, &mode);
            let expected = extract(&native, &html, &mode);
            assert_eq!(sandboxed, expected, "{} in {mode} mode", path.display());
        }
    }
}

#[test]
fn errors_match_native_too() {
    let native = NativeExtractor::default();
    for page in ["", "\u{0}\u{1}\u{2}\u{3}binary", &"<div>".repeat(5_000)] {
        let sandboxed = extract(shared(), page, &ExtractMode::Article);
        assert_eq!(
            sandboxed,
            extract(&native, page, &ExtractMode::Article),
            "{:?}",
            &page[..page.len().min(20)]
        );
    }
    let no_selector = ExtractMode::Custom(Vec::new());
    assert_eq!(
        extract(shared(), ARTICLE, &no_selector),
        extract(&native, ARTICLE, &no_selector)
    );
}

#[test]
fn threads_share_one_sandbox() {
    let native = NativeExtractor::default();
    let pages = Arc::new(fixtures());
    let sandbox: &'static dyn Extractor = shared();
    let workers: Vec<_> = (0..4)
        .map(|worker| {
            let pages = Arc::clone(&pages);
            std::thread::spawn(move || {
                pages
                    .iter()
                    .skip(worker % 2)
                    .map(|(_, html)| extract(sandbox, html, &ExtractMode::Article))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for (worker, handle) in workers.into_iter().enumerate() {
        let results = handle.join().expect("worker thread");
        for (result, (path, html)) in results.iter().zip(pages.iter().skip(worker % 2)) {
            assert_eq!(
                result,
                &extract(&native, html, &ExtractMode::Article),
                "{}",
                path.display()
            );
        }
    }
}
