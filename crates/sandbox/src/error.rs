//! Errors: setting the sandbox up ([`SandboxError`]) and turning a failed call
//! into the [`ExtractError`] every extractor speaks.

use riptide_core::ExtractError;
use wasmtime::Trap;

use crate::SandboxConfig;

/// Why a [`crate::Sandbox`] could not be set up. Every variant means the
/// sandbox is unavailable; none is the fault of a document.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SandboxError {
    /// The Wasmtime engine rejected the configuration.
    #[error("configuring the Wasmtime engine: {0}")]
    Engine(String),
    /// The component did not compile or does not match the `extractor` world.
    #[error("loading the extractor component: {0}")]
    Component(String),
    /// Linking WASI or pre-instantiating the component failed.
    #[error("linking the extractor component: {0}")]
    Link(String),
    /// The epoch ticker thread could not be started.
    #[error("starting the epoch ticker thread: {0}")]
    Ticker(#[from] std::io::Error),
}

impl From<SandboxError> for ExtractError {
    fn from(err: SandboxError) -> Self {
        ExtractError::Unavailable(err.to_string())
    }
}

/// Renders a Wasmtime error with its whole context chain.
pub(crate) fn chain(err: &wasmtime::Error) -> String {
    format!("{err:#}")
}

/// Classifies an error raised while the guest ran one document. All of these
/// are faults of the document (it breached a limit, or made the engine trap),
/// hence final: the fallback must not retry them natively.
pub(crate) fn call_error(err: &wasmtime::Error, memory_limit_hit: bool) -> ExtractError {
    // The limiter traps on a refused `memory.grow`; the flag is the reliable
    // signal (the error is a plain message, and the guest's allocator may
    // abort with `unreachable` first).
    if memory_limit_hit {
        return ExtractError::MemoryLimit;
    }
    match err.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => ExtractError::OutOfFuel,
        Some(Trap::Interrupt) => ExtractError::Timeout,
        Some(Trap::StackOverflow) => ExtractError::StackOverflow,
        Some(trap) => ExtractError::Trap(trap.to_string()),
        None => ExtractError::Trap(chain(err)),
    }
}

/// Logs why the sandbox did not extract `page`: a breached limit or a trap at
/// info level, naming the limit in force; anything else (the guest refusing
/// the page, the sandbox unavailable) at debug level.
pub(crate) fn log_failure(page: Option<&str>, err: &ExtractError, config: &SandboxConfig) {
    let page = page.unwrap_or("a page without URL");
    match breach_detail(err, config) {
        Some(detail) => log::info!("sandbox stopped {page}: {err} ({detail})"),
        None => log::debug!("sandbox did not extract {page}: {err}"),
    }
}

/// The limit a breach ran into, for the log; `None` when `err` is no breach.
fn breach_detail(err: &ExtractError, config: &SandboxConfig) -> Option<String> {
    Some(match err {
        ExtractError::InputTooLarge { .. } => "refused before the call".to_owned(),
        ExtractError::MemoryLimit => format!("limit {} MiB", config.memory_limit_bytes >> 20),
        ExtractError::OutOfFuel => match config.fuel {
            Some(fuel) => format!("budget {fuel} units"),
            None => "fuel metering off".to_owned(),
        },
        ExtractError::Timeout => format!("deadline {:?}", config.timeout),
        ExtractError::StackOverflow => {
            format!("wasm stack {} KiB", config.max_wasm_stack_bytes >> 10)
        }
        ExtractError::Trap(_) => "the instance was discarded".to_owned(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaches_name_their_limit_and_refusals_are_no_breach() {
        let config = SandboxConfig {
            fuel: Some(7),
            ..SandboxConfig::default()
        };
        assert_eq!(
            breach_detail(&ExtractError::OutOfFuel, &config).as_deref(),
            Some("budget 7 units")
        );
        assert_eq!(
            breach_detail(&ExtractError::MemoryLimit, &config).as_deref(),
            Some("limit 64 MiB")
        );
        assert_eq!(
            breach_detail(&ExtractError::NotHtml("binary".into()), &config),
            None
        );
        assert_eq!(
            breach_detail(&ExtractError::Unavailable("pool".into()), &config),
            None
        );
    }

    #[test]
    fn traps_map_to_their_typed_errors() {
        let cases = [
            (Trap::OutOfFuel, ExtractError::OutOfFuel),
            (Trap::Interrupt, ExtractError::Timeout),
            (Trap::StackOverflow, ExtractError::StackOverflow),
        ];
        for (trap, expected) in cases {
            assert_eq!(call_error(&wasmtime::Error::new(trap), false), expected);
        }
        let other = call_error(&wasmtime::Error::new(Trap::UnreachableCodeReached), false);
        assert!(matches!(other, ExtractError::Trap(message) if message.contains("unreachable")));
    }

    #[test]
    fn a_refused_grow_is_a_memory_limit_whatever_the_trap() {
        let err = wasmtime::Error::new(Trap::UnreachableCodeReached);
        assert_eq!(call_error(&err, true), ExtractError::MemoryLimit);
    }

    #[test]
    fn setup_failures_make_the_sandbox_unavailable() {
        let err: ExtractError = SandboxError::Link("missing import".into()).into();
        assert!(err.is_unavailable());
    }
}
