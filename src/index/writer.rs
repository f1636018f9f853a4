//! Building a new index generation from analysed sessions.

use super::analyzer;
use super::info::IndexInfo;
use super::schema::{self, Fields};
use super::store::{RunLock, Store};
use crate::error::{Error, Result};
use crate::model::AnalysedSession;
use std::path::{Path, PathBuf};
use tantivy::{DateTime, IndexWriter, TantivyDocument};

/// Memory the Tantivy writer may use in total; fixed so peak memory does not
/// grow with the archive.
pub const DEFAULT_WRITER_BUDGET: usize = 128 * 1024 * 1024;

/// An index generation under construction. `add` may be called from many
/// threads at once.
pub struct IndexBuilder<'s> {
    store: &'s Store,
    lock: &'s RunLock,
    dir: PathBuf,
    writer: IndexWriter,
    fields: Fields,
}

impl<'s> IndexBuilder<'s> {
    pub fn create(store: &'s Store, lock: &'s RunLock, threads: usize) -> Result<Self> {
        let dir = store.building_dir(lock)?;
        let index = tantivy::Index::create_in_dir(&dir, schema::build())?;
        analyzer::register(&index, analyzer::Purpose::Indexing);
        let fields = Fields::resolve(&index.schema())?;
        let threads = threads.clamp(1, 8);
        let budget = DEFAULT_WRITER_BUDGET.max(threads * 16 * 1024 * 1024);
        let writer = index.writer_with_num_threads(threads, budget)?;
        Ok(IndexBuilder {
            store,
            lock,
            dir,
            writer,
            fields,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
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

    /// Commits, records `info`, and makes this generation the live one.
    pub fn publish(mut self, info: &IndexInfo) -> Result<PathBuf> {
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        info.write(&self.dir)?;
        self.store.publish(self.lock, &self.dir)
    }

    /// Abandons the build; the live generation stays as it was.
    pub fn abandon(self) -> Result<()> {
        drop(self.writer);
        std::fs::remove_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))
    }
}
