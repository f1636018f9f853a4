//! Themes per party (or per speaker): which groups raise which themes,
//! and in which years — counted in passages, from speaker-turn minutes.
//! The counts come from the index ([`crate::index::IndexView::theme_counts_by`]);
//! this module arranges and renders them.

use super::render::csv::record;
use super::render::html::{esc, page};
use super::render::json::ProvenanceJson;
use super::Provenance;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Passages of one group, in one year, that mention one theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupThemeCount {
    pub group: String,
    pub year: Option<i32>,
    pub theme: String,
    pub passages: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupThemeReport {
    /// `party` or `speaker`.
    pub by: String,
    /// Most passages first, then by name.
    pub groups: Vec<String>,
    /// Lexicon order, themes without passages left out.
    pub themes: Vec<String>,
    /// Each theme's short key ("T3"): its lexicon position, as in the
    /// themes report, so a key means the same theme in both.
    pub keys: Vec<String>,
    /// (group, theme) → passages, all years together.
    pub totals: BTreeMap<(String, String), u64>,
    /// Every non-zero (group, year, theme) count, sorted.
    pub rows: Vec<GroupThemeCount>,
}

pub fn build(by: &str, counts: Vec<GroupThemeCount>, theme_order: &[&str]) -> GroupThemeReport {
    let mut totals: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut group_totals: BTreeMap<String, u64> = BTreeMap::new();
    for c in &counts {
        *totals
            .entry((c.group.clone(), c.theme.clone()))
            .or_default() += c.passages;
        *group_totals.entry(c.group.clone()).or_default() += c.passages;
    }
    let mut groups: Vec<String> = group_totals.keys().cloned().collect();
    groups.sort_by(|a, b| group_totals[b].cmp(&group_totals[a]).then_with(|| a.cmp(b)));
    let (keys, themes) = theme_order
        .iter()
        .enumerate()
        .filter(|(_, t)| counts.iter().any(|c| c.theme == **t))
        .map(|(i, t)| (super::render::theme_key(i), t.to_string()))
        .unzip();
    let mut rows = counts;
    rows.retain(|c| c.passages > 0);
    rows.sort_by(|a, b| (&a.group, a.year, &a.theme).cmp(&(&b.group, b.year, &b.theme)));
    GroupThemeReport {
        by: by.to_string(),
        groups,
        themes,
        keys,
        totals,
        rows,
    }
}

fn total(r: &GroupThemeReport, group: &str, theme: &str) -> u64 {
    r.totals
        .get(&(group.to_string(), theme.to_string()))
        .copied()
        .unwrap_or(0)
}

/// Matrix: a row per group, a column per theme (keys T1… with a legend).
pub fn table(r: &GroupThemeReport, provenance: &Provenance) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Themes by {} — passages that mention each theme\n",
        r.by
    );
    let width = r
        .groups
        .iter()
        .map(|g| g.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = write!(out, "{:<width$}", r.by);
    for key in &r.keys {
        let _ = write!(out, " {key:>5}");
    }
    out.push('\n');
    for g in &r.groups {
        let _ = write!(out, "{g:<width$}");
        for t in &r.themes {
            let _ = write!(out, " {:>5}", total(r, g, t));
        }
        out.push('\n');
    }
    out.push('\n');
    for (key, t) in r.keys.iter().zip(&r.themes) {
        let _ = writeln!(out, "{key:<4} {t}");
    }
    let _ = writeln!(out, "\n-- ");
    for line in provenance.lines() {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// Long ("tidy") format for R and pandas: one row per group, year, theme.
pub fn csv(r: &GroupThemeReport) -> String {
    let mut out = String::new();
    record(&mut out, [r.by.as_str(), "year", "theme", "passages"]);
    for c in &r.rows {
        let year = c.year.map(|y| y.to_string()).unwrap_or_default();
        let n = c.passages.to_string();
        record(&mut out, [c.group.as_str(), &year, &c.theme, &n]);
    }
    out
}

pub fn json(r: &GroupThemeReport, provenance: &Provenance) -> String {
    #[derive(Serialize)]
    struct Total<'a> {
        group: &'a str,
        theme: &'a str,
        passages: u64,
    }
    #[derive(Serialize)]
    struct Doc<'a> {
        provenance: ProvenanceJson<'a>,
        by: &'a str,
        totals: Vec<Total<'a>>,
        rows: &'a [GroupThemeCount],
    }
    let totals = r
        .groups
        .iter()
        .flat_map(|g| {
            r.themes.iter().filter_map(move |t| {
                let passages = total(r, g, t);
                (passages > 0).then_some(Total {
                    group: g,
                    theme: t,
                    passages,
                })
            })
        })
        .collect();
    let doc = Doc {
        provenance: provenance.into(),
        by: &r.by,
        totals,
        rows: &r.rows,
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("serialisable");
    s.push('\n');
    s
}

pub fn html(r: &GroupThemeReport, provenance: &Provenance) -> String {
    let max = r.totals.values().copied().max().unwrap_or(1).max(1);
    let mut body = format!(
        "<h2>Themes by {}</h2><table><thead><tr><th>{}</th>",
        esc(&r.by),
        esc(&r.by)
    );
    for t in &r.themes {
        let _ = write!(body, "<th class=\"num\">{}</th>", esc(t));
    }
    body.push_str("</tr></thead><tbody>");
    for g in &r.groups {
        let _ = write!(body, "<tr><td>{}</td>", esc(g));
        for t in &r.themes {
            let n = total(r, g, t);
            // Shade by share of the largest cell, so patterns show at a glance.
            let alpha = n as f64 / max as f64 * 0.6;
            let _ = write!(
                body,
                "<td class=\"num\" style=\"background:rgba(24,79,134,{alpha:.2})\">{n}</td>"
            );
        }
        body.push_str("</tr>");
    }
    body.push_str("</tbody></table>");
    let sub = format!(
        "{} {}s · {} themes · selection: {}",
        r.groups.len(),
        r.by,
        r.themes.len(),
        provenance.selection()
    );
    page(
        &format!("Themes by {}", r.by),
        &format!("Which {}s raise which themes", r.by),
        &sub,
        &body,
        provenance,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(group: &str, year: i32, theme: &str, passages: u64) -> GroupThemeCount {
        GroupThemeCount {
            group: group.into(),
            year: Some(year),
            theme: theme.into(),
            passages,
        }
    }

    #[test]
    fn matrix_totals_and_long_rows() {
        let r = build(
            "party",
            vec![
                count("D66", 2021, "wonen", 2),
                count("D66", 2022, "wonen", 1),
                count("VVD", 2022, "data", 5),
                count("VVD", 2022, "<b>", 1),
            ],
            &["data", "leeg", "wonen", "<b>"],
        );
        assert_eq!(r.groups, ["VVD", "D66"]);
        assert_eq!(r.themes, ["data", "wonen", "<b>"]);
        // Keys are lexicon positions, as in the themes report.
        assert_eq!(r.keys, ["T1", "T3", "T4"]);
        assert_eq!(total(&r, "D66", "wonen"), 3);
        let csv = csv(&r);
        assert!(csv.starts_with("party,year,theme,passages\r\nD66,2021,wonen,2\r\n"));
        let p = Provenance {
            tool_version: "0".into(),
            analyser: crate::index::AnalyserInfo::current(),
            lexicon_hash: "h".into(),
            corpus_hash: "c".into(),
            index_path: "i".into(),
            generated: "2026-01-01T00:00:00Z".into(),
            from: None,
            to: None,
        };
        let v: serde_json::Value = serde_json::from_str(&json(&r, &p)).unwrap();
        assert_eq!(v["by"], "party");
        assert_eq!(v["totals"][0]["group"], "VVD");
        assert!(table(&r, &p).contains("T3   wonen"));
        assert!(!html(&r, &p).contains("<b>"));
    }
}
