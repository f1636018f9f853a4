//! The commitments report: every promise (toezegging) in the selected
//! sessions, with session, date, agenda item, who made it and the deadline.
//! Aggregation and the four renderers are small, so they live together.

use super::render::csv::record;
use super::render::html::{esc, page};
use super::render::json::ProvenanceJson;
use super::Provenance;
use crate::model::SessionRecord;
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitmentRow {
    pub session: String,
    pub date: Option<String>,
    pub passage: u32,
    pub item: Option<String>,
    pub by: Option<String>,
    pub text: String,
    pub deadline: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentReport {
    pub sessions: usize,
    pub commitments: Vec<CommitmentRow>,
}

/// All commitments in session order (sessions arrive sorted by date).
pub fn build(sessions: &[SessionRecord]) -> CommitmentReport {
    let commitments = sessions
        .iter()
        .flat_map(|s| {
            s.commitments.iter().map(move |c| CommitmentRow {
                session: s.id.clone(),
                date: s.date.clone(),
                passage: c.passage,
                item: c.item.clone(),
                by: c.by.clone(),
                text: c.text.clone(),
                deadline: c.deadline.clone(),
            })
        })
        .collect();
    CommitmentReport {
        sessions: sessions.len(),
        commitments,
    }
}

/// `{"provenance", "commitments": [{"session", "date", "item", "by", "text", "deadline", "passage"}]}`.
pub fn json(report: &CommitmentReport, provenance: &Provenance) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        provenance: ProvenanceJson<'a>,
        sessions: usize,
        commitments: &'a [CommitmentRow],
    }
    let doc = Doc {
        provenance: provenance.into(),
        sessions: report.sessions,
        commitments: &report.commitments,
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("serialisable");
    s.push('\n');
    s
}

const COLUMNS: [&str; 7] = [
    "session",
    "date",
    "passage",
    "item",
    "by",
    "commitment",
    "deadline",
];

fn cells(c: &CommitmentRow) -> [String; 7] {
    [
        c.session.clone(),
        c.date.clone().unwrap_or_default(),
        c.passage.to_string(),
        c.item.clone().unwrap_or_default(),
        c.by.clone().unwrap_or_default(),
        c.text.clone(),
        c.deadline.clone().unwrap_or_default(),
    ]
}

/// RFC 4180: a header, CRLF line ends, fields quoted when needed.
pub fn csv(report: &CommitmentReport) -> String {
    let mut out = String::new();
    record(&mut out, COLUMNS);
    for c in &report.commitments {
        let cells = cells(c);
        record(&mut out, cells.iter().map(String::as_str));
    }
    out
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn table(report: &CommitmentReport, provenance: &Provenance) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Commitments — {}, {}\n",
        plural(report.sessions, "session", "sessions"),
        plural(report.commitments.len(), "commitment", "commitments")
    );
    let _ = writeln!(
        out,
        "{:<10}  {:<30}  {:<18}  {:<24}  {:<50}  deadline",
        "date", "item", "by", "session", "commitment"
    );
    for c in &report.commitments {
        let _ = writeln!(
            out,
            "{:<10}  {:<30}  {:<18}  {:<24}  {:<50}  {}",
            c.date.as_deref().unwrap_or("-"),
            cut(c.item.as_deref().unwrap_or("-"), 30),
            cut(c.by.as_deref().unwrap_or("-"), 18),
            cut(&c.session, 24),
            cut(&c.text, 50),
            c.deadline.as_deref().unwrap_or("-")
        );
    }
    let _ = writeln!(out, "\n-- ");
    for line in provenance.lines() {
        let _ = writeln!(out, "{line}");
    }
    out
}

pub fn html(report: &CommitmentReport, provenance: &Provenance) -> String {
    let mut body = String::from(
        "<h2>Commitments</h2><table><thead><tr><th>Date</th><th>Session</th><th>Item</th>\
         <th>By</th><th>Commitment</th><th>Deadline</th></tr></thead><tbody>",
    );
    for c in &report.commitments {
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(c.date.as_deref().unwrap_or("")),
            esc(&c.session),
            esc(c.item.as_deref().unwrap_or("")),
            esc(c.by.as_deref().unwrap_or("")),
            esc(&c.text),
            esc(c.deadline.as_deref().unwrap_or("open-ended")),
        );
    }
    body.push_str("</tbody></table>");
    let sub = format!(
        "{} · {} · selection: {}",
        plural(report.sessions, "session", "sessions"),
        plural(report.commitments.len(), "commitment", "commitments"),
        provenance.selection()
    );
    page(
        "Commitments",
        "Commitments in the minutes",
        &sub,
        &body,
        provenance,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CommitmentRecord;

    fn provenance() -> Provenance {
        Provenance {
            tool_version: "0".into(),
            analyser: crate::index::AnalyserInfo::current(),
            lexicon_hash: "h".into(),
            corpus_hash: "c".into(),
            index_path: "index".into(),
            generated: "2026-01-01T00:00:00Z".into(),
            from: None,
            to: None,
        }
    }

    fn report() -> CommitmentReport {
        let mut s: SessionRecord = serde_json::from_value(serde_json::json!({
            "id": "raad/2021", "title": "t", "date": "2021-01-14", "series": "raad", "path": "p",
            "words": 10, "passages": 2, "themes": {}, "questions": [], "terms": [],
            "term_words": 0, "term_phrases": 0
        }))
        .unwrap();
        s.commitments.push(CommitmentRecord {
            passage: 2,
            item: Some("Agendapunt 3. Wonen".into()),
            by: Some("J. Postma".into()),
            text: "ik stuur een notitie, \"snel\" <script>".into(),
            deadline: Some("voor de zomer".into()),
        });
        build(&[s])
    }

    #[test]
    fn formats() {
        let r = report();
        let v: serde_json::Value = serde_json::from_str(&json(&r, &provenance())).unwrap();
        let c = &v["commitments"][0];
        for key in ["session", "date", "item", "by", "text", "deadline"] {
            assert!(c.get(key).is_some(), "{key}");
        }
        assert_eq!(c["deadline"], "voor de zomer");
        let csv = csv(&r);
        assert!(csv.starts_with("session,date,passage,item,by,commitment,deadline\r\n"));
        assert!(csv.contains("\"ik stuur een notitie, \"\"snel\"\" <script>\""));
        let html = html(&r, &provenance());
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
        assert!(table(&r, &provenance()).contains("voor de zomer"));
    }
}
