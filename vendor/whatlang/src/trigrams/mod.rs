pub mod detection;
mod profiles;
pub mod utils;

pub use profiles::*;

pub use detection::{RawOutcome, detect, raw_detect};

#[derive(Debug, Eq, PartialEq, Ord, PartialOrd, Clone, Copy)]
pub struct Trigram(pub(crate) char, pub(crate) char, pub(crate) char);

impl Trigram {
    /// The three characters in one integer (each is below 2^21), which
    /// orders as the trigram does.
    #[inline]
    pub(crate) fn packed(self) -> u64 {
        (u64::from(self.0) << 42) | (u64::from(self.1) << 21) | u64::from(self.2)
    }

    /// How many trigrams of `a`-`z` and space have a dense index: five bits
    /// per character, the first character's highest, each character's
    /// [`Trigram::dense_code`].
    pub(crate) const DENSE_INDICES: usize = 1 << 15;

    /// A character's part of a dense index: space 0, `a` 1, ..., `z` 26.
    #[inline]
    pub(crate) fn dense_code(c: char) -> Option<u16> {
        match c {
            ' ' => Some(0),
            'a'..='z' => Some(c as u16 - 0x60),
            _ => None,
        }
    }

    /// The trigram of a dense index.
    pub(crate) fn from_dense_index(index: u16) -> Self {
        let char_at = |shift: u16| match (index >> shift) & 0x1F {
            0 => ' ',
            code => char::from(0x60 + code as u8),
        };
        Self(char_at(10), char_at(5), char_at(0))
    }

    /// The trigram `packed` gave.
    #[inline]
    pub(crate) fn unpack(packed: u64) -> Self {
        let char_at = |shift: u32| {
            char::from_u32(((packed >> shift) & 0x1F_FFFF) as u32).expect("a packed char")
        };
        Self(char_at(42), char_at(21), char_at(0))
    }
}

/// Hashes the packed trigram: one `u64` instead of three `u32` writes, in
/// the hot loops of detection (counting a text's trigrams and looking them
/// up in the profile index).
impl std::hash::Hash for Trigram {
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.packed());
    }
}

// Maximum distance(difference) for a trigram in a language profile and text profile.
pub const MAX_TRIGRAM_DISTANCE: u32 = 300;

// 300 trigrams where each has MAX_TOTAL_DISTANCE=300, gives us 90_000.
pub const MAX_TOTAL_DISTANCE: u32 = MAX_TRIGRAM_DISTANCE * MAX_TRIGRAM_DISTANCE;

// Double MAX_TRIGRAM_DISTANCE
pub const TEXT_TRIGRAMS_SIZE: usize = 600;
