//! The ahead-of-time cache: a component compiled once, serialized to disk and
//! on later starts checksummed and mapped (~3 ms for the 3.3 MB file) instead
//! of recompiled (~0.3-0.5 s).
//!
//! A cache file is named after the SHA-256 of the `.wasm` and of the engine's
//! [`Engine::precompile_compatibility_hash`] (Wasmtime version, target and
//! every setting that changes code: fuel, epochs, stack cap, ...), so a new
//! guest or a new configuration gets a new file, never a wrong one. The file
//! ends with the SHA-256 of its contents: a truncated or corrupted file is
//! detected, deleted and recompiled.

use std::fs;
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
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

/// Loads `wasm` (whose SHA-256 in hex is `wasm_sha256`) as a component for
/// `engine`, through the cache in `dir` when given.
pub(crate) fn load(
    engine: &Engine,
    wasm: &[u8],
    wasm_sha256: &str,
    dir: Option<&Path>,
) -> Result<(Component, CacheOutcome), SandboxError> {
    let Some(dir) = dir else {
        return Ok((compile(engine, wasm)?, CacheOutcome::Disabled));
    };
    let path = cache_path(engine, wasm_sha256, dir);
    let outcome = match checksum_holds(&path) {
        Ok(true) => match deserialize(engine, &path) {
            Some(component) => return Ok((component, CacheOutcome::Hit)),
            None => CacheOutcome::Recompiled,
        },
        Ok(false) => CacheOutcome::Recompiled,
        Err(_) => CacheOutcome::Compiled,
    };
    if outcome == CacheOutcome::Recompiled {
        log::warn!(
            "sandbox: discarding corrupt component cache {}",
            path.display()
        );
    }
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

/// The SHA-256 of `bytes` in lower-case hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// `<dir>/riptide-extractor-<wasm hash>-<engine hash>.cwasm`.
pub(crate) fn cache_path(engine: &Engine, wasm_sha256: &str, dir: &Path) -> PathBuf {
    let mut engine_hash = DigestHasher(Sha256::new());
    engine
        .precompile_compatibility_hash()
        .hash(&mut engine_hash);
    let engine_hash = hex(&engine_hash.0.finalize());
    dir.join(format!(
        "riptide-extractor-{}-{}.cwasm",
        &wasm_sha256[..16],
        &engine_hash[..16]
    ))
}

fn compile(engine: &Engine, wasm: &[u8]) -> Result<Component, SandboxError> {
    Component::new(engine, wasm).map_err(|err| SandboxError::Component(chain(&err)))
}

/// Whether the file at `path` ends with the SHA-256 of what precedes it.
/// Streamed through a small buffer: the body is never copied whole, since
/// Wasmtime maps the file itself afterwards.
fn checksum_holds(path: &Path) -> std::io::Result<bool> {
    let mut file = fs::File::open(path)?;
    let Some(body_len) = file.metadata()?.len().checked_sub(CHECKSUM_LEN as u64) else {
        return Ok(false);
    };
    let mut hasher = Sha256::new();
    let copied = std::io::copy(&mut (&mut file).take(body_len), &mut hasher)?;
    let mut checksum = [0u8; CHECKSUM_LEN];
    file.read_exact(&mut checksum)?;
    Ok(copied == body_len && hasher.finalize().as_slice() == checksum)
}

/// The component in the cache file at `path`, if Wasmtime accepts it. The
/// file is mapped rather than read and copied: its ELF body is Wasmtime's
/// own layout, and the checksum after it lies outside every section.
fn deserialize(engine: &Engine, path: &Path) -> Option<Component> {
    // SAFETY: `Component::deserialize_file` trusts the file to be machine code
    // that Wasmtime itself produced, unchanged while mapped. This file was
    // written by `store` below from `Component::serialize` for an engine with
    // the same compatibility hash (it is in the file name), and its SHA-256
    // checksum was just verified, so it is byte for byte what Wasmtime
    // serialized. Wasmtime additionally checks the version and configuration
    // header. Files are only ever replaced whole (a rename), never rewritten in
    // place, so the mapping cannot change under the running code; anyone able
    // to swap in a file with a matching checksum between the check and the
    // mapping can already write to the user's cache directory.
    #[allow(unsafe_code)]
    let component = unsafe { Component::deserialize_file(engine, path) };
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
