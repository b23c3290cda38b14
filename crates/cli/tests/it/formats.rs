//! Every `--format` on real fixture pages.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{RECORD_FIELDS, extract_cmd, fixture, records, sources};

const KEY_PARAGRAPH: &str = "Councillors voted eleven to three on Tuesday night";

#[test]
fn jsonl_is_one_complete_record_per_input_in_order() {
    let news = fixture("news_article.html");
    let docs = fixture("docs_with_code.html");
    let out = extract_cmd()
        .args([&news, &docs])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let records = records(&out);
    assert_eq!(sources(&records), [news, docs]);
    for record in &records {
        let object = record.as_object().expect("record is an object");
        for field in RECORD_FIELDS {
            assert!(
                object.contains_key(*field),
                "missing field {field} in {record}"
            );
        }
        assert_eq!(
            object.len(),
            RECORD_FIELDS.len(),
            "unexpected fields in {record}"
        );
        assert!(record.get("error").is_none());
    }
    assert!(records[0]["text"].as_str().unwrap().contains(KEY_PARAGRAPH));
    assert!(records[1]["markdown"].as_str().unwrap().contains("```rust"));
    assert!(records[0]["word_count"].as_u64().unwrap() > 100);
}

#[test]
fn jsonl_is_the_default_format() {
    let news = fixture("news_article.html");
    let explicit = extract_cmd()
        .args(["--format", "jsonl", &news])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let default = extract_cmd()
        .arg(&news)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(explicit, default);
}

#[test]
fn json_is_one_array_of_the_same_records() {
    let news = fixture("news_article.html");
    let blog = fixture("blog_with_comments.html");
    let json = extract_cmd()
        .args(["--format", "json", &news, &blog])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let array: Vec<Value> = serde_json::from_slice(&json).expect("valid JSON array");
    let jsonl = extract_cmd()
        .args([&news, &blog])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(array, records(&jsonl));
}

#[test]
fn json_of_no_records_is_an_empty_array() {
    let dir = tempfile::tempdir().unwrap();
    let out = extract_cmd()
        .args(["--format", "json"])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let array: Vec<Value> = serde_json::from_slice(&out).expect("valid JSON");
    assert!(array.is_empty());
}

#[test]
fn markdown_has_title_structure_and_code() {
    let news = fixture("news_article.html");
    let docs = fixture("docs_with_code.html");
    extract_cmd()
        .args(["--format", "markdown", &news, &docs])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# "))
        .stdout(predicate::str::contains(KEY_PARAGRAPH))
        .stdout(predicate::str::contains(
            "\n## Concerns about seals and fishing\n",
        ))
        .stdout(predicate::str::contains(
            "\n```rust\nuse std::time::Duration;\n",
        ))
        .stdout(predicate::str::contains("\n# Retrying requests"))
        .stdout(predicate::str::contains("\"source\":").not());
}

#[test]
fn text_is_plain() {
    let news = fixture("news_article.html");
    let out = extract_cmd()
        .args(["--format", "text", &news])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(KEY_PARAGRAPH));
    assert!(
        text.contains("\n\n"),
        "paragraphs are separated by blank lines"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("## ") || l.starts_with("> ")),
        "no Markdown markup in text:\n{text}"
    );
    assert!(!text.contains("\"source\""));
}

#[test]
fn every_mode_runs_on_a_fixture() {
    let news = fixture("news_article.html");
    for mode in ["article", "full", "metadata"] {
        let out = extract_cmd()
            .args(["--mode", mode, &news])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let record = &records(&out)[0];
        assert_eq!(
            record["title"], "Council approves tidal power pilot for the old ferry slip",
            "{mode}"
        );
        let text = record["text"].as_str().unwrap();
        match mode {
            "metadata" => assert!(text.is_empty()),
            "full" => assert!(text.contains("We use cookies")),
            _ => assert!(text.contains(KEY_PARAGRAPH)),
        }
    }
}

#[test]
fn custom_mode_extracts_the_selected_elements() {
    let forum = fixture("forum_thread.html");
    let out = extract_cmd()
        .args([
            "--mode",
            "custom",
            "--selector",
            ".message-content",
            "--selector",
            "h1",
            &forum,
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = records(&out)[0]["text"].as_str().unwrap().to_owned();
    let title = text.find("Garage door opener hums").expect("h1 selected");
    let first = text
        .find("My garage door opener has started")
        .expect("first post selected");
    let last = text.find("You were spot on").expect("last post selected");
    assert!(title < first && first < last, "document order:\n{text}");
    assert!(!text.contains("Similar threads"));
}

#[test]
fn selector_alone_implies_custom_mode() {
    let forum = fixture("forum_thread.html");
    let out = extract_cmd()
        .args(["--selector", "h1", &forum])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        records(&out)[0]["text"],
        "Garage door opener hums but won't open"
    );
}
