//! Criterion benchmarks of the native extraction engine.
//!
//! - `extract/native/<fixture>`: each hand-written fixture in article mode;
//! - `extract/native-modes/<mode>`: the news fixture in every mode;
//! - `extract/native-eval`: 50 pages of `../shared/eval/trafilatura/html` when
//!   that directory exists (it is not part of the repository; skipped otherwise).
//!
//! Run: `cargo bench -p riptide-benches --bench extract` (add `-- native/` to filter).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use riptide_benches::{eval_dir, extract_all, extract_page, fixture_pages, load_dir};
use riptide_core::ExtractMode;

fn fixtures(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract/native");
    for page in fixture_pages() {
        group.throughput(Throughput::Bytes(page.bytes.len() as u64));
        group.bench_function(page.name.trim_end_matches(".html"), |b| {
            b.iter(|| extract_page(black_box(&page), &ExtractMode::Article))
        });
    }
    group.finish();
}

fn modes(c: &mut Criterion) {
    let pages = fixture_pages();
    let news = pages
        .iter()
        .find(|p| p.name == "news_article.html")
        .expect("news fixture");
    let mut group = c.benchmark_group("extract/native-modes");
    group.throughput(Throughput::Bytes(news.bytes.len() as u64));
    let custom = ExtractMode::Custom(vec!["article p".to_owned(), "h2".to_owned()]);
    for mode in [
        ExtractMode::Article,
        ExtractMode::Full,
        ExtractMode::Metadata,
        custom,
    ] {
        group.bench_function(mode.name(), |b| {
            b.iter(|| extract_page(black_box(news), &mode))
        });
    }
    group.finish();
}

fn eval_sample(c: &mut Criterion) {
    let Some(dir) = eval_dir() else {
        eprintln!("extract/native-eval skipped: ../shared/eval/trafilatura/html not found");
        return;
    };
    let pages: Vec<_> = load_dir(&dir)
        .expect("reading the eval set")
        .into_iter()
        .step_by(20)
        .collect();
    let bytes: usize = pages.iter().map(|p| p.bytes.len()).sum();
    let mut group = c.benchmark_group("extract/native-eval");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("{}-pages", pages.len()), |b| {
        b.iter(|| extract_all(black_box(&pages), &ExtractMode::Article))
    });
    group.finish();
}

criterion_group!(benches, fixtures, modes, eval_sample);
criterion_main!(benches);
