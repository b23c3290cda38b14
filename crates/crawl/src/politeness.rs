//! Per-host politeness: a concurrency limit and a minimum delay between
//! request starts, per host, under the crawl's global concurrency.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{OnceCell, Semaphore, SemaphorePermit};
use tokio::time::Instant;

/// One host's turnstile.
#[derive(Debug)]
pub(crate) struct HostGate {
    permits: Semaphore,
    next_start: tokio::sync::Mutex<Instant>,
    delay: OnceCell<Duration>,
}

impl HostGate {
    /// Waits for a free slot on this host and for the delay since the last
    /// request start; `delay` is asked once per host (it may fetch robots.txt).
    pub(crate) async fn turn<Fut>(&self, delay: impl FnOnce() -> Fut) -> SemaphorePermit<'_>
    where
        Fut: Future<Output = Duration>,
    {
        let delay = *self.delay.get_or_init(delay).await;
        // The semaphore is never closed, so acquire cannot fail.
        let permit = self
            .permits
            .acquire()
            .await
            .unwrap_or_else(|_| unreachable!("host semaphore closed"));
        let mut next = self.next_start.lock().await;
        // Only a start that is really due later waits: tokio rounds a timer
        // up to its next millisecond tick even when the deadline has passed,
        // and this lock is held meanwhile, so sleeping unconditionally made
        // every request to a host wait its turn for up to 1 ms: with no delay
        // configured that capped a crawl at ~900 pages/s per host.
        if *next > Instant::now() {
            tokio::time::sleep_until(*next).await;
        }
        *next = Instant::now() + delay;
        permit
    }
}

/// The gates of every host seen so far (a few hundred bytes each).
#[derive(Debug)]
pub(crate) struct Politeness {
    per_host: usize,
    gates: Mutex<HashMap<String, Arc<HostGate>>>,
}

impl Politeness {
    pub(crate) fn new(per_host: usize) -> Self {
        Self {
            per_host: per_host.max(1),
            gates: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn gate(&self, host: &str) -> Arc<HostGate> {
        let mut gates = self.gates.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(gates.entry(host.to_owned()).or_insert_with(|| {
            Arc::new(HostGate {
                permits: Semaphore::new(self.per_host),
                next_start: tokio::sync::Mutex::new(Instant::now()),
                delay: OnceCell::new(),
            })
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The clock is paused: tokio advances it only when every task waits, so
    // these checks are exact and take no real time.

    #[tokio::test(start_paused = true)]
    async fn request_starts_on_one_host_are_spaced_by_the_delay() {
        let politeness = Politeness::new(4);
        let gate = politeness.gate("a.test");
        let start = Instant::now();
        let mut starts = Vec::new();
        for _ in 0..3 {
            let _turn = gate.turn(|| async { Duration::from_secs(5) }).await;
            starts.push(Instant::now() - start);
        }
        assert_eq!(
            starts,
            [
                Duration::ZERO,
                Duration::from_secs(5),
                Duration::from_secs(10)
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn hosts_do_not_wait_for_each_other() {
        let politeness = Politeness::new(1);
        let (a, b) = (politeness.gate("a.test"), politeness.gate("b.test"));
        let start = Instant::now();
        let _a = a.turn(|| async { Duration::from_secs(60) }).await;
        let _b = b.turn(|| async { Duration::from_secs(60) }).await;
        assert_eq!(Instant::now(), start);
    }

    #[tokio::test(start_paused = true)]
    async fn the_delay_is_asked_once_per_host() {
        let politeness = Politeness::new(1);
        let gate = politeness.gate("a.test");
        drop(gate.turn(|| async { Duration::from_secs(1) }).await);
        let start = Instant::now();
        // Later, different answers are ignored: the first one (robots.txt's)
        // stays, so the next two starts come 1 s apart, not 100 s.
        drop(gate.turn(|| async { Duration::from_secs(100) }).await);
        drop(gate.turn(|| async { Duration::from_secs(100) }).await);
        assert_eq!(Instant::now() - start, Duration::from_secs(2));
    }
}
