//! Sitemap discovery: robots.txt lines, /sitemap.xml, indexes, gzip, modes.

use std::io::Write;

use riptide_crawl::{CrawlConfig, SitemapMode};
use riptide_testsite::{Response, Server};

use crate::{config, crawl, page, paths, records, state};

fn gzip(text: &str) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap()
}

/// `/` links only to `/linked`; the sitemaps list `/a`, `/b` (gzipped) and
/// `/c` (via /sitemap.xml), none of which any page links to.
fn site() -> Server {
    let addr = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let a = std::sync::Arc::clone(&addr);
    let server = Server::start(move |req| {
        let base = a.get().cloned().unwrap_or_default();
        match req.path.as_str() {
            "/robots.txt" => Response::typed("text/plain", format!("User-agent: *\nAllow: /\nSitemap: {base}/index.xml\n").into_bytes()),
            "/index.xml" => Response::typed(
                "application/xml",
                format!("<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                         <sitemap><loc>{base}/one.xml</loc></sitemap><sitemap><loc>{base}/two.xml.gz</loc></sitemap>\
                         </sitemapindex>").into_bytes(),
            ),
            "/one.xml" => Response::typed(
                "text/xml",
                format!("<urlset><url><loc>{base}/a</loc></url><url><loc>http://elsewhere.test/x</loc></url></urlset>").into_bytes(),
            ),
            "/two.xml.gz" => Response::typed("application/gzip", gzip(&format!("<urlset><url><loc>{base}/b</loc></url></urlset>"))),
            "/sitemap.xml" => Response::typed("text/xml", format!("<urlset><url><loc>{base}/c</loc></url></urlset>").into_bytes()),
            "/" => page("home", &["/linked".into()]),
            path => page(path, &[]),
        }
    });
    addr.set(server.url("")).unwrap();
    server
}

#[test]
fn sitemaps_add_unlinked_pages() {
    let server = site();
    let state = state();
    crawl(config(&server), &state);
    let paths = paths(&records(&state), &server);
    let expected = ["/", "/linked", "/a", "/b", "/c"].map(str::to_owned).into();
    assert_eq!(paths, expected);
    let a = records(&state)
        .into_iter()
        .find(|r| r.url.ends_with("/a"))
        .unwrap();
    assert_eq!(
        a.referrer.as_deref(),
        Some(server.url("/one.xml").as_str()),
        "the sitemap is the referrer"
    );
}

#[test]
fn sitemap_only_crawls_what_sitemaps_list() {
    let server = site();
    let state = state();
    crawl(
        CrawlConfig {
            sitemaps: SitemapMode::Only,
            ..config(&server)
        },
        &state,
    );
    let expected = ["/a", "/b", "/c"].map(str::to_owned).into();
    assert_eq!(paths(&records(&state), &server), expected);
}

#[test]
fn sitemap_skip_ignores_them() {
    let server = site();
    let state = state();
    crawl(
        CrawlConfig {
            sitemaps: SitemapMode::Skip,
            ..config(&server)
        },
        &state,
    );
    let expected = ["/", "/linked"].map(str::to_owned).into();
    assert_eq!(paths(&records(&state), &server), expected);
    assert_eq!(server.hits("/index.xml") + server.hits("/sitemap.xml"), 0);
}
