//! Plain-text tables for the terminal. Widths count `char`s (not display
//! columns: wide CJK characters would misalign, which Dutch minutes do
//! not need); long cells are cut with "…" so lines stay within about 160
//! characters.

use super::{answer_summary, selection_summary, theme_key, thousands};
use crate::report::{Provenance, QuestionReport, ThemeReport};

/// Key terms shown per session; the JSON and HTML carry all of them.
const DISCOVERED_SHOWN: usize = 5;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

struct Column {
    header: String,
    align: Align,
    /// Cells longer than this are cut.
    max: usize,
}

fn col(header: impl Into<String>, align: Align, max: usize) -> Column {
    Column {
        header: header.into(),
        align,
        max,
    }
}

/// Cuts `s` to `max` chars, ending in "…" when cut. Newlines become spaces
/// so a cell never breaks a row.
fn cut(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= max {
        return flat;
    }
    let mut out: String = flat.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn table(out: &mut String, columns: &[Column], rows: &[Vec<String>]) {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().zip(columns).map(|(c, k)| cut(c, k.max)).collect())
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([c.header.chars().count().min(c.max)])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let headers: Vec<String> = columns.iter().map(|c| cut(&c.header, c.max)).collect();
    line(out, columns, &widths, &headers);
    let rule: Vec<String> = widths.iter().map(|&w| "─".repeat(w)).collect();
    line(out, columns, &widths, &rule);
    for r in &rows {
        line(out, columns, &widths, r);
    }
}

fn line(out: &mut String, columns: &[Column], widths: &[usize], cells: &[String]) {
    let mut s = String::new();
    for (i, ((cell, c), &w)) in cells.iter().zip(columns).zip(widths).enumerate() {
        if i > 0 {
            s.push_str("  ");
        }
        let pad = w.saturating_sub(cell.chars().count());
        if c.align == Align::Right {
            s.extend(std::iter::repeat_n(' ', pad));
            s.push_str(cell);
        } else {
            s.push_str(cell);
            s.extend(std::iter::repeat_n(' ', pad));
        }
    }
    out.push_str(s.trim_end());
    out.push('\n');
}

fn heading(out: &mut String, text: &str) {
    out.push('\n');
    out.push_str(text);
    out.push('\n');
    out.push('\n');
}

fn footer(out: &mut String, provenance: &Provenance) {
    out.push_str("\n-- \n");
    for l in provenance.lines() {
        out.push_str(&cut(&l, 160));
        out.push('\n');
    }
}

fn rate(x: f64) -> String {
    format!("{x:.2}")
}

/// The themes report as terminal tables: per-session rates with a totals
/// row, theme totals, the trend, and up to five key terms per session.
pub fn themes(report: &ThemeReport, provenance: &Provenance) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "Themes — {}, {} words ({})\n",
        selection_summary(
            report.sessions.len(),
            report.sessions.iter().map(|s| s.date.as_deref())
        ),
        thousands(report.words),
        provenance.selection(),
    ));

    heading(&mut out, "Themes");
    for (i, t) in report.themes.iter().enumerate() {
        out.push_str(&format!("  {:<4} {}\n", theme_key(i), cut(t, 150)));
    }

    heading(&mut out, "Mentions per 1,000 words, per session");
    let mut columns = vec![
        col("session", Align::Left, 36),
        col("date", Align::Left, 10),
        col("words", Align::Right, 9),
    ];
    columns.extend((0..report.themes.len()).map(|i| col(theme_key(i), Align::Right, 8)));
    let mut rows: Vec<Vec<String>> = report
        .sessions
        .iter()
        .map(|s| {
            let mut r = vec![
                s.id.clone(),
                s.date.clone().unwrap_or_else(|| "—".into()),
                thousands(s.words),
            ];
            r.extend(s.per_1000.iter().map(|&x| rate(x)));
            r
        })
        .collect();
    let mut total = vec!["total".to_string(), String::new(), thousands(report.words)];
    total.extend(report.totals.iter().map(|t| rate(t.per_1000)));
    rows.push(total);
    table(&mut out, &columns, &rows);

    heading(&mut out, "Totals over the selection");
    let columns = [
        col("theme", Align::Left, 60),
        col("mentions", Align::Right, 10),
        col("per 1,000", Align::Right, 10),
        col("sessions", Align::Right, 10),
    ];
    let rows: Vec<Vec<String>> = report
        .themes
        .iter()
        .zip(&report.totals)
        .enumerate()
        .map(|(i, (name, t))| {
            vec![
                format!("{} {name}", theme_key(i)),
                thousands(t.count),
                rate(t.per_1000),
                format!("{} of {}", t.sessions, report.sessions.len()),
            ]
        })
        .collect();
    table(&mut out, &columns, &rows);

    heading(
        &mut out,
        &format!(
            "Trend per {}, mentions per 1,000 words",
            report.period.as_str()
        ),
    );
    let mut columns = vec![
        col("period", Align::Left, 10),
        col("sessions", Align::Right, 8),
        col("words", Align::Right, 11),
    ];
    columns.extend((0..report.themes.len()).map(|i| col(theme_key(i), Align::Right, 8)));
    let rows: Vec<Vec<String>> = report
        .trend
        .iter()
        .map(|p| {
            let mut r = vec![p.label.clone(), p.sessions.to_string(), thousands(p.words)];
            r.extend(p.per_1000.iter().map(|&x| rate(x)));
            r
        })
        .collect();
    table(&mut out, &columns, &rows);

    heading(
        &mut out,
        "Discovered themes: key terms per session (count, G² against the rest)",
    );
    let columns = [
        col("session", Align::Left, 36),
        col("key terms", Align::Left, 120),
    ];
    let rows: Vec<Vec<String>> = report
        .discovered
        .iter()
        .map(|d| {
            let terms = if d.terms.is_empty() {
                "—".to_string()
            } else {
                d.terms
                    .iter()
                    .take(DISCOVERED_SHOWN)
                    .map(|k| format!("{} ({}, {:.1})", k.display, k.count, k.g2))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            vec![d.session.clone(), terms]
        })
        .collect();
    table(&mut out, &columns, &rows);

    footer(&mut out, provenance);
    out
}

/// The questions report as terminal tables: recurring groups, then every
/// question with who answered it (or "open").
pub fn questions(report: &QuestionReport, provenance: &Provenance) -> String {
    let mut out = String::new();
    let answered = report
        .questions
        .iter()
        .filter(|q| q.answer.is_some())
        .count();
    out.push_str(&format!(
        "Questions — {}, {} questions ({} answered), {} recurring ({})\n",
        selection_summary(
            report.sessions,
            report.questions.iter().map(|q| q.date.as_deref())
        ),
        report.questions.len(),
        answered,
        report.groups.len(),
        provenance.selection(),
    ));

    heading(
        &mut out,
        "Recurring questions (asked in two or more sessions)",
    );
    if report.groups.is_empty() {
        out.push_str("  none\n");
    } else {
        let columns = [
            col("group", Align::Left, 5),
            col("sessions", Align::Right, 8),
            col("questions", Align::Right, 9),
            col("label", Align::Left, 40),
            col("dates", Align::Left, 36),
            col("askers", Align::Left, 40),
        ];
        let rows: Vec<Vec<String>> = report
            .groups
            .iter()
            .map(|g| {
                vec![
                    format!("G{}", g.id),
                    g.sessions.len().to_string(),
                    g.questions.len().to_string(),
                    g.label.clone(),
                    g.dates.join(", "),
                    g.askers.join(", "),
                ]
            })
            .collect();
        table(&mut out, &columns, &rows);
    }

    heading(&mut out, "All questions");
    if report.questions.is_empty() {
        out.push_str("  none\n");
    } else {
        let columns = [
            col("date", Align::Left, 10),
            col("session", Align::Left, 28),
            col("asker", Align::Left, 20),
            col("group", Align::Left, 5),
            col("question", Align::Left, 62),
            col("answered by", Align::Left, 22),
        ];
        let rows: Vec<Vec<String>> = report
            .questions
            .iter()
            .map(|q| {
                vec![
                    q.date.clone().unwrap_or_else(|| "—".into()),
                    q.session.clone(),
                    q.asker.clone().unwrap_or_else(|| "—".into()),
                    q.group.map(|g| format!("G{g}")).unwrap_or_default(),
                    q.text.clone(),
                    answer_summary(q.answer.as_ref()),
                ]
            })
            .collect();
        table(&mut out, &columns, &rows);
    }

    footer(&mut out, provenance);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_cut_and_flattened() {
        assert_eq!(cut("kort", 10), "kort");
        assert_eq!(cut("een lange zin", 6), "een l…");
        assert_eq!(cut("één\ntwee", 20), "één twee");
    }

    #[test]
    fn columns_align() {
        let mut out = String::new();
        let columns = [col("a", Align::Left, 10), col("n", Align::Right, 10)];
        table(
            &mut out,
            &columns,
            &[
                vec!["xyz".into(), "1".into()],
                vec!["é".into(), "100".into()],
            ],
        );
        assert_eq!(out, "a      n\n───  ───\nxyz    1\né    100\n");
    }
}
