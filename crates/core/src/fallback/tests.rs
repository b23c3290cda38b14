//! The breaker's transitions, driven by scripted extractors. (The sandbox's
//! own tests run the same combinator around the real component.)

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use super::*;
use crate::ExtractMode;

/// An extractor that answers from a script (then repeats its last answer)
/// and counts its calls.
struct Scripted {
    answers: Mutex<VecDeque<Result<Document, ExtractError>>>,
    calls: AtomicU64,
}

impl Scripted {
    fn new(answers: impl IntoIterator<Item = Result<Document, ExtractError>>) -> Self {
        Self {
            answers: Mutex::new(answers.into_iter().collect()),
            calls: AtomicU64::new(0),
        }
    }

    fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }
}

impl Extractor for Scripted {
    fn extract(&self, _: &ExtractInput<'_>) -> Result<Document, ExtractError> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        let mut answers = self.answers.lock().unwrap();
        if answers.len() > 1 {
            answers.pop_front()
        } else {
            answers.front().cloned()
        }
        .unwrap()
    }
}

fn titled(title: &str) -> Result<Document, ExtractError> {
    Ok(Document {
        title: Some(title.into()),
        ..Document::default()
    })
}

fn down() -> Result<Document, ExtractError> {
    Err(ExtractError::Unavailable("pool exhausted".into()))
}

fn page() -> ExtractInput<'static> {
    ExtractInput {
        html: "<p>x</p>",
        url: None,
        mode: &ExtractMode::Article,
    }
}

fn config(min_calls: u32, cool_down: Duration) -> BreakerConfig {
    BreakerConfig {
        window: Duration::from_secs(3600),
        min_calls,
        failure_rate: 0.5,
        cool_down,
    }
}

const LONG: Duration = Duration::from_secs(3600);

#[test]
fn unavailable_primary_is_served_by_the_fallback() {
    let extractor = Fallback::new(
        Scripted::new([down()]),
        Scripted::new([titled("native")]),
        config(10, LONG),
    );
    let doc = extractor.extract(&page()).unwrap();
    assert_eq!(doc.title.as_deref(), Some("native"));
    let counters = extractor.counters();
    assert_eq!(
        (
            counters.primary_calls,
            counters.primary_unavailable,
            counters.fallback_calls
        ),
        (1, 1, 1)
    );
    assert_eq!(extractor.state(), BreakerState::Closed);
}

#[test]
fn document_faults_are_final_and_never_reach_the_fallback() {
    for fault in [
        ExtractError::OutOfFuel,
        ExtractError::Timeout,
        ExtractError::MemoryLimit,
        ExtractError::StackOverflow,
        ExtractError::Trap("unreachable".into()),
        ExtractError::InputTooLarge { size: 10, limit: 5 },
    ] {
        let extractor = Fallback::new(
            Scripted::new([Err(fault.clone())]),
            Scripted::new([titled("native")]),
            config(1, LONG),
        );
        assert_eq!(extractor.extract(&page()), Err(fault));
        assert_eq!(extractor.fallback().calls(), 0);
        assert_eq!(
            extractor.state(),
            BreakerState::Closed,
            "document faults do not count against the primary"
        );
    }
}

#[test]
fn opens_over_the_failure_rate_and_then_skips_the_primary() {
    let primary = Scripted::new([titled("sandbox"), down(), down(), down()]);
    let extractor = Fallback::new(primary, Scripted::new([titled("native")]), config(4, LONG));
    for _ in 0..3 {
        extractor.extract(&page()).unwrap();
        assert_eq!(
            extractor.state(),
            BreakerState::Closed,
            "below min_calls it stays closed"
        );
    }
    extractor.extract(&page()).unwrap();
    assert_eq!(
        extractor.state(),
        BreakerState::Open,
        "3 of 4 calls unavailable"
    );
    extractor.extract(&page()).unwrap();
    extractor.extract(&page()).unwrap();
    assert_eq!(
        extractor.primary().calls(),
        4,
        "an open breaker does not call the primary"
    );
    let counters = extractor.counters();
    assert_eq!((counters.opened, counters.fallback_calls), (1, 5));
}

#[test]
fn stays_closed_below_the_failure_rate() {
    let primary = Scripted::new([titled("a"), titled("b"), down(), titled("c")]);
    let extractor = Fallback::new(primary, Scripted::new([titled("native")]), config(4, LONG));
    for _ in 0..4 {
        extractor.extract(&page()).unwrap();
    }
    assert_eq!(
        extractor.state(),
        BreakerState::Closed,
        "1 of 4 is under 50%"
    );
}

#[test]
fn half_opens_after_the_cool_down_and_closes_on_success() {
    let primary = Scripted::new([down(), titled("sandbox")]);
    let extractor = Fallback::new(
        primary,
        Scripted::new([titled("native")]),
        config(1, Duration::ZERO),
    );
    assert_eq!(
        extractor.extract(&page()).unwrap().title.as_deref(),
        Some("native")
    );
    assert_eq!(extractor.state(), BreakerState::Open);
    // The cool-down (zero) has passed: this call is the probe, and it succeeds.
    assert_eq!(
        extractor.extract(&page()).unwrap().title.as_deref(),
        Some("sandbox")
    );
    assert_eq!(extractor.state(), BreakerState::Closed);
    let counters = extractor.counters();
    assert_eq!(
        (counters.opened, counters.half_opened, counters.closed),
        (1, 1, 1)
    );
}

#[test]
fn a_failed_probe_reopens() {
    let primary = Scripted::new([down()]);
    let extractor = Fallback::new(
        primary,
        Scripted::new([titled("native")]),
        config(1, Duration::ZERO),
    );
    extractor.extract(&page()).unwrap();
    extractor.extract(&page()).unwrap();
    assert_eq!(extractor.state(), BreakerState::Open);
    let counters = extractor.counters();
    assert_eq!(
        (counters.opened, counters.half_opened, counters.closed),
        (2, 1, 0)
    );
    assert_eq!(extractor.primary().calls(), 2);
}

#[test]
fn while_open_within_the_cool_down_pages_go_to_the_fallback() {
    let primary = Scripted::new([down(), titled("sandbox")]);
    let extractor = Fallback::new(primary, Scripted::new([titled("native")]), config(1, LONG));
    extractor.extract(&page()).unwrap();
    for _ in 0..3 {
        assert_eq!(
            extractor.extract(&page()).unwrap().title.as_deref(),
            Some("native")
        );
    }
    assert_eq!(extractor.state(), BreakerState::Open);
    assert_eq!(extractor.counters().half_opened, 0);
}

/// Log records captured per test thread: tests run in parallel threads, and
/// the logger is global, so each test reads back only its own thread's lines.
mod captured {
    use std::sync::{Mutex, Once};
    use std::thread::{self, ThreadId};

    static LINES: Mutex<Vec<(ThreadId, log::Level, String)>> = Mutex::new(Vec::new());

    struct Capture;

    impl log::Log for Capture {
        fn enabled(&self, _: &log::Metadata<'_>) -> bool {
            true
        }

        fn log(&self, record: &log::Record<'_>) {
            let line = (
                thread::current().id(),
                record.level(),
                record.args().to_string(),
            );
            LINES.lock().unwrap().push(line);
        }

        fn flush(&self) {}
    }

    pub fn install() {
        static INSTALL: Once = Once::new();
        INSTALL.call_once(|| {
            log::set_logger(&Capture).expect("no other logger in core's tests");
            log::set_max_level(log::LevelFilter::Trace);
        });
    }

    /// This thread's lines at `level` or more severe.
    pub fn lines(level: log::Level) -> Vec<String> {
        let me = thread::current().id();
        LINES
            .lock()
            .unwrap()
            .iter()
            .filter(|(thread, at, _)| *thread == me && *at <= level)
            .map(|(_, _, line)| line.clone())
            .collect()
    }
}

#[test]
fn every_state_change_is_logged() {
    captured::install();
    let extractor = Fallback::new(
        Scripted::new([down(), down(), titled("sandbox")]),
        Scripted::new([titled("native")]),
        config(1, Duration::ZERO),
    );
    for _ in 0..3 {
        extractor.extract(&page()).unwrap();
    }
    let lines = captured::lines(log::Level::Info);
    let starts: Vec<&str> = lines
        .iter()
        .map(|line| line.split(':').next().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "extraction circuit breaker opened",
            "extraction circuit breaker half-open",
            "extraction circuit breaker reopened",
            "extraction circuit breaker half-open",
            "extraction circuit breaker closed",
        ],
        "{lines:#?}"
    );
    assert_eq!(captured::lines(log::Level::Warn).len(), 2, "opening warns");
}
