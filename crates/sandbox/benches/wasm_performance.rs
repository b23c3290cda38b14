//! `wasm_performance`: what the sandbox costs against the native engine.
//!
//! - `cold_start`: a sandbox from scratch with a warm AOT cache (engine, load,
//!   link; the parts are printed), and its first page, against the native
//!   engine's first page.
//! - `instantiate`: a fresh store and instance per document (a trivial call).
//! - `per_page`: a sample of pages (the eval sets under `/work/shared/eval`
//!   or `$RIPTIDE_EVAL_DIR` when present, else the extraction fixtures),
//!   native vs sandboxed with every limit on vs sandboxed with epoch
//!   interruption only (no fuel metering).
//! - `threads`: the same sample on 1 and 2 threads sharing one extractor.
//!
//! Compare within a group: sandboxed / native is the number that matters.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use riptide_core::{ExtractInput, ExtractMode, Extractor};
use riptide_extraction::NativeExtractor;
use riptide_sandbox::{Sandbox, SandboxConfig, StartupTimings};

/// Pages per sample: enough variety, short enough iterations.
const SAMPLE_PAGES: usize = 24;

fn sample_pages() -> Vec<String> {
    let eval = std::env::var_os("RIPTIDE_EVAL_DIR")
        .map_or_else(|| PathBuf::from("/work/shared/eval"), PathBuf::from);
    let mut files = Vec::new();
    collect_html(&eval, &mut files);
    if files.is_empty() {
        collect_html(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../extraction/tests/fixtures"),
            &mut files,
        );
    }
    files.sort();
    // Every n-th file: a spread over both eval sets rather than the first few.
    let step = (files.len() / SAMPLE_PAGES).max(1);
    files
        .iter()
        .step_by(step)
        .take(SAMPLE_PAGES)
        .map(|path| {
            let bytes = std::fs::read(path).expect("sample page");
            riptide_core::charset::decode_html(&bytes, None)
                .text
                .into_owned()
        })
        .collect()
}

fn collect_html(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(|entry| entry.ok().map(|entry| entry.path())) {
        if path.is_dir() {
            collect_html(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "html") {
            files.push(path);
        }
    }
}

fn run_all<'a>(extractor: &dyn Extractor, pages: impl IntoIterator<Item = &'a String>) {
    for html in pages {
        let input = ExtractInput {
            html,
            url: None,
            mode: &ExtractMode::Article,
        };
        let _ = black_box(extractor.extract(&input));
    }
}

fn cache_dir() -> PathBuf {
    std::env::temp_dir().join("riptide-bench-components")
}

fn config(fuel: bool) -> SandboxConfig {
    let defaults = SandboxConfig::default();
    SandboxConfig {
        cache_dir: Some(cache_dir()),
        fuel: if fuel { defaults.fuel } else { None },
        ..defaults
    }
}

fn cold_start(c: &mut Criterion) {
    let page = &"<html><head><title>First</title></head><body><article><h1>First</h1>\
                <p>The first page a new process extracts, long enough to count as text.</p></article></body></html>".to_owned();
    drop(Sandbox::new(config(true)).expect("sandbox")); // warm the AOT cache
    report_startup_parts();
    let mut group = c.benchmark_group("cold_start");
    group.sample_size(20);
    group.bench_function("sandbox_new_cached", |b| {
        b.iter(|| Sandbox::new(config(true)).expect("sandbox"))
    });
    group.bench_function("sandbox_new_and_first_page", |b| {
        b.iter(|| {
            let sandbox = Sandbox::new(config(true)).expect("sandbox");
            run_all(&sandbox, [page]);
        })
    });
    group.bench_function("native_first_page", |b| {
        b.iter(|| run_all(&NativeExtractor::default(), [page]))
    });
    group.finish();
}

/// Criterion times whole closures; the parts of a start are printed instead.
fn report_startup_parts() {
    const STARTS: u32 = 20;
    let mut total = StartupTimings::default();
    for _ in 0..STARTS {
        let parts = Sandbox::new(config(true))
            .expect("sandbox")
            .startup_timings();
        total.engine += parts.engine;
        total.load += parts.load;
        total.link += parts.link;
    }
    eprintln!(
        "cold_start parts (mean of {STARTS}, cached component): engine {:?}, load {:?}, link+pre-instantiate {:?}",
        total.engine / STARTS,
        total.load / STARTS,
        total.link / STARTS,
    );
}

fn instantiate(c: &mut Criterion) {
    let sandbox = Sandbox::new(config(true)).expect("sandbox");
    c.bench_function("instantiate/fresh_store_instance_and_trivial_call", |b| {
        b.iter(|| black_box(sandbox.modes().expect("modes")))
    });
}

fn per_page(c: &mut Criterion) {
    let pages = sample_pages();
    let bytes: usize = pages.iter().map(String::len).sum();
    let native = NativeExtractor::default();
    let limited = Sandbox::new(config(true)).expect("sandbox");
    let epoch_only = Sandbox::new(config(false)).expect("sandbox");
    let mut group = c.benchmark_group("per_page");
    group.throughput(Throughput::Bytes(bytes as u64));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("native", |b| b.iter(|| run_all(&native, &pages)));
    group.bench_function("sandboxed_all_limits", |b| {
        b.iter(|| run_all(&limited, &pages))
    });
    group.bench_function("sandboxed_epoch_only", |b| {
        b.iter(|| run_all(&epoch_only, &pages))
    });
    group.finish();
}

fn threads(c: &mut Criterion) {
    let pages = Arc::new(sample_pages());
    let bytes: usize = pages.iter().map(String::len).sum();
    let native: Arc<dyn Extractor> = Arc::new(NativeExtractor::default());
    let sandboxed: Arc<dyn Extractor> = Arc::new(Sandbox::new(config(true)).expect("sandbox"));
    let mut group = c.benchmark_group("threads");
    group.throughput(Throughput::Bytes(bytes as u64));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for threads in [1, 2] {
        for (name, extractor) in [("native", &native), ("sandboxed", &sandboxed)] {
            group.bench_with_input(BenchmarkId::new(name, threads), &threads, |b, &threads| {
                b.iter(|| parallel(extractor, &pages, threads))
            });
        }
    }
    group.finish();
}

/// Splits the sample between `threads` threads sharing one extractor.
fn parallel(extractor: &Arc<dyn Extractor>, pages: &Arc<Vec<String>>, threads: usize) {
    std::thread::scope(|scope| {
        for worker in 0..threads {
            scope.spawn(move || {
                run_all(
                    extractor.as_ref(),
                    pages.iter().skip(worker).step_by(threads),
                );
            });
        }
    });
}

criterion_group!(benches, cold_start, instantiate, per_page, threads);
criterion_main!(benches);
