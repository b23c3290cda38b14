//! Prometheus metrics, hand-written: a few counters and one histogram family
//! are all the server needs, and the text format is simple.
//!
//! Counted as they happen: requests and latencies by route, pages fetched by
//! status, extraction outcomes by kind (every sandbox limit breach has its own
//! kind). Read when scraped: frontier sizes and jobs by state.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use riptide_core::{
    Document, ExtractError, ExtractInput, Extractor, FrontierCounts, JobCounts, PageLinks,
};

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// Extraction outcomes reported even before they first happen, so that an
/// alert on a sandbox limit breach has a series to watch from the start.
const EXTRACTION_OUTCOMES: [&str; 13] = [
    "ok",
    "input_too_large",
    "too_deeply_nested",
    "not_html",
    "invalid_selector",
    "no_selector",
    "memory_limit",
    "out_of_fuel",
    "timeout",
    "stack_overflow",
    "trap",
    "guest",
    "unavailable",
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    total: u64,
}

/// The server's counters.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    pages: Mutex<BTreeMap<String, u64>>,
    extractions: Mutex<HashMap<&'static str, u64>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Metrics {
    /// Counts one answered request.
    pub fn request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        *lock(&self.requests)
            .entry((route.to_owned(), method.to_owned(), status))
            .or_default() += 1;
        let mut latency = lock(&self.latency);
        let histogram = latency.entry(route.to_owned()).or_default();
        for (count, bound) in histogram.counts.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *count += 1;
            }
        }
        histogram.sum += seconds;
        histogram.total += 1;
    }

    /// Counts one fetched page by its HTTP status (`error` when no response came).
    pub fn page_fetched(&self, status: Option<u16>) {
        let label = status.map_or_else(|| "error".to_owned(), |s| s.to_string());
        *lock(&self.pages).entry(label).or_default() += 1;
    }

    /// Counts one extraction by outcome.
    pub fn extraction(&self, outcome: &Result<Document, ExtractError>) {
        let kind = match outcome {
            Ok(_) => "ok",
            Err(err) => err.kind().as_str(),
        };
        *lock(&self.extractions).entry(kind).or_default() += 1;
    }

    /// The Prometheus text exposition, with the gauges read now.
    pub fn render(&self, jobs: JobCounts, frontier: FrontierCounts) -> String {
        let mut out = String::new();
        family(
            &mut out,
            "riptide_http_requests_total",
            "counter",
            "HTTP requests answered, by route, method and status.",
        );
        for ((route, method, status), n) in lock(&self.requests).iter() {
            let _ = writeln!(
                out,
                "riptide_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        family(
            &mut out,
            "riptide_http_request_duration_seconds",
            "histogram",
            "Time to answer HTTP requests, by route.",
        );
        for (route, h) in lock(&self.latency).iter() {
            let route = escape(route);
            for (count, bound) in h.counts.iter().zip(BUCKETS) {
                let _ = writeln!(
                    out,
                    "riptide_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "riptide_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.total
            );
            let _ = writeln!(
                out,
                "riptide_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "riptide_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.total
            );
        }
        family(
            &mut out,
            "riptide_pages_fetched_total",
            "counter",
            "Pages fetched by scrapes and jobs, by HTTP status (error: no response).",
        );
        for (status, n) in lock(&self.pages).iter() {
            let _ = writeln!(
                out,
                "riptide_pages_fetched_total{{status=\"{status}\"}} {n}"
            );
        }
        family(
            &mut out,
            "riptide_extractions_total",
            "counter",
            "Extractions by outcome: ok or the error kind (memory_limit, out_of_fuel, timeout, stack_overflow, input_too_large and trap are sandbox limit breaches).",
        );
        let extractions = lock(&self.extractions);
        for kind in EXTRACTION_OUTCOMES {
            let n = extractions.get(kind).copied().unwrap_or(0);
            let _ = writeln!(out, "riptide_extractions_total{{outcome=\"{kind}\"}} {n}");
        }
        family(
            &mut out,
            "riptide_frontier_urls",
            "gauge",
            "URLs in the frontiers of running jobs, by state.",
        );
        let _ = writeln!(
            out,
            "riptide_frontier_urls{{state=\"pending\"}} {}",
            frontier.pending
        );
        let _ = writeln!(
            out,
            "riptide_frontier_urls{{state=\"in_flight\"}} {}",
            frontier.in_flight
        );
        family(
            &mut out,
            "riptide_jobs",
            "gauge",
            "Jobs in the registry, by state.",
        );
        for (state, n) in [
            ("running", jobs.running),
            ("completed", jobs.completed),
            ("failed", jobs.failed),
            ("cancelled", jobs.cancelled),
        ] {
            let _ = writeln!(out, "riptide_jobs{{state=\"{state}\"}} {n}");
        }
        out
    }
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A label value with `\`, `"` and newlines escaped.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// An extractor that counts the outcomes of the one it wraps.
pub struct CountingExtractor {
    /// The extractor doing the work.
    pub inner: Arc<dyn Extractor>,
    /// Where outcomes are counted.
    pub metrics: Arc<Metrics>,
}

impl Extractor for CountingExtractor {
    fn extract(&self, input: &ExtractInput<'_>) -> Result<Document, ExtractError> {
        let outcome = self.inner.extract(input);
        self.metrics.extraction(&outcome);
        outcome
    }

    fn extract_with_links(
        &self,
        input: &ExtractInput<'_>,
    ) -> (Result<Document, ExtractError>, Option<PageLinks>) {
        let (outcome, links) = self.inner.extract_with_links(input);
        self.metrics.extraction(&outcome);
        (outcome, links)
    }
}

/// Middleware: counts every request by its route pattern (not its concrete
/// path, so job ids do not explode the label set).
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.request(
        &route,
        &method,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

#[cfg(test)]
mod tests {
    use riptide_core::ExtractMode;
    use riptide_extraction::NativeExtractor;

    use super::*;

    #[test]
    fn counting_keeps_the_links_of_the_wrapped_extractor() {
        let metrics = Arc::new(Metrics::default());
        let counting = CountingExtractor {
            inner: Arc::new(NativeExtractor::default()),
            metrics: Arc::clone(&metrics),
        };
        let input = ExtractInput {
            html: r#"<p>Hello</p><a href="/next">next</a>"#,
            url: Some("http://e.com/"),
            mode: &ExtractMode::Article,
        };
        let (outcome, links) = counting.extract_with_links(&input);
        assert!(outcome.is_ok());
        let links = links.expect("the native extractor reads links");
        assert_eq!(links.links[0].as_str(), "http://e.com/next");
        let text = metrics.render(JobCounts::default(), FrontierCounts::default());
        assert!(text.contains("riptide_extractions_total{outcome=\"ok\"} 1"));
    }

    #[test]
    fn renders_every_family() {
        let metrics = Metrics::default();
        metrics.request("/v1/scrape", "POST", 200, 0.003);
        metrics.page_fetched(Some(404));
        metrics.page_fetched(None);
        metrics.extraction(&Err(ExtractError::OutOfFuel));
        let text = metrics.render(
            JobCounts {
                running: 2,
                ..JobCounts::default()
            },
            FrontierCounts {
                pending: 5,
                ..FrontierCounts::default()
            },
        );
        for line in [
            "riptide_http_requests_total{route=\"/v1/scrape\",method=\"POST\",status=\"200\"} 1",
            "riptide_http_request_duration_seconds_bucket{route=\"/v1/scrape\",le=\"0.0025\"} 0",
            "riptide_http_request_duration_seconds_bucket{route=\"/v1/scrape\",le=\"0.005\"} 1",
            "riptide_http_request_duration_seconds_count{route=\"/v1/scrape\"} 1",
            "riptide_pages_fetched_total{status=\"404\"} 1",
            "riptide_pages_fetched_total{status=\"error\"} 1",
            "riptide_extractions_total{outcome=\"out_of_fuel\"} 1",
            "riptide_extractions_total{outcome=\"memory_limit\"} 0",
            "riptide_frontier_urls{state=\"pending\"} 5",
            "riptide_jobs{state=\"running\"} 2",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "missing {line:?} in\n{text}"
            );
        }
    }
}
