//! The PostgreSQL store against a real, throwaway server: leases between
//! workers, expiry of a dead worker's leases, the exact page limit, dedup.

use std::sync::Arc;
use std::time::{Duration, Instant};

use riptide_core::{CrawlStore, NewUrl, PageRecord, Validators};
use riptide_store::{NewJob, PgDatabase, PgOptions, PgStore};
use riptide_testsite::PgServer;

fn worker(server: &PgServer, lease_ttl: Duration) -> Arc<PgDatabase> {
    let options = PgOptions {
        lease_ttl,
        retry_for: Duration::from_secs(20),
        ..PgOptions::default()
    };
    PgDatabase::connect(&server.url(), options).expect("connecting")
}

fn job(db: &PgDatabase, max_pages: Option<u64>, host_delay: Duration) -> i64 {
    db.create_job(&NewJob {
        config: "{}".into(),
        max_pages,
        host_delay,
        record: None,
    })
    .unwrap()
}

fn url(host: &str, path: &str) -> NewUrl {
    NewUrl {
        url: format!("http://{host}/{path}"),
        host: host.into(),
        ..NewUrl::default()
    }
}

fn page() -> PageRecord {
    PageRecord {
        record: "{}".into(),
        status: 200,
        ..PageRecord::default()
    }
}

fn hosts_of(entries: &[riptide_core::FrontierEntry]) -> Vec<&str> {
    entries.iter().map(|e| e.host.as_str()).collect()
}

#[test]
fn a_live_workers_host_is_not_shared_and_a_dead_workers_leases_return() {
    let server = PgServer::start();
    let ttl = Duration::from_millis(900);
    let (a, b) = (worker(&server, ttl), worker(&server, ttl));
    let id = job(&a, None, Duration::ZERO);
    let store_a = a.job_store(id).unwrap();
    let store_b = b.job_store(id).unwrap();
    store_a
        .enqueue(&[
            url("one", "1"),
            url("one", "2"),
            url("one", "3"),
            url("two", "1"),
        ])
        .unwrap();

    let first = store_a.claim(2, i64::MAX).unwrap();
    assert_eq!(hosts_of(&first), ["one", "one"]);
    // Host "one" is leased to A: B gets only the other host's URL.
    let second = store_b.claim(10, i64::MAX).unwrap();
    assert_eq!(hosts_of(&second), ["two"]);
    assert_eq!(store_b.recover().unwrap(), 0, "A's leases are alive");
    // A's heartbeat keeps its leases past their lifetime.
    std::thread::sleep(ttl * 2);
    assert_eq!(store_b.recover().unwrap(), 0, "A's heartbeat keeps them");
    assert!(store_b.claim(10, i64::MAX).unwrap().is_empty());

    // A dies without finishing: its URLs and its host come back after the lease.
    drop(store_a);
    drop(a);
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut taken = Vec::new();
    while taken.len() < 3 && Instant::now() < deadline {
        taken.extend(store_b.claim(10, i64::MAX).unwrap());
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut urls: Vec<&str> = taken.iter().map(|e| e.url.as_str()).collect();
    urls.sort_unstable();
    assert_eq!(urls, ["http://one/1", "http://one/2", "http://one/3"]);
}

#[test]
fn a_released_host_waits_its_delay_for_every_worker() {
    let server = PgServer::start();
    let (a, b) = (
        worker(&server, Duration::from_secs(5)),
        worker(&server, Duration::from_secs(5)),
    );
    let id = job(&a, None, Duration::from_secs(120));
    let (store_a, store_b) = (a.job_store(id).unwrap(), b.job_store(id).unwrap());
    store_a.enqueue(&[url("h", "1"), url("h", "2")]).unwrap();
    let claimed = store_a.claim(1, i64::MAX).unwrap();
    store_a.complete(claimed[0].id, &page(), &[]).unwrap();
    let released_at = riptide_now_ms();
    // A finished its only URL there and released the host; nobody may start
    // on it before the delay has passed since.
    assert!(store_b.claim(10, i64::MAX).unwrap().is_empty());
    assert!(store_a.claim(10, i64::MAX).unwrap().is_empty());
    let ready = store_b.counts().unwrap().next_ready_ms.unwrap();
    assert!(ready >= released_at + 110_000, "{ready} vs {released_at}");
}

#[test]
fn the_page_limit_is_exact_across_workers_and_records_are_numbered_in_order() {
    let server = PgServer::start();
    let (a, b) = (
        worker(&server, Duration::from_secs(5)),
        worker(&server, Duration::from_secs(5)),
    );
    let id = job(&a, Some(5), Duration::ZERO);
    let (store_a, store_b) = (a.job_store(id).unwrap(), b.job_store(id).unwrap());
    let urls: Vec<NewUrl> = (0..10).map(|i| url(&format!("h{i}"), "p")).collect();
    store_a.enqueue(&urls).unwrap();
    let (mine, theirs) = (
        store_a.claim(4, i64::MAX).unwrap(),
        store_b.claim(4, i64::MAX).unwrap(),
    );
    assert_eq!(mine.len() + theirs.len(), 8);
    for (x, y) in mine.iter().zip(&theirs) {
        store_a.complete(x.id, &page(), &[]).unwrap();
        store_b.complete(y.id, &page(), &[]).unwrap();
    }
    let records = store_a.records_after(0, 100).unwrap();
    let seqs: Vec<i64> = records.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5]);
    let counts = store_b.counts().unwrap();
    assert_eq!((counts.done, counts.pending, counts.in_flight), (5, 5, 0));
    assert!(
        store_b.claim(10, i64::MAX).unwrap().is_empty(),
        "limit reached"
    );
    assert!(a.finish_job_if_complete(id).unwrap());
}

#[test]
fn urls_are_deduplicated_and_finished_once_across_workers() {
    let server = PgServer::start();
    let (a, b) = (
        worker(&server, Duration::from_secs(5)),
        worker(&server, Duration::from_secs(5)),
    );
    let id = job(&a, None, Duration::ZERO);
    let (store_a, store_b): (PgStore, PgStore) =
        (a.job_store(id).unwrap(), b.job_store(id).unwrap());
    assert_eq!(store_a.enqueue(&[url("h", "1"), url("h", "1")]).unwrap(), 1);
    assert_eq!(store_b.enqueue(&[url("h", "1"), url("h", "2")]).unwrap(), 1);
    let claimed = store_a.claim(10, i64::MAX).unwrap();
    assert_eq!(claimed.len(), 2);
    store_a
        .complete(claimed[0].id, &page(), &[url("h", "2")])
        .unwrap();
    // A repeated completion (a retry after a lost reply) adds nothing.
    store_a.complete(claimed[0].id, &page(), &[]).unwrap();
    store_a.skip(claimed[1].id, "noindex", &[]).unwrap();
    assert_eq!(store_b.records_after(0, 10).unwrap().len(), 1);
    let counts = store_b.counts().unwrap();
    assert_eq!((counts.done, counts.skipped, counts.pending), (1, 1, 0));
    assert!(b.finish_job_if_complete(id).unwrap());
    assert_eq!(b.running_jobs().unwrap(), []);
}

#[test]
fn a_recrawl_claims_urls_with_their_validators() {
    let server = PgServer::start();
    let db = worker(&server, Duration::from_secs(5));
    let id = job(&db, None, Duration::ZERO);
    let store = db.job_store(id).unwrap();
    store.enqueue(&[url("h", "1"), url("h", "2")]).unwrap();
    let validators = Validators {
        etag: Some("\"e\"".into()),
        last_modified: Some("Wed, 21 Oct 2015 07:28:00 GMT".into()),
    };
    for entry in store.claim(2, i64::MAX).unwrap() {
        assert_eq!(entry.validators, Validators::default(), "a first crawl");
        let validators = if entry.url.ends_with('1') {
            validators.clone()
        } else {
            Validators::default()
        };
        let record = PageRecord {
            validators,
            ..page()
        };
        store.complete(entry.id, &record, &[]).unwrap();
    }
    store.restart().unwrap();
    let mut claimed = store.claim(2, i64::MAX).unwrap();
    claimed.sort_by(|a, b| a.url.cmp(&b.url));
    assert_eq!(claimed[0].validators, validators);
    assert_eq!(claimed[1].validators, Validators::default());
}

fn riptide_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
