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

use crate::text::{self, Analyzer, StemCache, TermStream, TokenKind};
use std::cell::RefCell;
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
/// allocated once they are large enough).
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
/// form (bounded, see [`text::WordCache`]).
#[derive(Default)]
struct CompoundCache {
    tails: text::WordCache<Vec<String>>,
    scratch: String,
}

/// Words this frequent are lexicalised ("verschillende"); their parts are
/// not what the reader means.
const MAX_SPLIT_ZIPF10: u8 = 45;

impl CompoundCache {
    /// The stems of the tails of `word` (as written), longest tail first.
    fn tails(&mut self, word: &str, stem: impl Fn(&str) -> String) -> &[String] {
        let scratch = &mut self.scratch;
        self.tails.get_or_insert_with(word, || {
            scratch.clear();
            text::lowercase_into(word, scratch);
            let model = crate::entities::Tagger::embedded().model();
            let lower = scratch.as_str();
            if model.word_facts(lower).zipf10 >= MAX_SPLIT_ZIPF10 {
                Vec::new()
            } else {
                text::compounds::tails(lower, |part| model.word_facts(part).dictionary)
                    .into_iter()
                    .map(&stem)
                    .collect()
            }
        })
    }
}

impl Clone for DutchTokenizer {
    fn clone(&self) -> Self {
        DutchTokenizer {
            mode: self.mode,
            analyzer: Arc::clone(&self.analyzer),
            cache: StemCache::new(),
            compounds: CompoundCache::default(),
            words: Vec::new(),
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
    /// The compound whose tails are being emitted (its byte range) and how
    /// many are left; they are read from the cache, not copied.
    pending: Option<(std::ops::Range<usize>, usize)>,
    /// Set while the stemmed stream logs its tokens for the exact one:
    /// the text, to publish with them when the stream has ended.
    publish: Option<&'a str>,
}

impl Tokenizer for DutchTokenizer {
    type TokenStream<'a> = DutchTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> DutchTokenStream<'a> {
        self.token.reset();
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
        }
    }
}

impl TokenStream for DutchTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let token = &mut *self.token;
        // A compound's tails share its position and offsets, so phrase
        // queries and highlighting treat them as the compound itself.
        if let (Some((word, left)), Some((text, cache))) = (&mut self.pending, &mut self.compounds)
        {
            // The cache entry is the one just looked up: nothing else
            // touches the cache until the tails are emitted.
            let tails = cache.tails(&text[word.clone()], |_| String::new());
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
                if let Some((text, cache)) = &mut self.compounds {
                    let range = term.token.range();
                    let word = &text[range.clone()];
                    if word.len() >= text::compounds::MIN_COMPOUND {
                        let stemmer = stream.stemmer();
                        let tails =
                            cache.tails(word, |t| stemmer.stem(&text::fold(t)).into_owned());
                        if !tails.is_empty() {
                            self.pending = Some((range, tails.len()));
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
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
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

    /// The exact analyser gives the same tokens whether it takes them from
    /// the stemmed analyser's record or tokenises the text itself, on
    /// generated text full of punctuation, hyphens, digits, apostrophes,
    /// URLs and non-ASCII words; and it does take them when the stemmed
    /// stream of the same text has just ended (so the test can fail).
    #[test]
    fn exact_tokens_from_the_record_are_the_scanned_ones() {
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
        ];
        let mut stemmed = DutchTokenizer::new(Mode::StemmedCompounds);
        let mut exact = DutchTokenizer::new(Mode::Exact);
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for round in 0..2_000 {
            let mut text = String::new();
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
