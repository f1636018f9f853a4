//! JSON: one pretty-printed document per report. The shape is part of
//! the interface; add keys, never rename or remove them.
//!
//! Themes:
//!
//! ```text
//! {
//!   "provenance": { "tool_version", "analyser": {"stemmer", "stopwords", "tokenizer"},
//!                   "lexicon_hash", "corpus_hash", "index_path", "generated",
//!                   "from", "to" },          // from/to: ISO date or null
//!   "period": "quarter" | "year",
//!   "themes": [name, …],                     // lexicon order
//!   "words": n,                              // words in the selection
//!   "sessions": [{ "session", "title", "date" (null when unknown), "series",
//!                  "words", "counts": {theme: n}, "per_1000": {theme: x} }],
//!   "totals": { "words", "counts": {theme: n}, "per_1000": {theme: x},
//!               "sessions": {theme: number of sessions mentioning it} },
//!   "trend": [{ "period", "sessions", "words", "counts": {…}, "per_1000": {…} }],
//!   "discovered": [{ "session", "terms": [{ "term", "display", "count", "g2" }] }]
//! }
//! ```
//!
//! Questions:
//!
//! ```text
//! {
//!   "provenance": { … as above … },
//!   "sessions": n,                           // sessions in the selection
//!   "groups": [{ "id", "label", "sessions": [id], "dates": [date],
//!                "askers": [name], "questions": [index] }],
//!   "questions": [{ "session", "date", "title", "passage", "text",
//!                   "kind": "direct" | "indirect", "asker", "addressee",
//!                   "group", "answer" }]
//! }
//! ```
//!
//! `groups` holds only questions that recur in two or more sessions, most
//! sessions first; a group's `questions` are indices into the top-level
//! `questions` array (texts can repeat, indices cannot). A question's
//! `group` is such a group's id, or null. `answer` is null for an open
//! question, else `{ "text", "speaker" (or null), "passage", "commitment" }`.
//!
//! Theme-keyed objects list their keys alphabetically (use `themes` for
//! lexicon order). Rates are rounded to 3 decimals, G² to 2.

use crate::model::{AnswerRecord, QuestionKindRecord};
use crate::report::{Provenance, QuestionReport, ThemeReport};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub(crate) struct ProvenanceJson<'a> {
    tool_version: &'a str,
    analyser: AnalyserJson<'a>,
    lexicon_hash: &'a str,
    corpus_hash: &'a str,
    index_path: &'a str,
    generated: &'a str,
    from: Option<&'a str>,
    to: Option<&'a str>,
}

#[derive(Serialize)]
struct AnalyserJson<'a> {
    stemmer: &'a str,
    stopwords: &'a str,
    tokenizer: &'a str,
    model: &'a str,
}

impl<'a> From<&'a Provenance> for ProvenanceJson<'a> {
    fn from(p: &'a Provenance) -> Self {
        ProvenanceJson {
            tool_version: &p.tool_version,
            analyser: AnalyserJson {
                stemmer: &p.analyser.stemmer,
                stopwords: &p.analyser.stopwords,
                tokenizer: &p.analyser.tokenizer,
                model: &p.analyser.model,
            },
            lexicon_hash: &p.lexicon_hash,
            corpus_hash: &p.corpus_hash,
            index_path: &p.index_path,
            generated: &p.generated,
            from: p.from.as_deref(),
            to: p.to.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct ThemesJson<'a> {
    provenance: ProvenanceJson<'a>,
    period: &'static str,
    themes: &'a [String],
    words: u64,
    sessions: Vec<SessionJson<'a>>,
    totals: TotalsJson<'a>,
    trend: Vec<TrendJson<'a>>,
    discovered: Vec<DiscoveredJson<'a>>,
}

#[derive(Serialize)]
struct SessionJson<'a> {
    session: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    series: &'a str,
    words: u64,
    counts: BTreeMap<&'a str, u64>,
    per_1000: BTreeMap<&'a str, f64>,
}

#[derive(Serialize)]
struct TotalsJson<'a> {
    words: u64,
    counts: BTreeMap<&'a str, u64>,
    per_1000: BTreeMap<&'a str, f64>,
    sessions: BTreeMap<&'a str, usize>,
}

#[derive(Serialize)]
struct TrendJson<'a> {
    period: &'a str,
    sessions: usize,
    words: u64,
    counts: BTreeMap<&'a str, u64>,
    per_1000: BTreeMap<&'a str, f64>,
}

#[derive(Serialize)]
struct DiscoveredJson<'a> {
    session: &'a str,
    terms: Vec<TermJson<'a>>,
}

#[derive(Serialize)]
struct TermJson<'a> {
    term: &'a str,
    display: &'a str,
    count: u32,
    g2: f64,
}

fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

fn by_theme<'a, T: Copy, U>(
    themes: &'a [String],
    values: &[T],
    f: impl Fn(T) -> U,
) -> BTreeMap<&'a str, U> {
    themes
        .iter()
        .zip(values)
        .map(|(t, &v)| (t.as_str(), f(v)))
        .collect()
}

/// The themes report as JSON (shape in the module docs).
pub fn themes(report: &ThemeReport, provenance: &Provenance) -> String {
    let names = &report.themes;
    let rate = |x: f64| round(x, 3);
    let doc = ThemesJson {
        provenance: provenance.into(),
        period: report.period.as_str(),
        themes: names,
        words: report.words,
        sessions: report
            .sessions
            .iter()
            .map(|s| SessionJson {
                session: &s.id,
                title: &s.title,
                date: s.date.as_deref(),
                series: &s.series,
                words: s.words,
                counts: by_theme(names, &s.counts, u64::from),
                per_1000: by_theme(names, &s.per_1000, rate),
            })
            .collect(),
        totals: TotalsJson {
            words: report.words,
            counts: names
                .iter()
                .zip(&report.totals)
                .map(|(n, t)| (n.as_str(), t.count))
                .collect(),
            per_1000: names
                .iter()
                .zip(&report.totals)
                .map(|(n, t)| (n.as_str(), rate(t.per_1000)))
                .collect(),
            sessions: names
                .iter()
                .zip(&report.totals)
                .map(|(n, t)| (n.as_str(), t.sessions))
                .collect(),
        },
        trend: report
            .trend
            .iter()
            .map(|p| TrendJson {
                period: &p.label,
                sessions: p.sessions,
                words: p.words,
                counts: by_theme(names, &p.counts, |c| c),
                per_1000: by_theme(names, &p.per_1000, rate),
            })
            .collect(),
        discovered: report
            .discovered
            .iter()
            .map(|d| DiscoveredJson {
                session: &d.session,
                terms: d
                    .terms
                    .iter()
                    .map(|k| TermJson {
                        term: &k.term,
                        display: &k.display,
                        count: k.count,
                        g2: round(k.g2, 2),
                    })
                    .collect(),
            })
            .collect(),
    };
    to_string(&doc)
}

#[derive(Serialize)]
struct QuestionsJson<'a> {
    provenance: ProvenanceJson<'a>,
    sessions: usize,
    groups: Vec<GroupJson<'a>>,
    questions: Vec<QuestionJson<'a>>,
}

#[derive(Serialize)]
struct GroupJson<'a> {
    id: u32,
    label: &'a str,
    sessions: &'a [String],
    dates: &'a [String],
    askers: &'a [String],
    questions: &'a [usize],
}

#[derive(Serialize)]
struct QuestionJson<'a> {
    session: &'a str,
    date: Option<&'a str>,
    title: &'a str,
    passage: u32,
    text: &'a str,
    kind: QuestionKindRecord,
    asker: Option<&'a str>,
    addressee: Option<&'a str>,
    group: Option<u32>,
    answer: Option<&'a AnswerRecord>,
}

/// The questions report as JSON (shape in the module docs).
pub fn questions(report: &QuestionReport, provenance: &Provenance) -> String {
    let doc = QuestionsJson {
        provenance: provenance.into(),
        sessions: report.sessions,
        groups: report
            .groups
            .iter()
            .map(|g| GroupJson {
                id: g.id,
                label: &g.label,
                sessions: &g.sessions,
                dates: &g.dates,
                askers: &g.askers,
                questions: &g.questions,
            })
            .collect(),
        questions: report
            .questions
            .iter()
            .map(|q| QuestionJson {
                session: &q.session,
                date: q.date.as_deref(),
                title: &q.title,
                passage: q.passage,
                text: &q.text,
                kind: q.kind,
                asker: q.asker.as_deref(),
                addressee: q.addressee.as_deref(),
                group: q.group,
                answer: q.answer.as_ref(),
            })
            .collect(),
    };
    to_string(&doc)
}

fn to_string(doc: &impl Serialize) -> String {
    let mut s = serde_json::to_string_pretty(doc).expect("report values serialise");
    s.push('\n');
    s
}
