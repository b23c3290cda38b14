//! The SSRF guard against real servers on 127.0.0.1: nothing reaches a
//! non-public address unless it is allowed, however the URL gets there.

use riptide_fetch::{FetchConfig, FetchError, SsrfPolicy};
use riptide_testsite::{Response, Server};

use crate::{config, fetcher, get};

fn guarded(policy: SsrfPolicy) -> FetchConfig {
    FetchConfig {
        ssrf: policy,
        ..config()
    }
}

fn site() -> Server {
    Server::start(|_| Response::html("<p>internal</p>"))
}

#[test]
fn a_loopback_ip_literal_is_refused_before_any_request() {
    let server = site();
    let err = get(&fetcher(guarded(SsrfPolicy::guarded())), &server.url("/")).unwrap_err();
    assert!(matches!(err, FetchError::Blocked(_)), "{err}");
    assert_eq!(server.total_hits(), 0);
}

#[test]
fn a_name_resolving_to_loopback_is_refused_at_resolution() {
    let server = site();
    let url = format!("http://localhost:{}/", server.addr().port());
    let err = get(&fetcher(guarded(SsrfPolicy::guarded())), &url).unwrap_err();
    assert!(
        matches!(err, FetchError::Blocked(ref b) if b.host == "localhost"),
        "{err}"
    );
    assert!(
        !err.to_string().contains("127.0.0.1"),
        "no internal address in {err}"
    );
    assert_eq!(server.total_hits(), 0);
}

#[test]
fn a_redirect_to_loopback_is_refused() {
    let target = site();
    let to = target.url("/");
    let redirector = Server::start(move |_| Response::redirect(302, &to));
    // The redirector is reached by an allowed name; its redirect to a
    // loopback literal is checked like any first URL.
    let policy = SsrfPolicy {
        allow_hosts: vec!["localhost".into()],
        ..SsrfPolicy::guarded()
    };
    let url = format!("http://localhost:{}/go", redirector.addr().port());
    let err = get(&fetcher(guarded(policy)), &url).unwrap_err();
    assert!(matches!(err, FetchError::Blocked(_)), "{err}");
    assert_eq!(redirector.hits("/go"), 1);
    assert_eq!(target.total_hits(), 0);
}

#[test]
fn allowed_networks_are_reachable() {
    let server = site();
    let policy = SsrfPolicy {
        allow_nets: vec!["127.0.0.0/8".parse().unwrap()],
        ..SsrfPolicy::guarded()
    };
    let page = get(&fetcher(guarded(policy)), &server.url("/")).unwrap();
    assert_eq!(page.status, 200);
    let open = get(&fetcher(config()), &server.url("/")).unwrap();
    assert_eq!(open.status, 200, "the default policy is open");
}
