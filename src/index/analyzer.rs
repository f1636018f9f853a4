//! The Dutch analysers, registered with Tantivy under fixed names so that
//! indexing, querying, snippets and counting all see the same terms.
//!
//! * [`DUTCH`]: the terms of [`crate::text::Analyzer`] — hyphenated words
//!   split, diacritics folded, stop words dropped (positions still count
//!   them, so phrase queries stay exact), Dutch Snowball stemming with the
//!   participle step.
//! * [`EXACT`]: the same tokens, lower-cased only — for `--exact`.
//!
//! At index time the stemmed analyser also adds, at a compound's position,
//! the stems of its tails ([`crate::text::compounds`]), so a query for
//! "bouwopgave" finds "woningbouwopgave". Queries are not split: the
//! reader's word is looked up as written. [`register`] therefore takes the
//! purpose the index is opened for.
//!
//! A passage's title, agenda item, themes and names recur on passage after
//! passage: a tokenizer replays the tokens of a text it has analysed before
//! ([`Replays`]) instead of analysing it again.

use crate::text::{self, Analyzer, StemCache, TermStream, TokenKind};
use foldhash::fast::FixedState;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::Arc;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// Name of the stemmed, folded analyser.
pub const DUTCH: &str = "nl_stem";
/// Name of the lower-case-only analyser.
pub const EXACT: &str = "nl_exact";

/// What a [`DutchTokenizer`] does to each word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// [`crate::text::Analyzer`] terms: folded, stop words dropped, stemmed.
    Stemmed,
    /// As [`Mode::Stemmed`], plus the stems of compound tails at the
    /// compound's position (what the index stores).
    StemmedCompounds,
    /// Whole tokens, lower-cased, diacritics kept, nothing dropped.
    Exact,
}

/// A Tantivy tokenizer built on [`crate::text`].
pub struct DutchTokenizer {
    mode: Mode,
    analyzer: Arc<Analyzer>,
    /// Stems repeat a lot and stemming dominates analysis, so each tokenizer
    /// (Tantivy keeps one per indexing thread) remembers them.
    cache: StemCache,
    /// Lower-cased word → stems of its compound tails (often empty).
    compounds: CompoundCache,
    /// The word and number tokens of the text: logged by the stemmed
    /// stream, read by the exact one (see [`LastWords`]).
    words: Vec<text::Token>,
    /// Tokens of texts this tokenizer has seen before.
    replays: Replays,
    token: Token,
}

thread_local! {
    /// See [`LastWords`].
    static LAST_WORDS: RefCell<LastWords> = RefCell::new(LastWords::default());
}

/// The word and number tokens of the last text the indexing (stemmed)
/// analyser read to its end on this thread. Tantivy indexes a passage's
/// stemmed field and then its exact field, the same text, one after the
/// other in the same thread (fields in schema order, `tekst` right before
/// `exact`); the exact analyser takes these tokens instead of tokenising
/// the text again. Tokens depend on the text alone, and the text is
/// compared in full, so the tokens are the ones tokenising would give.
#[derive(Default)]
struct LastWords {
    text: String,
    tokens: Vec<text::Token>,
    /// False once the tokens have been taken.
    valid: bool,
}

/// Records `tokens` as those of `text` (swapping buffers, so nothing is
/// allocated once they are large enough). Once per text, so out of line.
#[inline(never)]
fn publish_words(text: &str, tokens: &mut Vec<text::Token>) {
    LAST_WORDS.with_borrow_mut(|last| {
        last.text.clear();
        last.text.push_str(text);
        std::mem::swap(&mut last.tokens, tokens);
        last.valid = true;
    });
}

/// Moves the recorded tokens into `tokens` if they are those of `text`.
fn take_words(text: &str, tokens: &mut Vec<text::Token>) -> bool {
    LAST_WORDS.with_borrow_mut(|last| {
        if !(last.valid && last.text == text) {
            return false;
        }
        std::mem::swap(&mut last.tokens, tokens);
        last.valid = false;
        true
    })
}

/// Splitting costs a few dozen word-list lookups per long word, and long
/// words repeat, so each tokenizer remembers the tails' stems per word
/// form. They are kept by the word's [`StemCache`] slot: the one lookup
/// that gives a word its term also finds its tails.
#[derive(Default)]
struct CompoundCache {
    /// By stem-cache slot: the stems of the tails of the word there, once
    /// asked for (longest tail first; empty when it has none).
    by_slot: Vec<Option<Box<[String]>>>,
    /// The stem cache's [`text::WordCache::generation`] the slots are of.
    generation: u64,
    scratch: String,
}

/// Words this frequent are lexicalised ("verschillende"); their parts are
/// not what the reader means.
const MAX_SPLIT_ZIPF10: u8 = 45;

/// The stems of the tails of `word` (as written); `scratch` is scratch
/// space. Once per word form, so out of line.
#[inline(never)]
fn split(word: &str, scratch: &mut String, stem: impl Fn(&str) -> String) -> Box<[String]> {
    scratch.clear();
    text::lowercase_into(word, scratch);
    let model = crate::entities::Tagger::embedded().model();
    let lower = scratch.as_str();
    if model.word_facts(lower).zipf10 >= MAX_SPLIT_ZIPF10 {
        Box::default()
    } else {
        text::compounds::tails(lower, |part| model.word_facts(part).dictionary)
            .into_iter()
            .map(stem)
            .collect()
    }
}

impl CompoundCache {
    /// The stems of the tails of `word` (as written), whose analysis is in
    /// `slot` of a stem cache of `generation`.
    fn tails(
        &mut self,
        generation: u64,
        slot: u32,
        word: &str,
        stem: impl Fn(&str) -> String,
    ) -> &[String] {
        if generation != self.generation {
            self.by_slot.clear();
            self.generation = generation;
        }
        let slot = slot as usize;
        if slot >= self.by_slot.len() {
            self.by_slot.resize(slot + 1, None);
        }
        let scratch = &mut self.scratch;
        self.by_slot[slot].get_or_insert_with(|| split(word, scratch, stem))
    }

    /// What [`CompoundCache::tails`] gave for `slot`.
    fn stored(&self, slot: u32) -> &[String] {
        self.by_slot
            .get(slot as usize)
            .and_then(Option::as_deref)
            .unwrap_or_default()
    }
}

/// The tokens of texts a tokenizer has seen before, handed out again
/// instead of analysing the text again. Every passage carries its
/// session's title and its agenda item, and theme and name values recur
/// from passage to passage, so those texts repeat many times; a passage's
/// own text seldom does. So a text is remembered (by its hash) at first
/// sight, its tokens are recorded at the second and replayed after that.
/// Tokens depend on the text alone and a replay compares the text in
/// full, so replayed tokens are the ones analysis gives. Bounded: starts
/// afresh when full.
#[derive(Default)]
struct Replays {
    /// Hash of a text → what is known of it.
    sights: HashMap<u64, Sight, FixedState>,
    /// The recorded texts, one after the other.
    texts: String,
    tokens: Vec<RecordedToken>,
    /// The recorded tokens' texts, one after the other.
    terms: String,
    /// Where `tokens` and `terms` end when no recording is under way (a
    /// stream dropped before its end leaves a partial recording behind).
    committed: (usize, usize),
}

enum Sight {
    Once,
    /// The text (in [`Replays::texts`]) and its tokens.
    Recorded {
        text: Range<usize>,
        tokens: Range<usize>,
    },
}

/// A Tantivy token, its text kept in [`Replays::terms`].
struct RecordedToken {
    offset_from: usize,
    offset_to: usize,
    position: usize,
    position_length: usize,
    text: Range<usize>,
}

/// What to do with a text, says [`Replays::look_up`].
enum Lookup {
    /// Hand out these recorded tokens.
    Replay(Range<usize>),
    /// Analyse, recording the tokens under this hash of the text.
    Record(u64),
    Analyse,
}

impl Replays {
    /// Longer texts are not remembered: they are passages, which seldom
    /// repeat, and hashing them would be wasted.
    const MAX_TEXT: usize = 256;
    /// Texts remembered, seen once or recorded.
    const MAX_TEXTS: usize = 4_096;
    const MAX_TOKENS: usize = 32_768;
    /// Bytes of recorded texts and token texts.
    const MAX_BYTES: usize = 1 << 19;

    fn look_up(&mut self, text: &str) -> Lookup {
        if text.len() > Self::MAX_TEXT {
            return Lookup::Analyse;
        }
        let hash = self.sights.hasher().hash_one(text);
        match self.sights.get(&hash) {
            Some(Sight::Recorded { text: seen, tokens }) => {
                // Another text with the same hash is analysed, unrecorded.
                if self.texts[seen.clone()] == *text {
                    Lookup::Replay(tokens.clone())
                } else {
                    Lookup::Analyse
                }
            }
            Some(Sight::Once) => Lookup::Record(hash),
            None => {
                if self.sights.len() >= Self::MAX_TEXTS
                    || self.tokens.len() >= Self::MAX_TOKENS
                    || self.texts.len() + self.terms.len() >= Self::MAX_BYTES
                {
                    *self = Replays::default();
                }
                self.sights.insert(hash, Sight::Once);
                Lookup::Analyse
            }
        }
    }

    /// Starts recording the tokens of a text; returns where they start.
    fn start(&mut self) -> usize {
        self.tokens.truncate(self.committed.0);
        self.terms.truncate(self.committed.1);
        self.tokens.len()
    }

    /// Out of line: only recording streams push.
    #[inline(never)]
    fn push(&mut self, token: &Token) {
        let start = self.terms.len();
        self.terms.push_str(&token.text);
        self.tokens.push(RecordedToken {
            offset_from: token.offset_from,
            offset_to: token.offset_to,
            position: token.position,
            position_length: token.position_length,
            text: start..self.terms.len(),
        });
    }

    /// Ends the recording begun at `start`: the tokens of `text`, whose
    /// hash is `hash`.
    #[inline(never)]
    fn commit(&mut self, text: &str, hash: u64, start: usize) {
        let at = self.texts.len();
        self.texts.push_str(text);
        let sight = Sight::Recorded {
            text: at..self.texts.len(),
            tokens: start..self.tokens.len(),
        };
        self.sights.insert(hash, sight);
        self.committed = (self.tokens.len(), self.terms.len());
    }
}

/// A recording under way: of the tokens of `text` (hash `hash`), the
/// first of them at `start`.
struct Recording<'a> {
    replays: &'a mut Replays,
    text: &'a str,
    hash: u64,
    start: usize,
}

impl Clone for DutchTokenizer {
    fn clone(&self) -> Self {
        DutchTokenizer {
            mode: self.mode,
            analyzer: Arc::clone(&self.analyzer),
            cache: StemCache::new(),
            compounds: CompoundCache::default(),
            words: Vec::new(),
            replays: Replays::default(),
            token: Token::default(),
        }
    }
}

impl DutchTokenizer {
    pub fn new(mode: Mode) -> Self {
        DutchTokenizer {
            mode,
            analyzer: Arc::new(Analyzer::new()),
            cache: StemCache::new(),
            compounds: CompoundCache::default(),
            words: Vec::new(),
            replays: Replays::default(),
            token: Token::default(),
        }
    }
}

/// What an index is opened for: writing adds compound tails, querying
/// does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Indexing,
    Querying,
}

/// Registers both analysers on an index. Must run before any reader or
/// writer touches a text field.
pub fn register(index: &tantivy::Index, purpose: Purpose) {
    let manager = index.tokenizers();
    let stemmed = match purpose {
        Purpose::Indexing => Mode::StemmedCompounds,
        Purpose::Querying => Mode::Stemmed,
    };
    manager.register(
        DUTCH,
        TextAnalyzer::builder(DutchTokenizer::new(stemmed)).build(),
    );
    manager.register(
        EXACT,
        TextAnalyzer::builder(DutchTokenizer::new(Mode::Exact)).build(),
    );
}

enum Source<'a> {
    Stemmed(TermStream<'a>),
    /// Tokens recorded for the same text ([`Replays`]).
    Replay {
        tokens: std::slice::Iter<'a, RecordedToken>,
        terms: &'a str,
    },
    Exact {
        text: &'a str,
        tokens: ExactTokens<'a>,
        position: usize,
    },
}

/// Where the exact analyser's tokens come from.
enum ExactTokens<'a> {
    /// Recorded by the stemmed analyser ([`LastWords`]): words and numbers.
    Recorded(std::slice::Iter<'a, text::Token>),
    /// Tokenised here: all tokens, punctuation included.
    Scanned(text::Tokens<'a>),
}

impl Iterator for ExactTokens<'_> {
    type Item = text::Token;

    /// The next word or number.
    fn next(&mut self) -> Option<text::Token> {
        match self {
            ExactTokens::Recorded(tokens) => tokens.next().copied(),
            ExactTokens::Scanned(tokens) => tokens.find(|t| t.kind != TokenKind::Punct),
        }
    }
}

pub struct DutchTokenStream<'a> {
    source: Source<'a>,
    token: &'a mut Token,
    /// Set in [`Mode::StemmedCompounds`]: where tails come from, and the
    /// tails of the current word still to emit (at its position).
    compounds: Option<(&'a str, &'a mut CompoundCache)>,
    /// The stem-cache slot of the compound whose tails are being emitted,
    /// and how many are left; they are read from the cache, not copied.
    pending: Option<(u32, usize)>,
    /// Set while the stemmed stream logs its tokens for the exact one:
    /// the text, to publish with them when the stream has ended.
    publish: Option<&'a str>,
    /// Set while the tokens are recorded for a replay.
    recording: Option<Recording<'a>>,
}

impl Tokenizer for DutchTokenizer {
    type TokenStream<'a> = DutchTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> DutchTokenStream<'a> {
        self.token.reset();
        let recording = match self.replays.look_up(text) {
            Lookup::Replay(tokens) => {
                return DutchTokenStream {
                    source: Source::Replay {
                        tokens: self.replays.tokens[tokens].iter(),
                        terms: &self.replays.terms,
                    },
                    token: &mut self.token,
                    compounds: None,
                    pending: None,
                    publish: None,
                    recording: None,
                };
            }
            Lookup::Record(hash) => Some(Recording {
                start: self.replays.start(),
                replays: &mut self.replays,
                text,
                hash,
            }),
            Lookup::Analyse => None,
        };
        // Only indexing logs tokens: queries and snippets are not followed
        // by the exact field of the same text.
        let publish = (self.mode == Mode::StemmedCompounds).then_some(text);
        let source = match self.mode {
            Mode::Stemmed => {
                Source::Stemmed(self.analyzer.stream_cached(text, true, &mut self.cache))
            }
            Mode::StemmedCompounds => Source::Stemmed(
                self.analyzer
                    .stream_cached(text, true, &mut self.cache)
                    .log_words(&mut self.words),
            ),
            Mode::Exact => {
                let tokens = if take_words(text, &mut self.words) {
                    ExactTokens::Recorded(self.words.iter())
                } else {
                    ExactTokens::Scanned(text::tokens(text))
                };
                Source::Exact {
                    text,
                    tokens,
                    position: 0,
                }
            }
        };
        let compounds =
            (self.mode == Mode::StemmedCompounds).then_some((text, &mut self.compounds));
        DutchTokenStream {
            source,
            token: &mut self.token,
            compounds,
            pending: None,
            publish,
            recording,
        }
    }
}

impl TokenStream for DutchTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let more = self.next_token();
        if let Some(recording) = &mut self.recording {
            if more {
                recording.replays.push(self.token);
            } else if let Some(Recording {
                replays,
                text,
                hash,
                start,
            }) = self.recording.take()
            {
                replays.commit(text, hash, start);
            }
        }
        more
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

impl DutchTokenStream<'_> {
    /// Sets the token to the next one; false at the end.
    fn next_token(&mut self) -> bool {
        let token = &mut *self.token;
        // A compound's tails share its position and offsets, so phrase
        // queries and highlighting treat them as the compound itself.
        if let (Some((slot, left)), Some((_, cache))) = (&mut self.pending, &self.compounds) {
            // The slot is the one just looked up: nothing else touches
            // the caches until the tails are emitted.
            let tails = cache.stored(*slot);
            let tail = tails.len().checked_sub(*left).and_then(|i| tails.get(i));
            *left -= 1;
            if *left == 0 {
                self.pending = None;
            }
            if let Some(tail) = tail {
                token.text.clear();
                token.text.push_str(tail);
                return true;
            }
        }
        match &mut self.source {
            Source::Stemmed(stream) => {
                let Some(term) = stream.next_term() else {
                    if let (Some(text), Some(log)) = (self.publish.take(), stream.word_log()) {
                        publish_words(text, log);
                    }
                    return false;
                };
                token.text.clear();
                token.text.push_str(term.text);
                token.offset_from = term.token.start;
                token.offset_to = term.token.end;
                token.position = term.position;
                token.position_length = 1;
                // Only numbers have no slot, and no tails.
                let (range, slot) = (term.token.range(), term.slot);
                if let (Some((text, cache)), Some(slot)) = (&mut self.compounds, slot) {
                    if range.len() >= text::compounds::MIN_COMPOUND {
                        let stemmer = stream.stemmer();
                        let tails =
                            cache.tails(stream.cache_generation(), slot, &text[range], |t| {
                                stemmer.stem(&text::fold(t)).into_owned()
                            });
                        if !tails.is_empty() {
                            self.pending = Some((slot, tails.len()));
                        }
                    }
                }
                true
            }
            Source::Exact {
                text,
                tokens,
                position,
            } => {
                if let Some(tok) = tokens.next() {
                    token.text.clear();
                    text::lowercase_into(&text[tok.start..tok.end], &mut token.text);
                    token.offset_from = tok.start;
                    token.offset_to = tok.end;
                    token.position = *position;
                    token.position_length = 1;
                    *position += 1;
                    return true;
                }
                false
            }
            Source::Replay { tokens, terms } => {
                let Some(recorded) = tokens.next() else {
                    return false;
                };
                token.text.clear();
                token.text.push_str(&terms[recorded.text.clone()]);
                token.offset_from = recorded.offset_from;
                token.offset_to = recorded.offset_to;
                token.position = recorded.position;
                token.position_length = recorded.position_length;
                true
            }
        }
    }
}

/// Analyses `text` the way the index does and returns the terms — for
/// tests and for counting code that must agree with search.
pub fn terms(mode: Mode, text: &str) -> Vec<String> {
    let mut tokenizer = DutchTokenizer::new(mode);
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exact stream's tokens: text, offsets, position.
    fn exact_tokens(
        tokenizer: &mut DutchTokenizer,
        text: &str,
    ) -> Vec<(String, usize, usize, usize)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    fn recorded_for(text: &str) -> bool {
        LAST_WORDS.with_borrow(|last| last.valid && last.text == text)
    }

    /// Pieces for generated test text: punctuation, hyphens, digits,
    /// apostrophes, URLs, non-ASCII words and everyday words.
    const PIECES: &[&str] = &[
        "De",
        "gemeente",
        "ICT-kennis",
        "80",
        "2021-03-09",
        "800.000",
        ",",
        ".",
        "...",
        "auto's",
        "zo’n",
        "o.a.",
        "bijv.",
        "Café",
        "IDEEËN",
        "https://www.gemeente.nl/a-b",
        "woningbouwopgave",
        "’s-Hertogenbosch",
        "t/m",
        "€",
        "12%",
        "Москва",
        "👍",
        "-",
        "\u{AD}",
        "e\u{301}",
        "İ",
        "“",
        "”",
        "en",
        "Verslag",
        "commissie",
        "borging",
    ];

    /// The exact analyser gives the same tokens whether it takes them from
    /// the stemmed analyser's record or tokenises the text itself, on
    /// generated text full of punctuation, hyphens, digits, apostrophes,
    /// URLs and non-ASCII words; and it does take them when the stemmed
    /// stream of the same text has just ended (so the test can fail).
    #[test]
    fn exact_tokens_from_the_record_are_the_scanned_ones() {
        let mut stemmed = DutchTokenizer::new(Mode::StemmedCompounds);
        let mut exact = DutchTokenizer::new(Mode::Exact);
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for round in 0..2_000 {
            // Unique texts: a repeated one would be replayed, which
            // publishes no words.
            let mut text = format!("{round} ");
            for _ in 0..(round % 30) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
                text.push_str(if seed >> 62 == 0 { "" } else { " " });
            }
            LAST_WORDS.with_borrow_mut(|last| last.valid = false);
            let scanned = exact_tokens(&mut exact, &text);
            let mut stream = stemmed.token_stream(&text);
            while stream.advance() {}
            assert!(recorded_for(&text), "{text:?}");
            let reused = exact_tokens(&mut exact, &text);
            assert!(!recorded_for(&text), "not taken: {text:?}");
            assert_eq!(reused, scanned, "{text:?}");
        }
    }

    /// Every stream's tokens (text, offsets, position, length), reading
    /// at most `limit` of them.
    fn stream_tokens(
        tokenizer: &mut DutchTokenizer,
        text: &str,
        limit: usize,
    ) -> Vec<(String, usize, usize, usize, usize)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while out.len() < limit && stream.advance() {
            let t = stream.token();
            out.push((
                t.text.clone(),
                t.offset_from,
                t.offset_to,
                t.position,
                t.position_length,
            ));
        }
        out
    }

    /// A tokenizer that has seen a text before replays its tokens; they
    /// are those a fresh tokenizer gives, in every mode, on texts drawn
    /// again and again from a pool (some streams dropped half-way, which
    /// leaves a partial recording behind), with the memo starting afresh
    /// when full; and replays do happen (so the test can fail).
    #[test]
    fn replayed_tokens_are_the_analysed_ones() {
        let pool = crate::testdata::word_salad(PIECES, 40, 12);
        let mut next = crate::testdata::xorshift(0x2545_F491_4F6C_DD1D);
        for mode in [Mode::Stemmed, Mode::StemmedCompounds, Mode::Exact] {
            let mut memo = DutchTokenizer::new(mode);
            let mut replays = 0;
            // A third of the texts are new, more than the memo holds.
            for round in 0..13_000 {
                let fresh_text;
                let text = if round % 3 == 0 {
                    fresh_text = format!("{round} {}", pool[round % pool.len()]);
                    &fresh_text
                } else {
                    &pool[(next() % pool.len() as u64) as usize]
                };
                let expected = stream_tokens(&mut DutchTokenizer::new(mode), text, usize::MAX);
                if round % 7 == 0 {
                    let half = stream_tokens(&mut memo, text, expected.len() / 2);
                    assert_eq!(half, expected[..half.len()], "{mode:?} {text:?}");
                    continue;
                }
                replays += usize::from(matches!(
                    memo.token_stream(text).source,
                    Source::Replay { .. }
                ));
                // The stream just opened was dropped unread: a partial
                // recording again, if it was recording.
                let got = stream_tokens(&mut memo, text, usize::MAX);
                assert_eq!(got, expected, "{mode:?} {text:?}");
            }
            assert!(replays > 5_000, "{mode:?}: {replays} replays");
            assert!(memo.replays.sights.len() <= Replays::MAX_TEXTS);
        }
    }

    /// A compound's tails follow it at its position and offsets, on its
    /// first sight and on later ones (tails found by its stem-cache slot).
    #[test]
    fn compound_tails_share_the_compound_position() {
        let mut tokenizer = DutchTokenizer::new(Mode::StemmedCompounds);
        let text = "De woningbouwopgave, de Woningbouwopgave en 12345678";
        let compound = |from, position| {
            [
                ("woningbouwopgav", from, from + 16, position, 1),
                ("bouwopgav", from, from + 16, position, 1),
                ("opgav", from, from + 16, position, 1),
            ]
        };
        let mut expected: Vec<_> = compound(3, 1).into();
        expected.extend(compound(24, 3));
        expected.push(("12345678", 44, 52, 5, 1));
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(t, f, e, p, l)| (t.to_owned(), f, e, p, l))
            .collect();
        for _ in 0..2 {
            assert_eq!(stream_tokens(&mut tokenizer, text, usize::MAX), expected);
        }
    }

    /// Tails kept by slot are dropped when the stem cache starts afresh
    /// and its slots mean other words.
    #[test]
    fn compound_tails_of_an_old_cache_generation_are_dropped() {
        let mut cache = CompoundCache::default();
        let stem = |t: &str| t.to_owned();
        assert_eq!(
            cache.tails(0, 0, "woningbouwopgave", stem),
            ["bouwopgave", "opgave"]
        );
        assert_eq!(cache.stored(0), ["bouwopgave", "opgave"]);
        assert!(cache.tails(1, 0, "vergadering", stem).is_empty());
        assert!(cache.stored(0).is_empty());
    }

    /// A stemmed stream that is not read to its end records nothing, and
    /// a record is not taken for another text.
    #[test]
    fn only_complete_records_of_the_same_text_are_taken() {
        let mut stemmed = DutchTokenizer::new(Mode::StemmedCompounds);
        let mut exact = DutchTokenizer::new(Mode::Exact);
        LAST_WORDS.with_borrow_mut(|last| last.valid = false);
        let text = "De gemeente en de ICT-kennis";
        let mut stream = stemmed.token_stream(text);
        assert!(stream.advance());
        assert!(!recorded_for(text));
        let mut stream = stemmed.token_stream(text);
        while stream.advance() {}
        assert!(recorded_for(text));
        let other = exact_tokens(&mut exact, "De gemeente en de ICT-kennis!");
        assert_eq!(other.len(), 5);
        assert!(recorded_for(text));
    }
}
