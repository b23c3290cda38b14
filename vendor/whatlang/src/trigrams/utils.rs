use std::cell::RefCell;

use hashbrown::HashMap;

use super::TEXT_TRIGRAMS_SIZE;
use super::Trigram;
use crate::core::LowercaseText;
use crate::utils::is_stop_char;

pub struct TrigramsWithPositions {
    pub(crate) _total_trigrams: u32,
    /// The text's most frequent trigrams, at most `TEXT_TRIGRAMS_SIZE`: a
    /// trigram's position is its index.
    pub(crate) ranked_trigrams: Vec<Trigram>,
}

#[inline]
pub fn get_trigrams_with_positions(text: &LowercaseText) -> TrigramsWithPositions {
    let CountResult {
        total_trigrams,
        trigram_counts,
    } = count(text);
    TrigramsWithPositions {
        _total_trigrams: total_trigrams,
        ranked_trigrams: rank(trigram_counts),
    }
}

/// The trigrams in descending order of occurrences, then of trigrams, as
/// `trigram_occurances_to_positions` (kept in the tests) ranks them, but as
/// a list: its only reader walks it, so the map of positions the original
/// built (~600 insertions per text) is not needed. Each trigram is sorted
/// as one integer, its count above its packed characters, which orders as
/// the original `(count, trigram)` pairs.
#[inline]
fn rank(trigram_counts: Vec<(Trigram, u32)>) -> Vec<Trigram> {
    let mut keys: Vec<u128> = trigram_counts
        .into_iter()
        .map(|(trigram, count)| u128::from(count) << 64 | u128::from(trigram.packed()))
        .collect();
    keys.sort_unstable_by(|a, b| b.cmp(a));
    keys.into_iter()
        .take(TEXT_TRIGRAMS_SIZE)
        .map(|key| Trigram::unpack(key as u64))
        .collect()
}

/// The original ranking: the reference `rank` is held to.
#[cfg(test)]
#[allow(clippy::unnecessary_sort_by)]
pub(crate) fn trigram_occurances_to_positions(
    trigram_occurances: HashMap<Trigram, u32>,
) -> HashMap<Trigram, u32> {
    // Sort in descending order by number of occurrences and trigrams
    let mut count_vec: Vec<_> = trigram_occurances
        .into_iter()
        .map(|(trigram, count)| (count, trigram))
        .collect();
    count_vec.sort_unstable_by(|a, b| b.cmp(a));

    count_vec
        .into_iter()
        .take(TEXT_TRIGRAMS_SIZE) // we're interested only in the first 600 (2 * MAX_TRIGRAM_DISTANCE)
        .enumerate()
        .map(|(i, (_, trigram))| (trigram, i as u32))
        .collect()
}

pub(crate) struct CountResult {
    pub(crate) total_trigrams: u32,
    /// Each distinct trigram of the text with its number of occurrences,
    /// in no particular order.
    pub(crate) trigram_counts: Vec<(Trigram, u32)>,
}

/// Counts the text's trigrams as the original `count` (kept in the tests)
/// does, but the trigrams of `a`-`z` and space, most of a Latin text's, in
/// a table ([`DenseCounts`]) instead of a hash map, and an ASCII text a
/// byte at a time: counting was ~80 instructions per character, a third of
/// detecting a Latin text's language.
#[inline]
pub(crate) fn count(text: &LowercaseText) -> CountResult {
    DENSE_COUNTS.with_borrow_mut(|dense| {
        let mut sparse: HashMap<Trigram, u32> = HashMap::new();
        let total_trigrams = match ascii_codes(text) {
            Some(codes) => count_dense(codes, dense),
            None => count_chars(text, dense, &mut sparse),
        };
        CountResult {
            total_trigrams,
            trigram_counts: dense.drain().chain(sparse).collect(),
        }
    })
}

/// The dense codes ([`Trigram::dense_code`]) of `text`'s characters, with
/// punctuation and digits as spaces, when it is ASCII and they all have one.
fn ascii_codes(text: &str) -> Option<impl Iterator<Item = u16> + '_> {
    let bytes = text.as_bytes();
    let all_coded = bytes
        .iter()
        .all(|&b| ASCII_DENSE_CODES[usize::from(b)] != NO_CODE);
    all_coded.then(|| bytes.iter().map(|&b| u16::from(ASCII_DENSE_CODES[usize::from(b)])))
}

/// A byte's dense code, as a character (punctuation and digits turned to
/// spaces), or [`NO_CODE`].
static ASCII_DENSE_CODES: [u8; 256] = {
    let mut codes = [NO_CODE; 256];
    let mut byte = 0;
    while byte < 0x80 {
        let c = byte as u8 as char;
        if is_stop_char(c) {
            codes[byte] = 0;
        } else if c.is_ascii_lowercase() {
            codes[byte] = byte as u8 - 0x60;
        }
        byte += 1;
    }
    codes
};

const NO_CODE: u8 = u8::MAX;

/// Counts the trigrams of a text given as dense codes (space 0), padded
/// with a space at both ends, skipping those centred on a space next to
/// another: the original `count`'s rules. Returns how many it counted.
fn count_dense(codes: impl Iterator<Item = u16>, dense: &mut DenseCounts) -> u32 {
    let mut codes = codes.chain(Some(0));
    let mut total_trigrams = 0;
    let mut c1 = 0;
    let mut c2 = codes.next().expect("a space ends the codes");
    for c3 in codes {
        if !(c2 == 0 && (c1 == 0 || c3 == 0)) {
            dense.add(c1 << 10 | c2 << 5 | c3);
            total_trigrams += 1;
        }
        c1 = c2;
        c2 = c3;
    }
    total_trigrams
}

/// [`count_dense`] for any text: a character at a time, the trigrams
/// without a dense index into `sparse`.
fn count_chars(
    text: &LowercaseText,
    dense: &mut DenseCounts,
    sparse: &mut HashMap<Trigram, u32>,
) -> u32 {
    let mut total_trigrams = 0;
    let mut chars = text.chars().map(to_trigram_char).chain(Some(' '));
    let mut c1 = ' ';
    let mut c2 = chars.next().expect("a space ends the characters");
    let mut last_three = RollingIndex::default();
    last_three.push(c1);
    last_three.push(c2);
    for c3 in chars {
        last_three.push(c3);
        if !(c2 == ' ' && (c1 == ' ' || c3 == ' ')) {
            if let Some(index) = last_three.dense_index() {
                dense.add(index);
            } else {
                *sparse.entry(Trigram(c1, c2, c3)).or_insert(0) += 1;
            }
            total_trigrams += 1;
        }
        c1 = c2;
        c2 = c3;
    }
    total_trigrams
}

/// The dense index of the last three characters pushed, when they all
/// have a dense code.
#[derive(Default)]
struct RollingIndex {
    index: u16,
    /// A bit for each of the three characters that has no dense code.
    misses: u8,
}

impl RollingIndex {
    #[inline]
    fn push(&mut self, c: char) {
        let code = Trigram::dense_code(c);
        self.index = (self.index << 5 | code.unwrap_or(0)) & (Trigram::DENSE_INDICES - 1) as u16;
        self.misses = (self.misses << 1 | u8::from(code.is_none())) & 0b111;
    }

    #[inline]
    fn dense_index(&self) -> Option<u16> {
        (self.misses == 0).then_some(self.index)
    }
}

thread_local! {
    /// The table [`count`] counts in, kept (128 KiB) for the thread's next text.
    static DENSE_COUNTS: RefCell<DenseCounts> = RefCell::new(DenseCounts::new());
}

/// Counts of the trigrams by dense index ([`Trigram::DENSE_INDICES`]), and which are
/// not zero: [`DenseCounts::drain`] takes them out and leaves the table
/// zeroed again, without a pass over all of it.
struct DenseCounts {
    counts: Box<[u32]>,
    touched: Vec<u16>,
}

impl DenseCounts {
    fn new() -> Self {
        Self {
            counts: vec![0; Trigram::DENSE_INDICES].into_boxed_slice(),
            touched: Vec::new(),
        }
    }

    #[inline]
    fn add(&mut self, index: u16) {
        let count = &mut self.counts[usize::from(index)];
        if *count == 0 {
            self.touched.push(index);
        }
        *count += 1;
    }

    fn drain(&mut self) -> impl Iterator<Item = (Trigram, u32)> + '_ {
        let counts = &mut self.counts;
        self.touched.drain(..).map(|index| {
            let count = std::mem::take(&mut counts[usize::from(index)]);
            (Trigram::from_dense_index(index), count)
        })
    }
}

/// The original counting, into one hash map: the reference `count` is
/// held to.
#[cfg(test)]
pub(crate) fn reference_count(text: &LowercaseText) -> HashMap<Trigram, u32> {
    let hash_capacity = calculate_initial_hash_capacity(text);
    let mut trigram_occurances: HashMap<Trigram, u32> = HashMap::with_capacity(hash_capacity);

    // iterate through the string and count trigrams
    let mut chars_iter = text.chars().map(to_trigram_char).chain(Some(' '));
    let mut c1 = ' ';
    // unwrap is safe, because we always chain a space character on the end of the iterator
    let mut c2 = chars_iter.next().unwrap();
    for cur_char in chars_iter {
        let c3 = cur_char;
        if !(c2 == ' ' && (c1 == ' ' || c3 == ' ')) {
            let trigram = Trigram(c1, c2, c3);
            let count = trigram_occurances.entry(trigram).or_insert(0);
            *count += 1;
        }
        c1 = c2;
        c2 = c3;
    }
    trigram_occurances
}

// Convert punctuations and digits to a space.
#[inline]
fn to_trigram_char(ch: char) -> char {
    if is_stop_char(ch) { ' ' } else { ch }
}

// In order to improve performance, define the initial capacity for trigrams hash map,
// based on the size of the input text.
#[cfg(test)]
fn calculate_initial_hash_capacity(text: &str) -> usize {
    const MAX_INITIAL_HASH_CAPACITY: usize = 2048;

    let len = text.len();
    if len > MAX_INITIAL_HASH_CAPACITY {
        MAX_INITIAL_HASH_CAPACITY
    } else {
        len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_valuable_trigram_chars(chars: &[char]) {
        for &ch in chars.iter() {
            assert_eq!(to_trigram_char(ch), ch);
        }
    }

    fn assert_not_valuable_trigram_chars(chars: &[char]) {
        for &ch in chars.iter() {
            assert_eq!(to_trigram_char(ch), ' ');
        }
    }

    #[test]
    fn test_to_trigram_char() {
        // valuable chars, that matters
        assert_valuable_trigram_chars(&['a', 'z', 'A', 'Z', 'Ж', 'ß']);

        // punctuations, digits, etc..
        //
        // 0x00 - 0x40
        assert_not_valuable_trigram_chars(&['\t', '\n', ' ', '.', '0', '9', ',', '@']);
        // 0x5B - 0x60
        assert_not_valuable_trigram_chars(&['[', ']', '^', '\\', '`']);
        // 0x7B - 0x7E
        assert_not_valuable_trigram_chars(&['[', '|', '{', '}', '~']);
    }

    fn assert_count(text: &str, pairs: &[(&str, u32)]) {
        let lowercase_text = LowercaseText::new(text);
        let CountResult {
            total_trigrams: _,
            trigram_counts,
        } = count(&lowercase_text);
        let trigram_occurances: HashMap<Trigram, u32> = trigram_counts.into_iter().collect();
        for &(trigram_str, expected_n) in pairs.iter() {
            let chars: Vec<char> = trigram_str.chars().collect();
            let trigram = Trigram(chars[0], chars[1], chars[2]);
            let actual_n = trigram_occurances[&trigram];
            assert_eq!(
                actual_n, expected_n,
                "trigram '{:?}' expected to occur {} times, got {}",
                trigram, expected_n, actual_n
            );
        }
        assert_eq!(trigram_occurances.len(), pairs.len());
    }

    #[test]
    fn test_count() {
        assert_count("", &[]);
        assert_count(",", &[]);
        assert_count("a", &[(" a ", 1)]);
        assert_count("-a-", &[(" a ", 1)]);
        assert_count("yes", &[(" ye", 1), ("yes", 1), ("es ", 1)]);
        assert_count(
            "Give - IT...",
            &[
                (" gi", 1),
                ("giv", 1),
                ("ive", 1),
                ("ve ", 1),
                (" it", 1),
                ("it ", 1),
            ],
        );
    }

    #[test]
    fn test_get_trigrams_with_positions() {
        let lowercase_text = LowercaseText::new("xaaaaabbbb    d");
        let TrigramsWithPositions {
            _total_trigrams,
            ranked_trigrams,
        } = get_trigrams_with_positions(&lowercase_text);

        assert_eq!(ranked_trigrams[0], Trigram('a', 'a', 'a'));
        assert_eq!(ranked_trigrams[1], Trigram('b', 'b', 'b'));
        assert_eq!(_total_trigrams, 11);
    }
}
