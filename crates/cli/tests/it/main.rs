//! End-to-end tests of the `riptide` binary: output formats, input kinds,
//! error records and exit codes, and the documentation that must not drift
//! from `--help`. Pages come from the extraction crate's fixtures.

mod common;
mod docs;
mod errors;
mod formats;
mod inputs;
