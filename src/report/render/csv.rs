//! CSV: one RFC 4180 table per report (header + rows, CRLF line ends,
//! UTF-8, fields quoted only when needed), in long ("tidy") format so it
//! loads straight into R or pandas. Provenance is not in the file — a
//! comment line would break strict readers — but in
//! [`Provenance::lines`], which the command prints to stderr.

use crate::model::QuestionKindRecord;
use crate::report::{Provenance, QuestionReport, ThemeReport};

/// Columns of the themes CSV: one row per (session, theme).
pub const THEME_COLUMNS: [&str; 8] = [
    "session", "title", "date", "series", "words", "theme", "count", "per_1000",
];

/// Columns of the questions CSV: one row per question.
pub const QUESTION_COLUMNS: [&str; 11] = [
    "session",
    "date",
    "passage",
    "kind",
    "asker",
    "addressee",
    "question",
    "group",
    "answer",
    "answer_speaker",
    "commitment",
];

/// The themes report as CSV ([`THEME_COLUMNS`]); `per_1000` has three
/// decimals, `date` is empty when unknown.
pub fn themes(report: &ThemeReport, _provenance: &Provenance) -> String {
    let mut out = String::new();
    record(&mut out, THEME_COLUMNS);
    for s in &report.sessions {
        let words = s.words.to_string();
        for (t, theme) in report.themes.iter().enumerate() {
            let count = s.counts[t].to_string();
            let rate = format!("{:.3}", s.per_1000[t]);
            record(
                &mut out,
                [
                    s.id.as_str(),
                    &s.title,
                    s.date.as_deref().unwrap_or(""),
                    &s.series,
                    &words,
                    theme,
                    &count,
                    &rate,
                ],
            );
        }
    }
    out
}

/// The questions report as CSV ([`QUESTION_COLUMNS`]); `group` is empty
/// unless the question recurs in other sessions; the answer columns are
/// empty for open questions.
pub fn questions(report: &QuestionReport, _provenance: &Provenance) -> String {
    let mut out = String::new();
    record(&mut out, QUESTION_COLUMNS);
    for q in &report.questions {
        let passage = q.passage.to_string();
        let group = q.group.map(|g| g.to_string()).unwrap_or_default();
        let kind = match q.kind {
            QuestionKindRecord::Direct => "direct",
            QuestionKindRecord::Indirect => "indirect",
        };
        let (answer, speaker, commitment) = match &q.answer {
            Some(a) => (
                a.text.as_str(),
                a.speaker.as_deref().unwrap_or(""),
                if a.commitment { "true" } else { "false" },
            ),
            None => ("", "", ""),
        };
        record(
            &mut out,
            [
                q.session.as_str(),
                q.date.as_deref().unwrap_or(""),
                &passage,
                kind,
                q.asker.as_deref().unwrap_or(""),
                q.addressee.as_deref().unwrap_or(""),
                &q.text,
                &group,
                answer,
                speaker,
                commitment,
            ],
        );
    }
    out
}

pub(crate) fn record<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, f);
    }
    out.push_str("\r\n");
}

/// RFC 4180: quote a field that contains a comma, quote, CR or LF, and
/// double the quotes inside.
fn field(out: &mut String, f: &str) {
    if f.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&f.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(f);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal RFC 4180 reader, to check what we write reads back.
    pub(crate) fn parse(text: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut cell = String::new();
        let mut quoted = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => cell.push(c),
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut cell)),
                (false, '\r') => {}
                (false, '\n') => {
                    row.push(std::mem::take(&mut cell));
                    rows.push(std::mem::take(&mut row));
                }
                (false, c) => cell.push(c),
            }
        }
        assert!(
            cell.is_empty() && row.is_empty(),
            "unterminated last record"
        );
        rows
    }

    #[test]
    fn quoting_round_trips() {
        let nasty = [
            "plain",
            "a, b",
            "zei \"ja\"",
            "regel 1\nregel 2",
            "cr\r\nlf",
            "",
            "\"",
            "ü → ✓",
        ];
        let mut out = String::new();
        record(&mut out, nasty);
        record(&mut out, ["x", "y", "z", "", "", "", "", ""]);
        let rows = parse(&out);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], nasty);
        assert!(out.starts_with("plain,\"a, b\",\"zei \"\"ja\"\"\","));
        assert!(out.ends_with("x,y,z,,,,,\r\n"));
    }
}
