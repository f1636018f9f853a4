//! The baseline for the whole-run benchmark: the same files, read the same
//! way (`corpus::read`: decoding, markup removed), split into the same
//! passages, indexed by plain Tantivy with its default tokenizer and no
//! analysis at all. `benches/run.sh` runs it next to `notulen run`, and the
//! ratio shows what the Dutch analysis costs.
//!
//!   NOTULEN_BENCH_ARCHIVE=DIR [NOTULEN_BENCH_THREADS=2] cargo bench --bench index_only

use rayon::prelude::*;
use std::time::Instant;
use tantivy::schema::{Schema, STORED, TEXT};
use tantivy::{doc, Index};

mod common;

fn main() {
    let Some((archive, threads, pool)) = common::archive_and_pool() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    let (files, _) = notulen::corpus::discover(&[archive.into()]);
    let mut schema = Schema::builder();
    let text = schema.add_text_field("text", TEXT | STORED);
    let index = Index::create_in_dir(dir.path(), schema.build()).expect("index");
    let writer = index
        .writer_with_num_threads(threads, 128 * 1024 * 1024)
        .expect("writer");
    let words: u64 = pool.install(|| {
        files
            .par_iter()
            .map(|file| {
                let Ok(session) = notulen::corpus::read(file) else {
                    return 0;
                };
                let mut words = 0;
                for span in notulen::text::paragraphs(&session.text) {
                    let passage = &session.text[span];
                    words += passage.split_whitespace().count() as u64;
                    writer.add_document(doc!(text => passage)).expect("add");
                }
                words
            })
            .sum()
    });
    let mut writer = writer;
    writer.commit().expect("commit");
    writer.wait_merging_threads().expect("merge");
    let secs = started.elapsed().as_secs_f64();
    let size: u64 = std::fs::read_dir(dir.path())
        .expect("read index dir")
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "index-only (plain Tantivy, default tokenizer), threads={threads}: {} files, {words} words in {secs:.2} s ({:.0} words/s); index {:.1} MB",
        files.len(),
        words as f64 / secs,
        size as f64 / 1e6
    );
}
