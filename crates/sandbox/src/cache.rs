//! The ahead-of-time cache: a component compiled once, serialized to disk and
//! deserialized (~0.3 ms) on later starts instead of recompiled (~0.3-0.5 s).
//!
//! A cache file is named after the SHA-256 of the `.wasm` and of the engine's
//! [`Engine::precompile_compatibility_hash`] (Wasmtime version, target and
//! every setting that changes code: fuel, epochs, stack cap, ...), so a new
//! guest or a new configuration gets a new file, never a wrong one. The file
//! ends with the SHA-256 of its contents: a truncated or corrupted file is
//! detected, deleted and recompiled.

use std::fs;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};
use wasmtime::Engine;
use wasmtime::component::Component;

use crate::error::{SandboxError, chain};

/// How the component was obtained at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CacheOutcome {
    /// No cache directory is configured: compiled in memory.
    Disabled,
    /// Loaded from a valid cache file.
    Hit,
    /// No cache file yet: compiled and written.
    Compiled,
    /// The cache file was corrupt or unreadable: compiled again and rewritten.
    Recompiled,
}

const CHECKSUM_LEN: usize = 32;

/// Loads `wasm` as a component for `engine`, through the cache in `dir` when given.
pub(crate) fn load(
    engine: &Engine,
    wasm: &[u8],
    dir: Option<&Path>,
) -> Result<(Component, CacheOutcome), SandboxError> {
    let Some(dir) = dir else {
        return Ok((compile(engine, wasm)?, CacheOutcome::Disabled));
    };
    let path = cache_path(engine, wasm, dir);
    let outcome = match fs::read(&path) {
        Ok(bytes) => match deserialize(engine, &bytes) {
            Some(component) => return Ok((component, CacheOutcome::Hit)),
            None => {
                log::warn!(
                    "sandbox: discarding corrupt component cache {}",
                    path.display()
                );
                CacheOutcome::Recompiled
            }
        },
        Err(_) => CacheOutcome::Compiled,
    };
    let component = compile(engine, wasm)?;
    if let Err(err) = store(&component, &path) {
        // The cache only saves start-up time: run uncached rather than fail.
        log::warn!(
            "sandbox: cannot write component cache {}: {err}",
            path.display()
        );
    }
    Ok((component, outcome))
}

/// `<dir>/riptide-extractor-<wasm hash>-<engine hash>.cwasm`.
pub(crate) fn cache_path(engine: &Engine, wasm: &[u8], dir: &Path) -> PathBuf {
    let wasm_hash = hex(&Sha256::digest(wasm));
    let mut engine_hash = DigestHasher(Sha256::new());
    engine
        .precompile_compatibility_hash()
        .hash(&mut engine_hash);
    let engine_hash = hex(&engine_hash.0.finalize());
    dir.join(format!(
        "riptide-extractor-{}-{}.cwasm",
        &wasm_hash[..16],
        &engine_hash[..16]
    ))
}

fn compile(engine: &Engine, wasm: &[u8]) -> Result<Component, SandboxError> {
    Component::new(engine, wasm).map_err(|err| SandboxError::Component(chain(&err)))
}

/// The component in `bytes`, if its checksum holds and Wasmtime accepts it.
fn deserialize(engine: &Engine, bytes: &[u8]) -> Option<Component> {
    let (body, checksum) = bytes.split_at_checked(bytes.len().checked_sub(CHECKSUM_LEN)?)?;
    if Sha256::digest(body).as_slice() != checksum {
        return None;
    }
    // SAFETY: `Component::deserialize` trusts its input to be machine code that
    // Wasmtime itself produced. This file was written by `store` below from
    // `Component::serialize` for an engine with the same compatibility hash
    // (it is in the file name), and its SHA-256 checksum was just verified, so
    // it is byte for byte what Wasmtime serialized. Wasmtime additionally checks
    // the version and configuration header. Anyone able to replace the file
    // with a matching checksum can already write to the user's cache directory.
    #[allow(unsafe_code)]
    let component = unsafe { Component::deserialize(engine, body) };
    component.ok()
}

/// Writes the serialized component and its checksum atomically (temporary
/// file, then rename), so that concurrent starts never read half a file.
fn store(component: &Component, path: &Path) -> std::io::Result<()> {
    let body = component
        .serialize()
        .map_err(|err| std::io::Error::other(chain(&err)))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    // Unique per process and per call: threads of one process may race too.
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let unique = WRITES.fetch_add(1, Ordering::Relaxed);
    let temporary = path.with_extension(format!("tmp{}-{unique}", std::process::id()));
    let mut file = fs::File::create(&temporary)?;
    file.write_all(&body)?;
    file.write_all(&Sha256::digest(&body))?;
    file.sync_all()?;
    drop(file);
    fs::rename(&temporary, path)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Feeds [`Hash`] output into SHA-256: stable across runs and processes,
/// unlike the randomly keyed default hasher.
struct DigestHasher(Sha256);

impl Hasher for DigestHasher {
    fn finish(&self) -> u64 {
        let digest = self.0.clone().finalize();
        u64::from_le_bytes(digest[..8].try_into().unwrap_or_default())
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}
