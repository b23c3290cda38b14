//! Checks that the sandbox gives exactly the native engine's answers on real
//! pages: `cargo run --release -p riptide-sandbox --example equivalence -- DIR...`
//! extracts every `*.html` below the given directories in every mode (article,
//! full, metadata, custom `p`), natively and sandboxed with the default limits,
//! prints each page whose results differ, and a count; exits 1 on any difference.
//! (The tests do the same over the extraction fixtures.)

use std::path::Path;
use std::process::ExitCode;

use riptide_core::{ExtractInput, ExtractMode, Extractor};
use riptide_extraction::NativeExtractor;
use riptide_sandbox::{Sandbox, SandboxConfig};

fn main() -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut pages = Vec::new();
    for dir in std::env::args().skip(1) {
        pages.extend(riptide_benches::load_dir(Path::new(&dir))?);
    }
    let sandbox = Sandbox::new(SandboxConfig::default())?;
    let native = NativeExtractor::default();
    let modes = [
        ExtractMode::Article,
        ExtractMode::Full,
        ExtractMode::Metadata,
        ExtractMode::Custom(vec!["p".into()]),
    ];
    let (mut compared, mut differing) = (0usize, 0usize);
    for page in &pages {
        let html = riptide_core::charset::decode_html(&page.bytes, None).text;
        for mode in &modes {
            let input = ExtractInput {
                html: &html,
                url: Some("https://example.com/page"),
                mode,
            };
            compared += 1;
            if sandbox.extract(&input) != native.extract(&input) {
                differing += 1;
                println!("differs in {mode} mode: {}", page.name);
            }
        }
    }
    println!(
        "{} pages, {compared} extractions compared, {differing} differ",
        pages.len()
    );
    Ok(if differing == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
