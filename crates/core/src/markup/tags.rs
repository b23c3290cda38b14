//! Finding where a start tag, a comment or a raw-text element's body ends,
//! byte by byte, as the HTML tokenizer would.

use memchr::memmem;

/// Length of the start tag at the beginning of `rest` (from `<` to past `>`),
/// honouring quoted attribute values: a `>` inside quotes does not end the tag.
pub fn start_tag_len(rest: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        at += memchr::memchr3(b'>', b'"', b'\'', &rest[at..])?;
        let byte = rest[at];
        if byte == b'>' {
            return Some(at + 1);
        }
        at += 1;
        at += memchr::memchr(byte, &rest[at..])? + 1;
    }
}

/// Length of the comment opening `rest` (which starts with `<!--`), ended as
/// the HTML tokenizer ends it: by `-->`, by `--!>`, or at once by `<!-->` and
/// `<!--->`; `None` when it is never closed.
pub fn comment_len(rest: &[u8]) -> Option<usize> {
    const OPEN: usize = "<!--".len();
    let body = rest.get(OPEN..)?;
    if body.starts_with(b">") {
        return Some(OPEN + 1);
    }
    if body.starts_with(b"->") {
        return Some(OPEN + 2);
    }
    let mut from = 0;
    while let Some(offset) = memmem::find(&body[from..], b"--") {
        let dashes = from + offset;
        let after = &body[dashes + 2..];
        if after.starts_with(b">") {
            return Some(OPEN + dashes + 3);
        }
        if after.starts_with(b"!>") {
            return Some(OPEN + dashes + 4);
        }
        from = dashes + 1;
    }
    None
}

/// Offset of the end tag `</name` (any case) that closes a raw-text body.
pub fn end_tag_offset(body: &[u8], name: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(offset) = memmem::find(&body[at..], b"</") {
        let candidate = &body[at + offset + 2..];
        if candidate.len() >= name.len() && candidate[..name.len()].eq_ignore_ascii_case(name) {
            return Some(at + offset);
        }
        at += offset + 2;
    }
    None
}

/// Whitespace as the tokenizer sees it (`\r` becomes `\n` before it).
pub(crate) fn is_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// A byte that ends a tag or attribute name.
pub(crate) fn is_name_end(byte: u8) -> bool {
    is_space(byte) || byte == b'/' || byte == b'>'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_gt_does_not_end_a_tag() {
        assert_eq!(start_tag_len(b"<div title=\"a>b\" x='>'>rest"), Some(23));
        assert_eq!(start_tag_len(b"<div title=\"unterminated>"), None);
    }

    #[test]
    fn end_tags_match_any_case() {
        assert_eq!(end_tag_offset(b"a</b></SCRIPT>", b"script"), Some(5));
        assert_eq!(end_tag_offset(b"no end", b"script"), None);
    }
}
