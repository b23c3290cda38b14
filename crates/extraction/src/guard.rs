//! Cheap checks that run before parsing, so hostile input fails fast with a
//! clear error instead of burning time or memory in the parser.
//!
//! html5ever's tree builder checks element scopes by walking its stack of open
//! elements, so a page nested `n` deep costs `O(n²)`: 100k nested `<div>`s take
//! half a minute. A linear byte scan estimates the nesting depth first.

use riptide_core::ExtractError;

/// Elements that never have content, so never deepen the tree.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "image",
];

/// Elements whose end tag is optional and routinely omitted: the parser closes
/// them implicitly, so counting them would overestimate the depth of ordinary pages.
const IMPLIED_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head", "body",
];

/// Elements whose content is raw text: tags inside them are not tags.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "noembed",
    "noframes",
    "plaintext",
];

/// Rejects input over `max_bytes`, binary input, and markup nested deeper than `max_depth`.
pub(crate) fn check(html: &str, max_bytes: usize, max_depth: usize) -> Result<(), ExtractError> {
    if html.len() > max_bytes {
        return Err(ExtractError::InputTooLarge {
            size: html.len() as u64,
            limit: max_bytes as u64,
        });
    }
    if riptide_core::charset::looks_binary(html.as_bytes()) {
        return Err(ExtractError::NotHtml(
            "binary data (NUL or control bytes near the start)".into(),
        ));
    }
    let depth = nesting_depth(html.as_bytes(), max_depth);
    if depth > max_depth {
        return Err(ExtractError::TooDeeplyNested {
            depth,
            limit: max_depth,
        });
    }
    Ok(())
}

/// Estimates the deepest element nesting of `html`, stopping early once it
/// exceeds `stop_above`. Linear in the input size.
pub(crate) fn nesting_depth(html: &[u8], stop_above: usize) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &html[at..]) {
        at += offset + 1;
        let rest = &html[at..];
        if rest.starts_with(b"!--") {
            at += memchr::memmem::find(rest, b"-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !rest[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = &rest[name_start..name_start + name_len];
        if is_one_of(name, VOID) || is_one_of(name, IMPLIED_END) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        if is_one_of(name, RAW_TEXT) {
            at += skip_raw_text(&html[at..], name);
            continue;
        }
        depth += 1;
        deepest = deepest.max(depth);
        if deepest > stop_above {
            break;
        }
    }
    deepest
}

/// Bytes from the start of a raw-text element's start tag to past its end tag.
fn skip_raw_text(rest: &[u8], name: &[u8]) -> usize {
    let mut at = 0;
    while let Some(offset) = memchr::memmem::find(&rest[at..], b"</") {
        at += offset + 2;
        let candidate = &rest[at..];
        if candidate.len() >= name.len()
            && candidate[..name.len()].eq_ignore_ascii_case(name)
        {
            return at + name.len();
        }
    }
    rest.len()
}

/// True when the tag `name` (any case) is in `table`.
fn is_one_of(name: &[u8], table: &[&str]) -> bool {
    table.iter().any(|entry| entry.as_bytes().eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_page_is_shallow() {
        let page = "<html><head><title>a<b</title><script>if (a<b) {'<div>'}</script></head>\
                    <body><div><p>one<p>two<ul><li>x<li>y</ul><img src=x><br></div></body></html>";
        assert_eq!(nesting_depth(page.as_bytes(), 100), 2);
    }

    #[test]
    fn deep_nesting_is_caught_early() {
        let page = "<div>".repeat(100_000);
        assert_eq!(nesting_depth(page.as_bytes(), 1000), 1001);
        let err = check(&page, usize::MAX, 1000).unwrap_err();
        assert!(matches!(
            err,
            ExtractError::TooDeeplyNested { limit: 1000, .. }
        ));
    }

    #[test]
    fn comments_and_closing_tags_balance() {
        let page = "<!-- <div><div> --><section><div></div></section><div>";
        assert_eq!(nesting_depth(page.as_bytes(), 100), 2);
    }

    #[test]
    fn size_limit_comes_first() {
        let err = check("<p>hello</p>", 5, 10).unwrap_err();
        assert!(matches!(
            err,
            ExtractError::InputTooLarge { size: 12, limit: 5 }
        ));
    }

    #[test]
    fn binary_is_rejected() {
        let err = check("\u{0}\u{1}\u{2}PNG", 1000, 10).unwrap_err();
        assert!(matches!(err, ExtractError::NotHtml(_)));
    }
}
