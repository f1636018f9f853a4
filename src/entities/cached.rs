//! Tagging with a memo per word type. Most of a token's features depend on its own string
//! ([`token_keys`]) or on a neighbour's string and where that neighbour sits
//! ([`neighbour_keys`]); their summed weights are computed once per distinct word and
//! reused. The features that join a token to the word before or after it
//! ([`left_context_keys`], [`right_context_keys`]) are a function of that pair of words,
//! and pairs of words recur too: their summed weights, with those of the neighbour
//! features of the two, are remembered per pair. So a token costs a lookup of its word, one
//! of the pair it starts, and the one feature that sees both its neighbours
//! ([`shape_trigram_key`]).
//!
//! The second pass has a memo of its own: a token's document features are a function of
//! a small [`DocFeatureInput`] (its first-pass label and its neighbours', what the
//! document says about its word, its shape), which takes a few thousand values over a
//! whole archive; their summed weights are looked up, not recomputed.
//!
//! Weights are integers, so regrouping the sums gives exactly the scores of summing every
//! feature key one by one, as training does.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use super::decode::LaneScores;
use super::document::{context_into, initial_case, ContextScratch, DocToken, DocWord};
use super::features::{
    left_context_keys, neighbour_keys, right_context_keys, shape_trigram, shape_trigram_key_of,
    token_info, token_keys, DocFeatureInput, TokenInfo, TokenShape, OFFSETS,
};
use super::labels::{to_tags, NUM_LABELS as L};
use super::score::spans_from_tags;
use super::tagger::{Sums, Tagger};
use super::{EntitySpan, Tag};

/// What tagging needs to know about one word type.
struct WordEntry {
    info: TokenInfo,
    /// Number of the lower-cased word key among the memo's words (see [`DocWord::word`]).
    word: u32,
    initial: u8,
    /// Summed weights of [`token_keys`] and of the bias, which every token has.
    own: Sums,
    /// Summed weights of [`neighbour_keys`] when this word is the neighbour `OFFSETS[k]`.
    as_neighbour: [Sums; OFFSETS.len()],
}

/// Indexes into [`OFFSETS`]: the word just before, just after, and the two words two away.
const BEFORE: usize = 1;
const AFTER: usize = 2;
const FAR: [usize; 2] = [0, 3];
const _: () = assert!(
    OFFSETS[BEFORE] == -1 && OFFSETS[AFTER] == 1 && OFFSETS[FAR[0]] == -2 && OFFSETS[FAR[1]] == 2
);

/// Stands for the sentence's edge where a pair of words has an entry id.
const EDGE: u32 = u32::MAX;

/// What the pair of neighbouring words (`first`, `second`) gives each of them: for
/// `first`, its [`right_context_keys`] and `second` as its neighbour at +1; for `second`,
/// its [`left_context_keys`], `first` as its neighbour at -1 and its own sums
/// ([`WordEntry::own`]), as every pair has one second word. Either word may be the
/// sentence's edge, and then its half is unused (zero).
struct PairSums {
    first: Sums,
    second: Sums,
}

/// A [`Tagger`] with a per-thread memo of the words it has seen; create one with
/// [`Tagger::cached`] and keep it for many documents. Gives the same tags as the tagger.
pub struct CachedTagger<'a> {
    tagger: &'a Tagger,
    /// Word -> index into `entries`.
    index: HashMap<Box<str>, u32, FixedState>,
    entries: Vec<WordEntry>,
    /// Lower-cased word key -> [`WordEntry::word`].
    words: HashMap<u32, u32, FixedState>,
    /// (first, second) entry ids ([`EDGE`] at a sentence's edge) -> index into `pair_sums`.
    /// Cleared with `entries`, whose ids it holds.
    pairs: HashMap<u64, u32, FixedState>,
    pair_sums: Vec<PairSums>,
    /// The index into `pair_sums` of each gap of the current sentence: gap `g` is between
    /// tokens `g - 1` and `g`, the sentence's edges included.
    gaps: Vec<u32>,
    /// [`DocFeatureInput::key`] -> pass-1 sums of that input's second-pass features.
    doc_memo: HashMap<u128, [i32; L], FixedState>,
    /// [`shape_trigram`] -> the weights of its [`shape_trigram_key`].
    trigrams: HashMap<[u32; 3], Sums, FixedState>,
    // Scratch for one document, laid out flat: sentence `s` is `starts[s]..starts[s + 1]`
    // of `ids`, `sums` and `labels`.
    ids: Vec<u32>,
    starts: Vec<usize>,
    /// Only grows: [`CachedTagger::first_pass`] overwrites the rows of the document's
    /// tokens, so rows left from an earlier document are never read and need no zeroing.
    sums: Vec<Sums>,
    labels: Vec<u8>,
    keys: Vec<u32>,
    lower: String,
    emissions: Vec<LaneScores>,
    scores: Vec<LaneScores>,
    decoded: Vec<u8>,
    doc_words: Vec<DocWord>,
    context: Vec<DocToken>,
    context_scratch: ContextScratch,
}

impl<'a> CachedTagger<'a> {
    /// Words remembered before the memo starts afresh (checked between documents). An
    /// entry takes about 750 bytes, so the memo stays under ~40 MB per thread.
    pub const CAPACITY: usize = 50_000;

    /// Pairs of words remembered before that memo starts afresh (checked between
    /// documents); a pair takes about 300 bytes, so under ~30 MB per thread.
    pub const PAIR_CAPACITY: usize = 100_000;

    /// Distinct second-pass inputs remembered before that memo starts afresh (checked
    /// between documents); an entry takes about 100 bytes.
    pub const DOC_CAPACITY: usize = 100_000;

    /// Shape trigrams remembered before that memo starts afresh (checked between
    /// documents); an entry takes about 150 bytes.
    pub const TRIGRAM_CAPACITY: usize = 50_000;

    /// Longer tokens (URLs, runs of symbols) are analysed every time, not remembered.
    const MAX_WORD_BYTES: usize = 64;

    pub(crate) fn new(tagger: &'a Tagger) -> Self {
        CachedTagger {
            tagger,
            index: HashMap::with_hasher(FixedState::default()),
            entries: Vec::new(),
            words: HashMap::with_hasher(FixedState::default()),
            pairs: HashMap::with_hasher(FixedState::default()),
            pair_sums: Vec::new(),
            gaps: Vec::new(),
            doc_memo: HashMap::with_hasher(FixedState::default()),
            trigrams: HashMap::with_hasher(FixedState::default()),
            ids: Vec::new(),
            starts: Vec::new(),
            sums: Vec::new(),
            labels: Vec::new(),
            keys: Vec::new(),
            lower: String::new(),
            emissions: Vec::new(),
            scores: Vec::new(),
            decoded: Vec::new(),
            doc_words: Vec::new(),
            context: Vec::new(),
            context_scratch: ContextScratch::default(),
        }
    }

    /// See [`Tagger::tag`].
    pub fn tag(&mut self, tokens: &[&str]) -> Vec<Tag> {
        to_tags(self.first_pass_labels(tokens))
    }

    /// See [`Tagger::tag_document`].
    pub fn tag_document(&mut self, sentences: &[&[&str]]) -> Vec<Vec<Tag>> {
        self.label_document(sentences);
        self.starts
            .windows(2)
            .map(|w| to_tags(&self.labels[w[0]..w[1]]))
            .collect()
    }

    /// See [`Tagger::document_entities`].
    pub fn document_entities(&mut self, sentences: &[&[&str]]) -> Vec<Vec<EntitySpan>> {
        self.tag_document(sentences)
            .iter()
            .map(|t| spans_from_tags(t))
            .collect()
    }

    /// BILOU labels from the first pass alone.
    pub(crate) fn first_pass_labels(&mut self, tokens: &[&str]) -> &[u8] {
        self.first_pass(&[tokens]);
        &self.labels
    }

    /// Final BILOU labels of every token of the document into `self.labels`.
    fn label_document(&mut self, sentences: &[&[&str]]) {
        self.first_pass(sentences);
        if self.tagger.passes() < 2 {
            return;
        }
        self.doc_words.clear();
        self.doc_words.extend(self.ids.iter().map(|&id| {
            let e = &self.entries[id as usize];
            DocWord {
                word: e.word,
                initial: e.initial,
            }
        }));
        context_into(
            &self.doc_words,
            &self.starts,
            &self.labels,
            &mut self.context_scratch,
            &mut self.context,
        );
        if self.doc_memo.len() >= Self::DOC_CAPACITY {
            self.doc_memo.clear();
        }
        for s in 0..self.starts.len() - 1 {
            let (start, end) = (self.starts[s], self.starts[s + 1]);
            let context = &self.context[start..end];
            for (i, &id) in self.ids[start..end].iter().enumerate() {
                let shape = TokenShape::of(&self.entries[id as usize].info);
                let input = DocFeatureInput::new(shape, context, i)
                    .expect("the context covers every token");
                let (tagger, keys) = (self.tagger, &mut self.keys);
                let doc = *self.doc_memo.entry(input.key()).or_insert_with(|| {
                    keys.clear();
                    input.keys(keys);
                    let mut sums = Sums::default();
                    tagger.add_keys(keys, 1..2, &mut sums);
                    sums[1]
                });
                for (x, y) in self.sums[start + i][1].iter_mut().zip(doc) {
                    *x += y;
                }
            }
            self.tagger.decode(
                1,
                &self.sums[start..end],
                &mut self.emissions,
                &mut self.scores,
                &mut self.decoded,
            );
            self.labels[start..end].copy_from_slice(&self.decoded);
        }
    }

    /// Looks up every token, sums the sentence features of both passes into `self.sums`
    /// and decodes the first pass into `self.labels`.
    fn first_pass(&mut self, sentences: &[&[&str]]) {
        // Only between documents: within one, `ids` point into `entries`.
        if self.entries.len() >= Self::CAPACITY {
            self.index.clear();
            self.entries.clear();
            self.words.clear();
            self.pairs.clear();
            self.pair_sums.clear();
        }
        if self.pairs.len() >= Self::PAIR_CAPACITY {
            self.pairs.clear();
            self.pair_sums.clear();
        }
        if self.trigrams.len() >= Self::TRIGRAM_CAPACITY {
            self.trigrams.clear();
        }
        self.ids.clear();
        self.starts.clear();
        self.starts.push(0);
        for tokens in sentences {
            for token in tokens.iter() {
                let id = self.entry(token);
                self.ids.push(id);
            }
            self.starts.push(self.ids.len());
        }
        if self.sums.len() < self.ids.len() {
            self.sums.resize(self.ids.len(), Sums::default());
        }
        self.labels.clear();
        let passes = 0..self.tagger.passes();
        for s in 0..sentences.len() {
            let (start, end) = (self.starts[s], self.starts[s + 1]);
            self.gaps.clear();
            if start < end {
                for g in start..=end {
                    let first = (g > start).then(|| self.ids[g - 1]);
                    let second = (g < end).then(|| self.ids[g]);
                    let pair = self.pair(first, second);
                    self.gaps.push(pair);
                }
            }
            let ids = &self.ids[start..end];
            let entry = |j: usize| &self.entries[ids[j] as usize];
            for i in 0..ids.len() {
                let far = |k: usize| {
                    i.checked_add_signed(OFFSETS[k])
                        .filter(|&j| j < ids.len())
                        .map_or(self.tagger.boundary(k), |j| &entry(j).as_neighbour[k])
                };
                let prev = i.checked_sub(1).map(|j| &entry(j).info);
                let next = (i + 1 < ids.len()).then(|| &entry(i + 1).info);
                let tagger = self.tagger;
                let trigram = self
                    .trigrams
                    .entry(shape_trigram(prev, &entry(i).info, next))
                    .or_insert_with_key(|&trigram| {
                        let mut sums = Sums::default();
                        let key = shape_trigram_key_of(trigram);
                        tagger.add_keys(&[key], passes.clone(), &mut sums);
                        sums
                    });
                let parts = [
                    &self.pair_sums[self.gaps[i] as usize].second,
                    &self.pair_sums[self.gaps[i + 1] as usize].first,
                    far(FAR[0]),
                    far(FAR[1]),
                    trigram,
                ];
                // Summed straight into the row: a `Sums` is too big to copy about cheaply.
                sum_into(&mut self.sums[start + i], &parts);
            }
            self.tagger.decode(
                0,
                &self.sums[start..end],
                &mut self.emissions,
                &mut self.scores,
                &mut self.decoded,
            );
            self.labels.extend_from_slice(&self.decoded);
        }
    }

    /// The index into `pair_sums` of the pair of entries (`None`: the sentence's edge),
    /// summed on first sight.
    #[inline]
    fn pair(&mut self, first: Option<u32>, second: Option<u32>) -> u32 {
        let key = (u64::from(first.unwrap_or(EDGE)) << 32) | u64::from(second.unwrap_or(EDGE));
        match self.pairs.get(&key) {
            Some(&pair) => pair,
            None => self.new_pair(key, first, second),
        }
    }

    /// Sums a pair not seen before (see [`PairSums`]) and remembers it under `key`.
    #[cold]
    fn new_pair(&mut self, key: u64, first: Option<u32>, second: Option<u32>) -> u32 {
        let (tagger, keys) = (self.tagger, &mut self.keys);
        let first = first.map(|id| &self.entries[id as usize]);
        let second = second.map(|id| &self.entries[id as usize]);
        let mut sums = PairSums {
            first: Sums::default(),
            second: Sums::default(),
        };
        if let Some(first) = first {
            keys.clear();
            right_context_keys(&first.info, second.map(|e| &e.info), keys);
            sums.first = tagger.sum_keys(keys);
            let neighbour = second.map_or(tagger.boundary(AFTER), |e| &e.as_neighbour[AFTER]);
            add(&mut sums.first, neighbour);
        }
        if let Some(second) = second {
            keys.clear();
            left_context_keys(first.map(|e| &e.info), &second.info, keys);
            sums.second = tagger.sum_keys(keys);
            let neighbour = first.map_or(tagger.boundary(BEFORE), |e| &e.as_neighbour[BEFORE]);
            add(&mut sums.second, neighbour);
            add(&mut sums.second, &second.own);
        }
        let pair = u32::try_from(self.pair_sums.len()).expect("fewer than 2^32 pairs");
        grow_memo(&mut self.pair_sums, Self::PAIR_CAPACITY);
        if self.pairs.len() == self.pairs.capacity() && self.pairs.len() >= MEMO_SEED {
            self.pairs
                .reserve(Self::PAIR_CAPACITY.saturating_sub(self.pairs.len()));
        }
        self.pair_sums.push(sums);
        self.pairs.insert(key, pair);
        pair
    }

    /// The index of `token`'s entry, made on first sight.
    fn entry(&mut self, token: &str) -> u32 {
        if let Some(&id) = self.index.get(token) {
            return id;
        }
        let model = self.tagger.model();
        let info = token_info(token, &mut self.lower, &model.words, &model.gazetteer);
        self.keys.clear();
        token_keys(&info, &mut self.keys);
        let mut own = self.tagger.sum_keys(&self.keys);
        add(&mut own, self.tagger.constant());
        let mut as_neighbour = [Sums::default(); OFFSETS.len()];
        for (k, sums) in as_neighbour.iter_mut().enumerate() {
            self.keys.clear();
            neighbour_keys(k, Some(&info), &mut self.keys);
            *sums = self.tagger.sum_keys(&self.keys);
        }
        let id = u32::try_from(self.entries.len())
            .ok()
            .filter(|&id| id != EDGE)
            .expect("fewer than 2^32 - 1 words per document");
        let next = u32::try_from(self.words.len()).expect("fewer words than entries");
        let word = *self.words.entry(info.lower).or_insert(next);
        grow_memo(&mut self.entries, Self::CAPACITY);
        self.entries.push(WordEntry {
            info,
            word,
            initial: initial_case(token),
            own,
            as_neighbour,
        });
        if token.len() <= Self::MAX_WORD_BYTES {
            self.index.insert(token.into(), id);
        }
        id
    }
}

/// Entries a memo holds before it grows straight to its full capacity.
const MEMO_SEED: usize = 1024;

/// Makes room in a full `memo` that will likely fill up: past [`MEMO_SEED`] entries it
/// grows at once to `capacity` rather than by doubling, which copied every entry (some
/// hundreds of bytes) again at each step. A tagger used for a sentence or two stays small,
/// and pages reserved but not yet written take no memory.
fn grow_memo<T>(memo: &mut Vec<T>, capacity: usize) {
    if memo.len() == memo.capacity() && memo.len() >= MEMO_SEED {
        memo.reserve_exact(capacity.saturating_sub(memo.len()).max(memo.len()));
    }
}

/// `out` = the sum of `parts`, lane by lane; one pass over `out`, which the compiler keeps
/// in vector registers.
fn sum_into<const N: usize>(out: &mut Sums, parts: &[&Sums; N]) {
    for (p, out) in out.iter_mut().enumerate() {
        for (l, o) in out.iter_mut().enumerate() {
            *o = parts.iter().map(|s| s[p][l]).sum();
        }
    }
}

fn add(sums: &mut Sums, other: &Sums) {
    for (s, o) in sums.iter_mut().zip(other) {
        for (x, y) in s.iter_mut().zip(o) {
            *x += y;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::document::{document_context, sentence_keys};
    use crate::entities::features::{document_features, extract, SentenceFeatures};
    use crate::entities::labels::to_tags;
    use crate::entities::read_conll;

    /// Tagging as it was before the memo: every feature key of every token looked up and
    /// summed, in the order [`extract`] (and so training) produces them. Returns the
    /// the sums each pass decoded, the first-pass labels and the tags.
    #[allow(clippy::type_complexity)]
    fn reference(
        tagger: &Tagger,
        sentences: &[&[&str]],
    ) -> (Vec<Vec<Sums>>, Vec<Vec<u8>>, Vec<Vec<Tag>>) {
        let model = tagger.model();
        let mut f = SentenceFeatures::default();
        let (mut emissions, mut back, mut labels) = (Vec::new(), Vec::new(), Vec::new());
        let (mut all_sums, mut first, mut shapes) = (Vec::new(), Vec::new(), Vec::new());
        for tokens in sentences {
            extract(tokens, &model.words, &model.gazetteer, &mut f);
            let sums: Vec<Sums> = f
                .offsets
                .windows(2)
                .map(|w| tagger.sum_keys(&f.keys[w[0]..w[1]]))
                .collect();
            tagger.decode(0, &sums, &mut emissions, &mut back, &mut labels);
            first.push(labels.clone());
            shapes.push(f.shapes());
            all_sums.push(sums);
        }
        if tagger.passes() < 2 {
            let tags = first.iter().map(|l| to_tags(l)).collect();
            return (all_sums, first, tags);
        }
        let keys: Vec<Vec<u32>> = sentences.iter().map(|s| sentence_keys(s)).collect();
        let context = document_context(sentences, &keys, &first);
        let (mut doc_keys, mut doc_offsets) = (Vec::new(), Vec::new());
        let mut tags = Vec::new();
        for ((shapes, context), base) in shapes.iter().zip(&context).zip(&mut all_sums) {
            document_features(shapes, context, &mut doc_keys, &mut doc_offsets);
            let mut sums: Vec<Sums> = doc_offsets
                .windows(2)
                .map(|w| tagger.sum_keys(&doc_keys[w[0]..w[1]]))
                .collect();
            for (s, b) in sums.iter_mut().zip(base.iter()) {
                for (x, y) in s[1].iter_mut().zip(&b[1]) {
                    *x += y;
                }
            }
            tagger.decode(1, &sums, &mut emissions, &mut back, &mut labels);
            tags.push(to_tags(&labels));
            // What the second pass decoded, for comparison.
            for (b, s) in base.iter_mut().zip(&sums) {
                b[1] = s[1];
            }
        }
        (all_sums, first, tags)
    }

    /// Checks the memo against [`reference`] on one document, sums and tags.
    fn assert_same(cached: &mut CachedTagger, sentences: &[&[&str]]) {
        let (sums, first, tags) = reference(cached.tagger, sentences);
        let got = cached.tag_document(sentences);
        for (s, w) in cached.starts.windows(2).enumerate() {
            assert_eq!(
                &cached.sums[w[0]..w[1]],
                sums[s].as_slice(),
                "sentence sums differ in {:?}",
                sentences[s]
            );
        }
        assert_eq!(got, tags);
        // A sentence on its own: the first pass, which does not depend on the document.
        for (s, labels) in sentences.iter().zip(&first) {
            assert_eq!(cached.tag(s), to_tags(labels));
        }
    }

    /// Sentences of a text as the pipeline tokenises them.
    fn sentences_of(text: &str) -> Vec<Vec<&str>> {
        let mut out = Vec::new();
        for p in crate::text::paragraphs(text) {
            let para = &text[p];
            for s in crate::text::sentences(para) {
                let sentence = &para[s];
                let tokens: Vec<&str> = crate::text::tokens(sentence)
                    .map(|t| &sentence[t.start..t.end])
                    .collect();
                if !tokens.is_empty() {
                    out.push(tokens);
                }
            }
        }
        out
    }

    #[test]
    fn memo_gives_the_same_sums_and_tags_on_real_text() {
        let tagger = Tagger::embedded();
        // One memo across all documents, as a pipeline thread keeps it.
        let mut cached = tagger.cached();
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let mut texts: Vec<String> = walk(std::path::Path::new(corpus))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
            .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
            .collect();
        texts.extend(crate::testdata::seed());
        assert!(texts.len() > 5, "corpus/ has texts");
        for text in &texts {
            let sentences = sentences_of(text);
            let refs: Vec<&[&str]> = sentences.iter().map(Vec::as_slice).collect();
            assert_same(&mut cached, &refs);
        }
        // Again with a warm memo.
        let sentences = sentences_of(&texts[0]);
        let refs: Vec<&[&str]> = sentences.iter().map(Vec::as_slice).collect();
        assert_same(&mut cached, &refs);
    }

    /// The decoder's all-O shortcut gives the scan's labels on real sentences, in both
    /// passes, and spares the scan a good share of them.
    #[test]
    fn shortcut_decodes_real_sentences_as_the_scan_does() {
        let tagger = Tagger::embedded();
        let mut cached = tagger.cached();
        let (mut emissions, mut scores) = (Vec::new(), Vec::new());
        let (mut labels, mut scanned) = (Vec::new(), Vec::new());
        let (mut fired, mut decoded) = (0, 0);
        for text in crate::testdata::corpus_texts() {
            let sentences = sentences_of(&text);
            let refs: Vec<&[&str]> = sentences.iter().map(Vec::as_slice).collect();
            // Leaves the sums each pass decoded in `cached.sums`.
            cached.tag_document(&refs);
            for w in cached.starts.windows(2) {
                for pass in 0..tagger.passes() {
                    let sums = &cached.sums[w[0]..w[1]];
                    tagger.decode(pass, sums, &mut emissions, &mut scores, &mut labels);
                    decoded += 1;
                    // The scan keeps a token's scores; the shortcut none.
                    fired += usize::from(scores.is_empty() && emissions.len() > 1);
                    if !emissions.is_empty() {
                        let tr = tagger.transitions(pass);
                        crate::entities::decode::scan(&emissions, tr, &mut scores, &mut scanned);
                        assert_eq!(labels, scanned);
                    }
                }
            }
        }
        assert!(fired * 5 > decoded, "{fired} of {decoded}");
    }

    #[test]
    fn memo_gives_the_same_tags_on_conll_documents() {
        let Some(path) = crate::testdata::conll_testa() else {
            eprintln!("skipping: CoNLL-2002 ned.testa not found beside the repository");
            return;
        };
        let data = read_conll(&path).unwrap();
        let tokens: Vec<Vec<&str>> = data.iter().map(|s| s.token_strs()).collect();
        let mut cached = Tagger::embedded().cached();
        let mut start = 0;
        while start < data.len() {
            let doc = data[start].document;
            let end = start
                + data[start..]
                    .iter()
                    .take_while(|s| s.document == doc)
                    .count();
            let refs: Vec<&[&str]> = tokens[start..end].iter().map(Vec::as_slice).collect();
            assert_same(&mut cached, &refs);
            start = end;
        }
    }

    /// Documents from a small vocabulary: the same names in different cases, places and
    /// company, so the document context takes many values and the second-pass memo is hit
    /// and missed alike. Needs no data beside the repository.
    fn synthetic_documents() -> Vec<Vec<Vec<&'static str>>> {
        const WORDS: &str = "de het raad vergadert in Gent GENT gent met Jan Peeters van \
            Antwerpen NMBS Vlaamse Regering besliste over 2021 . , Europese Unie minister \
            Vandenbroucke zegt dat iPod Jean-Marie België 's Swissair swissair SWISSAIR \
            luchtvaartmaatschappij De Het ? schepen Brussel Vooruit CD&V";
        let words: Vec<&str> = WORDS.split_whitespace().collect();
        let mut rng = crate::synth::SplitMix64::new(2002);
        (0..40)
            .map(|_| {
                (0..rng.between(0, 30))
                    .map(|_| {
                        (0..rng.between(0, 24))
                            .map(|_| *rng.pick(&words).expect("words"))
                            .collect()
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn memo_gives_the_same_sums_and_tags_on_synthetic_documents() {
        let tagger = Tagger::embedded();
        let mut cached = tagger.cached();
        let docs = synthetic_documents();
        let mut tokens = 0;
        for doc in &docs {
            let refs: Vec<&[&str]> = doc.iter().map(Vec::as_slice).collect();
            assert_same(&mut cached, &refs);
            tokens += doc.iter().map(Vec::len).sum::<usize>();
        }
        // The second pass had something to remember, and used what it remembered.
        assert!(cached
            .doc_memo
            .values()
            .any(|row| row.iter().any(|&w| w != 0)));
        assert!(
            cached.doc_memo.len() * 2 < tokens,
            "{} inputs",
            cached.doc_memo.len()
        );
    }

    #[test]
    fn second_pass_memo_starts_afresh_when_full() {
        let tagger = Tagger::embedded();
        let mut cached = tagger.cached();
        // Rows no input can have: were they read, the sums would be wrong.
        let junk = (0..CachedTagger::DOC_CAPACITY as u128).map(|k| u128::MAX - k);
        cached.doc_memo.extend(junk.map(|key| (key, [i32::MAX; L])));
        for doc in synthetic_documents().iter().take(5) {
            let refs: Vec<&[&str]> = doc.iter().map(Vec::as_slice).collect();
            assert_same(&mut cached, &refs);
        }
        assert!(cached.doc_memo.len() < CachedTagger::DOC_CAPACITY);
    }

    #[test]
    fn trigram_memo_starts_afresh_when_full() {
        let tagger = Tagger::embedded();
        let mut cached = tagger.cached();
        // Trigrams of shapes no token has, with sums no trigram has.
        let junk = (0..CachedTagger::TRIGRAM_CAPACITY as u32).map(|k| [k, k, k]);
        cached
            .trigrams
            .extend(junk.map(|t| (t, [[i32::MAX; L]; 2])));
        for doc in synthetic_documents().iter().take(5) {
            let refs: Vec<&[&str]> = doc.iter().map(Vec::as_slice).collect();
            assert_same(&mut cached, &refs);
        }
        assert!(!cached.trigrams.is_empty());
        assert!(cached.trigrams.len() < CachedTagger::TRIGRAM_CAPACITY);
    }

    #[test]
    fn pair_memo_starts_afresh_when_full() {
        let tagger = Tagger::embedded();
        let mut cached = tagger.cached();
        // Every pair of the first few hundred entry ids, with sums no pair can have: were
        // they read, the sums would be wrong.
        let junk = PairSums {
            first: [[i32::MAX; L]; 2],
            second: [[i32::MAX; L]; 2],
        };
        let side = (CachedTagger::PAIR_CAPACITY as f64).sqrt().ceil() as u64;
        for key in (0..side * side).map(|k| ((k / side) << 32) | (k % side)) {
            cached.pairs.insert(key, 0);
        }
        cached.pair_sums.push(junk);
        assert!(cached.pairs.len() >= CachedTagger::PAIR_CAPACITY);
        for doc in synthetic_documents().iter().take(5) {
            let refs: Vec<&[&str]> = doc.iter().map(Vec::as_slice).collect();
            assert_same(&mut cached, &refs);
        }
        assert!(cached.pairs.len() < CachedTagger::PAIR_CAPACITY);
        assert_eq!(cached.pairs.len(), cached.pair_sums.len());
    }

    #[test]
    fn memo_starts_afresh_when_full_and_handles_edges() {
        let tagger = Tagger::embedded();
        let mut cached = tagger.cached();
        let words: Vec<String> = (0..CachedTagger::CAPACITY + 10)
            .map(|i| format!("Woord{i}"))
            .collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let chunks: Vec<&[&str]> = refs.chunks(40).collect();
        cached.tag_document(&chunks);
        assert!(cached.entries.len() > CachedTagger::CAPACITY);
        let long = "x".repeat(1000);
        let odd: &[&str] = &["", "Gent", &long, "Gent", "."];
        assert_same(&mut cached, &[odd, &[], &["Gent"]]);
        assert!(cached.entries.len() < 10, "the memo was cleared");
        assert!(cached.pairs.len() < 100, "with the pairs of its entries");
        assert!(!cached.index.contains_key(long.as_str()));
        assert_same(&mut cached, &[]);
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
        out.sort();
        out
    }
}
