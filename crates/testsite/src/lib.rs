//! A tiny threaded HTTP/1.1 server on 127.0.0.1, for tests and benchmarks.
//!
//! Real sockets, real HTTP: riptide's fetcher and crawler are tested against
//! it instead of mocks. Each connection gets a thread and may carry many
//! requests (keep-alive); a handler maps each request to a [`Response`], which
//! can also stall before its body to play a slow or hung server.
//! [`PgServer`] is a throwaway PostgreSQL server for the scale-out tests.
//!
//! ```
//! use std::io::{Read, Write};
//! use riptide_testsite::{Response, Server};
//!
//! let server = Server::start(|req| Response::html(format!("<p>{}</p>", req.path)));
//! let mut conn = std::net::TcpStream::connect(server.addr()).unwrap();
//! conn.write_all(b"GET /hi HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
//! let mut answer = String::new();
//! conn.read_to_string(&mut answer).unwrap();
//! assert!(answer.starts_with("HTTP/1.1 200"));
//! assert!(answer.ends_with("<p>/hi</p>"));
//! assert_eq!(server.hits("/hi"), 1);
//! ```

mod postgres;
mod server;

pub use postgres::PgServer;
pub use server::{Request, Response, Server};
