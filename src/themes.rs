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
    /// Byte range of the word in the analysed text.
    pub span: Range<usize>,
    /// Punctuation (other than a hyphen or apostrophe) separates this word
    /// from the previous one, so no phrase may run across it.
    pub break_before: bool,
    pub stopword: bool,
    /// Counts as a term: more than one character, at least one a letter.
    pub content: bool,
    /// Number of the word's form (its text as written): equal numbers
    /// mean equal forms. Equal forms may get two numbers when the form
    /// cache fills up and starts afresh in the middle of a text.
    pub form: u32,
    /// Number of the stem: equal numbers if and only if equal stems, for
    /// all the words of one text ([`StemmedText::stem`] gives its text).
    pub stem_id: u32,
}

/// What a [`StemmedText`] remembers of one word form.
#[derive(Debug, Clone, Copy)]
struct Form {
    stem: u32,
    stopword: bool,
    content: bool,
    id: u32,
}

/// A text analysed once. A word refers to its stem by number, so that
/// analysing a passage neither allocates nor copies per token.
#[derive(Debug, Default)]
pub(crate) struct StemmedText {
    pub words: Vec<StemmedWord>,
    fold: String,
    /// Token → its stem's number, stop word?, content word? and the form's
    /// number: words repeat, so each distinct form is folded and stemmed
    /// once.
    cache: text::WordCache<Form>,
    /// The stems by number, and their numbers by stem.
    stems: Vec<Box<str>>,
    stem_ids: Map<Box<str>, u32>,
    /// Numbers given to forms so far.
    forms: u32,
    /// Changes whenever stem numbers start afresh, so that tables indexed
    /// by them (see [`ThemeMatcher`]) know to start afresh too.
    epoch: u32,
    /// Punctuation ended the last appended piece (see [`StemmedText::append`]).
    break_pending: bool,
}

impl StemmedText {
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the contents with the analysis of `text`.
    pub fn analyse(&mut self, stemmer: &DutchStemmer, text: &str) {
        self.words.clear();
        self.break_pending = false;
        // Numbers of stems and forms only grow while a text is analysed;
        // between texts they start afresh once there are many, which keeps
        // memory bounded as the word cache does.
        let limit = text::WordCache::<Form>::CAPACITY;
        if self.stems.len() > limit || self.forms as usize > 2 * limit {
            self.cache = text::WordCache::new();
            self.stems.clear();
            self.stem_ids.clear();
            self.forms = 0;
            self.epoch = self.epoch.wrapping_add(1);
        }
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
            let Self {
                fold,
                cache,
                stems,
                stem_ids,
                forms,
                ..
            } = self;
            let form = *cache.get_or_insert_with(raw, || {
                fold.clear();
                text::fold_into(raw, fold);
                let stem = stemmer.stem(fold);
                let stem_id = match stem_ids.get(&*stem) {
                    Some(&id) => id,
                    None => {
                        // Bounded by the reset in `analyse` (per text, by
                        // the number of its words).
                        let id = u32::try_from(stems.len()).expect("fewer than 2^32 stems");
                        stems.push(stem.as_ref().into());
                        stem_ids.insert(stem.as_ref().into(), id);
                        id
                    }
                };
                let id = *forms;
                *forms = forms.checked_add(1).expect("fewer than 2^32 forms");
                Form {
                    stem: stem_id,
                    stopword: text::is_stopword(fold),
                    content: is_content_form(raw),
                    id,
                }
            });
            self.words.push(StemmedWord {
                span: offset + tok.start..offset + tok.end,
                break_before,
                stopword: form.stopword,
                content: form.content,
                form: form.id,
                stem_id: form.stem,
            });
            break_before = false;
        }
        self.break_pending = break_before;
    }

    /// The stem of word `i`. Stem numbers start afresh only between
    /// texts (in [`StemmedText::analyse`]), so every word of this text
    /// still names its own stem.
    pub fn stem(&self, i: usize) -> &str {
        &self.stems[self.words[i].stem_id as usize]
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

    /// The entries of `stem` (see [`StemEntries`]).
    fn entries_of(&self, stem: &str) -> StemEntries<'_> {
        (
            self.words.get(stem).map_or(&[], Vec::as_slice),
            self.phrases.get(stem).map_or(&[], Vec::as_slice),
        )
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
    /// Per stem number of `analysed`: its single-word and phrase entries,
    /// looked up once per stem instead of twice per word; `None` until
    /// first needed.
    entries: Vec<Option<StemEntries<'l>>>,
    /// The [`StemmedText::epoch`] that `entries` is for.
    entries_epoch: u32,
    terms: TermScratch,
}

/// A stem's entries in a [`Lexicon`]: as a single word, and as the first
/// word of a phrase.
type StemEntries<'l> = (&'l [(ThemeId, u32)], &'l [(ThemeId, u32)]);

impl<'l> ThemeMatcher<'l> {
    pub fn new(lexicon: &'l Lexicon) -> Self {
        ThemeMatcher {
            lexicon,
            stemmer: DutchStemmer::new(),
            analysed: StemmedText::new(),
            entries: Vec::new(),
            entries_epoch: 0,
            terms: TermScratch::default(),
        }
    }

    /// [`session_terms`] with this matcher's buffers and stem cache, which
    /// stay warm from one session to the next.
    pub fn session_terms(&mut self, text: &str) -> SessionTerms {
        self.analysed.analyse(&self.stemmer, text);
        count_terms(text, &self.analysed, &mut self.terms, 1)
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
    pub fn session_terms_so_far(&mut self, text: &str) -> SessionTerms {
        count_terms(text, &self.analysed, &mut self.terms, 1)
    }

    /// [`ThemeMatcher::session_terms_so_far`] without the terms counted
    /// fewer than `min_count` times (`words` and `phrases` still count
    /// every occurrence). Most terms of a session occur once, and making
    /// their strings was most of the cost of counting them.
    pub fn repeated_terms_so_far(&mut self, text: &str, min_count: u32) -> SessionTerms {
        count_terms(text, &self.analysed, &mut self.terms, min_count)
    }

    fn hits(&mut self, words: Range<usize>) -> Vec<ThemeHit> {
        let Self {
            lexicon,
            analysed,
            entries,
            entries_epoch,
            ..
        } = self;
        let lexicon: &'l Lexicon = lexicon;
        if *entries_epoch != analysed.epoch {
            entries.clear();
            *entries_epoch = analysed.epoch;
        }
        let entries_of = |i: usize| {
            let id = analysed.words[i].stem_id as usize;
            if entries.len() <= id {
                entries.resize(id + 1, None);
            }
            *entries[id].get_or_insert_with(|| lexicon.entries_of(analysed.stem(i)))
        };
        raw_hits_by(lexicon, analysed, words, entries_of)
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
    raw_hits_by(lexicon, analysed, words, |i| {
        lexicon.entries_of(analysed.stem(i))
    })
}

/// [`raw_hits`], with the entries of word `i`'s stem from `entries_of`.
fn raw_hits_by<'l>(
    lexicon: &Lexicon,
    analysed: &StemmedText,
    words: Range<usize>,
    mut entries_of: impl FnMut(usize) -> StemEntries<'l>,
) -> Vec<RawHit> {
    let mut hits = Vec::new();
    let n = words.end.min(analysed.words.len());
    for i in words.start..n {
        let (single, phrases) = entries_of(i);
        for &(theme, entry) in single {
            hits.push(RawHit {
                theme,
                entry,
                span: analysed.words[i].span.clone(),
            });
        }
        for &(theme, entry) in phrases {
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
    count_terms(text, &analysed, &mut TermScratch::default(), 1)
}

/// Reusable buffers of [`count_terms`], indexed by form and stem numbers
/// ([`StemmedWord::form`], [`StemmedWord::stem_id`]); all zero (or empty)
/// between calls.
#[derive(Debug, Default)]
struct TermScratch {
    /// Per form number: occurrences as a counted word.
    form_counts: Vec<u32>,
    /// Form numbers counted, each with a word of that form, in the order
    /// first seen.
    forms_seen: Vec<(u32, u32)>,
    /// Per stem number: 1 + its index in `tallies`, 0 for none yet.
    stem_tally: Vec<u32>,
    /// Two-word phrases by their stems' numbers → index in `tallies`.
    phrase_tally: Map<(u32, u32), u32>,
    tallies: Vec<Tally>,
    /// The surface forms of all tallies, each linked to the next of its
    /// tally.
    forms: Vec<FormCount>,
}

/// A term's count and the first of its surface forms (in
/// [`TermScratch::forms`]). A term has few forms, so a linked list beats a
/// map.
#[derive(Debug)]
struct Tally {
    /// Index of a word of the term: its last word for a phrase.
    word: u32,
    count: u32,
    first_form: u32,
}

#[derive(Debug)]
struct FormCount {
    /// Index of a word of this form (the last word for a phrase).
    word: u32,
    /// The form's number(s): equal numbers mean equal forms.
    id: (u32, u32),
    count: u32,
    next: u32,
}

const NO_FORM: u32 = u32::MAX;

/// [`session_terms`] over an analysis already made, keeping the terms
/// counted at least `min_count` times.
fn count_terms(
    text: &str,
    analysed: &StemmedText,
    scratch: &mut TermScratch,
    min_count: u32,
) -> SessionTerms {
    let words = &analysed.words;
    let word_number = |i: usize| u32::try_from(i).expect("fewer than 2^32 words");
    let (mut words_counted, mut phrases_counted) = (0, 0);
    if scratch.form_counts.len() < analysed.forms as usize {
        scratch.form_counts.resize(analysed.forms as usize, 0);
    }
    for i in 0..words.len() {
        let w = &words[i];
        if w.stopword || !w.content {
            continue;
        }
        words_counted += 1;
        // Words are counted per form (no hashing); forms are summed per
        // stem below, once per distinct form.
        let c = &mut scratch.form_counts[w.form as usize];
        if *c == 0 {
            scratch.forms_seen.push((w.form, word_number(i)));
        }
        *c += 1;
        if i > 0 {
            let p = &words[i - 1];
            if !p.stopword && !w.break_before && p.content {
                phrases_counted += 1;
                let next = u32::try_from(scratch.tallies.len()).expect("fewer than 2^32 terms");
                let t = *scratch
                    .phrase_tally
                    .entry((p.stem_id, w.stem_id))
                    .or_insert(next);
                if t == next {
                    scratch.tallies.push(Tally {
                        word: word_number(i),
                        count: 0,
                        first_form: NO_FORM,
                    });
                }
                // Two numbers may name one form (see `StemmedWord::form`),
                // so forms are told apart by their text when the numbers
                // differ.
                let same = |a: &FormCount, b: (u32, u32)| {
                    let k = a.word as usize;
                    a.id == b
                        || (text[words[k - 1].span.clone()] == text[p.span.clone()]
                            && text[words[k].span.clone()] == text[w.span.clone()])
                };
                add_form(scratch, t, (p.form, w.form), word_number(i), 1, same);
            }
        }
    }
    // Unigrams: each form's count goes to its stem's tally.
    let phrases = scratch.tallies.len();
    for k in 0..scratch.forms_seen.len() {
        let (form, word) = scratch.forms_seen[k];
        let count = std::mem::take(&mut scratch.form_counts[form as usize]);
        let stem = words[word as usize].stem_id as usize;
        if scratch.stem_tally.len() <= stem {
            scratch.stem_tally.resize(stem + 1, 0);
        }
        let t = match scratch.stem_tally[stem] {
            0 => {
                scratch.tallies.push(Tally {
                    word,
                    count: 0,
                    first_form: NO_FORM,
                });
                let t = u32::try_from(scratch.tallies.len()).expect("fewer than 2^32 terms");
                scratch.stem_tally[stem] = t;
                t - 1
            }
            t => t - 1,
        };
        // Two numbers may name one form (see `StemmedWord::form`), so
        // forms of a stem are told apart by their text here.
        let same = |a: &FormCount, b: (u32, u32)| {
            a.id.0 == b.0
                || text[words[a.word as usize].span.clone()]
                    == text[words[word as usize].span.clone()]
        };
        add_form(scratch, t, (form, form), word, count, same);
    }
    let mut terms = SessionTerms {
        words: words_counted,
        phrases: phrases_counted,
        ..SessionTerms::default()
    };
    terms.counts.reserve(scratch.tallies.len());
    terms.display.reserve(scratch.tallies.len());
    let mut display = String::new();
    let surface = |word: u32, phrase: bool, out: &mut String| {
        out.clear();
        let w = word as usize;
        if phrase {
            out.push_str(&text[words[w - 1].span.clone()]);
            out.push(' ');
        }
        out.push_str(&text[words[w].span.clone()]);
    };
    let mut best = String::new();
    for (t, tally) in scratch.tallies.iter().enumerate() {
        if tally.count < min_count {
            continue;
        }
        let phrase = t < phrases;
        let w = tally.word as usize;
        let term = if phrase {
            let (first, second) = (analysed.stem(w - 1), analysed.stem(w));
            let mut key = String::with_capacity(first.len() + 1 + second.len());
            key.push_str(first);
            key.push(' ');
            key.push_str(second);
            key
        } else {
            analysed.stem(w).to_string()
        };
        // Most frequent form; ties go to the alphabetically first so the
        // choice does not depend on the order forms were seen.
        let mut best_count = 0;
        best.clear();
        let mut f = tally.first_form;
        while f != NO_FORM {
            let form = &scratch.forms[f as usize];
            surface(form.word, phrase, &mut display);
            if form.count > best_count || (form.count == best_count && display < best) {
                best_count = form.count;
                std::mem::swap(&mut best, &mut display);
            }
            f = form.next;
        }
        // A phrase key has a space and a stem none, so no two tallies
        // share a key.
        terms.display.insert(term.clone(), best.clone());
        terms.counts.insert(term, tally.count);
    }
    for &(_, word) in &scratch.forms_seen {
        scratch.stem_tally[words[word as usize].stem_id as usize] = 0;
    }
    scratch.forms_seen.clear();
    scratch.phrase_tally.clear();
    scratch.tallies.clear();
    scratch.forms.clear();
    terms
}

/// Adds `count` occurrences of the form `id` (a word of it at index
/// `word`) to tally `t`; `same` tells whether a listed form is `id`.
fn add_form(
    scratch: &mut TermScratch,
    t: u32,
    id: (u32, u32),
    word: u32,
    count: u32,
    same: impl Fn(&FormCount, (u32, u32)) -> bool,
) {
    let tally = &mut scratch.tallies[t as usize];
    tally.count += count;
    let mut f = tally.first_form;
    let mut last = NO_FORM;
    while f != NO_FORM {
        let form = &mut scratch.forms[f as usize];
        if same(form, id) {
            form.count += count;
            return;
        }
        last = f;
        f = form.next;
    }
    let new = u32::try_from(scratch.forms.len()).expect("fewer than 2^32 forms");
    scratch.forms.push(FormCount {
        word,
        id,
        count,
        next: NO_FORM,
    });
    if last == NO_FORM {
        tally.first_form = new;
    } else {
        scratch.forms[last as usize].next = new;
    }
}

/// Single letters and numbers are not themes.
fn is_content_form(s: &str) -> bool {
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

    /// `count_terms` as first written: one map of strings, a list of
    /// surface strings per term. The reference for the counting by form
    /// and stem numbers.
    fn count_terms_reference(text: &str, analysed: &StemmedText) -> SessionTerms {
        let is_content_word = |w: &StemmedWord| {
            let s = &text[w.span.clone()];
            s.chars().count() > 1 && s.chars().any(char::is_alphabetic)
        };
        let mut tallies: Map<String, (u32, Vec<(String, u32)>)> = Map::default();
        let mut count = |key: &str, surface: &str| {
            let tally = tallies.entry(key.to_string()).or_default();
            tally.0 += 1;
            match tally.1.iter_mut().find(|(f, _)| f == surface) {
                Some((_, c)) => *c += 1,
                None => tally.1.push((surface.to_string(), 1)),
            }
        };
        let (mut words_counted, mut phrases_counted) = (0, 0);
        let words = &analysed.words;
        for i in 0..words.len() {
            let w = &words[i];
            if w.stopword || !is_content_word(w) {
                continue;
            }
            words_counted += 1;
            count(analysed.stem(i), &text[w.span.clone()]);
            if i > 0 {
                let p = &words[i - 1];
                if !p.stopword && !w.break_before && is_content_word(p) {
                    phrases_counted += 1;
                    let key = format!("{} {}", analysed.stem(i - 1), analysed.stem(i));
                    let surface = format!("{} {}", &text[p.span.clone()], &text[w.span.clone()]);
                    count(&key, &surface);
                }
            }
        }
        let mut terms = SessionTerms {
            words: words_counted,
            phrases: phrases_counted,
            ..SessionTerms::default()
        };
        for (term, (c, forms)) in tallies {
            let best = forms
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(f, _)| f)
                .unwrap_or_default();
            terms.counts.insert(term.clone(), c);
            terms.display.insert(term, best);
        }
        terms
    }

    /// Texts for the reference comparisons: the bundled corpus and
    /// generated word salad (case and diacritic variants of one stem,
    /// numbers, single letters, punctuation between words).
    fn comparison_texts() -> Vec<String> {
        let mut texts: Vec<String> = crate::testdata::seed().into_iter().collect();
        texts.extend(crate::testdata::corpus_texts());
        const POOL: &[&str] = &[
            "Deal",
            "deal",
            "deals",
            "DEAL",
            "déal",
            "City",
            "city",
            "stad",
            "Stad",
            "steden",
            "de",
            "De",
            "en",
            "a",
            "B",
            "12",
            "3b",
            ",",
            ".",
            "-",
            "’",
            "woningbouw",
            "Woningbouw",
            "borging",
            "borgen",
            "Den",
            "Haag",
            "na",
            "zonder",
            "begeleiding",
        ];
        texts.extend(crate::testdata::word_salad(POOL, 200, 80));
        texts
    }

    /// Term counts and theme hits with numbered forms and stems, and with
    /// a matcher whose caches stay warm across texts, equal the reference
    /// counting and uncached lexicon lookups.
    #[test]
    fn numbered_counting_equals_the_reference() {
        let lexicon = Lexicon::default_nl();
        let stemmer = DutchStemmer::new();
        let mut matcher = ThemeMatcher::new(&lexicon);
        for text in comparison_texts() {
            let terms = matcher.session_terms(&text);
            assert_eq!(terms, count_terms_reference(&text, &matcher.analysed));
            let mut fresh = StemmedText::new();
            fresh.analyse(&stemmer, &text);
            let expected: Vec<(ThemeId, u32, Range<usize>)> =
                raw_hits(&lexicon, &fresh, 0..fresh.words.len())
                    .into_iter()
                    .map(|h| (h.theme, h.entry, h.span))
                    .collect();
            let found: Vec<ThemeHit> = matcher.find(&text);
            assert_eq!(found.len(), expected.len());
            for (hit, (theme, entry, span)) in found.iter().zip(&expected) {
                assert_eq!(hit.theme, lexicon.theme_name(*theme));
                let e = &lexicon.themes[usize::from(*theme)].entries[*entry as usize];
                assert_eq!((&hit.term, &hit.span), (&e.surface, span));
            }
        }
    }

    /// When the form cache fills up in the middle of a text, forms seen
    /// before get new numbers; counts and display forms stay the same.
    #[test]
    fn counting_survives_a_full_form_cache() {
        let limit = text::WordCache::<Form>::CAPACITY;
        let mut text = String::new();
        for n in 0..limit + 5_000 {
            text.push_str(if n % 3 == 0 {
                "Slimme stad, "
            } else {
                "slimme Stad "
            });
            text.push_str(&format!("x{n} "));
        }
        let stemmer = DutchStemmer::new();
        let mut analysed = StemmedText::new();
        analysed.analyse(&stemmer, &text);
        assert!(analysed.forms as usize > limit);
        let terms = count_terms(&text, &analysed, &mut TermScratch::default(), 1);
        assert_eq!(terms, count_terms_reference(&text, &analysed));
        assert_eq!(terms.display["stad"], "Stad");
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
        let all = session_terms(text);
        assert_eq!(matcher.session_terms_so_far(text), all);
        let repeated = matcher.repeated_terms_so_far(text, 2);
        let mut expected = all.clone();
        expected.counts.retain(|_, c| *c >= 2);
        expected
            .display
            .retain(|t, _| expected.counts.contains_key(t));
        assert!(
            expected.counts.len() < all.counts.len(),
            "some terms occur once"
        );
        assert!(!expected.counts.is_empty(), "some terms repeat");
        assert_eq!(repeated, expected);
        // A new session starts empty.
        matcher.begin_session();
        assert_eq!(matcher.session_terms_so_far(""), session_terms(""));
    }
}
