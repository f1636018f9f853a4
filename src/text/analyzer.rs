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
    /// Where the analysis of the token's text is in the stream's
    /// [`StemCache`] ([`WordCache::value`]), for a word in a cached
    /// stream; valid until the stream reads on.
    pub slot: Option<u32>,
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
            uncached: PartTerm::empty(),
            word_log: None,
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
    /// How often the cache has started afresh: slots from an earlier
    /// generation mean other words.
    generation: u64,
}

impl<V> Default for WordCache<V> {
    fn default() -> Self {
        WordCache {
            index: HashMap::with_hasher(FixedState::default()),
            values: Vec::new(),
            generation: 0,
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
        let i = self.slot_or_insert_with(word, analyse);
        self.value(i)
    }

    /// Like [`WordCache::get_or_insert_with`], but returns where the value
    /// is ([`WordCache::value`]) instead of borrowing it, so that a caller
    /// can go on mutating itself and read the value later. Valid until the
    /// next insertion.
    pub fn slot_or_insert_with(&mut self, word: &str, analyse: impl FnOnce() -> V) -> u32 {
        // One lookup on a hit, which must not allocate a key; misses are
        // rare.
        if let Some(&i) = self.index.get(word) {
            return i;
        }
        if self.values.len() >= Self::CAPACITY {
            self.index.clear();
            self.values.clear();
            self.generation += 1;
        }
        // CAPACITY keeps the index far below u32::MAX.
        let i = self.values.len() as u32;
        self.values.push(analyse());
        self.index.insert(word.into(), i);
        i
    }

    /// The value in `slot`, from [`WordCache::slot_or_insert_with`].
    pub fn value(&self, slot: u32) -> &V {
        &self.values[slot as usize]
    }

    /// Changes when the cache starts afresh, so that a caller keeping
    /// data per slot knows when to drop it.
    pub fn generation(&self) -> u64 {
        self.generation
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
/// is left, e.g. a part of only dots) and whether it is a stop word. In a
/// [`StemCache`] the key may also be a whole word token that must be split
/// into parts first (`split`; see [`analyse_word`]).
#[derive(Debug, Clone)]
pub struct PartTerm {
    term: Box<str>,
    stopword: bool,
    split: bool,
}

impl PartTerm {
    /// No term; an empty `Box<str>` does not allocate.
    fn empty() -> PartTerm {
        PartTerm {
            term: Box::default(),
            stopword: false,
            split: false,
        }
    }

    /// True when the part gives a term in a stream that does (or does
    /// not) skip stop words.
    fn is_term(&self, skip_stopwords: bool) -> bool {
        !(self.term.is_empty() || (skip_stopwords && self.stopword))
    }
}

/// The cache [`Analyzer::stream_cached`] uses: word part, or whole word
/// token, → term.
pub type StemCache = WordCache<PartTerm>;

/// The analysis of a whole word token, for the cache: most words have no
/// hyphen, so one lookup of the token replaces the hyphen scan and the
/// lookup of its only part. A token that must be split (a separating
/// hyphen; an all-digit token, which [`TermStream::next_part`] would make
/// a number — the tokeniser never makes one a word, but the stream does not
/// rely on that) is marked `split` and takes the part-by-part path. A
/// token without hyphen is its own single part, so its entry is the one
/// the part would get: the two uses of a key always agree.
fn analyse_word(stemmer: &DutchStemmer, raw: &str, folded: &mut String) -> PartTerm {
    if separating_hyphen(raw).is_some() || raw.bytes().all(|b| b.is_ascii_digit()) {
        return PartTerm {
            split: true,
            ..PartTerm::empty()
        };
    }
    analyse_part(stemmer, raw, folded)
}

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
        return PartTerm::empty();
    }
    PartTerm {
        stopword: is_stopword(folded),
        term: stemmer.stem(folded).into(),
        split: false,
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
    /// The last analysis when there is no cache.
    uncached: PartTerm,
    /// Where the word and number tokens go as they are read, if asked
    /// ([`TermStream::log_words`]).
    word_log: Option<&'a mut Vec<Token>>,
}

/// Where the text of a term is: handed out by reference, never copied, so
/// that a caller (Tantivy's token) copies it once.
#[derive(Clone, Copy)]
enum TermText {
    /// A number, as written in the text.
    AsWritten,
    /// A [`StemCache`] slot.
    Cached(u32),
    /// [`TermStream::uncached`].
    Uncached,
}

impl<'a> TermStream<'a> {
    /// The stemmer the terms come from, for callers that derive more terms.
    pub fn stemmer(&self) -> &'a DutchStemmer {
        self.stemmer
    }

    /// Also appends every word and number token (not the parts of a
    /// word) to `log`, emptied first, as the stream reads them: once
    /// [`TermStream::next_term`] has returned `None`, `log` holds the
    /// tokens of the whole text, for a caller that needs them too.
    pub fn log_words(mut self, log: &'a mut Vec<Token>) -> Self {
        log.clear();
        self.word_log = Some(log);
        self
    }

    /// The [`WordCache::generation`] of the stream's cache (0 without one).
    pub fn cache_generation(&self) -> u64 {
        self.cache.as_deref().map_or(0, WordCache::generation)
    }

    /// The log given to [`TermStream::log_words`].
    pub fn word_log(&mut self) -> Option<&mut Vec<Token>> {
        self.word_log.as_deref_mut()
    }

    /// The next term, or `None` at the end of the text.
    pub fn next_term(&mut self) -> Option<Term<'_>> {
        loop {
            let token = match self.next_part() {
                Some(part) => part,
                None => {
                    let tok = self.tokens.next()?;
                    if let (Some(log), true) = (self.word_log.as_deref_mut(), tok.is_word_like()) {
                        log.push(tok);
                    }
                    match tok.kind {
                        TokenKind::Punct => continue,
                        TokenKind::Number => tok,
                        TokenKind::Word => {
                            let Some(cache) = self.cache.as_deref_mut() else {
                                self.parts = Some((tok.start, tok.end));
                                continue;
                            };
                            let raw = &self.text[tok.start..tok.end];
                            let (stemmer, folded) = (self.stemmer, &mut self.folded);
                            let slot = cache
                                .slot_or_insert_with(raw, || analyse_word(stemmer, raw, folded));
                            let word = cache.value(slot);
                            if word.split {
                                self.parts = Some((tok.start, tok.end));
                                continue;
                            }
                            let position = self.position;
                            self.position += 1;
                            if word.is_term(self.skip_stopwords) {
                                return Some(self.term(tok, position, TermText::Cached(slot)));
                            }
                            continue;
                        }
                    }
                }
            };
            let position = self.position;
            self.position += 1;
            if let Some(text) = self.analyse(token) {
                return Some(self.term(token, position, text));
            }
        }
    }

    fn term(&self, token: Token, position: usize, text: TermText) -> Term<'_> {
        let (text, slot) = match text {
            TermText::AsWritten => (&self.text[token.start..token.end], None),
            TermText::Cached(slot) => (
                self.cache.as_deref().map_or("", |c| &c.value(slot).term),
                Some(slot),
            ),
            TermText::Uncached => (&*self.uncached.term, None),
        };
        Term {
            token,
            position,
            text,
            slot,
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

    /// Where the term of `token` (a number or a word part) is; `None` if
    /// it has none (a stop word that is skipped).
    fn analyse(&mut self, token: Token) -> Option<TermText> {
        if token.kind == TokenKind::Number {
            return Some(TermText::AsWritten);
        }
        let raw = &self.text[token.start..token.end];
        let (stemmer, folded) = (self.stemmer, &mut self.folded);
        let (part, text) = match self.cache.as_deref_mut() {
            Some(cache) => {
                let slot = cache.slot_or_insert_with(raw, || analyse_part(stemmer, raw, folded));
                (cache.value(slot), TermText::Cached(slot))
            }
            None => {
                self.uncached = analyse_part(stemmer, raw, folded);
                (&self.uncached, TermText::Uncached)
            }
        };
        part.is_term(self.skip_stopwords).then_some(text)
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
            ("ideeën Ideeen", &["idee", "idee"]),
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

    /// The cached stream looks whole words up (hyphen-free ones take one
    /// lookup); the uncached stream splits every word part by part, as
    /// the cached one did before. Both must give the same spans, positions
    /// and terms, on the first sight of a word and on later hits, with and
    /// without stop words, on generated text full of hyphens, digits,
    /// apostrophes, dots, URLs and non-ASCII words, with one cache shared
    /// by all of it (so a key seen as a part is later seen as a word).
    #[test]
    fn cached_whole_words_match_the_part_by_part_stream() {
        const PIECES: &[&str] = &[
            "de",
            "het",
            "ICT",
            "kennis",
            "-",
            "\u{2010}",
            "\u{2011}",
            "\u{AD}",
            "80",
            "2021",
            "03",
            ".",
            ",",
            "'s",
            "’s",
            "auto",
            "zo’n",
            "o.a.",
            "bijv.",
            "Jan",
            "Willem",
            "ideeën",
            "Café",
            "https://www.gemeente.nl/a-b?x=1",
            "e-mail",
            "G4",
            "en",
            "van",
            "woningbouwopgave",
            "borging",
            "A.B.",
            "t/m",
            "’t",
            "€",
            "12%",
            "1.250.000,50",
            "Москва",
            "e\u{301}",
            "--",
            "x",
            "ß",
            "İ",
        ];
        let analyzer = Analyzer::new();
        let mut cache = StemCache::new();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for round in 0..3_000 {
            let mut text = String::new();
            for _ in 0..(round % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
                if seed >> 62 == 0 {
                    text.push(' ');
                }
            }
            for skip in [true, false] {
                let collect = |mut stream: TermStream<'_>| {
                    let mut out = Vec::new();
                    while let Some(t) = stream.next_term() {
                        out.push((t.token, t.position, t.text.to_owned()));
                    }
                    out
                };
                let plain = collect(analyzer.stream(&text, skip));
                for _ in 0..2 {
                    let cached = collect(analyzer.stream_cached(&text, skip, &mut cache));
                    assert_eq!(cached, plain, "{text:?}");
                }
            }
        }
    }

    /// A full cache starts afresh; slots handed out after that are valid.
    #[test]
    fn word_cache_starts_afresh_when_full() {
        let mut cache: WordCache<usize> = WordCache::new();
        for i in 0..WordCache::<usize>::CAPACITY + 10 {
            let word = i.to_string();
            let slot = cache.slot_or_insert_with(&word, || i);
            assert_eq!(*cache.value(slot), i);
            assert_eq!(*cache.get_or_insert_with(&word, || usize::MAX), i);
        }
        assert_eq!(*cache.get_or_insert_with("0", || 7), 7);
        assert_eq!(cache.generation(), 1);
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
