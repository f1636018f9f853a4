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
    token: Token,
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
        tokens: text::Tokens<'a>,
        position: usize,
    },
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
}

impl Tokenizer for DutchTokenizer {
    type TokenStream<'a> = DutchTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> DutchTokenStream<'a> {
        self.token.reset();
        let source = match self.mode {
            Mode::Stemmed | Mode::StemmedCompounds => {
                Source::Stemmed(self.analyzer.stream_cached(text, true, &mut self.cache))
            }
            Mode::Exact => Source::Exact {
                text,
                tokens: text::tokens(text),
                position: 0,
            },
        };
        let compounds =
            (self.mode == Mode::StemmedCompounds).then_some((text, &mut self.compounds));
        DutchTokenStream {
            source,
            token: &mut self.token,
            compounds,
            pending: None,
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
                for tok in tokens.by_ref() {
                    if tok.kind == TokenKind::Punct {
                        continue;
                    }
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
