//! [`WordSet`]: whether any of a few dozen words occurs in a short string.

/// A list of (at most 64, non-empty) words indexed by their first two bytes,
/// so one pass over a class, an id or a short line checks them all. Calling
/// `str::contains` per word sets a searcher up each time, which dominated the
/// metadata scan and the article pruner (every element is tested against
/// several lists); in the sandboxed guest, where `str::contains` has no SIMD
/// fast path, the setup and the two-way search were 5% of all guest time.
/// Words and haystacks are compared as UTF-8 bytes, so non-ASCII words work.
pub(crate) struct WordSet {
    words: &'static [&'static str],
    /// For each byte, the bit set of the words starting with it.
    by_first_byte: [u64; 256],
    /// For each byte, the bit set of the words whose second byte it is (a
    /// one-byte word is in every entry). Most positions of a class name
    /// match some word's first letter; far fewer match its first two.
    by_second_byte: [u64; 256],
}

impl WordSet {
    /// Indexes `words`; more than 64 words or an empty word fail the build
    /// (the sets are constants).
    pub(crate) const fn new(words: &'static [&'static str]) -> Self {
        assert!(words.len() <= 64, "a WordSet holds at most 64 words");
        let mut by_first_byte = [0u64; 256];
        let mut by_second_byte = [0u64; 256];
        let mut i = 0;
        while i < words.len() {
            let word = words[i].as_bytes();
            assert!(!word.is_empty(), "an empty word would match anything");
            by_first_byte[word[0] as usize] |= 1 << i;
            if word.len() == 1 {
                let mut byte = 0;
                while byte < 256 {
                    by_second_byte[byte] |= 1 << i;
                    byte += 1;
                }
            } else {
                by_second_byte[word[1] as usize] |= 1 << i;
            }
            i += 1;
        }
        Self {
            words,
            by_first_byte,
            by_second_byte,
        }
    }

    /// Some word occurs in `haystack`.
    pub(crate) fn occurs_in(&self, haystack: &str) -> bool {
        let bytes = haystack.as_bytes();
        for (start, &byte) in bytes.iter().enumerate() {
            // Past the last byte, only one-byte words can match: they are
            // in every entry, including that of the padding byte 0.
            let second = bytes.get(start + 1).copied().unwrap_or(0);
            let mut candidates =
                self.by_first_byte[usize::from(byte)] & self.by_second_byte[usize::from(second)];
            while candidates != 0 {
                let index = candidates.trailing_zeros() as usize;
                candidates &= candidates - 1;
                let word = self.words.get(index).map_or(&[][..], |w| w.as_bytes());
                let rest = bytes.get(start..).unwrap_or_default();
                if rest.len() >= word.len() && rest.iter().zip(word).all(|(a, b)| a == b) {
                    return true;
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Agrees with asking `str::contains` for each word.
        #[test]
        fn agrees_with_contains(haystack in "[a-e\u{e9}-]{0,12}") {
            const WORDS: &[&str] = &["a", "ab", "bca", "dd", "e-", "\u{e9}d", "cab"];
            const SET: WordSet = WordSet::new(WORDS);
            let expected = WORDS.iter().any(|w| haystack.contains(w));
            prop_assert_eq!(SET.occurs_in(&haystack), expected);
        }
    }

    #[test]
    fn words_occur_anywhere_in_the_haystack() {
        const WORDS: WordSet = WordSet::new(&["ad", "add", "side", "x"]);
        assert!(WORDS.occurs_in("sidebar"));
        assert!(WORDS.occurs_in("main-ad"));
        assert!(WORDS.occurs_in("fox"));
        assert!(WORDS.occurs_in("x"));
        assert!(!WORDS.occurs_in("a"));
        assert!(!WORDS.occurs_in("sid"));
        assert!(!WORDS.occurs_in(""));
        assert!(!WORDS.occurs_in("été"));
    }

    #[test]
    fn non_ascii_words_match_as_utf8() {
        const WORDS: WordSet = WordSet::new(&["©", "réservés"]);
        assert!(WORDS.occurs_in("tous droits réservés"));
        assert!(WORDS.occurs_in("© 2020"));
        assert!(!WORDS.occurs_in("reserves"));
    }
}
