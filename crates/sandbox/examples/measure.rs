//! Measures what real pages cost in the sandbox, to size the limits:
//! `cargo run -p riptide-sandbox --example measure -- DIR...` prints, over every
//! `*.html` below the given directories, the fuel, peak memory, guest time and
//! the largest input, with the heaviest pages.

use std::path::Path;

use riptide_core::{ExtractInput, ExtractMode};
use riptide_sandbox::{Sandbox, SandboxConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut pages = Vec::new();
    for dir in std::env::args().skip(1) {
        pages.extend(riptide_benches::load_dir(Path::new(&dir))?);
    }
    // Generous limits: measure the pages, do not stop them.
    let sandbox = Sandbox::new(SandboxConfig {
        fuel: Some(u64::MAX / 2),
        memory_limit_bytes: 1 << 30,
        timeout: std::time::Duration::from_secs(60),
        ..SandboxConfig::default()
    })?;
    let mut rows = Vec::new();
    for page in &pages {
        let html = riptide_core::charset::decode_html(&page.bytes, None)
            .text
            .into_owned();
        let input = ExtractInput {
            html: &html,
            url: None,
            mode: &ExtractMode::Article,
        };
        match sandbox.extract_with_stats(&input) {
            Ok((_, stats)) => rows.push((
                stats.fuel_used.unwrap_or(0),
                stats.memory_used_bytes,
                stats.guest_time,
                html.len(),
                &page.name,
            )),
            Err(err) => println!("{}: {err}", page.name),
        }
    }
    println!("{} pages measured", rows.len());
    let max_by = |key: fn(&(u64, u64, std::time::Duration, usize, &String)) -> u64| {
        rows.iter().map(key).max().unwrap_or(0)
    };
    println!("max fuel {:.1} M", max_by(|r| r.0) as f64 / 1e6);
    println!("max memory {:.1} MiB", max_by(|r| r.1) as f64 / 1048576.0);
    println!("max guest time {} ms", max_by(|r| r.2.as_millis() as u64));
    println!("max input {:.2} MB", max_by(|r| r.3 as u64) as f64 / 1e6);
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    for (fuel, memory, time, size, name) in rows.iter().take(5) {
        println!(
            "  {:>8.1} M fuel {:>6.1} MiB {:>5} ms {:>8} B  {}",
            *fuel as f64 / 1e6,
            *memory as f64 / 1048576.0,
            time.as_millis(),
            size,
            name
        );
    }
    Ok(())
}
