//! `notulen run`: the batch job.

use super::output::{counted, stderr_is_terminal, thousands, Outcome};
use crate::cli::RunArgs;
use crate::error::Error;
use crate::index::{LexiconMode, LexiconSource, Store};
use crate::pipeline::{self, Analysers, Progress, RunOptions};
use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

struct Bar(ProgressBar);

impl Progress for Bar {
    fn started(&self, sessions: usize) {
        self.0.set_length(sessions as u64);
    }
    fn session_done(&self, _id: &str, _words: u64) {
        self.0.inc(1);
    }
}

pub fn execute(args: RunArgs) -> anyhow::Result<Outcome> {
    let paths = if args.paths.is_empty() {
        let corpus = PathBuf::from("corpus");
        if !corpus.is_dir() {
            anyhow::bail!(
                "no PATH given and there is no corpus/ folder here; \
                 name the files or folders to index, e.g. `notulen run ~/notulen-archief`"
            );
        }
        vec![corpus]
    } else {
        args.paths
    };
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let store = Store::new(&args.index.index);

    let bar = if args.quiet || !stderr_is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} sessions  {elapsed}")
                .expect("valid template"),
        );
        bar
    };
    let progress = Bar(bar);
    let (mode, user) = match &args.themes {
        None => (LexiconMode::Default, None),
        Some(path) => {
            let src = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read theme lexicon {}", path.display()))?;
            let mode = if args.replace_themes {
                LexiconMode::Replace
            } else {
                LexiconMode::Extend
            };
            (mode, Some(src))
        }
    };
    let (lexicon, lexicon_source) = LexiconSource::build(mode, user).map_err(|e| {
        let path = args.themes.as_deref().unwrap_or(std::path::Path::new("-"));
        anyhow::anyhow!("theme lexicon {}: {e}", path.display())
    })?;
    let options = RunOptions {
        threads,
        analysers: Analysers {
            lexicon,
            tagger: crate::entities::Tagger::embedded(),
        },
        lexicon_source,
        writer_memory: usize::try_from(args.writer_memory)
            .unwrap_or(usize::MAX / (1024 * 1024))
            .saturating_mul(1024 * 1024),
        rebuild: args.rebuild,
    };
    let result = pipeline::run(&paths, &store, &options, &progress);
    progress.0.finish_and_clear();

    let summary = match result {
        Ok(summary) => summary,
        Err(Error::NothingIndexed { reason, failures }) => {
            for f in &failures {
                eprintln!("error: {}: {}", f.path, f.reason);
            }
            anyhow::bail!(reason);
        }
        Err(e) => return Err(e.into()),
    };

    for w in &summary.warnings {
        eprintln!("warning: {}: {}", w.path, w.message);
    }
    for f in &summary.failures {
        eprintln!("error: {}: {}", f.path, f.reason);
    }
    let secs = summary.elapsed.as_secs_f64();
    if let Some(reason) = &summary.rebuild_reason {
        eprintln!("rebuilding the whole index: {reason}");
    }
    let c = &summary.changes;
    eprintln!(
        "indexed {}, {}, {} in {:.2} s ({} words/s); {} failed\n\
         {} new, {} changed, {} removed, {} unchanged; the index holds {}, {}\n\
         index: {}{}",
        counted(summary.sessions, "session", "sessions"),
        counted(summary.passages, "passage", "passages"),
        counted(summary.words, "word", "words"),
        secs,
        thousands(summary.words_per_second() as u64),
        summary.failures.len(),
        thousands(c.new),
        thousands(c.changed),
        thousands(c.removed),
        thousands(c.unchanged),
        counted(summary.total_sessions, "session", "sessions"),
        counted(summary.total_words, "word", "words"),
        summary.index.display(),
        if summary.published {
            ""
        } else {
            " (unchanged, no new generation)"
        }
    );
    Ok(if summary.failures.is_empty() {
        Outcome::Success
    } else {
        Outcome::PartialFailure
    })
}
