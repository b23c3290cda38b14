//! Redirect chains, loops and limits.

use riptide_fetch::{FetchConfig, FetchError};
use riptide_testsite::{Response, Server};

use crate::{config, fetcher, get};

fn redirecting_site() -> Server {
    Server::start(|req| match req.path.as_str() {
        "/a" => Response::redirect(301, "/b"),
        "/b" => Response::redirect(302, "/c?x=1"),
        "/c?x=1" => Response::html("<p>end</p>"),
        "/loop1" => Response::redirect(302, "/loop2"),
        "/loop2" => Response::redirect(307, "/loop1"),
        "/robots.txt" => {
            Response::typed("text/plain", b"User-agent: *\nDisallow: /secret\n".to_vec())
        }
        "/to-secret" => Response::redirect(302, "/secret"),
        "/nowhere" => Response::status(302),
        path => {
            // /chain/N redirects to /chain/N-1 until /chain/0.
            let n: u32 = path.trim_start_matches("/chain/").parse().unwrap_or(0);
            if n == 0 {
                Response::html("<p>bottom</p>")
            } else {
                Response::redirect(302, &format!("/chain/{}", n - 1))
            }
        }
    })
}

#[test]
fn chains_are_followed_to_the_final_url() {
    let server = redirecting_site();
    let page = get(&fetcher(config()), &server.url("/a")).unwrap();
    assert_eq!(page.status, 200);
    assert_eq!(page.final_url, server.url("/c?x=1"));
    assert_eq!(page.body, b"<p>end</p>");
}

#[test]
fn loops_are_detected() {
    let server = redirecting_site();
    let err = get(&fetcher(config()), &server.url("/loop1")).unwrap_err();
    assert!(
        matches!(err, FetchError::RedirectLoop(ref url) if url.ends_with("/loop1")),
        "{err}"
    );
}

#[test]
fn the_redirect_limit_holds() {
    let server = redirecting_site();
    let f = fetcher(FetchConfig {
        max_redirects: 3,
        ..config()
    });
    assert_eq!(get(&f, &server.url("/chain/3")).unwrap().status, 200);
    let err = get(&f, &server.url("/chain/4")).unwrap_err();
    assert!(
        matches!(err, FetchError::TooManyRedirects { limit: 3 }),
        "{err}"
    );
    assert_eq!(
        server.hits("/chain/0"),
        1,
        "the fourth hop of /chain/4 was never requested"
    );
}

#[test]
fn every_hop_is_checked_against_robots() {
    let server = redirecting_site();
    let err = get(&fetcher(config()), &server.url("/to-secret")).unwrap_err();
    assert!(matches!(err, FetchError::RobotsDisallowed(_)), "{err}");
    assert_eq!(server.hits("/secret"), 0);
}

#[test]
fn a_redirect_without_location_is_an_error() {
    let server = redirecting_site();
    let err = get(&fetcher(config()), &server.url("/nowhere")).unwrap_err();
    assert!(matches!(err, FetchError::BadRedirect(_)), "{err}");
}
