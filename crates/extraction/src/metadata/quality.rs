//! `quality_score`: how confident the engine is that it found a real article.
//!
//! The score (0-100) adds up evidence from the extracted content and from the
//! page's metadata, the same shallow features the boilerplate literature
//! found sufficient (Kohlschütter et al. 2010: text length and link density
//! separate content from boilerplate):
//!
//! ```text
//! length     = 35 × min(1, √(words / 500))       a few hundred words is an article
//! paragraphs = 20 × min(1, long_paragraphs / 5)  prose, not a list of fragments
//! content    = (length + paragraphs) × (1 − min(1, 2 × max(0, link_density − 0.1)))
//! metadata   = 20 if the page declares an article (og:type, JSON-LD type,
//!                <article>, itemprop=articleBody)
//!            + 10 if it names an author + 10 if it has a publication date
//!            +  5 if it has a title
//! score      = round(content + metadata), 0 when there is no text at all
//! ```
//!
//! A long paragraph has at least 20 words. Link density is the share of the
//! text's characters that sit inside links; up to 10% is normal in articles,
//! beyond that every extra point costs two, so a link list scores near zero
//! content points however long it is.

/// Evidence the score is computed from.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(super) struct Evidence {
    pub words: u32,
    pub long_paragraphs: u32,
    /// Characters of link text in the content.
    pub link_chars: usize,
    /// Characters of content text.
    pub text_chars: usize,
    pub declares_article: bool,
    pub has_byline: bool,
    pub has_date: bool,
    pub has_title: bool,
}

/// Words a paragraph needs to count as prose.
pub(super) const LONG_PARAGRAPH_WORDS: u32 = 20;

/// The score for `evidence` (see the module documentation for the formula).
pub(super) fn score(evidence: &Evidence) -> u8 {
    if evidence.words == 0 || evidence.text_chars == 0 {
        return 0;
    }
    let length = 35.0 * (f64::from(evidence.words) / 500.0).sqrt().min(1.0);
    let paragraphs = 20.0 * (f64::from(evidence.long_paragraphs) / 5.0).min(1.0);
    let link_density = ratio(evidence.link_chars, evidence.text_chars).min(1.0);
    let link_factor = 1.0 - (2.0 * (link_density - 0.1).max(0.0)).min(1.0);
    let content = (length + paragraphs) * link_factor;
    let flag = |present: bool, points: f64| if present { points } else { 0.0 };
    let metadata = flag(evidence.declares_article, 20.0)
        + flag(evidence.has_byline, 10.0)
        + flag(evidence.has_date, 10.0)
        + flag(evidence.has_title, 5.0);
    let total = (content + metadata).round().clamp(0.0, 100.0);
    // `total` is a whole number in 0..=100, so the conversion is exact.
    total as u8
}

fn ratio(part: usize, whole: usize) -> f64 {
    let to_f64 = |n: usize| f64::from(u32::try_from(n).unwrap_or(u32::MAX));
    to_f64(part) / to_f64(whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> Evidence {
        Evidence {
            words: 900,
            long_paragraphs: 12,
            link_chars: 200,
            text_chars: 5_000,
            declares_article: true,
            has_byline: true,
            has_date: true,
            has_title: true,
        }
    }

    #[test]
    fn a_full_article_scores_100() {
        assert_eq!(score(&article()), 100);
    }

    #[test]
    fn nothing_scores_zero() {
        assert_eq!(score(&Evidence::default()), 0);
    }

    #[test]
    fn link_lists_lose_their_content_points() {
        let links = Evidence {
            link_chars: 4_000,
            declares_article: false,
            has_byline: false,
            has_date: false,
            ..article()
        };
        assert_eq!(score(&links), 5);
    }

    #[test]
    fn a_short_undeclared_page_scores_low() {
        let stub = Evidence {
            words: 40,
            long_paragraphs: 1,
            link_chars: 0,
            text_chars: 250,
            ..Evidence::default()
        };
        let s = score(&stub);
        assert!(s > 0 && s < 30, "{s}");
    }
}
