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
//!
//! `data-*` attributes (the page's script state: ids, JSON, tracking) are
//! 3.4% of the bytes of the eval pages, but each costs the tokenizer a
//! character-by-character name and an interned atom: cutting them all but
//! the ones the engine reads ([`LAZY_IMAGE_SOURCES`], [`DISMISS_CONTROLS`])
//! takes 2.6% off the instructions per page. Tags inside elements whose body is
//! text (`<title>`, `<textarea>`, `<noscript>`, ...) are left alone there.

use std::borrow::Cow;

use memchr::{memchr, memmem};

use super::attributes::scan_start_tag;
use super::tags::{comment_len, end_tag_offset, is_name_end, start_tag_len};
#[cfg(doc)]
use super::{DISMISS_CONTROLS, LAZY_IMAGE_SOURCES};

/// Which attributes the prefilter leaves in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attributes {
    /// Every one: CSS selectors chosen by a user may name any attribute.
    All,
    /// Every one but the `data-*` attributes no reader uses.
    Read,
}

/// The page without comments, without the bodies of scripts (but JSON-LD),
/// style sheets and inline SVG, and with only the `attributes` asked for.
pub fn strip_unread(html: &str, attributes: Attributes) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut page = Cuts::new(html);
    let mut unread = Vec::new();
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
            if attributes == Attributes::Read && rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
                if let Some(name) = text_element(rest) {
                    // Its body is text: skip it whole. Unterminated, it runs
                    // to the end of the page.
                    let Some(tag_len) = start_tag_len(rest) else {
                        break;
                    };
                    let body = &bytes[at + tag_len..];
                    let Some(body_len) = end_tag_offset(body, name) else {
                        break;
                    };
                    at += tag_len + body_len;
                    continue;
                }
                let Some(tag_len) = scan_start_tag(rest, &mut unread) else {
                    break;
                };
                for range in unread.drain(..) {
                    page.cut(at + range.start, at + range.end);
                }
                at += tag_len;
                continue;
            }
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
    opened(rest, &[b"script", b"style", b"svg"])
}

/// The name of the element `rest` opens when its body is text to the
/// tokenizer (the raw-text and escapable raw-text elements, and `noscript`,
/// since the parser runs with scripting on).
fn text_element(rest: &[u8]) -> Option<&'static [u8]> {
    opened(
        rest,
        &[
            b"title",
            b"textarea",
            b"noscript",
            b"xmp",
            b"iframe",
            b"noembed",
            b"noframes",
        ],
    )
}

/// Which of `names` (lowercase) the start tag opening `rest` names.
fn opened(rest: &[u8], names: &[&'static [u8]]) -> Option<&'static [u8]> {
    // Most tags differ from every name in their first letter: comparing it
    // first took a quarter off the prefilter's instructions on the crawl
    // benchmark.
    let first = rest.get(1)?.to_ascii_lowercase();
    names.iter().copied().find(|name| {
        name[0] == first
            && rest.len() > name.len() + 1
            && rest[1..=name.len()].eq_ignore_ascii_case(name)
            && is_name_end(rest[name.len() + 1])
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
            strip_unread(page, Attributes::All),
            "<head><STYLE></style><script src=a.js></script><script></SCRIPT></head><p>t</p>"
        );
    }

    #[test]
    fn json_ld_and_commented_scripts_stay() {
        let page = "<script type=\"application/ld+json\">{\"a\":1}</script><script><!-- document.write('<script></script>') --></script>";
        assert!(matches!(
            strip_unread(page, Attributes::All),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn comments_go_whole_and_quoted_attributes_are_respected() {
        let page = "<!-- <script> --><p>kept</p><script data-x=\"a>b\">var x;</script>";
        assert_eq!(
            strip_unread(page, Attributes::All),
            "<p>kept</p><script data-x=\"a>b\"></script>"
        );
    }

    #[test]
    fn comments_end_where_the_tokenizer_ends_them() {
        assert_eq!(
            strip_unread("a<!-->b<!--->c<!---->d", Attributes::All),
            "abcd"
        );
        assert_eq!(
            strip_unread("a<!-- x --!>b<!-- - -- y -->c", Attributes::All),
            "abc"
        );
        assert_eq!(
            strip_unread(
                "<!--[if IE]><p>old</p><![endif]--><p>new</p>",
                Attributes::All
            ),
            "<p>new</p>"
        );
        let unterminated = "<p>a</p><!-- <p>never shown</p>";
        assert!(matches!(
            strip_unread(unterminated, Attributes::All),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn unterminated_script_is_left_alone() {
        let page = "<p>a</p><script>var x = 1;";
        assert_eq!(strip_unread(page, Attributes::All), page);
    }

    #[test]
    fn svg_bodies_go_self_closing_svg_stays() {
        let page =
            "<p>a<svg viewBox='0 0 1 1'><path d='M0 0'/></svg>b<svg/>c<svg class=x />d</p><svg><g>";
        assert_eq!(
            strip_unread(page, Attributes::All),
            "<p>a<svg viewBox='0 0 1 1'></svg>b<svg/>c<svg class=x />d</p><svg><g>"
        );
    }

    #[test]
    fn scriptlike_names_are_not_scripts() {
        let page = "<scripts>text</scripts><styles>x</styles>";
        assert_eq!(strip_unread(page, Attributes::All), page);
    }

    #[test]
    fn unread_data_attributes_go_outside_text_elements() {
        let page = "<div data-id=7 class=a><img data-src=b.jpg data-x='{\"y\": 1}' src=p.gif>\
                    <title>A <b data-t=1> tag</title><noscript><img data-z=2></noscript></div>";
        assert_eq!(
            strip_unread(page, Attributes::Read),
            "<div  class=a><img data-src=b.jpg  src=p.gif>\
             <title>A <b data-t=1> tag</title><noscript><img data-z=2></noscript></div>"
        );
        assert!(matches!(
            strip_unread(page, Attributes::All),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn an_unterminated_tag_ends_the_cuts() {
        let page = "<p data-a=1>x</p><a title=\"open data-b=2><p data-c=3>";
        assert_eq!(
            strip_unread(page, Attributes::Read),
            "<p >x</p><a title=\"open data-b=2><p data-c=3>"
        );
    }
}
