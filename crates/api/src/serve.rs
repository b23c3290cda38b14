//! Running the server: the exposure check, graceful shutdown, job resumption.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;

use tokio::net::TcpListener;

use crate::{ApiConfig, AppState, router};

/// Why the server did not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// Binding a non-loopback address without API keys would expose the API to anyone.
    #[error(
        "refusing to listen on {0} without API keys: give --api-key (or RIPTIDE_API_KEYS), or bind a loopback address"
    )]
    Unprotected(SocketAddr),
    /// The data directory cannot be created.
    #[error("data directory {path}: {reason}")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The job registry cannot be opened.
    #[error("job registry: {0}")]
    Store(#[from] riptide_store::StoreError),
    /// The HTTP client cannot be built.
    #[error("HTTP client: {0}")]
    Fetch(#[from] riptide_fetch::FetchError),
    /// Listening or serving failed.
    #[error("serving: {0}")]
    Io(#[from] std::io::Error),
}

/// Refuses a non-loopback address when no API key is configured.
pub fn check_exposure(addr: SocketAddr, config: &ApiConfig) -> Result<(), StartError> {
    if config.api_keys.is_empty() && !addr.ip().is_loopback() {
        return Err(StartError::Unprotected(addr));
    }
    Ok(())
}

/// Serves `state` on `listener` until `shutdown` resolves: jobs left running
/// by an earlier server are resumed first; at shutdown the crawl tasks stop
/// (their jobs stay marked running and resume at the next start), the server
/// stops accepting and lets requests in progress finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    check_exposure(listener.local_addr()?, state.config())?;
    match state.resume_jobs() {
        Ok(0) => {}
        Ok(n) => log::info!("resumed {n} running jobs"),
        Err(err) => log::error!("resuming jobs: {err}"),
    }
    let app = router(state.clone());
    // At the signal the crawl tasks stop first, so that open record streams
    // end and the connections drain; the jobs stay marked running.
    let jobs = std::sync::Arc::clone(state.jobs());
    let stopping = async move {
        shutdown.await;
        jobs.shutdown();
    };
    axum::serve(listener, app)
        .with_graceful_shutdown(stopping)
        .await
        .map_err(StartError::from)
}

/// Resolves on SIGTERM or ctrl-c.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
