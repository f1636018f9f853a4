//! `notulen eval …`: quality measurements printed as tables or JSON.

use super::output::{write_stdout, Outcome};
use crate::cli::{EvalNerArgs, EvalQuestionsArgs};
use crate::corpus;
use crate::entities::{self, Tagger};
use crate::eval::{self, LabelledQuestion, QuestionScores};
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
