//! Dropping what no reader of a page uses before the parser sees it.
//!
//! Scripts and style sheets are about 40% of the bytes of a typical page, and
//! inline SVG (icons, logos, charts as path data) another 5%: the parser
//! would tokenize all of them only for the engine to throw them away. Their
//! bodies are cut here, leaving empty elements behind, so the tree has the
//! same shape. JSON-LD scripts are kept: they carry metadata. Comments (2% of
//! the bytes, but tokenized a character at a time, each appended to the
//! comment's buffer) are cut whole: no rule reads them, and text on either
//! side of one joins just as it does when rendered.

use std::borrow::Cow;

use memchr::{memchr, memmem};

use super::tags::{comment_len, end_tag_offset, start_tag_len};

/// The page without comments and without the bodies of scripts (but
/// JSON-LD), style sheets and inline SVG.
pub fn strip_unread_bodies(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut page = Cuts::new(html);
    let mut at = 0;
    while let Some(offset) = memchr(b'<', &bytes[at..]) {
        at += offset;
        let rest = &bytes[at..];
        if rest.starts_with(b"<!--") {
            // An unterminated comment runs to the end of the page anyway.
            let Some(len) = comment_len(rest) else { break };
            page.cut(at, at + len);
            at += len;
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
            page.cut(body_start, body_start + body_len);
        }
        at = body_start + body_len;
    }
    page.finish()
}

/// A page with byte ranges left out, copied only once something is cut.
struct Cuts<'a> {
    html: &'a str,
    kept: Option<String>,
    copied_up_to: usize,
}

impl<'a> Cuts<'a> {
    fn new(html: &'a str) -> Self {
        Self {
            html,
            kept: None,
            copied_up_to: 0,
        }
    }

    /// Leaves out `start..end`, which follows every earlier cut. Both ends
    /// sit next to an ASCII `<` or `>`, so they are char boundaries.
    fn cut(&mut self, start: usize, end: usize) {
        let kept = self
            .kept
            .get_or_insert_with(|| String::with_capacity(self.html.len()));
        kept.push_str(self.html.get(self.copied_up_to..start).unwrap_or_default());
        self.copied_up_to = end;
    }

    fn finish(self) -> Cow<'a, str> {
        match self.kept {
            None => Cow::Borrowed(self.html),
            Some(mut kept) => {
                kept.push_str(self.html.get(self.copied_up_to..).unwrap_or_default());
                Cow::Owned(kept)
            }
        }
    }
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
    fn comments_go_whole_and_quoted_attributes_are_respected() {
        let page = "<!-- <script> --><p>kept</p><script data-x=\"a>b\">var x;</script>";
        assert_eq!(
            strip_unread_bodies(page),
            "<p>kept</p><script data-x=\"a>b\"></script>"
        );
    }

    #[test]
    fn comments_end_where_the_tokenizer_ends_them() {
        assert_eq!(strip_unread_bodies("a<!-->b<!--->c<!---->d"), "abcd");
        assert_eq!(strip_unread_bodies("a<!-- x --!>b<!-- - -- y -->c"), "abc");
        assert_eq!(
            strip_unread_bodies("<!--[if IE]><p>old</p><![endif]--><p>new</p>"),
            "<p>new</p>"
        );
        let unterminated = "<p>a</p><!-- <p>never shown</p>";
        assert!(matches!(
            strip_unread_bodies(unterminated),
            Cow::Borrowed(_)
        ));
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
