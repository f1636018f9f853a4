//! What indexing compound tails costs: the same passages indexed into one
//! text field with the Dutch analyser with and without compound tails
//! (`Mode::Stemmed` vs `Mode::StemmedCompounds`); time, index size and the
//! number of extra terms.
//!
//!   NOTULEN_BENCH_ARCHIVE=DIR cargo bench --bench compound_cost

use notulen::index::analyzer::{DutchTokenizer, Mode};
use rayon::prelude::*;
use std::time::Instant;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer};
use tantivy::{doc, Index};

fn main() {
    let Ok(archive) = std::env::var("NOTULEN_BENCH_ARCHIVE") else {
        eprintln!("set NOTULEN_BENCH_ARCHIVE to an archive folder");
        return;
    };
    let (files, _) = notulen::corpus::discover(&[archive.into()]);
    let passages: Vec<String> = files
        .par_iter()
        .filter_map(|f| notulen::corpus::read(f).ok())
        .flat_map_iter(|s| {
            notulen::text::paragraphs(&s.text)
                .into_iter()
                .map(|r| s.text[r].to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let words: usize = passages.iter().map(|p| notulen::text::word_count(p)).sum();
    println!("{} passages, {words} words", passages.len());
    for (name, mode) in [
        ("without compound tails", Mode::Stemmed),
        ("with compound tails", Mode::StemmedCompounds),
    ] {
        // Terms per passage, on one thread: the analysis cost alone.
        let started = Instant::now();
        let mut tokenizer = DutchTokenizer::new(mode);
        let mut terms = 0usize;
        for p in &passages {
            let mut stream = tokenizer.token_stream(p);
            while stream.advance() {
                terms += 1;
            }
        }
        let analyse = started.elapsed().as_secs_f64();

        let dir = tempfile::tempdir().expect("temp dir");
        let mut schema = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer("nl")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let text = schema.add_text_field(
            "text",
            TextOptions::default().set_indexing_options(indexing),
        );
        let index = Index::create_in_dir(dir.path(), schema.build()).expect("index");
        index.tokenizers().register(
            "nl",
            TextAnalyzer::builder(DutchTokenizer::new(mode)).build(),
        );
        let started = Instant::now();
        let mut writer = index
            .writer_with_num_threads(2, 128 * 1024 * 1024)
            .expect("writer");
        for p in &passages {
            writer.add_document(doc!(text => p.as_str())).expect("add");
        }
        writer.commit().expect("commit");
        writer.wait_merging_threads().expect("merge");
        let build = started.elapsed().as_secs_f64();
        let size: u64 = std::fs::read_dir(dir.path())
            .expect("index dir")
            .filter_map(|e| e.ok()?.metadata().ok())
            .map(|m| m.len())
            .sum();
        println!(
            "{name:<24} {terms:>10} terms  analysis {:>8.0} words/s (1 thread)  index build {build:.2} s (2 threads)  index {:.2} MB",
            words as f64 / analyse,
            size as f64 / 1e6
        );
    }
}
