//! Training: an averaged structured perceptron (Collins 2002) over BILOU labels with
//! first-order transitions, decoded with the same Viterbi as tagging.
//!
//! Deterministic: the only randomness (the per-epoch shuffle and word dropout) is drawn from
//! a SplitMix64 generator seeded by [`TrainConfig::seed`] (`seed + i` for ensemble member
//! `i`); everything runs on the calling thread.
//!
//! Gazetteer features are mined from the training data itself. So that the model does not
//! learn to trust them blindly (every training entity is in its own gazetteer), each training
//! sentence sees a gazetteer built from the other folds only ("jackknifing"); the model file
//! keeps the gazetteer of all training data.
//!
//! Two passes: the first pass tags sentences on their own; the second also sees what the
//! first pass said about the other mentions of each word in the same document. Its training
//! input comes from first-pass models that did not see the document (document folds).

use std::collections::HashMap;
use std::time::Instant;

use super::decode::{viterbi, Row, Transitions};
use super::document::{document_context, sentence_keys, DocToken};
use super::features::{document_features, extract, SentenceFeatures, GAZ_BITS_PER_TYPE, LEXICAL};
use super::hash::KeyTable;
use super::labels::{from_tags, NUM_LABELS as L, OUTSIDE};
use super::lexicon::{word_key, Lexicon};
use super::model_file::{Model, Pass};
use super::score::spans_from_tags;
use super::tagger::Tagger;
use super::ConllSentence;

/// Knobs of [`train`]. The defaults are the settings tuned on CoNLL-2002 `ned.testa`.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the per-epoch shuffle.
    pub seed: u64,
    /// Features seen fewer times than this in the training data are not learned.
    pub min_feature_count: u32,
    /// Averaged weights smaller than this (in perceptron update units) are dropped from the
    /// model, which keeps the file small.
    pub prune_below: f32,
    /// Folds for the jackknifed training-data gazetteer; 0 turns gazetteer features off.
    pub gazetteer_folds: usize,
    /// Document folds for training the second (document-context) pass; 0 trains a
    /// first pass only.
    pub document_folds: usize,
    /// Probability of hiding a token's own word features during a training visit, so that
    /// context, shape and affix features learn to carry unseen words ("word dropout").
    pub word_dropout: f32,
    /// Perceptrons per pass, trained with seeds `seed`, `seed + 1`, … and averaged (an
    /// ensemble evens out the luck of the shuffle).
    pub ensemble: usize,
    /// Word facts from unlabelled text, stored into the model.
    pub lexicon: Lexicon,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 12,
            seed: 0x006e_6f74_756c_656e,
            min_feature_count: 1,
            prune_below: 1.5,
            gazetteer_folds: 10,
            word_dropout: 0.1,
            document_folds: 10,
            ensemble: 3,
            lexicon: Lexicon::bundled(),
        }
    }
}

/// Which model [`train_with_progress`] is training.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// A first-pass model on all but one fold of the documents, to predict that fold as
    /// honest input for the second pass (1-based fold of `folds`).
    HeldOut { fold: usize, folds: usize },
    /// The first-pass model on all the data.
    FirstPass,
    /// The second pass, which also sees first-pass document context.
    SecondPass,
}

/// What [`train_with_progress`] reports after each epoch.
pub struct EpochProgress<'a> {
    pub phase: Phase,
    /// Which perceptron of the ensemble (1-based) and how many there are.
    pub member: usize,
    pub members: usize,
    /// 1-based.
    pub epoch: usize,
    pub epochs: usize,
    /// Training sentences decoded wrongly during this epoch.
    pub sentence_errors: usize,
    /// Training tokens labelled wrongly during this epoch.
    pub token_errors: usize,
    /// Seconds since training started (feature extraction included).
    pub seconds: f64,
    /// Number of features being learned.
    pub features: usize,
    state: &'a State,
    earlier: &'a [Pass],
    gazetteer: &'a Lexicon,
    config: &'a TrainConfig,
}

impl EpochProgress<'_> {
    /// The averaged model as it stands after this epoch (e.g. to score a development set):
    /// in the second-pass phase both passes, otherwise the first pass alone; of an ensemble,
    /// only the member being trained.
    pub fn model(&self) -> Model {
        let mut passes = self.earlier.to_vec();
        passes.push(self.state.pass(self.config));
        Model {
            passes,
            words: self.config.lexicon.clone(),
            gazetteer: self.gazetteer.clone(),
        }
    }
}

/// Trains a model on gold-tagged sentences.
pub fn train(sentences: &[ConllSentence], config: &TrainConfig) -> Model {
    train_with_progress(sentences, config, &mut |_| {})
}

/// Like [`train`], calling `progress` after every epoch of every phase.
pub fn train_with_progress(
    sentences: &[ConllSentence],
    config: &TrainConfig,
    progress: &mut dyn FnMut(&EpochProgress<'_>),
) -> Model {
    let started = Instant::now();
    let gazetteer_of = |part: &[ConllSentence]| {
        if config.gazetteer_folds == 0 {
            Lexicon::empty()
        } else {
            gazetteer(part.iter())
        }
    };
    let full_gazetteer = gazetteer_of(sentences);
    let mut run =
        |phase: Phase, part: &[ConllSentence], doc: Option<&[Vec<DocToken>]>, earlier: &[Pass]| {
            let gazetteer = if phase == Phase::SecondPass || phase == Phase::FirstPass {
                full_gazetteer.clone()
            } else {
                gazetteer_of(part)
            };
            train_pass(
                part,
                doc,
                config,
                &mut |state, (member, members), epoch, errors| {
                    progress(&EpochProgress {
                        phase,
                        member,
                        members,
                        epoch,
                        epochs: config.epochs,
                        sentence_errors: errors.0,
                        token_errors: errors.1,
                        seconds: started.elapsed().as_secs_f64(),
                        features: state.keys.len(),
                        state,
                        earlier,
                        gazetteer: &gazetteer,
                        config,
                    })
                },
            )
        };
    if config.document_folds == 0 {
        let first = run(Phase::FirstPass, sentences, None, &[]);
        return Model {
            passes: vec![first],
            words: config.lexicon.clone(),
            gazetteer: full_gazetteer,
        };
    }

    // First-pass labels for every training sentence from a model that did not see its
    // document, so the second pass learns from realistic first-pass mistakes.
    let folds = config.document_folds;
    let mut documents: Vec<usize> = sentences.iter().map(|s| s.document).collect();
    documents.dedup();
    documents.sort_unstable();
    documents.dedup();
    let fold_of = |s: &ConllSentence| {
        let rank = documents
            .binary_search(&s.document)
            .expect("document listed");
        rank * folds / documents.len()
    };
    let mut first_labels: Vec<Vec<u8>> = vec![Vec::new(); sentences.len()];
    for fold in 0..folds {
        let rest: Vec<ConllSentence> = sentences
            .iter()
            .filter(|s| fold_of(s) != fold)
            .cloned()
            .collect();
        let pass = run(
            Phase::HeldOut {
                fold: fold + 1,
                folds,
            },
            &rest,
            None,
            &[],
        );
        let tagger = Tagger::new(Model {
            passes: vec![pass],
            words: config.lexicon.clone(),
            gazetteer: gazetteer_of(&rest),
        });
        for (s, labels) in sentences.iter().zip(&mut first_labels) {
            if fold_of(s) == fold {
                *labels = tagger.first_pass_labels(&s.token_strs());
            }
        }
    }
    let first = run(Phase::FirstPass, sentences, None, &[]);
    let context = context_by_document(sentences, &first_labels);
    let second = run(
        Phase::SecondPass,
        sentences,
        Some(&context),
        std::slice::from_ref(&first),
    );
    Model {
        passes: vec![first, second],
        words: config.lexicon.clone(),
        gazetteer: full_gazetteer,
    }
}

/// Document context for each sentence, documents being runs of sentences with the same id.
fn context_by_document(sentences: &[ConllSentence], labels: &[Vec<u8>]) -> Vec<Vec<DocToken>> {
    let mut out = Vec::with_capacity(sentences.len());
    let mut start = 0;
    while start < sentences.len() {
        let doc = sentences[start].document;
        let end = start
            + sentences[start..]
                .iter()
                .take_while(|s| s.document == doc)
                .count();
        let tokens: Vec<Vec<&str>> = sentences[start..end]
            .iter()
            .map(ConllSentence::token_strs)
            .collect();
        let slices: Vec<&[&str]> = tokens.iter().map(Vec::as_slice).collect();
        let keys: Vec<Vec<u32>> = slices.iter().map(|s| sentence_keys(s)).collect();
        out.extend(document_context(&slices, &keys, &labels[start..end]));
        start = end;
    }
    out
}

/// Called after every epoch with the state, (member, members) of the ensemble, the 1-based
/// epoch and (sentence, token) errors.
type EpochReport<'a> = dyn FnMut(&State, (usize, usize), usize, (usize, usize)) + 'a;

/// Like [`EpochReport`] for a single ensemble member.
type MemberReport<'a> = dyn FnMut(&State, usize, (usize, usize)) + 'a;

/// One perceptron run; `report` is called after every epoch.
fn train_pass(
    sentences: &[ConllSentence],
    doc: Option<&[Vec<DocToken>]>,
    config: &TrainConfig,
    report: &mut EpochReport<'_>,
) -> Pass {
    let data = TrainingData::new(sentences, doc, config);
    let members = config.ensemble.max(1);
    let mut total: Option<Averages> = None;
    for member in 0..members {
        let seed = config.seed.wrapping_add(member as u64);
        let state = train_member(&data, seed, config, &mut |state, epoch, errors| {
            report(state, (member + 1, members), epoch, errors)
        });
        let averages = state.averages();
        match &mut total {
            None => total = Some(averages),
            Some(total) => total.add(&averages),
        }
    }
    let mut total = total.expect("at least one member");
    total.scale(1.0 / members as f32);
    total.to_pass(&data.feature_keys, config)
}

/// One averaged perceptron over the encoded data.
fn train_member(
    data: &TrainingData,
    seed: u64,
    config: &TrainConfig,
    report: &mut MemberReport<'_>,
) -> State {
    let mut state = State::new(data.feature_keys.clone());
    let mut order: Vec<usize> = (0..data.sentences.len()).collect();
    let mut rng = SplitMix64(seed);
    let mut emissions: Vec<Row> = Vec::new();
    let (mut back, mut predicted) = (Vec::new(), Vec::new());
    let mut dropped: Vec<bool> = Vec::new();
    for epoch in 1..=config.epochs {
        shuffle(&mut order, &mut rng);
        let (mut sentence_errors, mut token_errors) = (0, 0);
        for &s in &order {
            let sentence = &data.sentences[s];
            dropped.clear();
            if config.word_dropout > 0.0 {
                let threshold = (f64::from(config.word_dropout) * (1u64 << 53) as f64) as u64;
                dropped.extend(sentence.gold.iter().map(|_| rng.next() >> 11 < threshold));
            } else {
                dropped.resize(sentence.gold.len(), false);
            }
            state.emissions(sentence, &dropped, &mut emissions);
            let transitions =
                Transitions::constrained(&state.start.w, &state.trans.w, &state.end.w);
            viterbi(&emissions, &transitions, &mut back, &mut predicted);
            if predicted != sentence.gold {
                sentence_errors += 1;
                token_errors += predicted
                    .iter()
                    .zip(&sentence.gold)
                    .filter(|(a, b)| a != b)
                    .count();
                state.update(sentence, &dropped, &predicted);
            }
            state.step += 1;
        }
        report(&state, epoch, (sentence_errors, token_errors));
    }
    state
}

struct EncodedSentence {
    /// Feature indices of token `i` are `features[offsets[i]..offsets[i + 1]]`.
    features: Vec<u32>,
    offsets: Vec<usize>,
    /// How many of a token's features (they come first) are its word-identity features.
    lexical: Vec<u8>,
    gold: Vec<u8>,
}

impl EncodedSentence {
    fn token(&self, t: usize, dropped: bool) -> &[u32] {
        let skip = if dropped {
            usize::from(self.lexical[t])
        } else {
            0
        };
        &self.features[self.offsets[t] + skip..self.offsets[t + 1]]
    }
}

struct TrainingData {
    feature_keys: Vec<u32>,
    sentences: Vec<EncodedSentence>,
}

impl TrainingData {
    fn new(
        sentences: &[ConllSentence],
        doc: Option<&[Vec<DocToken>]>,
        config: &TrainConfig,
    ) -> TrainingData {
        let folds = config.gazetteer_folds;
        let fold_of = |i: usize| {
            if folds == 0 {
                0
            } else {
                i * folds / sentences.len().max(1)
            }
        };
        let fold_gazetteers: Vec<Lexicon> = (0..folds)
            .map(|k| {
                gazetteer(
                    sentences
                        .iter()
                        .enumerate()
                        .filter(|&(i, _)| fold_of(i) != k)
                        .map(|(_, s)| s),
                )
            })
            .collect();
        let empty = Lexicon::empty();

        // Features as keys first, then keep the frequent ones and renumber.
        let mut buffer = SentenceFeatures::default();
        let (mut doc_keys, mut doc_offsets) = (Vec::new(), Vec::new());
        let mut keyed: Vec<(Vec<u32>, Vec<usize>)> = Vec::with_capacity(sentences.len());
        let mut counts: HashMap<u32, u32> = HashMap::new();
        for (i, s) in sentences.iter().enumerate() {
            let gaz = fold_gazetteers.get(fold_of(i)).unwrap_or(&empty);
            extract(&s.token_strs(), &config.lexicon, gaz, &mut buffer);
            let (keys, offsets) = match doc {
                None => (buffer.keys.clone(), buffer.offsets.clone()),
                Some(doc) => {
                    // Per token: its sentence features, then its document features.
                    document_features(&buffer.shapes(), &doc[i], &mut doc_keys, &mut doc_offsets);
                    let mut keys = Vec::with_capacity(buffer.keys.len() + doc_keys.len());
                    let mut offsets = vec![0];
                    for t in 0..s.tokens.len() {
                        keys.extend_from_slice(buffer.token(t));
                        keys.extend_from_slice(&doc_keys[doc_offsets[t]..doc_offsets[t + 1]]);
                        offsets.push(keys.len());
                    }
                    (keys, offsets)
                }
            };
            for &k in &keys {
                *counts.entry(k).or_insert(0) += 1;
            }
            keyed.push((keys, offsets));
        }
        let mut feature_keys: Vec<u32> = counts
            .iter()
            .filter(|&(_, &c)| c >= config.min_feature_count)
            .map(|(&k, _)| k)
            .collect();
        feature_keys.sort_unstable();
        let index = KeyTable::build(feature_keys.iter().enumerate().map(|(i, &k)| (k, i as u32)));
        let sentences = sentences
            .iter()
            .zip(keyed)
            .map(|(s, (keys, offsets))| {
                let mut features = Vec::with_capacity(keys.len());
                let mut new_offsets = Vec::with_capacity(offsets.len());
                let mut lexical = Vec::with_capacity(offsets.len());
                new_offsets.push(0);
                for w in offsets.windows(2) {
                    let token = &keys[w[0]..w[1]];
                    let before = features.len();
                    features.extend(token[LEXICAL].iter().filter_map(|&k| index.get(k)));
                    lexical.push((features.len() - before) as u8);
                    features.extend(token[..LEXICAL.start].iter().filter_map(|&k| index.get(k)));
                    features.extend(token[LEXICAL.end..].iter().filter_map(|&k| index.get(k)));
                    new_offsets.push(features.len());
                }
                EncodedSentence {
                    features,
                    offsets: new_offsets,
                    lexical,
                    gold: from_tags(&s.tags),
                }
            })
            .collect();
        TrainingData {
            feature_keys,
            sentences,
        }
    }
}

/// Gazetteer bits per lower-cased word: for each type, whether the word was seen as a
/// one-word entity, first, inner or last word of an entity of that type; plus bit 16 when at
/// least half of the word's occurrences are inside some entity.
fn gazetteer<'a>(sentences: impl Iterator<Item = &'a ConllSentence>) -> Lexicon {
    let mut bits: HashMap<u32, u32> = HashMap::new();
    let mut seen: HashMap<u32, (u32, u32)> = HashMap::new();
    let mut lower = String::new();
    for s in sentences {
        let keys: Vec<u32> = s
            .tokens
            .iter()
            .map(|t| {
                lower.clear();
                lower.extend(t.chars().flat_map(char::to_lowercase));
                word_key(&lower)
            })
            .collect();
        let mut inside = vec![false; keys.len()];
        for span in spans_from_tags(&s.tags) {
            let base = span.kind.index() as u32 * GAZ_BITS_PER_TYPE;
            for i in span.start..span.end {
                inside[i] = true;
                let part = if span.end - span.start == 1 {
                    0
                } else if i == span.start {
                    1
                } else if i + 1 == span.end {
                    3
                } else {
                    2
                };
                *bits.entry(keys[i]).or_insert(0) |= 1 << (base + part);
            }
        }
        for (k, inside) in keys.iter().zip(inside) {
            let e = seen.entry(*k).or_insert((0, 0));
            e.0 += 1;
            e.1 += u32::from(inside);
        }
    }
    for (k, b) in bits.iter_mut() {
        let (total, inside) = seen[k];
        if inside * 2 >= total {
            *b |= 1 << 16;
        }
    }
    Lexicon::from_entries(bits.into_iter().collect())
}

/// Weights with the running sums needed for averaging (Daumé's trick: the average is
/// `w - u / step`, where every update of `d` at step `c` adds `c * d` to `u`).
struct Averaged<T> {
    w: T,
    u: Vec<f64>,
}

struct State {
    keys: Vec<u32>,
    weights: Averaged<Vec<f32>>,
    start: Averaged<Row>,
    trans: Averaged<[Row; L]>,
    end: Averaged<Row>,
    step: u64,
}

impl State {
    fn new(keys: Vec<u32>) -> State {
        let n = keys.len() * L;
        State {
            keys,
            weights: Averaged {
                w: vec![0.0; n],
                u: vec![0.0; n],
            },
            start: Averaged {
                w: [0.0; L],
                u: vec![0.0; L],
            },
            trans: Averaged {
                w: [[0.0; L]; L],
                u: vec![0.0; L * L],
            },
            end: Averaged {
                w: [0.0; L],
                u: vec![0.0; L],
            },
            step: 1,
        }
    }

    fn emissions(&self, s: &EncodedSentence, dropped: &[bool], out: &mut Vec<Row>) {
        out.clear();
        for (t, &drop) in dropped.iter().enumerate() {
            let mut row = [0.0f32; L];
            for &f in s.token(t, drop) {
                let f = f as usize * L;
                for (r, &v) in row.iter_mut().zip(&self.weights.w[f..f + L]) {
                    *r += v;
                }
            }
            out.push(row);
        }
    }

    fn update(&mut self, s: &EncodedSentence, dropped: &[bool], predicted: &[u8]) {
        let c = self.step as f64;
        for (t, (&g, &p)) in s.gold.iter().zip(predicted).enumerate() {
            if g != p {
                for &f in s.token(t, dropped[t]) {
                    let f = f as usize * L;
                    self.weights.w[f + g as usize] += 1.0;
                    self.weights.u[f + g as usize] += c;
                    self.weights.w[f + p as usize] -= 1.0;
                    self.weights.u[f + p as usize] -= c;
                }
            }
            let (gp, pp) = if t == 0 {
                (None, None)
            } else {
                (Some(s.gold[t - 1]), Some(predicted[t - 1]))
            };
            if (gp, g) != (pp, p) {
                for (prev, label, d) in [(gp, g, 1.0), (pp, p, -1.0)] {
                    match prev {
                        None => {
                            self.start.w[label as usize] += d as f32;
                            self.start.u[label as usize] += c * d;
                        }
                        Some(prev) => {
                            self.trans.w[prev as usize][label as usize] += d as f32;
                            self.trans.u[prev as usize * L + label as usize] += c * d;
                        }
                    }
                }
            }
        }
        let (g, p) = (
            *s.gold.last().unwrap_or(&OUTSIDE),
            *predicted.last().unwrap_or(&OUTSIDE),
        );
        if g != p {
            self.end.w[g as usize] += 1.0;
            self.end.u[g as usize] += c;
            self.end.w[p as usize] -= 1.0;
            self.end.u[p as usize] -= c;
        }
    }

    /// The model as it stands: averaged weights, pruned and quantised.
    fn pass(&self, config: &TrainConfig) -> Pass {
        self.averages().to_pass(&self.keys, config)
    }

    fn averages(&self) -> Averages {
        let step = self.step as f64;
        let average = |w: f32, u: f64| (f64::from(w) - u / step) as f32;
        let weights = self
            .weights
            .w
            .iter()
            .zip(&self.weights.u)
            .map(|(&w, &u)| average(w, u))
            .collect();
        let row = |a: &Averaged<Row>| -> Row {
            let mut r = [0.0; L];
            for (l, v) in r.iter_mut().enumerate() {
                *v = average(a.w[l], a.u[l]);
            }
            r
        };
        let mut trans = [[0.0; L]; L];
        for (p, r) in trans.iter_mut().enumerate() {
            for (n, v) in r.iter_mut().enumerate() {
                *v = average(self.trans.w[p][n], self.trans.u[p * L + n]);
            }
        }
        Averages {
            weights,
            start: row(&self.start),
            trans,
            end: row(&self.end),
        }
    }
}

/// Averaged perceptron weights in full precision (one member, or the mean of an ensemble).
struct Averages {
    weights: Vec<f32>,
    start: Row,
    trans: [Row; L],
    end: Row,
}

impl Averages {
    fn rows_mut(&mut self) -> impl Iterator<Item = &mut f32> {
        self.weights
            .iter_mut()
            .chain(self.start.iter_mut())
            .chain(self.trans.iter_mut().flatten())
            .chain(self.end.iter_mut())
    }

    fn rows(&self) -> impl Iterator<Item = &f32> {
        self.weights
            .iter()
            .chain(self.start.iter())
            .chain(self.trans.iter().flatten())
            .chain(self.end.iter())
    }

    fn add(&mut self, other: &Averages) {
        for (a, b) in self.rows_mut().zip(other.rows()) {
            *a += b;
        }
    }

    fn scale(&mut self, factor: f32) {
        for a in self.rows_mut() {
            *a *= factor;
        }
    }

    /// Drops weights under `prune_below` and rows left empty, quantises the rest to i16.
    fn to_pass(&self, keys: &[u32], config: &TrainConfig) -> Pass {
        let mut kept_keys = Vec::new();
        let mut kept: Vec<f32> = Vec::new();
        for (&key, row) in keys.iter().zip(self.weights.chunks_exact(L)) {
            let row = row
                .iter()
                .map(|&v| if v.abs() < config.prune_below { 0.0 } else { v });
            let start = kept.len();
            kept.extend(row);
            if kept[start..].iter().any(|&v| v != 0.0) {
                kept_keys.push(key);
            } else {
                kept.truncate(start);
            }
        }
        let max = kept.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        let scale = if max > 0.0 {
            max / f32::from(i16::MAX)
        } else {
            1.0
        };
        Pass {
            keys: kept_keys,
            weights: kept.iter().map(|&v| (v / scale).round() as i16).collect(),
            scale,
            start: self.start,
            trans: self.trans,
            end: self.end,
        }
    }
}

struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

fn shuffle(items: &mut [usize], rng: &mut SplitMix64) {
    for i in (1..items.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}
