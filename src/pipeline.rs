//! The batch run: files → sessions → analysed sessions → index generation,
//! in parallel per session. Errors are collected per file; the batch goes
//! on and the summary says what failed.

use crate::commitments;
use crate::corpus::{self, SourceFile};
use crate::entities::{self, CachedTagger, Tagger};
use crate::error::{Error, Result};
use crate::index::manifest::{self, FileStat, ManifestEntry, Task};
use crate::index::{AnalyserInfo, Failure, Fingerprint, IndexBuilder, IndexInfo, Manifest, Store};
use crate::model::{
    AnalysedSession, AnswerRecord, CommitmentRecord, EntityRef, GivenTurn, Passage,
    QuestionKindRecord, QuestionRecord, Session, SessionRecord, TermCount,
};
use crate::questions;
use crate::text;
use crate::themes::{Lexicon, ThemeMatcher};
use crate::turns;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The language resources one run uses, shared read-only by all workers.
pub struct Analysers {
    pub lexicon: Lexicon,
    pub tagger: &'static Tagger,
}

impl Analysers {
    /// The built-in lexicon and the embedded entity model.
    pub fn default_nl() -> Self {
        Analysers {
            lexicon: Lexicon::default_nl(),
            tagger: Tagger::embedded(),
        }
    }
}

/// Per-thread scratch state, so the hot path reuses its buffers.
pub struct Workspace<'a> {
    themes: ThemeMatcher<'a>,
    /// The session's passages tokenised and split into sentences once,
    /// for themes, questions, commitments and entities.
    segments: text::Segmentation,
    tagger: CachedTagger<'a>,
}

impl Analysers {
    pub fn workspace(&self) -> Workspace<'_> {
        Workspace {
            themes: ThemeMatcher::new(&self.lexicon),
            segments: text::Segmentation::default(),
            tagger: self.tagger.cached(),
        }
    }
}

/// Turns a decoded session into passages with word counts, themes and
/// questions, plus the session record the reports read. Pure.
pub fn analyse(session: Session, analysers: &Analysers, ws: &mut Workspace) -> AnalysedSession {
    let spans = text::paragraphs(&session.text);
    let mut words_total = 0u64;
    let mut theme_counts: BTreeMap<String, u32> = BTreeMap::new();
    let mut questions = Vec::new();
    let mut passages = Vec::with_capacity(spans.len());
    // Speaker turns: a label starts a turn that runs until the next label
    // or agenda heading; questions in it are asked by its speaker.
    let mut attendees = Vec::new();
    let mut turn = turns::Speaker::default();
    let mut agenda_item: Option<String> = None;
    let mut promises = Vec::new();
    // Turns so far, and the questions asked in them (index into
    // `questions`, turn): answered from later turns once all are known.
    let mut turn_list: Vec<turns::Turn> = Vec::new();
    let mut in_turn = false;
    let mut item = 0usize;
    // The given turn (index into `session.turns`) the last passage was in.
    let mut last_given: Option<usize> = None;
    let mut asked_in_turns: Vec<(usize, usize)> = Vec::new();
    // One analysis per passage serves its themes, its word count and,
    // summed over the session, the term counts.
    ws.themes.begin_session();
    // All passages first: an answer may be in the next passage's sentences.
    ws.segments.clear();
    for span in &spans {
        ws.segments.push(&session.text[span.clone()]);
    }
    for (i, span) in spans.iter().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let passage_text = &session.text[span.clone()];
        let segment = i;
        let (hits, words) = ws.themes.passage_tokens(
            &session.text,
            span.clone(),
            ws.segments.tokens(segment).iter().copied(),
        );
        words_total += words as u64;

        let mut themes: Vec<String> = Vec::new();
        for hit in hits {
            *theme_counts.entry(hit.theme.clone()).or_default() += 1;
            if !themes.contains(&hit.theme) {
                themes.push(hit.theme);
            }
        }
        let next = spans
            .get(i + 1)
            .map(|r| (&session.text[r.clone()], ws.segments.sentences(i + 1)));
        if attendees.is_empty() {
            attendees = turns::attendees(passage_text);
        }
        // With turns given by the source (ParlaMint), labels in the text are
        // not second-guessed; otherwise a label starts a turn.
        let label = if session.turns.is_empty() {
            turns::speaker_label(passage_text)
        } else {
            None
        };
        // The turn's text, without its label.
        let body = label
            .as_ref()
            .map_or(passage_text, |l| &passage_text[l.end..]);
        let given = session.turns.partition_point(|t| t.start <= span.start);
        if !session.turns.is_empty() && turns::is_agenda_heading(passage_text) {
            item += 1;
            agenda_item = Some(passage_text.trim().to_string());
        } else if !session.turns.is_empty() && Some(given) != last_given {
            last_given = Some(given);
            turn = given_speaker(&session.turns, span.start);
            in_turn = turn.name.is_some();
            if in_turn {
                turn_list.push(turns::Turn {
                    speaker: turn.clone(),
                    item,
                    passages: vec![(number, body)],
                });
            }
        } else if let Some(label) = &label {
            turn = turns::speaker(label, &attendees);
            in_turn = true;
            turn_list.push(turns::Turn {
                speaker: turn.clone(),
                item,
                passages: vec![(number, body)],
            });
        } else if turns::is_agenda_heading(passage_text) {
            turn = turns::Speaker::default();
            in_turn = false;
            item += 1;
            agenda_item = Some(passage_text.trim().to_string());
        } else if in_turn {
            if let Some(t) = turn_list.last_mut() {
                t.passages.push((number, body));
            }
        }
        // Split once; commitments and questions both work per sentence.
        // A turn's label is not part of its first sentence, so that
        // passage is split again without it.
        let body_split: (Vec<text::Token>, Vec<std::ops::Range<usize>>);
        let (tokens, sentences) = if label.is_some() {
            let tokens: Vec<text::Token> = text::tokens(body).collect();
            let sentences = text::sentences_of(body, &tokens);
            body_split = (tokens, sentences);
            (body_split.0.as_slice(), body_split.1.as_slice())
        } else {
            (ws.segments.tokens(segment), ws.segments.sentences(segment))
        };
        for c in commitments::detect_in(body, sentences) {
            promises.push(CommitmentRecord {
                passage: number,
                item: agenda_item.clone(),
                by: if c.first_person {
                    turn.name.clone()
                } else {
                    c.by.map(|by| match &turn.name {
                        // "De minister zegt toe …" in the minister's own
                        // speech: the speaker.
                        Some(name) if in_turn && turns::is_own_role(&by, turn.role.as_deref()) => {
                            name.clone()
                        }
                        // "De wethouder zegt toe …": the attendee, when listed.
                        _ => turns::attendee_for(&by, &attendees).unwrap_or(by),
                    })
                },
                text: c.text,
                deadline: c.deadline,
            });
        }
        // The label is not part of the question ("Mw. Kaya (secretaris): Is …?").
        let found = questions::detect_in_tokens(body, sentences, tokens);
        let question_count = u32::try_from(found.len()).unwrap_or(u32::MAX);
        for q in found {
            // In a turn the answer comes from a later turn (linked below);
            // narrative text records it in the next sentences.
            let answer = if in_turn {
                asked_in_turns.push((questions.len(), turn_list.len() - 1));
                None
            } else {
                questions::find_answer_in(&q, body, sentences, next).map(|a| AnswerRecord {
                    text: a.text,
                    speaker: a.speaker,
                    passage: number.saturating_add(u32::try_from(a.passage_offset).unwrap_or(0)),
                    commitment: a.commitment,
                })
            };
            questions.push(QuestionRecord {
                passage: number,
                text: q.text,
                kind: match q.kind {
                    questions::QuestionKind::Direct => QuestionKindRecord::Direct,
                    questions::QuestionKind::Indirect => QuestionKindRecord::Indirect,
                },
                asker: match q.asker {
                    // "D66 wil graag weten …" in D66's turn: the speaker.
                    Some(a) if in_turn && turn.party.as_deref() == Some(a.as_str()) => {
                        turn.name.clone()
                    }
                    Some(a) => Some(turns::attendee_for(&a, &attendees).unwrap_or(a)),
                    None => turn.name.clone(),
                },
                addressee: q
                    .addressee
                    .map(|a| turns::attendee_for(&a, &attendees).unwrap_or(a)),
                answer,
            });
        }
        passages.push(Passage {
            number,
            span: span.clone(),
            text: passage_text.to_string(),
            words: u32::try_from(words).unwrap_or(u32::MAX),
            themes,
            questions: question_count,
            entities: Vec::new(),
            speaker: turn.name.clone(),
            party: turn.party.clone(),
            role: turn.role.clone(),
            agenda_item: agenda_item.clone(),
        });
    }

    let linker = turns::AnswerLinker::new(&turn_list);
    for (q, t) in asked_in_turns {
        let record = &questions[q];
        let asked = turns::TurnQuestion {
            turn: t,
            passage: record.passage,
            text: &record.text,
            addressee: record.addressee.as_deref(),
        };
        let answer = linker.answer(&asked).map(|a| AnswerRecord {
            commitment: !commitments::detect(&a.text).is_empty(),
            speaker: turn_list[a.turn].speaker.name.clone(),
            passage: a.passage,
            text: a.text,
        });
        questions[q].answer = answer;
    }
    drop(linker);
    drop(turn_list);

    let found = entities::extract::extract(&mut ws.tagger, &session.text, &spans, &ws.segments);
    for entity in &found.entities {
        for &n in &entity.passages {
            if let Some(p) = passages.get_mut(n as usize - 1) {
                p.entities.push(EntityRef {
                    kind: entity.kind,
                    canonical: entity.canonical.clone(),
                });
            }
        }
    }
    // Askers and speakers by their canonical names where the session
    // introduces them ("Henk Jan" → "Henk Jan Bierling").
    let canonical = |name: &mut Option<String>| {
        if let Some(n) = name.as_deref() {
            if let Some(c) = entities::extract::canonical_person(&found.entities, n) {
                *name = Some(c.to_string());
            }
        }
    };
    for c in &mut promises {
        canonical(&mut c.by);
    }
    for q in &mut questions {
        canonical(&mut q.asker);
        canonical(&mut q.addressee);
        if let Some(a) = &mut q.answer {
            canonical(&mut a.speaker);
        }
    }
    // Keep the theme order of the lexicon for each passage.
    let names = analysers.lexicon.theme_names();
    for p in &mut passages {
        p.themes.sort_by_key(|t| names.iter().position(|n| n == t));
    }

    // Terms seen once are not kept: they are most of a session's terms.
    let mut terms = ws.themes.repeated_terms_so_far(&session.text, 2);
    let mut kept: Vec<TermCount> = std::mem::take(&mut terms.counts)
        .into_iter()
        .map(|(term, count)| TermCount {
            display: terms.display.remove(&term).unwrap_or_else(|| term.clone()),
            term,
            count,
        })
        .collect();
    kept.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.term.cmp(&b.term)));

    let meta = session.meta;
    let record = SessionRecord {
        id: meta.id.clone(),
        title: meta.title.clone(),
        date: meta.date.map(iso_date),
        series: meta.series.clone(),
        path: meta.path.clone(),
        words: words_total,
        passages: u32::try_from(passages.len()).unwrap_or(u32::MAX),
        themes: theme_counts,
        questions,
        terms: kept,
        term_words: terms.words,
        term_phrases: terms.phrases,
        entities: found.entities,
        commitments: promises,
    };
    AnalysedSession {
        meta,
        passages,
        words: words_total,
        warnings: session.warnings,
        record,
    }
}

/// The speaker of the last given turn that starts at or before `offset`.
fn given_speaker(given: &[GivenTurn], offset: usize) -> turns::Speaker {
    let started = given.partition_point(|t| t.start <= offset);
    started
        .checked_sub(1)
        .and_then(|i| given.get(i))
        .map(|t| turns::Speaker {
            name: t.speaker.clone(),
            party: t.party.clone(),
            role: t.role.clone(),
        })
        .unwrap_or_default()
}

/// `2021-03-09`.
pub fn iso_date(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// What a caller (the CLI) is told while a run progresses.
pub trait Progress: Sync {
    fn started(&self, _sessions: usize) {}
    fn session_done(&self, _id: &str, _words: u64) {}
}

/// No progress reporting.
pub struct Silent;
impl Progress for Silent {}

pub struct RunOptions {
    pub threads: usize,
    pub analysers: Analysers,
    /// How the lexicon was chosen, recorded in the index for reports.
    pub lexicon_source: crate::index::LexiconSource,
    /// Memory of the index writer in bytes.
    pub writer_memory: usize,
    /// Ignore the live generation and analyse every file again.
    pub rebuild: bool,
}

#[derive(Debug, Clone)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

/// How the archive differs from what the index held before the run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// Sessions indexed for the first time.
    pub new: u64,
    /// Sessions whose file changed, analysed again.
    pub changed: u64,
    /// Sessions whose file is gone, deleted from the index.
    pub removed: u64,
    /// Sessions left as they were.
    pub unchanged: u64,
}

#[derive(Debug, Clone)]
pub struct RunSummary {
    /// The live generation after the run.
    pub index: PathBuf,
    /// Whether the run published a new generation (false: nothing changed).
    pub published: bool,
    /// Sessions, passages and words analysed by this run.
    pub sessions: u64,
    pub passages: u64,
    pub words: u64,
    pub changes: Changes,
    /// Sessions, passages and words the index holds after the run.
    pub total_sessions: u64,
    pub total_passages: u64,
    pub total_words: u64,
    /// Why the run started over, when it did not update the index in place.
    pub rebuild_reason: Option<String>,
    pub failures: Vec<Failure>,
    pub warnings: Vec<Warning>,
    pub elapsed: Duration,
}

impl RunSummary {
    /// Analysed words per second of this run.
    pub fn words_per_second(&self) -> f64 {
        self.words as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Result of one file, kept small: the session itself goes straight into
/// the index writer and is dropped, so memory does not grow with the archive.
enum Outcome {
    Indexed {
        entry: ManifestEntry,
        replaced: bool,
        warnings: Vec<Warning>,
    },
    /// Stat changed, bytes did not: the indexed documents stay.
    Same(ManifestEntry),
    /// Could not be read; what the index held for it (if anything) stays.
    Failed(Failure, Option<ManifestEntry>),
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

/// What the previous generation offers an incremental run.
struct Previous {
    generation: PathBuf,
    manifest: Manifest,
}

/// The live generation and its manifest, when this run may build on them;
/// otherwise why not.
fn previous(
    store: &Store,
    fingerprint: &Fingerprint,
    rebuild: bool,
) -> Result<Result<Previous, Option<String>>> {
    if rebuild {
        return Ok(Err(Some("--rebuild".into())));
    }
    let Some(generation) = store.current()? else {
        return Ok(Err(None));
    };
    let Some(manifest) = Manifest::read(&generation)? else {
        return Ok(Err(Some(
            "the index has no manifest of a known format".into(),
        )));
    };
    if manifest.fingerprint != *fingerprint {
        return Ok(Err(Some(
            "the analyser changed (tool version, lexicon, model or settings)".into(),
        )));
    }
    Ok(Ok(Previous {
        generation,
        manifest,
    }))
}

/// Runs the batch. Builds on the live generation when its manifest was
/// made by the same analyser: only new and changed files are analysed,
/// sessions whose files are gone are deleted, and a new generation is
/// published only when something changed. Returns an error (leaving the
/// live generation as it was) when the index would end up empty or the
/// index itself fails.
pub fn run(
    paths: &[PathBuf],
    store: &Store,
    options: &RunOptions,
    progress: &dyn Progress,
) -> Result<RunSummary> {
    let started = Instant::now();
    let (files, discover_errors) = corpus::discover(paths);
    if files.is_empty() {
        // Nothing to index: said before the index folder is touched, so a
        // mistyped path leaves no empty index folder behind.
        return Err(nothing_found(paths, store, &discover_errors));
    }
    let lock = store.lock()?;
    store.clean(&lock)?;

    let mut unreadable = Vec::new();
    let mut failures: Vec<Failure> = discover_errors
        .iter()
        .map(|e| {
            if let Error::Input { path, .. } | Error::Io { path, .. } = e {
                unreadable.push(path.clone());
            }
            discovery_failure(e)
        })
        .collect();
    let files = drop_duplicate_ids(files, &mut failures);

    let fingerprint = Fingerprint::new(
        &options.lexicon_source.hash,
        options.analysers.tagger.model(),
    );
    let (previous, rebuild_reason) = match previous(store, &fingerprint, options.rebuild)? {
        Ok(p) => (Some(p), None),
        Err(reason) => (None, reason),
    };
    let stats: Vec<(SourceFile, Option<FileStat>)> = files
        .into_iter()
        .map(|f| {
            let mut stat = FileStat::of(&f.path).ok();
            // A session read from two files changes when either does.
            if let Some(companion) = corpus::companion(&f) {
                stat = match (stat, FileStat::of(&companion).ok()) {
                    (Some(a), Some(b)) => Some(FileStat {
                        size: a.size.saturating_add(b.size),
                        mtime_ns: a.mtime_ns.max(b.mtime_ns),
                    }),
                    _ => None,
                };
            }
            (f, stat)
        })
        .collect();
    let plan = manifest::plan(stats, previous.as_ref().map(|p| &p.manifest), &unreadable);
    progress.started(plan.tasks.len());

    let mut entries: Vec<ManifestEntry> = plan.unchanged;
    // Kept, and reported through the discovery failure of their folder.
    entries.extend(plan.unreachable);
    let mut changes = Changes {
        removed: plan.removed.len() as u64,
        unchanged: entries.len() as u64,
        ..Changes::default()
    };
    let (mut sessions, mut passages, mut words) = (0u64, 0u64, 0u64);
    let mut warnings = Vec::new();

    let builder = if plan.tasks.is_empty() && plan.removed.is_empty() {
        None
    } else {
        let threads = options.threads.max(1);
        let builder = match &previous {
            Some(p) => {
                IndexBuilder::extend(store, &lock, &p.generation, threads, options.writer_memory)?
            }
            None => IndexBuilder::create(store, &lock, threads, options.writer_memory)?,
        };
        for gone in &plan.removed {
            builder.remove(&gone.id);
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| Error::Index {
                path: store.root().to_path_buf(),
                reason: format!("cannot start worker threads: {e}"),
            })?;
        let outcomes: Vec<Outcome> = pool.install(|| {
            plan.tasks
                .into_par_iter()
                .map_init(
                    || options.analysers.workspace(),
                    |ws, task| process(task, &options.analysers, ws, &builder, progress),
                )
                .collect()
        });
        for outcome in outcomes {
            match outcome {
                Outcome::Indexed {
                    entry,
                    replaced,
                    warnings: mut ws,
                } => {
                    sessions += 1;
                    passages += entry.passages;
                    words += entry.words;
                    if replaced {
                        changes.changed += 1;
                    } else {
                        changes.new += 1;
                    }
                    warnings.append(&mut ws);
                    entries.push(entry);
                }
                Outcome::Same(entry) => {
                    changes.unchanged += 1;
                    entries.push(entry);
                }
                Outcome::Failed(f, kept) => {
                    failures.push(f);
                    entries.extend(kept);
                }
            }
        }
        Some(builder)
    };
    failures.sort_by(|a, b| a.path.cmp(&b.path));

    if entries.is_empty() {
        if let Some(builder) = builder {
            builder.abandon()?;
        }
        let reason = if failures.is_empty() {
            format!("no sessions found in {}", shown_paths(paths))
        } else {
            format!(
                "none of the inputs could be read ({} failed)",
                failures.len()
            )
        };
        let reason = format!("{reason}; {}", index_left(store));
        return Err(Error::NothingIndexed { reason, failures });
    }

    let manifest = Manifest::new(fingerprint, entries);
    let total_sessions = manifest.entries.len() as u64;
    let total_passages = manifest.entries.iter().map(|e| e.passages).sum();
    let total_words = manifest.entries.iter().map(|e| e.words).sum();
    let changed_index = sessions > 0 || changes.removed > 0;
    let (index, published) = match (builder, &previous) {
        (Some(builder), _) if changed_index || previous.is_none() => {
            let info = IndexInfo {
                schema_version: crate::index::schema::SCHEMA_VERSION,
                tool_version: env!("CARGO_PKG_VERSION").to_string(),
                analyser: AnalyserInfo::current(),
                corpus_hash: corpus_hash(&manifest.entries),
                sessions: total_sessions,
                passages: total_passages,
                words: total_words,
                failures: failures.clone(),
                lexicon: options.lexicon_source.clone(),
            };
            (builder.publish(&info, &manifest)?, true)
        }
        // Nothing to change: the live generation stays, no new one is made.
        (builder, Some(p)) => {
            if let Some(builder) = builder {
                builder.abandon()?;
            }
            (p.generation.clone(), false)
        }
        // Unreachable: without a previous generation every session is new.
        (builder, None) => {
            if let Some(builder) = builder {
                builder.abandon()?;
            }
            return Err(Error::Index {
                path: store.root().to_path_buf(),
                reason: "no generation to keep and nothing built".into(),
            });
        }
    };
    Ok(RunSummary {
        index,
        published,
        sessions,
        passages,
        words,
        changes,
        total_sessions,
        total_passages,
        total_words,
        rebuild_reason,
        failures,
        warnings,
        elapsed: started.elapsed(),
    })
}

/// The error of a run that found no session files at all.
fn nothing_found(paths: &[PathBuf], store: &Store, errors: &[Error]) -> Error {
    let failures: Vec<Failure> = errors.iter().map(discovery_failure).collect();
    let reason = if failures.is_empty() {
        format!(
            "no sessions found in {}: notulen reads .txt, .md, .html, .docx and .pdf files \
             and ParlaMint sittings (.xml, or .txt with -meta.tsv)",
            shown_paths(paths)
        )
    } else {
        format!(
            "none of the inputs could be read ({} failed)",
            failures.len()
        )
    };
    Error::NothingIndexed {
        reason: format!("{reason}; {}", index_left(store)),
        failures,
    }
}

fn discovery_failure(e: &Error) -> Failure {
    match e {
        Error::Input { path, .. } | Error::Io { path, .. } => failure(e, path),
        other => Failure {
            path: String::new(),
            reason: other.to_string(),
        },
    }
}

fn shown_paths(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    shown.join(", ")
}

/// What became of the index when a run wrote nothing.
fn index_left(store: &Store) -> &'static str {
    match store.current() {
        Ok(Some(_)) => "the existing index was left as it was",
        _ => "no index was written",
    }
}

fn process(
    task: Task,
    analysers: &Analysers,
    ws: &mut Workspace,
    builder: &IndexBuilder,
    progress: &dyn Progress,
) -> Outcome {
    let Task {
        file,
        stat,
        previous,
    } = task;
    let bytes = match std::fs::read(&file.path) {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::Failed(failure(&Error::io(&file.path, e), &file.path), previous),
    };
    // A ParlaMint text is read with its metadata file; a change in either is
    // a change of the session.
    let companion = match corpus::companion(&file) {
        Some(meta_path) => match std::fs::read(&meta_path) {
            Ok(meta) => Some(meta),
            Err(e) => {
                return Outcome::Failed(failure(&Error::io(&meta_path, e), &file.path), previous)
            }
        },
        None => None,
    };
    let path = file.path.display().to_string();
    let content_hash = {
        let mut hasher = blake3::Hasher::new();
        hasher.update(&bytes);
        if let Some(meta) = &companion {
            hasher.update(b"\xff-meta.tsv\xff");
            hasher.update(meta);
        }
        hasher.finalize().to_hex().to_string()
    };
    // When the stat failed but the read worked, the size is recorded as
    // impossible, so the next run compares the content hash again.
    let stat = stat.unwrap_or(FileStat {
        size: u64::MAX,
        mtime_ns: 0,
    });
    if let Some(prev) = &previous {
        if prev.content_hash == content_hash && prev.path == path {
            return Outcome::Same(ManifestEntry {
                stat,
                ..prev.clone()
            });
        }
    }
    let session = match corpus::parse_with(&file, &bytes, companion.as_deref()) {
        Ok(session) => session,
        Err(e) => return Outcome::Failed(failure(&e, &file.path), previous),
    };
    drop(bytes);
    let text_hash = blake3::hash(session.text.as_bytes()).to_hex().to_string();
    let analysed = analyse(session, analysers, ws);
    let added = if previous.is_some() {
        builder.replace(&analysed)
    } else {
        builder.add(&analysed)
    };
    if let Err(e) = added {
        return Outcome::Failed(failure(&e, &file.path), previous);
    }
    progress.session_done(&analysed.meta.id, analysed.words);
    let warnings = analysed
        .warnings
        .iter()
        .map(|message| Warning {
            path: path.clone(),
            message: message.clone(),
        })
        .collect();
    Outcome::Indexed {
        entry: ManifestEntry {
            id: analysed.meta.id,
            path,
            stat,
            content_hash,
            text_hash,
            passages: analysed.passages.len() as u64,
            words: analysed.words,
        },
        replaced: previous.is_some(),
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

/// blake3 over the sorted (session id, text hash) pairs: the same files
/// give the same hash whether indexed at once or run by run.
fn corpus_hash(entries: &[ManifestEntry]) -> String {
    let mut pairs: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e.id.as_str(), e.text_hash.as_str()))
        .collect();
    pairs.sort_unstable();
    let mut hasher = blake3::Hasher::new();
    for (id, hash) in pairs {
        hasher.update(id.as_bytes());
        hasher.update(&[0]);
        hasher.update(hash.as_bytes());
    }
    hasher.finalize().to_hex().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DateSource, SessionMeta, SourceFormat};

    fn session(text: &str, turns: Vec<GivenTurn>) -> Session {
        Session {
            meta: SessionMeta {
                id: "s".to_string(),
                path: "s.txt".to_string(),
                title: "Zitting".to_string(),
                date: None,
                date_source: DateSource::Unknown,
                series: String::new(),
                format: SourceFormat::ParlamintText,
            },
            text: text.to_string(),
            warnings: Vec::new(),
            turns,
        }
    }

    fn turn(start: usize, speaker: &str, party: Option<&str>, role: Option<&str>) -> GivenTurn {
        GivenTurn {
            start,
            speaker: Some(speaker.to_string()),
            party: party.map(str::to_string),
            role: role.map(str::to_string),
        }
    }

    type Who<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>);

    fn speakers(analysed: &AnalysedSession) -> Vec<Who<'_>> {
        analysed
            .passages
            .iter()
            .map(|p| (p.speaker.as_deref(), p.party.as_deref(), p.role.as_deref()))
            .collect()
    }

    #[test]
    fn given_turns_take_precedence_over_labels() {
        // The second paragraph carries a label that contradicts the
        // metadata; the metadata wins.
        let text = "Ik open de vergadering.\n\nDe heer Jansen (VVD): Waarom duurt de dijkversterking zo lang?\n\nDat ligt aan de vergunningen.";
        let second = text.find("De heer").expect("second");
        let third = text.find("Dat ligt").expect("third");
        let analysers = Analysers::default_nl();
        let mut ws = analysers.workspace();
        let given = vec![
            turn(0, "Petra Jansen", None, Some("voorzitter")),
            turn(second, "Tom Bakker", Some("D66"), Some("Kamerlid")),
            turn(third, "Anne de Vries", None, Some("minister")),
        ];
        let analysed = analyse(session(text, given), &analysers, &mut ws);
        assert_eq!(
            speakers(&analysed),
            vec![
                (Some("Petra Jansen"), None, Some("voorzitter")),
                (Some("Tom Bakker"), Some("D66"), Some("Kamerlid")),
                (Some("Anne de Vries"), None, Some("minister")),
            ]
        );
        let question = analysed.record.questions.first().expect("a question");
        assert_eq!(question.passage, 2);
        assert_eq!(question.asker.as_deref(), Some("Tom Bakker"));
    }

    #[test]
    fn a_minister_speaking_of_the_minister_is_the_committer() {
        // ParlaMint: a minister speaks of herself in the third person.
        let text = "Ik open de vergadering.\n\nDe minister zegt toe dat de Kamer voor de zomer een brief krijgt.\n\nDe minister zegt toe dat zij de Kamer informeert.";
        let second = text.find("De minister").expect("second");
        let third = text.rfind("De minister").expect("third");
        let analysers = Analysers::default_nl();
        let mut ws = analysers.workspace();
        let given = vec![
            turn(0, "Petra Jansen", None, Some("voorzitter")),
            turn(second, "Kajsa Ollongren", Some("D66"), Some("minister")),
            // Someone else speaking of the minister is not the minister.
            turn(third, "Tom Bakker", Some("VVD"), Some("Kamerlid")),
        ];
        let analysed = analyse(session(text, given), &analysers, &mut ws);
        let by: Vec<Option<&str>> = analysed
            .record
            .commitments
            .iter()
            .map(|c| c.by.as_deref())
            .collect();
        assert_eq!(by, [Some("Kajsa Ollongren"), Some("De minister")]);
    }

    #[test]
    fn passages_before_the_first_given_turn_have_no_speaker() {
        let text = "Agenda\n\nIk open de vergadering.";
        let start = text.find("Ik").expect("start");
        let analysers = Analysers::default_nl();
        let mut ws = analysers.workspace();
        let given = vec![turn(start, "Petra Jansen", Some("VVD"), None)];
        let analysed = analyse(session(text, given), &analysers, &mut ws);
        assert_eq!(
            speakers(&analysed),
            vec![
                (None, None, None),
                (Some("Petra Jansen"), Some("VVD"), None)
            ]
        );
        // Without given turns the label-based path is unchanged.
        let labelled = analyse(
            session("De heer Bakker (D66): Hoe staat het ervoor?", Vec::new()),
            &analysers,
            &mut ws,
        );
        assert_eq!(
            speakers(&labelled),
            vec![(Some("Bakker"), Some("D66"), None)]
        );
    }
}
