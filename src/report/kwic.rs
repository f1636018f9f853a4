//! Keyword in context: each match with a fixed number of characters of
//! left and right context, aligned on the match, as concordance tools
//! show it. Pure: passage text and match spans in, lines out.

use serde::Serialize;
use std::fmt::Write as _;
use std::ops::Range;

/// One concordance line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KwicLine {
    pub session: String,
    pub date: Option<String>,
    pub passage: u64,
    /// Context before the match: at most `width` characters, whitespace
    /// runs shown as one space.
    pub left: String,
    #[serde(rename = "match")]
    pub matched: String,
    pub right: String,
}

/// The lines for the `marks` of one passage.
pub fn lines(
    session: &str,
    date: Option<&str>,
    passage: u64,
    text: &str,
    marks: &[Range<usize>],
    width: usize,
) -> Vec<KwicLine> {
    marks
        .iter()
        .filter(|m| m.start < m.end && m.end <= text.len())
        .map(|m| {
            let left = one_line(&text[..m.start]);
            let right = one_line(&text[m.end..]);
            KwicLine {
                session: session.to_string(),
                date: date.map(str::to_string),
                passage,
                left: last_chars(&left, width),
                matched: one_line(&text[m.clone()]),
                right: first_chars(&right, width),
            }
        })
        .collect()
}

fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

fn last_chars(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

fn first_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Aligned text: left context right-aligned in `width` columns, the match,
/// the right context, then where it is.
pub fn render_text(lines: &[KwicLine], width: usize) -> String {
    let match_width = lines
        .iter()
        .map(|l| l.matched.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for l in lines {
        let pad_left = width.saturating_sub(l.left.chars().count());
        let pad_match = match_width - l.matched.chars().count();
        let pad_right = width.saturating_sub(l.right.chars().count());
        let _ = writeln!(
            out,
            "{}{} | {}{} | {}{}  {} {} ¶{}",
            " ".repeat(pad_left),
            l.left,
            l.matched,
            " ".repeat(pad_match),
            l.right,
            " ".repeat(pad_right),
            l.date.as_deref().unwrap_or("----------"),
            l.session,
            l.passage
        );
    }
    out
}

/// CSV with a header (RFC 4180).
pub fn render_csv(lines: &[KwicLine]) -> String {
    let mut out = String::new();
    super::render::csv::record(
        &mut out,
        ["session", "date", "passage", "left", "match", "right"],
    );
    for l in lines {
        let passage = l.passage.to_string();
        super::render::csv::record(
            &mut out,
            [
                l.session.as_str(),
                l.date.as_deref().unwrap_or(""),
                passage.as_str(),
                l.left.as_str(),
                l.matched.as_str(),
                l.right.as_str(),
            ],
        );
    }
    out
}

/// One JSON object per line.
pub fn render_jsonl(lines: &[KwicLine]) -> String {
    let mut out = String::new();
    for l in lines {
        if let Ok(json) = serde_json::to_string(l) {
            out.push_str(&json);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_cut_to_width_and_flattened() {
        let text =
            "Hoe borgen we\nde resultaten als de deal afloopt? Borging vraagt eigenaarschap.";
        let a = text.find("borgen").unwrap();
        let b = text.find("Borging").unwrap();
        let marks = [a..a + 6, b..b + 7];
        let got = lines("s", Some("2021-03-09"), 4, text, &marks, 12);
        assert_eq!(got[0].left, "Hoe ");
        assert_eq!(got[0].matched, "borgen");
        assert_eq!(got[0].right, " we de resul");
        assert_eq!(got[1].left, "al afloopt? ");
        assert_eq!(got[1].right, " vraagt eige");
    }

    #[test]
    fn text_lines_align_the_match_column() {
        let text = "een korte borging en een veel langere zin met borgen erin";
        let a = text.find("borging").unwrap();
        let b = text.find("borgen").unwrap();
        let got = lines("s", None, 1, text, &[a..a + 7, b..b + 6], 20);
        let rendered = render_text(&got, 20);
        let columns: Vec<usize> = rendered
            .lines()
            .map(|l| l.chars().position(|c| c == '|').unwrap())
            .collect();
        assert_eq!(columns, vec![21, 21]);
        let second_bar: Vec<usize> = rendered
            .lines()
            .map(|l| {
                let first = l.find('|').unwrap();
                l[first + 1..].chars().position(|c| c == '|').unwrap()
            })
            .collect();
        assert_eq!(second_bar[0], second_bar[1]);
    }

    #[test]
    fn csv_and_json_lines_parse_back() {
        let text = "Zei hij \"borgen\", of niet?";
        let a = text.find("borgen").unwrap();
        let marks: Vec<Range<usize>> = std::iter::once(a..a + 6).collect();
        let got = lines("sessie, 1", Some("2021-01-01"), 2, text, &marks, 10);
        let csv = render_csv(&got);
        let rows = crate::report::render::csv::tests::parse(&csv);
        assert_eq!(
            rows[0],
            ["session", "date", "passage", "left", "match", "right"]
        );
        assert_eq!(rows[1][0], "sessie, 1");
        assert_eq!(rows[1][3], "Zei hij \"");
        let json: serde_json::Value = serde_json::from_str(render_jsonl(&got).trim_end()).unwrap();
        assert_eq!(json["match"], "borgen");
    }
}
