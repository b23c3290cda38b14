//! Failures: error records, the run going on, and the documented exit codes
//! (0 ok, 1 some inputs failed, 2 usage, 3 fatal).

use std::fs;

use predicates::prelude::*;

use crate::common::{extract_cmd, fixture, records, riptide, small_page, sources};

#[test]
fn custom_mode_without_selector_is_a_usage_error() {
    extract_cmd()
        .args(["--mode", "custom", &fixture("news_article.html")])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("--selector"));
}

#[test]
fn bad_arguments_are_usage_errors() {
    let news = fixture("news_article.html");
    for args in [
        vec!["--no-such-flag", news.as_str()],
        vec!["--mode", "everything", news.as_str()],
        vec!["--format", "xml", news.as_str()],
        vec!["--jobs", "0", news.as_str()],
        vec!["--jobs", "many", news.as_str()],
    ] {
        extract_cmd()
            .args(&args)
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty());
    }
    riptide().assert().code(2);
    riptide().arg("no-such-command").assert().code(2);
}

#[test]
fn invalid_selector_gives_error_records() {
    let news = fixture("news_article.html");
    let out = extract_cmd()
        .args(["--selector", "p >", &news])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let records = records(&out);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["source"], news.as_str());
    assert_eq!(records[0]["error"]["kind"], "invalid_selector");
    assert!(
        records[0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("p >")
    );
    assert!(
        records[0].get("text").is_none(),
        "an error record holds only source and error"
    );
}

#[test]
fn missing_file_fails_alone_and_order_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("does-not-exist.html").display().to_string();
    let news = fixture("news_article.html");
    let blog = fixture("blog_with_comments.html");
    let assert = extract_cmd()
        .args([&news, &missing, &blog])
        .assert()
        .code(1);
    let output = assert.get_output();
    let records = records(&output.stdout);
    assert_eq!(sources(&records), [news.clone(), missing, blog]);
    assert!(
        records[0]["text"]
            .as_str()
            .unwrap()
            .contains("Councillors voted")
    );
    assert_eq!(records[1]["error"]["kind"], "io");
    assert!(records[2]["text"].as_str().unwrap().contains("frisbee"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1 of 3 inputs failed"), "{stderr}");
}

#[test]
fn quiet_and_verbose_control_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.html").display().to_string();
    extract_cmd()
        .args(["-q", &missing])
        .assert()
        .code(1)
        .stderr(predicate::str::is_empty());
    extract_cmd()
        .args(["-v", &missing])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("gone.html"));
}

/// `-v` logs each page the sandbox stopped, with the limit it ran into, and
/// the sandbox's and circuit breaker's counters at the end; without `-v`,
/// neither.
#[test]
fn verbose_logs_sandbox_breaches_and_counters() {
    let page = fixture("news_article.html");
    extract_cmd()
        .args(["-v", "--fuel", "1000", "--base-url", "https://example.com/starved", &page])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "riptide: info: sandbox stopped https://example.com/starved: extraction ran out of fuel (budget 1000 units)",
        ))
        .stderr(predicate::str::contains(
            "0 pages extracted, 1 stopped (limit, trap or refusal), 0 found it unavailable; \
             circuit breaker Closed: opened 0, half-opened 0, closed 0 times; 0 pages served natively",
        ));
    extract_cmd()
        .args(["--fuel", "1000", &page])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("sandbox").not());
}

#[test]
fn failures_in_markdown_and_text_leave_stdout_clean_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.html").display().to_string();
    for format in ["markdown", "text"] {
        extract_cmd()
            .args(["--format", format, &missing, &fixture("news_article.html")])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("Councillors voted"))
            .stdout(predicate::str::contains("gone.html").not())
            .stderr(predicate::str::contains("1 of 2 inputs failed"));
    }
}

/// Hostile pages in a batch: each fails with its own typed error record and
/// the pages around them are extracted normally.
#[test]
fn hostile_pages_fail_alone_in_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        path.display().to_string()
    };
    let first = write("1-first.html", small_page("First").as_bytes());
    let deep = write(
        "2-deep.html",
        format!("<html><body>{}</body></html>", "<div>".repeat(100_000)).as_bytes(),
    );
    let mut huge = b"<html><body>".to_vec();
    while huge.len() < 50 * 1024 * 1024 {
        huge.extend_from_slice(b"<p>Fifty megabytes of ordinary paragraphs.</p>\n");
    }
    let huge = write("3-huge.html", &huge);
    let binary = write(
        "4-binary.html",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0",
    );
    let last = write("5-last.html", small_page("Last").as_bytes());

    let out = extract_cmd()
        .args(["--jobs", "2", &first, &deep, &huge, &binary, &last])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("3 of 5 inputs failed"))
        .get_output()
        .stdout
        .clone();
    let records = records(&out);
    assert_eq!(sources(&records), [first, deep, huge, binary, last]);
    assert_eq!(records[0]["title"], "First");
    assert_eq!(records[1]["error"]["kind"], "too_deeply_nested");
    assert_eq!(records[2]["error"]["kind"], "input_too_large");
    assert_eq!(records[3]["error"]["kind"], "not_html");
    assert_eq!(records[4]["title"], "Last");

    // The same pages through a directory input, and a raised size limit that
    // lets the 50 MB page through to the engine's own guard. Native: the
    // sandbox (the default) keeps its own caps (32 MiB guest input, 64 MiB memory).
    let out = extract_cmd()
        .arg("--extractor")
        .arg("native")
        .arg("--max-input-bytes")
        .arg((64 * 1024 * 1024).to_string())
        .arg("--mode")
        .arg("metadata")
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let again = crate::common::records(&out);
    assert_eq!(again.len(), 5);
    assert_eq!(again[1]["error"]["kind"], "too_deeply_nested");
    assert!(
        again[2].get("error").is_none(),
        "64 MiB limit: the 50 MB page is extracted: {}",
        again[2]
    );
}

#[test]
fn unwritable_output_is_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no/such/dir/out.jsonl");
    extract_cmd()
        .arg("-o")
        .arg(&target)
        .arg(fixture("news_article.html"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("riptide: error"));
}

#[test]
fn empty_directory_is_success_with_no_records() {
    let dir = tempfile::tempdir().unwrap();
    extract_cmd()
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
}

#[test]
fn serve_refuses_a_public_address_without_keys() {
    riptide()
        .args(["serve", "--listen", "0.0.0.0:0"])
        .env_remove("RIPTIDE_API_KEYS")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("without API keys"));
}

/// A page the parser repairs (a paragraph straight inside a table, which
/// html5ever moves before it, warning "foster parenting not implemented")
/// is no news to the user: standard error stays empty.
#[test]
fn parser_repairs_are_not_warnings() {
    let page = "<html><body><table><tr><td>A cell</td></tr>\
                <p>A paragraph the parser moves before the table.</p></table></body></html>";
    for extractor in ["native", "sandbox"] {
        extract_cmd()
            .args(["--extractor", extractor, "-"])
            .write_stdin(page)
            .assert()
            .success()
            .stderr(predicate::str::is_empty());
    }
}
