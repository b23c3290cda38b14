//! The article title from the document `<title>`, without the site name.
//!
//! Titles usually carry the site or section around the headline
//! ("Headline | Site", "Site - Section - Headline", "Site: Headline").
//! This is Readability.js's `_getArticleTitle`, whose rules have been refined
//! on thousands of real pages:
//!
//! * with a spaced separator (` | `, ` - `, ` – `, ` — `, ` \ `, ` / `, ` > `, ` » `), keep
//!   what precedes the last one; if that leaves fewer than three words, drop
//!   the first part instead;
//! * with a colon, keep the whole title when an `<h1>`/`<h2>` repeats it,
//!   else the part after the last colon (or the first colon when too short,
//!   or the whole title when the part before the colon is long);
//! * a very short or very long title is replaced by the page's only `<h1>`;
//! * a result of four words or fewer falls back to the original title unless
//!   it came from cutting hierarchical separators cleanly.

use super::text::{js_len, js_word_count, squash};

/// Separator characters; en and em dashes are used like ` - ` by many sites.
const SEPARATORS: &[char] = &['|', '-', '–', '—', '\\', '/', '>', '»'];
const HIERARCHICAL: &[char] = &['\\', '/', '>', '»'];

/// The headings a title can be checked against.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Headings {
    /// Trimmed text of every `<h1>` and `<h2>`, in document order.
    pub h1_h2: Vec<String>,
    /// Trimmed text of every `<h1>`.
    pub h1: Vec<String>,
}

/// Cleans the document title (`raw`, already whitespace-collapsed as
/// `document.title` is).
pub(super) fn clean_title(raw: &str, headings: &Headings) -> String {
    let cleaned = readability_title(raw, headings);
    heading_prefix(&cleaned, headings).unwrap_or(cleaned)
}

/// When the cleaned title still opens with the page's `<h1>` followed by a
/// separator ("Headline - Page 1", "Headline - Docs"), the `<h1>` is the
/// headline: Readability keeps such suffixes when the headline is short.
fn heading_prefix(title: &str, headings: &Headings) -> Option<String> {
    headings.h1.iter().find_map(|h1| {
        // Documentation generators end headings with a permalink mark.
        let h1 = squash_runs(h1.trim_end_matches(['¶', '#', '§', '🔗', ' ']).trim());
        let rest = title.get(h1.len()..)?;
        let starts = title.get(..h1.len())?.eq_ignore_ascii_case(&h1);
        let separated = spaced_separator_positions(rest, SEPARATORS).next() == Some(0);
        (starts && separated && js_word_count(&h1) >= 2).then_some(h1)
    })
}

/// Readability.js's `_getArticleTitle`.
fn readability_title(raw: &str, headings: &Headings) -> String {
    let original = raw.trim();
    let mut current = original.to_owned();
    let mut had_hierarchical = false;
    if let Some(last) = last_spaced_separator(original) {
        had_hierarchical = spaced_separator_positions(original, HIERARCHICAL)
            .next()
            .is_some();
        current = original.get(..last).unwrap_or(original).to_owned();
        if js_word_count(&current) < 3 {
            current = after_first_separator(original).to_owned();
        }
    } else if current.contains(": ") {
        let repeated = headings.h1_h2.iter().any(|h| h == original);
        if !repeated {
            let after_last = original.rfind(':').map_or(original, |i| &original[i + 1..]);
            current = after_last.to_owned();
            if js_word_count(&current) < 3 {
                current = original
                    .find(':')
                    .map_or(original, |i| &original[i + 1..])
                    .to_owned();
            } else if original
                .find(':')
                .is_some_and(|i| js_word_count(&original[..i]) > 5)
            {
                current = original.to_owned();
            }
        }
    } else if (js_len(&current) > 150 || js_len(&current) < 15)
        && let [only_h1] = headings.h1.as_slice()
    {
        current = squash_runs(only_h1);
    }
    current = squash_runs(current.trim());
    let words = js_word_count(&current);
    if words <= 4 {
        let stripped: String = original
            .chars()
            .filter(|c| !SEPARATORS.contains(c))
            .collect();
        if !had_hierarchical || words + 1 != js_word_count(&stripped) {
            return original.to_owned();
        }
    }
    current
}

/// Byte offsets of separators written with a space on each side (` | `),
/// found left to right without overlap, as a global regex match does.
fn spaced_separator_positions<'a>(
    title: &'a str,
    set: &'a [char],
) -> impl Iterator<Item = usize> + 'a {
    let chars: Vec<(usize, char)> = title.char_indices().collect();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i + 2 < chars.len() {
            let (start, first) = chars[i];
            let (_, middle) = chars[i + 1];
            let (_, last) = chars[i + 2];
            if first == ' ' && last == ' ' && set.contains(&middle) {
                i += 3;
                return Some(start);
            }
            i += 1;
        }
        None
    })
}

fn last_spaced_separator(title: &str) -> Option<usize> {
    spaced_separator_positions(title, SEPARATORS).last()
}

/// The title after its first separator character (spaced or not).
fn after_first_separator(title: &str) -> &str {
    title
        .char_indices()
        .find(|(_, c)| SEPARATORS.contains(c))
        .map_or(title, |(i, c)| &title[i + c.len_utf8()..])
}

/// Readability's `replace(/\s{2,}/g, " ")`: runs of two or more whitespace
/// characters become one space (single whitespace characters are kept).
fn squash_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            run.push(c);
            continue;
        }
        flush_run(&mut run, &mut out);
        out.push(c);
    }
    flush_run(&mut run, &mut out);
    out
}

fn flush_run(run: &mut String, out: &mut String) {
    match run.chars().count() {
        0 => {}
        1 => out.push_str(run),
        _ => out.push(' '),
    }
    run.clear();
}

/// `document.title`: the text of the first `<title>`, with ASCII whitespace
/// stripped and collapsed.
pub(super) fn document_title(text: &str) -> String {
    squash(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_h1(text: &str) -> Headings {
        Headings {
            h1_h2: Vec::new(),
            h1: vec![text.to_owned()],
        }
    }

    fn clean(raw: &str) -> String {
        clean_title(raw, &Headings::default())
    }

    #[test]
    fn strips_site_suffixes() {
        assert_eq!(
            clean("Facebook Is Tracking Me Even Though I’m Not on Facebook | Civil Liberties"),
            "Facebook Is Tracking Me Even Though I’m Not on Facebook"
        );
        assert_eq!(
            clean("Obama admits US gun laws are his 'biggest frustration' - BBC News"),
            "Obama admits US gun laws are his 'biggest frustration'"
        );
        assert_eq!(
            clean("Get your Frontend JavaScript Code Covered | Code | Nicolas Perriault"),
            "Get your Frontend JavaScript Code Covered | Code"
        );
    }

    #[test]
    fn drops_a_prefix_when_the_rest_is_short() {
        assert_eq!(
            clean("Site - A much longer headline about things"),
            "A much longer headline about things"
        );
        assert_eq!(
            clean("Blog / The story of a long journey home"),
            "The story of a long journey home"
        );
        // Three words left after a hierarchical cut that removed more than one word: keep all.
        assert_eq!(
            clean("Example Site » Welcome home friends"),
            "Example Site » Welcome home friends"
        );
    }

    #[test]
    fn dashes_are_separators() {
        assert_eq!(
            clean("Lorem ipsum dolor sit amet – My website"),
            "Lorem ipsum dolor sit amet"
        );
        assert_eq!(
            clean("Evolve: Shared Mutable History — evolve extension for Mercurial"),
            "Evolve: Shared Mutable History — evolve extension for Mercurial"
        );
    }

    #[test]
    fn colon_titles() {
        assert_eq!(
            clean("Daily Site: Scientists discover a brand new planet"),
            "Scientists discover a brand new planet"
        );
        let headings = Headings {
            h1_h2: vec!["Rust: a language empowering everyone".to_owned()],
            h1: Vec::new(),
        };
        assert_eq!(
            clean_title("Rust: a language empowering everyone", &headings),
            "Rust: a language empowering everyone"
        );
    }

    #[test]
    fn an_h1_before_a_separator_is_the_headline() {
        let headings = one_h1("Retrying requests¶");
        assert_eq!(
            clean_title("Retrying requests - Quillkit documentation", &headings),
            "Retrying requests"
        );
        let headings = one_h1("Opener hums but won't open");
        assert_eq!(
            clean_title(
                "Opener hums but won't open - Page 1 - Fixers' Bench",
                &headings
            ),
            "Opener hums but won't open"
        );
        assert_eq!(
            clean_title("Other words - Site name here", &headings),
            "Other words - Site name here"
        );
    }

    #[test]
    fn short_titles_use_the_only_h1() {
        assert_eq!(
            clean_title("Home", &one_h1("The real headline of this article")),
            "The real headline of this article"
        );
        assert_eq!(clean_title("Home", &one_h1("Two words")), "Home");
        assert_eq!(clean_title("", &one_h1("Two words")), "");
        assert_eq!(clean_title("Home", &Headings::default()), "Home");
    }
}
