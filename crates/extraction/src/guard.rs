//! Cheap checks that run before parsing, so hostile input fails fast with a
//! clear error instead of burning time or memory in the parser.
//!
//! html5ever's tree builder checks element scopes by walking its stack of open
//! elements, so a page nested `n` deep costs `O(n²)`: 100k nested `<div>`s take
//! half a minute. A linear byte scan estimates the nesting depth first.

use riptide_core::ExtractError;

use riptide_core::markup;

/// How the depth scan treats an element, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagKind {
    /// Never deepens the tree: void elements, which have no content, and
    /// elements whose routinely omitted end tag the parser implies (counting
    /// those would overestimate the depth of ordinary pages).
    Flat,
    /// Holds raw text: tags inside it are not tags.
    RawText,
    /// Everything else: open until its end tag.
    Nesting,
}

/// The kind of the element `name` (any case). A `match` on the lowercased
/// name, since this runs for every tag of every page.
fn tag_kind(name: &[u8]) -> TagKind {
    let mut buffer = [0u8; 9];
    let Some(lower) = buffer.get_mut(..name.len()) else {
        return TagKind::Nesting;
    };
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    match &*lower {
        b"area" | b"base" | b"br" | b"col" | b"embed" | b"hr" | b"img" | b"input" | b"link"
        | b"meta" | b"param" | b"source" | b"track" | b"wbr" | b"keygen" | b"image" | b"p"
        | b"li" | b"dt" | b"dd" | b"tr" | b"td" | b"th" | b"option" | b"optgroup" | b"thead"
        | b"tbody" | b"tfoot" | b"colgroup" | b"caption" | b"rb" | b"rt" | b"rtc" | b"rp"
        | b"html" | b"head" | b"body" => TagKind::Flat,
        b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"noembed" | b"noframes"
        | b"plaintext" => TagKind::RawText,
        _ => TagKind::Nesting,
    }
}

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

/// How far down the stack of open elements an end tag looks for its start
/// tag. Deeper matches are ignored, as the parser ignores most stray end tags;
/// the bound keeps the scan linear.
const END_TAG_SEARCH: usize = 64;

/// Estimates the deepest element nesting of `html`, stopping early once it
/// exceeds `stop_above`. Linear in the input size.
///
/// It keeps its own stack of open elements, so stray end tags (`</span>` with
/// no `<span>`) cannot hide nesting, skips attribute values (a quoted `</div>`
/// is not a tag), and knows that inside `<svg>`/`<math>` a `<script>` or
/// `<style>` holds markup, not raw text.
pub(crate) fn nesting_depth(html: &[u8], stop_above: usize) -> usize {
    let mut open: Vec<&[u8]> = Vec::new();
    let mut foreign = 0usize;
    let mut deepest = 0usize;
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &html[at..]) {
        at += offset;
        let rest = &html[at..];
        if rest.starts_with(b"<!--") {
            // An unterminated comment runs to the end of the page.
            at += markup::tags::comment_len(rest).unwrap_or(rest.len());
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = 1 + usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !rest[name_start].is_ascii_alphabetic() {
            at += 1;
            continue;
        }
        let name = &rest[name_start..name_start + name_len];
        let Some(tag_len) = markup::tags::start_tag_len(rest) else {
            break;
        };
        at += tag_len;
        let kind = tag_kind(name);
        if kind == TagKind::Flat {
            continue;
        }
        if closing {
            let search_from = open.len().saturating_sub(END_TAG_SEARCH);
            if let Some(index) = open[search_from..]
                .iter()
                .rposition(|o| o.eq_ignore_ascii_case(name))
            {
                let closed = open.split_off(search_from + index);
                foreign -= closed.iter().filter(|o| is_foreign_root(o)).count();
            }
            continue;
        }
        let self_closing = rest[..tag_len].ends_with(b"/>");
        if foreign > 0 && self_closing {
            continue;
        }
        if foreign == 0 && kind == TagKind::RawText {
            at += markup::tags::end_tag_offset(&html[at..], name).unwrap_or(html.len() - at);
            continue;
        }
        foreign += usize::from(is_foreign_root(name));
        open.push(name);
        deepest = deepest.max(open.len());
        if deepest > stop_above {
            break;
        }
    }
    deepest
}

/// `<svg>` and `<math>` start foreign content, where the HTML rules for raw
/// text elements do not apply.
fn is_foreign_root(name: &[u8]) -> bool {
    name.eq_ignore_ascii_case(b"svg") || name.eq_ignore_ascii_case(b"math")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_kinds_ignore_case() {
        assert_eq!(tag_kind(b"BR"), TagKind::Flat);
        assert_eq!(tag_kind(b"Script"), TagKind::RawText);
        assert_eq!(tag_kind(b"div"), TagKind::Nesting);
        assert_eq!(tag_kind(b"a-very-long-custom-element"), TagKind::Nesting);
    }

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
    fn a_comment_ended_by_bang_does_not_hide_what_follows() {
        // The tokenizer ends a comment at `--!>`; skipping to a later `-->`
        // would hide the nesting between them from the guard.
        let page = format!("<!-- x --!>{}<!-- -->", "<div>".repeat(50));
        assert_eq!(nesting_depth(page.as_bytes(), 100), 50);
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
