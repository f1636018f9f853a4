//! The Dutch analyser: text in, search terms out. Indexing, querying and
//! counting all go through it, so they agree on what a term is.
//!
//! For each word token: split at hyphens (`ICT-kennis` → `ICT`, `kennis`,
//! so a search for "kennis" finds it and the phrase "ICT-kennis" still
//! matches), fold ([`super::fold_into`]), drop abbreviation dots (`o.a.` →
//! `oa`) and a plural/genitive `'s` (`auto's` → `auto`), optionally skip
//! stop words, stem ([`DutchStemmer`]). Numbers are kept as written
//! (`800.000`, `2021`); punctuation is dropped.
//!
//! Every word part gets a position, stop words included, so phrase queries
//! with a stop word in them still need the words to be adjacent.

use super::normalize::fold_into;
use super::stem::DutchStemmer;
use super::stopwords::is_stopword;
use super::tokens::{tokens, Token, TokenKind, Tokens};
use foldhash::fast::FixedState;
use std::collections::HashMap;

/// The analyser; cheap to create, `Send + Sync`.
#[derive(Debug, Default)]
pub struct Analyzer {
    stemmer: DutchStemmer,
}

/// One analysed term: its span in the text (a whole number or one part of
/// a hyphenated word), its position, and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term<'t> {
    pub token: Token,
    /// Index of the word part in the text, counting skipped stop words.
    pub position: usize,
    pub text: &'t str,
}

impl Analyzer {
    pub fn new() -> Self {
        Analyzer {
            stemmer: DutchStemmer::new(),
        }
    }

    pub fn stemmer(&self) -> &DutchStemmer {
        &self.stemmer
    }

    /// A pull-style stream of the terms of `text`, for callers that must
    /// hand out one term at a time (a Tantivy token stream).
    pub fn stream<'a>(&'a self, text: &'a str, skip_stopwords: bool) -> TermStream<'a> {
        self.stream_inner(text, skip_stopwords, None)
    }

    /// Like [`Analyzer::stream`], remembering stems in `cache`. Stemming
    /// dominates the cost of analysis and words repeat a lot, so a
    /// long-lived cache per thread (or per Tantivy tokenizer) makes
    /// analysis several times faster; results are identical.
    pub fn stream_cached<'a>(
        &'a self,
        text: &'a str,
        skip_stopwords: bool,
        cache: &'a mut StemCache,
    ) -> TermStream<'a> {
        self.stream_inner(text, skip_stopwords, Some(cache))
    }

    fn stream_inner<'a>(
        &'a self,
        text: &'a str,
        skip_stopwords: bool,
        cache: Option<&'a mut StemCache>,
    ) -> TermStream<'a> {
        TermStream {
            stemmer: &self.stemmer,
            cache,
            text,
            tokens: tokens(text),
            skip_stopwords,
            parts: None,
            position: 0,
            folded: String::new(),
            term: String::new(),
        }
    }

    /// Calls `f` with each term of `text` and the token (span) it came
    /// from. One scratch buffer is reused for all terms.
    pub fn for_each_term(&self, text: &str, skip_stopwords: bool, mut f: impl FnMut(Token, &str)) {
        let mut stream = self.stream(text, skip_stopwords);
        while let Some(term) = stream.next_term() {
            f(term.token, term.text);
        }
    }

    /// Like [`Analyzer::for_each_term`], remembering stems in `cache`.
    pub fn for_each_term_cached(
        &self,
        text: &str,
        skip_stopwords: bool,
        cache: &mut StemCache,
        mut f: impl FnMut(Token, &str),
    ) {
        let mut stream = self.stream_cached(text, skip_stopwords, cache);
        while let Some(term) = stream.next_term() {
            f(term.token, term.text);
        }
    }

    /// The terms of `text` as owned strings: for tests and for building
    /// lexicons, not for the hot path.
    pub fn terms(&self, text: &str, skip_stopwords: bool) -> Vec<String> {
        let mut out = Vec::new();
        self.for_each_term(text, skip_stopwords, |_, term| out.push(term.to_owned()));
        out
    }
}

/// A bounded memo from a word form (as it appears in the text) to what an
/// analysis makes of it. Words repeat a lot, so folding, the stop-word test
/// and stemming run once per distinct form instead of once per token: one
/// hash lookup replaces them all. Holds at most [`WordCache::CAPACITY`]
/// forms; when full it starts afresh, which keeps memory bounded and
/// results unchanged.
#[derive(Debug)]
pub struct WordCache<V> {
    /// Word form → index into `values`. Holding indices, not values, lets
    /// a hit return after one lookup: a borrow of the value cannot be
    /// returned early from a branch that may go on to insert.
    index: HashMap<Box<str>, u32, FixedState>,
    values: Vec<V>,
}

impl<V> Default for WordCache<V> {
    fn default() -> Self {
        WordCache {
            index: HashMap::with_hasher(FixedState::default()),
            values: Vec::new(),
        }
    }
}

impl<V> WordCache<V> {
    pub const CAPACITY: usize = 100_000;

    pub fn new() -> Self {
        Self::default()
    }

    /// The value for `word`, computed by `analyse` the first time.
    pub fn get_or_insert_with(&mut self, word: &str, analyse: impl FnOnce() -> V) -> &V {
        // One lookup on a hit, which must not allocate a key; misses are
        // rare.
        if let Some(&i) = self.index.get(word) {
            return &self.values[i as usize];
        }
        if self.values.len() >= Self::CAPACITY {
            self.index.clear();
            self.values.clear();
        }
        let i = self.values.len();
        self.values.push(analyse());
        // CAPACITY keeps `i` far below u32::MAX.
        self.index.insert(word.into(), i as u32);
        &self.values[i]
    }
}

/// The first hyphen in `word` that separates parts, as (byte offset,
/// byte length): `-`, U+2010 or U+2011. Soft hyphens join, they do not
/// separate: "ver\u{AD}gadering". Scans bytes, not characters, because it
/// runs on every word: in UTF-8 `-` is never part of another character
/// and 0xE2 only ever starts one, so a byte match is a character match.
fn separating_hyphen(word: &str) -> Option<(usize, usize)> {
    let bytes = word.as_bytes();
    bytes.iter().enumerate().find_map(|(i, &b)| match b {
        b'-' => Some((i, 1)),
        0xE2 if matches!(bytes.get(i + 1..i + 3), Some([0x80, 0x90 | 0x91])) => Some((i, 3)),
        _ => None,
    })
}

/// What the analyser makes of one word part: its term (empty when nothing
/// is left, e.g. a part of only dots) and whether it is a stop word.
#[derive(Debug, Clone)]
pub struct PartTerm {
    term: Box<str>,
    stopword: bool,
}

/// The cache [`Analyzer::stream_cached`] uses: word part → term.
pub type StemCache = WordCache<PartTerm>;

/// The analysis of one word part (see the module documentation); `folded`
/// is scratch space.
fn analyse_part(stemmer: &DutchStemmer, raw: &str, folded: &mut String) -> PartTerm {
    folded.clear();
    fold_into(raw, folded);
    folded.retain(|c| c != '.');
    if folded.len() > 2 && folded.ends_with("'s") {
        folded.truncate(folded.len() - 2);
    }
    if folded.is_empty() {
        return PartTerm {
            term: "".into(),
            stopword: false,
        };
    }
    PartTerm {
        stopword: is_stopword(folded),
        term: stemmer.stem(folded).into(),
    }
}

/// See [`Analyzer::stream`].
pub struct TermStream<'a> {
    stemmer: &'a DutchStemmer,
    cache: Option<&'a mut StemCache>,
    text: &'a str,
    tokens: Tokens<'a>,
    skip_stopwords: bool,
    /// Remaining byte range of the hyphenated word being split.
    parts: Option<(usize, usize)>,
    position: usize,
    folded: String,
    term: String,
}

impl<'a> TermStream<'a> {
    /// The stemmer the terms come from, for callers that derive more terms.
    pub fn stemmer(&self) -> &'a DutchStemmer {
        self.stemmer
    }

    /// The next term, or `None` at the end of the text.
    pub fn next_term(&mut self) -> Option<Term<'_>> {
        loop {
            let token = match self.next_part() {
                Some(part) => part,
                None => {
                    let tok = self.tokens.next()?;
                    match tok.kind {
                        TokenKind::Punct => continue,
                        TokenKind::Number => tok,
                        TokenKind::Word => {
                            self.parts = Some((tok.start, tok.end));
                            continue;
                        }
                    }
                }
            };
            let position = self.position;
            self.position += 1;
            if self.analyse(token) {
                return Some(Term {
                    token,
                    position,
                    text: &self.term,
                });
            }
        }
    }

    /// The next non-empty hyphen-separated part of the current word.
    fn next_part(&mut self) -> Option<Token> {
        while let Some((start, end)) = self.parts {
            let word = &self.text[start..end];
            let part_end = match separating_hyphen(word) {
                Some((i, len)) => {
                    self.parts = Some((start + i + len, end));
                    start + i
                }
                None => {
                    self.parts = None;
                    end
                }
            };
            if start == part_end {
                continue;
            }
            let all_digits = self.text[start..part_end]
                .bytes()
                .all(|b| b.is_ascii_digit());
            let kind = if all_digits {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            return Some(Token {
                start,
                end: part_end,
                kind,
            });
        }
        None
    }

    /// Puts the term of `token` in `self.term`; false if it has none (a
    /// stop word that is skipped).
    fn analyse(&mut self, token: Token) -> bool {
        let raw = &self.text[token.start..token.end];
        self.term.clear();
        if token.kind == TokenKind::Number {
            self.term.push_str(raw);
            return true;
        }
        let (stemmer, folded) = (self.stemmer, &mut self.folded);
        let uncached;
        let part = match self.cache.as_deref_mut() {
            Some(cache) => cache.get_or_insert_with(raw, || analyse_part(stemmer, raw, folded)),
            None => {
                uncached = analyse_part(stemmer, raw, folded);
                &uncached
            }
        };
        if part.term.is_empty() || (self.skip_stopwords && part.stopword) {
            return false;
        }
        self.term.push_str(&part.term);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        Analyzer::new().terms(text, true)
    }

    /// The byte scan finds the hyphen a scan over characters finds, on
    /// words mixing every hyphen with characters whose UTF-8 shares
    /// bytes with them (U+2012 and € also start with 0xE2).
    #[test]
    fn separating_hyphen_matches_a_character_scan() {
        let alphabet = [
            'a', 'é', '-', '\u{2010}', '\u{2011}', '\u{2012}', '\u{AD}', '€', '0',
        ];
        let mut seed: u64 = 7;
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let len = (seed >> 60) as usize;
            let word: String = (0..len)
                .map(|k| alphabet[((seed >> (4 * k)) % alphabet.len() as u64) as usize])
                .collect();
            let by_chars = word
                .char_indices()
                .find(|&(_, c)| crate::text::tokens::is_hyphen(c) && c != '\u{AD}')
                .map(|(i, c)| (i, c.len_utf8()));
            assert_eq!(separating_hyphen(&word), by_chars, "{word:?}");
        }
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("de het een", &[]),
            ("De borging van het netwerk", &["borg", "netwerk"]),
            ("geborgd borgen Borging", &["borg", "borg", "borg"]),
            ("ICT-kennis", &["ict", "kennis"]),
            ("Jan-Willem", &["jan", "willem"]),
            ("CoP’ers en auto's", &["cop'er", "auto"]),
            ("o.a. bijv.", &["oa", "bijv"]),
            ("800.000 euro in 2021", &["800.000", "euro", "2021"]),
            ("9 maart 2021", &["9", "maart", "2021"]),
            ("ideeën Ideeen", &["ideeen", "ideeen"]),
            ("80-jarige", &["80", "jarig"]),
            ("’s-Hertogenbosch", &["hertogenbosch"]),
            ("👍 – …", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(terms(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn positions_count_stop_words_and_spans_point_at_parts() {
        let text = "de ICT-kennis van 80 partners";
        let mut seen = Vec::new();
        let analyzer = Analyzer::new();
        let mut stream = analyzer.stream(text, true);
        while let Some(t) = stream.next_term() {
            seen.push((t.position, &text[t.token.range()], t.text.to_owned()));
        }
        assert_eq!(
            seen,
            vec![
                (1, "ICT", "ict".to_owned()),
                (2, "kennis", "kennis".to_owned()),
                (4, "80", "80".to_owned()),
                (5, "partners", "partner".to_owned()),
            ]
        );
    }

    #[test]
    fn cache_gives_the_same_terms() {
        let analyzer = Analyzer::new();
        let text = "De borging, geborgd en borgen; ICT-kennis en nog eens borging.";
        let mut cache = StemCache::new();
        for _ in 0..2 {
            let mut cached = Vec::new();
            analyzer.for_each_term_cached(text, true, &mut cache, |t, s| {
                cached.push((t, s.to_owned()))
            });
            let mut plain = Vec::new();
            analyzer.for_each_term(text, true, |t, s| plain.push((t, s.to_owned())));
            assert_eq!(cached, plain);
        }
    }

    #[test]
    fn keeps_stop_words_when_asked() {
        assert_eq!(Analyzer::new().terms("de borging", false), ["de", "borg"]);
    }

    #[test]
    fn analyzer_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Analyzer>();
    }
}
