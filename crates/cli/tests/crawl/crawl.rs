//! `riptide crawl` and `riptide map` output.

use riptide_testsite::{Response, Server};

use crate::{jsonl, riptide};

fn site() -> Server {
    Server::start(|req| match req.path.as_str() {
        "/robots.txt" => {
            Response::typed("text/plain", b"User-agent: *\nDisallow: /admin\n".to_vec())
        }
        "/sitemap.xml" => Response::status(404),
        "/" => Response::html(
            "<html><head><title>Home</title></head><body><article><h1>Home</h1>\
             <p>The home page of the crawl test site, long enough to be extracted as content.</p>\
             <a href=\"/a\">A</a> <a href=\"/b.txt\">B</a> <a href=\"/admin\">admin</a> <a href=\"/missing\">gone</a>\
             </article></body></html>",
        ),
        "/a" => Response::html(
            "<html><head><title>Page A</title></head><body><article><h1>Page A</h1>\
             <p>Page A says something worth reading, in a paragraph long enough to count.</p></article></body></html>",
        ),
        "/b.txt" => Response::typed("text/plain", b"plain text".to_vec()),
        _ => Response::status(404),
    })
}

#[test]
fn crawl_records_carry_page_fields() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let output = riptide()
        .args(["crawl", &server.url("/"), "--delay-ms", "0", "--output-dir"])
        .arg(dir.path().join("md"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "the 404 is a failed record");
    let records = jsonl(&output.stdout);
    assert_eq!(
        records.len(),
        4,
        "home, a, b.txt, missing; admin is disallowed"
    );
    let home = &records[0];
    assert_eq!(home["source"], server.url("/"));
    assert_eq!(home["title"], "Home");
    assert_eq!(home["status"], 200);
    assert_eq!(home["depth"], 0);
    assert!(home["referrer"].is_null());
    assert!(home["fetched_at"].as_str().unwrap().ends_with('Z'));
    let text = records
        .iter()
        .find(|r| r["source"] == server.url("/b.txt"))
        .unwrap();
    assert_eq!(text["content_type"], "text/plain");
    assert!(text.get("markdown").is_none(), "non-HTML is not extracted");
    let missing = records
        .iter()
        .find(|r| r["source"] == server.url("/missing"))
        .unwrap();
    assert_eq!(missing["error"]["kind"], "http_status");
    assert_eq!(missing["referrer"], server.url("/"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("127.0.0.1:{}", server.addr().port())),
        "per-host summary: {stderr}"
    );
    let files: Vec<_> = std::fs::read_dir(dir.path().join("md")).unwrap().collect();
    assert_eq!(files.len(), 2, "one Markdown file per extracted page");
    assert_eq!(server.hits("/admin"), 0);
}

#[test]
fn crawl_json_output_is_one_array() {
    let server = site();
    let output = riptide()
        .args([
            "crawl",
            &server.url("/"),
            "--delay-ms",
            "0",
            "--format",
            "json",
            "--max-pages",
            "2",
        ])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 2);
}

#[test]
fn map_lists_urls_without_extracting() {
    let server = site();
    let output = riptide()
        .args(["map", &server.url("/"), "--delay-ms", "0", "-q"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let urls: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    for path in ["/", "/a", "/b.txt", "/admin", "/missing"] {
        assert!(
            urls.contains(&server.url(path)),
            "{path} missing from {urls:?}"
        );
    }
}
