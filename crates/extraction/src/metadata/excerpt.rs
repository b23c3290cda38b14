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

use rustc_hash::FxHashSet;

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
        let plain_md = PlainWords::new(&plain_md);
        let found = text_blocks
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, candidate)| plain_md.same_words(candidate));
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

/// A Markdown block without its markup ([`without_markup`]), to match the
/// plain-text blocks against.
struct PlainWords<'a> {
    text: &'a str,
    /// Its whitespace-separated words, up to [`MAX_WORDS_INDEXED`].
    words: FxHashSet<&'a str>,
    /// How many words it has, up to [`MAX_WORDS_COMPARED`].
    word_count: usize,
}

impl<'a> PlainWords<'a> {
    fn new(text: &'a str) -> Self {
        let mut words = FxHashSet::default();
        let mut word_count = 0;
        for word in text.split_whitespace().take(MAX_WORDS_INDEXED) {
            words.insert(word);
            word_count += 1;
        }
        Self {
            text,
            words,
            word_count: word_count.min(MAX_WORDS_COMPARED),
        }
    }

    /// Most words of the plain `text` appear in this block (as words, or
    /// within its words), and it has not many more words.
    ///
    /// A word of the block is looked up in a set, and only a word that is
    /// not one (a part of a word, or a word with markup characters inside)
    /// is searched for with `memmem`: one search for each of 60 words per
    /// candidate block was ~35,000 instructions per crawl-benchmark page.
    fn same_words(&self, text: &str) -> bool {
        let words: Vec<&str> = text.split_whitespace().take(MAX_WORDS_COMPARED).collect();
        if words.is_empty() || words.len() * 10 < self.word_count * 6 {
            return false;
        }
        let hits = words.iter().filter(|word| self.contains(word)).count();
        hits * 10 >= words.len() * 9
    }

    /// Whether `word`, without markup characters, is in the block's text.
    fn contains(&self, word: &str) -> bool {
        let word = if word.bytes().any(is_markup_byte) {
            Cow::Owned(word.chars().filter(|&c| !is_markup_char(c)).collect())
        } else {
            Cow::Borrowed(word)
        };
        self.words.contains(word.as_ref())
            || memchr::memmem::find(self.text.as_bytes(), word.as_bytes()).is_some()
    }
}

/// Words compared per block: enough to tell paragraphs apart.
const MAX_WORDS_COMPARED: usize = 60;

/// Words of a Markdown block put in its word set: the other words are still
/// found, by `memmem`.
const MAX_WORDS_INDEXED: usize = 4 * MAX_WORDS_COMPARED;

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

/// [`is_markup_char`] for a byte: they are all ASCII.
fn is_markup_byte(byte: u8) -> bool {
    is_markup_char(char::from(byte))
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
