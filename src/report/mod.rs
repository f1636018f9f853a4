//! Reports over the indexed sessions: what the minutes talk about
//! ([`themes`]) and which questions keep coming back ([`questions`]).
//!
//! Two layers, both pure. `themes::build` and `questions::build` aggregate
//! [`SessionRecord`](crate::model::SessionRecord)s into report values;
//! [`render`] turns a report plus its [`Provenance`] into a `String` in one
//! of the [`Format`]s. Nothing here reads the index, prints or writes files:
//! the `report` command does that, so every format tests with plain values.
//!
//! Every output names where it came from (tool, analyser, lexicon, corpus,
//! index, time), so a figure in a memo can be traced back. CSV stays pure
//! RFC 4180 (header + rows); its provenance is [`Provenance::lines`], which
//! the command prints to stderr.

pub mod by_group;
pub mod commitments;
pub mod kwic;
pub mod questions;
pub mod render;
pub mod themes;

pub use questions::QuestionReport;
pub use render::{render_questions, render_themes};
pub use themes::{Period, ThemeReport};

use crate::index::AnalyserInfo;
use std::fmt;
use std::str::FromStr;

/// Output formats of `notulen report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned plain-text tables for the terminal.
    Table,
    /// One RFC 4180 table, UTF-8, long ("tidy") format.
    Csv,
    /// One pretty-printed JSON document (shape documented in [`render::json`]).
    Json,
    /// One self-contained HTML page with inline SVG charts, no scripts.
    Html,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "table" => Ok(Format::Table),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            "html" => Ok(Format::Html),
            other => Err(format!(
                "unknown format {other:?} (expected table, csv, json or html)"
            )),
        }
    }
}

/// Where a report came from; recorded in every output.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    /// `CARGO_PKG_VERSION` of the notulen that wrote the report.
    pub tool_version: String,
    /// The analyser the index was built with (from `notulen.json`).
    pub analyser: AnalyserInfo,
    /// [`Lexicon::hash`](crate::themes::Lexicon::hash) of the lexicon used.
    pub lexicon_hash: String,
    /// The index's corpus hash (from `notulen.json`).
    pub corpus_hash: String,
    /// The index directory, as given.
    pub index_path: String,
    /// ISO 8601 date-time the report was generated; passed in (not read
    /// from the clock here) so that outputs are reproducible in tests.
    pub generated: String,
    /// The `--from` filter, if any (ISO date).
    pub from: Option<String>,
    /// The `--to` filter, if any (ISO date).
    pub to: Option<String>,
}

impl Provenance {
    /// `key: value` lines, for the CSV command to print to stderr (and used
    /// by the table footer).
    pub fn lines(&self) -> Vec<String> {
        vec![
            format!("tool: notulen {}", self.tool_version),
            format!("analyser: {}", self.analyser.describe()),
            format!("lexicon: {}", self.lexicon_hash),
            format!("corpus: {}", self.corpus_hash),
            format!("index: {}", self.index_path),
            format!("selection: {}", self.selection()),
            format!("generated: {}", self.generated),
        ]
    }

    /// The date filter in words: "all dates", "from 2021-01-01", …
    pub fn selection(&self) -> String {
        match (&self.from, &self.to) {
            (None, None) => "all dates".to_string(),
            (Some(f), None) => format!("from {f}"),
            (None, Some(t)) => format!("up to {t}"),
            (Some(f), Some(t)) => format!("from {f} to {t}"),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Html => "html",
        })
    }
}

/// Mentions per 1,000 words; 0 for a session (or period) without words,
/// where the rate is undefined but "no mentions" is what a reader expects.
pub(crate) fn per_1000(count: u64, words: u64) -> f64 {
    if words == 0 {
        0.0
    } else {
        count as f64 * 1000.0 / words as f64
    }
}
