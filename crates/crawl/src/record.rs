//! The record stored (and later written out) for each fetched URL.

use std::time::{SystemTime, UNIX_EPOCH};

use riptide_core::Document;
use serde::{Deserialize, Serialize};

/// One fetched URL: the page facts and what became of it.
///
/// `D` is the extracted document: parsed (the default), or, for a reader that
/// only passes the stored JSON on, `&serde_json::value::RawValue`, which
/// reads the same stored bytes without parsing the document (the CLI's JSON
/// output writes it through as it is).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrawlRecord<D = Box<Document>> {
    /// The URL as it was queued.
    pub url: String,
    /// Where the body came from after redirects, when different.
    pub final_url: Option<String>,
    /// The HTTP status; 0 when no response arrived.
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// When the fetch started, RFC 3339 UTC.
    pub fetched_at: String,
    /// Links followed from a start URL.
    pub depth: u32,
    /// The page the URL was found on.
    pub referrer: Option<String>,
    /// What happened to the page.
    pub outcome: PageOutcome<D>,
}

/// What happened to a fetched page; `D` is the document, as in [`CrawlRecord`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageOutcome<D = Box<Document>> {
    /// HTML, extracted.
    Extracted(D),
    /// Fetched and recorded, not extracted: not HTML, unchanged (304), or
    /// extraction switched off (`riptide map`).
    Recorded,
    /// Failed; the crawl goes on.
    Failed {
        /// Machine-readable kind (`timeout`, `http_status`, `not_html`, ...).
        kind: String,
        /// Human-readable explanation.
        message: String,
    },
}

impl<D> CrawlRecord<D> {
    /// True when the outcome is a failure.
    pub fn failed(&self) -> bool {
        matches!(self.outcome, PageOutcome::Failed { .. })
    }
}

/// `time` as RFC 3339 UTC with second precision (`2024-05-01T10:00:00Z`).
pub fn rfc3339(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn rfc3339_dates() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_709_210_096); // leap day 2024
        assert_eq!(rfc3339(t), "2024-02-29T12:34:56Z");
        let t = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(rfc3339(t), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn records_round_trip() {
        let record = CrawlRecord {
            url: "http://e.com/".into(),
            final_url: None,
            status: 404,
            content_type: None,
            fetched_at: rfc3339(UNIX_EPOCH),
            depth: 1,
            referrer: Some("http://e.com/x".into()),
            outcome: PageOutcome::Failed {
                kind: "http_status".into(),
                message: "HTTP 404".into(),
            },
        };
        let json = serde_json::to_string(&record).unwrap();
        assert_eq!(serde_json::from_str::<CrawlRecord>(&json).unwrap(), record);
        assert!(record.failed());
    }
}
