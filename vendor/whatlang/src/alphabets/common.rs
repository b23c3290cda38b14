//! It's a hard-core optimized implementation of a relatively simple algorithm.
//! The explanation of the algorithm can be found in the parent module [crate::alphabets].

use super::RawOutcome;
use crate::core::{FilterList, LowercaseText};
use crate::utils::is_stop_char;
use crate::{Lang, Script};
use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Inverted map binding a character to a set of languages.
pub fn build_inverted_map(alphabets: &[(Lang, &str)]) -> (Vec<char>, Vec<Vec<Lang>>) {
    let mut map = HashMap::new();

    for (lang, alphabet) in alphabets {
        for c in alphabet.chars() {
            let entry = map.entry(c).or_insert_with(Vec::new);
            entry.push(*lang);
        }
    }

    let mut char_lang: Vec<_> = map.into_iter().collect();

    char_lang.sort_unstable_by_key(|(c, _)| *c);

    let mut chars = Vec::with_capacity(char_lang.len());
    let mut langs = Vec::with_capacity(char_lang.len());
    for (ch, languages) in char_lang {
        chars.push(ch);
        langs.push(languages);
    }

    (chars, langs)
}

/// The position in `chars` (sorted, without duplicates) of each ASCII
/// character, as `chars.binary_search(&ch).ok()` finds it: a table lookup
/// spares most characters of a Latin text the binary search.
fn ascii_positions(chars: &[char]) -> [Option<usize>; 128] {
    let mut positions = [None; 128];
    // Being sorted, `chars` has the ASCII characters first.
    for (position, &ch) in chars.iter().enumerate().take_while(|(_, ch)| ch.is_ascii()) {
        positions[ch as usize] = Some(position);
    }
    positions
}

pub fn generic_alphabet_calculate_scores(
    script: Script,
    lang_map: &LazyLock<(Vec<char>, Vec<Vec<Lang>>)>,
    text: &LowercaseText,
    filter_list: &FilterList,
) -> RawOutcome {
    let (chars, langs) = &**lang_map;
    let script_langs = script.langs();

    let ascii_positions = ascii_positions(chars);

    // score of each character.
    let mut char_scores = vec![0; chars.len()];
    let mut max_raw_score = 0;
    // iterate over the text and scores characters.
    for ch in text.chars() {
        if is_stop_char(ch) {
            continue;
        }

        max_raw_score += 1;

        let position = if ch.is_ascii() {
            ascii_positions[ch as usize]
        } else {
            chars.binary_search(&ch).ok()
        };
        if let Some(position) = position {
            // add 2 and remove max_raw_score at the end,
            // to keep the score interval of -max_raw_score..max_raw_score
            char_scores[position] += 2;
        }
    }

    // score of each lang.
    let mut lang_scores = vec![0; Lang::all().len()];
    let mut common_score: usize = 0;
    // iterate over scored characters to compute language's scores.
    for (position, char_score) in char_scores.into_iter().enumerate() {
        if char_score > 0 {
            let languages = &langs[position];
            // if current character is common to all Languages, increment a common score
            // instead of iterating over all Languages scores.
            if languages.len() == script_langs.len() {
                common_score += char_score;
            } else {
                for &lang in languages {
                    lang_scores[lang as usize] += char_score;
                }
            }
        }
    }

    // remap languages with theirs scores.
    let mut raw_scores: Vec<(Lang, usize)> = script_langs
        .iter()
        .filter(|&&l| filter_list.is_allowed(l))
        .map(|&l| {
            let score = (lang_scores[l as usize] + common_score).saturating_sub(max_raw_score);
            (l, score)
        })
        .collect();

    raw_scores.sort_unstable_by_key(|(_, score)| Reverse(*score));

    let mut normalized_scores = vec![];

    for &(lang, raw_score) in raw_scores.iter() {
        let normalized_score = raw_score as f64 / max_raw_score as f64;
        normalized_scores.push((lang, normalized_score));
    }

    RawOutcome {
        count: max_raw_score,
        raw_scores,
        scores: normalized_scores,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_ascii_positions_match_binary_search() {
        let mixed = build_inverted_map(&[
            (Lang::Eng, "azAZ09 !~\u{7f}"),
            (Lang::Deu, "bdfäöüß"),
            (Lang::Rus, "\0\tабв"),
        ]);
        let non_ascii = build_inverted_map(&[(Lang::Rus, "абвгд")]);
        for (chars, _) in [
            &*crate::alphabets::latin::ALPHABET_LANG_MAP,
            &mixed,
            &non_ascii,
        ] {
            let positions = ascii_positions(chars);
            for ch in (0..128u8).map(char::from) {
                assert_eq!(
                    positions[ch as usize],
                    chars.binary_search(&ch).ok(),
                    "{ch:?}"
                );
            }
        }
    }
}
