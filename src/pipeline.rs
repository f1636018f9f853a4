//! The batch run: files → sessions → analysed sessions → index generation,
//! in parallel per session. Errors are collected per file; the batch goes
//! on and the summary says what failed.

use crate::commitments;
use crate::corpus::{self, SourceFile};
use crate::entities::{self, Tagger};
use crate::error::{Error, Result};
use crate::index::{AnalyserInfo, Failure, IndexBuilder, IndexInfo, Store};
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
}

impl Analysers {
    pub fn workspace(&self) -> Workspace<'_> {
        Workspace {
            themes: ThemeMatcher::new(&self.lexicon),
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
    for (i, span) in spans.iter().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let passage_text = &session.text[span.clone()];
        let words = text::word_count(passage_text);
        words_total += words as u64;

        let mut themes: Vec<String> = Vec::new();
        for hit in ws.themes.find(passage_text) {
            *theme_counts.entry(hit.theme.clone()).or_default() += 1;
            if !themes.contains(&hit.theme) {
                themes.push(hit.theme);
            }
        }
        let next = spans.get(i + 1).map(|r| &session.text[r.clone()]);
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
        for c in commitments::detect(body) {
            promises.push(CommitmentRecord {
                passage: number,
                item: agenda_item.clone(),
                by: if c.first_person {
                    turn.name.clone()
                } else {
                    // "De wethouder zegt toe …": the attendee, when listed.
                    c.by.map(|by| turns::attendee_for(&by, &attendees).unwrap_or(by))
                },
                text: c.text,
                deadline: c.deadline,
            });
        }
        // The label is not part of the question ("Mw. Kaya (secretaris): Is …?").
        let found = questions::detect(body);
        let question_count = u32::try_from(found.len()).unwrap_or(u32::MAX);
        for q in found {
            // In a turn the answer comes from a later turn (linked below);
            // narrative text records it in the next sentences.
            let answer = if in_turn {
                asked_in_turns.push((questions.len(), turn_list.len() - 1));
                None
            } else {
                questions::find_answer(&q, body, next).map(|a| AnswerRecord {
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

    for (q, t) in asked_in_turns {
        let record = &questions[q];
        let asked = turns::TurnQuestion {
            turn: t,
            passage: record.passage,
            text: &record.text,
            addressee: record.addressee.as_deref(),
        };
        let answer = turns::answer_in_turns(&turn_list, &asked).map(|a| AnswerRecord {
            commitment: !commitments::detect(&a.text).is_empty(),
            speaker: turn_list[a.turn].speaker.name.clone(),
            passage: a.passage,
            text: a.text,
        });
        questions[q].answer = answer;
    }
    drop(turn_list);

    let found = entities::extract::extract(analysers.tagger, &session.text, &spans);
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

    let terms = ws.themes.session_terms(&session.text);
    let mut kept: Vec<TermCount> = terms
        .counts
        .iter()
        .filter(|(_, &count)| count >= 2)
        .map(|(term, &count)| TermCount {
            term: term.clone(),
            display: terms
                .display
                .get(term)
                .cloned()
                .unwrap_or_else(|| term.clone()),
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
            .map_init(
                || options.analysers.workspace(),
                |ws, file| process(file, &options.analysers, ws, &builder, progress),
            )
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
        lexicon: options.lexicon_source.clone(),
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

fn process(
    file: &SourceFile,
    analysers: &Analysers,
    ws: &mut Workspace,
    builder: &IndexBuilder,
    progress: &dyn Progress,
) -> Outcome {
    let session = match corpus::read(file) {
        Ok(session) => session,
        Err(e) => return Outcome::Failed(failure(&e, &file.path)),
    };
    let text_hash = blake3::hash(session.text.as_bytes());
    let analysed = analyse(session, analysers, ws);
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
