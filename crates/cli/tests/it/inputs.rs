//! Input kinds: files, standard input, directories, `-o`, `--base-url`, `--jobs`.

use std::fs;

use predicates::prelude::*;

use crate::common::{extract_cmd, fixture, fixtures_dir, records, small_page, sources};

#[test]
fn stdin_is_read_with_dash_and_by_default() {
    for args in [&["-"][..], &[]] {
        let out = extract_cmd()
            .args(args)
            .write_stdin(small_page("From stdin"))
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let records = records(&out);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0]["source"], "-");
        assert_eq!(records[0]["title"], "From stdin");
        assert!(
            records[0]["text"]
                .as_str()
                .unwrap()
                .contains("The paragraph of the page called From stdin")
        );
    }
}

#[test]
fn stdin_bytes_are_decoded_like_files() {
    let bytes = fs::read(fixtures_dir().join("windows1251_news.html")).unwrap();
    let out = extract_cmd()
        .arg("-")
        .write_stdin(bytes)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = records(&out)[0]["text"].as_str().unwrap().to_owned();
    assert!(text.contains("библиотека под открытым небом"), "{text}");
}

#[test]
fn directories_expand_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("b/nested")).unwrap();
    fs::create_dir_all(root.join("a")).unwrap();
    for (path, marker) in [
        ("z.html", "Z"),
        ("b/nested/deep.htm", "Deep"),
        ("a/first.html", "First"),
        ("b/second.HTML", "Second"),
        ("m.html", "M"),
    ] {
        fs::write(root.join(path), small_page(marker)).unwrap();
    }
    fs::write(root.join("notes.txt"), "not a page").unwrap();
    fs::write(root.join("image.png"), b"\x89PNG").unwrap();
    let out = extract_cmd()
        .arg(root)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let records = records(&out);
    let expected: Vec<String> = [
        "a/first.html",
        "b/nested/deep.htm",
        "b/second.HTML",
        "m.html",
        "z.html",
    ]
    .iter()
    .map(|p| root.join(p).display().to_string())
    .collect();
    assert_eq!(sources(&records), expected);
    let titles: Vec<&str> = records
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["First", "Deep", "Second", "M", "Z"]);
}

#[test]
fn fixtures_directory_yields_one_record_per_page() {
    let out = extract_cmd()
        .arg(fixtures_dir())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let records = records(&out);
    let pages = fs::read_dir(fixtures_dir())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "html")
        })
        .count();
    assert_eq!(records.len(), pages);
    let mut sorted = sources(&records);
    sorted.sort();
    assert_eq!(sources(&records), sorted);
    assert!(records.iter().all(|r| r.get("error").is_none()));
}

#[test]
fn output_file_receives_the_records() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.jsonl");
    extract_cmd()
        .arg("-o")
        .arg(&out_path)
        .arg(fixture("news_article.html"))
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let written = fs::read(&out_path).unwrap();
    let records = records(&written);
    assert_eq!(records.len(), 1);
    assert!(
        records[0]["text"]
            .as_str()
            .unwrap()
            .contains("Councillors voted")
    );
    let long = dir.path().join("out.md");
    extract_cmd()
        .arg("--output")
        .arg(&long)
        .args(["--format", "markdown", &fixture("news_article.html")])
        .assert()
        .success();
    assert!(
        fs::read_to_string(&long)
            .unwrap()
            .starts_with("# Council approves")
    );
}

#[test]
fn base_url_resolves_relative_links_of_files_and_stdin() {
    let page = "<html><body><article><p>Read <a href=\"/guide/intro\">the guide</a> and see the picture, \
                which is long enough to be content.</p><img src=\"pics/a.png\" alt=\"a\"></article></body></html>";
    let out = extract_cmd()
        .args(["--base-url", "https://docs.example.org/v2/page"])
        .write_stdin(page)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let record = &records(&out)[0];
    assert_eq!(
        record["links"][0]["url"],
        "https://docs.example.org/guide/intro"
    );
    assert_eq!(
        record["media"][0]["url"],
        "https://docs.example.org/v2/pics/a.png"
    );
}

#[test]
fn output_order_does_not_depend_on_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = Vec::new();
    for i in 0..45 {
        let path = dir.path().join(format!("page-{i:02}.html"));
        fs::write(&path, small_page(&format!("Page {i}"))).unwrap();
        inputs.push(path.display().to_string());
    }
    inputs.reverse();
    let serial = extract_cmd()
        .args(["--jobs", "1"])
        .args(&inputs)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let parallel = extract_cmd()
        .args(["-j", "4"])
        .args(&inputs)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(serial, parallel);
    assert_eq!(
        sources(&records(&serial)),
        inputs,
        "records come in input order"
    );
}

#[test]
fn the_same_file_twice_gives_two_records() {
    let news = fixture("news_article.html");
    let out = extract_cmd()
        .args([&news, &news])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let records = records(&out);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0], records[1]);
}
