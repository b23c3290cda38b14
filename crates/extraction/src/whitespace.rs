//! Whitespace in text, found eight ASCII bytes at a time.
//!
//! Text statistics run over every text node in every scoring pass, and the
//! word count over the whole rendered text. Decoding each character to ask
//! `char::is_whitespace` cost ~15 instructions per byte; here a text is read
//! as ASCII runs, classified a `u64` at a time ([`AsciiWord`]), and the
//! non-ASCII characters between them, decoded one by one ([`scan`]). The
//! answers are those of `char::is_whitespace`: for ASCII, space and `\t` to
//! `\r`.

/// What [`scan`] reports of a text, in order.
pub(crate) trait Visit {
    /// Up to eight bytes of a run of ASCII.
    fn ascii(&mut self, block: &Block);
    /// A non-ASCII character, whitespace or not, following whitespace (or
    /// starting the text) or not.
    fn other(&mut self, c: char, whitespace: bool, after_whitespace: bool);
}

/// Reads `text`: its ASCII runs eight bytes at a time, the characters
/// between them one by one.
pub(crate) fn scan(text: &str, visit: &mut impl Visit) {
    let mut after_whitespace = 1;
    let mut rest = text;
    loop {
        let (ascii, tail) = rest.split_at(ascii_prefix_len(rest.as_bytes()));
        let (words, last) = ascii.as_bytes().as_chunks::<8>();
        for &word in words {
            let word = AsciiWord(u64::from_le_bytes(word));
            visit.ascii(&Block::new(word, 8, &mut after_whitespace));
        }
        if !last.is_empty() {
            let word = AsciiWord::padded(last);
            visit.ascii(&Block::new(word, last.len(), &mut after_whitespace));
        }
        let mut tail = tail.chars();
        let Some(c) = tail.next() else { break };
        let whitespace = c.is_whitespace();
        visit.other(c, whitespace, after_whitespace == 1);
        after_whitespace = u64::from(whitespace);
        rest = tail.as_str();
    }
}

/// The length of the ASCII start of `bytes`.
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    // `is_ascii` tests a word at a time: whole blocks first, then bytes.
    const BLOCK: usize = 16;
    let blocks = bytes.chunks_exact(BLOCK);
    let whole = blocks.take_while(|block| block.is_ascii()).count() * BLOCK;
    whole + bytes[whole..].iter().take_while(|b| b.is_ascii()).count()
}

/// Up to eight ASCII bytes of a [`scan`], with masks that have the high bit
/// of a byte set where the byte is present (not padding), whitespace, or
/// follows whitespace (or starts the text).
pub(crate) struct Block {
    pub word: AsciiWord,
    pub present: u64,
    pub whitespace: u64,
    pub after_whitespace: u64,
}

impl Block {
    /// The block of `word`'s first `len` bytes; `after_whitespace` is 1 when
    /// the byte before them is whitespace, and becomes 1 when their last is.
    fn new(word: AsciiWord, len: usize, after_whitespace: &mut u64) -> Self {
        let whitespace = word.whitespace();
        let block = Self {
            word,
            present: HIGH_BITS >> (8 * (8 - len)),
            whitespace,
            after_whitespace: whitespace << 8 | *after_whitespace << 7,
        };
        *after_whitespace = (whitespace >> (8 * len - 1)) & 1;
        block
    }
}

/// The number of words in `text`, as `str::split_whitespace` counts them.
/// Counting the words and the long paragraphs of 200 crawl-benchmark pages
/// this way took 3 M instructions instead of 17 M.
pub(crate) fn count_words(text: &str) -> u32 {
    /// Words start at non-whitespace after whitespace.
    struct WordStarts(u32);
    impl Visit for WordStarts {
        fn ascii(&mut self, block: &Block) {
            self.0 += count_marked(block.present & !block.whitespace & block.after_whitespace);
        }
        fn other(&mut self, _: char, whitespace: bool, after_whitespace: bool) {
            self.0 += u32::from(!whitespace && after_whitespace);
        }
    }
    let mut starts = WordStarts(0);
    scan(text, &mut starts);
    starts.0
}

/// The number of characters of `text` that are not whitespace, as
/// `text.chars().filter(|c| !c.is_whitespace()).count()` gives it, at a
/// tenth of the instructions on ASCII text.
pub(crate) fn count_visible_chars(text: &str) -> usize {
    struct Visible(usize);
    impl Visit for Visible {
        fn ascii(&mut self, block: &Block) {
            self.0 += count_marked(block.present & !block.whitespace) as usize;
        }
        fn other(&mut self, _: char, whitespace: bool, _: bool) {
            self.0 += usize::from(!whitespace);
        }
    }
    let mut visible = Visible(0);
    scan(text, &mut visible);
    visible.0
}

/// The runs of `text` between its whitespace, where a lone space does not
/// break a run: joined with single spaces they give `text` trimmed and with
/// its whitespace collapsed, as joining `str::split_whitespace` gives it, in
/// a few long pieces instead of one per word. Collapsing the text of the
/// crawl benchmark's paragraphs word by word cost ~20 instructions a byte.
pub(crate) fn collapsed_runs(text: &str) -> CollapsedRuns<'_> {
    CollapsedRuns { rest: text.trim() }
}

/// The iterator of [`collapsed_runs`].
pub(crate) struct CollapsedRuns<'a> {
    /// The text not yet returned, trimmed.
    rest: &'a str,
}

impl<'a> Iterator for CollapsedRuns<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let text = self.rest;
        if text.is_empty() {
            return None;
        }
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(skip) = bytes[at..]
            .iter()
            .position(|&b| MAY_BE_WHITESPACE[usize::from(b)])
        {
            at += skip;
            let (len, whitespace) = char_at(text, at);
            if !whitespace {
                at += len;
                continue;
            }
            let mut end = at + len;
            while end < text.len() {
                let (len, whitespace) = char_at(text, end);
                if !whitespace {
                    break;
                }
                end += len;
            }
            let lone_space = end == at + 1 && bytes[at] == b' ';
            if !lone_space {
                self.rest = &text[end..];
                return Some(&text[..at]);
            }
            at = end;
        }
        self.rest = "";
        Some(text)
    }
}

/// The bytes that may start a whitespace character: ASCII whitespace, and
/// every byte beyond ASCII (the start of a character [`char_at`] decodes, or
/// within one it skips).
static MAY_BE_WHITESPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = byte >= 0x80 || matches!(byte as u8, b' ' | b'\t'..=b'\r');
        byte += 1;
    }
    table
};

/// The byte length of the character at `at` (a character boundary of
/// `text`) and whether it is whitespace, as `char::is_whitespace` has it.
fn char_at(text: &str, at: usize) -> (usize, bool) {
    let byte = text.as_bytes()[at];
    if byte.is_ascii() {
        return (1, matches!(byte, b' ' | b'\t'..=b'\r'));
    }
    text[at..]
        .chars()
        .next()
        .map_or((1, false), |c| (c.len_utf8(), c.is_whitespace()))
}

/// Up to eight ASCII bytes in one `u64` (byte `i` in bits `8i..8i + 8`,
/// zero-padded), classified all at once: each test gives a mask with the
/// high bit of every matching byte set. The sums in the tests never carry
/// from one byte into the next because every byte is below 0x80.
#[derive(Clone, Copy)]
pub(crate) struct AsciiWord(u64);

/// 0x01 in every byte.
const LOW_BITS: u64 = u64::from_le_bytes([1; 8]);
/// 0x80 in every byte.
const HIGH_BITS: u64 = LOW_BITS * 0x80;

impl AsciiWord {
    /// `chunk` (at most 8 bytes) followed by zeros.
    fn padded(chunk: &[u8]) -> Self {
        let mut bytes = [0; 8];
        bytes[..chunk.len()].copy_from_slice(chunk);
        Self(u64::from_le_bytes(bytes))
    }

    /// The bytes equal to `byte` (an ASCII byte).
    pub(crate) fn equal_to(self, byte: u8) -> u64 {
        let difference = self.0 ^ (LOW_BITS * u64::from(byte));
        // Adding 0x7F sets the high bit of every non-zero difference.
        !(difference + LOW_BITS * 0x7F) & HIGH_BITS
    }

    /// The bytes at least `byte` (an ASCII byte other than 0).
    fn at_least(self, byte: u8) -> u64 {
        (self.0 + LOW_BITS * u64::from(0x80 - byte)) & HIGH_BITS
    }

    /// The whitespace bytes: space, and `\t` to `\r` (the ASCII bytes of
    /// `char::is_whitespace`; padding is not whitespace).
    fn whitespace(self) -> u64 {
        self.equal_to(b' ') | (self.at_least(b'\t') & !self.at_least(b'\r' + 1))
    }
}

/// The number of bytes marked in a mask of [`AsciiWord`]: the multiply
/// adds up the eight 0-or-1 bytes into the top byte.
pub(crate) fn count_marked(mask: u64) -> u32 {
    ((mask >> 7).wrapping_mul(LOW_BITS) >> 56) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn counts_words_like_split_whitespace(text in "[ a,\t\n\u{b}\u{c}\r\u{8}\u{e}\u{1f}!\u{85}\u{a0}\u{3000}é€\u{1F600}]{0,80}") {
            prop_assert_eq!(count_words(&text) as usize, text.split_whitespace().count());
        }
    }

    proptest! {
        #[test]
        fn counts_visible_chars_like_chars_filter(text in "[ a,\t\n\u{b}\u{c}\r\u{8}!\u{85}\u{a0}\u{3000}é€\u{1F600}]{0,80}") {
            prop_assert_eq!(
                count_visible_chars(&text),
                text.chars().filter(|c| !c.is_whitespace()).count()
            );
        }

        #[test]
        fn collapsed_runs_join_as_split_whitespace_does(text in "[ a,\t\n\u{b}\u{c}\r\u{8}!\u{85}\u{a0}\u{3000}é€\u{1F600}]{0,80}") {
            let runs: Vec<&str> = collapsed_runs(&text).collect();
            let words: Vec<&str> = text.split_whitespace().collect();
            prop_assert_eq!(runs.join(" "), words.join(" "));
            prop_assert!(runs.iter().all(|run| !run.is_empty()));
        }
    }

    #[test]
    fn collapsed_runs_break_only_where_whitespace_changes() {
        let runs: Vec<&str> = collapsed_runs("  one two\n three  four\u{a0}five six ").collect();
        assert_eq!(runs, ["one two", "three", "four", "five six"]);
        assert_eq!(collapsed_runs(" \t ").next(), None);
    }

    #[test]
    fn counts_words_across_blocks_and_characters() {
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words(" \t\n"), 0);
        assert_eq!(count_words("one"), 1);
        assert_eq!(
            count_words("  twelve chars  and\u{a0}more\u{3000}é words\u{b}x"),
            7
        );
    }
}
