//! [`KnownUrls`]: the URLs this process has already handed to the store.

use std::collections::HashSet;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};

/// How many URLs [`KnownUrls`] remembers before it starts over: ~4.5 MB of
/// table at most, whatever the crawl's size.
const CAPACITY: usize = 1 << 18;

/// A bounded memory of the URLs this process has already handed to the
/// store's seen set, checked before a found link becomes a frontier row.
///
/// Most links a page holds are links every page holds (navigation, footers,
/// "related" lists): on the crawl benchmark ten of a page's eleven links are
/// already known. Each one still cost a frontier row (three strings) and a
/// lookup in the store's unique index that then ignored the insert. Skipping
/// them is safe because the store already has them, or will have them when
/// the batch that found them commits: a crawl whose commit fails stops, and
/// the next run starts with an empty memory. Forgetting is safe too, since
/// the store ignores duplicates; so the memory starts over when it is full,
/// which keeps the crawl's memory flat however many URLs it meets.
///
/// URLs are kept as 128-bit keyed hashes (two SipHash halves with random
/// keys): 16 bytes each, whatever the URL's length, and a chance of a false
/// "known", which would lose a link, far below one in 10^20 per lookup.
pub(crate) struct KnownUrls {
    keys: [RandomState; 2],
    seen: HashSet<u128, BuildHasherDefault<Prehashed>>,
}

impl Default for KnownUrls {
    fn default() -> Self {
        Self {
            keys: [RandomState::new(), RandomState::new()],
            seen: HashSet::default(),
        }
    }
}

impl KnownUrls {
    /// Remembers `url`; true when it was not known yet.
    pub(crate) fn first_sighting(&mut self, url: &str) -> bool {
        let [low, high] = &self.keys;
        let key = u128::from(low.hash_one(url)) | (u128::from(high.hash_one(url)) << 64);
        if self.seen.contains(&key) {
            return false;
        }
        if self.seen.len() >= CAPACITY {
            self.seen.clear();
        }
        self.seen.insert(key)
    }
}

/// The hasher of a set whose keys are hashes already: their low 64 bits.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u128(&mut self, key: u128) {
        self.0 = key as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_url_is_new_once() {
        let mut known = KnownUrls::default();
        assert!(known.first_sighting("http://e.com/a"));
        assert!(known.first_sighting("http://e.com/b"));
        assert!(!known.first_sighting("http://e.com/a"));
        assert!(!known.first_sighting("http://e.com/b"));
    }

    #[test]
    fn a_full_memory_starts_over() {
        let mut known = KnownUrls::default();
        for i in 0..CAPACITY {
            assert!(known.first_sighting(&format!("http://e.com/{i}")));
        }
        assert!(!known.first_sighting("http://e.com/0"));
        assert!(
            known.first_sighting("http://e.com/new"),
            "cleared, then remembered"
        );
        assert!(known.first_sighting("http://e.com/0"), "forgotten");
        assert_eq!(known.seen.len(), 2);
    }
}
