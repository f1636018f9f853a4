//! Renderers: a report plus its provenance in, a `String` out. No I/O.

pub mod csv;
pub mod html;
pub mod json;
pub mod table;

use super::{Format, Provenance, QuestionReport, ThemeReport};

/// Renders the themes report in `format`.
pub fn render_themes(report: &ThemeReport, provenance: &Provenance, format: Format) -> String {
    match format {
        Format::Table => table::themes(report, provenance),
        Format::Csv => csv::themes(report, provenance),
        Format::Json => json::themes(report, provenance),
        Format::Html => html::themes(report, provenance),
    }
}

/// Renders the questions report in `format`.
pub fn render_questions(
    report: &QuestionReport,
    provenance: &Provenance,
    format: Format,
) -> String {
    match format {
        Format::Table => table::questions(report, provenance),
        Format::Csv => csv::questions(report, provenance),
        Format::Json => json::questions(report, provenance),
        Format::Html => html::questions(report, provenance),
    }
}

/// First and last known date of a list, for headings.
pub(crate) fn date_range<'a>(
    dates: impl Iterator<Item = Option<&'a str>>,
) -> Option<(&'a str, &'a str)> {
    let mut known: Vec<&str> = dates.flatten().collect();
    known.sort_unstable();
    Some((known.first()?, known.last()?))
}

/// "3 sessions, 2021-01-10 – 2021-06-01": the selection, for headings.
pub(crate) fn selection_summary<'a>(
    sessions: usize,
    dates: impl Iterator<Item = Option<&'a str>>,
) -> String {
    let noun = if sessions == 1 { "session" } else { "sessions" };
    match date_range(dates) {
        Some((a, b)) if a == b => format!("{sessions} {noun}, {a}"),
        Some((a, b)) => format!("{sessions} {noun}, {a} – {b}"),
        None => format!("{sessions} {noun}, no dates"),
    }
}

/// The short column key of theme `i` ("T1", "T2", …) used where full
/// names do not fit.
pub(crate) fn theme_key(i: usize) -> String {
    format!("T{}", i + 1)
}

/// Groups digits by thousands: 1234567 → "1,234,567".
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "Irene (promise)", "answered", "open": how a question was answered.
pub(crate) fn answer_summary(answer: Option<&crate::model::AnswerRecord>) -> String {
    match answer {
        None => "open".to_string(),
        Some(a) => {
            let who = a.speaker.as_deref().unwrap_or("answered");
            if a.commitment {
                format!("{who} (promise)")
            } else {
                who.to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::AnalyserInfo;
    use crate::model::{AnswerRecord, QuestionKindRecord, QuestionRecord, SessionRecord};
    use crate::report::themes::tests::session;
    use crate::report::{questions, themes, Period};
    use crate::themes::Lexicon;
    use serde_json::Value;

    const SCRIPT: &str = "<script>alert(1)</script>";
    const IMG: &str = "\"><img src=x onerror=alert(1)>";
    const THEMES: [&str; 2] = ["borging", "data"];

    fn provenance() -> Provenance {
        Provenance {
            tool_version: "9.9.9".into(),
            analyser: AnalyserInfo {
                stemmer: "s".into(),
                stopwords: "w".into(),
                tokenizer: "t".into(),
                model: "m".into(),
            },
            lexicon_hash: "lex".into(),
            corpus_hash: "corpus".into(),
            index_path: "idx".into(),
            generated: "2024-01-02T03:04:05Z".into(),
            from: Some("2021-01-01".into()),
            to: None,
        }
    }

    fn hostile() -> Vec<SessionRecord> {
        let ask = |text: &str, asker: &str, answer: Option<AnswerRecord>| QuestionRecord {
            passage: 1,
            text: text.into(),
            kind: QuestionKindRecord::Direct,
            asker: Some(asker.into()),
            addressee: Some(IMG.into()),
            answer,
        };
        let mut a = session(SCRIPT, Some("2021-02-01"), 1000, &[("borging", 3)]);
        a.title = IMG.into();
        a.series = "a,b".into();
        a.questions = vec![ask(
            &format!("hoe borgen we de kennis {SCRIPT}"),
            IMG,
            Some(AnswerRecord {
                text: format!("Zegt toe, \"zeker\" {SCRIPT}"),
                speaker: Some(SCRIPT.into()),
                passage: 2,
                commitment: true,
            }),
        )];
        let mut b = session("b", None, 500, &[("data", 2)]);
        b.questions = vec![ask("hoe borgen we de kennis", "Irene", None)];
        vec![a, b]
    }

    fn reports() -> (ThemeReport, QuestionReport) {
        let s = hostile();
        (
            themes::build(&s, &THEMES, Period::Year, 3),
            questions::build(&s, &Lexicon::default_nl(), 0.3),
        )
    }

    #[test]
    fn html_escapes_everything_from_the_minutes() {
        let (t, q) = reports();
        let p = provenance();
        for html in [
            render_themes(&t, &p, Format::Html),
            render_questions(&q, &p, Format::Html),
        ] {
            let lower = html.to_lowercase();
            assert!(!lower.contains("<script"), "{html}");
            assert!(!lower.contains("<img"), "{html}");
            assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
            assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
            assert!(html.contains("2024-01-02T03:04:05Z"));
            assert!(html.contains("<svg"));
        }
        let themes = render_themes(&t, &p, Format::Html);
        assert_eq!(themes.matches("<rect class=\"cell\"").count(), 2 * 2);
    }

    #[test]
    fn esc_covers_the_five_characters() {
        assert_eq!(html::esc("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
    }

    #[test]
    fn json_themes_shape() {
        let (t, _) = reports();
        let v: Value =
            serde_json::from_str(&render_themes(&t, &provenance(), Format::Json)).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        for k in [
            "provenance",
            "period",
            "themes",
            "words",
            "sessions",
            "totals",
            "trend",
            "discovered",
        ] {
            assert!(keys.contains(&k), "{k} missing in {keys:?}");
        }
        assert_eq!(v["provenance"]["generated"], "2024-01-02T03:04:05Z");
        assert_eq!(v["provenance"]["analyser"]["tokenizer"], "t");
        assert_eq!(v["provenance"]["to"], Value::Null);
        assert_eq!(v["themes"], serde_json::json!(["borging", "data"]));
        assert_eq!(v["sessions"][0]["session"], SCRIPT);
        assert_eq!(v["sessions"][0]["counts"]["borging"], 3);
        assert_eq!(v["sessions"][0]["per_1000"]["borging"], 3.0);
        assert_eq!(v["sessions"][1]["date"], Value::Null);
        assert_eq!(v["totals"]["counts"]["data"], 2);
        assert_eq!(v["totals"]["sessions"]["data"], 1);
        let periods: Vec<&str> = v["trend"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["period"].as_str().unwrap())
            .collect();
        assert_eq!(periods, ["2021", "unknown"]);
        assert!(v["discovered"][0]["terms"].is_array());
    }

    #[test]
    fn json_questions_shape() {
        let (_, q) = reports();
        let v: Value =
            serde_json::from_str(&render_questions(&q, &provenance(), Format::Json)).unwrap();
        assert_eq!(v["sessions"], 2);
        let g = &v["groups"][0];
        assert_eq!(g["id"], 1);
        assert_eq!(g["questions"], serde_json::json!([0, 1]));
        for k in ["label", "sessions", "dates", "askers"] {
            assert!(g.get(k).is_some(), "group.{k}");
        }
        let first = &v["questions"][0];
        assert_eq!(first["group"], 1);
        assert_eq!(first["kind"], "direct");
        assert_eq!(first["answer"]["speaker"], SCRIPT);
        assert_eq!(first["answer"]["commitment"], true);
        assert_eq!(first["answer"]["passage"], 2);
        assert_eq!(v["questions"][1]["answer"], Value::Null);
    }

    #[test]
    fn csv_is_long_format_and_reads_back() {
        let (t, q) = reports();
        let rows = csv::tests::parse(&render_themes(&t, &provenance(), Format::Csv));
        assert_eq!(rows[0], csv::THEME_COLUMNS);
        // One row per (session, theme).
        assert_eq!(rows.len(), 1 + 2 * 2);
        assert_eq!(
            rows[1],
            [
                SCRIPT,
                IMG,
                "2021-02-01",
                "a,b",
                "1000",
                "borging",
                "3",
                "3.000"
            ]
        );
        assert_eq!(rows[4][2], "", "unknown date is empty");

        let rows = csv::tests::parse(&render_questions(&q, &provenance(), Format::Csv));
        assert_eq!(rows[0], csv::QUESTION_COLUMNS);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1][6], format!("hoe borgen we de kennis {SCRIPT}"));
        assert_eq!(rows[1][7], "1");
        assert_eq!(rows[1][8], format!("Zegt toe, \"zeker\" {SCRIPT}"));
        assert_eq!(rows[1][10], "true");
        assert_eq!(&rows[2][8..], ["", "", ""]);
    }

    #[test]
    fn table_records_provenance() {
        let (t, q) = reports();
        let p = provenance();
        for out in [
            render_themes(&t, &p, Format::Table),
            render_questions(&q, &p, Format::Table),
        ] {
            for line in p.lines() {
                assert!(out.contains(&line), "{line:?} missing");
            }
            assert!(out.lines().all(|l| l.chars().count() <= 160), "{out}");
        }
    }

    #[test]
    fn formats_parse() {
        for f in [Format::Table, Format::Csv, Format::Json, Format::Html] {
            assert_eq!(f.to_string().parse::<Format>(), Ok(f));
        }
        assert!("xml".parse::<Format>().is_err());
    }
}
