//! `notulen eval …`: quality measurements printed as tables or JSON.

use super::output::{write_stdout, Outcome};
use crate::cli::EvalQuestionsArgs;
use crate::corpus;
use crate::eval::{self, LabelledQuestion, QuestionScores};
use crate::pipeline::{self, Analysers};
use crate::questions;
use crate::text;
use crate::themes::Lexicon;
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
    let analysers = Analysers {
        lexicon: Lexicon::default_nl(),
    };
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
                sc.questions.found,
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
