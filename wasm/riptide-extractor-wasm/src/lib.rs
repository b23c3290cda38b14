//! riptide's extraction engine as a WebAssembly component (WASI Preview 2).
//!
//! This crate is deliberately thin: it generates the `extractor` world of
//! `wit/extractor.wit` with `wit-bindgen` and forwards every call to
//! [`riptide_extraction`], converting types at the boundary (see [`convert`]).
//! All the logic lives in the extraction crate, so the sandboxed and the native
//! paths run the very same code and give the very same documents.
//!
//! The host (`riptide-sandbox`) builds this crate for `wasm32-wasip2` with the
//! `guest` profile from its build script; built natively, the conversions can be
//! unit-tested like any other Rust code:
//!
//! ```
//! use riptide_extractor_wasm::convert;
//! use riptide_core::ExtractMode;
//!
//! let wit = convert::mode_to_wit(&ExtractMode::Custom(vec!["main".into()]));
//! assert_eq!(convert::mode_from_wit(wit), ExtractMode::Custom(vec!["main".into()]));
//! ```

pub mod convert;
mod guest;

/// The bindings `wit-bindgen` generates from `wit/extractor.wit`, and the export
/// of the guest implementation through them. Generated glue is FFI by nature: the
/// unsafe code it contains is confined to this module.
#[allow(
    unsafe_code,
    missing_docs,
    unused_qualifications,
    clippy::too_many_arguments
)]
pub mod bindings {
    wit_bindgen::generate!({
        world: "extractor",
        path: "../../wit",
    });

    use crate::guest::Component;

    export!(Component with_types_in crate::bindings);
}
