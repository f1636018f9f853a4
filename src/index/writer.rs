//! Building a new index generation from analysed sessions.

use super::analyzer;
use super::info::IndexInfo;
use super::manifest::Manifest;
use super::schema::{self, Fields};
use super::store::{RunLock, Store};
use crate::error::{Error, Result};
use crate::model::AnalysedSession;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use tantivy::indexer::NoMergePolicy;
use tantivy::{DateTime, IndexWriter, SegmentId, SegmentMeta, TantivyDocument, Term};

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
    /// The largest segment [`compact`] may write: the writer budget.
    max_merge_bytes: u64,
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
        let writer: IndexWriter = index.writer_with_num_threads(threads, budget)?;
        // No merges while the writer holds its budget: a merge reads its
        // segments through memory maps, so merging during the run added
        // the merged segments' size to the run's peak (see [`compact`]).
        writer.set_merge_policy(Box::new(NoMergePolicy));
        Ok(IndexBuilder {
            store,
            lock,
            dir,
            index,
            writer,
            fields,
            max_merge_bytes: budget as u64,
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
        // Text goes in as `&str`: Tantivy copies it with `ToString`, which
        // for `&String` formats it through `Display` into a growing buffer
        // and for `&str` is one sized copy.
        for passage in &session.passages {
            let mut doc = TantivyDocument::default();
            doc.add_text(f.session, meta.id.as_str());
            doc.add_text(f.title, meta.title.as_str());
            if let Some(date) = date {
                doc.add_date(f.date, date);
            }
            if let Some(d) = meta.date {
                doc.add_u64(f.year, u64::try_from(d.year()).unwrap_or(0));
            }
            doc.add_text(f.series, meta.series.as_str());
            doc.add_text(f.path, meta.path.as_str());
            doc.add_u64(f.passage, u64::from(passage.number));
            doc.add_text(f.text, passage.text.as_str());
            doc.add_text(f.exact, passage.text.as_str());
            doc.add_u64(f.words, u64::from(passage.words));
            doc.add_text(f.kind, schema::KIND_PASSAGE);
            for theme in &passage.themes {
                doc.add_text(f.theme, theme.as_str());
            }
            doc.add_u64(f.questions, u64::from(passage.questions));
            for (field, value) in [
                (f.speaker, &passage.speaker),
                (f.party, &passage.party),
                (f.role, &passage.role),
                (f.agenda_item, &passage.agenda_item),
            ] {
                if let Some(v) = value {
                    doc.add_text(field, v.as_str());
                }
            }
            for entity in &passage.entities {
                if let Some(field) = f.for_entity(entity.kind) {
                    doc.add_text(field, entity.canonical.as_str());
                }
            }
            self.writer.add_document(doc)?;
        }
        let mut doc = TantivyDocument::default();
        doc.add_text(f.kind, schema::KIND_SESSION);
        doc.add_text(f.session, meta.id.as_str());
        doc.add_text(f.series, meta.series.as_str());
        if let Some(date) = date {
            doc.add_date(f.date, date);
        }
        let json = serde_json::to_string(&session.record).map_err(|e| Error::Index {
            path: self.dir.clone(),
            reason: format!("cannot encode the analysis of {}: {e}", meta.id),
        })?;
        // Moved in, not copied (`add_text` would copy it).
        doc.add_field_value(f.analysis, json);
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
            max_merge_bytes,
            ..
        } = self;
        writer.commit()?;
        writer.wait_merging_threads()?;
        compact(&index, &dir, max_merge_bytes)?;
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

/// Segment count up to which [`compact`] merges nothing but segments with
/// deletes: the `min_num_segments` of Tantivy's default `LogMergePolicy`.
const MERGE_ABOVE_SEGMENTS: usize = 8;

/// Merges the generation's segments once the writer has committed and
/// freed its memory, in groups of at most `max_bytes` (the writer budget),
/// one group at a time.
///
/// Why not Tantivy's default `LogMergePolicy` during the run: it merges
/// segments of similar size level by level, without a bound that matters
/// here, while the writer's buffers are full, and a merge reads all of its
/// segments through memory maps. At 60,000 synthetic sessions one merge
/// mapped 535 MB of segment files on top of the writer's 128 MB, and the
/// next level up would map eight times that. Merging at the end in
/// bounded groups maps at most one budget's worth of index at a time, when
/// little else is resident, whatever the archive's size. The price is
/// more segments on a large archive, about one per budget's worth of
/// index (raise `--writer-memory` for fewer), and the merges no longer
/// overlap with the analysis.
///
/// An index of at most [`MERGE_ABOVE_SEGMENTS`] segments is left as it is
/// (Tantivy's own policy waits for as many): a search visits a few
/// segments about as fast as one, while merging them was the one serial
/// step of a run, 8 % of its wall clock at 2,800 sessions on 2 threads.
///
/// Segments that hold deleted documents are always rewritten, alone if
/// nothing else fits with them: deleted documents still count in Tantivy's
/// term statistics (document count, document frequency), so without this
/// an updated index would rank differently from a fresh build.
fn compact(index: &tantivy::Index, dir: &Path, max_bytes: u64) -> Result<()> {
    let metas = index.searchable_segment_metas()?;
    let sized = |m: &SegmentMeta| (segment_bytes(dir, m), m.id());
    let mut groups = if metas.len() > MERGE_ABOVE_SEGMENTS {
        merge_groups(
            metas.iter().map(sized).collect(),
            max_bytes,
            Grouping::Balanced,
        )
    } else {
        Vec::new()
    };
    let grouped: HashSet<SegmentId> = groups.iter().flatten().copied().collect();
    let with_deletes = metas
        .iter()
        .filter(|m| m.has_deletes() && !grouped.contains(&m.id()))
        .map(sized)
        .collect();
    groups.extend(merge_groups(with_deletes, max_bytes, Grouping::Purge));
    // Tantivy keeps the files of every segment whose meta is still alive
    // somewhere; holding these would keep the merged segments on disk.
    drop(metas);
    if groups.is_empty() {
        return Ok(());
    }
    // A writer of its own without a merge policy, so no background merge
    // claims these segments first; it indexes nothing, so it allocates no
    // indexing buffers.
    let mut writer: IndexWriter = index.writer_with_num_threads(1, MIN_WRITER_BUDGET)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    for group in groups {
        writer.merge(&group).wait()?;
    }
    writer.wait_merging_threads()?;
    Ok(())
}

/// How [`merge_groups`] forms its groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grouping {
    /// At least two segments per merge, and a segment joins a group only
    /// if it is at most twice the group so far: every merge at least
    /// multiplies a document's segment by 1.5, so no document is rewritten
    /// more than a few times, and a large segment is never rewritten just
    /// to absorb a small one.
    Balanced,
    /// Every segment is merged (a group may be one segment), to purge
    /// its deleted documents.
    Purge,
}

/// Splits segments, given as (size in bytes, id), into merges, smallest
/// first, each as many segments as fit under `max_bytes` together.
fn merge_groups(
    mut segments: Vec<(u64, SegmentId)>,
    max_bytes: u64,
    grouping: Grouping,
) -> Vec<Vec<SegmentId>> {
    // Size, then id: the same segments always give the same groups.
    segments.sort_unstable();
    let min_group = match grouping {
        Grouping::Balanced => 2,
        Grouping::Purge => 1,
    };
    let mut groups = Vec::new();
    let mut group: Vec<SegmentId> = Vec::new();
    let mut total = 0u64;
    for (bytes, id) in segments {
        let fits = total.saturating_add(bytes) <= max_bytes
            && (grouping == Grouping::Purge || bytes <= total.saturating_mul(2));
        if !fits && !group.is_empty() {
            if group.len() >= min_group {
                groups.push(std::mem::take(&mut group));
            }
            group.clear();
            total = 0;
        }
        group.push(id);
        total = total.saturating_add(bytes);
    }
    if group.len() >= min_group {
        groups.push(group);
    }
    groups
}

/// What a segment's files take on disk (deletes included); a file that
/// cannot be read counts as empty.
fn segment_bytes(dir: &Path, meta: &SegmentMeta) -> u64 {
    meta.list_files()
        .iter()
        .filter_map(|file| std::fs::metadata(dir.join(file)).ok())
        .map(|m| m.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1024 * 1024;

    /// Groups as sizes in MB, for readable expectations.
    fn groups(sizes: &[u64], max: u64, grouping: Grouping) -> Vec<Vec<u64>> {
        let segments: Vec<(u64, SegmentId)> = sizes
            .iter()
            .map(|&s| (s * MB, SegmentId::generate_random()))
            .collect();
        let size_of = |id: &SegmentId| {
            segments
                .iter()
                .find(|(_, s)| s == id)
                .map(|(b, _)| b / MB)
                .expect("a known segment")
        };
        merge_groups(segments.clone(), max * MB, grouping)
            .iter()
            .map(|g| g.iter().map(size_of).collect())
            .collect()
    }

    /// Segment sizes, the bound, the groups expected (all in MB).
    type Case = (&'static [u64], u64, &'static [&'static [u64]]);

    #[test]
    fn merges_stay_under_the_bound() {
        let cases: &[Case] = &[
            // Flushed segments of half the budget pair up; pairs are full.
            (&[57, 57, 57, 114], 128, &[&[57, 57]]),
            // Small segments are merged together, smallest first.
            (&[3, 1, 2, 40], 128, &[&[1, 2, 3]]),
            // A large segment is not rewritten to absorb small ones.
            (&[1, 2, 100], 128, &[&[1, 2]]),
            (&[5, 6, 20, 30, 100], 64, &[&[5, 6, 20, 30]]),
            // Nothing to pair with.
            (&[10], 128, &[]),
            (&[70, 80], 128, &[]),
            (&[], 128, &[]),
        ];
        for (sizes, max, expected) in cases {
            let found = groups(sizes, *max, Grouping::Balanced);
            assert_eq!(found, *expected, "{sizes:?} under {max}");
            for g in &found {
                assert!(g.iter().sum::<u64>() <= *max, "{g:?} over {max}");
            }
        }
    }

    #[test]
    fn purge_takes_every_segment_in_bounded_groups() {
        assert_eq!(
            groups(&[100, 1, 2, 300, 60], 128, Grouping::Purge),
            vec![vec![1, 2, 60], vec![100], vec![300]]
        );
        assert_eq!(groups(&[5], 128, Grouping::Purge), vec![vec![5]]);
    }
}
