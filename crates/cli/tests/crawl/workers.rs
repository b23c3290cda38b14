//! Scale-out: `riptide crawl --db` and `riptide worker` processes on a real,
//! throwaway PostgreSQL server, crawling real loopback sites. A worker killed
//! with SIGKILL, a database restart: every page is recorded exactly once.

use std::collections::HashSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use riptide_testsite::{PgServer, Response, Server};

use crate::jsonl;

/// A site of `pages` pages spread over `hosts` servers (127.0.0.1 on
/// different ports: different hosts for politeness, one domain for scope).
/// Page i links to pages 2i+1, 2i+2 and i+1, wherever they live; every page
/// request's arrival time is recorded per server. robots.txt is `robots`, or
/// missing (404).
pub(crate) struct Site {
    servers: Vec<Server>,
    arrivals: Arc<Mutex<Vec<(usize, Instant)>>>,
}

impl Site {
    pub(crate) fn start(pages: usize, hosts: usize) -> Self {
        Self::with_robots(pages, hosts, None)
    }

    fn with_robots(pages: usize, hosts: usize, robots: Option<&'static str>) -> Self {
        let origins: Arc<OnceLock<Vec<String>>> = Arc::new(OnceLock::new());
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let servers = (0..hosts)
            .map(|host| {
                let (origins, arrivals) = (Arc::clone(&origins), Arc::clone(&arrivals));
                Server::start(move |req| {
                    if req.path == "/robots.txt" {
                        return robots.map_or_else(
                            || Response::status(404),
                            |txt| Response::typed("text/plain", txt.into()),
                        );
                    }
                    let Some(index) = req
                        .path
                        .strip_prefix("/p/")
                        .and_then(|i| i.parse::<usize>().ok())
                        .filter(|i| *i < pages && i % hosts == host)
                    else {
                        return Response::status(404);
                    };
                    arrivals.lock().unwrap().push((host, Instant::now()));
                    let origins = origins.get().expect("origins set");
                    let links: String = [2 * index + 1, 2 * index + 2, index + 1]
                        .into_iter()
                        .filter(|i| *i < pages)
                        .map(|i| format!("<a href=\"{}/p/{i}\">page {i}</a> ", origins[i % hosts]))
                        .collect();
                    Response::html(format!(
                        "<html><head><title>Page {index}</title></head><body><article>\
                         <h1>Page {index}</h1><p>Page {index} of the scale-out test site has \
                         a paragraph long enough to count as content.</p><p>{links}</p>\
                         </article></body></html>"
                    ))
                })
            })
            .collect::<Vec<_>>();
        let _ = origins.set(servers.iter().map(|s| s.url("")).collect());
        Self { servers, arrivals }
    }

    pub(crate) fn start_url(&self) -> String {
        self.servers[0].url("/p/0")
    }

    pub(crate) fn hits(&self) -> usize {
        self.servers.iter().map(Server::total_hits).sum()
    }

    /// Every page URL of the site.
    pub(crate) fn all_pages(&self, pages: usize) -> HashSet<String> {
        let hosts = self.servers.len();
        (0..pages)
            .map(|i| self.servers[i % hosts].url(&format!("/p/{i}")))
            .collect()
    }
}

pub(crate) fn riptide() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("riptide"));
    cmd.env_remove("RUST_LOG").stdin(Stdio::null());
    cmd
}

/// `riptide crawl --db`: creates the job, works on it, writes `out`.
fn crawl(site: &Site, db: &PgServer, out: &Path, extra: &[&str]) -> Child {
    crawl_obeying_robots(site, db, out, &[&["--ignore-robots"], extra].concat())
}

/// `riptide crawl --db` with robots.txt obeyed.
fn crawl_obeying_robots(site: &Site, db: &PgServer, out: &Path, extra: &[&str]) -> Child {
    riptide()
        .args(["crawl", &site.start_url(), "--db", &db.url()])
        .args(["--scope", "domain", "--sitemap", "skip"])
        .args(["--extractor", "native", "--no-progress"])
        .args(extra)
        .arg("-o")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting riptide crawl")
}

pub(crate) fn worker(db: &PgServer) -> Child {
    riptide()
        .args(["worker", "--db", &db.url(), "--exit-when-idle"])
        .args(["--lease-ttl-ms", "1500"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting riptide worker")
}

/// Waits for `child` (at most `limit`, then kills it and fails); returns its stderr.
pub(crate) fn finish(mut child: Child, limit: Duration) -> String {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
            assert!(status.success(), "{status}: {stderr}");
            return stderr;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("a riptide process did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn wait_for_hits(site: &Site, hits: usize) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while site.hits() < hits {
        assert!(
            Instant::now() < deadline,
            "the crawl stalled at {} hits",
            site.hits()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The output holds every page of the site exactly once, each a success.
fn assert_every_page_once(out: &Path, site: &Site, pages: usize) {
    let records = jsonl(&std::fs::read(out).unwrap());
    let urls: Vec<&str> = records
        .iter()
        .map(|r| r["source"].as_str().expect("source"))
        .collect();
    let unique: HashSet<String> = urls.iter().map(|u| (*u).to_owned()).collect();
    assert_eq!(urls.len(), unique.len(), "a page was written twice");
    assert_eq!(unique, site.all_pages(pages), "pages lost or foreign");
    assert!(records.iter().all(|r| r["status"] == 200), "a page failed");
}

#[test]
fn three_workers_one_killed_record_every_page_exactly_once() {
    const PAGES: usize = 2000;
    let db = PgServer::start();
    // A host is leased to one process at a time: more hosts than processes,
    // so that every worker finds hosts to work on.
    let site = Site::start(PAGES, 12);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    // One page in flight per host and process: a host's lease is released
    // between pages, so every process gets hosts to work on.
    let creator = crawl(
        &site,
        &db,
        &out,
        &[
            "--delay-ms",
            "0",
            "--concurrency",
            "8",
            "--per-host-concurrency",
            "1",
        ],
    );
    wait_for_hits(&site, 20);
    let mut workers: Vec<Child> = (0..3).map(|_| worker(&db)).collect();
    // Give the workers time to connect, claim and record pages of their own
    // (on a quiet machine the creator alone reaches 600 hits first).
    let spawned = Instant::now();
    wait_for_hits(&site, 600);
    std::thread::sleep(Duration::from_millis(1500).saturating_sub(spawned.elapsed()));
    workers[0].kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix.
    let hits_at_kill = site.hits();
    let _ = workers[0].wait();
    let mut survivors = pages_in(&finish(creator, Duration::from_secs(240)));
    for worker in workers.drain(1..) {
        survivors += pages_in(&finish(worker, Duration::from_secs(60)));
    }
    assert!(hits_at_kill < PAGES, "the kill came after the crawl");
    assert!(
        survivors < PAGES as u64,
        "the killed worker had recorded pages too"
    );
    assert_every_page_once(&out, &site, PAGES);
}

#[test]
fn workers_reconnect_after_a_database_restart_and_lose_nothing() {
    const PAGES: usize = 600;
    let db = PgServer::start();
    let site = Site::start(PAGES, 3);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let creator = crawl(&site, &db, &out, &["--delay-ms", "0", "--concurrency", "4"]);
    wait_for_hits(&site, 20);
    let workers: Vec<Child> = (0..2).map(|_| worker(&db)).collect();
    wait_for_hits(&site, 150);
    db.restart();
    let hits_at_restart = site.hits();
    finish(creator, Duration::from_secs(240));
    for worker in workers {
        finish(worker, Duration::from_secs(60));
    }
    assert!(hits_at_restart < PAGES, "the restart came after the crawl");
    assert_every_page_once(&out, &site, PAGES);
}

#[test]
fn two_workers_never_start_requests_on_one_host_faster_than_its_delay() {
    const PAGES: usize = 24;
    const DELAY: Duration = Duration::from_millis(200);
    let db = PgServer::start();
    let site = Site::start(PAGES, 1);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    // One page at a time per process, so the host passes between the two
    // workers over and over instead of staying with one.
    let creator = crawl(
        &site,
        &db,
        &out,
        &["--delay-ms", "200", "--concurrency", "1"],
    );
    wait_for_hits(&site, 1);
    let other = worker(&db);
    let creator_log = finish(creator, Duration::from_secs(120));
    let worker_log = finish(other, Duration::from_secs(60));
    assert_every_page_once(&out, &site, PAGES);

    let (creator_pages, worker_pages) = (pages_in(&creator_log), pages_in(&worker_log));
    assert_eq!(
        creator_pages + worker_pages,
        PAGES as u64,
        "{creator_log}\n{worker_log}"
    );
    assert!(
        creator_pages > 0 && worker_pages > 0,
        "both workers fetched: {creator_pages}, {worker_pages}"
    );
    assert_spaced(&site, DELAY);
}

#[test]
fn a_robots_crawl_delay_read_by_one_worker_spaces_every_workers_requests() {
    // Enough pages (7 s of crawling at the delay) that the second worker,
    // slow to start when the suite runs its tests in parallel, still finds
    // some: with 12 it once joined too late and fetched none.
    const PAGES: usize = 24;
    const CRAWL_DELAY: Duration = Duration::from_millis(300);
    let db = PgServer::start();
    let site = Site::with_robots(PAGES, 1, Some("User-agent: *\nCrawl-delay: 0.3\n"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    // No configured delay: only robots.txt asks for one.
    let creator =
        crawl_obeying_robots(&site, &db, &out, &["--delay-ms", "0", "--concurrency", "1"]);
    wait_for_hits(&site, 1);
    let other = worker(&db);
    let creator_log = finish(creator, Duration::from_secs(120));
    let worker_log = finish(other, Duration::from_secs(60));
    assert_every_page_once(&out, &site, PAGES);
    assert!(
        pages_in(&creator_log) > 0 && pages_in(&worker_log) > 0,
        "both fetched:\n{creator_log}\n{worker_log}"
    );
    assert_spaced(&site, CRAWL_DELAY);
}

/// No two page requests arrived closer than `delay` (less a tenth for
/// connection jitter).
fn assert_spaced(site: &Site, delay: Duration) {
    let mut arrivals: Vec<Instant> = site
        .arrivals
        .lock()
        .unwrap()
        .iter()
        .map(|(_, t)| *t)
        .collect();
    arrivals.sort();
    let shortest = arrivals.windows(2).map(|w| w[1] - w[0]).min().unwrap();
    assert!(
        shortest >= delay * 9 / 10,
        "two requests {shortest:?} apart"
    );
}

/// The pages a process recorded, from its summary line on standard error.
fn pages_in(log: &str) -> u64 {
    log.lines()
        .filter_map(|line| line.strip_prefix("riptide: ")?.split_once(" pages ("))
        .map(|(n, _)| n.parse::<u64>().expect("a page count"))
        .sum()
}

#[test]
fn a_worker_fails_a_job_it_cannot_read_and_goes_on() {
    let db = PgServer::start();
    let database =
        riptide_store::PgDatabase::connect(&db.url(), riptide_store::PgOptions::default())
            .expect("connecting");
    let id = database
        .create_job(&riptide_store::NewJob {
            config: r#"{"not": "a crawl"}"#.into(),
            ..riptide_store::NewJob::default()
        })
        .unwrap();
    let log = finish(worker(&db), Duration::from_secs(60));
    assert!(
        log.contains(&format!("job {id}: unreadable job settings")),
        "{log}"
    );
    let job = database.job(id).unwrap().expect("the job");
    assert_eq!(job.state, "failed");
    let error = job.error.expect("the reason");
    assert!(error.contains("unreadable job settings"), "{error}");
}
