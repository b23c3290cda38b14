//! The fallback description: the first real paragraph of the content.
//!
//! When a page declares no description, a reader view shows the article's
//! first paragraph instead (Readability.js uses its first `<p>`). The
//! rendered content gives Markdown and plain text of the same blocks; the
//! Markdown tells which blocks are paragraphs (not headings, lists, quotes,
//! tables, code or images) and the plain text gives that paragraph without
//! markup. The two are matched by their words, which survives the few places
//! where one rendering has a block the other lacks.

use std::borrow::Cow;

/// Blocks examined before giving up.
const MAX_BLOCKS: usize = 60;

/// The plain text of the first paragraph block; without one, of the first
/// list item (paragraphs inside list items are still paragraphs).
pub(super) fn first_paragraph(markdown: &str, text: &str) -> Option<String> {
    first_block_of_kind(markdown, text, is_paragraph)
        .or_else(|| first_block_of_kind(markdown, text, is_list_item))
}

fn first_block_of_kind(markdown: &str, text: &str, kind: fn(&str) -> bool) -> Option<String> {
    let text_blocks: Vec<&str> = blocks(text).take(MAX_BLOCKS).collect();
    let mut from = 0;
    for md in blocks(markdown).take(MAX_BLOCKS) {
        if !kind(md) {
            continue;
        }
        let plain_md = without_markup(md);
        let found = text_blocks
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, candidate)| same_words(&plain_md, candidate));
        if let Some((index, paragraph)) = found {
            from = index + 1;
            let paragraph = super::text::squash(paragraph);
            if !paragraph.is_empty() {
                return Some(paragraph);
            }
        }
    }
    None
}

fn blocks(rendered: &str) -> impl Iterator<Item = &str> {
    super::text::split_blocks(rendered)
        .map(str::trim)
        .filter(|b| !b.is_empty())
}

/// A Markdown block that is a plain paragraph.
fn is_paragraph(md: &str) -> bool {
    let starts_block_syntax = md.starts_with(['#', '>', '|', '<'])
        || is_list_item(md)
        || md.starts_with("---")
        || md.starts_with("```")
        || md.starts_with("~~~")
        || md.starts_with("![")
        || md.starts_with("    ")
        || ordered_list_item(md);
    let image_link_only = md.starts_with("[![") && md.ends_with(')');
    !(starts_block_syntax || image_link_only)
}

fn is_list_item(md: &str) -> bool {
    md.starts_with("- ") || md.starts_with("* ") || md.starts_with("+ ") || ordered_list_item(md)
}

fn ordered_list_item(md: &str) -> bool {
    let digits = md.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && matches!(md.as_bytes().get(digits), Some(b'.' | b')'))
        && md.as_bytes().get(digits + 1) == Some(&b' ')
}

/// Most words of the plain `text` appear in the Markdown `plain_md` (once
/// link targets and emphasis markers are gone: [`without_markup`]), and
/// `plain_md` has not many more words.
///
/// Each word is looked for with `memmem`, and copied only when it holds
/// markup characters (`plain_md` is made once per Markdown block, not per
/// candidate): ~5,000 fewer instructions per crawl-benchmark page than a
/// copy of every word and `str::contains`.
fn same_words(plain_md: &str, text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().take(MAX_WORDS_COMPARED).collect();
    let md_words = plain_md
        .split_whitespace()
        .take(MAX_WORDS_COMPARED * 2)
        .count();
    if words.is_empty() || words.len() * 10 < md_words.min(MAX_WORDS_COMPARED) * 6 {
        return false;
    }
    let hits = words
        .iter()
        .filter(|w| {
            let word = if w.contains(is_markup_char) {
                Cow::Owned(w.chars().filter(|c| !is_markup_char(*c)).collect())
            } else {
                Cow::Borrowed(**w)
            };
            memchr::memmem::find(plain_md.as_bytes(), word.as_bytes()).is_some()
        })
        .count();
    hits * 10 >= words.len() * 9
}

/// Words compared per block: enough to tell paragraphs apart.
const MAX_WORDS_COMPARED: usize = 60;

/// Markdown without link/image targets, escapes and emphasis markers.
fn without_markup(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut rest = md;
    while let Some(pos) = rest.find("](") {
        out.push_str(&rest[..pos]);
        rest = &rest[pos + 2..];
        match rest.find(')') {
            Some(close) => rest = &rest[close + 1..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out.retain(|c| !is_markup_char(c));
    out
}

/// Characters Markdown adds around or inside words (and that plain text may
/// also contain, e.g. footnote brackets): ignored when comparing words.
fn is_markup_char(c: char) -> bool {
    matches!(c, '\\' | '*' | '_' | '`' | '[' | ']')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_headings_images_and_lists() {
        let md = "# Title\n\n![cover](x.jpg)\n\n- item one\n\nThe *first* [paragraph](https://x) \\#1.\n\nSecond.";
        let text = "Title\n\nitem one\n\nThe first paragraph #1.\n\nSecond.";
        assert_eq!(
            first_paragraph(md, text).as_deref(),
            Some("The first paragraph #1.")
        );
    }

    #[test]
    fn a_list_item_when_there_is_no_paragraph() {
        assert_eq!(
            first_paragraph("# T\n\n1. First point.", "T\n\nFirst point.").as_deref(),
            Some("First point.")
        );
    }

    #[test]
    fn a_heading_word_is_not_the_paragraph() {
        let md = "# Lorem\n\nLorem ipsum dolor sit amet.";
        assert_eq!(
            first_paragraph(md, "Lorem\n\nLorem ipsum dolor sit amet.").as_deref(),
            Some("Lorem ipsum dolor sit amet.")
        );
    }

    #[test]
    fn bold_start_and_links() {
        let md = "**Mozilla** is a [free-software](/wiki/Free) community.[\\[1\\]](#c1)\n\nNext.";
        let text = "Mozilla is a free-software community.[1]\n\nNext.";
        assert_eq!(
            first_paragraph(md, text).as_deref(),
            Some("Mozilla is a free-software community.[1]")
        );
    }

    #[test]
    fn nothing_without_paragraphs() {
        assert_eq!(first_paragraph("# Title", "Title"), None);
        assert_eq!(first_paragraph("", ""), None);
    }
}
