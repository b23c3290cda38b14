//! The documented exit codes of `riptide`.

/// How a `riptide` run ended. Printed in `--help`; scripts rely on these values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Every input was processed.
    Success = 0,
    /// The run finished, but some inputs failed (each has an error record).
    PartialFailure = 1,
    /// The command line or configuration is invalid (clap uses this code too).
    Usage = 2,
    /// The run could not go on: output not writable, no inputs readable at all.
    Fatal = 3,
}

/// The exit-code table shown at the end of `--help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  every input was processed
  1  the run finished, but some inputs failed (each has an error record)
  2  usage or configuration error
  3  fatal error (output not writable, ...)";

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code as u8)
    }
}
