//! robots.txt rules, caching and failure modes.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use riptide_fetch::{DEFAULT_USER_AGENT, FetchError};
use riptide_testsite::{Response, Server};

use crate::{block_on, config, fetcher, get};

fn site(robots: &'static str) -> Server {
    Server::start(move |req| match req.path.as_str() {
        "/robots.txt" => Response::typed("text/plain", robots.as_bytes().to_vec()),
        path => Response::html(format!("<p>{path}</p>")),
    })
}

#[test]
fn disallowed_urls_are_not_requested() {
    let server = site("User-agent: *\nDisallow: /private\nAllow: /private/ok*\n");
    let f = fetcher(config());
    let err = get(&f, &server.url("/private/secret")).unwrap_err();
    assert!(matches!(err, FetchError::RobotsDisallowed(_)), "{err}");
    assert_eq!(server.hits("/private/secret"), 0);
    assert_eq!(get(&f, &server.url("/private/ok-1")).unwrap().status, 200);
    assert_eq!(get(&f, &server.url("/public")).unwrap().status, 200);
    assert_eq!(
        server.hits("/robots.txt"),
        1,
        "robots.txt is fetched once per site"
    );
}

#[test]
fn our_own_group_wins_over_the_star_group() {
    let server = site(
        "User-agent: *\nDisallow: /\n\nUser-agent: riptide\nDisallow: /no\nCrawl-delay: 2\nSitemap: /s.xml\nSitemap: http://example.org/map.xml\n",
    );
    let f = fetcher(config());
    assert_eq!(get(&f, &server.url("/yes")).unwrap().status, 200);
    assert!(matches!(
        get(&f, &server.url("/no")),
        Err(FetchError::RobotsDisallowed(_))
    ));
    let rules = block_on(f.rules_for(&server.url("/")));
    assert_eq!(rules.crawl_delay, Some(Duration::from_secs(2)));
    assert!(
        rules
            .sitemaps
            .contains(&"http://example.org/map.xml".to_owned()),
        "{:?}",
        rules.sitemaps
    );
}

#[test]
fn missing_robots_allows_everything() {
    let server = Server::start(|req| match req.path.as_str() {
        "/robots.txt" => Response::status(404),
        _ => Response::html("<p>ok</p>"),
    });
    assert_eq!(
        get(&fetcher(config()), &server.url("/anything"))
            .unwrap()
            .status,
        200
    );
}

#[test]
fn failing_robots_means_wait() {
    let server = Server::start(|req| match req.path.as_str() {
        "/robots.txt" => Response::status(503),
        _ => Response::html("<p>ok</p>"),
    });
    let err = get(&fetcher(config()), &server.url("/page")).unwrap_err();
    match err {
        FetchError::RobotsUnavailable { retry_after, .. } => assert!(retry_after > Duration::ZERO),
        other => panic!("expected RobotsUnavailable, got {other}"),
    }
    assert_eq!(server.hits("/page"), 0);
}

#[test]
fn robots_txt_is_fetched_again_after_its_ttl() {
    // The first robots.txt allows everything, later ones disallow /x.
    let served = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&served);
    let server = Server::start(move |req| match req.path.as_str() {
        "/robots.txt" if count.fetch_add(1, Ordering::SeqCst) == 0 => {
            Response::typed("text/plain", b"User-agent: *\nAllow: /\n".to_vec())
        }
        "/robots.txt" => Response::typed("text/plain", b"User-agent: *\nDisallow: /x\n".to_vec()),
        _ => Response::html("<p>ok</p>"),
    });
    let f = fetcher(riptide_fetch::FetchConfig {
        robots_ttl: Duration::ZERO,
        ..config()
    });
    assert_eq!(get(&f, &server.url("/x")).unwrap().status, 200);
    assert!(
        matches!(
            get(&f, &server.url("/x")),
            Err(FetchError::RobotsDisallowed(_))
        ),
        "the expired rules were replaced by the new file"
    );
    assert_eq!(server.hits("/robots.txt"), 2);
    assert_eq!(server.hits("/x"), 1);
}

#[test]
fn server_errors_on_robots_are_asked_again_after_the_wait() {
    let server = Server::start(|req| match req.path.as_str() {
        "/robots.txt" => Response::status(500),
        _ => Response::html("<p>ok</p>"),
    });
    let f = fetcher(riptide_fetch::FetchConfig {
        robots_retry: Duration::ZERO,
        ..config()
    });
    for _ in 0..2 {
        assert!(matches!(
            get(&f, &server.url("/page")),
            Err(FetchError::RobotsUnavailable { .. })
        ));
    }
    assert_eq!(
        server.hits("/robots.txt"),
        2,
        "a 5xx is not cached as rules"
    );
    assert_eq!(server.hits("/page"), 0);
}

#[test]
fn x_robots_tag_directives_for_this_crawler_are_reported() {
    let server = Server::start(|req| match req.path.as_str() {
        "/robots.txt" => Response::status(404),
        "/scoped" => Response::html("<p>x</p>")
            .header("x-robots-tag", "otherbot: noindex")
            .header("x-robots-tag", "riptide: nofollow"),
        "/all" => Response::html("<p>x</p>").header("x-robots-tag", "noindex, nofollow"),
        _ => Response::html("<p>x</p>"),
    });
    let f = fetcher(config());
    let scoped = get(&f, &server.url("/scoped")).unwrap().robots;
    assert!(scoped.nofollow && !scoped.noindex, "{scoped:?}");
    let all = get(&f, &server.url("/all")).unwrap().robots;
    assert!(all.nofollow && all.noindex, "{all:?}");
    assert_eq!(
        get(&f, &server.url("/plain")).unwrap().robots,
        Default::default()
    );
}

#[test]
fn robots_can_be_ignored_for_own_sites() {
    let server = site("User-agent: *\nDisallow: /\n");
    let f = fetcher(riptide_fetch::FetchConfig {
        respect_robots: false,
        ..config()
    });
    assert_eq!(get(&f, &server.url("/x")).unwrap().status, 200);
    assert_eq!(server.hits("/robots.txt"), 0);
}

#[test]
fn default_user_agent_identifies_riptide() {
    let server =
        Server::start(|req| Response::html(req.header("user-agent").unwrap_or("").to_owned()));
    let page = get(&fetcher(config()), &server.url("/ua")).unwrap();
    assert_eq!(String::from_utf8(page.body).unwrap(), DEFAULT_USER_AGENT);
    assert!(DEFAULT_USER_AGENT.starts_with("riptide/"));
}
