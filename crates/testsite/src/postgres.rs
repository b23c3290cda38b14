//! A throwaway PostgreSQL server for tests: `initdb` into a temporary
//! directory, `pg_ctl start` on a free loopback port, stopped and removed on
//! drop. It needs the server binaries (Debian: `apt-get install postgresql`,
//! which `.ci/run` does); without them it panics with that instruction
//! instead of letting a test pass without a database.

use std::fs;
use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The account the server runs as when the tests run as root (PostgreSQL
/// refuses to run as root); the Debian package creates it.
const SERVER_ACCOUNT: &str = "postgres";

/// Ports tried before a start counts as failed.
const START_ATTEMPTS: usize = 3;

/// A running PostgreSQL server of its own, in a temporary directory.
#[derive(Debug)]
pub struct PgServer {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_root: bool,
}

impl PgServer {
    /// Creates a cluster and starts it on a free 127.0.0.1 port.
    ///
    /// # Panics
    /// When the PostgreSQL server binaries are not installed, or the
    /// server does not start (its log is in the panic message).
    pub fn start() -> Self {
        let bin = server_binaries().unwrap_or_else(|| {
            panic!(
                "PostgreSQL server binaries not found (looked for /usr/lib/postgresql/*/bin/pg_ctl \
                 and pg_ctl on PATH): install them, e.g. `apt-get install -y postgresql` \
                 (.ci/run does this)"
            )
        });
        let as_root = fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
        let dir =
            std::env::temp_dir().join(format!("riptide-pg-{}-{}", std::process::id(), unique()));
        fs::create_dir_all(&dir).expect("creating the PostgreSQL directory");
        let mut server = Self {
            bin,
            dir,
            port: free_port(),
            as_root,
        };
        if as_root {
            server.check(
                Command::new("chown").arg(SERVER_ACCOUNT).arg(&server.dir),
                "chown",
            );
        }
        server.check(
            server
                .tool("initdb")
                .args([
                    "--username=riptide",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--no-sync",
                    "--pgdata",
                ])
                .arg(server.data()),
            "initdb",
        );
        // The free port can be taken by another test between the probe and
        // the server's bind: then the server starts again on another one.
        for _ in 1..START_ATTEMPTS {
            if server.try_start_server().is_ok() {
                return server;
            }
            server.port = free_port();
        }
        server.start_server();
        server
    }

    /// The connection URL (user `riptide`, database `postgres`, no password).
    pub fn url(&self) -> String {
        format!("postgres://riptide@127.0.0.1:{}/postgres", self.port)
    }

    /// Stops the server at once (`immediate`: like a crash, clients are cut
    /// off) and starts it again on the same port and data.
    pub fn restart(&self) {
        self.stop_server("immediate");
        self.start_server();
    }

    fn start_server(&self) {
        if let Err(why) = self.try_start_server() {
            panic!("PostgreSQL did not start: {why}");
        }
    }

    /// Starts the server; why it did not start, with its log, otherwise.
    fn try_start_server(&self) -> Result<(), String> {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("server.log");
        let output = self
            .tool("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(&log)
            .args(["-o", &options, "-w", "-t", "60", "start"])
            .output()
            .expect("running pg_ctl start");
        if output.status.success() {
            return Ok(());
        }
        Err(format!(
            "{}\n{}",
            describe(&output),
            fs::read_to_string(&log).unwrap_or_default()
        ))
    }

    fn stop_server(&self, mode: &str) {
        let _ = self
            .tool("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", mode, "-w", "stop"])
            .output();
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// A server tool, run as the server account when the tests run as root.
    fn tool(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        if self.as_root {
            let mut command = Command::new("runuser");
            command.args(["-u", SERVER_ACCOUNT, "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }

    fn check(&self, command: &mut Command, what: &str) {
        let output = command
            .output()
            .unwrap_or_else(|err| panic!("running {what}: {err}"));
        assert!(
            output.status.success(),
            "{what} failed: {}",
            describe(&output)
        );
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        self.stop_server("immediate");
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The directory of `pg_ctl`: the newest /usr/lib/postgresql/N/bin (Debian
/// keeps the server tools off PATH), else PATH.
fn server_binaries() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("pg_ctl").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).or_else(|| {
        std::env::var_os("PATH").and_then(|path| {
            std::env::split_paths(&path).find(|dir| Path::new(dir).join("pg_ctl").is_file())
        })
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

fn unique() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

fn describe(output: &Output) -> String {
    format!(
        "{}{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
