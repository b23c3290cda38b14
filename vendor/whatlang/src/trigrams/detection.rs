use std::sync::LazyLock;

use hashbrown::HashMap;

#[cfg(test)]
use super::LangProfile;
use super::LangProfileList;
use super::utils::{TrigramsWithPositions, get_trigrams_with_positions};
use super::{ARABIC_LANGS, CYRILLIC_LANGS, DEVANAGARI_LANGS, HEBREW_LANGS, LATIN_LANGS};
use super::{MAX_TOTAL_DISTANCE, MAX_TRIGRAM_DISTANCE, Trigram};
use crate::Lang;
use crate::core::{FilterList, Info, InternalQuery, Text, calculate_confidence};
use crate::scripts::grouping::MultiLangScript;

#[derive(Debug)]
pub struct RawOutcome {
    pub trigrams_count: usize,
    #[allow(dead_code)]
    pub raw_distances: Vec<(Lang, u32)>,
    pub scores: Vec<(Lang, f64)>,
}

#[inline]
pub fn detect(iquery: &InternalQuery) -> Option<Info> {
    let raw_outcome = raw_detect(iquery);
    let RawOutcome {
        trigrams_count,
        scores,
        ..
    } = raw_outcome;

    let mut raw_scores_iter = scores.into_iter();

    let opt_lang_score1 = raw_scores_iter.next();
    let opt_lang_score2 = raw_scores_iter.next();

    // TODO: Logic is duplicated in alphabets. Consider refactoring
    opt_lang_score1.map(|(lang1, score1)| {
        let script = iquery.multi_lang_script.to_script();
        let confidence = if let Some((_, score2)) = opt_lang_score2 {
            calculate_confidence(score1, score2, trigrams_count)
        } else {
            1.0
        };
        Info::new(script, lang1, confidence)
    })
}

#[inline]
pub fn raw_detect(iquery: &InternalQuery) -> RawOutcome {
    let index = script_to_profile_index(iquery.multi_lang_script);
    calculate_scores_in_profiles(&iquery.text, iquery.filter_list, index)
}

fn script_to_profile_index(script: MultiLangScript) -> &'static ProfileIndex {
    use MultiLangScript as MLS;
    static LATIN: LazyLock<ProfileIndex> = LazyLock::new(|| ProfileIndex::new(LATIN_LANGS));
    static CYRILLIC: LazyLock<ProfileIndex> = LazyLock::new(|| ProfileIndex::new(CYRILLIC_LANGS));
    static ARABIC: LazyLock<ProfileIndex> = LazyLock::new(|| ProfileIndex::new(ARABIC_LANGS));
    static DEVANAGARI: LazyLock<ProfileIndex> =
        LazyLock::new(|| ProfileIndex::new(DEVANAGARI_LANGS));
    static HEBREW: LazyLock<ProfileIndex> = LazyLock::new(|| ProfileIndex::new(HEBREW_LANGS));
    match script {
        MLS::Latin => &LATIN,
        MLS::Cyrillic => &CYRILLIC,
        MLS::Arabic => &ARABIC,
        MLS::Devanagari => &DEVANAGARI,
        MLS::Hebrew => &HEBREW,
    }
}

/// The language profiles of a script turned inside out: for every trigram,
/// the profiles that contain it and its rank in each.
///
/// Scoring a text against every profile by looking each profile trigram up
/// in the text's trigrams costs one hash lookup per profile trigram (~11,000
/// for the Latin script) whatever the size of the text. With this index it
/// costs one lookup per distinct trigram of the text (at most
/// `TEXT_TRIGRAMS_SIZE`) plus a walk over the profiles that contain it, and
/// gives the same distances.
struct ProfileIndex {
    profiles: LangProfileList,
    /// Each profile trigram's range in `postings`.
    ranges: HashMap<Trigram, (u32, u32)>,
    /// `(profile, rank)`: the index of a profile in `profiles` and the
    /// position of the trigram in that profile.
    postings: Vec<(u16, u16)>,
}

impl ProfileIndex {
    fn new(profiles: LangProfileList) -> Self {
        let entries = || {
            profiles
                .iter()
                .enumerate()
                .flat_map(|(profile, &(_, lang_trigrams))| {
                    let profile = u16::try_from(profile).expect("fewer than 65,536 profiles");
                    lang_trigrams
                        .iter()
                        .enumerate()
                        .map(move |(rank, &trigram)| {
                            let rank = u16::try_from(rank).expect("fewer than 65,536 trigrams");
                            (trigram, (profile, rank))
                        })
                })
        };
        // Count the profiles of each trigram, give each trigram its range,
        // then fill the ranges in (in profile order).
        let mut ranges: HashMap<Trigram, (u32, u32)> = HashMap::new();
        for (trigram, _) in entries() {
            ranges.entry(trigram).or_default().1 += 1;
        }
        let mut total = 0;
        for (start, end) in ranges.values_mut() {
            let len = *end;
            (*start, *end) = (total, total);
            total += len;
        }
        let mut postings = vec![(0, 0); total as usize];
        for (trigram, posting) in entries() {
            let (_, end) = ranges.get_mut(&trigram).expect("counted above");
            postings[*end as usize] = posting;
            *end += 1;
        }
        Self {
            profiles,
            ranges,
            postings,
        }
    }

    /// The distance of each profile (in the order of `profiles`) from a
    /// text's trigrams, as `calculate_distance` of the original
    /// implementation (kept in the tests) computes it.
    fn distances(&self, ranked_trigrams: &[Trigram]) -> Vec<u32> {
        // A profile trigram missing from the text counts MAX_TRIGRAM_DISTANCE;
        // one at rank `n` in the text counts `|n - i|` instead, where `i` is
        // its rank in the profile: start from all missing and account for
        // the ones the text has (which may cost more than missing when the
        // ranks are far apart).
        let mut found_diff = vec![0i64; self.profiles.len()];
        for (n, trigram) in ranked_trigrams.iter().enumerate() {
            if let Some(&(start, end)) = self.ranges.get(trigram) {
                for &(profile, i) in &self.postings[start as usize..end as usize] {
                    let dist = (n as i32 - i32::from(i)).unsigned_abs();
                    found_diff[usize::from(profile)] +=
                        i64::from(dist) - i64::from(MAX_TRIGRAM_DISTANCE);
                }
            }
        }
        let count = ranked_trigrams.len() as u32;
        self.profiles
            .iter()
            .zip(found_diff)
            .map(|(&(_, lang_trigrams), diff)| {
                let all_missing = lang_trigrams.len() as i64 * i64::from(MAX_TRIGRAM_DISTANCE);
                let total_dist =
                    u32::try_from(all_missing + diff).expect("a profile's distance fits in u32");
                adjust_distance(total_dist, count)
            })
            .collect()
    }
}

#[inline]
fn calculate_scores_in_profiles(
    text: &Text,
    filter_list: &FilterList,
    index: &ProfileIndex,
) -> RawOutcome {
    let mut lang_distances: Vec<(Lang, u32)> = vec![];

    let TrigramsWithPositions {
        ranked_trigrams, ..
    } = get_trigrams_with_positions(&text.lowercase());
    let unique_trigrams_count = ranked_trigrams.len();

    let distances = index.distances(&ranked_trigrams);
    for (&(lang, _), dist) in index.profiles.iter().zip(distances) {
        if !filter_list.is_allowed(lang) {
            continue;
        }
        lang_distances.push(((lang), dist));
    }

    // Sort languages by distance
    lang_distances.sort_unstable_by_key(|(_, dist)| *dist);

    let max_dist = unique_trigrams_count as u32 * MAX_TRIGRAM_DISTANCE;

    let raw_scores = lang_distances
        .iter()
        .map(|&(lang, distance)| (lang, distance_to_raw_score(distance, max_dist)))
        .collect();

    RawOutcome {
        trigrams_count: unique_trigrams_count,
        scores: raw_scores,
        raw_distances: lang_distances,
    }
}

/// The original implementation, one lookup per profile trigram: the
/// reference the tests hold `ProfileIndex::distances` to.
#[cfg(test)]
fn calculate_distance(lang_trigrams: LangProfile, text_trigrams: &HashMap<Trigram, u32>) -> u32 {
    let mut total_dist = 0u32;

    for (i, &trigram) in lang_trigrams.iter().enumerate() {
        let dist = match text_trigrams.get(&trigram) {
            Some(&n) => (n as i32 - i as i32).unsigned_abs(),
            None => MAX_TRIGRAM_DISTANCE,
        };
        total_dist += dist;
    }

    let count = text_trigrams.len() as u32;

    if MAX_TRIGRAM_DISTANCE > count {
        let delta = MAX_TRIGRAM_DISTANCE - count;
        total_dist -= delta * MAX_TRIGRAM_DISTANCE;
    }

    total_dist.clamp(0, MAX_TOTAL_DISTANCE)
}

/// The end of `calculate_distance`: corrects a profile's total distance
/// from a text of `count` distinct trigrams for the text having fewer than
/// `MAX_TRIGRAM_DISTANCE` of them.
#[inline]
fn adjust_distance(mut total_dist: u32, count: u32) -> u32 {
    if MAX_TRIGRAM_DISTANCE > count {
        let delta = MAX_TRIGRAM_DISTANCE - count;
        total_dist -= delta * MAX_TRIGRAM_DISTANCE;
    }

    total_dist.clamp(0, MAX_TOTAL_DISTANCE)
}

#[inline]
fn distance_to_raw_score(distance: u32, max_distance: u32) -> f64 {
    let similarity = max_distance - distance;
    similarity as f64 / max_distance as f64
}

#[cfg(test)]
mod tests {
    use super::super::utils::{count, reference_count, trigram_occurances_to_positions};
    use super::*;
    use crate::core::LowercaseText;

    #[test]
    fn test_when_german_is_given() {
        let text = "Die Ordnung muss für immer in diesem Codebase bleiben";
        let iq = InternalQuery {
            text: Text::new(text),
            filter_list: &FilterList::default(),
            multi_lang_script: MultiLangScript::Latin,
        };
        let raw_outcome = raw_detect(&iq);

        assert_eq!(raw_outcome.trigrams_count, 50);

        let &(first_lang, first_score) = raw_outcome.scores.first().unwrap();
        let &(_last_lang, last_score) = raw_outcome.scores.last().unwrap();

        assert_eq!(first_lang, Lang::Deu);

        assert!(first_score >= 0.0);
        assert!(first_score <= 1.0);

        assert!(last_score >= 0.0);
        assert!(last_score <= 1.0);
    }

    /// The text's trigram positions as the original implementation ranked them.
    fn reference_positions(text: &LowercaseText) -> HashMap<Trigram, u32> {
        trigram_occurances_to_positions(reference_count(text))
    }

    #[test]
    fn test_count_matches_reference_count() {
        let mixed = ["", "a", "Zoë's naïve café, 1984!", "a  b\tc", "ÆØÅ æøå abc ẞ"];
        let texts = all_texts().into_iter().chain(mixed.map(str::to_owned));
        for text in texts {
            let lowercase = LowercaseText::new(&text);
            let counts = count(&lowercase);
            let map: HashMap<Trigram, u32> = counts.trigram_counts.iter().copied().collect();
            assert_eq!(map.len(), counts.trigram_counts.len(), "no trigram twice");
            let reference = reference_count(&lowercase);
            assert_eq!(counts.total_trigrams, reference.values().sum::<u32>());
            assert_eq!(map, reference, "{:?}", head(&text));
        }
    }

    #[test]
    fn test_ranked_trigrams_match_reference_positions() {
        for text in all_texts() {
            let lowercase = LowercaseText::new(&text);
            let TrigramsWithPositions {
                ranked_trigrams, ..
            } = get_trigrams_with_positions(&lowercase);
            let positions: HashMap<Trigram, u32> = ranked_trigrams
                .iter()
                .enumerate()
                .map(|(n, &trigram)| (trigram, n as u32))
                .collect();
            assert_eq!(positions.len(), ranked_trigrams.len());
            assert_eq!(
                positions,
                reference_positions(&lowercase),
                "{:?}",
                head(&text)
            );
        }
    }

    /// `calculate_scores_in_profiles` as it was before `ProfileIndex`: a
    /// `calculate_distance` of each allowed profile, in profile order.
    fn reference_scores_in_profiles(
        text: &Text,
        filter_list: &FilterList,
        lang_profile_list: LangProfileList,
    ) -> RawOutcome {
        let mut lang_distances: Vec<(Lang, u32)> = vec![];

        let trigram_positions = reference_positions(&text.lowercase());
        let unique_trigrams_count = trigram_positions.len();

        for &(lang, lang_trigrams) in lang_profile_list {
            if !filter_list.is_allowed(lang) {
                continue;
            }
            let dist = calculate_distance(lang_trigrams, &trigram_positions);
            lang_distances.push(((lang), dist));
        }

        lang_distances.sort_unstable_by_key(|(_, dist)| *dist);

        let max_dist = unique_trigrams_count as u32 * MAX_TRIGRAM_DISTANCE;

        let raw_scores = lang_distances
            .iter()
            .map(|&(lang, distance)| (lang, distance_to_raw_score(distance, max_dist)))
            .collect();

        RawOutcome {
            trigrams_count: unique_trigrams_count,
            scores: raw_scores,
            raw_distances: lang_distances,
        }
    }

    const SCRIPTS: [MultiLangScript; 5] = [
        MultiLangScript::Latin,
        MultiLangScript::Cyrillic,
        MultiLangScript::Arabic,
        MultiLangScript::Devanagari,
        MultiLangScript::Hebrew,
    ];

    fn profiles_of(script: MultiLangScript) -> LangProfileList {
        script_to_profile_index(script).profiles
    }

    /// SplitMix64: a deterministic stream of pseudo-random numbers.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// The crate's own sources and README: every string literal in them (the
    /// texts of whatlang's tests and docs) and every line.
    fn own_texts() -> Vec<String> {
        let sources = [
            include_str!("../../README.md"),
            include_str!("../lib.rs"),
            include_str!("../lang.rs"),
            include_str!("../core/detect.rs"),
            include_str!("../core/detector.rs"),
            include_str!("../scripts/detect.rs"),
            include_str!("../scripts/script.rs"),
            include_str!("../alphabets/latin.rs"),
            include_str!("../alphabets/cyrillic.rs"),
            include_str!("../combined/mod.rs"),
            include_str!("../trigrams/utils.rs"),
            include_str!("detection.rs"),
        ];
        let mut texts = Vec::new();
        for source in sources {
            texts.push(source.to_owned());
            texts.extend(source.lines().map(str::to_owned));
            // Each string literal (roughly: escapes are kept as written).
            let mut parts = source.split('"');
            parts.next();
            while let Some(literal) = parts.next() {
                texts.push(literal.to_owned());
                parts.next();
            }
        }
        texts
    }

    /// Texts made of a profile's own trigrams, the frequent ones more often,
    /// so that they match it (and its neighbours) at many ranks.
    fn profile_texts(rng: &mut Rng) -> Vec<String> {
        let mut texts = Vec::new();
        for script in SCRIPTS {
            for &(_, profile) in profiles_of(script) {
                for _ in 0..4 {
                    let mut text = String::new();
                    let pieces = 1 + rng.below(900);
                    for _ in 0..pieces {
                        // Squaring favours the first ranks.
                        let r = rng.below(profile.len());
                        let Trigram(a, b, c) = profile[r * r / profile.len()];
                        text.extend([a, b, c]);
                        if rng.below(3) == 0 {
                            text.push(' ');
                        }
                    }
                    texts.push(text);
                }
            }
        }
        texts
    }

    /// Random strings over the letters of several scripts, with spaces,
    /// digits, punctuation and capitals.
    fn random_texts(rng: &mut Rng) -> Vec<String> {
        let alphabets: [&[(u32, u32)]; 7] = [
            &[(0x61, 0x7A)],
            &[(0x20, 0x7E), (0xC0, 0x17F)],
            &[(0x410, 0x44F), (0x401, 0x401), (0x451, 0x451)],
            &[(0x621, 0x64A), (0x67E, 0x6CC)],
            &[(0x905, 0x939), (0x93E, 0x94D)],
            &[(0x5D0, 0x5EA)],
            &[
                (0x61, 0x7A),
                (0x430, 0x44F),
                (0x5D0, 0x5EA),
                (0x4E00, 0x4E20),
            ],
        ];
        let mut texts = Vec::new();
        for _ in 0..300 {
            let ranges = alphabets[rng.below(alphabets.len())];
            // Few letters make long words with few distinct trigrams.
            let letters = 1 + rng.below(40);
            let letters: Vec<char> = (0..letters)
                .filter_map(|_| {
                    let (lo, hi) = ranges[rng.below(ranges.len())];
                    char::from_u32(lo + rng.below((hi - lo + 1) as usize) as u32)
                })
                .collect();
            let len = rng.below(3000);
            let text: String = (0..len)
                .map(|_| match rng.below(12) {
                    0 => ' ',
                    1 => ['.', ',', '-', '7', '\n', '!'][rng.below(6)],
                    2 => letters[rng.below(letters.len())]
                        .to_uppercase()
                        .next()
                        .unwrap(),
                    _ => letters[rng.below(letters.len())],
                })
                .collect();
            texts.push(text);
        }
        texts
    }

    fn all_texts() -> Vec<String> {
        let mut rng = Rng(0x5EED);
        let mut texts = own_texts();
        texts.extend(profile_texts(&mut rng));
        texts.extend(random_texts(&mut rng));
        texts.extend(["", " ", "a", "ab", "abc", "a b c", "--- !!! 123"].map(str::to_owned));
        texts
    }

    /// The start of a text, to name it in a failure.
    fn head(text: &str) -> String {
        text.chars().take(60).collect()
    }

    #[test]
    fn test_profile_index_distances_match_calculate_distance() {
        for text in all_texts() {
            let lowercase = LowercaseText::new(&text);
            let trigram_positions = reference_positions(&lowercase);
            let TrigramsWithPositions {
                ranked_trigrams, ..
            } = get_trigrams_with_positions(&lowercase);
            for script in SCRIPTS {
                let index = script_to_profile_index(script);
                let expected: Vec<u32> = index
                    .profiles
                    .iter()
                    .map(|&(_, profile)| calculate_distance(profile, &trigram_positions))
                    .collect();
                assert_eq!(
                    index.distances(&ranked_trigrams),
                    expected,
                    "{:?}",
                    head(&text)
                );
            }
        }
    }

    #[test]
    fn test_scores_match_the_reference_with_any_filter() {
        let mut rng = Rng(0xF117E4);
        for text in all_texts() {
            for script in SCRIPTS {
                let profiles = profiles_of(script);
                let langs: Vec<Lang> = profiles.iter().map(|&(lang, _)| lang).collect();
                let some: Vec<Lang> = langs
                    .iter()
                    .copied()
                    .filter(|_| rng.below(2) == 0)
                    .collect();
                let filters = [
                    FilterList::All,
                    FilterList::allow(some.clone()),
                    FilterList::deny(some),
                    FilterList::allow(vec![langs[rng.below(langs.len())]]),
                    FilterList::allow(vec![]),
                ];
                for filter_list in &filters {
                    let t = Text::new(&text);
                    let actual = calculate_scores_in_profiles(
                        &t,
                        filter_list,
                        script_to_profile_index(script),
                    );
                    let expected = reference_scores_in_profiles(&t, filter_list, profiles);
                    assert_eq!(actual.trigrams_count, expected.trigrams_count);
                    assert_eq!(
                        actual.raw_distances,
                        expected.raw_distances,
                        "{:?}",
                        head(&text)
                    );
                    let bits = |scores: &[(Lang, f64)]| -> Vec<(Lang, u64)> {
                        scores.iter().map(|&(l, s)| (l, s.to_bits())).collect()
                    };
                    assert_eq!(
                        bits(&actual.scores),
                        bits(&expected.scores),
                        "{:?}",
                        head(&text)
                    );
                }
            }
        }
    }

    #[test]
    fn test_profile_index_holds_every_profile_trigram() {
        for script in SCRIPTS {
            let index = script_to_profile_index(script);
            let total: usize = index.profiles.iter().map(|(_, p)| p.len()).sum();
            assert_eq!(index.postings.len(), total);
            for (p, &(_, profile)) in index.profiles.iter().enumerate() {
                for (i, trigram) in profile.iter().enumerate() {
                    let (start, end) = index.ranges[trigram];
                    let postings = &index.postings[start as usize..end as usize];
                    assert!(postings.contains(&(p as u16, i as u16)));
                }
            }
        }
    }
}
