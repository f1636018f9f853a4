//! Themes: a curated Dutch theme lexicon, matching it against text, and
//! themes discovered from the archive itself (keyness).
//!
//! # Lexicon format
//!
//! The default lexicon ships as `src/themes/lexicon-nl.txt`; users may add
//! their own file in the same format:
//!
//! ```text
//! # a comment (the whole line)
//! [borging en continuïteit]
//! borging, borgen, looptijd, "na de deal", "zonder begeleiding"
//! verlenging, nazorg
//! [samenwerking met het Rijk]
//! rijk, ministerie, "Den Haag"
//! ```
//!
//! A `[name]` header starts a theme; the entries below it are separated by
//! commas and may span several lines. An entry is a word or a phrase; a
//! phrase may be written bare (`Den Haag`) or in double quotes (needed only
//! when it contains a comma). Entries are compiled with the crate's Dutch
//! analyser (diacritics folded, lower-cased, stemmed), so `borging`,
//! `borgen` and `geborgd` are one entry. Phrases match consecutive words,
//! stop words included, and never across punctuation.
//!
//! # Discovered themes
//!
//! [`keyness`] ranks, per session, the terms a session uses more than the
//! rest of the archive, by Dunning's log-likelihood ratio G². G² is the
//! usual keyness measure in corpus linguistics because, unlike χ², it stays
//! reliable for the small counts that dominate short minutes; it needs no
//! tuning beyond a minimum count.
//!
//! Everything here is pure: the caller reads files and passes text.

use crate::text::{self, DutchStemmer, TokenKind};
use foldhash::fast::FixedState;
use serde::Serialize;
use std::collections::HashMap;

/// Hash maps of the hot path (lexicon lookups and term counts per word):
/// foldhash instead of SipHash, with a fixed seed so nothing depends on
/// the run.
type Map<K, V> = HashMap<K, V, FixedState>;
use std::fmt;
use std::ops::Range;

/// The default lexicon, compiled into the binary.
const DEFAULT_NL: &str = include_str!("themes/lexicon-nl.txt");

/// Index of a theme in a [`Lexicon`].
pub type ThemeId = u16;

// ---------------------------------------------------------------------------
// Analysis shared by lexicon compilation, matching, keyness and grouping
// ---------------------------------------------------------------------------

/// One word of an analysed text.
#[derive(Debug, Clone)]
pub(crate) struct StemmedWord {
    /// Range of the stem in [`StemmedText::buf`].
    pub stem: Range<usize>,
    /// Byte range of the word in the analysed text.
    pub span: Range<usize>,
    /// Punctuation (other than a hyphen or apostrophe) separates this word
    /// from the previous one, so no phrase may run across it.
    pub break_before: bool,
    pub stopword: bool,
}

/// A text analysed once: all stems live in one buffer so that analysing
/// a passage allocates a constant number of times, not once per token.
#[derive(Debug, Default)]
pub(crate) struct StemmedText {
    pub buf: String,
    pub words: Vec<StemmedWord>,
    fold: String,
    /// Token → (stem of its folded form, stop word?): words repeat, so
    /// each distinct form is folded and stemmed once.
    cache: text::WordCache<(Box<str>, bool)>,
    /// Punctuation ended the last appended piece (see [`StemmedText::append`]).
    break_pending: bool,
}

impl StemmedText {
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the contents with the analysis of `text`.
    pub fn analyse(&mut self, stemmer: &DutchStemmer, text: &str) {
        self.buf.clear();
        self.words.clear();
        self.break_pending = false;
        self.append(stemmer, text, 0);
    }

    /// Adds the analysis of `text`, a piece of a longer text that starts
    /// at byte `offset` of it and follows the pieces appended before
    /// (with only whitespace between them): word spans are in the longer
    /// text's bytes, and punctuation at the end of one piece separates it
    /// from the next, so the result equals analysing the whole text.
    pub fn append(&mut self, stemmer: &DutchStemmer, text: &str, offset: usize) {
        self.append_tokens(stemmer, text, text::tokens(text), offset);
    }

    /// As [`StemmedText::append`], with `text` already tokenised
    /// (`tokens` are [`text::tokens`] of `text`).
    pub fn append_tokens(
        &mut self,
        stemmer: &DutchStemmer,
        text: &str,
        tokens: impl IntoIterator<Item = text::Token>,
        offset: usize,
    ) {
        let mut break_before = self.break_pending;
        for tok in tokens {
            if tok.kind == TokenKind::Punct {
                let p = &text[tok.start..tok.end];
                if !matches!(p, "-" | "'" | "’") {
                    break_before = true;
                }
                continue;
            }
            let raw = &text[tok.start..tok.end];
            let fold = &mut self.fold;
            let (stem, stopword) = self.cache.get_or_insert_with(raw, || {
                fold.clear();
                text::fold_into(raw, fold);
                (stemmer.stem(fold).into(), text::is_stopword(fold))
            });
            let start = self.buf.len();
            self.buf.push_str(stem);
            let stopword = *stopword;
            self.words.push(StemmedWord {
                stem: start..self.buf.len(),
                span: offset + tok.start..offset + tok.end,
                break_before,
                stopword,
            });
            break_before = false;
        }
        self.break_pending = break_before;
    }

    pub fn stem(&self, i: usize) -> &str {
        &self.buf[self.words[i].stem.clone()]
    }
}

// ---------------------------------------------------------------------------
// Lexicon
// ---------------------------------------------------------------------------

/// What is wrong with a lexicon file, and on which line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    pub line: usize,
    pub kind: LexiconErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexiconErrorKind {
    /// An entry appears before the first `[theme]` header.
    EntryBeforeTheme,
    /// `[]` or `[   ]`.
    EmptyThemeName,
    /// A `[` without its `]`.
    UnterminatedHeader,
    /// A `"` without its closing `"` on the same line.
    UnterminatedQuote,
    /// The same theme header twice in one file.
    DuplicateTheme(String),
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: ", self.line)?;
        match &self.kind {
            LexiconErrorKind::EntryBeforeTheme => {
                write!(f, "entry before any [theme] header")
            }
            LexiconErrorKind::EmptyThemeName => write!(f, "empty theme name"),
            LexiconErrorKind::UnterminatedHeader => {
                write!(f, "theme header without closing ']'")
            }
            LexiconErrorKind::UnterminatedQuote => write!(f, "unterminated quote"),
            LexiconErrorKind::DuplicateTheme(name) => {
                write!(f, "theme [{name}] appears twice")
            }
        }
    }
}

impl std::error::Error for LexiconError {}

#[derive(Debug, Clone)]
struct Entry {
    /// As written in the lexicon, for display.
    surface: String,
    stems: Vec<String>,
}

#[derive(Debug, Clone)]
struct Theme {
    name: String,
    entries: Vec<Entry>,
}

/// A compiled theme lexicon: themes with their entries, indexed by stem.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    themes: Vec<Theme>,
    /// Single-word entries: stem → (theme, entry).
    words: Map<String, Vec<(ThemeId, u32)>>,
    /// Phrase entries, keyed by their first stem.
    phrases: Map<String, Vec<(ThemeId, u32)>>,
}

impl Lexicon {
    /// The Dutch lexicon shipped with notulen.
    pub fn default_nl() -> Lexicon {
        Lexicon::parse(DEFAULT_NL).expect("the built-in lexicon parses")
    }

    /// Parses and compiles a lexicon file (see the module docs for the
    /// format).
    pub fn parse(src: &str) -> Result<Lexicon, LexiconError> {
        let stemmer = DutchStemmer::new();
        let mut analysed = StemmedText::new();
        let mut lexicon = Lexicon::default();
        let mut current: Option<usize> = None;
        for (n, raw) in src.lines().enumerate() {
            let line_no = n + 1;
            let err = |kind| LexiconError {
                line: line_no,
                kind,
            };
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                let name = rest
                    .strip_suffix(']')
                    .ok_or_else(|| err(LexiconErrorKind::UnterminatedHeader))?
                    .trim();
                if name.is_empty() {
                    return Err(err(LexiconErrorKind::EmptyThemeName));
                }
                if lexicon.theme_index(name).is_some() {
                    return Err(err(LexiconErrorKind::DuplicateTheme(name.to_string())));
                }
                lexicon.themes.push(Theme {
                    name: name.to_string(),
                    entries: Vec::new(),
                });
                current = Some(lexicon.themes.len() - 1);
                continue;
            }
            let theme = current.ok_or_else(|| err(LexiconErrorKind::EntryBeforeTheme))?;
            for item in
                split_entries(line).map_err(|()| err(LexiconErrorKind::UnterminatedQuote))?
            {
                let entry = compile_entry(&stemmer, &mut analysed, item);
                if let Some(entry) = entry {
                    push_entry(&mut lexicon.themes[theme], entry);
                }
            }
        }
        lexicon.rebuild_index();
        Ok(lexicon)
    }

    /// Adds the themes of `other`; entries of a theme that already exists
    /// (same name, ignoring case) are added to it. To replace the default
    /// lexicon instead, the caller simply uses `other` on its own.
    pub fn extend(&mut self, other: Lexicon) {
        for theme in other.themes {
            match self.theme_index(&theme.name) {
                Some(i) => {
                    for entry in theme.entries {
                        push_entry(&mut self.themes[i], entry);
                    }
                }
                None => self.themes.push(theme),
            }
        }
        self.rebuild_index();
    }

    /// Theme names in file order (the order of [`ThemeId`]s).
    pub fn theme_names(&self) -> Vec<&str> {
        self.themes.iter().map(|t| t.name.as_str()).collect()
    }

    pub fn theme_name(&self, id: ThemeId) -> &str {
        &self.themes[usize::from(id)].name
    }

    /// Themes that a single stem belongs to (as a one-word entry).
    pub fn themes_of_stem(&self, stem: &str) -> impl Iterator<Item = ThemeId> + '_ {
        self.words
            .get(stem)
            .into_iter()
            .flat_map(|v| v.iter().map(|&(t, _)| t))
    }

    /// A stable hex fingerprint of the compiled lexicon, so an index can
    /// record which lexicon its theme counts came from. FNV-1a 64 over the
    /// sorted `(theme, stems)` pairs: independent of entry order, spelling
    /// variants with the same stems, and the build.
    pub fn hash(&self) -> String {
        let mut lines: Vec<String> = self
            .themes
            .iter()
            .flat_map(|t| {
                t.entries
                    .iter()
                    .map(move |e| format!("{}\u{1f}{}", t.name, e.stems.join(" ")))
            })
            .collect();
        lines.sort();
        lines.dedup();
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for line in &lines {
            for b in line.bytes().chain(std::iter::once(b'\n')) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        format!("{h:016x}")
    }

    fn theme_index(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.themes
            .iter()
            .position(|t| t.name.to_lowercase() == name.to_lowercase())
    }

    fn rebuild_index(&mut self) {
        self.words.clear();
        self.phrases.clear();
        for (t, theme) in self.themes.iter().enumerate() {
            let t = ThemeId::try_from(t).expect("fewer than 65536 themes");
            for (e, entry) in theme.entries.iter().enumerate() {
                let e = u32::try_from(e).expect("fewer than 2^32 entries");
                let map = if entry.stems.len() == 1 {
                    &mut self.words
                } else {
                    &mut self.phrases
                };
                map.entry(entry.stems[0].clone()).or_default().push((t, e));
            }
        }
    }
}

fn push_entry(theme: &mut Theme, entry: Entry) {
    if !theme.entries.iter().any(|e| e.stems == entry.stems) {
        theme.entries.push(entry);
    }
}

fn compile_entry(stemmer: &DutchStemmer, analysed: &mut StemmedText, item: &str) -> Option<Entry> {
    analysed.analyse(stemmer, item);
    if analysed.words.is_empty() {
        return None;
    }
    let stems = (0..analysed.words.len())
        .map(|i| analysed.stem(i).to_string())
        .collect();
    Some(Entry {
        surface: item.to_string(),
        stems,
    })
}

/// Splits one entry line at commas outside double quotes. Items are
/// trimmed; quotes are removed; empty items are dropped.
fn split_entries(line: &str) -> Result<Vec<&str>, ()> {
    let mut items = Vec::new();
    let mut rest = line;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if let Some(quoted) = rest.strip_prefix('"') {
            let close = quoted.find('"').ok_or(())?;
            items.push(quoted[..close].trim());
            rest = quoted[close + 1..].trim_start();
            rest = rest.strip_prefix(',').unwrap_or(rest);
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            let item = rest[..end].trim();
            if item.contains('"') {
                return Err(());
            }
            items.push(item);
            rest = rest.get(end + 1..).unwrap_or("");
        }
    }
    items.retain(|i| !i.is_empty());
    Ok(items)
}

// ---------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------

/// One occurrence of a theme in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeHit {
    pub theme: String,
    /// Byte range of the matched word(s) in the text.
    pub span: Range<usize>,
    /// The lexicon entry that matched, as written in the lexicon.
    pub term: String,
}

/// Finds all theme occurrences in `text`, in text order. Every token is
/// stemmed once; single words are a hash lookup, phrases are tried only
/// where their first stem occurs, so the cost is linear in the text.
/// Overlapping hits of one theme count once (the earliest, then longest).
pub fn match_themes(lexicon: &Lexicon, text: &str) -> Vec<ThemeHit> {
    ThemeMatcher::new(lexicon).find(text)
}

/// [`match_themes`] for many texts: keeps the stemmer and the analysis
/// buffers between calls, so matching a whole archive allocates only for
/// the hits.
#[derive(Debug)]
pub struct ThemeMatcher<'l> {
    lexicon: &'l Lexicon,
    stemmer: DutchStemmer,
    analysed: StemmedText,
}

impl<'l> ThemeMatcher<'l> {
    pub fn new(lexicon: &'l Lexicon) -> Self {
        ThemeMatcher {
            lexicon,
            stemmer: DutchStemmer::new(),
            analysed: StemmedText::new(),
        }
    }

    /// [`session_terms`] with this matcher's buffers and stem cache, which
    /// stay warm from one session to the next.
    pub fn session_terms(&mut self, text: &str) -> SessionTerms {
        self.analysed.analyse(&self.stemmer, text);
        count_terms(text, &self.analysed)
    }

    pub fn find(&mut self, text: &str) -> Vec<ThemeHit> {
        self.analysed.analyse(&self.stemmer, text);
        let words = 0..self.analysed.words.len();
        self.hits(words)
    }

    /// Starts a session read passage by passage ([`ThemeMatcher::passage`]).
    pub fn begin_session(&mut self) {
        self.analysed.analyse(&self.stemmer, "");
    }

    /// The theme hits of the passage at `span` of the session text `text`
    /// (spans in `text`'s bytes) and its number of words and numbers
    /// ([`text::word_count`]). The passage's analysis is kept for
    /// [`ThemeMatcher::session_terms_so_far`], so a session is analysed
    /// once, not once for themes and again for its terms. Passages must
    /// come in order, separated by whitespace only (as
    /// [`text::paragraphs`] gives them).
    pub fn passage(&mut self, text: &str, span: Range<usize>) -> (Vec<ThemeHit>, usize) {
        let passage = &text[span.clone()];
        self.passage_tokens(text, span, text::tokens(passage))
    }

    /// As [`ThemeMatcher::passage`], with the passage already tokenised
    /// (`tokens` are [`text::tokens`] of `text[span]`, offsets relative to
    /// the passage).
    pub fn passage_tokens(
        &mut self,
        text: &str,
        span: Range<usize>,
        tokens: impl IntoIterator<Item = text::Token>,
    ) -> (Vec<ThemeHit>, usize) {
        let first = self.analysed.words.len();
        self.analysed
            .append_tokens(&self.stemmer, &text[span.clone()], tokens, span.start);
        let words = first..self.analysed.words.len();
        let count = words.len();
        (self.hits(words), count)
    }

    /// The term counts of the passages given since
    /// [`ThemeMatcher::begin_session`]; equal to
    /// [`ThemeMatcher::session_terms`] of the whole session `text`.
    pub fn session_terms_so_far(&self, text: &str) -> SessionTerms {
        count_terms(text, &self.analysed)
    }

    fn hits(&self, words: Range<usize>) -> Vec<ThemeHit> {
        raw_hits(self.lexicon, &self.analysed, words)
            .into_iter()
            .map(|h| {
                let theme = &self.lexicon.themes[usize::from(h.theme)];
                ThemeHit {
                    theme: theme.name.clone(),
                    span: h.span,
                    term: theme.entries[h.entry as usize].surface.clone(),
                }
            })
            .collect()
    }
}

pub(crate) struct RawHit {
    pub theme: ThemeId,
    pub entry: u32,
    pub span: Range<usize>,
}

/// Theme hits among `words` (indices into `analysed.words`); phrases do
/// not run past their end.
pub(crate) fn raw_hits(
    lexicon: &Lexicon,
    analysed: &StemmedText,
    words: Range<usize>,
) -> Vec<RawHit> {
    let mut hits = Vec::new();
    let n = words.end.min(analysed.words.len());
    for i in words.start..n {
        let stem = analysed.stem(i);
        if let Some(entries) = lexicon.words.get(stem) {
            for &(theme, entry) in entries {
                hits.push(RawHit {
                    theme,
                    entry,
                    span: analysed.words[i].span.clone(),
                });
            }
        }
        if let Some(entries) = lexicon.phrases.get(stem) {
            for &(theme, entry) in entries {
                let stems = &lexicon.themes[usize::from(theme)].entries[entry as usize].stems;
                let end = i + stems.len();
                let matches = end <= n
                    && (1..stems.len()).all(|k| {
                        !analysed.words[i + k].break_before && analysed.stem(i + k) == stems[k]
                    });
                if matches {
                    hits.push(RawHit {
                        theme,
                        entry,
                        span: analysed.words[i].span.start..analysed.words[end - 1].span.end,
                    });
                }
            }
        }
    }
    // Earliest first, longest first at the same start, then by theme.
    hits.sort_by(|a, b| {
        (
            a.span.start,
            std::cmp::Reverse(a.span.end),
            a.theme,
            a.entry,
        )
            .cmp(&(
                b.span.start,
                std::cmp::Reverse(b.span.end),
                b.theme,
                b.entry,
            ))
    });
    let mut last_end: Map<ThemeId, usize> = Map::default();
    hits.retain(|h| {
        let end = last_end.entry(h.theme).or_insert(0);
        if h.span.start < *end {
            return false;
        }
        *end = h.span.end;
        true
    });
    hits
}

// ---------------------------------------------------------------------------
// Keyness
// ---------------------------------------------------------------------------

/// Term counts of one session: stems of non-stop words, and two-word
/// phrases (`"stem1 stem2"`) of adjacent non-stop words with no punctuation
/// in between.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionTerms {
    pub counts: Map<String, u32>,
    /// The most frequent surface form of each term, for display.
    pub display: Map<String, String>,
    /// Number of counted words (the corpus size for unigrams).
    pub words: u64,
    /// Number of counted phrases (the corpus size for phrases).
    pub phrases: u64,
}

/// Counts the terms of one session's text.
pub fn session_terms(text: &str) -> SessionTerms {
    let stemmer = DutchStemmer::new();
    let mut analysed = StemmedText::new();
    analysed.analyse(&stemmer, text);
    count_terms(text, &analysed)
}

/// [`session_terms`] over an analysis already made.
fn count_terms(text: &str, analysed: &StemmedText) -> SessionTerms {
    /// A term's count and the surface forms it was written in, with theirs.
    /// A stem has few forms, so a list beats a map, and one lookup per
    /// occurrence finds both.
    #[derive(Default)]
    struct Tally {
        count: u32,
        forms: Vec<(String, u32)>,
    }
    let mut tallies: Map<String, Tally> = Map::default();
    let mut count = |key: &str, surface: &str| {
        let tally = match tallies.get_mut(key) {
            Some(t) => t,
            None => tallies.entry(key.to_string()).or_default(),
        };
        tally.count += 1;
        match tally.forms.iter_mut().find(|(f, _)| f == surface) {
            Some((_, c)) => *c += 1,
            None => tally.forms.push((surface.to_string(), 1)),
        }
    };
    let (mut words_counted, mut phrases_counted) = (0, 0);
    let mut key = String::new();
    let mut surface = String::new();
    let words = &analysed.words;
    for i in 0..words.len() {
        let w = &words[i];
        if w.stopword || !is_content_word(text, w) {
            continue;
        }
        words_counted += 1;
        count(analysed.stem(i), &text[w.span.clone()]);
        if i > 0 {
            let p = &words[i - 1];
            if !p.stopword && !w.break_before && is_content_word(text, p) {
                phrases_counted += 1;
                key.clear();
                key.push_str(analysed.stem(i - 1));
                key.push(' ');
                key.push_str(analysed.stem(i));
                surface.clear();
                surface.push_str(&text[p.span.clone()]);
                surface.push(' ');
                surface.push_str(&text[w.span.clone()]);
                count(&key, &surface);
            }
        }
    }
    let mut terms = SessionTerms {
        words: words_counted,
        phrases: phrases_counted,
        ..SessionTerms::default()
    };
    terms.counts.reserve(tallies.len());
    terms.display.reserve(tallies.len());
    for (term, tally) in tallies {
        // Most frequent form; ties go to the alphabetically first so the
        // choice does not depend on the order forms were seen.
        let best = tally
            .forms
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(f, _)| f)
            .unwrap_or_default();
        terms.counts.insert(term.clone(), tally.count);
        terms.display.insert(term, best);
    }
    terms
}

/// Single letters and numbers are not themes.
fn is_content_word(text: &str, w: &StemmedWord) -> bool {
    let s = &text[w.span.clone()];
    s.chars().count() > 1 && s.chars().any(char::is_alphabetic)
}

/// A term that a session uses significantly more than the rest of the
/// archive.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyTerm {
    /// The stem (or `"stem stem"` for a phrase).
    pub term: String,
    /// Most frequent surface form in the session.
    pub display: String,
    /// Occurrences in the session.
    pub count: u32,
    /// Dunning's log-likelihood ratio against the rest of the archive.
    pub g2: f64,
}

/// For each session, its `top_n` key terms: over-represented against the
/// rest of the archive, occurring at least twice, ranked by G² (ties by
/// term). With a single session there is no reference corpus and every
/// list is empty.
pub fn keyness(sessions: &[SessionTerms], top_n: usize) -> Vec<Vec<KeyTerm>> {
    let mut totals: Map<&str, u64> = Map::default();
    let (mut all_words, mut all_phrases) = (0u64, 0u64);
    for s in sessions {
        all_words += s.words;
        all_phrases += s.phrases;
        for (term, &c) in &s.counts {
            *totals.entry(term.as_str()).or_insert(0) += u64::from(c);
        }
    }
    sessions
        .iter()
        .map(|s| {
            let mut keys: Vec<KeyTerm> = s
                .counts
                .iter()
                .filter(|&(_, &c)| c >= 2)
                .filter_map(|(term, &c)| {
                    let (size, all) = if term.contains(' ') {
                        (s.phrases, all_phrases)
                    } else {
                        (s.words, all_words)
                    };
                    let a = f64::from(c);
                    let b = (totals[term.as_str()] - u64::from(c)) as f64;
                    let (c1, c2) = (size as f64, (all - size) as f64);
                    if c2 == 0.0 || a / c1 <= b / c2 {
                        return None;
                    }
                    Some(KeyTerm {
                        term: term.clone(),
                        display: s.display.get(term).cloned().unwrap_or_else(|| term.clone()),
                        count: c,
                        g2: log_likelihood(a, b, c1, c2),
                    })
                })
                .collect();
            keys.sort_by(|x, y| y.g2.total_cmp(&x.g2).then_with(|| x.term.cmp(&y.term)));
            keys.truncate(top_n);
            keys
        })
        .collect()
}

/// Dunning's G² for a term seen `a` times in a corpus of `c1` tokens and
/// `b` times in a reference of `c2` tokens.
fn log_likelihood(a: f64, b: f64, c1: f64, c2: f64) -> f64 {
    let e1 = c1 * (a + b) / (c1 + c2);
    let e2 = c2 * (a + b) / (c1 + c2);
    let part = |o: f64, e: f64| if o > 0.0 { o * (o / e).ln() } else { 0.0 };
    2.0 * (part(a, e1) + part(b, e2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn themes_in(lexicon: &Lexicon, text: &str) -> Vec<String> {
        match_themes(lexicon, text)
            .into_iter()
            .map(|h| h.theme)
            .collect()
    }

    #[test]
    fn default_lexicon_has_the_core_themes() {
        let lex = Lexicon::default_nl();
        let names = lex.theme_names();
        for want in [
            "borging en continuïteit",
            "samenwerking met het Rijk",
            "data en digitalisering",
            "partners en netwerk",
            "financiering",
            "normen en regelgeving",
            "opschalen",
            "burgers en participatie",
            "wonen en ruimte",
            "energie en duurzaamheid",
            "kennis en leren",
        ] {
            assert!(names.contains(&want), "missing theme {want}");
        }
        for t in &lex.themes {
            assert!(
                (8..=20).contains(&t.entries.len()),
                "{} has {} distinct entries",
                t.name,
                t.entries.len()
            );
        }
    }

    #[test]
    fn word_forms_share_a_stem() {
        let lex = Lexicon::default_nl();
        let cases = [
            ("De borging van de resultaten.", "borging en continuïteit"),
            ("We moeten dit borgen.", "borging en continuïteit"),
            ("Is het netwerk geborgd?", "borging en continuïteit"),
            ("Het ministerie doet mee.", "samenwerking met het Rijk"),
            ("In Den Haag denken ze anders.", "samenwerking met het Rijk"),
            ("Wie betaalt de kosten?", "financiering"),
            ("Van wie zijn de data?", "data en digitalisering"),
        ];
        for (text, theme) in cases {
            assert!(
                themes_in(&lex, text).iter().any(|t| t == theme),
                "{text:?} should hit {theme}, got {:?}",
                match_themes(&lex, text)
            );
        }
    }

    #[test]
    fn phrases_match_whole_and_count_once() {
        let lex = Lexicon::parse("[c]\nbegeleiding, \"zonder begeleiding\"\n").unwrap();
        let hits = match_themes(&lex, "Het moet straks zonder begeleiding gaan.");
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].term, "zonder begeleiding");
        assert_eq!(
            &"Het moet straks zonder begeleiding gaan."[hits[0].span.clone()],
            "zonder begeleiding"
        );
        // Punctuation breaks a phrase; the single word still counts.
        let hits = match_themes(&lex, "Zonder, begeleiding.");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].term, "begeleiding");
    }

    #[test]
    fn parse_errors_carry_line_numbers() {
        let cases: [(&str, usize, LexiconErrorKind); 5] = [
            ("# c\nborging\n", 2, LexiconErrorKind::EntryBeforeTheme),
            ("[a]\nx\n\n[ ]\n", 4, LexiconErrorKind::EmptyThemeName),
            (
                "[a]\nx, \"na de deal\n",
                2,
                LexiconErrorKind::UnterminatedQuote,
            ),
            (
                "[a]\nx\n[A]\n",
                3,
                LexiconErrorKind::DuplicateTheme("A".into()),
            ),
            ("[a\nx\n", 1, LexiconErrorKind::UnterminatedHeader),
        ];
        for (src, line, kind) in cases {
            let err = Lexicon::parse(src).unwrap_err();
            assert_eq!((err.line, &err.kind), (line, &kind), "{src:?}");
            assert!(err.to_string().starts_with(&format!("line {line}: ")));
        }
    }

    #[test]
    fn extend_adds_entries_and_themes_and_changes_the_hash() {
        let mut lex = Lexicon::parse("[Financiering]\ngeld\n").unwrap();
        let before = lex.hash();
        assert_eq!(before.len(), 16);
        assert_eq!(
            before,
            Lexicon::parse("[Financiering]\ngeld\n").unwrap().hash()
        );
        lex.extend(Lexicon::parse("[financiering]\nsubsidie\n[sport]\nvoetbal\n").unwrap());
        assert_eq!(lex.theme_names(), ["Financiering", "sport"]);
        assert_eq!(
            themes_in(&lex, "Er is subsidie voor voetbal."),
            ["Financiering", "sport"]
        );
        assert_ne!(lex.hash(), before);
    }

    #[test]
    fn hash_ignores_entry_order() {
        let a = Lexicon::parse("[x]\na, b\n[y]\nc\n").unwrap();
        let b = Lexicon::parse("[y]\nc\n[x]\nb\na\n").unwrap();
        assert_eq!(a.hash(), b.hash());
    }

    #[test]
    fn keyness_finds_what_sets_a_session_apart() {
        let texts = [
            "De woningbouw loopt vast. Woningbouw vraagt ruimte. De gemeente overlegt. \
             De woningbouw en de parkeernorm: woningbouw blijft lastig.",
            "De gemeente overlegt met partners. Partners willen subsidie. De gemeente \
             zoekt subsidie. Subsidie is schaars.",
            "De gemeente overlegt. Het overleg gaat over de wijk, de straat en de bewoners.",
        ];
        let sessions: Vec<SessionTerms> = texts.iter().map(|t| session_terms(t)).collect();
        let keys = keyness(&sessions, 3);
        assert_eq!(keys.len(), 3);
        assert_eq!(keys[0][0].display, "woningbouw");
        assert_eq!(keys[0][0].count, 4);
        assert!(keys[1].iter().any(|k| k.display == "subsidie"));
        // Under-represented in the first session: not key there.
        assert!(keys[0].iter().all(|k| k.display != "gemeente"));
        // Sorted by G², descending.
        for list in &keys {
            assert!(list.windows(2).all(|w| w[0].g2 >= w[1].g2));
        }
        assert!(keyness(&sessions[..1], 5)[0].is_empty());
    }

    #[test]
    fn session_terms_counts_phrases_of_adjacent_content_words() {
        let t = session_terms("De City Deal en de City Deal, deal.");
        let phrase = t
            .counts
            .keys()
            .find(|k| k.contains(' '))
            .expect("a phrase")
            .clone();
        assert_eq!(t.counts[&phrase], 2);
        assert_eq!(t.display[&phrase], "City Deal");
        assert_eq!(t.phrases, 2);
    }

    /// The pipeline analyses a session passage by passage; the result must
    /// be what analysing each passage and the whole text separately gives.
    #[test]
    fn passages_in_order_equal_separate_analyses() {
        let lexicon = Lexicon::default_nl();
        let text = "  Borging van de City Deal:\n\nDe resultaten borgen, na afloop.\n\n\
                    deal Slimme Stad\n \n De kennisdeling (na afloop) en woningbouw…\n\nSlimme stad!";
        let mut matcher = ThemeMatcher::new(&lexicon);
        matcher.begin_session();
        let mut separate = ThemeMatcher::new(&lexicon);
        for span in text::paragraphs(text) {
            let (hits, words) = matcher.passage(text, span.clone());
            let alone = separate.find(&text[span.clone()]);
            assert_eq!(words, text::word_count(&text[span.clone()]));
            let shifted: Vec<_> = alone
                .into_iter()
                .map(|h| {
                    (
                        h.theme,
                        span.start + h.span.start..span.start + h.span.end,
                        h.term,
                    )
                })
                .collect();
            let got: Vec<_> = hits
                .into_iter()
                .map(|h| (h.theme, h.span, h.term))
                .collect();
            assert_eq!(got, shifted);
        }
        assert_eq!(matcher.session_terms_so_far(text), session_terms(text));
        // A new session starts empty.
        matcher.begin_session();
        assert_eq!(matcher.session_terms_so_far(""), session_terms(""));
    }
}
