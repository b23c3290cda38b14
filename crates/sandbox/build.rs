//! Builds the guest components for `wasm32-wasip2`, as wasmtime's own
//! test-programs crate does, so that no checkout ever runs against a missing
//! or stale `.wasm`:
//!
//! - `wasm/riptide-extractor-wasm`, the extractor, embedded in the library
//!   (`RIPTIDE_GUEST_WASM`), with its SHA-256 (`RIPTIDE_GUEST_WASM_SHA256`, the
//!   AOT cache key, so that a start need not hash 1.7 MB);
//! - `wasm/riptide-hostile-guest`, a test-only guest that loops, allocates and
//!   recurses without end or panics on request. Only its path is exported
//!   (`RIPTIDE_HOSTILE_GUEST_WASM`, read by this crate's tests); the library
//!   never embeds it.
//!
//! The nested cargo uses its own target directory (next to the outer one, not
//! inside it): the outer cargo holds the lock on its own build directory for
//! the whole build, so sharing it would deadlock. Cargo's own freshness checks
//! make the nested build a no-op when nothing changed.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

/// The guests: package, artifact, and the variable that carries the built file's path.
const GUESTS: [Guest; 2] = [
    Guest {
        package: "riptide-extractor-wasm",
        artifact: "riptide_extractor_wasm.wasm",
        path_variable: "RIPTIDE_GUEST_WASM",
        sha256_variable: Some("RIPTIDE_GUEST_WASM_SHA256"),
    },
    Guest {
        package: "riptide-hostile-guest",
        artifact: "riptide_hostile_guest.wasm",
        path_variable: "RIPTIDE_HOSTILE_GUEST_WASM",
        sha256_variable: None,
    },
];
const TARGET: &str = "wasm32-wasip2";
const PROFILE: &str = "guest";
/// Code-generation flags for the guests (and only them).
const GUEST_RUSTFLAGS: &str = "-C target-feature=+simd128";

fn main() {
    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest_dir.join("../..");
    // Everything the guest is made of: its own sources, the engine, the
    // contract, the vendored dependencies, and the lock file that pins the
    // others.
    for input in [
        "wasm/riptide-extractor-wasm",
        "wasm/riptide-hostile-guest",
        "crates/extraction/src",
        "crates/extraction/Cargo.toml",
        "crates/core/src",
        "crates/core/Cargo.toml",
        "wit",
        // Crates patched in through `[patch.crates-io]`: editing them
        // changes neither Cargo.toml nor Cargo.lock.
        "vendor",
        "Cargo.toml",
        "Cargo.lock",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(input).display());
    }

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let target_dir = guest_target_dir(&out_dir);
    build_guests(&root, &target_dir);

    for guest in GUESTS {
        let built = target_dir.join(TARGET).join(PROFILE).join(guest.artifact);
        // A private copy: another build sharing the guest target directory may
        // rewrite `built` while this crate is compiling `include_bytes!` of it.
        let copy = out_dir.join(guest.artifact);
        std::fs::copy(&built, &copy)
            .unwrap_or_else(|err| panic!("copying the guest component {}: {err}", built.display()));
        println!("cargo:rustc-env={}={}", guest.path_variable, copy.display());
        if let Some(variable) = guest.sha256_variable {
            let wasm = std::fs::read(&copy)
                .unwrap_or_else(|err| panic!("reading {}: {err}", copy.display()));
            let hex: String = Sha256::digest(&wasm)
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect();
            println!("cargo:rustc-env={variable}={hex}");
        }
    }
}

/// One guest crate of the workspace, built for `wasm32-wasip2`.
struct Guest {
    package: &'static str,
    artifact: &'static str,
    path_variable: &'static str,
    /// The variable that carries the built file's SHA-256 in hex, for the
    /// guest the library embeds.
    sha256_variable: Option<&'static str>,
}

/// `<target>/riptide-guest`, found from `OUT_DIR` (`<target>/<profile>/build/<pkg>/out`),
/// so that `cargo check`, `clippy`, `test` and `doc` share one guest build;
/// inside `OUT_DIR` if the layout ever differs.
fn guest_target_dir(out_dir: &Path) -> PathBuf {
    match out_dir.ancestors().nth(4) {
        Some(target)
            if out_dir.ancestors().nth(2).and_then(Path::file_name) == Some("build".as_ref()) =>
        {
            target.join("riptide-guest")
        }
        _ => out_dir.join("riptide-guest"),
    }
}

fn build_guests(root: &Path, target_dir: &Path) {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(root).arg("build");
    for guest in GUESTS {
        command.args(["--package", guest.package]);
    }
    let status = command
        .args(["--target", TARGET, "--profile", PROFILE])
        .env("CARGO_TARGET_DIR", target_dir)
        // Flags meant for the host build (coverage, sanitizers, target-cpu)
        // must not leak into the wasm build.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        // `cargo clippy` wraps workspace crates with clippy-driver; the guest
        // is linted by the outer clippy run already (it is a workspace member).
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        // 128-bit SIMD lets LLVM vectorise the guests' byte loops and
        // `memchr`-style searches (Wasmtime compiles them to SSE/AVX): 6-8%
        // less time per sandboxed page, identical output on the eval pages.
        .env("CARGO_TARGET_WASM32_WASIP2_RUSTFLAGS", GUEST_RUSTFLAGS)
        .status()
        .unwrap_or_else(|err| panic!("running cargo to build the guest component: {err}"));
    assert!(
        status.success(),
        "building the guest components for {TARGET} failed (is the target installed? \
         `rustup target add {TARGET}`; rust-toolchain.toml lists it)"
    );
}
