//! Body caps, compression bombs, content-type gate.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;
use riptide_core::BodyWanted;
use riptide_fetch::{FetchConfig, FetchError};
use riptide_testsite::{Response, Server};

use crate::{config, fetcher, get, get_wanted};

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn serving(response: Response) -> Server {
    Server::start(move |req| match req.path.as_str() {
        "/robots.txt" => Response::status(404),
        _ => response.clone(),
    })
}

#[test]
fn gzip_bodies_are_decompressed() {
    let html = "<p>compressed hello</p>".repeat(100);
    let server = serving(
        Response::html("")
            .header("content-encoding", "gzip")
            .with_body(gzip(html.as_bytes())),
    );
    let page = get(&fetcher(config()), &server.url("/gz")).unwrap();
    assert_eq!(page.body, html.as_bytes());
}

#[test]
fn a_gzip_bomb_is_an_error_not_an_oom() {
    // 64 MiB of zeros compress to about 64 KiB; the cap is 1 MiB.
    let bomb = gzip(&vec![0u8; 64 << 20]);
    assert!(bomb.len() < 1 << 20);
    let server = serving(
        Response::html("")
            .header("content-encoding", "gzip")
            .with_body(bomb),
    );
    let f = fetcher(FetchConfig {
        max_body_bytes: 1 << 20,
        ..config()
    });
    let err = get(&f, &server.url("/bomb")).unwrap_err();
    assert!(
        matches!(err, FetchError::BodyTooLarge { limit } if limit == 1 << 20),
        "{err}"
    );
}

#[test]
fn a_declared_oversized_body_is_refused() {
    let server = serving(Response::html("x".repeat(5000)));
    let f = fetcher(FetchConfig {
        max_body_bytes: 1000,
        ..config()
    });
    assert!(matches!(
        get(&f, &server.url("/big")),
        Err(FetchError::BodyTooLarge { .. })
    ));
}

#[test]
fn non_html_bodies_are_recorded_not_downloaded() {
    let server = serving(Response::typed("image/png", b"\x89PNG\r\n\x1a\n".to_vec()));
    let f = fetcher(config());
    let page = get(&f, &server.url("/img")).unwrap();
    assert_eq!(page.status, 200);
    assert_eq!(page.content_type.as_deref(), Some("image/png"));
    assert!(page.body_skipped);
    assert!(page.body.is_empty());
    assert!(!page.is_html());
    let any = get_wanted(&f, &server.url("/img"), BodyWanted::Any).unwrap();
    assert!(!any.body_skipped);
    assert_eq!(any.body, b"\x89PNG\r\n\x1a\n");
}

#[test]
fn broken_encodings_arrive_as_bytes() {
    // Invalid UTF-8 under a UTF-8 label: the fetcher hands bytes on untouched
    // with their label; decoding is charset::decode_html's job.
    let server = serving(Response::typed(
        "text/html; charset=utf-8",
        b"<p>caf\xe9 \xff\xfe</p>".to_vec(),
    ));
    let page = get(&fetcher(config()), &server.url("/broken")).unwrap();
    assert_eq!(page.body, b"<p>caf\xe9 \xff\xfe</p>");
    let decoded = riptide_core::charset::decode_html(&page.body, page.content_type.as_deref());
    assert!(decoded.text.starts_with("<p>caf"), "{}", decoded.text);
}
