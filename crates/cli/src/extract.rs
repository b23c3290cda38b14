//! `riptide extract`: many inputs, extracted in parallel, written in input order.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use riptide_api::BuiltExtractor;
use riptide_core::{ExtractInput, ExtractMode, Extractor};
use riptide_extraction::{ExtractOptions, NativeExtractor};
use riptide_sandbox::SandboxConfig;

use crate::args::{ExtractArgs, ExtractorArg, ModeArg};
use crate::exit::ExitCode;
use crate::inputs::{self, Input};
use crate::output::{Outcome, Record, RecordWriter};

/// Inputs in flight per worker thread: enough to keep every thread busy, few
/// enough that memory stays bounded however many inputs there are.
const BATCH_PER_JOB: usize = 8;

/// A progress bar is shown for at least this many inputs.
const PROGRESS_MIN_INPUTS: usize = 20;

/// Runs `riptide extract`.
pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let mode = mode_of(&args);
    if let ExtractMode::Custom(selectors) = &mode
        && selectors.is_empty()
    {
        eprintln!("riptide: error: --mode custom needs at least one --selector");
        return Ok(ExitCode::Usage);
    }
    let inputs = inputs::expand(&args.inputs);
    let chosen = build_extractor(&args);
    let extractor = &chosen.extractor;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.map_or(0, usize::from))
        .build()
        .context("starting worker threads")?;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => {
            Box::new(File::create(path).with_context(|| format!("creating {}", path.display()))?)
        }
        None => Box::new(io::stdout().lock()),
    };
    let mut writer = RecordWriter::new(BufWriter::new(out), args.format)?;
    let progress = progress_bar(&args, inputs.len());
    let mut failures = 0usize;
    let batch = pool.current_num_threads() * BATCH_PER_JOB;
    for chunk in inputs.chunks(batch) {
        let records: Vec<Record> = pool.install(|| {
            chunk
                .par_iter()
                .map(|input| process(input, &args, &mode, extractor.as_ref()))
                .collect()
        });
        for record in &records {
            if let Outcome::Failed { kind, message } = &record.outcome {
                failures += 1;
                if args.verbose {
                    progress.suspend(|| eprintln!("riptide: {}: {kind}: {message}", record.source));
                }
            }
            writer.write(record).context("writing output")?;
            progress.inc(1);
        }
    }
    writer.finish().context("writing output")?;
    progress.finish_and_clear();
    chosen.log_counters();
    if failures > 0 && !args.quiet {
        eprintln!("riptide: {failures} of {} inputs failed", inputs.len());
    }
    Ok(if failures == 0 {
        ExitCode::Success
    } else {
        ExitCode::PartialFailure
    })
}

fn mode_of(args: &ExtractArgs) -> ExtractMode {
    match args.mode {
        _ if !args.selectors.is_empty() => ExtractMode::Custom(args.selectors.clone()),
        ModeArg::Article => ExtractMode::Article,
        ModeArg::Full => ExtractMode::Full,
        ModeArg::Metadata => ExtractMode::Metadata,
        ModeArg::Custom => ExtractMode::Custom(Vec::new()),
    }
}

fn build_extractor(args: &ExtractArgs) -> BuiltExtractor {
    let options = ExtractOptions {
        max_input_bytes: args.max_input_bytes,
        ..ExtractOptions::default()
    };
    let sandbox = (args.extractor == ExtractorArg::Sandbox).then(|| sandbox_config(args));
    crate::extractor::choose(sandbox, NativeExtractor { options })
}

fn sandbox_config(args: &ExtractArgs) -> SandboxConfig {
    SandboxConfig {
        memory_limit_bytes: args.memory_mib.saturating_mul(1024 * 1024),
        fuel: (args.fuel > 0).then_some(args.fuel),
        timeout: Duration::from_millis(args.timeout_ms),
        max_input_bytes: args.max_input_bytes,
        ..SandboxConfig::default()
    }
}

/// Loads, decodes and extracts one input; every failure becomes an error record.
fn process(
    input: &Input,
    args: &ExtractArgs,
    mode: &ExtractMode,
    extractor: &dyn Extractor,
) -> Record {
    let source = input.source();
    let loaded = match inputs::load(input, args.max_input_bytes as u64) {
        Ok(loaded) => loaded,
        Err(err) => return failed(source, err.kind(), err.to_string()),
    };
    let decoded = riptide_extraction::decode_html(&loaded.bytes, loaded.content_type.as_deref());
    let url = loaded.url.as_deref().or(args.base_url.as_deref());
    let input = ExtractInput {
        html: &decoded.text,
        url,
        mode,
    };
    match extractor.extract(&input) {
        Ok(document) => Record {
            source,
            outcome: Outcome::Extracted(Box::new(document)),
        },
        Err(err) => failed(source, err.kind().as_str(), err.to_string()),
    }
}

fn failed(source: String, kind: &str, message: String) -> Record {
    Record {
        source,
        outcome: Outcome::Failed {
            kind: kind.to_owned(),
            message,
        },
    }
}

fn progress_bar(args: &ExtractArgs, inputs: usize) -> ProgressBar {
    let show = !args.no_progress
        && !args.quiet
        && inputs >= PROGRESS_MIN_INPUTS
        && io::stderr().is_terminal();
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(inputs as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} pages {per_sec} eta {eta}")
    {
        bar.set_style(style);
    }
    bar
}
