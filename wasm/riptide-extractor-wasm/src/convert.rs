//! Guest-side conversions between `riptide-core` types and the WIT types.
//!
//! The host has the mirror image in `riptide-sandbox`; the two are tested
//! together by the sandbox's round-trip tests against the real component.

use riptide_core::{Document, ExtractError, ExtractMode, Link, Media, MediaKind};

use crate::bindings::riptide::extractor::types as wit;

/// A WIT mode as a core mode.
pub fn mode_from_wit(mode: wit::ExtractionMode) -> ExtractMode {
    match mode {
        wit::ExtractionMode::Article => ExtractMode::Article,
        wit::ExtractionMode::Full => ExtractMode::Full,
        wit::ExtractionMode::Metadata => ExtractMode::Metadata,
        wit::ExtractionMode::Custom(selectors) => ExtractMode::Custom(selectors),
    }
}

/// A core mode as a WIT mode.
pub fn mode_to_wit(mode: &ExtractMode) -> wit::ExtractionMode {
    match mode {
        ExtractMode::Article => wit::ExtractionMode::Article,
        ExtractMode::Full => wit::ExtractionMode::Full,
        ExtractMode::Metadata => wit::ExtractionMode::Metadata,
        ExtractMode::Custom(selectors) => wit::ExtractionMode::Custom(selectors.clone()),
    }
}

/// A document as the WIT record, moving every field.
pub fn content_to_wit(doc: Document) -> wit::ExtractedContent {
    wit::ExtractedContent {
        url: doc.url,
        title: doc.title,
        byline: doc.byline,
        published_iso: doc.published_iso,
        markdown: doc.markdown,
        text: doc.text,
        links: doc.links.into_iter().map(link_to_wit).collect(),
        media: doc.media.into_iter().map(media_to_wit).collect(),
        language: doc.language,
        reading_time: doc.reading_time,
        quality_score: doc.quality_score,
        word_count: doc.word_count,
        categories: doc.categories,
        site_name: doc.site_name,
        description: doc.description,
    }
}

fn link_to_wit(link: Link) -> wit::Link {
    wit::Link {
        url: link.url,
        text: link.text,
    }
}

fn media_to_wit(media: Media) -> wit::Media {
    let kind = match media.kind {
        MediaKind::Image => wit::MediaKind::Image,
        MediaKind::Video => wit::MediaKind::Video,
        MediaKind::Audio => wit::MediaKind::Audio,
    };
    wit::Media {
        kind,
        url: media.url,
        alt: media.alt,
    }
}

/// An engine error as the WIT variant. Sandbox-limit variants cannot come from
/// the engine itself; they and any future variant travel as `internal`.
pub fn error_to_wit(err: &ExtractError) -> wit::ExtractionError {
    match err {
        ExtractError::InputTooLarge { size, limit } => {
            wit::ExtractionError::InputTooLarge(wit::OverLimit {
                found: *size,
                limit: *limit,
            })
        }
        ExtractError::TooDeeplyNested { depth, limit } => {
            wit::ExtractionError::TooDeeplyNested(wit::OverLimit {
                found: *depth as u64,
                limit: *limit as u64,
            })
        }
        ExtractError::NotHtml(reason) => wit::ExtractionError::NotHtml(reason.clone()),
        ExtractError::InvalidSelector { selector, reason } => {
            wit::ExtractionError::InvalidSelector(wit::InvalidSelector {
                selector: selector.clone(),
                reason: reason.clone(),
            })
        }
        ExtractError::NoSelector => wit::ExtractionError::NoSelector,
        other => wit::ExtractionError::Internal(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_round_trip() {
        for mode in [
            ExtractMode::Article,
            ExtractMode::Full,
            ExtractMode::Metadata,
            ExtractMode::Custom(vec!["main".into(), ".post".into()]),
        ] {
            assert_eq!(mode_from_wit(mode_to_wit(&mode)), mode);
        }
    }

    #[test]
    fn document_fields_all_move() {
        let doc = Document {
            url: Some("https://example.com/a".into()),
            title: Some("T".into()),
            byline: Some("B".into()),
            published_iso: Some("2024-05-01".into()),
            markdown: "# T".into(),
            text: "T".into(),
            links: vec![Link {
                url: "https://example.com/b".into(),
                text: "b".into(),
            }],
            media: vec![Media {
                kind: MediaKind::Audio,
                url: "a.mp3".into(),
                alt: Some("x".into()),
            }],
            language: Some("en".into()),
            reading_time: 3,
            quality_score: 77,
            word_count: 600,
            categories: vec!["news".into()],
            site_name: Some("S".into()),
            description: Some("D".into()),
        };
        let wit = content_to_wit(doc);
        assert_eq!(wit.published_iso.as_deref(), Some("2024-05-01"));
        assert_eq!(wit.links[0].url, "https://example.com/b");
        assert!(matches!(wit.media[0].kind, wit::MediaKind::Audio));
        assert_eq!(
            (wit.reading_time, wit.quality_score, wit.word_count),
            (3, 77, 600)
        );
        assert_eq!(wit.site_name.as_deref(), Some("S"));
    }

    #[test]
    fn engine_errors_keep_their_details() {
        let err = error_to_wit(&ExtractError::TooDeeplyNested {
            depth: 2001,
            limit: 2000,
        });
        assert!(matches!(
            err,
            wit::ExtractionError::TooDeeplyNested(wit::OverLimit {
                found: 2001,
                limit: 2000
            })
        ));
        let err = error_to_wit(&ExtractError::Timeout);
        assert!(
            matches!(err, wit::ExtractionError::Internal(message) if message.contains("deadline"))
        );
    }
}
