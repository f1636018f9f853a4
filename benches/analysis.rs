//! Criterion benchmarks for the per-session language work: analysing one
//! session (paragraphs, tokens, word counts) and running the index's Dutch
//! analyser over it.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use notulen::corpus;
use notulen::index::analyzer::{DutchTokenizer, Mode};
use notulen::pipeline;
use std::path::PathBuf;
use tantivy::tokenizer::{TokenStream, Tokenizer};

fn sample() -> (corpus::SourceFile, Vec<u8>) {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"));
    let (files, _) = corpus::discover(&[root]);
    let file = files
        .into_iter()
        .max_by_key(|f| std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0))
        .expect("corpus/ has sessions");
    let bytes = std::fs::read(&file.path).expect("readable");
    (file, bytes)
}

fn bench(c: &mut Criterion) {
    let (file, bytes) = sample();
    let session = corpus::parse(&file, &bytes).expect("parses");
    let words = notulen::text::word_count(&session.text) as u64;

    let analysers = pipeline::Analysers::default_nl();
    let mut ws = analysers.workspace();
    let mut group = c.benchmark_group("session");
    group.throughput(Throughput::Elements(words));
    group.bench_function("read+analyse", |b| {
        b.iter(|| {
            pipeline::analyse(
                corpus::parse(&file, &bytes).expect("parses"),
                &analysers,
                &mut ws,
            )
        })
    });
    let mut tokenizer = DutchTokenizer::new(Mode::Stemmed);
    group.bench_function("dutch analyser (stemmed terms)", |b| {
        b.iter(|| {
            let mut stream = tokenizer.token_stream(&session.text);
            let mut n = 0usize;
            while stream.advance() {
                n += stream.token().text.len();
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
