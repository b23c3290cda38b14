//! Integration tests of the extraction engine, one binary with topic modules:
//!
//! - `semantics`: what a careful reader expects from each hand-written fixture
//!   (the key paragraphs are there, the boilerplate is not, metadata is right).
//!   These are the real guard: they cannot drift when snapshots are re-accepted.
//! - `snapshots`: the whole `Document` of every fixture (insta, YAML), to make
//!   any change of output visible in review.
//! - `article`: article-mode rules on small inline pages.
//! - `modes`: full, metadata and custom modes, and cross-mode invariants.
//! - `charset`: non-UTF-8 pages and wrong or missing charset declarations.
//! - `pathological`: hostile nesting, huge inputs, binary and malformed markup.
//! - `robustness`: property tests: no input, random or mutated, makes the engine panic.
//!
//! Fixtures live in `tests/fixtures/` (see the README there).

mod article;
mod charset;
mod common;
mod modes;
mod pathological;
mod robustness;
mod semantics;
mod snapshots;
