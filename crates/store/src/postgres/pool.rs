//! A few connections, reconnected on demand, and the retry loop that
//! carries operations across a database restart.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::time::Instant;
use tokio_postgres::error::SqlState;
use tokio_postgres::{Client, Config, NoTls};

/// Connections handed out one operation at a time.
pub(crate) struct Pool {
    config: Config,
    idle: Mutex<Vec<Client>>,
    permits: Semaphore,
    retry_for: Duration,
}

impl Pool {
    pub(crate) fn new(config: Config, size: usize, retry_for: Duration) -> Self {
        Self {
            config,
            idle: Mutex::new(Vec::new()),
            permits: Semaphore::new(size.max(1)),
            retry_for,
        }
    }

    /// Runs `op` on a connection. Connection losses, a server that is
    /// starting or shutting down, deadlocks and serialisation failures are
    /// retried with backoff (50 ms doubling to 2 s) for up to `retry_for`;
    /// `op` must therefore be safe to run again after an unknown outcome.
    pub(crate) async fn run<T>(
        &self,
        op: impl AsyncFn(&mut Client) -> Result<T, tokio_postgres::Error>,
    ) -> Result<T, tokio_postgres::Error> {
        let deadline = Instant::now() + self.retry_for;
        let mut backoff = Duration::from_millis(50);
        let mut waited = false;
        loop {
            let result = self.run_once(&op).await;
            match result {
                Err(err) if transient(&err) && Instant::now() + backoff < deadline => {
                    // Said once per operation: a waiting process is not a hung one.
                    if !waited && is_connection_error(&err) {
                        let cause = std::error::Error::source(&err)
                            .map(|cause| format!(": {cause}"))
                            .unwrap_or_default();
                        log::warn!(
                            "database unreachable ({err}{cause}); retrying for up to {} s",
                            self.retry_for.as_secs()
                        );
                        waited = true;
                    }
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(2));
                }
                other => {
                    if waited && other.is_ok() {
                        log::info!("database reachable again");
                    }
                    return other;
                }
            }
        }
    }

    async fn run_once<T>(
        &self,
        op: &impl AsyncFn(&mut Client) -> Result<T, tokio_postgres::Error>,
    ) -> Result<T, tokio_postgres::Error> {
        // The semaphore is never closed.
        let _permit = self
            .permits
            .acquire()
            .await
            .unwrap_or_else(|_| unreachable!("pool semaphore closed"));
        let mut client = match self.take_idle() {
            Some(client) => client,
            None => self.connect().await?,
        };
        let result = op(&mut client).await;
        if !client.is_closed() {
            self.idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(client);
        }
        result
    }

    fn take_idle(&self) -> Option<Client> {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        while let Some(client) = idle.pop() {
            if !client.is_closed() {
                return Some(client);
            }
        }
        None
    }

    async fn connect(&self) -> Result<Client, tokio_postgres::Error> {
        let (client, connection) = self.config.connect(NoTls).await?;
        // The connection ends with the server or when the client is dropped.
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(client)
    }
}

/// Whether an operation may succeed when tried again: the connection broke
/// or could not be made, the server is restarting, or the transaction lost a
/// deadlock or serialisation race.
fn transient(err: &tokio_postgres::Error) -> bool {
    if err.is_closed() {
        return true;
    }
    if let Some(code) = err.code() {
        return code.code().starts_with("08")
            || [
                SqlState::ADMIN_SHUTDOWN,
                SqlState::CRASH_SHUTDOWN,
                SqlState::CANNOT_CONNECT_NOW,
                SqlState::T_R_DEADLOCK_DETECTED,
                SqlState::T_R_SERIALIZATION_FAILURE,
            ]
            .contains(code);
    }
    // No SQLSTATE: an I/O error (refused, reset) or a closed connection.
    std::error::Error::source(err).is_some_and(|source| source.is::<std::io::Error>())
}

/// Whether a transient error means the server is away (rather than a lock
/// conflict between workers, which is routine).
fn is_connection_error(err: &tokio_postgres::Error) -> bool {
    !err.code().is_some_and(|code| {
        [
            SqlState::T_R_DEADLOCK_DETECTED,
            SqlState::T_R_SERIALIZATION_FAILURE,
        ]
        .contains(code)
    })
}
