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
    /// `-v`: also riptide's own informational and debug messages.
    Verbose,
}

/// Installs the logger; a second call keeps the first logger.
pub fn init(verbosity: Verbosity) {
    let max = match verbosity {
        Verbosity::Quiet => LevelFilter::Error,
        Verbosity::Normal => LevelFilter::Warn,
        Verbosity::Verbose => LevelFilter::Debug,
    };
    if log::set_logger(&STDERR).is_ok() {
        log::set_max_level(max);
    }
}

static STDERR: StderrLogger = StderrLogger;

struct StderrLogger;

impl Log for StderrLogger {
    /// Below warnings only riptide's crates speak: dependencies' chatter
    /// (TLS, the Wasmtime compiler) is not for the command line.
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() <= log::max_level()
            && (metadata.level() <= Level::Warn || metadata.target().starts_with("riptide"))
    }

    fn log(&self, record: &Record<'_>) {
        if self.enabled(record.metadata()) {
            eprintln!("riptide: {}: {}", word(record.level()), record.args());
        }
    }

    fn flush(&self) {}
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
