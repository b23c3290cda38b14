//! SqliteStore against real SQLite files.

use riptide_core::{CrawlStore, FinishNoting, Finished, NewUrl, PageRecord, Validators};
use riptide_store::SqliteStore;

fn url(path: &str, depth: u32, priority: i64) -> NewUrl {
    NewUrl {
        url: format!("http://a.test{path}"),
        host: "a.test".into(),
        depth,
        referrer: None,
        priority,
    }
}

fn page(record: &str) -> PageRecord {
    PageRecord {
        record: record.into(),
        status: 200,
        ..PageRecord::default()
    }
}

/// The first records the store hands out, as text.
fn stored_records(store: &SqliteStore) -> Vec<String> {
    let records = store.records_after(0, 10).unwrap();
    records.into_iter().map(|r| r.record).collect()
}

fn open() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("state.db")).unwrap();
    (dir, store)
}

#[test]
fn the_seen_set_deduplicates() {
    let (_dir, store) = open();
    assert_eq!(
        store.enqueue(&[url("/", 0, 0), url("/a", 1, 1)]).unwrap(),
        2
    );
    assert_eq!(
        store.enqueue(&[url("/a", 1, 1), url("/b", 1, 1)]).unwrap(),
        1
    );
    let claimed = store.claim(1, 0).unwrap();
    store
        .complete(
            claimed[0].id,
            &page("r"),
            &[url("/", 0, 0), url("/c", 2, 2)],
        )
        .unwrap();
    assert_eq!(
        store.counts().unwrap().pending,
        3,
        "/a /b /c wait; / is not re-added"
    );
}

#[test]
fn claims_follow_priority_then_insertion_order() {
    let (_dir, store) = open();
    store
        .enqueue(&[
            url("/deep", 2, 2),
            url("/x", 1, 1),
            url("/y", 1, 1),
            url("/", 0, 0),
        ])
        .unwrap();
    let order: Vec<String> = store
        .claim(10, 0)
        .unwrap()
        .into_iter()
        .map(|e| e.url)
        .collect();
    assert_eq!(
        order,
        [
            "http://a.test/",
            "http://a.test/x",
            "http://a.test/y",
            "http://a.test/deep"
        ]
    );
    assert!(
        store.claim(10, 0).unwrap().is_empty(),
        "claimed URLs are in flight"
    );
}

#[test]
fn completion_is_recorded_once() {
    let (_dir, store) = open();
    store.enqueue(&[url("/", 0, 0)]).unwrap();
    let id = store.claim(1, 0).unwrap()[0].id;
    store.complete(id, &page("first"), &[]).unwrap();
    store.complete(id, &page("second"), &[]).unwrap();
    let records = store.records_after(0, 10).unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].record, "first");
}

#[test]
fn recovery_returns_in_flight_urls_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    {
        let store = SqliteStore::open(&path).unwrap();
        store
            .enqueue(&[url("/", 0, 0), url("/a", 1, 1), url("/b", 1, 1)])
            .unwrap();
        let claimed = store.claim(2, 0).unwrap();
        store.complete(claimed[0].id, &page("done"), &[]).unwrap();
        // Dropped with /a in flight, as a killed process would leave it.
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.counts().unwrap().in_flight, 1);
    assert_eq!(store.recover().unwrap(), 1);
    let again: Vec<String> = store
        .claim(10, 0)
        .unwrap()
        .into_iter()
        .map(|e| e.url)
        .collect();
    assert_eq!(again, ["http://a.test/a", "http://a.test/b"]);
    assert_eq!(store.records_after(0, 10).unwrap().len(), 1);
}

#[test]
fn retries_wait_until_their_time() {
    let (_dir, store) = open();
    store.enqueue(&[url("/", 0, 0)]).unwrap();
    let entry = store.claim(1, 0).unwrap().remove(0);
    store.retry_later(entry.id, 5_000).unwrap();
    assert!(store.claim(1, 4_999).unwrap().is_empty());
    assert_eq!(store.counts().unwrap().next_ready_ms, Some(5_000));
    let again = store.claim(1, 5_000).unwrap();
    assert_eq!(again[0].attempts, 1);
}

#[test]
fn skipped_urls_count_per_host() {
    let (_dir, store) = open();
    store
        .enqueue(&[url("/", 0, 0), url("/private", 1, 1)])
        .unwrap();
    let claimed = store.claim(2, 0).unwrap();
    store
        .complete(
            claimed[0].id,
            &PageRecord {
                failed: true,
                ..page("e")
            },
            &[],
        )
        .unwrap();
    store.skip(claimed[1].id, "robots", &[]).unwrap();
    let summary = store.host_summary().unwrap();
    assert_eq!(summary.len(), 1);
    assert_eq!(
        (summary[0].pages, summary[0].failures, summary[0].skipped),
        (1, 1, 1)
    );
    assert_eq!(store.host_counts().unwrap(), vec![("a.test".to_owned(), 2)]);
}

#[test]
fn validators_and_meta_persist() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    {
        let store = SqliteStore::open(&path).unwrap();
        store.enqueue(&[url("/", 0, 0)]).unwrap();
        let id = store.claim(1, 0).unwrap()[0].id;
        let validators = Validators {
            etag: Some("\"x\"".into()),
            last_modified: None,
        };
        store
            .complete(
                id,
                &PageRecord {
                    validators,
                    ..page("r")
                },
                &[],
            )
            .unwrap();
        store.set_meta("cursor", "1").unwrap();
        store.set_meta("cursor", "2").unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.meta("cursor").unwrap().as_deref(), Some("2"));
    assert_eq!(store.meta("missing").unwrap(), None);
    // A re-crawl claims the URL again, with the validators for its conditional request.
    store.restart().unwrap();
    store.enqueue(&[url("/other", 1, 1)]).unwrap();
    let claimed = store.claim(2, 0).unwrap();
    assert_eq!(claimed[0].url, "http://a.test/");
    assert_eq!(claimed[0].validators.etag.as_deref(), Some("\"x\""));
    assert_eq!(claimed[1].url, "http://a.test/other");
    assert_eq!(claimed[1].validators, Validators::default());
}

#[test]
fn records_page_by_sequence() {
    let (_dir, store) = open();
    let urls: Vec<NewUrl> = (0..5).map(|i| url(&format!("/{i}"), 0, 0)).collect();
    store.enqueue(&urls).unwrap();
    for entry in store.claim(5, 0).unwrap() {
        store.complete(entry.id, &page(&entry.url), &[]).unwrap();
    }
    let first = store.records_after(0, 2).unwrap();
    assert_eq!(first.len(), 2);
    let rest = store.records_after(first[1].seq, 10).unwrap();
    assert_eq!(rest.len(), 3);
    assert!(rest[0].seq > first[1].seq);
}

#[test]
fn a_restart_keeps_urls_and_validators_but_not_records() {
    let (_dir, store) = open();
    store.enqueue(&[url("/", 0, 0), url("/a", 1, 1)]).unwrap();
    let validators = Validators {
        etag: Some("\"v\"".into()),
        last_modified: None,
    };
    for entry in store.claim(2, 0).unwrap() {
        store
            .complete(
                entry.id,
                &PageRecord {
                    validators: validators.clone(),
                    ..page("r")
                },
                &[],
            )
            .unwrap();
    }
    store.set_meta("cursor", "9").unwrap();
    store.restart().unwrap();
    let counts = store.counts().unwrap();
    assert_eq!((counts.pending, counts.done), (2, 0));
    assert!(store.records_after(0, 10).unwrap().is_empty());
    assert_eq!(store.meta("cursor").unwrap(), None);
    let claimed = store.claim(2, 0).unwrap();
    assert!(claimed.iter().all(|entry| entry.validators == validators));
}

#[test]
fn a_finished_batch_applies_every_end_once() {
    let (_dir, store) = open();
    store
        .enqueue(&[url("/a", 0, 0), url("/b", 0, 1), url("/c", 0, 2)])
        .unwrap();
    let claimed = store.claim(3, 0).unwrap();
    let [a, b, c] = [claimed[0].id, claimed[1].id, claimed[2].id];
    let batch = [
        Finished::Complete {
            id: a,
            page: page("ra"),
            found: vec![url("/d", 1, 1)],
        },
        Finished::Skipped {
            id: b,
            reason: "noindex".into(),
            found: vec![url("/e", 1, 1)],
        },
        Finished::Deferred {
            id: c,
            not_before_ms: 1_000,
        },
    ];
    store.finish(&batch).unwrap();
    store.finish(&batch[..1]).unwrap();
    assert_eq!(
        stored_records(&store),
        ["ra"],
        "a repeated completion adds no second record"
    );
    let counts = store.counts().unwrap();
    assert_eq!((counts.done, counts.skipped, counts.pending), (1, 1, 3));
    assert_eq!(
        counts.next_ready_ms,
        Some(0),
        "/d and /e are ready, /c later"
    );
    let ready: Vec<String> = store
        .claim(10, 999)
        .unwrap()
        .into_iter()
        .map(|e| e.url)
        .collect();
    assert_eq!(ready, ["http://a.test/d", "http://a.test/e"]);
    assert_eq!(store.claim(10, 1_000).unwrap()[0].url, "http://a.test/c");
}

#[test]
fn a_noted_batch_commits_its_meta_and_keeps_no_empty_record() {
    let (_dir, store) = open();
    store.enqueue(&[url("/a", 0, 0), url("/b", 0, 1)]).unwrap();
    let claimed = store.claim(2, 0).unwrap();
    store.complete(claimed[0].id, &page("stored"), &[]).unwrap();
    let journaled = [Finished::Complete {
        id: claimed[1].id,
        page: page(""),
        found: vec![url("/c", 1, 1)],
    }];
    store.finish_noting(&journaled, "output", "42").unwrap();
    assert_eq!(store.meta("output").unwrap().as_deref(), Some("42"));
    let counts = store.counts().unwrap();
    assert_eq!(
        (counts.done, counts.pending),
        (2, 1),
        "/b is done, /c queued"
    );
    assert_eq!(
        stored_records(&store),
        ["stored"],
        "a record written out by the crawl itself is not read back"
    );
}

mod jobs {
    use riptide_core::{JobKind, JobRecord, JobState, JobStore};
    use riptide_store::SqliteJobs;

    fn job(id: &str, owner: &str, created_ms: i64) -> JobRecord {
        JobRecord {
            id: id.into(),
            kind: JobKind::Crawl,
            owner: owner.into(),
            state: JobState::Running,
            spec: r#"{"url":"http://a.test/"}"#.into(),
            error: None,
            created_ms,
            updated_ms: created_ms,
        }
    }

    #[test]
    fn jobs_survive_reopening_and_finish_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jobs.db");
        {
            let jobs = SqliteJobs::open(&path).unwrap();
            jobs.create(&job("b", "k1", 2)).unwrap();
            jobs.create(&job("a", "k1", 1)).unwrap();
            jobs.create(&job("c", "k2", 3)).unwrap();
            assert!(jobs.create(&job("a", "k1", 1)).is_err(), "ids are unique");
            assert!(jobs.finish("c", JobState::Cancelled, None, 10).unwrap());
            assert!(
                !jobs.finish("c", JobState::Completed, None, 11).unwrap(),
                "a final state is final"
            );
            assert!(!jobs.finish("nope", JobState::Failed, None, 11).unwrap());
        }
        let jobs = SqliteJobs::open(&path).unwrap();
        let running: Vec<String> = jobs
            .list(JobState::Running)
            .unwrap()
            .into_iter()
            .map(|j| j.id)
            .collect();
        assert_eq!(running, ["a", "b"], "oldest first");
        let c = jobs.get("c").unwrap().unwrap();
        assert_eq!((c.state, c.updated_ms), (JobState::Cancelled, 10));
        assert_eq!(jobs.get("a").unwrap().unwrap(), job("a", "k1", 1));
        assert_eq!(jobs.running_count("k1").unwrap(), 2);
        assert_eq!(jobs.running_count("k2").unwrap(), 0);
        jobs.finish("a", JobState::Failed, Some("store broke"), 12)
            .unwrap();
        let counts = jobs.counts().unwrap();
        assert_eq!(
            (
                counts.running,
                counts.failed,
                counts.cancelled,
                counts.completed
            ),
            (1, 1, 1, 0)
        );
        assert_eq!(
            jobs.get("a").unwrap().unwrap().error.as_deref(),
            Some("store broke")
        );
    }
}
