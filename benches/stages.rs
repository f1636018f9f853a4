//! Where a full run's time goes, stage by stage, on the same archive: what
//! it would take to bring the full pipeline within 2× of plain Tantivy
//! (issue 6). Each stage runs on its own, with all sessions in memory
//! between stages, so the times add up to more than a real run (which
//! overlaps analysis with Tantivy's indexing threads) but show each
//! stage's cost without the others:
//!
//! 1. read: files decoded into sessions (`corpus::read`);
//! 2. analyse: `pipeline::analyse` (tokens, sentences, themes, questions,
//!    turns, commitments, entities) on every session;
//! 3. notulen index: the analysed sessions into our schema through
//!    `IndexBuilder` (all fields, commit, compaction);
//! 4. plain Tantivy: the same passage texts into one field with Tantivy's
//!    default tokenizer (the baseline of `benches/index_only.rs`);
//! 5. our schema with passage documents that fill only some fields, one
//!    group more per row (the two positional text fields first): what each
//!    group of fields costs. No session documents and no compaction, so the
//!    last row is below the index stage of 3.
//!
//!   NOTULEN_BENCH_ARCHIVE=DIR [NOTULEN_BENCH_THREADS=2] cargo bench --bench stages

use notulen::index::analyzer;
use notulen::index::schema::{self, Fields};
use notulen::index::{
    AnalyserInfo, Fingerprint, IndexBuilder, IndexInfo, LexiconMode, LexiconSource, Manifest, Store,
};
use notulen::model::AnalysedSession;
use notulen::pipeline::{analyse, Analysers};
use rayon::prelude::*;
use std::path::Path;
use std::time::Instant;
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::{Schema, STORED, TEXT};
use tantivy::{doc, DateTime, Index, TantivyDocument};

mod common;

fn main() {
    let Some((archive, threads, pool)) = common::archive_and_pool() else {
        return;
    };
    let analysers = Analysers::default_nl();
    pool.install(|| {
        let (files, _) = notulen::corpus::discover(&[archive.into()]);

        let started = Instant::now();
        let sessions: Vec<_> = files
            .par_iter()
            .filter_map(|f| notulen::corpus::read(f).ok())
            .collect();
        let read = started.elapsed().as_secs_f64();

        let started = Instant::now();
        let analysed: Vec<AnalysedSession> = sessions
            .into_par_iter()
            .map_init(
                || analysers.workspace(),
                |ws, session| analyse(session, &analysers, ws),
            )
            .collect();
        let analysis = started.elapsed().as_secs_f64();
        let words: u64 = analysed.iter().map(|s| s.words).sum();
        let passages: Vec<&str> = analysed
            .iter()
            .flat_map(|s| s.passages.iter().map(|p| p.text.as_str()))
            .collect();

        let dir = tempfile::tempdir().expect("temp dir");
        let started = Instant::now();
        notulen_index(dir.path(), &analysed, threads, &analysers);
        let ours = started.elapsed().as_secs_f64();
        let ours_size = folder_size(dir.path());

        let dir = tempfile::tempdir().expect("temp dir");
        let started = Instant::now();
        plain_index(dir.path(), &passages, threads);
        let plain = started.elapsed().as_secs_f64();
        let plain_size = folder_size(dir.path());

        let fills = [
            (Fill::Text, "  tekst + exact"),
            (Fill::Title, "  + titel on every passage"),
            (Fill::Turns, "  + agendapunt, spreker, partij, rol"),
            (Fill::Scalars, "  + ids, path, date, counts (stored, fast)"),
            (Fill::Names, "  + themes, entities (stored, fast)"),
        ];
        let mut by_fill = Vec::new();
        for (fill, name) in fills {
            let dir = tempfile::tempdir().expect("temp dir");
            let started = Instant::now();
            fields_index(dir.path(), &analysed, threads, fill);
            by_fill.push((
                name,
                started.elapsed().as_secs_f64(),
                folder_size(dir.path()),
            ));
        }

        println!(
            "stages, threads={threads}: {} sessions, {} passages, {words} words",
            analysed.len(),
            passages.len()
        );
        let rate = |secs: f64| words as f64 / secs / 1e6;
        let row = |name: &str, secs: f64, size: Option<f64>| {
            let size = size.map_or(String::new(), |mb| format!(", index {mb:.1} MB"));
            println!(
                "  {name:<44} {secs:>6.2} s {:>6.2} M words/s {:>5.1}× plain{size}",
                rate(secs),
                secs / plain
            );
        };
        row("read (corpus::read)", read, None);
        row("analyse (pipeline::analyse)", analysis, None);
        row(
            "notulen index (all fields, IndexBuilder)",
            ours,
            Some(ours_size),
        );
        row(
            "plain Tantivy (one field, default tokenizer)",
            plain,
            Some(plain_size),
        );
        println!("  our schema, passages only, fields filled up to:");
        for (name, secs, size) in by_fill {
            row(name, secs, Some(size));
        }
    });
}

/// The run's own index stage: every analysed session through
/// `IndexBuilder`, then its commit, compaction and publication.
fn notulen_index(root: &Path, analysed: &[AnalysedSession], threads: usize, a: &Analysers) {
    let store = Store::new(root);
    let lock = store.lock().expect("lock");
    let builder = IndexBuilder::create(&store, &lock, threads, 128 * 1024 * 1024).expect("builder");
    analysed
        .par_iter()
        .for_each(|s| builder.add(s).expect("add"));
    let (_, lexicon) = LexiconSource::build(LexiconMode::Default, None).expect("lexicon");
    let fingerprint = Fingerprint::new(&lexicon.hash, a.tagger.model());
    let info = IndexInfo {
        schema_version: notulen::index::schema::SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        analyser: AnalyserInfo::current(),
        corpus_hash: String::new(),
        sessions: analysed.len() as u64,
        passages: 0,
        words: 0,
        failures: Vec::new(),
        lexicon,
    };
    builder
        .publish(&info, &Manifest::new(fingerprint, Vec::new()))
        .expect("publish");
}

/// The baseline: one stored text field, Tantivy's default tokenizer.
fn plain_index(dir: &Path, passages: &[&str], threads: usize) {
    let mut schema = Schema::builder();
    let text = schema.add_text_field("text", TEXT | STORED);
    let index = Index::create_in_dir(dir, schema.build()).expect("index");
    let mut writer = index
        .writer_with_num_threads(threads, 128 * 1024 * 1024)
        .expect("writer");
    passages.par_iter().for_each(|p| {
        writer.add_document(doc!(text => *p)).expect("add");
    });
    writer.commit().expect("commit");
    writer.wait_merging_threads().expect("merge");
}

/// How much of the index each group of fields costs: the real schema, with
/// documents that fill only the fields up to `level` (an empty field costs
/// next to nothing). No session documents, no compaction.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Fill {
    /// `tekst` (stemmed with compound tails, stored) and `exact`.
    Text,
    /// + the session's title on every passage (stemmed, stored).
    Title,
    /// + the agenda item, speaker, party and role of speaker turns.
    Turns,
    /// + session id, series, path, date, year, passage number, word and
    ///   question counts, document kind (stored and fast columns).
    Scalars,
    /// + themes and entity names (stored, fast columns for facets).
    Names,
}

fn fields_index(dir: &Path, analysed: &[AnalysedSession], threads: usize, fill: Fill) {
    let index = Index::create_in_dir(dir, schema::build()).expect("index");
    analyzer::register(&index, analyzer::Purpose::Indexing);
    let f = Fields::resolve(&index.schema()).expect("fields");
    let mut writer = index
        .writer_with_num_threads(threads, 128 * 1024 * 1024)
        .expect("writer");
    writer.set_merge_policy(Box::new(NoMergePolicy));
    analysed.par_iter().for_each(|s| {
        let meta = &s.meta;
        for p in &s.passages {
            let mut doc = TantivyDocument::default();
            doc.add_text(f.text, p.text.as_str());
            doc.add_text(f.exact, p.text.as_str());
            if fill >= Fill::Title {
                doc.add_text(f.title, meta.title.as_str());
            }
            if fill >= Fill::Turns {
                for (field, value) in [
                    (f.speaker, &p.speaker),
                    (f.party, &p.party),
                    (f.role, &p.role),
                    (f.agenda_item, &p.agenda_item),
                ] {
                    if let Some(v) = value {
                        doc.add_text(field, v.as_str());
                    }
                }
            }
            if fill >= Fill::Scalars {
                doc.add_text(f.session, meta.id.as_str());
                doc.add_text(f.series, meta.series.as_str());
                doc.add_text(f.path, meta.path.as_str());
                if let Some(d) = meta.date {
                    doc.add_date(f.date, DateTime::from_utc(d.midnight().assume_utc()));
                    doc.add_u64(f.year, u64::try_from(d.year()).unwrap_or(0));
                }
                doc.add_u64(f.passage, u64::from(p.number));
                doc.add_u64(f.words, u64::from(p.words));
                doc.add_u64(f.questions, u64::from(p.questions));
                doc.add_text(f.kind, schema::KIND_PASSAGE);
            }
            if fill >= Fill::Names {
                for theme in &p.themes {
                    doc.add_text(f.theme, theme.as_str());
                }
                for entity in &p.entities {
                    if let Some(field) = f.for_entity(entity.kind) {
                        doc.add_text(field, entity.canonical.as_str());
                    }
                }
            }
            writer.add_document(doc).expect("add");
        }
    });
    writer.commit().expect("commit");
    writer.wait_merging_threads().expect("merge");
}

fn folder_size(dir: &Path) -> f64 {
    fn walk(dir: &Path) -> u64 {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok())
            .map(|e| match e.metadata() {
                Ok(m) if m.is_dir() => walk(&e.path()),
                Ok(m) => m.len(),
                Err(_) => 0,
            })
            .sum()
    }
    walk(dir) as f64 / 1e6
}
