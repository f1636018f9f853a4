//! Entity-level scoring with the semantics of the CoNLL `conlleval` script: an entity counts
//! as correct only when its type and both boundaries match; precision, recall and F1 are
//! micro-averaged and given in percent.

use std::collections::BTreeMap;
use std::time::Instant;

use super::{ConllSentence, EntitySpan, EntityType, Tag, Tagger};

/// Entity spans in a BIO tag sequence, read the way conlleval reads them: a chunk starts at
/// `B-X`, and at `I-X` after `O` or after a tag of another type (so IOB1 and IOB2 both work).
pub fn spans_from_tags(tags: &[Tag]) -> Vec<EntitySpan> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, &tag) in tags.iter().enumerate() {
        let starts = match (tag, open) {
            (Tag::O, _) => false,
            (Tag::B(_), _) => true,
            (Tag::I(t), Some((_, open_type))) => t != open_type,
            (Tag::I(_), None) => true,
        };
        if let Some((start, kind)) = open {
            if starts || tag == Tag::O {
                spans.push(EntitySpan {
                    start,
                    end: i,
                    kind,
                });
                open = None;
            }
        }
        if starts {
            open = tag.entity_type().map(|t| (i, t));
        }
    }
    if let Some((start, kind)) = open {
        spans.push(EntitySpan {
            start,
            end: tags.len(),
            kind,
        });
    }
    spans
}

/// Precision, recall and F1 in percent, with the counts they come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Entities in the gold data.
    pub gold: usize,
    /// Entities the tagger proposed.
    pub predicted: usize,
    /// Proposed entities that match a gold entity exactly.
    pub correct: usize,
}

impl Prf {
    pub fn from_counts(gold: usize, predicted: usize, correct: usize) -> Prf {
        let pct = |num: usize, den: usize| {
            if den == 0 {
                0.0
            } else {
                100.0 * num as f64 / den as f64
            }
        };
        let precision = pct(correct, predicted);
        let recall = pct(correct, gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
            gold,
            predicted,
            correct,
        }
    }
}

/// Overall and per-type scores. `per_type` always holds all four types.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Scores {
    pub overall: Prf,
    pub per_type: BTreeMap<EntityType, Prf>,
    /// Tokens scored.
    pub tokens: usize,
    /// Share of tokens whose tag is exactly right, in percent (conlleval's "accuracy").
    pub token_accuracy: f64,
}

/// Scores predicted tags against gold tags, sentence by sentence.
///
/// # Panics
/// When the two sides differ in the number of sentences or of tokens in a sentence: that is
/// a bug in the caller, not a property of the data.
pub fn score(gold: &[Vec<Tag>], predicted: &[Vec<Tag>]) -> Scores {
    assert_eq!(
        gold.len(),
        predicted.len(),
        "gold and predicted sentence counts differ"
    );
    let mut counts: BTreeMap<EntityType, [usize; 3]> =
        EntityType::ALL.iter().map(|&t| (t, [0; 3])).collect();
    let (mut tokens, mut right_tokens) = (0, 0);
    for (g, p) in gold.iter().zip(predicted) {
        assert_eq!(
            g.len(),
            p.len(),
            "gold and predicted sentence lengths differ"
        );
        tokens += g.len();
        right_tokens += g.iter().zip(p).filter(|(a, b)| a == b).count();
        let gold_spans = spans_from_tags(g);
        let pred_spans = spans_from_tags(p);
        for s in &gold_spans {
            counts.get_mut(&s.kind).expect("all types present")[0] += 1;
        }
        for s in &pred_spans {
            let c = counts.get_mut(&s.kind).expect("all types present");
            c[1] += 1;
            // Both lists are sorted by start and spans do not overlap.
            if gold_spans.binary_search(s).is_ok() {
                c[2] += 1;
            }
        }
    }
    let per_type: BTreeMap<EntityType, Prf> = counts
        .iter()
        .map(|(&t, c)| (t, Prf::from_counts(c[0], c[1], c[2])))
        .collect();
    let sum = |i: usize| counts.values().map(|c| c[i]).sum::<usize>();
    Scores {
        overall: Prf::from_counts(sum(0), sum(1), sum(2)),
        per_type,
        tokens,
        token_accuracy: if tokens == 0 {
            0.0
        } else {
            100.0 * right_tokens as f64 / tokens as f64
        },
    }
}

/// Scores plus speed of one tagging run over a data set.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Evaluation {
    pub scores: Scores,
    pub tokens: usize,
    /// Wall-clock seconds spent tagging (not parsing or scoring).
    pub seconds: f64,
    pub tokens_per_second: f64,
}

/// Tags every document (runs of sentences with the same [`ConllSentence::document`]) on the
/// calling thread and scores the result against the gold tags.
pub fn evaluate(tagger: &Tagger, sentences: &[ConllSentence]) -> Evaluation {
    let inputs: Vec<Vec<&str>> = sentences.iter().map(ConllSentence::token_strs).collect();
    let slices: Vec<&[&str]> = inputs.iter().map(Vec::as_slice).collect();
    let started = Instant::now();
    let mut predicted: Vec<Vec<Tag>> = Vec::with_capacity(sentences.len());
    let mut start = 0;
    while start < sentences.len() {
        let doc = sentences[start].document;
        let end = start
            + sentences[start..]
                .iter()
                .take_while(|s| s.document == doc)
                .count();
        predicted.extend(tagger.tag_document(&slices[start..end]));
        start = end;
    }
    let seconds = started.elapsed().as_secs_f64();
    let gold: Vec<Vec<Tag>> = sentences.iter().map(|s| s.tags.clone()).collect();
    let scores = score(&gold, &predicted);
    let tokens = scores.tokens;
    Evaluation {
        scores,
        tokens,
        seconds,
        tokens_per_second: if seconds > 0.0 {
            tokens as f64 / seconds
        } else {
            0.0
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityType::*;

    fn tags(s: &str) -> Vec<Tag> {
        s.split_whitespace().map(|t| t.parse().unwrap()).collect()
    }

    fn span(start: usize, end: usize, kind: EntityType) -> EntitySpan {
        EntitySpan { start, end, kind }
    }

    #[test]
    fn spans_follow_conlleval() {
        let cases: &[(&str, Vec<EntitySpan>)] = &[
            ("O O", vec![]),
            ("B-PER I-PER O", vec![span(0, 2, Per)]),
            // IOB1: I- after O starts a chunk.
            ("O I-LOC I-LOC", vec![span(1, 3, Loc)]),
            // B- right after a chunk of the same type starts a new one.
            ("B-PER B-PER", vec![span(0, 1, Per), span(1, 2, Per)]),
            ("I-PER I-PER B-PER", vec![span(0, 2, Per), span(2, 3, Per)]),
            // Type change inside I- splits.
            ("B-ORG I-LOC", vec![span(0, 1, Org), span(1, 2, Loc)]),
            ("I-MISC", vec![span(0, 1, Misc)]),
        ];
        for (input, want) in cases {
            assert_eq!(&spans_from_tags(&tags(input)), want, "{input}");
        }
    }

    #[test]
    fn partial_matches_do_not_count() {
        // gold: [Jan Peeters](PER) in [Gent](LOC); predicted: [Jan](PER) [Peeters](PER) in [Gent](ORG)
        let gold = vec![tags("B-PER I-PER O B-LOC")];
        let pred = vec![tags("B-PER B-PER O B-ORG")];
        let s = score(&gold, &pred);
        assert_eq!(
            (s.overall.gold, s.overall.predicted, s.overall.correct),
            (2, 3, 0)
        );
        assert_eq!(s.overall.f1, 0.0);
        assert_eq!(s.per_type[&Org].predicted, 1);
        assert_eq!(s.token_accuracy, 50.0);
    }

    #[test]
    fn hand_computed_micro_average() {
        let gold = vec![tags("B-PER I-PER O B-LOC O"), tags("B-ORG O B-MISC I-MISC")];
        let pred = vec![tags("B-PER I-PER O B-LOC B-LOC"), tags("B-ORG O B-MISC O")];
        let s = score(&gold, &pred);
        // gold 4, predicted 5, correct 3 (PER, LOC, ORG)
        assert_eq!(
            (s.overall.gold, s.overall.predicted, s.overall.correct),
            (4, 5, 3)
        );
        assert!((s.overall.precision - 60.0).abs() < 1e-9);
        assert!((s.overall.recall - 75.0).abs() < 1e-9);
        assert!((s.overall.f1 - 2.0 * 60.0 * 75.0 / 135.0).abs() < 1e-9);
        assert!((s.per_type[&Loc].precision - 50.0).abs() < 1e-9);
        assert_eq!(s.per_type[&Misc].f1, 0.0);
        assert_eq!(s.per_type[&Per].f1, 100.0);
    }

    #[test]
    fn iob1_and_iob2_spellings_score_the_same() {
        let gold = vec![tags("B-PER I-PER O B-LOC")];
        let pred = vec![tags("I-PER I-PER O I-LOC")];
        assert_eq!(score(&gold, &pred).overall.f1, 100.0);
    }
}
