//! [`PgStore`]: one job's frontier on PostgreSQL, shared by many workers.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, mpsc};
use std::time::Duration;

use riptide_core::{
    CrawlStore, FrontierCounts, FrontierEntry, HostSummary, NewUrl, PageRecord, StoredRecord,
    Validators,
};
use tokio_postgres::{GenericClient, Transaction};

use super::PgDatabase;
use super::listen::FRONTIER_CHANNEL;
use crate::StoreError;

/// URL states in `urls.state` (the same values as the SQLite store's).
const PENDING: i16 = 0;
const IN_FLIGHT: i16 = 1;
const DONE: i16 = 2;
const SKIPPED: i16 = 3;

/// One job's crawl state in PostgreSQL, as seen by this worker.
///
/// Claiming leases each URL and its host to this worker
/// (`FOR UPDATE SKIP LOCKED`, so workers never wait for each other's
/// candidates). A host stays leased while the worker has URLs of it in
/// flight and is released with `next_allowed_ms` set one politeness delay
/// ahead, so request starts on a host are spaced across workers too. A
/// heartbeat extends the leases of the URLs this store handed out; a dead
/// worker's leases run out and [`CrawlStore::recover`] (run by claims, three
/// times per lease lifetime) returns its URLs to the frontier. The page limit and the record sequence
/// are kept in the job row, updated last in each completing transaction: the
/// limit is exact, and sequence numbers commit in order, so output written
/// by sequence is written exactly once.
pub struct PgStore {
    db: Arc<PgDatabase>,
    job: i64,
    /// Lease lifetime in ms: the configured TTL, at least twice the host delay.
    ttl_ms: i64,
    /// URLs this store handed out and not yet finished, with their hosts.
    held: Arc<Mutex<HashMap<i64, String>>>,
    /// When `claim` last returned expired leases to the frontier (Unix ms).
    last_recover_ms: AtomicI64,
    /// Dropping it stops the heartbeat thread, which the first claim starts:
    /// a store that only reads (the HTTP API showing a job) holds no lease.
    heartbeat: OnceLock<mpsc::Sender<()>>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("job", &self.job)
            .finish_non_exhaustive()
    }
}

impl PgStore {
    pub(super) fn open(db: Arc<PgDatabase>, job: i64) -> Result<Self, StoreError> {
        let rows = db.run(async |client| {
            client
                .query("SELECT host_delay_ms FROM jobs WHERE id = $1", &[&job])
                .await
        })?;
        let delay_ms: i64 = rows.first().ok_or(StoreError::NoSuchJob(job))?.get(0);
        let ttl = i64::try_from(db.options.lease_ttl.as_millis()).unwrap_or(i64::MAX);
        let ttl_ms = ttl.max(delay_ms.saturating_mul(2)).max(300);
        Ok(Self {
            db,
            job,
            ttl_ms,
            held: Arc::new(Mutex::new(HashMap::new())),
            last_recover_ms: AtomicI64::new(0),
            heartbeat: OnceLock::new(),
        })
    }

    /// Starts the heartbeat thread unless it runs already.
    fn start_heartbeat(&self) -> Result<(), StoreError> {
        if self.heartbeat.get().is_some() {
            return Ok(());
        }
        let (stop, stopped) = mpsc::channel();
        let (db, held, job, ttl_ms) = (
            Arc::clone(&self.db),
            Arc::clone(&self.held),
            self.job,
            self.ttl_ms,
        );
        std::thread::Builder::new()
            .name("riptide-pg-heartbeat".into())
            .spawn(move || heartbeat(&db, job, ttl_ms, &held, &stopped))
            .map_err(StoreError::Runtime)?;
        // Claims come from one crawl at a time, so a second thread is rare;
        // if one races in, its sender is dropped here and it stops at once.
        let _ = self.heartbeat.set(stop);
        Ok(())
    }

    /// The job this store works on.
    pub fn job(&self) -> i64 {
        self.job
    }

    fn held(&self) -> MutexGuard<'_, HashMap<i64, String>> {
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn held_host(&self, id: i64) -> Option<String> {
        self.held().get(&id).cloned()
    }

    /// Finishes a held URL in one transaction: `finish` moves it out of
    /// flight and returns true, or returns false to undo everything it did
    /// and put the URL back to pending instead (the page limit was reached).
    /// Either way the host is released if this worker has nothing else in
    /// flight there, and idle workers are woken.
    fn finish(
        &self,
        id: i64,
        finish: impl AsyncFn(&Transaction<'_>) -> Result<bool, tokio_postgres::Error>,
    ) -> Result<(), StoreError> {
        let host = self.held_host(id);
        let (job, worker) = (self.job, self.db.worker.as_str());
        self.db.run(async |client| {
            let tx = client.transaction().await?;
            let tx = if finish(&tx).await? {
                tx
            } else {
                tx.rollback().await?;
                let tx = client.transaction().await?;
                tx.execute(
                    "UPDATE urls SET state = 0, lease_owner = NULL
                     WHERE id = $1 AND job = $2 AND state = 1",
                    &[&id, &job],
                )
                .await?;
                tx
            };
            if let Some(host) = &host {
                release_host(&tx, job, host, worker).await?;
            }
            notify(&tx, job).await?;
            tx.commit().await
        })?;
        self.held().remove(&id);
        Ok(())
    }
}

/// Pushes this worker's leases forward while it lives, three times per
/// lease lifetime: the URLs it holds and the hosts it fetches from. Runs on
/// its own thread until the store is dropped.
fn heartbeat(
    db: &PgDatabase,
    job: i64,
    ttl_ms: i64,
    held: &Mutex<HashMap<i64, String>>,
    stopped: &mpsc::Receiver<()>,
) {
    let every = Duration::from_millis(u64::try_from(ttl_ms / 3).unwrap_or(1000));
    let worker = db.worker.as_str();
    while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
        let ids: Vec<i64> = held
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .keys()
            .copied()
            .collect();
        // A failure (database away) is retried by the next beat.
        let _ = db.run(async |client| {
            client
                .execute(
                    "UPDATE urls SET lease_expires = riptide_now_ms() + $3
                     WHERE id = ANY($1) AND state = 1 AND lease_owner = $2",
                    &[&ids, &worker, &ttl_ms],
                )
                .await?;
            client
                .execute(
                    "UPDATE hosts SET lease_expires = riptide_now_ms() + $3
                     WHERE job = $1 AND lease_owner = $2",
                    &[&job, &worker, &ttl_ms],
                )
                .await
        });
    }
}

/// Wakes idle workers of this job once the transaction commits.
async fn notify(tx: &Transaction<'_>, job: i64) -> Result<(), tokio_postgres::Error> {
    tx.execute(
        "SELECT pg_notify($1, $2)",
        &[&FRONTIER_CHANNEL, &job.to_string()],
    )
    .await
    .map(drop)
}

/// Releases `host` when `worker` has no URL of it in flight any more; the
/// next request start on it, by any worker, waits one host delay from now
/// (which is after this worker's last request start there).
async fn release_host(
    tx: &Transaction<'_>,
    job: i64,
    host: &str,
    worker: &str,
) -> Result<(), tokio_postgres::Error> {
    tx.execute(
        "UPDATE hosts SET lease_owner = NULL,
                next_allowed_ms = riptide_now_ms()
                    + greatest(crawl_delay_ms, (SELECT host_delay_ms FROM jobs WHERE id = $1))
         WHERE job = $1 AND host = $2 AND lease_owner = $3
           AND NOT EXISTS (SELECT 1 FROM urls
                           WHERE job = $1 AND host = $2 AND state = 1 AND lease_owner = $3)",
        &[&job, &host, &worker],
    )
    .await
    .map(drop)
}

/// Adds the URLs never seen in this job; returns how many were new. Rows go
/// in sorted order, so concurrent inserts of overlapping batches cannot deadlock.
async fn insert_urls(
    client: &impl GenericClient,
    job: i64,
    urls: &[NewUrl],
) -> Result<u64, tokio_postgres::Error> {
    if urls.is_empty() {
        return Ok(0);
    }
    let mut sorted: Vec<&NewUrl> = urls.iter().collect();
    sorted.sort_by(|a, b| a.url.cmp(&b.url));
    sorted.dedup_by(|a, b| a.url == b.url);
    let mut hosts: Vec<&str> = sorted.iter().map(|u| u.host.as_str()).collect();
    hosts.sort_unstable();
    hosts.dedup();
    client
        .execute(
            "INSERT INTO hosts (job, host) SELECT $1, h FROM unnest($2::text[]) AS h
             ON CONFLICT DO NOTHING",
            &[&job, &hosts],
        )
        .await?;
    let url: Vec<&str> = sorted.iter().map(|u| u.url.as_str()).collect();
    let host: Vec<&str> = sorted.iter().map(|u| u.host.as_str()).collect();
    let depth: Vec<i32> = sorted
        .iter()
        .map(|u| i32::try_from(u.depth).unwrap_or(i32::MAX))
        .collect();
    let referrer: Vec<Option<&str>> = sorted.iter().map(|u| u.referrer.as_deref()).collect();
    let priority: Vec<i64> = sorted.iter().map(|u| u.priority).collect();
    client
        .execute(
            "INSERT INTO urls (job, url, host, depth, referrer, priority)
             SELECT $1, u, h, d, r, p
             FROM unnest($2::text[], $3::text[], $4::int4[], $5::text[], $6::int8[]) AS t (u, h, d, r, p)
             ON CONFLICT (job, url) DO NOTHING",
            &[&job, &url, &host, &depth, &referrer, &priority],
        )
        .await
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl CrawlStore for PgStore {
    type Error = StoreError;

    fn enqueue(&self, urls: &[NewUrl]) -> Result<usize, StoreError> {
        let added = self.db.run(async |client| {
            let tx = client.transaction().await?;
            let added = insert_urls(&tx, self.job, urls).await?;
            if added > 0 {
                notify(&tx, self.job).await?;
            }
            tx.commit().await?;
            Ok(added)
        })?;
        Ok(usize::try_from(added).unwrap_or(usize::MAX))
    }

    fn claim(&self, limit: usize, now_ms: i64) -> Result<Vec<FrontierEntry>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        self.start_heartbeat()?;
        // Leases expire no faster than a third of their lifetime matters:
        // look for expired ones that often, not on every claim.
        let wall = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        if wall - self.last_recover_ms.load(Ordering::Relaxed) >= self.ttl_ms / 3 {
            self.last_recover_ms.store(wall, Ordering::Relaxed);
            self.recover()?;
        }
        let worker = self.db.worker.as_str();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.db.run(async |client| {
            let tx = client.transaction().await?;
            let open = tx
                .query(
                    "SELECT 1 FROM jobs WHERE id = $1 AND state = 'running'
                       AND (max_pages IS NULL OR pages < max_pages)",
                    &[&self.job],
                )
                .await?;
            if open.is_empty() {
                return Ok(Vec::new());
            }
            let candidates = tx
                .query(
                    "SELECT u.id, u.host FROM urls u
                     JOIN hosts h ON h.job = u.job AND h.host = u.host
                     WHERE u.job = $1 AND u.state = 0 AND u.not_before <= $2
                       AND (h.lease_owner = $3
                            OR ((h.lease_owner IS NULL OR h.lease_expires < riptide_now_ms())
                                AND h.next_allowed_ms <= riptide_now_ms()))
                     ORDER BY u.priority, u.id
                     LIMIT $4
                     FOR UPDATE OF u SKIP LOCKED",
                    &[&self.job, &now_ms, &worker, &limit],
                )
                .await?;
            if candidates.is_empty() {
                return Ok(Vec::new());
            }
            let mut hosts: Vec<String> = candidates.iter().map(|r| r.get(1)).collect();
            hosts.sort_unstable();
            hosts.dedup();
            // Lock the host rows in name order (no deadlock between claims),
            // then lease those still free: another worker may have taken one
            // since the candidates were read.
            let leased: HashSet<String> = tx
                .query(
                    "UPDATE hosts SET lease_owner = $3, lease_expires = riptide_now_ms() + $4
                     WHERE job = $1
                       AND host IN (SELECT host FROM hosts WHERE job = $1 AND host = ANY($2)
                                    ORDER BY host FOR UPDATE)
                       AND (lease_owner = $3
                            OR ((lease_owner IS NULL OR lease_expires < riptide_now_ms())
                                AND next_allowed_ms <= riptide_now_ms()))
                     RETURNING host",
                    &[&self.job, &hosts, &worker, &self.ttl_ms],
                )
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
            let ids: Vec<i64> = candidates
                .iter()
                .filter(|r| leased.contains(&r.get::<_, String>(1)))
                .map(|r| r.get(0))
                .collect();
            let rows = tx
                .query(
                    "WITH claimed AS (
                         UPDATE urls SET state = 1, lease_owner = $2,
                                lease_expires = riptide_now_ms() + $3
                         WHERE id = ANY($1)
                         RETURNING id, url, host, depth, referrer, attempts, priority)
                     SELECT u.id, u.url, u.host, u.depth, u.referrer, u.attempts, u.priority,
                            c.etag, c.last_modified
                     FROM claimed u LEFT JOIN http_cache c ON c.job = $4 AND c.url = u.url",
                    &[&ids, &worker, &self.ttl_ms, &self.job],
                )
                .await?;
            tx.commit().await?;
            Ok(rows)
        })?;
        let mut entries: Vec<(i64, FrontierEntry)> = rows
            .iter()
            .map(|row| {
                let entry = FrontierEntry {
                    id: row.get(0),
                    url: row.get(1),
                    host: row.get(2),
                    depth: u32::try_from(row.get::<_, i32>(3)).unwrap_or(0),
                    referrer: row.get(4),
                    attempts: u32::try_from(row.get::<_, i32>(5)).unwrap_or(0),
                    validators: Validators {
                        etag: row.get(7),
                        last_modified: row.get(8),
                    },
                };
                (row.get(6), entry)
            })
            .collect();
        entries.sort_by_key(|(priority, entry)| (*priority, entry.id));
        let mut held = self.held();
        Ok(entries
            .into_iter()
            .map(|(_, entry)| {
                held.insert(entry.id, entry.host.clone());
                entry
            })
            .collect())
    }

    fn complete(&self, id: i64, page: &PageRecord, found: &[NewUrl]) -> Result<(), StoreError> {
        let status = i32::from(page.status);
        let Validators {
            etag,
            last_modified,
        } = &page.validators;
        let job = self.job;
        self.finish(id, async |tx| {
            let url = tx
                .query(
                    "UPDATE urls SET state = 2, lease_owner = NULL
                     WHERE id = $1 AND job = $2 AND state = 1 RETURNING url",
                    &[&id, &job],
                )
                .await?;
            let Some(url) = url.first().map(|r| r.get::<_, String>(0)) else {
                // Finished already (by this worker before a lost reply, or by
                // another after this lease ran out): no second record.
                return Ok(true);
            };
            insert_urls(tx, job, found).await?;
            if etag.is_some() || last_modified.is_some() {
                tx.execute(
                    "INSERT INTO http_cache (job, url, etag, last_modified) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (job, url) DO UPDATE
                     SET etag = excluded.etag, last_modified = excluded.last_modified",
                    &[&job, &url, etag, last_modified],
                )
                .await?;
            }
            // Last, so the job row stays locked only for the commit: the page
            // limit check and the sequence number are one atomic step.
            let seq = tx
                .query(
                    "UPDATE jobs SET pages = pages + 1, updated_ms = riptide_now_ms()
                     WHERE id = $1 AND (max_pages IS NULL OR pages < max_pages)
                     RETURNING pages",
                    &[&job],
                )
                .await?;
            let Some(seq) = seq.first().map(|r| r.get::<_, i64>(0)) else {
                // Other workers reached the page limit meanwhile: undo.
                return Ok(false);
            };
            tx.execute(
                "INSERT INTO results (job, seq, url_id, status, failed, record)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[&job, &seq, &id, &status, &page.failed, &page.record],
            )
            .await?;
            Ok(true)
        })
    }

    fn retry_later(&self, id: i64, not_before_ms: i64) -> Result<(), StoreError> {
        let job = self.job;
        self.finish(id, async |tx| {
            tx.execute(
                "UPDATE urls SET state = 0, not_before = $3, attempts = attempts + 1,
                        lease_owner = NULL
                 WHERE id = $1 AND job = $2 AND state = 1",
                &[&id, &job, &not_before_ms],
            )
            .await
            .map(|_| true)
        })
    }

    fn skip(&self, id: i64, reason: &str, found: &[NewUrl]) -> Result<(), StoreError> {
        let job = self.job;
        self.finish(id, async |tx| {
            let changed = tx
                .execute(
                    "UPDATE urls SET state = 3, reason = $3, lease_owner = NULL
                     WHERE id = $1 AND job = $2 AND state = 1",
                    &[&id, &job, &reason],
                )
                .await?;
            if changed > 0 {
                insert_urls(tx, job, found).await?;
            }
            Ok(true)
        })
    }

    /// Returns the URLs whose lease ran out (their worker died or lost the
    /// database for longer than the lease) to the frontier. A live worker's
    /// leases are never taken.
    fn recover(&self) -> Result<u64, StoreError> {
        let job = self.job;
        let recovered = self.db.run(async |client| {
            let tx = client.transaction().await?;
            let recovered = tx
                .execute(
                    "UPDATE urls SET state = 0, lease_owner = NULL
                     WHERE job = $1 AND state = 1 AND lease_expires < riptide_now_ms()",
                    &[&job],
                )
                .await?;
            if recovered > 0 {
                notify(&tx, job).await?;
            }
            tx.commit().await?;
            Ok(recovered)
        })?;
        Ok(recovered)
    }

    fn restart(&self) -> Result<(), StoreError> {
        let job = self.job;
        self.db.run(async |client| {
            let tx = client.transaction().await?;
            tx.execute("DELETE FROM results WHERE job = $1", &[&job])
                .await?;
            tx.execute("DELETE FROM meta WHERE job = $1", &[&job])
                .await?;
            tx.execute(
                "UPDATE urls SET state = 0, not_before = 0, attempts = 0, reason = NULL,
                        lease_owner = NULL
                 WHERE job = $1",
                &[&job],
            )
            .await?;
            tx.execute(
                "UPDATE jobs SET pages = 0, state = 'running', updated_ms = riptide_now_ms()
                 WHERE id = $1",
                &[&job],
            )
            .await?;
            notify(&tx, job).await?;
            tx.commit().await
        })?;
        self.held().clear();
        Ok(())
    }

    fn counts(&self) -> Result<FrontierCounts, StoreError> {
        let worker = self.db.worker.as_str();
        let (states, next) = self.db.run(async |client| {
            let states = client
                .query(
                    "SELECT state, count(*) FROM urls WHERE job = $1 GROUP BY state",
                    &[&self.job],
                )
                .await?;
            // When could this worker claim a pending URL: its own time, and
            // its host's (leased by another worker, or waiting for its delay).
            let next = client
                .query_one(
                    "SELECT min(greatest(u.not_before, CASE
                         WHEN h.lease_owner = $2 THEN 0
                         WHEN h.lease_owner IS NOT NULL AND h.lease_expires >= riptide_now_ms()
                             THEN h.lease_expires
                         ELSE h.next_allowed_ms END))
                     FROM urls u JOIN hosts h ON h.job = u.job AND h.host = u.host
                     WHERE u.job = $1 AND u.state = 0",
                    &[&self.job, &worker],
                )
                .await?;
            Ok((states, next))
        })?;
        let mut counts = FrontierCounts {
            next_ready_ms: next.get(0),
            ..FrontierCounts::default()
        };
        for row in &states {
            let n = count(row.get(1));
            match row.get::<_, i16>(0) {
                PENDING => counts.pending = n,
                IN_FLIGHT => counts.in_flight = n,
                DONE => counts.done = n,
                SKIPPED => counts.skipped = n,
                _ => {}
            }
        }
        Ok(counts)
    }

    fn host_counts(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let rows = self.db.run(async |client| {
            client
                .query(
                    "SELECT host, count(*) FROM urls WHERE job = $1 GROUP BY host",
                    &[&self.job],
                )
                .await
        })?;
        Ok(rows.iter().map(|r| (r.get(0), count(r.get(1)))).collect())
    }

    fn host_summary(&self) -> Result<Vec<HostSummary>, StoreError> {
        let rows = self.db.run(async |client| {
            client
                .query(
                    "SELECT u.host, count(r.seq),
                            count(*) FILTER (WHERE r.failed),
                            count(*) FILTER (WHERE u.state = 3)
                     FROM urls u LEFT JOIN results r ON r.url_id = u.id
                     WHERE u.job = $1 GROUP BY u.host ORDER BY u.host",
                    &[&self.job],
                )
                .await
        })?;
        Ok(rows
            .iter()
            .map(|r| HostSummary {
                host: r.get(0),
                pages: count(r.get(1)),
                failures: count(r.get(2)),
                skipped: count(r.get(3)),
            })
            .collect())
    }

    fn records_after(&self, after: i64, limit: usize) -> Result<Vec<StoredRecord>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.db.run(async |client| {
            client
                .query(
                    "SELECT seq, record FROM results WHERE job = $1 AND seq > $2
                     ORDER BY seq LIMIT $3",
                    &[&self.job, &after, &limit],
                )
                .await
        })?;
        Ok(rows
            .iter()
            .map(|r| StoredRecord {
                seq: r.get(0),
                record: r.get(1),
            })
            .collect())
    }

    fn urls_after(&self, after: i64, limit: usize) -> Result<Vec<(i64, String)>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.db.run(async |client| {
            client
                .query(
                    "SELECT id, url FROM urls WHERE job = $1 AND id > $2 ORDER BY id LIMIT $3",
                    &[&self.job, &after, &limit],
                )
                .await
        })?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn note_host_delay(&self, host: &str, delay: Duration) -> Result<(), StoreError> {
        let delay_ms = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX);
        self.db.run(async |client| {
            client
                .execute(
                    "UPDATE hosts SET crawl_delay_ms = $3 WHERE job = $1 AND host = $2",
                    &[&self.job, &host, &delay_ms],
                )
                .await
        })?;
        Ok(())
    }

    fn skipped(&self, reason: &str, limit: usize) -> Result<Vec<String>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.db.run(async |client| {
            client
                .query(
                    "SELECT url FROM urls WHERE job = $1 AND state = $2 AND reason = $3
                     ORDER BY id LIMIT $4",
                    &[&self.job, &SKIPPED, &reason, &limit],
                )
                .await
        })?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        let rows = self.db.run(async |client| {
            client
                .query(
                    "SELECT value FROM meta WHERE job = $1 AND key = $2",
                    &[&self.job, &key],
                )
                .await
        })?;
        Ok(rows.first().map(|r| r.get(0)))
    }

    fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.db.run(async |client| {
            client
                .execute(
                    "INSERT INTO meta (job, key, value) VALUES ($1, $2, $3)
                     ON CONFLICT (job, key) DO UPDATE SET value = excluded.value",
                    &[&self.job, &key, &value],
                )
                .await
        })?;
        Ok(())
    }

    fn wait_for_change(&self, timeout: Duration) -> Result<(), StoreError> {
        self.db.wait_for_change(timeout)
    }
}
