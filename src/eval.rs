//! Scoring of the language work against hand-annotated data. Pure: the
//! command reads the files and runs the analysis; this module compares.
//!
//! Question detection is scored per session: a found question matches a
//! gold question when their folded word sets overlap with a Jaccard index
//! of at least [`QUESTION_MATCH_JACCARD`] (the gold text and the detector
//! may differ by a lead-in word or a closing quote). Matching is one to one,
//! best overlap first. Askers are scored on matched questions only: a found
//! asker is right when all its words occur in the gold asker's name
//! ("Henk Jan" for "Henk Jan Bierling"), and a missing asker is right when
//! the gold asker is empty too.

use crate::text;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

pub const QUESTION_MATCH_JACCARD: f64 = 0.5;

/// One annotated or detected question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledQuestion {
    pub session: String,
    pub text: String,
    pub asker: Option<String>,
}

/// Precision, recall and F1 in percent (the entity scorer's type:
/// `predicted` counts the questions found).
pub use crate::entities::Prf;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionScores {
    pub questions: Prf,
    /// Of the matched questions: how many askers were right.
    pub askers_correct: usize,
    pub askers_matched: usize,
    /// Gold questions that were not found, for error analysis.
    #[serde(skip)]
    pub missed: Vec<LabelledQuestion>,
    /// Found questions that match no gold question.
    #[serde(skip)]
    pub spurious: Vec<LabelledQuestion>,
    /// Matched questions with the wrong asker: (gold, found).
    #[serde(skip)]
    pub wrong_askers: Vec<(LabelledQuestion, LabelledQuestion)>,
}

fn word_set(s: &str) -> BTreeSet<String> {
    text::tokens(s)
        .filter(|t| t.kind != text::TokenKind::Punct)
        .map(|t| text::fold(&s[t.start..t.end]).into_owned())
        .collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

fn asker_right(found: Option<&str>, gold: Option<&str>) -> bool {
    match (found, gold) {
        (None, None) => true,
        (Some(f), Some(g)) => {
            let g = word_set(g);
            let f = word_set(f);
            !f.is_empty() && f.is_subset(&g)
        }
        _ => false,
    }
}

/// Scores `found` against `gold`; both may list many sessions.
pub fn score_questions(gold: &[LabelledQuestion], found: &[LabelledQuestion]) -> QuestionScores {
    let mut by_session: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, g) in gold.iter().enumerate() {
        by_session.entry(&g.session).or_default().0.push(i);
    }
    for (i, f) in found.iter().enumerate() {
        by_session.entry(&f.session).or_default().1.push(i);
    }
    let gold_words: Vec<_> = gold.iter().map(|q| word_set(&q.text)).collect();
    let found_words: Vec<_> = found.iter().map(|q| word_set(&q.text)).collect();

    let (mut correct, mut askers_correct) = (0, 0);
    let mut wrong_askers = Vec::new();
    let mut gold_hit = vec![false; gold.len()];
    let mut found_hit = vec![false; found.len()];
    for (gs, fs) in by_session.values() {
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for &g in gs {
            for &f in fs {
                let j = jaccard(&gold_words[g], &found_words[f]);
                if j >= QUESTION_MATCH_JACCARD {
                    pairs.push((j, g, f));
                }
            }
        }
        // Best overlap first; ties by position so the result is stable.
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        for (_, g, f) in pairs {
            if gold_hit[g] || found_hit[f] {
                continue;
            }
            gold_hit[g] = true;
            found_hit[f] = true;
            correct += 1;
            if asker_right(found[f].asker.as_deref(), gold[g].asker.as_deref()) {
                askers_correct += 1;
            } else {
                wrong_askers.push((gold[g].clone(), found[f].clone()));
            }
        }
    }
    QuestionScores {
        questions: Prf::from_counts(gold.len(), found.len(), correct),
        askers_correct,
        askers_matched: correct,
        missed: gold
            .iter()
            .zip(&gold_hit)
            .filter(|(_, &hit)| !hit)
            .map(|(q, _)| q.clone())
            .collect(),
        spurious: found
            .iter()
            .zip(&found_hit)
            .filter(|(_, &hit)| !hit)
            .map(|(q, _)| q.clone())
            .collect(),
        wrong_askers,
    }
}

/// Error in an annotation file, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct GoldError {
    pub line: usize,
    pub reason: String,
}

/// Parses the questions gold file: a TSV with the header
/// `session\tkind\tasker\tquestion`.
pub fn parse_question_gold(src: &str) -> Result<Vec<LabelledQuestion>, GoldError> {
    let mut lines = src.lines().enumerate();
    match lines.next() {
        Some((_, header)) if header.trim_end() == "session\tkind\tasker\tquestion" => {}
        _ => {
            return Err(GoldError {
                line: 1,
                reason: "expected the header `session<TAB>kind<TAB>asker<TAB>question`".into(),
            })
        }
    }
    let mut out = Vec::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 4 {
            return Err(GoldError {
                line: i + 1,
                reason: format!("expected 4 tab-separated columns, found {}", cols.len()),
            });
        }
        if !matches!(cols[1], "direct" | "indirect") {
            return Err(GoldError {
                line: i + 1,
                reason: format!("kind must be direct or indirect, not {:?}", cols[1]),
            });
        }
        out.push(LabelledQuestion {
            session: cols[0].to_string(),
            asker: Some(cols[2].trim())
                .filter(|a| !a.is_empty())
                .map(str::to_string),
            text: cols[3].to_string(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(session: &str, text: &str, asker: Option<&str>) -> LabelledQuestion {
        LabelledQuestion {
            session: session.into(),
            text: text.into(),
            asker: asker.map(str::to_string),
        }
    }

    #[test]
    fn prf_by_hand() {
        let p = Prf::from_counts(4, 2, 1);
        assert_eq!(p.precision, 50.0);
        assert_eq!(p.recall, 25.0);
        assert!((p.f1 - 33.333).abs() < 0.01);
        assert_eq!(Prf::from_counts(0, 0, 0).f1, 0.0);
    }

    #[test]
    fn matching_is_one_to_one_within_a_session() {
        let gold = vec![
            q("a", "hoe borg je de resultaten", Some("Henk Jan Bierling")),
            q("a", "wie betaalt dit?", None),
            q("b", "hoe borg je de resultaten", None),
        ];
        let found = vec![
            q("a", "hoe borg je de resultaten?", Some("Henk Jan")),
            q("a", "hoe borg je de resultaten", None),
            q("b", "iets heel anders", None),
        ];
        let s = score_questions(&gold, &found);
        assert_eq!(s.questions.correct, 1, "one gold question can match once");
        assert_eq!(s.questions.predicted, 3);
        assert_eq!(s.askers_correct, 1);
        assert_eq!(s.missed.len(), 2);
        assert_eq!(s.spurious.len(), 2);
    }

    #[test]
    fn asker_rules() {
        assert!(asker_right(Some("Henk Jan"), Some("Henk Jan Bierling")));
        assert!(!asker_right(Some("Martine"), Some("Henk Jan Bierling")));
        assert!(asker_right(None, None));
        assert!(!asker_right(None, Some("X Y")));
    }

    #[test]
    fn gold_errors_have_line_numbers() {
        assert_eq!(parse_question_gold("bad header\n").unwrap_err().line, 1);
        let src = "session\tkind\tasker\tquestion\na\tdirect\t\tWat?\nb\tother\t\tx\n";
        assert_eq!(parse_question_gold(src).unwrap_err().line, 3);
        let src = "session\tkind\tasker\tquestion\na\tdirect\t\tWat?\n";
        assert_eq!(parse_question_gold(src).unwrap().len(), 1);
    }
}
