//! Crawler-trap guards: endless calendars, `/a/a/a/...` paths, query
//! explosions. Each guard is cheap and looks at one URL; the per-host page cap
//! bounds what slips through.

use serde::{Deserialize, Serialize};
use url::Url;

/// Limits that keep a crawl out of infinite URL spaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrapGuards {
    /// URLs longer than this are not followed.
    pub max_url_len: usize,
    /// A path segment may occur at most this many times in one path.
    pub max_segment_repeats: usize,
    /// URLs with more query parameters than this are not followed.
    pub max_query_params: usize,
    /// At most this many pages per host are fetched and recorded.
    pub max_pages_per_host: Option<u64>,
}

impl Default for TrapGuards {
    fn default() -> Self {
        Self {
            max_url_len: 2048,
            max_segment_repeats: 3,
            max_query_params: 16,
            max_pages_per_host: Some(1_000_000),
        }
    }
}

impl TrapGuards {
    /// Why `url` looks like a trap, or `None` when it is fine.
    pub fn check(&self, url: &Url) -> Option<&'static str> {
        if url.as_str().len() > self.max_url_len {
            return Some("url_too_long");
        }
        if url.query_pairs().count() > self.max_query_params {
            return Some("too_many_query_params");
        }
        let segments: Vec<&str> = url
            .path_segments()
            .map(|s| s.filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        for (i, segment) in segments.iter().enumerate() {
            let repeats = segments[i..].iter().filter(|s| *s == segment).count();
            if repeats > self.max_segment_repeats {
                return Some("repeated_path_segment");
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str) -> Option<&'static str> {
        TrapGuards::default().check(&Url::parse(url).unwrap())
    }

    #[test]
    fn guards() {
        assert_eq!(check("http://e.com/a/b/c"), None);
        assert_eq!(
            check("http://e.com/a/x/a/y/a/z/a"),
            Some("repeated_path_segment")
        );
        assert_eq!(check("http://e.com/a/a/a"), None);
        let many: Vec<String> = (0..17).map(|i| format!("p{i}=1")).collect();
        assert_eq!(
            check(&format!("http://e.com/?{}", many.join("&"))),
            Some("too_many_query_params")
        );
        assert_eq!(
            check(&format!("http://e.com/{}", "x".repeat(3000))),
            Some("url_too_long")
        );
    }
}
