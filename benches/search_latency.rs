//! Search latency (median and 99th percentile) and export throughput on an
//! existing index, in process (no process start-up in the numbers).
//!
//!   NOTULEN_BENCH_INDEX=/path/to/index cargo bench --bench search_latency
//!
//! `benches/search.sh` builds a 10,000-session archive and runs this. Without
//! the variable it says so and exits (it is not meant for `cargo test`).

use notulen::export::{self, GroupLookup};
use notulen::index::{Filters, IndexView, Matching, SearchRequest, SortOrder, Store};
use std::time::{Duration, Instant};

const RUNS: usize = 200;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let Ok(path) = std::env::var("NOTULEN_BENCH_INDEX") else {
        eprintln!("set NOTULEN_BENCH_INDEX to an index folder (see benches/search.sh)");
        return;
    };
    let view = IndexView::open(&Store::new(path)).expect("index opens");
    println!(
        "index: {} sessions, {} passages, {} words",
        view.info.sessions, view.info.passages, view.info.words
    );
    let date = |s: &str| notulen::text::dates::parse_iso_date(s);
    let scenarios: Vec<(&str, SearchRequest)> = vec![
        ("word", SearchRequest::new("borging")),
        ("rare word", SearchRequest::new("olifant")),
        ("two words", SearchRequest::new("data gemeente")),
        ("phrase", SearchRequest::new("\"looptijd van de deal\"")),
        ("proximity", SearchRequest::new("\"looptijd deal\"~5")),
        ("compound tail", SearchRequest::new("bouwopgave")),
        (
            "word + filters",
            SearchRequest {
                filters: Filters {
                    from: date("2020-01-01"),
                    to: date("2021-12-31"),
                    theme: vec!["financiering".into()],
                    ..Filters::default()
                },
                ..SearchRequest::new("deal")
            },
        ),
        (
            "word + person filter",
            SearchRequest {
                filters: Filters {
                    person: vec!["Sanne de Groot".into()],
                    ..Filters::default()
                },
                ..SearchRequest::new("deal")
            },
        ),
        (
            "word + facets",
            SearchRequest {
                facets: true,
                ..SearchRequest::new("deal")
            },
        ),
        (
            "filters + facets",
            SearchRequest {
                facets: true,
                filters: Filters {
                    from: date("2020-01-01"),
                    to: date("2021-12-31"),
                    ..Filters::default()
                },
                ..SearchRequest::new("deal")
            },
        ),
        (
            "word, newest first",
            SearchRequest {
                sort: SortOrder::Newest,
                ..SearchRequest::new("deal")
            },
        ),
    ];
    println!(
        "{:<22} {:>9} {:>10} {:>10}",
        "query", "matches", "median ms", "p99 ms"
    );
    for (name, request) in &scenarios {
        let mut times = Vec::with_capacity(RUNS);
        let mut total = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            let r = view.search(request).expect("search");
            times.push(start.elapsed());
            total = r.total;
        }
        times.sort();
        println!(
            "{:<22} {:>9} {:>10.2} {:>10.2}",
            name,
            total,
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99))
        );
    }

    // Export throughput: every passage as a CSV row into a sink.
    let prepared = view
        .prepare("*", Matching::Stemmed, &Filters::default())
        .expect("query");
    let groups = GroupLookup::default();
    let start = Instant::now();
    let (mut rows, mut bytes) = (0u64, 0u64);
    let mut buf = String::new();
    view.walk(&prepared, |session| {
        for row in export::rows::passage_rows(&session, &groups, false) {
            export::csv_row(&row, &mut buf);
            rows += 1;
        }
        bytes += buf.len() as u64;
        buf.clear();
        Ok(true)
    })
    .expect("walk");
    let secs = start.elapsed().as_secs_f64();
    println!(
        "export csv (all passages): {rows} rows, {:.1} MB in {secs:.2} s = {:.0} rows/s, {:.1} MB/s",
        bytes as f64 / 1e6,
        rows as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
}
