//! Page language as a BCP 47 tag.
//!
//! Declared languages come in many spellings (`EN`, `en_US`, `en-us,en;q=0.9`,
//! `zh-hans-cn`); they are normalised to BCP 47 case conventions (`en-US`,
//! `zh-Hans-CN`). When a page declares nothing, the language is detected from
//! its text with `whatlang`, whose ISO 639-3 codes are mapped to the two-letter
//! ISO 639-1 codes BCP 47 prefers. Prose that is plainly English or German
//! is recognised first by its function words, at a tenth of whatlang's
//! cost.

use whatlang::Lang;

/// Text beyond this many bytes adds little to detection accuracy but costs
/// time: whatlang counts the sample's trigrams before scoring them against
/// every profile of the script, so a sample of 1,000 bytes instead of 2,000
/// takes half off each detection (~110 to ~60 µs; a quarter, ~90 to ~65 µs on
/// a crawled page, before the patch in vendor/whatlang made scoring cheap).
/// On the 109 eval pages whose language is detected, 1,000 and 2,000 bytes
/// give the same answers (600 still does; 400 changes two).
const DETECTION_SAMPLE_BYTES: usize = 1_000;

/// Normalises a declared language (`<html lang>`, `content-language`,
/// `og:locale`, JSON-LD `inLanguage`) to a BCP 47 tag, or `None` when it is
/// not a plausible tag.
pub(crate) fn normalize_tag(raw: &str) -> Option<String> {
    let first = raw
        .split([',', ';', ' '])
        .map(str::trim)
        .find(|s| !s.is_empty())?;
    let mut parts = first.split(['-', '_']);
    let primary = parts.next()?.to_ascii_lowercase();
    let primary_ok =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    if !primary_ok {
        return None;
    }
    let mut tag = primary;
    for part in parts {
        let subtag = match part.len() {
            4 if part.bytes().all(|b| b.is_ascii_alphabetic()) => {
                let mut script = part.to_ascii_lowercase();
                if let Some(first) = script.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                script
            }
            2 if part.bytes().all(|b| b.is_ascii_alphabetic()) => part.to_ascii_uppercase(),
            3 if part.bytes().all(|b| b.is_ascii_digit()) => part.to_owned(),
            _ => break,
        };
        tag.push('-');
        tag.push_str(&subtag);
    }
    Some(tag)
}

/// Detects the language of `text`; `None` when the text is too short or the
/// detection is not confident.
pub(crate) fn detect(text: &str) -> Option<String> {
    let sample = prefix(text, DETECTION_SAMPLE_BYTES);
    if sample.split_whitespace().nth(4).is_none() && sample.chars().count() < 20 {
        return None;
    }
    if let Some(code) = by_function_words(sample) {
        return Some(code.to_owned());
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    iso_639_1(info.lang()).map(str::to_owned)
}

/// Fewer words than this are too few to judge by function words.
const FUNCTION_WORDS_MIN_WORDS: u32 = 20;
/// Fewer function-word hits than this are too few to judge by.
const FUNCTION_WORDS_MIN_HITS: u32 = 8;

/// `en` or `de` when `sample` is unmistakably English or German prose: at
/// least a sixth of its words are that language's commonest function words,
/// five times as many as the other's, and its letters are Latin. Anything
/// less clear-cut (other languages, mixed text, lists of names) is left to
/// whatlang, which costs ~60 µs per 1,000-byte sample (~120 µs before the
/// patch in vendor/whatlang) against ~6 µs here (a crawl of pages that
/// declare no language spent a sixth of its CPU in whatlang).
/// Over 6,493 windows of 1,000 bytes of the eval pages' text this answered
/// 5,256 and agreed with whatlang on all but 4, where whatlang was unsure.
fn by_function_words(sample: &str) -> Option<&'static str> {
    let (mut latin, mut other) = (0u32, 0u32);
    for c in sample.chars() {
        if c.is_ascii_alphabetic() || matches!(c, 'ä' | 'ö' | 'ü' | 'ß' | 'Ä' | 'Ö' | 'Ü') {
            latin += 1;
        } else if !c.is_ascii() && c.is_alphabetic() {
            other += 1;
        }
    }
    if other * 10 > latin {
        return None;
    }
    let (mut words, mut english, mut german) = (0u32, 0u32, 0u32);
    let mut lower = [0u8; 8];
    for token in sample.split_ascii_whitespace() {
        let word = token.trim_matches(|c: char| c.is_ascii_punctuation() || c == '„' || c == '“');
        if !word
            .bytes()
            .any(|b| b.is_ascii_alphabetic() || !b.is_ascii())
        {
            continue;
        }
        words += 1;
        let Some(lower) = lower.get_mut(..word.len()) else {
            continue;
        };
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        english += u32::from(is_english_function_word(lower));
        german += u32::from(is_german_function_word(lower));
    }
    let clear = |hits: u32, rival: u32| {
        words >= FUNCTION_WORDS_MIN_WORDS
            && hits >= FUNCTION_WORDS_MIN_HITS.max(words / 6)
            && rival * 5 <= hits
    };
    if clear(english, german) {
        Some("en")
    } else if clear(german, english) {
        Some("de")
    } else {
        None
    }
}

fn is_english_function_word(word: &[u8]) -> bool {
    matches!(
        word,
        b"the"
            | b"and"
            | b"of"
            | b"to"
            | b"is"
            | b"that"
            | b"with"
            | b"for"
            | b"was"
            | b"are"
            | b"this"
            | b"it"
            | b"be"
            | b"on"
            | b"as"
            | b"have"
            | b"not"
            | b"by"
            | b"from"
            | b"at"
            | b"which"
            | b"you"
            | b"or"
            | b"but"
            | b"they"
            | b"were"
            | b"has"
            | b"been"
            | b"their"
            | b"will"
            | b"would"
            | b"an"
            | b"can"
            | b"there"
            | b"what"
            | b"about"
            | b"more"
            | b"when"
            | b"who"
    )
}

/// (`f\xc3\xbcr` is "für", `\xc3\xbcber` "über" in UTF-8.)
fn is_german_function_word(word: &[u8]) -> bool {
    matches!(
        word,
        b"und"
            | b"der"
            | b"die"
            | b"das"
            | b"nicht"
            | b"ist"
            | b"mit"
            | b"sich"
            | b"auf"
            | b"f\xc3\xbcr"
            | b"dem"
            | b"den"
            | b"des"
            | b"ein"
            | b"eine"
            | b"einen"
            | b"auch"
            | b"wird"
            | b"werden"
            | b"sind"
            | b"wurde"
            | b"von"
            | b"zu"
            | b"im"
            | b"bei"
            | b"nach"
            | b"aus"
            | b"wie"
            | b"oder"
            | b"aber"
            | b"noch"
            | b"nur"
            | b"\xc3\xbcber"
            | b"hat"
            | b"haben"
            | b"kann"
            | b"sie"
            | b"es"
            | b"er"
            | b"wir"
    )
}

/// The longest prefix of `text` of at most `max` bytes, cut on a char boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

/// ISO 639-1 code of a `whatlang` language; `None` for a language a newer
/// `whatlang` adds before this table knows it.
fn iso_639_1(lang: Lang) -> Option<&'static str> {
    Some(match lang.code() {
        "epo" => "eo",
        "eng" => "en",
        "rus" => "ru",
        "cmn" => "zh",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "ben" => "bn",
        "fra" => "fr",
        "deu" => "de",
        "ukr" => "uk",
        "kat" => "ka",
        "ara" => "ar",
        "hin" => "hi",
        "jpn" => "ja",
        "heb" => "he",
        "yid" => "yi",
        "pol" => "pl",
        "amh" => "am",
        "jav" => "jv",
        "kor" => "ko",
        "nob" => "nb",
        "dan" => "da",
        "swe" => "sv",
        "fin" => "fi",
        "tur" => "tr",
        "nld" => "nl",
        "hun" => "hu",
        "ces" => "cs",
        "ell" => "el",
        "bul" => "bg",
        "bel" => "be",
        "mar" => "mr",
        "kan" => "kn",
        "ron" => "ro",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "mkd" => "mk",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "tam" => "ta",
        "vie" => "vi",
        "urd" => "ur",
        "tha" => "th",
        "guj" => "gu",
        "uzb" => "uz",
        "pan" => "pa",
        "aze" => "az",
        "ind" => "id",
        "tel" => "te",
        "pes" => "fa",
        "mal" => "ml",
        "ori" => "or",
        "mya" => "my",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "tuk" => "tk",
        "aka" => "ak",
        "zul" => "zu",
        "sna" => "sn",
        "afr" => "af",
        "lat" => "la",
        "slk" => "sk",
        "cat" => "ca",
        "tgl" => "tl",
        "hye" => "hy",
        "cym" => "cy",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_declared_tags() {
        assert_eq!(normalize_tag("en").as_deref(), Some("en"));
        assert_eq!(normalize_tag(" EN-us ").as_deref(), Some("en-US"));
        assert_eq!(normalize_tag("en_US").as_deref(), Some("en-US"));
        assert_eq!(normalize_tag("zh-hans-cn").as_deref(), Some("zh-Hans-CN"));
        assert_eq!(normalize_tag("es-419").as_deref(), Some("es-419"));
        assert_eq!(normalize_tag("de-DE, en;q=0.5").as_deref(), Some("de-DE"));
        assert_eq!(normalize_tag("fr-FR-x-private").as_deref(), Some("fr-FR"));
        assert_eq!(normalize_tag(""), None);
        assert_eq!(normalize_tag("{{lang}}"), None);
        assert_eq!(normalize_tag("english"), None);
    }

    #[test]
    fn detects_from_text() {
        let english = "The quick brown fox jumps over the lazy dog while the farmer watches \
                       from the porch and wonders what the weather will bring tomorrow.";
        assert_eq!(detect(english).as_deref(), Some("en"));
        let german = "Der schnelle braune Fuchs springt über den faulen Hund, während der Bauer \
                      von der Veranda aus zuschaut und sich fragt, wie das Wetter morgen wird.";
        assert_eq!(detect(german).as_deref(), Some("de"));
        assert_eq!(detect("ok"), None);
    }

    #[test]
    fn function_words_decide_only_plain_english_or_german() {
        let english = "It was the best of times, it was the worst of times, it was the age of \
                       wisdom, it was the age of foolishness, it was the epoch of belief.";
        assert_eq!(by_function_words(english), Some("en"));
        let german = "Es war einmal ein König, der hatte eine Tochter, die war so schön, dass \
                      die Sonne selbst, die doch so vieles gesehen hat, sich wunderte.";
        assert_eq!(by_function_words(german), Some("de"));
        // Other languages, and English too mixed with another, go to whatlang.
        let spanish = "En un lugar de la Mancha, de cuyo nombre no quiero acordarme, no ha \
                       mucho tiempo que vivía un hidalgo de los de lanza en astillero.";
        assert_eq!(by_function_words(spanish), None);
        assert_eq!(detect(spanish).as_deref(), Some("es"));
        let mixed = "The report und die Zahlen of the year, der Bericht and the numbers, \
                     das Jahr and the plan, die Pläne of the company und der Vorstand.";
        assert_eq!(by_function_words(mixed), None);
        let russian = "Все счастливые семьи похожи друг на друга, каждая несчастливая семья \
                       несчастлива по-своему, and the rest of the sentence is in English.";
        assert_eq!(by_function_words(russian), None);
    }

    #[test]
    fn every_language_maps_to_a_code() {
        for lang in Lang::all() {
            assert!(iso_639_1(*lang).is_some(), "{lang:?}");
        }
    }
}
