//! LISTEN/NOTIFY: idle workers sleep until another worker changes a frontier
//! or creates a job, instead of polling.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::Notify;
use tokio_postgres::{AsyncMessage, Config, NoTls};

/// Notified when URLs become claimable (new, released, put back).
pub(crate) const FRONTIER_CHANNEL: &str = "riptide_frontier";
/// Notified when a job is created.
pub(crate) const JOBS_CHANNEL: &str = "riptide_jobs";

/// Keeps one connection listening on both channels, reconnecting after a
/// database restart, and wakes every waiter on each notification (and on each
/// reconnect, since notifications sent while disconnected are lost).
pub(crate) async fn listen_forever(config: Config, changed: Arc<Notify>) {
    let mut backoff = Duration::from_millis(50);
    loop {
        if listen_once(&config, &changed).await.is_ok() {
            backoff = Duration::from_millis(50);
        }
        changed.notify_waiters();
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(2));
    }
}

/// Listens until the connection drops.
async fn listen_once(config: &Config, changed: &Arc<Notify>) -> Result<(), tokio_postgres::Error> {
    let (client, mut connection) = config.connect(NoTls).await?;
    let wake = Arc::clone(changed);
    let driver = tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = messages.next().await {
            match message {
                Ok(AsyncMessage::Notification(_)) => wake.notify_waiters(),
                Ok(_) => {}
                Err(_) => break,
            }
        }
    });
    client
        .batch_execute(&format!("LISTEN {FRONTIER_CHANNEL}; LISTEN {JOBS_CHANNEL}"))
        .await?;
    changed.notify_waiters();
    let _ = driver.await;
    Ok(())
}
