//! `notulen eval …`: quality measurements printed as tables or JSON.

use super::output::{write_stdout, Outcome};
use crate::cli::{EvalNerArgs, EvalQuestionsArgs, EvalTurnsArgs};
use crate::corpus;
use crate::entities::{self, Tagger};
use crate::eval::{self, LabelledCommitment, LabelledQuestion, QuestionScores, TurnQuestion};
use crate::index::{IndexView, Store};
use crate::pipeline::{self, Analysers};
use crate::questions;
use crate::text;
use anyhow::Context as _;
use std::fmt::Write as _;
use std::time::Instant;

pub fn questions(args: EvalQuestionsArgs) -> anyhow::Result<Outcome> {
    let gold_src = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("cannot read {}", args.gold.display()))?;
    let gold = eval::parse_question_gold(&gold_src)
        .with_context(|| format!("in {}", args.gold.display()))?;

    let (files, errors) = corpus::discover(std::slice::from_ref(&args.corpus));
    if let Some(e) = errors.first() {
        anyhow::bail!("{e}");
    }
    let analysers = Analysers::default_nl();
    let mut ws = analysers.workspace();
    let (mut found, mut baseline) = (Vec::new(), Vec::new());
    let started = Instant::now();
    let mut words = 0u64;
    for file in &files {
        let session = corpus::read(file)?;
        for span in text::paragraphs(&session.text) {
            for q in questions::baseline_detect(&session.text[span]) {
                baseline.push(LabelledQuestion {
                    session: file.id.clone(),
                    text: q.text,
                    asker: q.asker,
                });
            }
        }
        let analysed = pipeline::analyse(session, &analysers, &mut ws);
        words += analysed.words;
        for q in analysed.record.questions {
            found.push(LabelledQuestion {
                session: file.id.clone(),
                text: q.text,
                asker: q.asker,
            });
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let full = eval::score_questions(&gold, &found);
    let base = eval::score_questions(&gold, &baseline);

    let out = if args.json {
        let v = serde_json::json!({
            "gold": args.gold.display().to_string(),
            "sessions": files.len(),
            "words": words,
            "detector": full,
            "baseline": base,
            "seconds": seconds,
        });
        format!("{}\n", serde_json::to_string_pretty(&v)?)
    } else {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "question detection on {} ({} sessions, {} gold questions)\n",
            args.corpus.display(),
            files.len(),
            gold.len()
        );
        let _ = writeln!(
            s,
            "{:<28} {:>6} {:>6} {:>9} {:>7} {:>7} {:>7}",
            "method", "found", "right", "precision", "recall", "F1", "askers"
        );
        for (name, sc) in [
            ("detector (notulen)", &full),
            ("baseline: ends in '?'", &base),
        ] {
            let _ = writeln!(
                s,
                "{:<28} {:>6} {:>6} {:>8.1}% {:>6.1}% {:>7.1} {:>3}/{:<3}",
                name,
                sc.questions.predicted,
                sc.questions.correct,
                sc.questions.precision,
                sc.questions.recall,
                sc.questions.f1,
                sc.askers_correct,
                sc.askers_matched
            );
        }
        let _ = writeln!(s, "\nanalysis time: {seconds:.3} s for {words} words");
        if args.verbose {
            list(&mut s, "missed", &full);
        }
        s
    };
    write_stdout(&out)?;
    Ok(Outcome::Success)
}

fn list(s: &mut String, what: &str, scores: &QuestionScores) {
    let _ = writeln!(s, "\nwrong askers (gold → found):");
    for (g, f) in &scores.wrong_askers {
        let _ = writeln!(
            s,
            "  ~ [{}] {} → {}: {}",
            g.session,
            g.asker.as_deref().unwrap_or("-"),
            f.asker.as_deref().unwrap_or("-"),
            g.text
        );
    }
    let _ = writeln!(s, "\n{what}:");
    for q in &scores.missed {
        let _ = writeln!(s, "  - [{}] {}", q.session, q.text);
    }
    let _ = writeln!(s, "\nspurious:");
    for q in &scores.spurious {
        let _ = writeln!(
            s,
            "  + [{}] {} (asker: {})",
            q.session,
            q.text,
            q.asker.as_deref().unwrap_or("-")
        );
    }
}

fn read_gold(path: &std::path::Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read the gold file {} (pass --gold / --commitments)",
            path.display()
        )
    })
}

/// `notulen eval turns`: scores the session records stored in the index,
/// so the numbers describe what the reports show.
pub fn turns(args: EvalTurnsArgs) -> anyhow::Result<Outcome> {
    let gold_questions = eval::parse_turn_gold(&read_gold(&args.gold)?)
        .with_context(|| format!("in {}", args.gold.display()))?;
    let gold_commitments = eval::parse_commitment_gold(&read_gold(&args.commitments)?)
        .with_context(|| format!("in {}", args.commitments.display()))?;
    let view = IndexView::open(&Store::new(&args.index))?;
    let sessions = view.session_records(None, None)?;

    let covered: std::collections::BTreeSet<&str> = gold_questions
        .iter()
        .map(|q| q.question.session.as_str())
        .chain(gold_commitments.iter().map(|c| c.session.as_str()))
        .collect();
    let missing: Vec<&str> = covered
        .iter()
        .filter(|s| !sessions.iter().any(|r| r.id == **s))
        .copied()
        .collect();
    if !missing.is_empty() {
        anyhow::bail!(
            "the index {} lacks {} annotated session(s) ({}); run `notulen run` over the annotated corpus first",
            args.index.display(),
            missing.len(),
            missing.join(", ")
        );
    }
    let (mut found_questions, mut found_commitments) = (Vec::new(), Vec::new());
    for record in sessions.iter().filter(|r| covered.contains(r.id.as_str())) {
        for q in &record.questions {
            found_questions.push(TurnQuestion {
                question: LabelledQuestion {
                    session: record.id.clone(),
                    text: q.text.clone(),
                    asker: q.asker.clone(),
                },
                answered_by: q.answer.as_ref().and_then(|a| a.speaker.clone()),
            });
        }
        for c in &record.commitments {
            found_commitments.push(LabelledCommitment {
                session: record.id.clone(),
                passage: c.passage,
                by: c.by.clone(),
                item: c.item.clone(),
                deadline: c.deadline.clone(),
                text: c.text.clone(),
            });
        }
    }
    let scores = eval::score_turns(
        &gold_questions,
        &found_questions,
        &gold_commitments,
        &found_commitments,
    );
    let pct = |n: usize, d: usize| {
        if d == 0 {
            0.0
        } else {
            100.0 * n as f64 / d as f64
        }
    };

    let out = if args.json {
        let v = serde_json::json!({
            "index": view.path.display().to_string(),
            "gold": args.gold.display().to_string(),
            "commitments_gold": args.commitments.display().to_string(),
            "sessions": covered.len(),
            "scores": scores,
            "asker_accuracy": round2(pct(scores.askers_correct, scores.matched)),
            "answer_accuracy": round2(pct(scores.answers_correct, scores.matched)),
            "deadline_accuracy": round2(pct(scores.deadlines_correct, scores.commitments.correct)),
            "item_accuracy": round2(pct(scores.items_correct, scores.commitments.correct)),
        });
        format!("{}\n", serde_json::to_string_pretty(&v)?)
    } else {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "speaker turns in {} ({} annotated sessions, {} gold questions, {} gold commitments)\n",
            view.path.display(),
            covered.len(),
            gold_questions.len(),
            gold_commitments.len()
        );
        let _ = writeln!(
            s,
            "{:<12} {:>5} {:>6} {:>6} {:>9} {:>7} {:>6}",
            "", "gold", "found", "right", "precision", "recall", "F1"
        );
        for (name, p) in [
            ("questions", &scores.questions),
            ("commitments", &scores.commitments),
        ] {
            let _ = writeln!(
                s,
                "{:<12} {:>5} {:>6} {:>6} {:>8.1}% {:>6.1}% {:>6.1}",
                name, p.gold, p.predicted, p.correct, p.precision, p.recall, p.f1
            );
        }
        let _ = writeln!(s);
        let mut line = |what: &str, n: usize, d: usize| {
            let _ = writeln!(s, "{what:<44} {n:>3}/{d:<3} {:>6.1}%", pct(n, d));
        };
        line(
            "askers right (matched questions)",
            scores.askers_correct,
            scores.matched,
        );
        line(
            "answered by the right speaker, or open (matched)",
            scores.answers_correct,
            scores.matched,
        );
        line(
            "deadlines right (matched commitments)",
            scores.deadlines_correct,
            scores.commitments.correct,
        );
        line(
            "agenda items right (matched commitments)",
            scores.items_correct,
            scores.commitments.correct,
        );
        let _ = writeln!(
            s,
            "\n{} of the matched questions are open in the gold.",
            scores.gold_open
        );
        if args.verbose {
            list(&mut s, "missed questions", &scores.question_errors);
            let _ = writeln!(s, "\nwrong answers (gold → found):");
            for (g, f) in &scores.wrong_answers {
                let _ = writeln!(
                    s,
                    "  ~ [{}] {} → {}: {}",
                    g.question.session,
                    g.answered_by.as_deref().unwrap_or("open"),
                    f.as_deref().unwrap_or("open"),
                    g.question.text
                );
            }
            let commitment = |c: &LabelledCommitment| {
                format!(
                    "[{} ¶{}] {}: {} ({})",
                    c.session,
                    c.passage,
                    c.by.as_deref().unwrap_or("-"),
                    c.text,
                    c.deadline.as_deref().unwrap_or("no deadline")
                )
            };
            let _ = writeln!(s, "\nmissed commitments:");
            for c in &scores.missed_commitments {
                let _ = writeln!(s, "  - {}", commitment(c));
            }
            let _ = writeln!(s, "\nspurious commitments:");
            for c in &scores.spurious_commitments {
                let _ = writeln!(s, "  + {}", commitment(c));
            }
            let _ = writeln!(s, "\nwrong deadlines (gold → found):");
            for (g, f) in &scores.wrong_deadlines {
                let _ = writeln!(
                    s,
                    "  ~ [{} ¶{}] {} → {}",
                    g.session,
                    g.passage,
                    g.deadline.as_deref().unwrap_or("-"),
                    f.deadline.as_deref().unwrap_or("-")
                );
            }
        }
        s
    };
    write_stdout(&out)?;
    Ok(Outcome::Success)
}

pub fn ner(args: EvalNerArgs) -> anyhow::Result<Outcome> {
    let loaded;
    let tagger = match &args.model {
        Some(path) => {
            loaded = Tagger::load(path)?;
            &loaded
        }
        None => Tagger::embedded(),
    };
    let sentences = entities::read_conll(&args.file)?;
    if sentences.is_empty() {
        anyhow::bail!("{}: no sentences (empty file?)", args.file.display());
    }
    let evaluation = match &args.predicted {
        None => entities::evaluate(tagger, &sentences),
        Some(path) => score_predictions(&sentences, path)?,
    };
    let scores = &evaluation.scores;
    let out = if args.json {
        let prf = |p: &entities::Prf| {
            serde_json::json!({
                "precision": round2(p.precision),
                "recall": round2(p.recall),
                "f1": round2(p.f1),
                "gold": p.gold,
                "predicted": p.predicted,
                "correct": p.correct,
            })
        };
        let per_type: serde_json::Map<String, serde_json::Value> = scores
            .per_type
            .iter()
            .map(|(t, p)| (t.as_str().to_string(), prf(p)))
            .collect();
        let v = serde_json::json!({
            "file": args.file.display().to_string(),
            "overall": prf(&scores.overall),
            "per_type": per_type,
            "token_accuracy": round2(scores.token_accuracy),
            "tokens": evaluation.tokens,
            "tokens_per_second": evaluation.tokens_per_second.round(),
        });
        format!("{}\n", serde_json::to_string_pretty(&v)?)
    } else {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{}: {} tokens, {} sentences; token accuracy {:.2}%\n",
            args.file.display(),
            evaluation.tokens,
            sentences.len(),
            scores.token_accuracy
        );
        let _ = writeln!(
            s,
            "{:<8} {:>9} {:>7} {:>7} {:>6} {:>9} {:>7}",
            "type", "precision", "recall", "F1", "gold", "predicted", "correct"
        );
        let mut row = |name: &str, p: &entities::Prf| {
            let _ = writeln!(
                s,
                "{:<8} {:>8.2}% {:>6.2}% {:>7.2} {:>6} {:>9} {:>7}",
                name, p.precision, p.recall, p.f1, p.gold, p.predicted, p.correct
            );
        };
        for (t, p) in &scores.per_type {
            row(t.as_str(), p);
        }
        row("overall", &scores.overall);
        if args.predicted.is_none() {
            let _ = writeln!(
                s,
                "\ntagging speed: {:.0} tokens/s ({:.3} s, one thread)",
                evaluation.tokens_per_second, evaluation.seconds
            );
        }
        s
    };
    write_stdout(&out)?;
    Ok(Outcome::Success)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Scores a file of predicted tags against the gold file, sentence by
/// sentence and token by token; the two must hold the same tokens.
fn score_predictions(
    gold: &[entities::ConllSentence],
    path: &std::path::Path,
) -> anyhow::Result<entities::Evaluation> {
    let predicted = entities::read_conll(path)?;
    if predicted.len() != gold.len() {
        anyhow::bail!(
            "{}: {} sentences, the gold file has {}",
            path.display(),
            predicted.len(),
            gold.len()
        );
    }
    for (i, (g, p)) in gold.iter().zip(&predicted).enumerate() {
        if g.tokens != p.tokens {
            anyhow::bail!(
                "{}: sentence {} has other tokens than the gold file ({:?}… vs {:?}…)",
                path.display(),
                i + 1,
                p.tokens.first(),
                g.tokens.first()
            );
        }
    }
    let gold_tags: Vec<_> = gold.iter().map(|s| s.tags.clone()).collect();
    let predicted_tags: Vec<_> = predicted.iter().map(|s| s.tags.clone()).collect();
    let scores = entities::score(&gold_tags, &predicted_tags);
    let tokens = scores.tokens;
    Ok(entities::Evaluation {
        scores,
        tokens,
        seconds: 0.0,
        tokens_per_second: 0.0,
    })
}
