//! The kill -9 guarantee: a crawl killed at any moment and run again loses
//! no page and writes no page twice.

use std::collections::HashSet;
use std::process::{Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use riptide_core::CrawlStore;
use riptide_store::SqliteStore;
use riptide_testsite::{Response, Server};

use crate::jsonl;

const PAGES: usize = 300;

/// Pages at or past the gate hang until the gate moves: the test decides how
/// far each run can get, so the kill always lands in the middle of a crawl.
struct Gate {
    limit: Mutex<usize>,
    moved: Condvar,
}

impl Gate {
    fn wait_below(&self, index: usize) {
        let mut limit = self.limit.lock().unwrap();
        while index >= *limit {
            limit = self.moved.wait(limit).unwrap();
        }
    }

    fn open_to(&self, limit: usize) {
        *self.limit.lock().unwrap() = limit;
        self.moved.notify_all();
    }
}

fn site(gate: Arc<Gate>) -> Server {
    Server::start(move |req| {
        let path = req.path.as_str();
        if path == "/robots.txt" || path == "/sitemap.xml" {
            return Response::status(404);
        }
        let index: usize = path
            .strip_prefix("/p/")
            .and_then(|i| i.parse().ok())
            .unwrap_or(0);
        if path != "/" {
            gate.wait_below(index);
        }
        // Every page links to the next ten, so the frontier is always ahead of the crawl.
        let links: String = (index + 1..(index + 11).min(PAGES))
            .map(|i| format!("<a href=\"/p/{i}\">page {i}</a> "))
            .collect();
        Response::html(format!(
            "<html><head><title>Page {index}</title></head><body><article><h1>Page {index}</h1>\
             <p>Page {index} of the resumable test site has a paragraph long enough to be content.</p>\
             <p>{links}</p></article></body></html>"
        ))
    })
}

fn crawl_command(server: &Server, state: &std::path::Path, out: &std::path::Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("riptide"));
    cmd.args([
        "crawl",
        &server.url("/"),
        "--delay-ms",
        "0",
        "--concurrency",
        "8",
        "--per-host-concurrency",
        "8",
    ])
    .arg("--state")
    .arg(state)
    .arg("-o")
    .arg(out)
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    cmd
}

fn lines(out: &std::path::Path) -> usize {
    std::fs::read(out).map_or(0, |bytes| bytes.iter().filter(|b| **b == b'\n').count())
}

/// Starts a crawl, waits until the output holds at least `lines_before_kill`
/// records, and kills it with SIGKILL.
fn run_and_kill(
    server: &Server,
    state: &std::path::Path,
    out: &std::path::Path,
    lines_before_kill: usize,
) {
    let mut child = crawl_command(server, state, out).spawn().unwrap();
    // Bounded wait (about a minute at most); the assertion is on the records, not on time.
    for _ in 0..6000 {
        if lines(out) >= lines_before_kill || child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    // std's Child::kill sends SIGKILL on Unix: no destructor, no flush, no goodbye.
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_killed_crawl_resumes_without_losing_or_repeating_pages() {
    let gate = Arc::new(Gate {
        limit: Mutex::new(60),
        moved: Condvar::new(),
    });
    let server = site(Arc::clone(&gate));
    let dir = tempfile::tempdir().unwrap();
    let (state, out) = (dir.path().join("crawl.db"), dir.path().join("out.jsonl"));

    run_and_kill(&server, &state, &out, 40);
    let first = lines(&out);
    assert!(
        (40..=61).contains(&first),
        "first run wrote {first} records before the kill"
    );

    gate.open_to(200);
    run_and_kill(&server, &state, &out, 150);

    gate.open_to(usize::MAX);
    let status = crawl_command(&server, &state, &out).status().unwrap();
    assert!(status.success(), "the final run completes: {status}");

    let records = jsonl(&std::fs::read(&out).unwrap());
    let sources: Vec<&str> = records
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    let unique: HashSet<&str> = sources.iter().copied().collect();
    assert_eq!(unique.len(), sources.len(), "no page written twice");
    assert_eq!(unique.len(), PAGES, "no page lost: home and /p/1 .. /p/299");
    assert!(
        records
            .iter()
            .all(|r| r["status"] == 200 && r["title"].is_string())
    );

    let again = crawl_command(&server, &state, &out).status().unwrap();
    assert!(again.success());
    assert_eq!(
        lines(&out),
        PAGES,
        "running a finished crawl again adds nothing"
    );

    let store = SqliteStore::open(&state).unwrap();
    assert_eq!(store.counts().unwrap().done, PAGES as u64);
    assert!(
        store.records_after(0, 1).unwrap().is_empty(),
        "the records went to the output only; the state keeps no second copy"
    );
}
