//! HTML: one self-contained page per report — inline CSS, inline SVG
//! charts, no scripts, no fonts, no network. People open it from disk or
//! mail it around, so it must be safe with hostile minutes: every piece of
//! text from the archive goes through [`esc`], and a Content-Security-Policy
//! forbids scripts as a second line of defence.

use super::{answer_summary, date_range, selection_summary, thousands};
use crate::model::QuestionKindRecord;
use crate::report::themes::UNKNOWN_PERIOD;
use crate::report::{Provenance, QuestionReport, ThemeReport};
use std::fmt::Write;

/// Escapes text for element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Cuts to `max` chars with "…" (for chart labels; tooltips keep it all).
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

const CSS: &str = r#"
:root { --ink:#1f2933; --muted:#5f6b7a; --line:#e3e7ec; --soft:#f6f8fa; --accent:#1f5f9e; }
* { box-sizing: border-box; }
body { margin:0; background:#eef1f4; color:var(--ink);
  font:15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width:1320px; margin:24px auto; padding:36px 44px 28px; background:#fff;
  border-radius:10px; box-shadow:0 1px 3px rgba(15,23,42,.08); }
h1 { font-size:28px; line-height:1.2; margin:0 0 6px; letter-spacing:-.01em; }
.sub { color:var(--muted); margin:0; font-size:15px; }
.stats { display:flex; flex-wrap:wrap; gap:12px; margin:20px 0 4px; padding:0; list-style:none; }
.stats li { background:var(--soft); border:1px solid var(--line); border-radius:8px; padding:8px 14px; min-width:130px; }
.stats b { display:block; font-size:21px; font-variant-numeric:tabular-nums; }
.stats span { color:var(--muted); font-size:12.5px; }
h2 { font-size:19px; margin:38px 0 6px; padding-bottom:6px; border-bottom:1px solid var(--line); }
.note { color:var(--muted); font-size:13.5px; margin:4px 0 14px; max-width:80ch; }
.chart { overflow-x:auto; padding:4px 0; }
svg { display:block; max-width:100%; height:auto; }
svg text { font-family:inherit; fill:var(--ink); }
svg .muted { fill:var(--muted); }
table { border-collapse:collapse; width:100%; font-size:13.5px; }
th, td { text-align:left; padding:6px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-weight:600; color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.04em;
  background:var(--soft); }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
td.nowrap { white-space:nowrap; }
tbody tr:hover { background:#f3f7fb; }
.badge { display:inline-block; padding:0 7px; border-radius:10px; background:#dbe9f6; color:#184f86;
  font-size:12px; font-weight:600; white-space:nowrap; }
.promise { background:#e3f4e8; color:#1d6b36; }
.open { color:#a65b00; font-style:italic; }
.small { color:var(--muted); font-size:12.5px; }
.terms span { display:inline-block; margin:1px 8px 1px 0; }
footer { margin-top:44px; padding-top:12px; border-top:1px solid var(--line); color:var(--muted); font-size:12.5px; }
footer dl { display:grid; grid-template-columns:max-content 1fr; gap:2px 14px; margin:6px 0 0; }
footer dt { font-weight:600; }
footer dd { margin:0; word-break:break-all; }
"#;

pub(crate) fn page(
    title: &str,
    heading: &str,
    sub: &str,
    body: &str,
    provenance: &Provenance,
) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Defence in depth: even if some text escaped escaping, nothing runs
    // and nothing is fetched.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:\">\n",
    );
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    out.push_str("<style>");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<main>\n<header>\n");
    let _ = writeln!(
        out,
        "<h1>{}</h1>\n<p class=\"sub\">{}</p>",
        esc(heading),
        esc(sub)
    );
    out.push_str("</header>\n");
    out.push_str(body);
    out.push_str(&footer(provenance));
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn footer(p: &Provenance) -> String {
    let mut out = String::from("<footer>\n<strong>Provenance</strong>\n<dl>\n");
    let rows = [
        ("Generated", p.generated.clone()),
        ("Tool", format!("notulen {}", p.tool_version)),
        ("Selection", p.selection()),
        ("Index", p.index_path.clone()),
        ("Corpus hash", p.corpus_hash.clone()),
        ("Lexicon hash", p.lexicon_hash.clone()),
        (
            "Analyser",
            format!(
                "stemmer {}; stop words {}; tokenizer {}",
                p.analyser.stemmer, p.analyser.stopwords, p.analyser.tokenizer
            ),
        ),
    ];
    for (k, v) in rows {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v));
    }
    out.push_str("</dl>\n</footer>\n");
    out
}

fn stats(items: &[(String, &str)]) -> String {
    let mut out = String::from("<ul class=\"stats\">");
    for (value, label) in items {
        let _ = write!(
            out,
            "<li><b>{}</b><span>{}</span></li>",
            esc(value),
            esc(label)
        );
    }
    out.push_str("</ul>\n");
    out
}

// ---------------------------------------------------------------------------
// Colours
// ---------------------------------------------------------------------------

/// Sequential blues (ColorBrewer "Blues", light to dark).
const HEAT: [(u8, u8, u8); 6] = [
    (0xde, 0xeb, 0xf7),
    (0xc6, 0xdb, 0xef),
    (0x9e, 0xca, 0xe1),
    (0x42, 0x92, 0xc6),
    (0x21, 0x71, 0xb5),
    (0x08, 0x30, 0x6b),
];
/// Cells with no mention: neutral, so "none" differs from "a little".
const ZERO: &str = "#f3f4f6";

/// Colour of `t` in 0..=1 on [`HEAT`].
fn heat(t: f64) -> String {
    let t = t.clamp(0.0, 1.0) * (HEAT.len() - 1) as f64;
    let i = (t.floor() as usize).min(HEAT.len() - 2);
    let f = t - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (HEAT[i], HEAT[i + 1]);
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

/// A round upper bound for an axis or colour scale (1, 2, 2.5, 4, 5, 6 or
/// 8 times a power of ten), close enough to the data to use the colours.
fn nice_max(x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&v| v >= x)
        .unwrap_or(10.0 * p)
}

fn num(x: f64) -> String {
    if x >= 10.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

// ---------------------------------------------------------------------------
// Themes
// ---------------------------------------------------------------------------

/// The themes report as a page: a themes × sessions heat map, the trend as
/// small multiples, totals and key terms.
pub fn themes(report: &ThemeReport, provenance: &Provenance) -> String {
    let sub = format!(
        "{} · {} words · selection: {}",
        selection_summary(
            report.sessions.len(),
            report.sessions.iter().map(|s| s.date.as_deref())
        ),
        thousands(report.words),
        provenance.selection()
    );
    let mentions: u64 = report.totals.iter().map(|t| t.count).sum();
    let mut body = stats(&[
        (report.sessions.len().to_string(), "sessions"),
        (thousands(report.words), "words"),
        (report.themes.len().to_string(), "themes"),
        (thousands(mentions), "theme mentions"),
    ]);

    body.push_str("<section>\n<h2>Themes per session</h2>\n");
    body.push_str(
        "<p class=\"note\">Mentions per 1,000 words: each cell compares a theme's lexicon hits \
         with the length of the session. Grey means not mentioned. Hover a cell for the exact \
         figures.</p>\n",
    );
    body.push_str("<div class=\"chart\">");
    body.push_str(&heat_map(report));
    body.push_str("</div>\n</section>\n");

    let _ = write!(
        body,
        "<section>\n<h2>Trend per {}</h2>\n<p class=\"note\">Mentions per 1,000 words in each {}, \
         one panel per theme, all on the same scale.{}</p>\n<div class=\"chart\">",
        report.period.as_str(),
        report.period.as_str(),
        if report.trend.iter().any(|p| p.label == UNKNOWN_PERIOD) {
            " The grey bar collects sessions without a date."
        } else {
            ""
        }
    );
    body.push_str(&trend_chart(report));
    body.push_str("</div>\n</section>\n");

    body.push_str("<section>\n<h2>Totals</h2>\n<table>\n<thead><tr><th>Theme</th><th class=\"num\">Mentions</th><th class=\"num\">Per 1,000 words</th><th class=\"num\">Sessions</th></tr></thead>\n<tbody>\n");
    for (name, t) in report.themes.iter().zip(&report.totals) {
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.2}</td><td class=\"num\">{} of {}</td></tr>",
            esc(name),
            thousands(t.count),
            t.per_1000,
            t.sessions,
            report.sessions.len()
        );
    }
    body.push_str("</tbody>\n</table>\n</section>\n");

    body.push_str("<section>\n<h2>Discovered themes</h2>\n<p class=\"note\">Terms each session uses markedly more than the rest of the selection (Dunning's log-likelihood G²; count in the session, then G²). The index keeps only terms used at least twice per session, so the comparison slightly underestimates the rest of the selection.</p>\n<table>\n<thead><tr><th>Date</th><th>Session</th><th>Key terms</th></tr></thead>\n<tbody>\n");
    for (s, d) in report.sessions.iter().zip(&report.discovered) {
        let terms = if d.terms.is_empty() {
            "<span class=\"small\">—</span>".to_string()
        } else {
            d.terms
                .iter()
                .map(|k| {
                    format!(
                        "<span title=\"{}\">{} <span class=\"small\">{} · {:.1}</span></span>",
                        esc(&format!("stem: {}", k.term)),
                        esc(&k.display),
                        k.count,
                        k.g2
                    )
                })
                .collect::<Vec<_>>()
                .join("")
        };
        let _ = writeln!(
            body,
            "<tr><td class=\"nowrap\">{}</td><td>{}<br><span class=\"small\">{}</span></td><td class=\"terms\">{}</td></tr>",
            esc(s.date.as_deref().unwrap_or("—")),
            esc(&s.title),
            esc(&s.id),
            terms
        );
    }
    body.push_str("</tbody>\n</table>\n</section>\n");

    page(
        "notulen — themes",
        "Themes in the minutes",
        &sub,
        &body,
        provenance,
    )
}

/// Sessions as rows, themes as columns: long archives grow downwards,
/// where a page scrolls, and session titles stay readable.
fn heat_map(report: &ThemeReport) -> String {
    const LABEL_W: f64 = 360.0;
    const CELL_W: f64 = 62.0;
    const CELL_H: f64 = 24.0;
    const TOP: f64 = 150.0;
    const LEGEND_H: f64 = 64.0;
    let n_themes = report.themes.len();
    let n_sessions = report.sessions.len();
    let grid_w = CELL_W * n_themes as f64;
    // Rotated column labels reach past the last column.
    let width = LABEL_W + grid_w + 150.0;
    let height = TOP + CELL_H * n_sessions as f64 + LEGEND_H;
    let max = report
        .sessions
        .iter()
        .flat_map(|s| s.per_1000.iter().copied())
        .fold(0.0, f64::max);
    let scale = nice_max(max);

    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"Heat map of themes per session\">"
    );
    out.push_str("<defs><linearGradient id=\"heat-legend\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">");
    for i in 0..=10 {
        let t = f64::from(i) / 10.0;
        let _ = write!(out, "<stop offset=\"{t:.1}\" stop-color=\"{}\"/>", heat(t));
    }
    out.push_str("</linearGradient></defs>\n");

    for (j, theme) in report.themes.iter().enumerate() {
        let x = LABEL_W + CELL_W * (j as f64 + 0.5);
        let _ = writeln!(
            out,
            "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"12.5\" transform=\"rotate(-38 {x:.1} {:.1})\"><title>{}</title>{}</text>",
            TOP - 8.0,
            TOP - 8.0,
            esc(theme),
            esc(&cut(theme, 28))
        );
    }
    for (i, s) in report.sessions.iter().enumerate() {
        let y = TOP + CELL_H * i as f64;
        let name = if s.title.trim().is_empty() {
            &s.id
        } else {
            &s.title
        };
        let _ = writeln!(
            out,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"12.5\"><title>{}</title><tspan class=\"muted\" font-variant-numeric=\"tabular-nums\">{}</tspan>  {}</text>",
            y + CELL_H / 2.0 + 4.0,
            esc(&format!("{} ({})", s.title, s.id)),
            esc(s.date.as_deref().unwrap_or("no date")),
            esc(&cut(name, 40))
        );
        for (j, theme) in report.themes.iter().enumerate() {
            let x = LABEL_W + CELL_W * j as f64;
            let (count, rate) = (s.counts[j], s.per_1000[j]);
            let t = rate / scale;
            let fill = if count == 0 {
                ZERO.to_string()
            } else {
                heat(t)
            };
            let tip = format!(
                "{} — {}\n{}: {} mention{}, {:.2} per 1,000 words ({} words)",
                s.date.as_deref().unwrap_or("no date"),
                s.title,
                theme,
                count,
                if count == 1 { "" } else { "s" },
                rate,
                thousands(s.words)
            );
            let _ = write!(
                out,
                "<g><title>{}</title><rect class=\"cell\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"{fill}\"/>",
                esc(&tip),
                x + 1.0,
                y + 1.0,
                CELL_W - 2.0,
                CELL_H - 2.0
            );
            if count > 0 {
                let ink = if t > 0.5 { "#ffffff" } else { "#1f2933" };
                let _ = write!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11.5\" text-anchor=\"middle\" style=\"fill:{ink}\" font-variant-numeric=\"tabular-nums\">{}</text>",
                    x + CELL_W / 2.0,
                    y + CELL_H / 2.0 + 4.0,
                    num(rate)
                );
            }
            out.push_str("</g>\n");
        }
    }
    // Legend.
    let ly = TOP + CELL_H * n_sessions as f64 + 24.0;
    let lw = 240.0;
    let _ = writeln!(
        out,
        "<text x=\"0\" y=\"{:.1}\" font-size=\"12.5\" class=\"muted\">mentions per 1,000 words</text>\
         <rect x=\"{LABEL_W:.1}\" y=\"{:.1}\" width=\"22\" height=\"12\" rx=\"2\" fill=\"{ZERO}\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" class=\"muted\">none</text>\
         <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{lw:.0}\" height=\"12\" rx=\"2\" fill=\"url(#heat-legend)\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" class=\"muted\">0</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" class=\"muted\" text-anchor=\"end\">{}</text>",
        ly + 10.0,
        ly,
        LABEL_W + 28.0,
        ly + 10.0,
        LABEL_W + 80.0,
        ly,
        LABEL_W + 80.0,
        ly + 28.0,
        LABEL_W + 80.0 + lw,
        ly + 28.0,
        num(scale)
    );
    out.push_str("</svg>\n");
    out
}

/// One small bar chart per theme, all on one y scale, so both the shape
/// of each theme and the comparison between themes read at a glance.
fn trend_chart(report: &ThemeReport) -> String {
    const PANEL_W: f64 = 282.0;
    const PANEL_H: f64 = 150.0;
    const GAP: f64 = 16.0;
    const LEFT: f64 = 34.0;
    const TOP: f64 = 24.0;
    const BOTTOM: f64 = 22.0;
    const COLUMNS: usize = 4;
    let n = report.themes.len();
    let rows = n.div_ceil(COLUMNS).max(1);
    let width = COLUMNS as f64 * (PANEL_W + GAP);
    let height = rows as f64 * (PANEL_H + GAP);
    let max = report
        .trend
        .iter()
        .flat_map(|p| p.per_1000.iter().copied())
        .fold(0.0, f64::max);
    let scale = nice_max(max);
    let periods = report.trend.len().max(1);
    let plot_w = PANEL_W - LEFT - 8.0;
    let plot_h = PANEL_H - TOP - BOTTOM;
    let slot = plot_w / periods as f64;
    let bar_w = (slot * 0.72).max(1.0);

    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"Trend of themes over time\">"
    );
    for (j, theme) in report.themes.iter().enumerate() {
        let px = (j % COLUMNS) as f64 * (PANEL_W + GAP);
        let py = (j / COLUMNS) as f64 * (PANEL_H + GAP);
        let _ = writeln!(
            out,
            "<g transform=\"translate({px:.1} {py:.1})\"><rect x=\"0\" y=\"0\" width=\"{PANEL_W:.0}\" height=\"{PANEL_H:.0}\" rx=\"6\" fill=\"#f8fafc\" stroke=\"#e3e7ec\"/>\
             <text x=\"10\" y=\"17\" font-size=\"12.5\" font-weight=\"600\"><title>{}</title>{}</text>",
            esc(theme),
            esc(&cut(theme, 40))
        );
        let base = TOP + plot_h;
        for (tick, label) in [(0.0, "0".to_string()), (scale, num(scale))] {
            let y = base - plot_h * tick / scale;
            let _ = write!(
                out,
                "<line x1=\"{LEFT:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#dfe3e8\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10.5\" text-anchor=\"end\" class=\"muted\">{label}</text>",
                LEFT + plot_w,
                LEFT - 5.0,
                y + 3.5
            );
        }
        for (k, p) in report.trend.iter().enumerate() {
            let rate = p.per_1000[j];
            let h = plot_h * rate / scale;
            let x = LEFT + slot * k as f64 + (slot - bar_w) / 2.0;
            let fill = if p.label == UNKNOWN_PERIOD {
                "#b8c0ca"
            } else {
                "#2f7bbf"
            };
            let _ = write!(
                out,
                "<rect class=\"bar\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar_w:.1}\" height=\"{h:.1}\" fill=\"{fill}\"><title>{}</title></rect>",
                base - h,
                esc(&format!(
                    "{theme} — {}: {} mention{} in {} words = {:.2} per 1,000 ({} session{})",
                    p.label,
                    p.counts[j],
                    if p.counts[j] == 1 { "" } else { "s" },
                    thousands(p.words),
                    rate,
                    p.sessions,
                    if p.sessions == 1 { "" } else { "s" }
                ))
            );
        }
        // Period labels: all when few, else the first and last.
        let labelled: Vec<usize> = if periods <= 6 {
            (0..report.trend.len()).collect()
        } else {
            vec![0, report.trend.len() - 1]
        };
        for k in labelled {
            let p = &report.trend[k];
            let (x, anchor) = if periods <= 6 {
                (LEFT + slot * (k as f64 + 0.5), "middle")
            } else if k == 0 {
                (LEFT, "start")
            } else {
                (LEFT + plot_w, "end")
            };
            let _ = write!(
                out,
                "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"10.5\" text-anchor=\"{anchor}\" class=\"muted\">{}</text>",
                base + 14.0,
                esc(&p.label)
            );
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

// ---------------------------------------------------------------------------
// Questions
// ---------------------------------------------------------------------------

/// Days since the common era for an ISO date, for the timeline's x axis.
fn day_number(date: &str) -> Option<i32> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(date.get(..10)?, &format)
        .ok()
        .map(|d| d.to_julian_day())
}

fn month_start(year: i32, month: u8) -> Option<(i32, String)> {
    let m = time::Month::try_from(month).ok()?;
    let d = time::Date::from_calendar_date(year, m, 1).ok()?;
    Some((d.to_julian_day(), format!("{year:04}-{month:02}")))
}

/// Ticks on month starts, every 1, 2, 3, 6 or 12 months, so that there
/// are at most about eight.
fn month_ticks(min: i32, max: i32) -> Vec<(i32, String)> {
    let Some(first) = time::Date::from_julian_day(min).ok() else {
        return Vec::new();
    };
    let months = (max - min) / 30 + 1;
    let step = [1, 2, 3, 6, 12, 24, 60]
        .into_iter()
        .find(|s| months / s <= 8)
        .unwrap_or(120);
    let mut ticks = Vec::new();
    let mut index = first.year() * 12 + i32::from(u8::from(first.month())) - 1;
    // Round up to a multiple of the step, so ticks fall on quarters/years.
    index = (index + step - 1) / step * step;
    loop {
        let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8);
        match month_start(year, month) {
            Some((day, label)) if day <= max => ticks.push((day, label)),
            _ => break,
        }
        index += step;
    }
    ticks
}

/// The questions report as a page: a timeline of recurring questions,
/// then tables of the groups and of all questions.
pub fn questions(report: &QuestionReport, provenance: &Provenance) -> String {
    let answered = report
        .questions
        .iter()
        .filter(|q| q.answer.is_some())
        .count();
    let promises = report
        .questions
        .iter()
        .filter(|q| q.answer.as_ref().is_some_and(|a| a.commitment))
        .count();
    let sub = format!(
        "{} · selection: {}",
        selection_summary(
            report.sessions,
            report.questions.iter().map(|q| q.date.as_deref())
        ),
        provenance.selection()
    );
    let mut body = stats(&[
        (report.sessions.to_string(), "sessions"),
        (report.questions.len().to_string(), "questions"),
        (answered.to_string(), "answered"),
        (promises.to_string(), "promises"),
        (report.groups.len().to_string(), "recurring questions"),
    ]);

    body.push_str("<section>\n<h2>Questions that come back</h2>\n");
    if report.groups.is_empty() {
        body.push_str("<p class=\"note\">No question was asked in more than one session.</p>\n");
    } else {
        body.push_str("<p class=\"note\">One row per question that was asked, in some wording, in two or more sessions; one dot per time it was asked. Hover a dot for the question.</p>\n<div class=\"chart\">");
        body.push_str(&timeline(report));
        body.push_str("</div>\n");
        body.push_str("<table>\n<thead><tr><th>Group</th><th>About</th><th class=\"num\">Sessions</th><th class=\"num\">Times asked</th><th>Dates</th><th>Asked by</th></tr></thead>\n<tbody>\n");
        for g in &report.groups {
            let _ = writeln!(
                body,
                "<tr><td><span class=\"badge\">G{}</span></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                g.id,
                esc(&g.label),
                g.sessions.len(),
                g.questions.len(),
                esc(&g.dates.join(", ")),
                esc(&g.askers.join(", "))
            );
        }
        body.push_str("</tbody>\n</table>\n");
    }
    body.push_str("</section>\n");

    body.push_str("<section>\n<h2>All questions</h2>\n");
    if report.questions.is_empty() {
        body.push_str("<p class=\"note\">No questions found.</p>\n");
    } else {
        body.push_str("<table>\n<thead><tr><th>Date</th><th>Session</th><th>Asked by</th><th>Question</th><th>Answer</th></tr></thead>\n<tbody>\n");
        for q in &report.questions {
            let asker = match (&q.asker, &q.addressee) {
                (Some(a), Some(b)) => format!("{} → {}", esc(a), esc(b)),
                (Some(a), None) => esc(a),
                (None, Some(b)) => format!("→ {}", esc(b)),
                (None, None) => "<span class=\"small\">—</span>".to_string(),
            };
            let group = q
                .group
                .map(|g| format!(" <span class=\"badge\">G{g}</span>"))
                .unwrap_or_default();
            let kind = match q.kind {
                QuestionKindRecord::Direct => "direct",
                QuestionKindRecord::Indirect => "reported",
            };
            let answer = match &q.answer {
                None => "<span class=\"open\">open</span>".to_string(),
                Some(a) => format!(
                    "{}{}<br><span class=\"small\">{}</span>",
                    esc(&answer_summary(Some(a)).replace(" (promise)", "")),
                    if a.commitment {
                        " <span class=\"badge promise\">promise</span>"
                    } else {
                        ""
                    },
                    esc(&a.text)
                ),
            };
            let _ = writeln!(
                body,
                "<tr><td class=\"nowrap\">{}</td><td>{}<br><span class=\"small\">{} · passage {}</span></td><td>{}</td><td>{}{}<br><span class=\"small\">{}</span></td><td>{}</td></tr>",
                esc(q.date.as_deref().unwrap_or("—")),
                esc(&q.title),
                esc(&q.session),
                q.passage,
                asker,
                esc(&q.text),
                group,
                kind,
                answer
            );
        }
        body.push_str("</tbody>\n</table>\n");
    }
    body.push_str("</section>\n");

    page(
        "notulen — questions",
        "Questions in the minutes",
        &sub,
        &body,
        provenance,
    )
}

/// Recurring groups on a date axis, one row per group, one dot per time
/// the question was asked. Undated questions cannot be placed; the chart
/// says how many were left out.
fn timeline(report: &QuestionReport) -> String {
    const LABEL_W: f64 = 330.0;
    const PLOT_W: f64 = 820.0;
    const ROW_H: f64 = 30.0;
    const TOP: f64 = 34.0;
    const BOTTOM: f64 = 30.0;
    let days: Vec<i32> = report
        .groups
        .iter()
        .flat_map(|g| g.questions.iter())
        .filter_map(|&i| report.questions[i].date.as_deref().and_then(day_number))
        .collect();
    let undated = report
        .groups
        .iter()
        .map(|g| g.questions.len())
        .sum::<usize>()
        - days.len();
    let (min, max) = match (days.iter().min(), days.iter().max()) {
        (Some(&a), Some(&b)) => (a, b),
        _ => (0, 0),
    };
    // Pad the range so dots at the ends are not cut in half.
    let pad = ((max - min) / 40).max(10);
    let (lo, hi) = (min - pad, max + pad);
    let x_of = |d: i32| LABEL_W + PLOT_W * f64::from(d - lo) / f64::from((hi - lo).max(1));
    let width = LABEL_W + PLOT_W + 20.0;
    let height = TOP + ROW_H * report.groups.len() as f64 + BOTTOM;

    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"Timeline of recurring questions\">"
    );
    let axis_y = TOP + ROW_H * report.groups.len() as f64;
    if !days.is_empty() {
        for (day, label) in month_ticks(lo, hi) {
            let x = x_of(day);
            let _ = writeln!(
                out,
                "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{axis_y:.1}\" stroke=\"#e6e9ed\"/>\
                 <text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" class=\"muted\">{}</text>",
                TOP - 6.0,
                axis_y + 16.0,
                esc(&label)
            );
        }
    }
    if let Some((a, b)) = date_range(report.questions.iter().map(|q| q.date.as_deref())) {
        let _ = writeln!(
            out,
            "<text x=\"0\" y=\"16\" font-size=\"12\" class=\"muted\">{} – {}{}</text>",
            esc(a),
            esc(b),
            if undated > 0 {
                format!(" · {undated} undated question(s) not shown")
            } else {
                String::new()
            }
        );
    }
    for (r, g) in report.groups.iter().enumerate() {
        let y = TOP + ROW_H * (r as f64 + 0.5);
        if r % 2 == 0 {
            let _ = write!(
                out,
                "<rect x=\"0\" y=\"{:.1}\" width=\"{:.0}\" height=\"{ROW_H:.0}\" fill=\"#f6f8fa\"/>",
                y - ROW_H / 2.0,
                LABEL_W + PLOT_W
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"8\" y=\"{:.1}\" font-size=\"12.5\"><title>{}</title><tspan font-weight=\"600\">G{}</tspan>  {}</text>",
            y + 4.0,
            esc(&g.label),
            g.id,
            esc(&cut(&g.label, 44))
        );
        let xs: Vec<f64> = g
            .questions
            .iter()
            .filter_map(|&i| report.questions[i].date.as_deref().and_then(day_number))
            .map(x_of)
            .collect();
        if let (Some(a), Some(b)) = (
            xs.iter().copied().reduce(f64::min),
            xs.iter().copied().reduce(f64::max),
        ) {
            let _ = write!(
                out,
                "<line x1=\"{a:.1}\" x2=\"{b:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#9ebfe0\" stroke-width=\"3\" stroke-linecap=\"round\"/>"
            );
        }
        for &i in &g.questions {
            let q = &report.questions[i];
            let Some(day) = q.date.as_deref().and_then(day_number) else {
                continue;
            };
            let tip = format!(
                "{} · {}\n{}: {}\n{}",
                q.date.as_deref().unwrap_or(""),
                q.title,
                q.asker.as_deref().unwrap_or("someone"),
                q.text,
                match &q.answer {
                    Some(a) => format!("answered: {}", a.text),
                    None => "open".to_string(),
                }
            );
            let (fill, stroke) = if q.answer.is_some() {
                ("#1f5f9e", "#ffffff")
            } else {
                ("#ffffff", "#1f5f9e")
            };
            let _ = write!(
                out,
                "<circle class=\"dot\" cx=\"{:.1}\" cy=\"{y:.1}\" r=\"6.5\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"><title>{}</title></circle>",
                x_of(day),
                esc(&tip)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "<line x1=\"{LABEL_W:.1}\" x2=\"{:.1}\" y1=\"{axis_y:.1}\" y2=\"{axis_y:.1}\" stroke=\"#9aa5b1\"/>",
        LABEL_W + PLOT_W
    );
    // Legend (top right): filled = answered, hollow = open.
    let ly = 16.0;
    let lx = width - 150.0;
    let _ = writeln!(
        out,
        "<circle cx=\"{lx:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"#1f5f9e\"/><text x=\"{:.1}\" y=\"{ly:.1}\" font-size=\"11.5\" class=\"muted\">answered</text>\
         <circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"#ffffff\" stroke=\"#1f5f9e\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{ly:.1}\" font-size=\"11.5\" class=\"muted\">open</text>",
        ly - 4.0,
        lx + 10.0,
        lx + 90.0,
        ly - 4.0,
        lx + 100.0
    );
    out.push_str("</svg>\n");
    out
}
