//! Byte-level scanning of HTML before a parser sees it, shared by the
//! extraction engine (its depth guard and prefilter) and the crawler's link
//! scan: both tokenize pages with html5ever, which reads scripts, style
//! sheets and comments a character at a time only for them to be ignored.

mod attributes;
mod prefilter;
pub mod tags;

pub use attributes::{DISMISS_CONTROLS, LAZY_IMAGE_SOURCES, LAZY_IMAGE_SRCSET};
pub use prefilter::{Attributes, strip_unread};
