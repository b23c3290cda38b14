//! Small string helpers shared by the metadata parsers.
//!
//! Several of them reproduce JavaScript semantics on purpose (UTF-16 lengths,
//! `\W` tokenisation, `split(/\s+/)` word counts): the title and byline rules
//! come from Readability.js, and their thresholds were tuned against those
//! exact measures.

/// Collapses runs of whitespace to one space and trims the ends.
pub(super) fn squash(text: &str) -> String {
    crate::dom::squash_whitespace(text)
}

/// Trimmed, whitespace-collapsed and non-empty, else `None`.
pub(super) fn clean(text: &str) -> Option<String> {
    let squashed = squash(text);
    (!squashed.is_empty()).then_some(squashed)
}

/// The pieces of `text` between blank lines, as `text.split("\n\n")` gives
/// them. `memmem` finds the separators several times faster than the
/// two-way searcher of `str::split`: splitting the content for
/// `long_paragraphs` took 5.3 M of the 270 M instructions of 200
/// crawl-benchmark pages.
pub(super) fn split_blocks(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match memchr::memmem::find(current.as_bytes(), b"\n\n") {
            Some(at) => {
                rest = Some(&current[at + 2..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// Length in UTF-16 code units, as JavaScript's `String.length` counts.
pub(super) fn js_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// `text.split(/\s+/).length` in JavaScript: empty leading/trailing pieces count.
pub(super) fn js_word_count(text: &str) -> usize {
    let mut count = 1;
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                count += 1;
                in_space = true;
            }
        } else {
            in_space = false;
        }
    }
    count
}

/// Readability's `_textSimilarity(a, b)`: the share of `b`'s tokens (by
/// joined length) that also occur in `a`. Tokens are split on JavaScript's
/// `\W`, i.e. anything but ASCII letters, digits and `_`.
pub(super) fn similarity(a: &str, b: &str) -> f64 {
    let tokens = |s: &str| -> Vec<String> {
        s.to_lowercase()
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (tokens_a, tokens_b) = (tokens(a), tokens(b));
    if tokens_a.is_empty() || tokens_b.is_empty() {
        return 0.0;
    }
    let joined_len = |list: &[&String]| -> usize {
        list.iter().map(|t| t.len()).sum::<usize>() + list.len().saturating_sub(1)
    };
    let all_b: Vec<&String> = tokens_b.iter().collect();
    let unique_b: Vec<&String> = tokens_b.iter().filter(|t| !tokens_a.contains(t)).collect();
    let total = joined_len(&all_b);
    if total == 0 {
        return 0.0;
    }
    let distance = joined_len(&unique_b) as f64 / total as f64;
    1.0 - distance
}

/// Decodes HTML character references left in metadata values.
///
/// Many sites escape their `<meta content>` twice (`&amp;amp;`), so after the
/// parser's decoding an entity is still there. Numeric references follow the
/// HTML rules (zero, surrogates and values past U+10FFFF become U+FFFD); named
/// references cover the common ones; anything else is kept as written.
pub(super) fn unescape_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        match decode_reference(rest) {
            Some((decoded, used)) => {
                out.push_str(&decoded);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the reference at the start of `s` (which starts with `&`),
/// returning the text and the bytes consumed.
fn decode_reference(s: &str) -> Option<(String, usize)> {
    let end = s.get(1..)?.find(';')? + 1;
    if end > 40 {
        return None;
    }
    let body = s.get(1..end)?;
    let decoded = if let Some(num) = body.strip_prefix('#') {
        let value = match num.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).unwrap_or(u32::MAX)
            }
            None if !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()) => {
                num.parse().unwrap_or(u32::MAX)
            }
            _ => return None,
        };
        char::from_u32(value)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}')
            .to_string()
    } else {
        named_entity(body)?.to_owned()
    };
    Some((decoded, end + 1))
}

/// The named references that show up in real metadata.
fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "rsquo" => "\u{2019}",
        "lsquo" => "\u{2018}",
        "rdquo" => "\u{201d}",
        "ldquo" => "\u{201c}",
        "sbquo" => "\u{201a}",
        "bdquo" => "\u{201e}",
        "ndash" => "\u{2013}",
        "mdash" => "\u{2014}",
        "hellip" => "\u{2026}",
        "laquo" => "\u{ab}",
        "raquo" => "\u{bb}",
        "lsaquo" => "\u{2039}",
        "rsaquo" => "\u{203a}",
        "middot" => "\u{b7}",
        "bull" => "\u{2022}",
        "copy" => "\u{a9}",
        "reg" => "\u{ae}",
        "trade" => "\u{2122}",
        "deg" => "\u{b0}",
        "euro" => "\u{20ac}",
        "pound" => "\u{a3}",
        "yen" => "\u{a5}",
        "cent" => "\u{a2}",
        "sect" => "\u{a7}",
        "para" => "\u{b6}",
        "times" => "\u{d7}",
        "divide" => "\u{f7}",
        "shy" => "\u{ad}",
        "zwj" => "\u{200d}",
        "zwnj" => "\u{200c}",
        "thinsp" => "\u{2009}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "aacute" => "á",
        "eacute" => "é",
        "iacute" => "í",
        "oacute" => "ó",
        "uacute" => "ú",
        "agrave" => "à",
        "egrave" => "è",
        "igrave" => "ì",
        "ograve" => "ò",
        "ugrave" => "ù",
        "acirc" => "â",
        "ecirc" => "ê",
        "icirc" => "î",
        "ocirc" => "ô",
        "ucirc" => "û",
        "auml" => "ä",
        "euml" => "ë",
        "iuml" => "ï",
        "ouml" => "ö",
        "uuml" => "ü",
        "Auml" => "Ä",
        "Ouml" => "Ö",
        "Uuml" => "Ü",
        "Eacute" => "É",
        "szlig" => "ß",
        "ccedil" => "ç",
        "Ccedil" => "Ç",
        "ntilde" => "ñ",
        "Ntilde" => "Ñ",
        "atilde" => "ã",
        "otilde" => "õ",
        "aring" => "å",
        "oslash" => "ø",
        "aelig" => "æ",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_blocks_splits_like_str_split() {
        for text in [
            "",
            "a",
            "\n\n",
            "a\n\nb",
            "a\n\n\nb",
            "a\n\n\n\nb\n\n",
            "\n",
            "é\n\n€",
        ] {
            let blocks: Vec<&str> = split_blocks(text).collect();
            assert_eq!(blocks, text.split("\n\n").collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn word_count_matches_javascript() {
        assert_eq!(js_word_count("a b  c"), 3);
        assert_eq!(js_word_count(""), 1);
        assert_eq!(js_word_count(" a"), 2);
    }

    #[test]
    fn similarity_of_titles() {
        assert!((similarity("Hello world", "hello world") - 1.0).abs() < 1e-9);
        assert!(similarity("Hello world", "something else") < 0.1);
        assert!(similarity("", "x").abs() < 1e-9);
    }

    #[test]
    fn unescapes_references() {
        assert_eq!(unescape_entities("Tom &amp; Jerry"), "Tom & Jerry");
        assert_eq!(unescape_entities("&#x1F62D; &#128557;"), "😭 😭");
        assert_eq!(
            unescape_entities("&#xg; &#x0; &#xFFFFFFFF;"),
            "&#xg; \u{FFFD} \u{FFFD}"
        );
        assert_eq!(
            unescape_entities("it&rsquo;s &unknown; a & b"),
            "it’s &unknown; a & b"
        );
        assert_eq!(unescape_entities("&"), "&");
    }
}
