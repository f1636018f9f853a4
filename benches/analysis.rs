//! Criterion benchmarks for the per-session language work: analysing one
//! session (paragraphs, tokens, themes, questions, entities), the index's
//! Dutch analyser, and the entity tagger on its own.

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

    // Entity tagging alone: the sentences of the same session, as the
    // pipeline hands them to the tagger (two passes over the document).
    let tagger = notulen::entities::Tagger::embedded();
    let mut sentences: Vec<Vec<&str>> = Vec::new();
    for p in notulen::text::paragraphs(&session.text) {
        let para = &session.text[p];
        for s in notulen::text::sentences(para) {
            let sentence = &para[s];
            sentences.push(
                notulen::text::tokens(sentence)
                    .map(|t| &sentence[t.start..t.end])
                    .collect(),
            );
        }
    }
    let refs: Vec<&[&str]> = sentences.iter().map(Vec::as_slice).collect();
    let tokens: usize = refs.iter().map(|s| s.len()).sum();
    let mut group = c.benchmark_group("ner");
    group.throughput(Throughput::Elements(tokens as u64));
    group.bench_function("tag_document (tokens)", |b| {
        b.iter(|| tagger.tag_document(&refs))
    });
    group.bench_function("tag sentence by sentence (tokens)", |b| {
        b.iter(|| refs.iter().map(|s| tagger.tag(s).len()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
