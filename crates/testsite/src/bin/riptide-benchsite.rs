//! A generated site for the crawl benchmark (see `scripts/bench-crawl`).
//!
//! `riptide-benchsite generate DIR N` writes N linked pages of about 3.5 KB
//! (for a static server such as nginx); `riptide-benchsite serve N` serves the
//! same pages from memory on 127.0.0.1 and prints the start URL.

use std::process::ExitCode;

use riptide_testsite::{Response, Server};

/// Words that make the pages look like prose to the extractor.
const WORDS: &[&str] = &[
    "river", "harbour", "engine", "morning", "garden", "signal", "market", "winter", "letter",
    "bridge", "council", "station", "theory", "pattern", "journey", "kitchen", "meadow", "lantern",
    "voyage", "archive",
];

/// Page `i` of `n`: a title, six paragraphs and ten links (the next page, so
/// that every page is reachable, and nine spread over the site).
fn page(i: usize, n: usize) -> String {
    let mut html = format!(
        "<!doctype html><html><head><meta charset=utf-8><title>Page {i} of the benchmark site</title></head>\
         <body><nav><a href=\"/\">Home</a></nav><article><h1>Page {i}</h1>"
    );
    for p in 0..6 {
        html.push_str("<p>");
        for w in 0..75 {
            html.push_str(WORDS[(i * 31 + p * 7 + w * 13) % WORDS.len()]);
            html.push(if w % 12 == 11 { '.' } else { ' ' });
        }
        html.push_str("</p>");
    }
    html.push_str("<ul>");
    for k in 0..10 {
        let target = if k == 0 {
            (i + 1) % n
        } else {
            (i * 7919 + k * 104_729) % n
        };
        html.push_str(&format!(
            "<li><a href=\"/p/{target}.html\">Page {target}</a></li>"
        ));
    }
    html.push_str(
        "</ul></article><footer>Generated for riptide's crawl benchmark.</footer></body></html>\n",
    );
    html
}

fn usage() -> ExitCode {
    eprintln!("usage: riptide-benchsite generate DIR N | serve N");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate", dir, n] => {
            let Ok(n) = n.parse::<usize>() else {
                return usage();
            };
            let dir = std::path::Path::new(dir);
            let write = || -> std::io::Result<()> {
                std::fs::create_dir_all(dir.join("p"))?;
                std::fs::write(dir.join("index.html"), page(0, n))?;
                for i in 0..n {
                    std::fs::write(dir.join(format!("p/{i}.html")), page(i, n))?;
                }
                Ok(())
            };
            match write() {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("riptide-benchsite: {err}");
                    ExitCode::FAILURE
                }
            }
        }
        ["serve", n] => {
            let Ok(n) = n.parse::<usize>() else {
                return usage();
            };
            let pages: Vec<String> = (0..n).map(|i| page(i, n)).collect();
            let server = Server::start(move |req| {
                let path = req.path.as_str();
                if path == "/" {
                    return Response::html(pages[0].clone());
                }
                let index = path
                    .strip_prefix("/p/")
                    .and_then(|p| p.strip_suffix(".html"))
                    .and_then(|i| i.parse::<usize>().ok());
                match index.and_then(|i| pages.get(i)) {
                    Some(html) => Response::html(html.clone()),
                    None => Response::status(404),
                }
            });
            println!("{}", server.url("/"));
            loop {
                std::thread::park();
            }
        }
        _ => usage(),
    }
}
