//! riptide-api through `Router::oneshot` and on a real socket, against real
//! test sites on 127.0.0.1, real SQLite files and the real sandbox component.

mod auth;
mod common;
mod errors;
mod extract;
mod jobs;
mod map;
mod ops;
mod scrape;
mod server;
mod ssrf;
