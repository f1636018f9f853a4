//! Tagging with a trained [`Model`]: features per token, emission scores from the hashed
//! weight table, Viterbi over BILOU labels, BIO tags out. With a two-pass model, the second
//! pass re-decodes every sentence knowing what the first pass said about the rest of the
//! document.

use std::path::Path;
use std::sync::OnceLock;

use super::decode::{viterbi, Row, Transitions};
use super::document::document_context;
use super::features::{document_features, extract, SentenceFeatures};
use super::hash::KeyTable;
use super::labels::{to_tags, NUM_LABELS as L};
use super::model_file::{Model, ModelError};
use super::score::spans_from_tags;
use super::{EntitySpan, Tag};

/// The model committed with the crate, compiled into the binary.
static EMBEDDED_MODEL: &[u8] = include_bytes!("../../models/ner-nl.bin");

/// A ready-to-use tagger. Immutable, so one instance can be shared across threads.
#[derive(Debug, Clone)]
pub struct Tagger {
    model: Model,
    /// Feature key -> row of `weights`, over the union of all passes' features, so that one
    /// lookup (the costly part of tagging: a cache miss) serves both passes.
    rows: KeyTable,
    /// Row `r` holds pass 0's 17 weights, then pass 1's (zeros where a pass lacks the key).
    weights: Vec<i16>,
    stride: usize,
    transitions: Vec<Transitions>,
}

impl Tagger {
    pub fn new(model: Model) -> Tagger {
        let mut keys: Vec<u32> = model
            .passes
            .iter()
            .flat_map(|p| p.keys.iter().copied())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let stride = L * model.passes.len();
        let mut weights = vec![0i16; keys.len() * stride];
        for (p, pass) in model.passes.iter().enumerate() {
            for (i, key) in pass.keys.iter().enumerate() {
                let row = keys.binary_search(key).expect("key is in the union");
                weights[row * stride + p * L..row * stride + (p + 1) * L]
                    .copy_from_slice(&pass.weights[i * L..(i + 1) * L]);
            }
        }
        let rows = KeyTable::build(keys.iter().enumerate().map(|(i, &k)| (k, i as u32)));
        let transitions = model
            .passes
            .iter()
            .map(|p| Transitions::constrained(&p.start, &p.trans, &p.end))
            .collect();
        Tagger {
            model,
            rows,
            weights,
            stride,
            transitions,
        }
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

    /// blake3 of the embedded model file (first 16 hex digits), recorded
    /// with every index, report and export so results can be traced to it.
    pub fn embedded_hash() -> String {
        let hex = blake3::hash(EMBEDDED_MODEL).to_hex();
        hex[..16].to_string()
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// BIO tags (IOB2: every entity starts with `B-`), one per token, for a sentence taken
    /// on its own. This runs the first pass only: the second pass is trained on whole
    /// documents and does worse than the first on a lone sentence. Prefer
    /// [`Tagger::tag_document`] when the surrounding text is at hand.
    pub fn tag(&self, tokens: &[&str]) -> Vec<Tag> {
        to_tags(&self.first_pass_labels(tokens))
    }

    /// BIO tags for every sentence of a document (an article, a session): mentions of the
    /// same name elsewhere in the document inform each other.
    pub fn tag_document(&self, sentences: &[&[&str]]) -> Vec<Vec<Tag>> {
        let passes = self.transitions.len();
        let mut features = SentenceFeatures::default();
        let mut first: Vec<Vec<u8>> = Vec::with_capacity(sentences.len());
        let mut keys: Vec<Vec<u32>> = Vec::with_capacity(sentences.len());
        let mut shapes = Vec::with_capacity(sentences.len());
        // Second-pass sums of the sentence features, gathered during the first pass.
        let mut second_sums: Vec<Vec<[i32; L]>> = Vec::with_capacity(sentences.len());
        let mut sums = Vec::new();
        for tokens in sentences {
            extract(
                tokens,
                &self.model.words,
                &self.model.gazetteer,
                &mut features,
            );
            self.sums(&features.keys, &features.offsets, &mut sums);
            first.push(self.decode(0, &sums));
            if passes > 1 {
                keys.push(features.lower_keys());
                shapes.push(features.shapes());
                second_sums.push(sums.iter().map(|s| s[1]).collect());
            }
        }
        if passes < 2 {
            return first.iter().map(|l| to_tags(l)).collect();
        }
        let context = document_context(sentences, &keys, &first);
        let (mut doc_keys, mut doc_offsets) = (Vec::new(), Vec::new());
        let mut out = Vec::with_capacity(sentences.len());
        for ((shapes, context), base) in shapes.iter().zip(&context).zip(second_sums) {
            document_features(shapes, context, &mut doc_keys, &mut doc_offsets);
            self.sums(&doc_keys, &doc_offsets, &mut sums);
            for (s, b) in sums.iter_mut().zip(&base) {
                for (x, y) in s[1].iter_mut().zip(b) {
                    *x += y;
                }
            }
            out.push(to_tags(&self.decode(1, &sums)));
        }
        out
    }

    /// The entities in a sentence taken on its own (see [`Tagger::tag`]), in order.
    pub fn entities(&self, tokens: &[&str]) -> Vec<EntitySpan> {
        spans_from_tags(&self.tag(tokens))
    }

    /// The entities of every sentence of a document.
    pub fn document_entities(&self, sentences: &[&[&str]]) -> Vec<Vec<EntitySpan>> {
        self.tag_document(sentences)
            .iter()
            .map(|t| spans_from_tags(t))
            .collect()
    }

    /// BILOU labels from the first pass alone.
    pub(crate) fn first_pass_labels(&self, tokens: &[&str]) -> Vec<u8> {
        let mut f = SentenceFeatures::default();
        extract(tokens, &self.model.words, &self.model.gazetteer, &mut f);
        let mut sums = Vec::new();
        self.sums(&f.keys, &f.offsets, &mut sums);
        self.decode(0, &sums)
    }

    /// Per token and pass, the summed integer weights of the token's features.
    fn sums(&self, keys: &[u32], offsets: &[usize], out: &mut Vec<[[i32; L]; 2]>) {
        out.clear();
        for w in offsets.windows(2) {
            let mut sums = [[0i32; L]; 2];
            for &key in &keys[w[0]..w[1]] {
                if let Some(row) = self.rows.get(key) {
                    let row =
                        &self.weights[row as usize * self.stride..(row as usize + 1) * self.stride];
                    for (pass, chunk) in row.chunks_exact(L).enumerate() {
                        for (s, &w) in sums[pass].iter_mut().zip(chunk) {
                            *s += i32::from(w);
                        }
                    }
                }
            }
            out.push(sums);
        }
    }

    /// Viterbi over one pass's scaled sums.
    fn decode(&self, pass: usize, sums: &[[[i32; L]; 2]]) -> Vec<u8> {
        let scale = self.model.passes[pass].scale;
        let emissions: Vec<Row> = sums
            .iter()
            .map(|s| s[pass].map(|v| v as f32 * scale))
            .collect();
        let (mut back, mut labels) = (Vec::new(), Vec::new());
        viterbi(&emissions, &self.transitions[pass], &mut back, &mut labels);
        labels
    }
}
