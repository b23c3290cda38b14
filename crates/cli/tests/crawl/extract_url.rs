//! `riptide extract` with http(s) URL inputs.

use riptide_testsite::{Response, Server};

use crate::{jsonl, riptide};

fn site() -> Server {
    Server::start(|req| {
        match req.path.as_str() {
        "/robots.txt" => Response::typed("text/plain", b"User-agent: *\nDisallow: /private\n".to_vec()),
        "/old" => Response::redirect(301, "/article"),
        "/article" => Response::typed(
            "text/html; charset=windows-1252",
            b"<html><head><title>Caf\xe9 news</title></head><body><article><h1>Caf\xe9 news</h1>\
              <p>The caf\xe9 on the corner opened again this week, and the whole street came to see it.</p>\
              </article></body></html>"
                .to_vec(),
        ),
        "/image.png" => Response::typed("image/png", b"\x89PNG\r\n\x1a\n".to_vec()),
        _ => Response::status(404),
    }
    })
}

#[test]
fn urls_are_fetched_decoded_and_extracted() {
    let server = site();
    let output = riptide()
        .args(["extract", &server.url("/old")])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let records = jsonl(&output.stdout);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["source"], server.url("/old"));
    assert_eq!(
        records[0]["url"],
        server.url("/article"),
        "the final URL after the redirect"
    );
    assert_eq!(
        records[0]["title"], "Café news",
        "the HTTP charset was honoured"
    );
}

#[test]
fn fetch_failures_are_error_records() {
    let server = site();
    let output = riptide()
        .args([
            "extract",
            &server.url("/missing"),
            &server.url("/image.png"),
            &server.url("/private/x"),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let records = jsonl(&output.stdout);
    assert_eq!(records.len(), 3);
    for record in &records {
        assert_eq!(record["error"]["kind"], "fetch", "{record}");
    }
    assert!(
        records[0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("404")
    );
    assert!(
        records[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("image/png")
    );
    assert!(
        records[2]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("robots.txt")
    );
    assert_eq!(server.hits("/private/x"), 0);
}
