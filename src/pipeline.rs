//! The batch run: files → sessions → analysed sessions → index generation,
//! in parallel per session. Errors are collected per file; the batch goes
//! on and the summary says what failed.

use crate::corpus::{self, SourceFile};
use crate::error::{Error, Result};
use crate::index::{AnalyserInfo, Failure, IndexBuilder, IndexInfo, Store};
use crate::model::{AnalysedSession, Passage, Session};
use crate::text;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Turns a decoded session into passages with word counts. Pure.
pub fn analyse(session: Session) -> AnalysedSession {
    let mut words_total = 0u64;
    let passages: Vec<Passage> = text::paragraphs(&session.text)
        .into_iter()
        .enumerate()
        .map(|(i, span)| {
            let text = session.text[span.clone()].to_string();
            let words = text::word_count(&text);
            words_total += words as u64;
            Passage {
                number: u32::try_from(i + 1).unwrap_or(u32::MAX),
                span,
                text,
                words: u32::try_from(words).unwrap_or(u32::MAX),
            }
        })
        .collect();
    AnalysedSession {
        meta: session.meta,
        passages,
        words: words_total,
        warnings: session.warnings,
    }
}

/// What a caller (the CLI) is told while a run progresses.
pub trait Progress: Sync {
    fn started(&self, _sessions: usize) {}
    fn session_done(&self, _id: &str, _words: u64) {}
}

/// No progress reporting.
pub struct Silent;
impl Progress for Silent {}

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub threads: usize,
}

#[derive(Debug, Clone)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct RunSummary {
    pub index: PathBuf,
    pub sessions: u64,
    pub passages: u64,
    pub words: u64,
    pub failures: Vec<Failure>,
    pub warnings: Vec<Warning>,
    pub elapsed: Duration,
}

impl RunSummary {
    pub fn words_per_second(&self) -> f64 {
        self.words as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Result of one file, kept small: the session itself goes straight into
/// the index writer and is dropped, so memory does not grow with the archive.
enum Outcome {
    Indexed {
        id: String,
        text_hash: blake3::Hash,
        passages: u64,
        words: u64,
        warnings: Vec<Warning>,
    },
    Failed(Failure),
}

fn failure(e: &Error, path: &Path) -> Failure {
    let reason = match e {
        Error::Input { reason, .. } => reason.clone(),
        Error::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    };
    Failure {
        path: path.display().to_string(),
        reason,
    }
}

/// Runs the whole batch and publishes a new index generation. Returns an
/// error (leaving the previous generation live) when nothing could be
/// indexed or the index itself fails.
pub fn run(
    paths: &[PathBuf],
    store: &Store,
    options: &RunOptions,
    progress: &dyn Progress,
) -> Result<RunSummary> {
    let started = Instant::now();
    let lock = store.lock()?;
    store.clean(&lock)?;

    let (files, discover_errors) = corpus::discover(paths);
    let mut failures: Vec<Failure> = discover_errors
        .iter()
        .map(|e| match e {
            Error::Input { path, .. } | Error::Io { path, .. } => failure(e, path),
            other => Failure {
                path: String::new(),
                reason: other.to_string(),
            },
        })
        .collect();
    let files = drop_duplicate_ids(files, &mut failures);
    progress.started(files.len());

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.max(1))
        .build()
        .map_err(|e| Error::Index {
            path: store.root().to_path_buf(),
            reason: format!("cannot start worker threads: {e}"),
        })?;

    let builder = IndexBuilder::create(store, &lock, options.threads.max(1))?;
    let outcomes: Vec<Outcome> = pool.install(|| {
        files
            .par_iter()
            .map(|file| process(file, &builder, progress))
            .collect()
    });

    let mut hashes = Vec::new();
    let (mut sessions, mut passages, mut words) = (0u64, 0u64, 0u64);
    let mut warnings = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Indexed {
                id,
                text_hash,
                passages: p,
                words: w,
                warnings: mut ws,
            } => {
                sessions += 1;
                passages += p;
                words += w;
                hashes.push((id, text_hash));
                warnings.append(&mut ws);
            }
            Outcome::Failed(f) => failures.push(f),
        }
    }
    failures.sort_by(|a, b| a.path.cmp(&b.path));

    if sessions == 0 {
        builder.abandon()?;
        let reason = if failures.is_empty() {
            "no sessions found (.txt, .md, .html); the existing index was left as it was"
                .to_string()
        } else {
            format!(
                "none of the inputs could be read ({} failed); the existing index was left as it was",
                failures.len()
            )
        };
        return Err(Error::NothingIndexed { reason, failures });
    }

    let info = IndexInfo {
        schema_version: crate::index::schema::SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        analyser: AnalyserInfo::current(),
        corpus_hash: corpus_hash(hashes),
        sessions,
        passages,
        words,
        failures: failures.clone(),
    };
    let index = builder.publish(&info)?;
    Ok(RunSummary {
        index,
        sessions,
        passages,
        words,
        failures,
        warnings,
        elapsed: started.elapsed(),
    })
}

fn process(file: &SourceFile, builder: &IndexBuilder, progress: &dyn Progress) -> Outcome {
    let session = match corpus::read(file) {
        Ok(session) => session,
        Err(e) => return Outcome::Failed(failure(&e, &file.path)),
    };
    let text_hash = blake3::hash(session.text.as_bytes());
    let analysed = analyse(session);
    if let Err(e) = builder.add(&analysed) {
        return Outcome::Failed(failure(&e, &file.path));
    }
    progress.session_done(&analysed.meta.id, analysed.words);
    let warnings = analysed
        .warnings
        .iter()
        .map(|message| Warning {
            path: file.path.display().to_string(),
            message: message.clone(),
        })
        .collect();
    Outcome::Indexed {
        id: analysed.meta.id,
        text_hash,
        passages: analysed.passages.len() as u64,
        words: analysed.words,
        warnings,
    }
}

/// Two inputs with the same id would be merged silently in the index;
/// keep the first (in path order) and report the other.
fn drop_duplicate_ids(files: Vec<SourceFile>, failures: &mut Vec<Failure>) -> Vec<SourceFile> {
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut kept = Vec::with_capacity(files.len());
    for file in files {
        if let Some(first) = seen.get(&file.id) {
            failures.push(Failure {
                path: file.path.display().to_string(),
                reason: format!(
                    "same session id {:?} as {}; rename one of them",
                    file.id,
                    first.display()
                ),
            });
        } else {
            seen.insert(file.id.clone(), file.path.clone());
            kept.push(file);
        }
    }
    kept
}

fn corpus_hash(mut hashes: Vec<(String, blake3::Hash)>) -> String {
    hashes.sort_by(|a, b| a.0.cmp(&b.0));
    let mut hasher = blake3::Hasher::new();
    for (id, hash) in &hashes {
        hasher.update(id.as_bytes());
        hasher.update(&[0]);
        hasher.update(hash.as_bytes());
    }
    hasher.finalize().to_hex().to_string()
}
