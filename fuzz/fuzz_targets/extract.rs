//! Fuzzes `riptide_extraction::extract_bytes`: the first byte picks the mode
//! and an optional HTTP charset, the rest is the page. Any panic is a bug;
//! typed errors are fine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use riptide_core::ExtractMode;
use riptide_extraction::{ExtractOptions, extract_bytes};

const CHARSETS: [Option<&str>; 4] = [
    None,
    Some("text/html; charset=utf-8"),
    Some("text/html; charset=windows-1251"),
    Some("text/html; charset=shift_jis"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&control, page)) = data.split_first() else {
        return;
    };
    let mode = match control & 0b11 {
        0 => ExtractMode::Article,
        1 => ExtractMode::Full,
        2 => ExtractMode::Metadata,
        _ => ExtractMode::Custom(vec!["p".into(), "article > *".into(), "a[href]".into()]),
    };
    let content_type = CHARSETS[usize::from((control >> 2) & 0b11)];
    let options = ExtractOptions::default();
    if let Ok(doc) = extract_bytes(
        page,
        content_type,
        Some("https://fuzz.example.com/a/b"),
        &mode,
        &options,
    ) {
        assert!(doc.quality_score <= 100);
        assert_eq!(doc.word_count as usize, doc.text.split_whitespace().count());
    }
});
