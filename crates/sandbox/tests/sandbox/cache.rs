//! The AOT cache: compiled once, loaded afterwards, rebuilt when corrupt.

use std::fs;

use riptide_core::ExtractMode;
use riptide_sandbox::{CacheOutcome, SandboxConfig};

use crate::support::{ARTICLE, assert_still_serves, extract, sandbox};

fn cache_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn compiled_once_then_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let config = SandboxConfig {
        cache_dir: Some(dir.path().to_owned()),
        ..SandboxConfig::default()
    };
    assert_eq!(
        sandbox(config.clone()).cache_outcome(),
        CacheOutcome::Compiled
    );
    let loaded = sandbox(config);
    assert_eq!(loaded.cache_outcome(), CacheOutcome::Hit);
    assert_still_serves(&loaded);
    assert_eq!(cache_files(dir.path()).len(), 1);
}

#[test]
fn a_corrupt_cache_file_is_recompiled() {
    let dir = tempfile::tempdir().unwrap();
    let config = SandboxConfig {
        cache_dir: Some(dir.path().to_owned()),
        ..SandboxConfig::default()
    };
    sandbox(config.clone());
    let file = cache_files(dir.path()).pop().unwrap();
    let mut bytes = fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    fs::write(&file, &bytes).unwrap();
    let recompiled = sandbox(config.clone());
    assert_eq!(recompiled.cache_outcome(), CacheOutcome::Recompiled);
    assert_still_serves(&recompiled);
    assert_eq!(
        sandbox(config).cache_outcome(),
        CacheOutcome::Hit,
        "the rewritten file is valid"
    );
}

#[test]
fn another_engine_configuration_gets_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let metered = SandboxConfig {
        cache_dir: Some(dir.path().to_owned()),
        ..SandboxConfig::default()
    };
    let epoch_only = SandboxConfig {
        fuel: None,
        ..metered.clone()
    };
    sandbox(metered);
    let unmetered = sandbox(epoch_only);
    assert_eq!(unmetered.cache_outcome(), CacheOutcome::Compiled);
    assert_eq!(cache_files(dir.path()).len(), 2);
    assert!(extract(&unmetered, ARTICLE, &ExtractMode::Article).is_ok());
}

#[test]
fn no_cache_directory_compiles_in_memory() {
    let uncached = sandbox(SandboxConfig {
        cache_dir: None,
        ..SandboxConfig::default()
    });
    assert_eq!(uncached.cache_outcome(), CacheOutcome::Disabled);
    assert_still_serves(&uncached);
}
