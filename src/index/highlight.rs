//! Highlighting matches in passage text, phrases and proximity included.
//!
//! Tantivy's snippet generator marks every query term wherever it occurs,
//! so for `"looptijd deal"~5` it marks each "deal" in the passage, also
//! the ones nowhere near "looptijd", and it cannot see compound tails. Here
//! a [`Plan`] keeps the phrases of the query apart: a phrase is marked as
//! one span from its first to its last word, only where the words occur
//! in order within the slop; loose terms are marked wherever they occur.
//! The same spans serve snippets, terminal colouring and the concordance.

use super::analyzer::{DutchTokenizer, Mode};
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use tantivy::tokenizer::{TokenStream, Tokenizer};

/// What to mark, in index terms (stems, or lower-cased words for `--exact`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Terms marked wherever they occur.
    pub terms: HashSet<String>,
    pub phrases: Vec<Phrase>,
}

/// Terms with their positions relative to the first, and the slop allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub terms: Vec<(usize, String)>,
    pub slop: usize,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.phrases.is_empty()
    }
}

/// The quoted phrases of a query that search the default text field (no
/// `field:` before them, or `tekst:`/`exact:`), with their `~N` slop.
pub fn phrases_in_query(query: &str, text_fields: &[&str]) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut rest = query;
    let mut consumed = 0;
    while let Some(open) = rest.find('"') {
        let Some(len) = rest[open + 1..].find('"') else {
            break;
        };
        let phrase = &rest[open + 1..open + 1 + len];
        let after = &rest[open + len + 2..];
        let slop_digits: String = after
            .strip_prefix('~')
            .map(|s| s.chars().take_while(char::is_ascii_digit).collect())
            .unwrap_or_default();
        let before = &query[..consumed + open];
        let field = before
            .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '+' || c == '-')
            .next()
            .and_then(|w| w.strip_suffix(':'));
        if field.is_none_or(|f| text_fields.contains(&f)) {
            out.push((phrase.to_string(), slop_digits.parse().unwrap_or(0)));
        }
        let step = open + len + 2;
        consumed += step;
        rest = &rest[step..];
    }
    out
}

/// A token of the passage as the index sees it.
#[derive(Debug, Clone)]
struct Tok {
    position: usize,
    span: Range<usize>,
    term: String,
}

/// Analyses `text` like the index does (compound tails included), so the
/// marks agree with what matched.
fn index_tokens(text: &str, mode: Mode) -> Vec<Tok> {
    let mode = match mode {
        Mode::Stemmed => Mode::StemmedCompounds,
        other => other,
    };
    let mut tokenizer = DutchTokenizer::new(mode);
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push(Tok {
            position: t.position,
            span: t.offset_from..t.offset_to,
            term: t.text.clone(),
        });
    }
    out
}

/// Byte ranges of `text` to mark, sorted and not overlapping.
pub fn spans(text: &str, plan: &Plan, mode: Mode) -> Vec<Range<usize>> {
    if plan.is_empty() {
        return Vec::new();
    }
    let tokens = index_tokens(text, mode);
    let mut marks: Vec<Range<usize>> = tokens
        .iter()
        .filter(|t| plan.terms.contains(&t.term))
        .map(|t| t.span.clone())
        .collect();
    if !plan.phrases.is_empty() {
        let mut by_position: BTreeMap<usize, Vec<&Tok>> = BTreeMap::new();
        for t in &tokens {
            by_position.entry(t.position).or_default().push(t);
        }
        for phrase in &plan.phrases {
            marks.extend(phrase_matches(&by_position, phrase));
        }
    }
    merge(marks)
}

/// Spans from the first to the last word of each occurrence of `phrase`:
/// its words in order, each at most `slop` positions (in total) further
/// than the phrase puts it.
fn phrase_matches(by_position: &BTreeMap<usize, Vec<&Tok>>, phrase: &Phrase) -> Vec<Range<usize>> {
    let Some((_, first)) = phrase.terms.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (&start_pos, toks) in by_position {
        let Some(start) = toks.iter().find(|t| &t.term == first) else {
            continue;
        };
        let mut slop_left = phrase.slop;
        let mut prev_pos = start_pos;
        let mut prev_rel = 0;
        let mut end = start.span.end;
        let mut matched = true;
        for (rel, term) in &phrase.terms[1..] {
            let expected = prev_pos + (rel - prev_rel);
            let found = by_position
                .range(prev_pos + 1..=expected + slop_left)
                .find_map(|(&p, ts)| ts.iter().find(|t| &t.term == term).map(|t| (p, t)));
            match found {
                Some((p, t)) => {
                    slop_left -= p.saturating_sub(expected).min(slop_left);
                    prev_pos = p;
                    prev_rel = *rel;
                    end = end.max(t.span.end);
                }
                None => {
                    matched = false;
                    break;
                }
            }
        }
        if matched {
            out.push(start.span.start..end);
        }
    }
    out
}

fn merge(mut spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    spans.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for r in spans {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// A window of a passage with the marks in it, relative to the fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    pub text: String,
    pub marks: Vec<Range<usize>>,
}

/// The window of about `max_chars` characters holding the most marks,
/// cut at spaces, with "…" where text was left out.
pub fn best_fragment(text: &str, marks: &[Range<usize>], max_chars: usize) -> Fragment {
    let max_bytes = byte_len_of_chars(text, 0, max_chars);
    if text.len() <= max_bytes {
        return Fragment {
            text: text.to_string(),
            marks: marks.to_vec(),
        };
    }
    // Each mark in turn opens a window a fifth of which is lead-in; the
    // window with most complete marks wins (the earliest on ties).
    let lead = max_chars / 5;
    let mut best = (0usize, 0usize); // (marks inside, start)
    for (i, m) in marks.iter().enumerate() {
        let start = back_chars(text, m.start, lead);
        let end = start + byte_len_of_chars(text, start, max_chars);
        let inside = marks[i..].iter().take_while(|r| r.end <= end).count();
        if inside > best.0 {
            best = (inside, start);
        }
    }
    let mut start = best.1;
    let mut end = start + byte_len_of_chars(text, start, max_chars);
    // Cut at spaces, unless that would drop a mark or most of the window.
    if start > 0 {
        if let Some(i) = text[start..].find(' ') {
            let first_mark = marks.iter().find(|r| r.start >= start).map(|r| r.start);
            if i < max_bytes / 4 && first_mark.is_none_or(|m| start + i < m) {
                start += i + 1;
            }
        }
    }
    if end < text.len() {
        if let Some(i) = text[start..end].rfind(' ') {
            let last_mark = marks.iter().rev().find(|r| r.end <= end).map(|r| r.end);
            if start + i > start + max_bytes * 3 / 4 && last_mark.is_none_or(|m| start + i >= m) {
                end = start + i;
            }
        }
    }
    let prefix = if start > 0 { "…" } else { "" };
    let suffix = if end < text.len() { "…" } else { "" };
    let shift = prefix.len();
    Fragment {
        text: format!("{prefix}{}{suffix}", &text[start..end]),
        marks: marks
            .iter()
            .filter(|r| r.start >= start && r.end <= end)
            .map(|r| r.start - start + shift..r.end - start + shift)
            .collect(),
    }
}

/// Bytes taken by the `n` characters of `text` from `from` (fewer at the end).
fn byte_len_of_chars(text: &str, from: usize, n: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(n)
        .map_or(text.len() - from, |(i, _)| i)
}

/// The byte offset `n` characters before `at` (0 at the start).
fn back_chars(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
        .min(at)
}

/// `text` with the marks wrapped in `<b>…</b>`, HTML-escaped.
pub fn to_html(fragment: &Fragment) -> String {
    let mut out = String::with_capacity(fragment.text.len() + 16);
    let mut last = 0;
    for m in &fragment.marks {
        escape_into(&fragment.text[last..m.start], &mut out);
        out.push_str("<b>");
        escape_into(&fragment.text[m.clone()], &mut out);
        out.push_str("</b>");
        last = m.end;
    }
    escape_into(&fragment.text[last..], &mut out);
    out
}

pub fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(terms: &[&str], phrases: &[(&[&str], usize)]) -> Plan {
        Plan {
            terms: terms.iter().map(|t| t.to_string()).collect(),
            phrases: phrases
                .iter()
                .map(|(ts, slop)| Phrase {
                    terms: ts
                        .iter()
                        .enumerate()
                        .map(|(i, t)| (i, t.to_string()))
                        .collect(),
                    slop: *slop,
                })
                .collect(),
        }
    }

    fn marked<'t>(text: &'t str, plan: &Plan) -> Vec<&'t str> {
        spans(text, plan, Mode::Stemmed)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn phrases_are_marked_as_one_span_and_only_where_they_match() {
        let text = "De looptijd van de deal is kort. Een andere deal loopt nog.";
        // Stems: looptijd, deal; "van de" are stop words but keep positions.
        let p = plan(&[], &[(&["looptijd", "deal"], 5)]);
        assert_eq!(marked(text, &p), vec!["looptijd van de deal"]);
        let tight = plan(&[], &[(&["looptijd", "deal"], 0)]);
        assert!(marked(text, &tight).is_empty());
    }

    #[test]
    fn loose_terms_and_stems_and_compound_tails() {
        let text = "Borging is lastig; het resultaat wordt geborgd in de woningbouwopgave.";
        let p = plan(&["borg", "bouwopgav"], &[]);
        assert_eq!(
            marked(text, &p),
            vec!["Borging", "geborgd", "woningbouwopgave"]
        );
    }

    #[test]
    fn query_phrases_are_found_outside_other_fields() {
        let fields = ["tekst", "exact"];
        assert_eq!(
            phrases_in_query(r#""looptijd deal"~5 AND persoon:"Irene Dekker""#, &fields),
            vec![("looptijd deal".to_string(), 5)]
        );
        assert_eq!(
            phrases_in_query(r#"tekst:"slimme stad" "open""#, &fields),
            vec![("slimme stad".to_string(), 0), ("open".to_string(), 0)]
        );
        assert!(phrases_in_query(r#"unclosed "quote"#, &fields).is_empty());
    }

    #[test]
    fn fragment_holds_the_marks_and_is_cut_at_spaces() {
        let text = format!("{} borging {}", "woord ".repeat(60), "ander ".repeat(60));
        let start = text.find("borging").unwrap();
        let marks: Vec<Range<usize>> = std::iter::once(start..start + 7).collect();
        let f = best_fragment(&text, &marks, 60);
        assert!(
            f.text.starts_with('…') && f.text.ends_with('…'),
            "{}",
            f.text
        );
        assert_eq!(f.marks.len(), 1);
        assert_eq!(&f.text[f.marks[0].clone()], "borging");
        assert!(f.text.chars().count() <= 62);
        let whole: Vec<Range<usize>> = std::iter::once(0..4).collect();
        let short = best_fragment("kort", &whole, 60);
        assert_eq!(short.text, "kort");
        assert_eq!(to_html(&short), "<b>kort</b>");
    }

    #[test]
    fn fragments_of_multibyte_text_stay_on_char_boundaries() {
        let text = "ë".repeat(300) + " ideeën " + &"é".repeat(300);
        let at = text.find("ideeën").unwrap();
        let marks: Vec<Range<usize>> = std::iter::once(at..at + "ideeën".len()).collect();
        let f = best_fragment(&text, &marks, 50);
        assert_eq!(&f.text[f.marks[0].clone()], "ideeën");
    }
}
