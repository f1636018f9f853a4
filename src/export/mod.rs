//! Exports for researchers: tables (CSV, JSON lines) that R, pandas and
//! spreadsheets open, and REFI-QDA projects for qualitative-analysis tools.
//!
//! Rows are built from one session at a time ([`crate::index::SessionPassages`]),
//! so an export streams: memory holds one session plus the question-group
//! lookup (questions only, for the whole archive). Everything here is pure
//! (rows in, bytes out); `commands::export` does the files.

pub mod qdpx;
pub mod qdpx_format;
pub mod rows;

pub use rows::{EntityRow, GroupLookup, PassageRow, QuestionRow, Row};

use crate::index::AnalyserInfo;
use serde::Serialize;

/// Where an export came from, written beside it (`FILE.provenance.json`)
/// for CSV and JSON lines and into the project description for REFI-QDA,
/// so a finding can be traced to exactly what produced it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExportInfo {
    pub tool: String,
    pub format: String,
    /// `passage`, `question` or `entity`.
    pub rows_are: String,
    pub rows: u64,
    pub query: String,
    /// The filter flags in words.
    pub filters: String,
    pub analyser: AnalyserInfo,
    pub lexicon_hash: String,
    /// Hash of the corpus snapshot the index was built from.
    pub corpus_hash: String,
    pub index: String,
    /// RFC 3339, UTC.
    pub generated: String,
}

impl ExportInfo {
    /// `key: value` lines for a description field.
    pub fn lines(&self) -> Vec<String> {
        vec![
            format!("tool: notulen {}", self.tool),
            format!("query: {}", self.query),
            format!("filters: {}", self.filters),
            format!("analyser: {}", self.analyser.describe()),
            format!("lexicon: {}", self.lexicon_hash),
            format!("corpus: {}", self.corpus_hash),
            format!("index: {}", self.index),
            format!("generated: {}", self.generated),
        ]
    }
}

/// CSV: a header, then one RFC 4180 record per row (CRLF line ends, UTF-8).
pub fn csv_header<R: Row>(out: &mut String) {
    crate::report::render::csv::record(out, R::HEADER.iter().copied());
}

pub fn csv_row<R: Row>(row: &R, out: &mut String) {
    let cells = row.cells();
    crate::report::render::csv::record(out, cells.iter().map(String::as_str));
}

/// JSON lines: one object per row.
pub fn jsonl_row<R: Row + Serialize>(row: &R, out: &mut String) {
    if let Ok(json) = serde_json::to_string(row) {
        out.push_str(&json);
        out.push('\n');
    }
}
