//! Byte-level scanning of HTML before a parser sees it, shared by the
//! extraction engine (its depth guard and prefilter) and the crawler's link
//! scan: both tokenize pages with html5ever, which reads scripts, style
//! sheets and comments a character at a time only for them to be ignored.

mod prefilter;
pub mod tags;

pub use prefilter::strip_unread_bodies;
