//! The themes report: how often each lexicon theme comes up per session,
//! in total and over time, plus themes the sessions themselves bring up
//! (key terms by keyness).

use super::per_1000;
use crate::model::SessionRecord;
use crate::themes::{keyness, KeyTerm, SessionTerms};
use std::collections::BTreeMap;

/// Bucket size of the trend over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// "2021-Q1".
    Quarter,
    /// "2021".
    Year,
}

/// Label of the trend bucket for sessions without a (valid) date. Always
/// the last bucket.
pub const UNKNOWN_PERIOD: &str = "unknown";

impl Period {
    /// The bucket label for an ISO date (`YYYY-MM-DD`), or `None` when the
    /// date does not parse.
    pub fn label(self, date: &str) -> Option<String> {
        let year: u32 = date.get(0..4)?.parse().ok()?;
        if date.get(4..5)? != "-" {
            return None;
        }
        let month: u32 = date.get(5..7)?.parse().ok()?;
        if !(1..=12).contains(&month) {
            return None;
        }
        Some(match self {
            Period::Quarter => format!("{year:04}-Q{}", (month - 1) / 3 + 1),
            Period::Year => format!("{year:04}"),
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }
}

/// One session's row of the session × theme matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRow {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub series: String,
    pub words: u64,
    /// Raw counts, one per theme, in [`ThemeReport::themes`] order.
    pub counts: Vec<u32>,
    /// Mentions per 1,000 words, same order.
    pub per_1000: Vec<f64>,
}

/// A theme over the whole selection.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeTotal {
    pub count: u64,
    /// Per 1,000 words of the whole selection (not a mean of the sessions'
    /// rates, so long sessions weigh more — as they do for a reader).
    pub per_1000: f64,
    /// Number of sessions that mention the theme at least once.
    pub sessions: usize,
}

/// One bucket of the trend over time.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodRow {
    /// "2021-Q1", "2021" or [`UNKNOWN_PERIOD`].
    pub label: String,
    pub sessions: usize,
    pub words: u64,
    /// Raw counts per theme, in [`ThemeReport::themes`] order.
    pub counts: Vec<u64>,
    pub per_1000: Vec<f64>,
}

/// Key terms of one session.
#[derive(Debug, Clone, PartialEq)]
pub struct Discovered {
    pub session: String,
    /// Best first; may be empty.
    pub terms: Vec<KeyTerm>,
}

/// The aggregated themes report.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeReport {
    /// Theme names, in lexicon order: the columns of every table.
    pub themes: Vec<String>,
    /// In input order (the command sorts by date, then id).
    pub sessions: Vec<SessionRow>,
    /// One per theme.
    pub totals: Vec<ThemeTotal>,
    /// Words in the whole selection.
    pub words: u64,
    pub period: Period,
    /// Chronological, from the first period with sessions to the last
    /// (periods between without sessions as zero rows); [`UNKNOWN_PERIOD`]
    /// last when some sessions have no date.
    pub trend: Vec<PeriodRow>,
    /// One entry per session, in session order.
    pub discovered: Vec<Discovered>,
}

/// Aggregates the themes report.
///
/// Columns are `theme_names` (all of them, zeros included); counts stored
/// under other names (a record indexed with another lexicon) are ignored —
/// the lexicon hash in the provenance tells readers which lexicon counted.
///
/// Discovered themes are each session's `discovered_top_n` terms by
/// Dunning's G² against the rest of the selection
/// ([`crate::themes::keyness`]). The index keeps only terms that occur at
/// least twice in their session, so the reference counts (the rest of the
/// selection) miss every term's single occurrences elsewhere: they are
/// slightly underestimated, which can let a term look a little more
/// distinctive than it is. Corpus sizes (`term_words`, `term_phrases`) are
/// exact.
pub fn build(
    sessions: &[SessionRecord],
    theme_names: &[&str],
    period: Period,
    discovered_top_n: usize,
) -> ThemeReport {
    let n_themes = theme_names.len();
    let rows: Vec<SessionRow> = sessions
        .iter()
        .map(|s| {
            let counts: Vec<u32> = theme_names
                .iter()
                .map(|&t| s.themes.get(t).copied().unwrap_or(0))
                .collect();
            let per = counts
                .iter()
                .map(|&c| per_1000(u64::from(c), s.words))
                .collect();
            SessionRow {
                id: s.id.clone(),
                title: s.title.clone(),
                date: s.date.clone(),
                series: s.series.clone(),
                words: s.words,
                counts,
                per_1000: per,
            }
        })
        .collect();

    let words: u64 = rows.iter().map(|r| r.words).sum();
    let totals = (0..n_themes)
        .map(|t| {
            let count: u64 = rows.iter().map(|r| u64::from(r.counts[t])).sum();
            ThemeTotal {
                count,
                per_1000: per_1000(count, words),
                sessions: rows.iter().filter(|r| r.counts[t] > 0).count(),
            }
        })
        .collect();

    ThemeReport {
        themes: theme_names.iter().map(|t| t.to_string()).collect(),
        trend: trend(&rows, n_themes, period),
        discovered: discovered(sessions, discovered_top_n),
        sessions: rows,
        totals,
        words,
        period,
    }
}

fn trend(rows: &[SessionRow], n_themes: usize, period: Period) -> Vec<PeriodRow> {
    // `None` sorts before `Some`; it is moved to the end below.
    let mut buckets: BTreeMap<Option<String>, PeriodRow> = BTreeMap::new();
    for r in rows {
        let label = r.date.as_deref().and_then(|d| period.label(d));
        let bucket = buckets.entry(label.clone()).or_insert_with(|| PeriodRow {
            label: label.unwrap_or_else(|| UNKNOWN_PERIOD.to_string()),
            sessions: 0,
            words: 0,
            counts: vec![0; n_themes],
            per_1000: Vec::new(),
        });
        bucket.sessions += 1;
        bucket.words += r.words;
        for (sum, &c) in bucket.counts.iter_mut().zip(&r.counts) {
            *sum += u64::from(c);
        }
    }
    let unknown = buckets.remove(&None);
    let dated: Vec<PeriodRow> = buckets.into_values().collect();
    with_empty_periods(dated, n_themes, period)
        .into_iter()
        .chain(unknown)
        .map(|mut b| {
            b.per_1000 = b.counts.iter().map(|&c| per_1000(c, b.words)).collect();
            b
        })
        .collect()
}

/// Periods without sessions between the first and the last, as zero rows:
/// a trend that skips them would hide the gap. Not filled when the span is
/// implausibly long (a mistyped year), which would swamp the table.
fn with_empty_periods(dated: Vec<PeriodRow>, n_themes: usize, period: Period) -> Vec<PeriodRow> {
    const MAX_PERIODS: usize = 400;
    let mut filled: Vec<PeriodRow> = Vec::with_capacity(dated.len());
    for row in dated {
        if let Some(last) = filled.last() {
            let mut next = following(period, &last.label);
            let mut gap = Vec::new();
            while let Some(label) = next.filter(|l| *l < row.label) {
                if filled.len() + gap.len() >= MAX_PERIODS {
                    gap.clear();
                    break;
                }
                next = following(period, &label);
                gap.push(PeriodRow {
                    label,
                    sessions: 0,
                    words: 0,
                    counts: vec![0; n_themes],
                    per_1000: Vec::new(),
                });
            }
            filled.append(&mut gap);
        }
        filled.push(row);
    }
    filled
}

/// The label after `label` ("2021-Q4" → "2022-Q1", "2021" → "2022").
fn following(period: Period, label: &str) -> Option<String> {
    let year: u32 = label.get(0..4)?.parse().ok()?;
    match period {
        Period::Year => Some(format!("{:04}", year + 1)),
        Period::Quarter => {
            let quarter: u32 = label.get(6..7)?.parse().ok()?;
            Some(if quarter >= 4 {
                format!("{:04}-Q1", year + 1)
            } else {
                format!("{year:04}-Q{}", quarter + 1)
            })
        }
    }
}

fn discovered(sessions: &[SessionRecord], top_n: usize) -> Vec<Discovered> {
    let terms: Vec<SessionTerms> = sessions
        .iter()
        .map(|s| SessionTerms {
            counts: s.terms.iter().map(|t| (t.term.clone(), t.count)).collect(),
            display: s
                .terms
                .iter()
                .map(|t| (t.term.clone(), t.display.clone()))
                .collect(),
            words: s.term_words,
            phrases: s.term_phrases,
        })
        .collect();
    sessions
        .iter()
        .zip(keyness(&terms, top_n))
        .map(|(s, terms)| Discovered {
            session: s.id.clone(),
            terms,
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::TermCount;

    pub(crate) fn session(
        id: &str,
        date: Option<&str>,
        words: u64,
        themes: &[(&str, u32)],
    ) -> SessionRecord {
        SessionRecord {
            id: id.to_string(),
            title: format!("Sessie {id}"),
            date: date.map(str::to_string),
            series: "cop".to_string(),
            path: format!("{id}.md"),
            words,
            passages: 3,
            themes: themes.iter().map(|&(t, n)| (t.to_string(), n)).collect(),
            questions: Vec::new(),
            terms: Vec::new(),
            term_words: 0,
            term_phrases: 0,
            entities: Vec::new(),
            commitments: Vec::new(),
        }
    }

    const THEMES: [&str; 3] = ["borging", "data", "geld"];

    #[test]
    fn matrix_counts_and_rates() {
        let sessions = [
            session(
                "a",
                Some("2021-03-09"),
                2000,
                &[("borging", 4), ("data", 1)],
            ),
            session("b", Some("2021-04-01"), 500, &[("geld", 5), ("elders", 9)]),
            session("c", None, 0, &[]),
        ];
        let r = build(&sessions, &THEMES, Period::Quarter, 5);
        assert_eq!(r.themes, THEMES);
        assert_eq!(r.sessions[0].counts, [4, 1, 0]);
        assert_eq!(r.sessions[0].per_1000, [2.0, 0.5, 0.0]);
        // A theme outside the lexicon is ignored.
        assert_eq!(r.sessions[1].counts, [0, 0, 5]);
        assert_eq!(r.sessions[1].per_1000, [0.0, 0.0, 10.0]);
        // No words: rate 0, not NaN.
        assert_eq!(r.sessions[2].per_1000, [0.0, 0.0, 0.0]);
        assert_eq!(r.words, 2500);
        let totals: Vec<(u64, f64, usize)> = r
            .totals
            .iter()
            .map(|t| (t.count, t.per_1000, t.sessions))
            .collect();
        assert_eq!(totals, [(4, 1.6, 1), (1, 0.4, 1), (5, 2.0, 1)]);
    }

    #[test]
    fn trend_buckets_by_quarter_and_year_with_unknown_last() {
        let sessions = [
            session("u", None, 100, &[("data", 1)]),
            session("a", Some("2021-03-31"), 1000, &[("borging", 2)]),
            session("b", Some("2021-01-05"), 1000, &[("borging", 1)]),
            session("c", Some("2021-04-01"), 500, &[("data", 1)]),
            session("d", Some("2020-12-01"), 1000, &[]),
            session("x", Some("9 maart"), 100, &[("geld", 1)]),
        ];
        let q = build(&sessions, &THEMES, Period::Quarter, 5);
        let labels: Vec<&str> = q.trend.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["2020-Q4", "2021-Q1", "2021-Q2", "unknown"]);
        let q1 = &q.trend[1];
        assert_eq!((q1.sessions, q1.words), (2, 2000));
        assert_eq!(q1.counts, [3, 0, 0]);
        assert_eq!(q1.per_1000, [1.5, 0.0, 0.0]);
        // Missing and unparsable dates share the unknown bucket.
        let unknown = &q.trend[3];
        assert_eq!((unknown.sessions, unknown.words), (2, 200));
        assert_eq!(unknown.counts, [0, 1, 1]);

        // A quarter without sessions is a zero row, not a missing one.
        let gap = [
            session("a", Some("2021-02-01"), 100, &[]),
            session("b", Some("2021-11-01"), 100, &[("data", 1)]),
            session("c", Some("2022-02-01"), 100, &[]),
        ];
        let g = build(&gap, &THEMES, Period::Quarter, 5);
        let rows: Vec<(&str, usize)> = g
            .trend
            .iter()
            .map(|p| (p.label.as_str(), p.sessions))
            .collect();
        assert_eq!(
            rows,
            [
                ("2021-Q1", 1),
                ("2021-Q2", 0),
                ("2021-Q3", 0),
                ("2021-Q4", 1),
                ("2022-Q1", 1)
            ]
        );
        assert_eq!(g.trend[1].per_1000, [0.0, 0.0, 0.0]);
        assert_eq!(following(Period::Year, "2021").as_deref(), Some("2022"));

        let y = build(&sessions, &THEMES, Period::Year, 5);
        let labels: Vec<(&str, usize)> = y
            .trend
            .iter()
            .map(|p| (p.label.as_str(), p.sessions))
            .collect();
        assert_eq!(labels, [("2020", 1), ("2021", 3), ("unknown", 2)]);
    }

    #[test]
    fn period_labels() {
        for (date, quarter, year) in [
            ("2021-01-01", Some("2021-Q1"), Some("2021")),
            ("2021-06-30", Some("2021-Q2"), Some("2021")),
            ("2021-07-01", Some("2021-Q3"), Some("2021")),
            ("2021-12-31", Some("2021-Q4"), Some("2021")),
            ("2021-13-01", None, None),
            ("2021", None, None),
            ("", None, None),
        ] {
            assert_eq!(Period::Quarter.label(date).as_deref(), quarter, "{date}");
            assert_eq!(Period::Year.label(date).as_deref(), year, "{date}");
        }
    }

    #[test]
    fn discovered_terms_come_from_stored_counts() {
        let term = |t: &str, n| TermCount {
            term: t.to_string(),
            display: t.to_uppercase(),
            count: n,
        };
        let mut a = session("a", None, 100, &[]);
        a.terms = vec![term("warmtenet", 6), term("gemeent", 3)];
        a.term_words = 100;
        let mut b = session("b", None, 100, &[]);
        b.terms = vec![term("gemeent", 4), term("dat", 5)];
        b.term_words = 100;
        let r = build(&[a, b], &THEMES, Period::Year, 1);
        assert_eq!(r.discovered.len(), 2);
        assert_eq!(r.discovered[0].session, "a");
        let top: Vec<(&str, &str, u32)> = r.discovered[0]
            .terms
            .iter()
            .map(|k| (k.term.as_str(), k.display.as_str(), k.count))
            .collect();
        assert_eq!(top, [("warmtenet", "WARMTENET", 6)]);
        assert!(r.discovered[0].terms[0].g2 > 0.0);
        assert_eq!(r.discovered[1].terms[0].term, "dat");
    }
}
