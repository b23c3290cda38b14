//! What becomes of a page: extraction, non-HTML types, broken encodings,
//! error statuses, canonical URLs and robots meta tags.

use riptide_crawl::PageOutcome;
use riptide_testsite::{Response, Server};

use crate::{config, crawl, page, paths, records, state};

fn site() -> Server {
    Server::start(|req| {
        match req.path.as_str() {
        "/robots.txt" | "/sitemap.xml" => Response::status(404),
        "/" => page(
            "home",
            &[
                "/doc.pdf".into(),
                "/latin1".into(),
                "/broken".into(),
                "/gone".into(),
                "/moved".into(),
                "/dup?utm_source=x".into(),
                "/hidden".into(),
                "/closed".into(),
                "/header-hidden".into(),
                "/header-closed".into(),
                "/header-other-bot".into(),
                "/header-hidden.pdf".into(),
            ],
        ),
        "/doc.pdf" => Response::typed("application/pdf", b"%PDF-1.4 ...".to_vec()),
        "/latin1" => Response::typed(
            "text/html; charset=iso-8859-1",
            b"<html><head><title>Cr\xe8me br\xfbl\xe9e</title></head><body><article>\
              <p>Une cr\xe8me br\xfbl\xe9e, dessert fran\xe7ais tr\xe8s connu, se sert froide avec du sucre.</p>\
              </article></body></html>"
                .to_vec(),
        ),
        "/broken" => Response::typed(
            "text/html; charset=utf-8",
            b"<html><head><title>Broken \xff\xfe bytes</title></head><body><article>\
              <p>This page declares UTF-8 but carries invalid bytes \xc3\x28 in the middle of its text.</p>\
              </article></body></html>"
                .to_vec(),
        ),
        "/gone" => Response::status(410),
        "/moved" => Response::redirect(301, "/new-home"),
        "/new-home" => page("new home", &[]),
        "/dup" => page("dup", &["/".into(), "/#top".into(), "/?utm_medium=y".into()]),
        "/hidden" => Response::html(
            "<html><head><meta name=robots content=\"noindex\"></head><body><a href=\"/via-hidden\">x</a></body></html>",
        ),
        "/via-hidden" => page("via hidden", &[]),
        "/closed" => Response::html(
            "<html><head><meta name=robots content=\"nofollow\"><title>closed</title></head><body><article>\
             <p>A page whose links must not be followed, with a paragraph long enough to count.</p>\
             <a href=\"/never\">never</a></article></body></html>",
        ),
        "/header-hidden" => page("header hidden", &["/via-header-hidden".into()])
            .header("x-robots-tag", "noindex"),
        "/via-header-hidden" => page("via header hidden", &[]),
        "/header-closed" => page("header closed", &["/never-by-header".into()])
            .header("x-robots-tag", "otherbot: noindex")
            .header("x-robots-tag", "riptide: nofollow"),
        "/header-other-bot" => page("other bot", &["/via-other-bot".into()])
            .header("x-robots-tag", "googlebot: noindex, nofollow"),
        "/via-other-bot" => page("via other bot", &[]),
        "/header-hidden.pdf" => Response::typed("application/pdf", b"%PDF-1.4 ...".to_vec())
            .header("x-robots-tag", "none"),
        "/canon-a" => Response::html(
            "<html><head><link rel=canonical href=\"/canon-b\"></head><body><p>a</p></body></html>",
        ),
        "/canon-b" => page("canonical", &[]),
        _ => Response::status(404),
    }
    })
}

#[test]
fn each_kind_of_page_gets_the_right_record() {
    let server = site();
    let state = state();
    crawl(config(&server), &state);
    let records = records(&state);
    let by_path = |path: &str| {
        let url = server.url(path);
        records
            .iter()
            .find(|r| r.url == url)
            .unwrap_or_else(|| panic!("no record for {path}"))
    };

    let pdf = by_path("/doc.pdf");
    assert_eq!(
        pdf.outcome,
        PageOutcome::Recorded,
        "non-HTML is recorded, not extracted"
    );
    assert_eq!(pdf.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(pdf.status, 200);

    let PageOutcome::Extracted(latin1) = &by_path("/latin1").outcome else {
        panic!("latin1 not extracted")
    };
    assert_eq!(latin1.title.as_deref(), Some("Crème brûlée"));

    let PageOutcome::Extracted(broken) = &by_path("/broken").outcome else {
        panic!("broken not extracted")
    };
    // Whatever the decoder makes of the bad bytes (U+FFFD, or another
    // encoding when the declaration is judged wrong), the page is extracted.
    assert!(
        broken.text.contains("carries invalid bytes"),
        "{}",
        broken.text
    );
    assert!(
        broken.text.contains("in the middle of its text"),
        "{}",
        broken.text
    );

    let gone = by_path("/gone");
    assert_eq!(gone.status, 410);
    assert!(matches!(&gone.outcome, PageOutcome::Failed { kind, .. } if kind == "http_status"));

    let moved = by_path("/moved");
    assert_eq!(
        moved.final_url.as_deref(),
        Some(server.url("/new-home").as_str())
    );

    assert!(by_path("/").depth == 0 && by_path("/dup").depth == 1);
    assert_eq!(
        server.hits("/"),
        1,
        "normalised variants of / are the same URL"
    );
}

#[test]
fn noindex_nofollow_and_canonical_are_respected() {
    let server = site();
    let state = state();
    let stats = crawl(config(&server), &state);
    let paths = paths(&records(&state), &server);
    assert!(!paths.contains("/hidden"), "noindex pages leave no record");
    assert!(
        paths.contains("/via-hidden"),
        "but their links are followed"
    );
    assert!(paths.contains("/closed"));
    assert_eq!(
        server.hits("/never"),
        0,
        "nofollow pages' links are not followed"
    );
    assert!(stats.skipped >= 1);

    assert!(
        !paths.contains("/header-hidden") && !paths.contains("/header-hidden.pdf"),
        "X-Robots-Tag: noindex leaves no record, HTML or not"
    );
    assert!(
        paths.contains("/via-header-hidden"),
        "a header noindex still follows links"
    );
    assert!(paths.contains("/header-closed"));
    assert_eq!(
        server.hits("/never-by-header"),
        0,
        "X-Robots-Tag nofollow scoped to riptide is obeyed"
    );
    assert!(
        paths.contains("/header-other-bot") && paths.contains("/via-other-bot"),
        "directives scoped to another crawler do not apply"
    );

    let state = crate::state();
    let mut cfg = config(&server);
    cfg.seeds = vec![server.url("/canon-a")];
    crawl(cfg, &state);
    let canon = crate::paths(&records(&state), &server);
    assert_eq!(
        canon,
        ["/canon-b".to_owned()].into(),
        "the canonical URL is recorded instead"
    );
}
