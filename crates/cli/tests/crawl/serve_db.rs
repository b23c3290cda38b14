//! `riptide serve --db`: the HTTP API as a thin front over PostgreSQL. The
//! server registers jobs, `riptide worker` processes crawl them, the server
//! shows their pages and cancels them; all real processes on loopback.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use riptide_testsite::PgServer;
use serde_json::{Value, json};

use crate::workers::{Site, finish, riptide, worker};

/// A `riptide serve --db` process and its address.
struct Serve {
    child: Child,
    addr: String,
}

impl Serve {
    fn start(db: &PgServer, data_dir: &std::path::Path) -> Self {
        let mut child = riptide()
            .args(["serve", "--db", &db.url(), "--listen", "127.0.0.1:0"])
            .args(["--allow-net", "127.0.0.1/32", "--extractor", "native"])
            .arg("--data-dir")
            .arg(data_dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting riptide serve");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
        let addr = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|line| {
                line.strip_prefix("riptide: serving on http://")
                    .map(str::to_owned)
            })
            .expect("the server's address");
        // Keep draining the log so that the server never blocks on it.
        std::thread::spawn(move || lines.for_each(drop));
        Self { child, addr }
    }

    /// One request; the status and the body.
    fn request(&self, method: &str, path: &str, body: Option<Value>) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).expect("connecting to the server");
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.addr,
            body.len()
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").expect("a response");
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok());
        (status.expect("a status"), body.to_owned())
    }

    /// One request; the status and the JSON body.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let (status, body) = self.request(method, path, body);
        (status, serde_json::from_str(&body).unwrap_or(Value::Null))
    }

    /// Polls a job until `done` holds for its status (at most a minute).
    fn wait_for(&self, path: &str, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let (status, body) = self.call("GET", path, None);
            assert_eq!(status, 200, "{body}");
            if done(&body) {
                return body;
            }
            assert!(Instant::now() < deadline, "the job stayed at {body}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_on_a_database_registers_jobs_that_workers_crawl_and_cancels_them() {
    const PAGES: usize = 30;
    let db = PgServer::start();
    let site = Site::start(PAGES, 1);
    let dir = tempfile::tempdir().unwrap();
    let server = Serve::start(&db, dir.path());
    let crawl = json!({
        "url": site.start_url(), "limit": 100, "delay": 0, "sitemap": "skip",
        "crawlEntireDomain": true,
    });

    // The server only registers the job: nothing is fetched before a worker comes.
    let (status, started) = server.call("POST", "/v2/crawl", Some(crawl.clone()));
    assert_eq!(status, 200, "{started}");
    let id = started["id"].as_str().expect("a job id").to_owned();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(site.hits(), 0, "the server crawled by itself");
    let (_, running) = server.call("GET", &format!("/v2/crawl/{id}"), None);
    assert_eq!(running["status"], "scraping");

    finish(worker(&db), Duration::from_secs(120));
    let done = server.wait_for(&format!("/v2/crawl/{id}"), |job| {
        job["status"] == "completed"
    });
    let urls: Vec<&str> = done["data"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|doc| doc["metadata"]["sourceURL"].as_str().expect("sourceURL"))
        .collect();
    let unique: HashSet<String> = urls.iter().map(|u| (*u).to_owned()).collect();
    assert_eq!(urls.len(), PAGES, "a page missing or twice");
    assert_eq!(unique, site.all_pages(PAGES));
    assert_eq!(done["completed"], PAGES);

    // A cancelled job is over for every worker: a worker started after the
    // cancel finds nothing to do and fetches nothing.
    let (_, second) = server.call("POST", "/v2/crawl", Some(crawl));
    let second = second["id"].as_str().expect("a job id").to_owned();
    let (status, cancelled) = server.call("DELETE", &format!("/v2/crawl/{second}"), None);
    assert_eq!((status, &cancelled["status"]), (200, &json!("cancelled")));
    let hits = site.hits();
    finish(worker(&db), Duration::from_secs(60));
    assert_eq!(site.hits(), hits, "a worker crawled a cancelled job");
    let (_, shown) = server.call("GET", &format!("/v2/crawl/{second}"), None);
    assert_eq!(shown["status"], "cancelled");

    let (_, metrics) = server.request("GET", "/metrics", None);
    for line in [
        r#"riptide_jobs{state="completed"} 1"#,
        r#"riptide_jobs{state="cancelled"} 1"#,
    ] {
        assert!(metrics.contains(line), "{metrics}");
    }
    let (status, _) = server.call(
        "GET",
        "/v2/crawl/00000000-0000-4000-8000-000000000000",
        None,
    );
    assert_eq!(status, 404);
}
