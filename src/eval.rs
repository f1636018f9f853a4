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
    /// The one-to-one matches: (gold index, found index).
    #[serde(skip)]
    pub matched: Vec<(usize, usize)>,
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
    let mut matched = Vec::new();
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
            matched.push((g, f));
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
        matched,
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

// ---------------------------------------------------------------------------
// Speaker turns: answers and commitments
// ---------------------------------------------------------------------------

/// A question in speaker-turn minutes with who answered it (`None`: open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnQuestion {
    pub question: LabelledQuestion,
    pub answered_by: Option<String>,
}

/// An annotated or detected commitment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledCommitment {
    pub session: String,
    pub passage: u32,
    pub by: Option<String>,
    pub item: Option<String>,
    pub deadline: Option<String>,
    /// What was promised (for reading; not scored).
    pub text: String,
}

/// Scores for speaker-turn minutes. Questions are matched as in
/// [`score_questions`]; askers and answers are scored on matched questions.
/// Commitments match one to one on session, passage and committer (by the
/// asker rule); deadline and item are scored on matched commitments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnScores {
    pub questions: Prf,
    pub askers_correct: usize,
    /// Matched questions answered by the gold speaker, or open in both.
    pub answers_correct: usize,
    pub matched: usize,
    /// Of the matched questions, how many the gold leaves open.
    pub gold_open: usize,
    pub commitments: Prf,
    pub deadlines_correct: usize,
    pub items_correct: usize,
    #[serde(skip)]
    pub question_errors: QuestionScores,
    /// Matched questions with the wrong answer: (gold, found answerer).
    #[serde(skip)]
    pub wrong_answers: Vec<(TurnQuestion, Option<String>)>,
    #[serde(skip)]
    pub missed_commitments: Vec<LabelledCommitment>,
    #[serde(skip)]
    pub spurious_commitments: Vec<LabelledCommitment>,
    /// Matched commitments with another deadline: (gold, found).
    #[serde(skip)]
    pub wrong_deadlines: Vec<(LabelledCommitment, LabelledCommitment)>,
}

/// A deadline is right when both are absent, or when one contains the
/// other after folding: the gold keeps the whole phrase ("bij de
/// begrotingsbehandeling in november"), the detector may keep its core
/// ("in november").
fn deadline_right(found: Option<&str>, gold: Option<&str>) -> bool {
    match (found, gold) {
        (None, None) => true,
        (Some(f), Some(g)) => {
            let (f, g) = (text::fold(f.trim()), text::fold(g.trim()));
            !f.is_empty() && (f.contains(g.as_ref()) || g.contains(f.as_ref()))
        }
        _ => false,
    }
}

/// Scores questions with their answers and commitments; the found lists
/// should hold only the sessions the gold covers.
pub fn score_turns(
    gold_questions: &[TurnQuestion],
    found_questions: &[TurnQuestion],
    gold_commitments: &[LabelledCommitment],
    found_commitments: &[LabelledCommitment],
) -> TurnScores {
    let g: Vec<_> = gold_questions.iter().map(|q| q.question.clone()).collect();
    let f: Vec<_> = found_questions.iter().map(|q| q.question.clone()).collect();
    let question_errors = score_questions(&g, &f);
    let mut answers_correct = 0;
    let mut gold_open = 0;
    let mut wrong_answers = Vec::new();
    for &(gi, fi) in &question_errors.matched {
        let gold = &gold_questions[gi];
        let found = found_questions[fi].answered_by.as_deref();
        gold_open += usize::from(gold.answered_by.is_none());
        if asker_right(found, gold.answered_by.as_deref()) {
            answers_correct += 1;
        } else {
            wrong_answers.push((gold.clone(), found.map(str::to_string)));
        }
    }

    let mut found_hit = vec![false; found_commitments.len()];
    let mut gold_hit = vec![false; gold_commitments.len()];
    let (mut deadlines_correct, mut items_correct, mut correct) = (0, 0, 0);
    let mut wrong_deadlines = Vec::new();
    for (gi, gold) in gold_commitments.iter().enumerate() {
        let hit = found_commitments.iter().enumerate().position(|(fi, c)| {
            !found_hit[fi]
                && c.session == gold.session
                && c.passage == gold.passage
                && gold.by.is_some()
                && asker_right(c.by.as_deref(), gold.by.as_deref())
        });
        let Some(fi) = hit else { continue };
        found_hit[fi] = true;
        gold_hit[gi] = true;
        correct += 1;
        let found = &found_commitments[fi];
        if deadline_right(found.deadline.as_deref(), gold.deadline.as_deref()) {
            deadlines_correct += 1;
        } else {
            wrong_deadlines.push((gold.clone(), found.clone()));
        }
        if found.item.as_deref().map(str::trim) == gold.item.as_deref().map(str::trim) {
            items_correct += 1;
        }
    }
    let unmatched = |list: &[LabelledCommitment], hit: &[bool]| -> Vec<LabelledCommitment> {
        list.iter()
            .zip(hit)
            .filter(|(_, &h)| !h)
            .map(|(c, _)| c.clone())
            .collect()
    };
    TurnScores {
        questions: question_errors.questions,
        askers_correct: question_errors.askers_correct,
        answers_correct,
        matched: question_errors.matched.len(),
        gold_open,
        commitments: Prf::from_counts(gold_commitments.len(), found_commitments.len(), correct),
        deadlines_correct,
        items_correct,
        wrong_answers,
        missed_commitments: unmatched(gold_commitments, &gold_hit),
        spurious_commitments: unmatched(found_commitments, &found_hit),
        wrong_deadlines,
        question_errors,
    }
}

fn check_header(src: &str, expected: &str) -> Result<(), GoldError> {
    match src.lines().next() {
        Some(header) if header.trim_end() == expected => Ok(()),
        _ => Err(GoldError {
            line: 1,
            reason: format!("expected the header `{}`", expected.replace('\t', "<TAB>")),
        }),
    }
}

/// Rows after the header, split on tabs, with their 1-based line numbers;
/// each must have `columns` columns.
fn rows(src: &str, columns: usize) -> Result<Vec<(usize, Vec<&str>)>, GoldError> {
    let mut out = Vec::new();
    for (i, line) in src.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != columns {
            return Err(GoldError {
                line: i + 1,
                reason: format!(
                    "expected {columns} tab-separated columns, found {}",
                    cols.len()
                ),
            });
        }
        out.push((i + 1, cols));
    }
    Ok(out)
}

fn optional(s: &str) -> Option<String> {
    Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string)
}

pub const TURN_GOLD_HEADER: &str = "session\tkind\tasker\tanswered_by\tquestion";
pub const COMMITMENT_GOLD_HEADER: &str = "session\tpassage\tby\titem\tdeadline\tcommitment";

/// Parses the turn questions gold: `session, kind, asker, answered_by,
/// question`; an empty `answered_by` means the question stays open.
pub fn parse_turn_gold(src: &str) -> Result<Vec<TurnQuestion>, GoldError> {
    check_header(src, TURN_GOLD_HEADER)?;
    rows(src, 5)?
        .into_iter()
        .map(|(line, c)| {
            if !matches!(c[1], "direct" | "indirect") {
                return Err(GoldError {
                    line,
                    reason: format!("kind must be direct or indirect, not {:?}", c[1]),
                });
            }
            Ok(TurnQuestion {
                question: LabelledQuestion {
                    session: c[0].to_string(),
                    asker: optional(c[2]),
                    text: c[4].to_string(),
                },
                answered_by: optional(c[3]),
            })
        })
        .collect()
}

/// Parses the commitments gold: `session, passage, by, item, deadline,
/// commitment`; `passage` is the 1-based paragraph number.
pub fn parse_commitment_gold(src: &str) -> Result<Vec<LabelledCommitment>, GoldError> {
    check_header(src, COMMITMENT_GOLD_HEADER)?;
    rows(src, 6)?
        .into_iter()
        .map(|(line, c)| {
            let passage = c[1].trim().parse::<u32>().map_err(|_| GoldError {
                line,
                reason: format!("passage must be a number, not {:?}", c[1]),
            })?;
            Ok(LabelledCommitment {
                session: c[0].to_string(),
                passage,
                by: optional(c[2]),
                item: optional(c[3]),
                deadline: optional(c[4]),
                text: c[5].to_string(),
            })
        })
        .collect()
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

    fn tq(session: &str, text: &str, by: Option<&str>) -> TurnQuestion {
        TurnQuestion {
            question: q(session, text, Some("A. Lid")),
            answered_by: by.map(str::to_string),
        }
    }

    fn c(session: &str, passage: u32, by: &str, deadline: Option<&str>) -> LabelledCommitment {
        LabelledCommitment {
            session: session.into(),
            passage,
            by: Some(by.into()),
            item: Some("Agendapunt 3. Begroting".into()),
            deadline: deadline.map(str::to_string),
            text: String::new(),
        }
    }

    #[test]
    fn turn_scores_by_hand() {
        let gold = vec![
            tq("a", "Wat kost het?", Some("J. Postma")),
            tq("a", "Wie betaalt?", None),
            tq("a", "Komt er een voorstel?", Some("J. Postma")),
        ];
        let found = vec![
            tq("a", "Wat kost het?", Some("Postma")),
            tq("a", "Wie betaalt?", Some("J. Postma")),
            tq("a", "Komt er een voorstel?", None),
        ];
        let gold_c = vec![
            c(
                "a",
                5,
                "J. Postma",
                Some("bij de begrotingsbehandeling in november"),
            ),
            c("a", 7, "J. Postma", None),
            c("a", 9, "J. Postma", Some("in april")),
        ];
        let found_c = vec![
            c("a", 5, "Postma", Some("in november")),
            c("a", 7, "J. Postma", Some("voor de zomer")),
            c("a", 8, "J. Postma", None),
        ];
        let s = score_turns(&gold, &found, &gold_c, &found_c);
        assert_eq!((s.matched, s.answers_correct, s.gold_open), (3, 1, 1));
        assert_eq!(s.wrong_answers.len(), 2);
        assert_eq!((s.commitments.correct, s.commitments.predicted), (2, 3));
        assert_eq!(
            s.deadlines_correct, 1,
            "containment counts, an extra deadline does not"
        );
        assert_eq!(s.items_correct, 2);
        assert_eq!(s.missed_commitments[0].passage, 9);
        assert_eq!(s.spurious_commitments[0].passage, 8);
    }

    #[test]
    fn turn_gold_parsing() {
        let src = format!("{TURN_GOLD_HEADER}\na\tdirect\tX\t\tWat?\n");
        let parsed = parse_turn_gold(&src).unwrap();
        assert_eq!(parsed[0].answered_by, None);
        assert_eq!(parse_turn_gold("session\tkind\n").unwrap_err().line, 1);
        let src = format!("{COMMITMENT_GOLD_HEADER}\na\tvijf\tX\t\t\ttekst\n");
        assert_eq!(parse_commitment_gold(&src).unwrap_err().line, 2);
        let src = format!("{COMMITMENT_GOLD_HEADER}\na\t5\tX\tPunt 2\t\ttekst\n");
        let parsed = parse_commitment_gold(&src).unwrap();
        assert_eq!((parsed[0].passage, parsed[0].deadline.clone()), (5, None));
    }
}
