//! Building a new index generation from analysed sessions.

use super::analyzer;
use super::info::IndexInfo;
use super::manifest::Manifest;
use super::schema::{self, Fields};
use super::store::{RunLock, Store};
use crate::error::{Error, Result};
use crate::model::AnalysedSession;
use std::path::{Path, PathBuf};
use tantivy::indexer::NoMergePolicy;
use tantivy::{DateTime, IndexWriter, SegmentId, TantivyDocument, Term};

/// Memory the Tantivy writer may use in total unless the user says
/// otherwise (`--writer-memory`); fixed so peak memory does not grow with
/// the archive.
pub const DEFAULT_WRITER_BUDGET: usize = 128 * 1024 * 1024;

/// Tantivy refuses less than 15 MB per indexing thread; with a small
/// budget the writer uses fewer threads rather than failing.
const MIN_BUDGET_PER_THREAD: usize = 16 * 1024 * 1024;

/// The smallest budget accepted, in bytes (one indexing thread).
pub const MIN_WRITER_BUDGET: usize = MIN_BUDGET_PER_THREAD;

/// An index generation under construction: either empty, or starting as
/// a copy of the live generation ([`IndexBuilder::extend`]) that sessions
/// are added to and removed from. `add`, `replace` and `remove` may be
/// called from many threads at once.
pub struct IndexBuilder<'s> {
    store: &'s Store,
    lock: &'s RunLock,
    dir: PathBuf,
    index: tantivy::Index,
    writer: IndexWriter,
    fields: Fields,
}

impl<'s> IndexBuilder<'s> {
    /// An empty generation. `budget` is the writer's memory in bytes.
    pub fn create(
        store: &'s Store,
        lock: &'s RunLock,
        threads: usize,
        budget: usize,
    ) -> Result<Self> {
        let dir = store.building_dir(lock)?;
        let index = tantivy::Index::create_in_dir(&dir, schema::build())?;
        Self::with_index(store, lock, dir, index, threads, budget)
    }

    /// A generation that starts as a copy of `from` (hard links; the
    /// published generation itself is never written to).
    pub fn extend(
        store: &'s Store,
        lock: &'s RunLock,
        from: &Path,
        threads: usize,
        budget: usize,
    ) -> Result<Self> {
        let dir = store.building_dir_from(lock, from)?;
        let index = tantivy::Index::open_in_dir(&dir).map_err(|e| Error::Index {
            path: from.to_path_buf(),
            reason: format!(
                "cannot open the live generation to update it ({e}); run with --rebuild"
            ),
        })?;
        if index.schema() != schema::build() {
            return Err(Error::Index {
                path: from.to_path_buf(),
                reason: "the live generation has another schema; run with --rebuild".into(),
            });
        }
        Self::with_index(store, lock, dir, index, threads, budget)
    }

    fn with_index(
        store: &'s Store,
        lock: &'s RunLock,
        dir: PathBuf,
        index: tantivy::Index,
        threads: usize,
        budget: usize,
    ) -> Result<Self> {
        analyzer::register(&index, analyzer::Purpose::Indexing);
        let fields = Fields::resolve(&index.schema())?;
        if budget < MIN_WRITER_BUDGET {
            return Err(Error::Index {
                path: dir,
                reason: format!(
                    "writer memory of {} MB is too small; give at least {} MB",
                    budget / (1024 * 1024),
                    MIN_WRITER_BUDGET / (1024 * 1024)
                ),
            });
        }
        let threads = threads
            .clamp(1, 8)
            .min(budget / MIN_BUDGET_PER_THREAD)
            .max(1);
        // Tantivy caps each thread's share just under 4 GB.
        let budget = budget.min(threads * (u32::MAX as usize / 2));
        let writer = index.writer_with_num_threads(threads, budget)?;
        Ok(IndexBuilder {
            store,
            lock,
            dir,
            index,
            writer,
            fields,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Deletes every document (passages and the session document) of a
    /// session. Applies to documents added before this call only, so a
    /// session can be removed and then added again.
    pub fn remove(&self, id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.session, id));
    }

    /// Replaces whatever the generation holds for this session.
    pub fn replace(&self, session: &AnalysedSession) -> Result<()> {
        self.remove(&session.meta.id);
        self.add(session)
    }

    /// Queues one document per passage.
    pub fn add(&self, session: &AnalysedSession) -> Result<()> {
        let f = &self.fields;
        let meta = &session.meta;
        let date = meta
            .date
            .map(|d| DateTime::from_utc(d.midnight().assume_utc()));
        for passage in &session.passages {
            let mut doc = TantivyDocument::default();
            doc.add_text(f.session, &meta.id);
            doc.add_text(f.title, &meta.title);
            if let Some(date) = date {
                doc.add_date(f.date, date);
            }
            if let Some(d) = meta.date {
                doc.add_u64(f.year, u64::try_from(d.year()).unwrap_or(0));
            }
            doc.add_text(f.series, &meta.series);
            doc.add_text(f.path, &meta.path);
            doc.add_u64(f.passage, u64::from(passage.number));
            doc.add_text(f.text, &passage.text);
            doc.add_text(f.exact, &passage.text);
            doc.add_u64(f.words, u64::from(passage.words));
            doc.add_text(f.kind, schema::KIND_PASSAGE);
            for theme in &passage.themes {
                doc.add_text(f.theme, theme);
            }
            doc.add_u64(f.questions, u64::from(passage.questions));
            for (field, value) in [
                (f.speaker, &passage.speaker),
                (f.party, &passage.party),
                (f.role, &passage.role),
                (f.agenda_item, &passage.agenda_item),
            ] {
                if let Some(v) = value {
                    doc.add_text(field, v);
                }
            }
            for entity in &passage.entities {
                if let Some(field) = f.for_entity(entity.kind) {
                    doc.add_text(field, &entity.canonical);
                }
            }
            self.writer.add_document(doc)?;
        }
        let mut doc = TantivyDocument::default();
        doc.add_text(f.kind, schema::KIND_SESSION);
        doc.add_text(f.session, &meta.id);
        doc.add_text(f.series, &meta.series);
        if let Some(date) = date {
            doc.add_date(f.date, date);
        }
        let json = serde_json::to_string(&session.record).map_err(|e| Error::Index {
            path: self.dir.clone(),
            reason: format!("cannot encode the analysis of {}: {e}", meta.id),
        })?;
        doc.add_text(f.analysis, json);
        self.writer.add_document(doc)?;
        Ok(())
    }

    /// Commits, records `info` and `manifest`, and makes this generation
    /// the live one.
    pub fn publish(self, info: &IndexInfo, manifest: &Manifest) -> Result<PathBuf> {
        let IndexBuilder {
            store,
            lock,
            dir,
            index,
            mut writer,
            ..
        } = self;
        writer.commit()?;
        writer.wait_merging_threads()?;
        purge_deleted(&index)?;
        info.write(&dir)?;
        manifest.write(&dir)?;
        store.publish(lock, &dir)
    }

    /// Abandons the build; the live generation stays as it was.
    pub fn abandon(self) -> Result<()> {
        drop(self.writer);
        std::fs::remove_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))
    }
}

/// Rewrites the segments that hold deleted documents. Deleted documents
/// still count in Tantivy's term statistics (document count, document
/// frequency), so without this an updated index would rank differently
/// from a fresh build of the same files.
fn purge_deleted(index: &tantivy::Index) -> Result<()> {
    let with_deletes: Vec<SegmentId> = index
        .searchable_segment_metas()?
        .iter()
        .filter(|m| m.has_deletes())
        .map(|m| m.id())
        .collect();
    if with_deletes.is_empty() {
        return Ok(());
    }
    // A writer of its own without a merge policy, so no background
    // merge can claim these segments first.
    let mut writer: IndexWriter = index.writer_with_num_threads(1, MIN_WRITER_BUDGET)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    writer.merge(&with_deletes).wait()?;
    writer.wait_merging_threads()?;
    Ok(())
}
