//! Sitemaps: XML `urlset` and `sitemapindex` files, plain-text lists, gzipped or not.

use std::io::Read;

use flate2::read::GzDecoder;
use quick_xml::Reader;
use quick_xml::events::Event;
use serde::{Deserialize, Serialize};

/// What `--sitemap` does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SitemapMode {
    /// Seed the frontier from sitemaps too, and follow links.
    #[default]
    Include,
    /// Ignore sitemaps.
    Skip,
    /// Crawl only what sitemaps list: links on pages are not followed.
    Only,
}

/// One parsed sitemap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sitemap {
    /// A `urlset` (or a plain-text list): page URLs.
    Urls(Vec<String>),
    /// A `sitemapindex`: URLs of more sitemaps.
    Index(Vec<String>),
}

/// Why a sitemap could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SitemapError {
    /// The gzip stream is corrupt.
    #[error("corrupt gzip: {0}")]
    Gzip(#[from] std::io::Error),
    /// Decompressed, the sitemap is larger than the limit (a compression bomb).
    #[error("sitemap larger than {0} bytes")]
    TooLarge(u64),
    /// The XML does not parse.
    #[error("invalid sitemap XML: {0}")]
    Xml(String),
}

/// The sitemap protocol's own limit: 50 MB uncompressed.
pub const MAX_SITEMAP_BYTES: u64 = 50 * 1024 * 1024;

/// Parses a sitemap body; gzip is recognised by its magic bytes, since
/// servers label `.xml.gz` files in every possible way.
pub fn parse_sitemap(body: &[u8], max_bytes: u64) -> Result<Sitemap, SitemapError> {
    let inflated;
    let bytes = if body.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        GzDecoder::new(body)
            .take(max_bytes + 1)
            .read_to_end(&mut out)?;
        if out.len() as u64 > max_bytes {
            return Err(SitemapError::TooLarge(max_bytes));
        }
        inflated = out;
        &inflated[..]
    } else {
        body
    };
    let text = String::from_utf8_lossy(bytes);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<') {
        parse_xml(trimmed)
    } else {
        Ok(Sitemap::Urls(
            trimmed
                .lines()
                .map(str::trim)
                .filter(|l| l.starts_with("http"))
                .map(str::to_owned)
                .collect(),
        ))
    }
}

fn parse_xml(xml: &str) -> Result<Sitemap, SitemapError> {
    let mut reader = Reader::from_str(xml);
    let mut index = false;
    let mut in_loc = false;
    let mut current = String::new();
    let mut locs = Vec::new();
    loop {
        match reader
            .read_event()
            .map_err(|e| SitemapError::Xml(e.to_string()))?
        {
            Event::Start(e) => match e.local_name().as_ref() {
                "sitemapindex" => index = true,
                "loc" => {
                    in_loc = true;
                    current.clear();
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "loc" => {
                in_loc = false;
                let loc = current.trim();
                if !loc.is_empty() {
                    locs.push(loc.to_owned());
                }
            }
            Event::Text(t) if in_loc => current.push_str(&t.xml10_content()),
            Event::CData(t) if in_loc => current.push_str(&t),
            Event::GeneralRef(r) if in_loc => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    current.push(c);
                } else {
                    current.push_str(predefined_entity(&r));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(if index {
        Sitemap::Index(locs)
    } else {
        Sitemap::Urls(locs)
    })
}

fn predefined_entity(name: &str) -> &'static str {
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlset_with_entities_and_cdata() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc> http://e.com/a?x=1&amp;y=2 </loc><lastmod>2024-01-01</lastmod></url>
              <url><loc><![CDATA[http://e.com/b]]></loc></url>
            </urlset>"#;
        let parsed = parse_sitemap(xml.as_bytes(), MAX_SITEMAP_BYTES).unwrap();
        assert_eq!(
            parsed,
            Sitemap::Urls(vec![
                "http://e.com/a?x=1&y=2".into(),
                "http://e.com/b".into()
            ])
        );
    }

    #[test]
    fn index_gzipped() {
        use std::io::Write;
        let xml =
            "<sitemapindex><sitemap><loc>http://e.com/s1.xml.gz</loc></sitemap></sitemapindex>";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(xml.as_bytes()).unwrap();
        let parsed = parse_sitemap(&gz.finish().unwrap(), MAX_SITEMAP_BYTES).unwrap();
        assert_eq!(
            parsed,
            Sitemap::Index(vec!["http://e.com/s1.xml.gz".into()])
        );
    }

    #[test]
    fn gzip_bombs_stop_at_the_limit() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b' '; 4 << 20]).unwrap();
        assert!(matches!(
            parse_sitemap(&gz.finish().unwrap(), 1 << 20),
            Err(SitemapError::TooLarge(_))
        ));
    }

    #[test]
    fn plain_text_lists() {
        let parsed =
            parse_sitemap(b"http://e.com/1\n\nhttp://e.com/2\n", MAX_SITEMAP_BYTES).unwrap();
        assert_eq!(
            parsed,
            Sitemap::Urls(vec!["http://e.com/1".into(), "http://e.com/2".into()])
        );
    }
}
