//! Tagging with a trained [`Model`]: features per token, emission scores from the hashed
//! weight table, Viterbi over BILOU labels, BIO tags out. With a two-pass model, the second
//! pass re-decodes every sentence knowing what the first pass said about the rest of the
//! document.

use std::path::Path;
use std::sync::OnceLock;

use wide::{i16x8, i32x8};

use super::cached::CachedTagger;
use super::decode::{emission, in_lane_order, viterbi_lanes, LaneScores, Transitions};
use super::features::{bias_key, neighbour_keys, OFFSETS};
use super::hash::KeyTable;
use super::labels::NUM_LABELS as L;
use super::lexicon::Lexicon;
use super::model_file::{Model, ModelError, Pass, WordFacts};
use super::score::spans_from_tags;
use super::{EntitySpan, Tag};

/// Per pass, the summed integer weights of some features for each of the `L` labels (pass
/// 1 all zero for a one-pass model), in the decoder's lane order ([`in_lane_order`]).
/// Integer sums do not depend on the order of addition, which lets the cached tagger sum
/// groups of features once and reuse them.
pub(crate) type Sums = [[i32; L]; 2];

/// The model committed with the crate, compiled into the binary.
static EMBEDDED_MODEL: &[u8] = include_bytes!("../../models/ner-nl.bin");

/// A ready-to-use tagger. Immutable, so one instance can be shared across threads.
#[derive(Debug, Clone)]
pub struct Tagger {
    model: Model,
    /// Feature key -> row of `weights`, over the union of all passes' features, so that one
    /// lookup (the costly part of tagging: a cache miss) serves both passes.
    rows: KeyTable,
    /// Row `r` is `weights[r * passes..(r + 1) * passes]`: pass 0's 17 weights, then pass
    /// 1's (zeros where a pass lacks the key), each in lane order like [`Sums`].
    weights: Vec<[i16; L]>,
    transitions: Vec<Transitions>,
    /// The sums of the features every token has (the bias).
    constant: Sums,
    /// The sums a token gets from the sentence boundary at `OFFSETS[k]`.
    boundary: [Sums; OFFSETS.len()],
}

impl Tagger {
    pub fn new(model: Model) -> Tagger {
        let keys = union_of_keys(&model.passes);
        let rows = KeyTable::build(keys.iter().enumerate().map(|(i, &k)| (k, i as u32)));
        let passes = model.passes.len();
        let mut weights = vec![[0i16; L]; keys.len() * passes];
        for (p, pass) in model.passes.iter().enumerate() {
            for (&key, w) in pass.keys.iter().zip(pass.weights.chunks_exact(L)) {
                let row = rows.get(key).expect("key is in the union") as usize;
                let w: &[i16; L] = w.try_into().expect("L weights a row");
                weights[row * passes + p] = in_lane_order(w);
            }
        }
        let transitions = model
            .passes
            .iter()
            .map(|p| Transitions::constrained(&p.start, &p.trans, &p.end))
            .collect();
        let mut tagger = Tagger {
            model,
            rows,
            weights,
            transitions,
            constant: Sums::default(),
            boundary: Default::default(),
        };
        let mut keys = vec![bias_key()];
        tagger.constant = tagger.sum_keys(&keys);
        for k in 0..OFFSETS.len() {
            keys.clear();
            neighbour_keys(k, None, &mut keys);
            tagger.boundary[k] = tagger.sum_keys(&keys);
        }
        tagger
    }

    /// Loads a model file (`models/ner-nl.bin` format); errors name the file.
    pub fn load(path: &Path) -> Result<Tagger, ModelError> {
        Model::load(path).map(Tagger::new)
    }

    /// The model committed at `models/ner-nl.bin`, compiled in; loaded once per process.
    ///
    /// # Panics
    /// Only if the committed model is corrupt, which the crate's tests rule out.
    pub fn embedded() -> &'static Tagger {
        static TAGGER: OnceLock<Tagger> = OnceLock::new();
        TAGGER.get_or_init(|| {
            let model = Model::from_bytes(EMBEDDED_MODEL)
                .expect("models/ner-nl.bin compiled into the binary is a valid model");
            Tagger::new(model)
        })
    }

    /// What the embedded model's word lexicon says of a lower-cased word
    /// (see [`Model::word_facts`]). Reads only that lexicon, once per
    /// process, not the weights: the stemmer asks this of a few word forms
    /// in runs that tag nothing (a search, a run with nothing to do), and
    /// building the whole tagger would cost them several times as long.
    pub fn embedded_word_facts(lower: &str) -> WordFacts {
        static WORDS: OnceLock<Lexicon> = OnceLock::new();
        let words = WORDS.get_or_init(|| {
            Model::words_from_bytes(EMBEDDED_MODEL)
                .expect("models/ner-nl.bin compiled into the binary is a valid model")
        });
        WordFacts::of(words, lower)
    }

    /// blake3 of the embedded model file (first 16 hex digits), recorded
    /// with every index, report and export so results can be traced to it.
    pub fn embedded_hash() -> String {
        let hex = blake3::hash(EMBEDDED_MODEL).to_hex();
        hex[..16].to_string()
    }

    /// The bytes of the embedded model file, as compiled in.
    pub(crate) fn embedded_bytes() -> &'static [u8] {
        EMBEDDED_MODEL
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// A tagger for one thread that remembers what it learnt about each word it has seen,
    /// so that tagging many documents costs little more than a hash lookup per token.
    pub fn cached(&self) -> CachedTagger<'_> {
        CachedTagger::new(self)
    }

    /// BIO tags (IOB2: every entity starts with `B-`), one per token, for a sentence taken
    /// on its own. This runs the first pass only: the second pass is trained on whole
    /// documents and does worse than the first on a lone sentence. Prefer
    /// [`Tagger::tag_document`] when the surrounding text is at hand.
    pub fn tag(&self, tokens: &[&str]) -> Vec<Tag> {
        self.cached().tag(tokens)
    }

    /// BIO tags for every sentence of a document (an article, a session): mentions of the
    /// same name elsewhere in the document inform each other. To tag many documents, keep
    /// one [`Tagger::cached`] per thread instead.
    pub fn tag_document(&self, sentences: &[&[&str]]) -> Vec<Vec<Tag>> {
        self.cached().tag_document(sentences)
    }

    /// The entities in a sentence taken on its own (see [`Tagger::tag`]), in order.
    pub fn entities(&self, tokens: &[&str]) -> Vec<EntitySpan> {
        spans_from_tags(&self.tag(tokens))
    }

    /// The entities of every sentence of a document.
    pub fn document_entities(&self, sentences: &[&[&str]]) -> Vec<Vec<EntitySpan>> {
        self.cached().document_entities(sentences)
    }

    /// BILOU labels from the first pass alone.
    pub(crate) fn first_pass_labels(&self, tokens: &[&str]) -> Vec<u8> {
        self.cached().first_pass_labels(tokens).to_vec()
    }

    #[cfg(test)]
    pub(crate) fn transitions(&self, pass: usize) -> &Transitions {
        &self.transitions[pass]
    }

    pub(crate) fn passes(&self) -> usize {
        self.transitions.len()
    }

    pub(crate) fn constant(&self) -> &Sums {
        &self.constant
    }

    pub(crate) fn boundary(&self, k: usize) -> &Sums {
        &self.boundary[k]
    }

    /// The summed weights of `keys`, per pass.
    pub(crate) fn sum_keys(&self, keys: &[u32]) -> Sums {
        let mut sums = Sums::default();
        self.add_keys(keys, 0..self.passes(), &mut sums);
        sums
    }

    /// Adds the weights of `keys` for the passes in `passes` to `sums`.
    #[inline]
    pub(crate) fn add_keys(&self, keys: &[u32], passes: std::ops::Range<usize>, sums: &mut Sums) {
        let stride = self.passes();
        if passes == (0..2) && stride == 2 {
            self.add_keys_both_passes(keys, sums);
            return;
        }
        for &key in keys {
            if let Some(row) = self.rows.get(key) {
                let row = row as usize * stride;
                let weights = &self.weights[row + passes.start..row + passes.end];
                for (sums, weights) in sums[passes.clone()].iter_mut().zip(weights) {
                    for (s, &w) in sums.iter_mut().zip(weights) {
                        *s += i32::from(w);
                    }
                }
            }
        }
    }

    /// [`Tagger::add_keys`] for both passes of a two-pass model. A row is then 34 weights
    /// side by side, as a `Sums` is 34 sums; they are widened and added eight at a time,
    /// in vectors kept in registers across the keys (the compiler's own loop kept the 34
    /// sums in scalar registers and spilled them).
    fn add_keys_both_passes(&self, keys: &[u32], sums: &mut Sums) {
        const CHUNKS: usize = 2 * L / 8;
        let flat: &mut [i32; 2 * L] = sums.as_flattened_mut().try_into().expect("2 x L");
        let mut acc: [i32x8; CHUNKS] = std::array::from_fn(|c| {
            i32x8::new(flat[8 * c..8 * c + 8].try_into().expect("8 lanes"))
        });
        let mut tail: [i32; 2 * L - 8 * CHUNKS] = flat[8 * CHUNKS..].try_into().expect("tail");
        for &key in keys {
            if let Some(row) = self.rows.get(key) {
                let row = row as usize * 2;
                let weights: &[i16; 2 * L] = self.weights[row..row + 2]
                    .as_flattened()
                    .try_into()
                    .expect("2 x L");
                for (c, acc) in acc.iter_mut().enumerate() {
                    let w: [i16; 8] = weights[8 * c..8 * c + 8].try_into().expect("8 lanes");
                    *acc += i32x8::from_i16x8(i16x8::new(w));
                }
                for (t, &w) in tail.iter_mut().zip(&weights[8 * CHUNKS..]) {
                    *t += i32::from(w);
                }
            }
        }
        for (c, acc) in acc.iter().enumerate() {
            flat[8 * c..8 * c + 8].copy_from_slice(acc.as_array());
        }
        flat[8 * CHUNKS..].copy_from_slice(&tail);
    }

    /// Viterbi over one pass's scaled sums into `labels`; `emissions` and `scores` are scratch.
    pub(crate) fn decode(
        &self,
        pass: usize,
        sums: &[Sums],
        emissions: &mut Vec<LaneScores>,
        scores: &mut Vec<LaneScores>,
        labels: &mut Vec<u8>,
    ) {
        let scale = self.model.passes[pass].scale;
        emissions.clear();
        emissions.extend(sums.iter().map(|s| emission(&s[pass], scale)));
        viterbi_lanes(emissions, &self.transitions[pass], scores, labels);
    }
}

/// The distinct feature keys of all passes, ascending. A pass keeps its keys ascending
/// (model files are checked for it), so merging them is enough; sorting the lot was most
/// of the cost of loading a model.
fn union_of_keys(passes: &[Pass]) -> Vec<u32> {
    let mut union: Vec<u32> = Vec::new();
    for pass in passes {
        let mut sorted = std::borrow::Cow::Borrowed(pass.keys.as_slice());
        if !sorted.is_sorted() {
            sorted.to_mut().sort_unstable();
        }
        let (a, b) = (&union, &sorted);
        let mut merged = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            if a[i] <= b[j] {
                merged.push(a[i]);
                j += usize::from(a[i] == b[j]);
                i += 1;
            } else {
                merged.push(b[j]);
                j += 1;
            }
        }
        merged.extend_from_slice(&a[i..]);
        merged.extend_from_slice(&b[j..]);
        merged.dedup();
        union = merged;
    }
    union
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(keys: &[u32]) -> Pass {
        Pass {
            keys: keys.to_vec(),
            weights: vec![0; keys.len() * L],
            scale: 1.0,
            start: [0.0; L],
            trans: [[0.0; L]; L],
            end: [0.0; L],
        }
    }

    #[test]
    fn union_of_keys_is_ascending_and_distinct() {
        let cases: &[(&[&[u32]], &[u32])] = &[
            (&[], &[]),
            (&[&[]], &[]),
            (&[&[3, 9]], &[3, 9]),
            (&[&[1, 4, 9], &[2, 4, 10]], &[1, 2, 4, 9, 10]),
            (&[&[5, 6], &[1, 2]], &[1, 2, 5, 6]),
            // Not as model files have them, but still right.
            (&[&[9, 1, 9], &[4, 1]], &[1, 4, 9]),
        ];
        for &(passes, want) in cases {
            let passes: Vec<Pass> = passes.iter().map(|k| pass(k)).collect();
            assert_eq!(union_of_keys(&passes), want, "{passes:?}");
        }
    }

    #[test]
    fn every_weight_of_the_embedded_model_is_where_lookups_find_it() {
        let tagger = Tagger::embedded();
        for (p, pass) in tagger.model().passes.iter().enumerate() {
            for (i, &key) in pass.keys.iter().enumerate() {
                let sums = tagger.sum_keys(&[key]);
                let row: &[i16; L] = pass.weights[i * L..(i + 1) * L].try_into().unwrap();
                let want = in_lane_order(row).map(i32::from);
                assert_eq!(sums[p], want, "pass {p}, key {key}");
            }
        }
    }
}
