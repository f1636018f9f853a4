//! The Dutch analysers, registered with Tantivy under fixed names so that
//! indexing, querying, snippets and counting all see the same terms.
//!
//! * [`DUTCH`]: the terms of [`crate::text::Analyzer`] — hyphenated words
//!   split, diacritics folded, stop words dropped (positions still count
//!   them, so phrase queries stay exact), Dutch Snowball stemming with the
//!   participle step.
//! * [`EXACT`]: the same tokens, lower-cased only — for `--exact`.

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
    token: Token,
}

impl Clone for DutchTokenizer {
    fn clone(&self) -> Self {
        DutchTokenizer {
            mode: self.mode,
            analyzer: Arc::clone(&self.analyzer),
            cache: StemCache::new(),
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
            token: Token::default(),
        }
    }
}

/// Registers both analysers on an index. Must run before any reader or
/// writer touches a text field.
pub fn register(index: &tantivy::Index) {
    let manager = index.tokenizers();
    manager.register(
        DUTCH,
        TextAnalyzer::builder(DutchTokenizer::new(Mode::Stemmed)).build(),
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
}

impl Tokenizer for DutchTokenizer {
    type TokenStream<'a> = DutchTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> DutchTokenStream<'a> {
        self.token.reset();
        let source = match self.mode {
            Mode::Stemmed => {
                Source::Stemmed(self.analyzer.stream_cached(text, true, &mut self.cache))
            }
            Mode::Exact => Source::Exact {
                text,
                tokens: text::tokens(text),
                position: 0,
            },
        };
        DutchTokenStream {
            source,
            token: &mut self.token,
        }
    }
}

impl TokenStream for DutchTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let token = &mut *self.token;
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
