//! The `data-*` attributes of a start tag that no reader uses, found as the
//! HTML tokenizer reads attributes.

use std::ops::Range;

use memchr::{memchr, memmem};

use super::tags::{is_name_end, is_space};

/// The `data-*` attributes that hold an image's real source on pages that
/// load images lazily (`src` is then a placeholder): the engine reads them,
/// so the prefilter keeps them. `data-srcset` is read like `srcset`.
pub const LAZY_IMAGE_SOURCES: [&str; 4] =
    ["data-src", "data-lazy-src", "data-original", "data-url"];
/// See [`LAZY_IMAGE_SOURCES`].
pub const LAZY_IMAGE_SRCSET: &str = "data-srcset";
/// The `data-*` attributes that make a button close its container (an
/// overlay's tell): read by the engine, kept by the prefilter.
pub const DISMISS_CONTROLS: [&str; 2] = ["data-dismiss", "data-bs-dismiss"];

/// What the start tag opening `rest` (`<` and a letter) holds: its length,
/// and the byte ranges of its unread `data-*` attributes (each with its
/// value) in `unread`. `None` when the tag never ends: the tokenizer then
/// reads the rest of the page as that tag.
///
/// Only tags that name `data-` before their first `>` are read attribute by
/// attribute; for the others the answer is the length up to that `>`, which
/// is right unless a quoted value holds a `>` (the caller then reads the
/// value's remainder as text, where it finds nothing to cut).
pub(crate) fn scan_start_tag(rest: &[u8], unread: &mut Vec<Range<usize>>) -> Option<usize> {
    let first_gt = memchr(b'>', rest)?;
    if memmem::find(&rest[..first_gt], b"data-").is_none() {
        return Some(first_gt + 1);
    }
    let mut at = 1;
    while !is_name_end(*rest.get(at)?) {
        at += 1;
    }
    loop {
        // Before an attribute name (also after one, and after a `/`).
        match *rest.get(at)? {
            b'>' => return Some(at + 1),
            byte if is_space(byte) || byte == b'/' => {
                at += 1;
                continue;
            }
            _ => {}
        }
        let name_start = at;
        // The first character is part of the name even when it is `=`.
        at += 1;
        while !is_name_end(*rest.get(at)?) && rest[at] != b'=' {
            at += 1;
        }
        let name = &rest[name_start..at];
        let mut next = at;
        while is_space(*rest.get(next)?) {
            next += 1;
        }
        if rest[next] == b'=' {
            at = value_end(rest, next + 1)?;
        }
        if is_unread_data_attribute(name) {
            unread.push(name_start..at);
        }
    }
}

/// Where the attribute value starting at or after `at` (past `=`) ends.
fn value_end(rest: &[u8], mut at: usize) -> Option<usize> {
    while is_space(*rest.get(at)?) {
        at += 1;
    }
    match rest[at] {
        quote @ (b'"' | b'\'') => Some(at + 1 + memchr(quote, &rest[at + 1..])? + 1),
        // `name=>`: no value, and the tag ends here.
        b'>' => Some(at),
        _ => {
            while !is_space(*rest.get(at)?) && rest[at] != b'>' {
                at += 1;
            }
            Some(at)
        }
    }
}

fn is_unread_data_attribute(name: &[u8]) -> bool {
    name.len() > "data-".len()
        && name[.."data-".len()].eq_ignore_ascii_case(b"data-")
        && !LAZY_IMAGE_SOURCES
            .iter()
            .chain([&LAZY_IMAGE_SRCSET])
            .chain(&DISMISS_CONTROLS)
            .any(|read| name.eq_ignore_ascii_case(read.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tag's length and the text of each unread attribute.
    fn scan(tag: &str) -> Option<(usize, Vec<&str>)> {
        let mut unread = Vec::new();
        let len = scan_start_tag(tag.as_bytes(), &mut unread)?;
        Some((len, unread.into_iter().map(|r| &tag[r]).collect()))
    }

    #[test]
    fn data_attributes_are_found_with_their_values() {
        let tag = "<div class=a data-x=\"1 > 2\" data-Y='q' data-z=bare data-empty id=b>rest";
        assert_eq!(
            scan(tag),
            Some((
                tag.len() - "rest".len(),
                vec![
                    "data-x=\"1 > 2\"",
                    "data-Y='q'",
                    "data-z=bare",
                    "data-empty"
                ]
            ))
        );
    }

    #[test]
    fn lazy_image_sources_are_read_and_stay() {
        let tag = "<img data-src=a.jpg DATA-SRCSET='b 2x' data-lazy-src=c data-id=7 src=x \
                   data-bs-dismiss=modal>";
        assert_eq!(scan(tag), Some((tag.len(), vec!["data-id=7"])));
    }

    #[test]
    fn attributes_are_split_where_the_tokenizer_splits_them() {
        // A quoted value followed at once by a name; a value-less name
        // before `/>`; spaces around `=`; a name starting with `=`.
        let tag = "<a href=\"x\"data-a=1 data-b/ data-c = 'v' =data-d data-e=>";
        assert_eq!(
            scan(tag),
            Some((
                tag.len(),
                vec!["data-a=1", "data-b", "data-c = 'v'", "data-e="]
            ))
        );
        // An unquoted value runs to whitespace or `>`, quotes included.
        let tag = "<a title=x\"data-a=1\" data-b=2>";
        assert_eq!(scan(tag), Some((tag.len(), vec!["data-b=2"])));
    }

    #[test]
    fn values_naming_data_are_not_attributes() {
        let tag = "<a title=\"data-x=1\" href='/data-y'>";
        assert_eq!(scan(tag), Some((tag.len(), vec![])));
        assert_eq!(scan("<p>"), Some((3, vec![])));
    }

    #[test]
    fn unterminated_tags_have_no_end() {
        assert_eq!(scan("<div data-x=\"1>"), None);
        assert_eq!(scan("<div data-x=1"), None);
        assert_eq!(scan("<div class=a"), None);
    }
}
