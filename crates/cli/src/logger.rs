//! The CLI's `log` backend: library messages (the sandbox's limit breaches,
//! the circuit breaker's state changes, cache trouble) on standard error as
//! `riptide: LEVEL: message`, as loud as `-q` / `-v` ask.

use log::{Level, LevelFilter, Log, Metadata, Record};

/// How much the user asked to hear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// `-q`: errors only.
    Quiet,
    /// The default: warnings and errors.
    Normal,
    /// `riptide serve`: also riptide's informational messages (jobs resumed,
    /// the circuit breaker's state changes), an operator's log.
    Service,
    /// `-v`: also riptide's own informational and debug messages.
    Verbose,
}

/// Installs the logger; a second call keeps the first logger.
pub fn init(verbosity: Verbosity) {
    let max = match verbosity {
        Verbosity::Quiet => LevelFilter::Error,
        Verbosity::Normal => LevelFilter::Warn,
        Verbosity::Service => LevelFilter::Info,
        Verbosity::Verbose => LevelFilter::Debug,
    };
    if log::set_logger(&STDERR).is_ok() {
        log::set_max_level(max);
    }
}

static STDERR: StderrLogger = StderrLogger;

struct StderrLogger;

impl Log for StderrLogger {
    /// Below errors only riptide's crates speak. Dependencies' warnings are
    /// about their own internals, not the user's input or setup: html5ever
    /// warns "foster parenting not implemented" whenever a table holds stray
    /// content, which it then parses correctly (54 times on 4 of the 990
    /// eval pages), and TLS and the Wasmtime compiler chatter likewise.
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() <= log::max_level()
            && (metadata.level() <= Level::Error || is_riptide(metadata.target()))
    }

    fn log(&self, record: &Record<'_>) {
        if self.enabled(record.metadata()) {
            eprintln!("riptide: {}: {}", word(record.level()), record.args());
        }
    }

    fn flush(&self) {}
}

/// Whether a record's target (its module path, unless set) is one of
/// riptide's crates (`riptide`, `riptide_sandbox::engine`, ...).
fn is_riptide(target: &str) -> bool {
    target == "riptide" || target.starts_with("riptide_") || target.starts_with("riptide::")
}

fn word(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warn => "warning",
        Level::Info => "info",
        Level::Debug => "debug",
        Level::Trace => "trace",
    }
}
