//! Property tests: no input makes the engine panic, in any mode. Inputs are
//! arbitrary bytes, soups of HTML-like tokens, and the fixtures mutated (bytes
//! flipped, cut short, tags deleted, duplicated or spliced in).
//!
//! The number of cases per property is `PROPTEST_CASES` (default 256). A
//! failure prints the minimal input and is saved under `proptest-regressions/`;
//! commit that file with the fix.

use proptest::prelude::*;
use riptide_core::{ExtractError, ExtractMode};
use riptide_extraction::{ExtractOptions, extract_bytes};

use crate::common::{FIXTURES, assert_consistent, custom, fixture};

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

fn modes() -> [ExtractMode; 4] {
    [
        ExtractMode::Article,
        ExtractMode::Full,
        ExtractMode::Metadata,
        custom(&["p", "article > *", "a[href]"]),
    ]
}

/// Runs every mode; errors are fine as long as they are typed and sensible.
fn extract_all_modes(bytes: &[u8], content_type: Option<&str>) {
    for mode in modes() {
        match extract_bytes(
            bytes,
            content_type,
            Some("https://prop.example.com/a/b"),
            &mode,
            &ExtractOptions::default(),
        ) {
            Ok(doc) => assert_consistent(&doc, &mode),
            Err(ExtractError::NotHtml(_) | ExtractError::TooDeeplyNested { .. }) => {}
            Err(other) => panic!("unexpected error in {mode} mode: {other:?}"),
        }
    }
}

/// HTML-ish tokens: tags that change parser modes, entities, comments, text.
fn token() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "<html>",
        "<head>",
        "<body>",
        "</body>",
        "<div>",
        "</div>",
        "<p>",
        "</p>",
        "<span>",
        "</span>",
        "<a href=\"/x\">",
        "</a>",
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "<table>",
        "<tr>",
        "<td>",
        "</td>",
        "</table>",
        "<ul>",
        "<li>",
        "</ul>",
        "<pre><code class=\"language-rust\">",
        "</code></pre>",
        "<code>",
        "</code>",
        "<h1>",
        "</h1>",
        "<h2>",
        "<blockquote>",
        "</blockquote>",
        "<article>",
        "</article>",
        "<nav>",
        "</nav>",
        "<footer>",
        "<aside class=\"comments\">",
        "<script>",
        "</script>",
        "<style>",
        "</style>",
        "<svg>",
        "</svg>",
        "<math>",
        "<template>",
        "<textarea>",
        "<noscript>",
        "<title>",
        "</title>",
        "<select><option>",
        "<frameset>",
        "<plaintext>",
        "<img src=\"i.png\" alt=\"x\">",
        "<br>",
        "<hr>",
        "<base href=\"http://[::1]/\">",
        "<meta charset=\"shift_jis\">",
        "<meta property=\"og:title\" content=\"T\">",
        "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"headline\":",
        "\"x\"}",
        "<time datetime=\"2024-13-45\">",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<!DOCTYPE html>",
        "&amp;",
        "&#x1F600;",
        "&#0;",
        "&#xD800;",
        "&nosuch",
        "|",
        "*",
        "`",
        "```",
        "#",
        "\n",
        "\t",
        " ",
        "\u{a0}",
        "\u{200b}",
        "\u{FEFF}",
        "é",
        "日本",
        "שלום",
        "\r\n",
        "[",
        "](",
        ")",
    ])
    .prop_map(str::to_owned);
    prop_oneof![
        4 => fixed,
        1 => "[ -~]{0,12}",
        1 => "[a-zA-Z ,.]{1,40}",
        1 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

/// A structural mutation of a page.
#[derive(Debug, Clone)]
enum Mutation {
    FlipByte { at: usize, xor: u8 },
    Truncate { at: usize },
    DeleteTag { nth: usize },
    DuplicateRange { at: usize, len: usize },
    Insert { at: usize, bytes: Vec<u8> },
    SwapRanges { a: usize, b: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let pos = any::<prop::sample::Index>();
    prop_oneof![
        (pos.clone(), 1u8..).prop_map(|(at, xor)| Mutation::FlipByte {
            at: at.index(usize::MAX),
            xor
        }),
        pos.clone().prop_map(|at| Mutation::Truncate {
            at: at.index(usize::MAX)
        }),
        (0usize..400).prop_map(|nth| Mutation::DeleteTag { nth }),
        (pos.clone(), 1usize..2_000).prop_map(|(at, len)| Mutation::DuplicateRange {
            at: at.index(usize::MAX),
            len
        }),
        (pos.clone(), token()).prop_map(|(at, t)| Mutation::Insert {
            at: at.index(usize::MAX),
            bytes: t.into_bytes()
        }),
        (pos.clone(), pos, 1usize..500).prop_map(|(a, b, len)| Mutation::SwapRanges {
            a: a.index(usize::MAX),
            b: b.index(usize::MAX),
            len
        }),
    ]
}

fn apply(page: &mut Vec<u8>, mutation: &Mutation) {
    if page.is_empty() {
        return;
    }
    let n = page.len();
    match mutation {
        Mutation::FlipByte { at, xor } => page[at % n] ^= xor,
        Mutation::Truncate { at } => page.truncate(at % n),
        Mutation::DeleteTag { nth } => {
            let starts: Vec<usize> = page
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'<')
                .map(|(i, _)| i)
                .collect();
            if starts.is_empty() {
                return;
            }
            let start = starts[nth % starts.len()];
            let end = page[start..]
                .iter()
                .position(|b| *b == b'>')
                .map_or(n, |e| start + e + 1);
            page.drain(start..end);
        }
        Mutation::DuplicateRange { at, len } => {
            let start = at % n;
            let end = (start + len).min(n);
            let copy = page[start..end].to_vec();
            page.splice(end..end, copy);
        }
        Mutation::Insert { at, bytes } => {
            let at = at % (n + 1);
            page.splice(at..at, bytes.iter().copied());
        }
        Mutation::SwapRanges { a, b, len } => {
            let (a, b) = (a % n, b % n);
            let (first, second) = (a.min(b), a.max(b));
            let len = (*len).min(second - first).min(n - second);
            for i in 0..len {
                page.swap(first + i, second + i);
            }
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        extract_all_modes(&bytes, None);
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        extract_all_modes(text.as_bytes(), None);
    }

    #[test]
    fn html_token_soup_never_panics(tokens in prop::collection::vec(token(), 0..300)) {
        extract_all_modes(tokens.concat().as_bytes(), None);
    }

    #[test]
    fn token_soup_with_any_declared_charset_never_panics(
        tokens in prop::collection::vec(token(), 0..100),
        charset in prop::sample::select(vec!["utf-8", "utf-16le", "windows-1251", "shift_jis", "iso-2022-jp", "gb18030", "x-user-defined", "replacement", "bogus", ""]),
    ) {
        let page = tokens.concat();
        extract_all_modes(page.as_bytes(), Some(&format!("text/html; charset={charset}")));
        let declared = format!("<meta charset=\"{charset}\">{page}");
        extract_all_modes(declared.as_bytes(), None);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..12),
    ) {
        let mut page = fixture(FIXTURES[which.index(FIXTURES.len())]);
        for m in &mutations {
            apply(&mut page, m);
        }
        extract_all_modes(&page, None);
    }
}

#[test]
fn mutations_do_what_they_say() {
    let mut page = b"<p>abc</p><b>x</b>".to_vec();
    apply(&mut page, &Mutation::DeleteTag { nth: 1 });
    assert_eq!(page, b"<p>abc<b>x</b>");
    apply(&mut page, &Mutation::Truncate { at: 4 });
    assert_eq!(page, b"<p>a");
    apply(&mut page, &Mutation::DuplicateRange { at: 0, len: 3 });
    assert_eq!(page, b"<p><p>a");
    apply(&mut page, &Mutation::SwapRanges { a: 0, b: 3, len: 3 });
    assert_eq!(page, b"<p><p>a");
    apply(
        &mut page,
        &Mutation::Insert {
            at: 7,
            bytes: b"!".to_vec(),
        },
    );
    assert_eq!(page, b"<p><p>a!");
}
