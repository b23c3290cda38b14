//! `riptide extract URL`, `riptide crawl` and `riptide map` against real
//! HTTP servers on 127.0.0.1.

mod crawl;
mod extract_url;
mod resume;
mod serve_db;
mod workers;

use assert_cmd::Command;

fn riptide() -> Command {
    let mut cmd = Command::cargo_bin("riptide").expect("riptide binary");
    cmd.env_remove("RUST_LOG");
    cmd
}

fn jsonl(bytes: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|err| panic!("{err}: {line}")))
        .collect()
}
