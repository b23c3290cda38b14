//! Dropping what the engine never reads before the parser sees it.
//!
//! Scripts and style sheets are about 40% of the bytes of a typical page, and
//! inline SVG (icons, logos, charts as path data) another 5%: the parser
//! would tokenize all of them only for the engine to throw them away. Their
//! bodies are cut here, leaving empty elements behind, so the tree has the
//! same shape. JSON-LD scripts are kept: they carry metadata.

use std::borrow::Cow;

use memchr::{memchr, memmem};

use crate::tags::{end_tag_offset, start_tag_len};

/// The page with the bodies of scripts (but JSON-LD), style sheets and inline
/// SVG removed.
pub(crate) fn strip_unread_bodies(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut kept = String::new();
    let mut copied_up_to = 0;
    let mut at = 0;
    while let Some(offset) = memchr(b'<', &bytes[at..]) {
        at += offset;
        let rest = &bytes[at..];
        if rest.starts_with(b"<!--") {
            at += memmem::find(rest, b"-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        let Some(name) = unread_element(rest) else {
            at += 1;
            continue;
        };
        let Some(tag_len) = start_tag_len(rest) else {
            break;
        };
        let body_start = at + tag_len;
        if name == b"svg" && rest[..tag_len].ends_with(b"/>") {
            at = body_start;
            continue;
        }
        let Some(body_len) = end_tag_offset(&bytes[body_start..], name) else {
            // An unterminated script or style runs to the end of the page
            // anyway; an unterminated SVG is left to the parser.
            if name == b"svg" {
                at = body_start;
                continue;
            }
            break;
        };
        let body = &bytes[body_start..body_start + body_len];
        let keep = name == b"script"
            && (is_json_ld(&rest[..tag_len]) || memmem::find(body, b"<!--").is_some());
        if !keep && body_len > 0 {
            if kept.capacity() == 0 {
                kept.reserve(html.len());
            }
            // Both cut points sit next to ASCII `<`/`>`, so they are char boundaries.
            kept.push_str(&html[copied_up_to..body_start]);
            copied_up_to = body_start + body_len;
        }
        at = body_start + body_len;
    }
    if copied_up_to == 0 {
        return Cow::Borrowed(html);
    }
    kept.push_str(&html[copied_up_to..]);
    Cow::Owned(kept)
}

/// `script`, `style` or `svg` when `rest` opens one of them.
fn unread_element(rest: &[u8]) -> Option<&'static [u8]> {
    [b"script".as_slice(), b"style".as_slice(), b"svg".as_slice()]
        .into_iter()
        .find(|name| {
            rest.len() > name.len() + 1
                && rest[1..=name.len()].eq_ignore_ascii_case(name)
                && matches!(
                    rest[name.len() + 1],
                    b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'
                )
        })
}

fn is_json_ld(start_tag: &[u8]) -> bool {
    start_tag
        .windows(7)
        .any(|w| w.eq_ignore_ascii_case(b"ld+json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_go_tags_stay() {
        let page = "<head><STYLE>p{}</style><script src=a.js></script><script>if(a<b){x()}</SCRIPT></head><p>t</p>";
        assert_eq!(
            strip_unread_bodies(page),
            "<head><STYLE></style><script src=a.js></script><script></SCRIPT></head><p>t</p>"
        );
    }

    #[test]
    fn json_ld_and_commented_scripts_stay() {
        let page = "<script type=\"application/ld+json\">{\"a\":1}</script><script><!-- document.write('<script></script>') --></script>";
        assert!(matches!(strip_unread_bodies(page), Cow::Borrowed(_)));
    }

    #[test]
    fn comments_and_quoted_attributes_are_respected() {
        let page = "<!-- <script> --><p>kept</p><script data-x=\"a>b\">var x;</script>";
        assert_eq!(
            strip_unread_bodies(page),
            "<!-- <script> --><p>kept</p><script data-x=\"a>b\"></script>"
        );
    }

    #[test]
    fn unterminated_script_is_left_alone() {
        let page = "<p>a</p><script>var x = 1;";
        assert_eq!(strip_unread_bodies(page), page);
    }

    #[test]
    fn svg_bodies_go_self_closing_svg_stays() {
        let page =
            "<p>a<svg viewBox='0 0 1 1'><path d='M0 0'/></svg>b<svg/>c<svg class=x />d</p><svg><g>";
        assert_eq!(
            strip_unread_bodies(page),
            "<p>a<svg viewBox='0 0 1 1'></svg>b<svg/>c<svg class=x />d</p><svg><g>"
        );
    }

    #[test]
    fn scriptlike_names_are_not_scripts() {
        let page = "<scripts>text</scripts><styles>x</styles>";
        assert_eq!(strip_unread_bodies(page), page);
    }
}
