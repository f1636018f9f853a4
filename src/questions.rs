//! Questions in Dutch minutes: finding them, who asked them, whether
//! someone answered, and which questions keep coming back.
//!
//! * [`detect`] finds direct questions (ending in `?`, also inside quotes
//!   or after a lead-in such as "De vraag is:") and reported ones ("Frank
//!   is benieuwd of …", "Henk Jan vraagt aan Annefleur hoe …", "vragen als
//!   ‘hoe gaan we dit aanpakken’"). [`baseline_detect`] takes only
//!   sentences ending in `?`, for evaluation.
//! * [`find_answer`] looks at most two sentences further for a reply
//!   ("Y antwoordt dat …", "Zeker, vindt Suzanne, …", "Y belooft …").
//! * [`group`] clusters questions from many sessions by their stemmed
//!   content words plus the themes of the theme lexicon.
//!
//! The rules are precision-minded: a reported question needs a question
//! word (`hoe`, `of`, `waarom`, …) right after its trigger, with only a
//! few small words, an addressee or a colon in between. So "vraagt
//! aandacht voor", "vraagt om", "vraagt Y om", "de vraag naar woningen",
//! "er waren veel vragen" and "benieuwd naar de resultaten" (interest in a
//! thing, not a question) are not questions. Askers are names as written;
//! a pronoun asker (`hij`, `zij`) gives `None`, to be resolved by the
//! caller, which knows the surrounding passages.
//!
//! Pure: text in, values out.

use crate::text::{self, DutchStemmer, Token, TokenKind};
use crate::themes::{self, Lexicon, StemmedText};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    /// Asked in so many words: ends in `?` (or, after a colon, has the
    /// form of a question: "…: hoe kom je tot …").
    Direct,
    /// Reported: "X vraagt zich af of …", "vragen als ‘…’".
    Indirect,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub kind: QuestionKind,
    pub text: String,
    /// Byte range of [`Question::text`] in the passage.
    pub span: Range<usize>,
    /// Byte range of the sentence the question is in.
    pub sentence: Range<usize>,
    /// Who asked, as written ("Henk Jan", "mevrouw El Idrissi").
    pub asker: Option<String>,
    /// Whom it was asked ("vraagt aan Y hoe …").
    pub addressee: Option<String>,
}

// ---------------------------------------------------------------------------
// Word lists (folded, lower-case)
// ---------------------------------------------------------------------------

fn is_question_word(w: &str) -> bool {
    matches!(
        w,
        "hoe"
            | "of"
            | "waarom"
            | "wat"
            | "wie"
            | "wiens"
            | "wanneer"
            | "welke"
            | "welk"
            | "waar"
            | "hoeveel"
            | "hoelang"
            | "hoeverre"
            | "waarop"
            | "waarover"
            | "waarmee"
            | "waardoor"
            | "waarvoor"
            | "waarin"
            | "waaraan"
            | "waarvan"
            | "waarheen"
    )
}

fn is_pronoun(w: &str) -> bool {
    matches!(
        w,
        "hij"
            | "zij"
            | "ze"
            | "men"
            | "we"
            | "wij"
            | "ik"
            | "jij"
            | "je"
            | "u"
            | "jullie"
            | "zijzelf"
    )
}

/// Forms of the verb `vragen` that can report a question.
fn is_ask_verb(w: &str) -> bool {
    matches!(
        w,
        "vraagt" | "vroeg" | "vroegen" | "vragen" | "vraag" | "afvragen" | "afvraagt" | "gevraagd"
    )
}

/// Nouns that can introduce a question: "de vraag is hoe …".
fn is_question_noun(w: &str) -> bool {
    matches!(w, "vraag" | "vragen" | "vraagstuk" | "vraagstukken")
}

/// Small words allowed between a trigger and its question word
/// ("vraagt zich nog eens af of", "wil graag weten hoe").
fn is_filler(w: &str) -> bool {
    matches!(
        w,
        "zich"
            | "me"
            | "mij"
            | "ons"
            | "je"
            | "jezelf"
            | "af"
            | "nog"
            | "eens"
            | "ook"
            | "daarbij"
            | "meteen"
            | "vervolgens"
            | "daarom"
            | "graag"
            | "hardop"
            | "terecht"
            | "dan"
            | "wel"
            | "nu"
            | "even"
            | "vooral"
            | "echter"
            | "dus"
            | "zelf"
            | "kritisch"
            | "voorzichtig"
            | "tot"
            | "slot"
            | "tenslotte"
            | "nogmaals"
            | "erg"
            | "zeer"
            | "heel"
            | "benieuwd"
            | ":"
    )
}

/// Words allowed after a question noun: "de vraag die speelt is hoe",
/// "legt de vraag voor of".
fn is_noun_filler(w: &str) -> bool {
    matches!(
        w,
        "is" | "was"
            | "blijft"
            | "rijst"
            | "die"
            | "speelt"
            | "spelen"
            | "zijn"
            | "waren"
            | "daar"
            | "hier"
            | "voor"
            | "bij"
            | "ligt"
            | "open"
            | "luidt"
            | "centraal"
            | "staat"
            | "meer"
            | "op"
    ) || (is_filler(w) && w != "benieuwd")
}

/// Words that may stand between a name and the trigger it is the subject
/// of: "Frank is benieuwd", "Frank wil graag weten", "Frank stelt de vraag".
fn is_subject_gap(w: &str) -> bool {
    matches!(
        w,
        "is" | "was"
            | "zijn"
            | "waren"
            | "heeft"
            | "had"
            | "hebben"
            | "wil"
            | "wilde"
            | "willen"
            | "wou"
            | "zou"
            | "ook"
            | "nog"
            | "eens"
            | "graag"
            | "dan"
            | "echter"
            | "zelf"
            | "meteen"
            | "vervolgens"
            | "daarom"
            | "stelt"
            | "stelde"
            | "legt"
            | "legde"
            | "werpt"
            | "wierp"
            | "de"
            | "een"
            | "erg"
            | "zeer"
            | "heel"
    )
}

/// Sentence-initial capitalised words that are not names.
fn is_sentence_adverb(w: &str) -> bool {
    text::is_stopword(w)
        || matches!(
            w,
            "daarna"
                | "vervolgens"
                | "daarom"
                | "verder"
                | "tenslotte"
                | "bovendien"
                | "eerst"
                | "hierop"
                | "daarop"
                | "tevens"
                | "allereerst"
                | "opnieuw"
                | "misschien"
                | "gelukkig"
                | "helaas"
                | "ja"
                | "nee"
                | "zeker"
                | "inderdaad"
                | "absoluut"
                | "natuurlijk"
                | "jazeker"
                | "klopt"
                | "nou"
                | "volgens"
                | "gevraagd"
                | "tijdens"
        )
}

/// Lower-case words that may sit inside a name ("Regien van Adrichem").
fn is_name_particle(w: &str) -> bool {
    matches!(
        w,
        "van"
            | "de"
            | "der"
            | "den"
            | "ter"
            | "ten"
            | "te"
            | "het"
            | "'t"
            | "la"
            | "le"
            | "du"
            | "el"
    )
}

/// "VNG", "BZK": two or more letters, all upper case.
fn is_acronym(word: &str) -> bool {
    word.chars().count() >= 2 && word.chars().all(char::is_uppercase)
}

/// Titles that belong to a name as written ("mevrouw El Idrissi").
fn is_title(w: &str) -> bool {
    matches!(
        w,
        "mevrouw"
            | "meneer"
            | "heer"
            | "mr"
            | "dr"
            | "drs"
            | "ir"
            | "prof"
            | "wethouder"
            | "burgemeester"
    )
}

/// Openers of quoted text, with their closers.
fn quote_closers(open: &str) -> Option<&'static [&'static str]> {
    Some(match open {
        "‘" => &["’"],
        "“" => &["”"],
        "„" => &["”", "“"],
        "«" => &["»"],
        "\"" => &["\""],
        "'" => &["'"],
        "’" => &["’"],
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// Words of one sentence
// ---------------------------------------------------------------------------

/// The tokens of one sentence with their folded forms, in reusable
/// buffers: one allocation per buffer growth, none per token.
#[derive(Default)]
struct Words<'a> {
    text: &'a str,
    toks: Vec<Token>,
    low: Vec<Range<usize>>,
    buf: String,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Self {
        Words {
            text,
            ..Self::default()
        }
    }

    fn load(&mut self, range: Range<usize>) {
        self.clear();
        for t in text::tokens(&self.text[range.clone()]) {
            self.push(Token {
                start: t.start + range.start,
                end: t.end + range.start,
                kind: t.kind,
            });
        }
    }

    /// Loads tokens of `self.text` (offsets into it).
    fn load_tokens(&mut self, tokens: &[Token]) {
        self.clear();
        // One growth per buffer for the sentence, not one per doubling.
        self.toks.reserve(tokens.len());
        self.low.reserve(tokens.len());
        for &t in tokens {
            self.push(t);
        }
    }

    fn clear(&mut self) {
        self.toks.clear();
        self.low.clear();
        self.buf.clear();
    }

    fn push(&mut self, t: Token) {
        let start = self.buf.len();
        text::fold_into(&self.text[t.start..t.end], &mut self.buf);
        self.low.push(start..self.buf.len());
        self.toks.push(t);
    }

    fn len(&self) -> usize {
        self.toks.len()
    }

    fn low(&self, i: usize) -> &str {
        self.low.get(i).map_or("", |r| &self.buf[r.clone()])
    }

    fn surface(&self, i: usize) -> &'a str {
        let t = self.toks[i];
        &self.text[t.start..t.end]
    }

    fn is_word(&self, i: usize) -> bool {
        i < self.len() && self.toks[i].kind == TokenKind::Word
    }

    fn is_capitalised(&self, i: usize) -> bool {
        self.is_word(i)
            && self
                .surface(i)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    }

    fn is_punct(&self, i: usize, p: &str) -> bool {
        i < self.len() && self.toks[i].kind == TokenKind::Punct && self.surface(i) == p
    }

    /// No whitespace between token `i` and token `i + 1`.
    fn glued(&self, i: usize) -> bool {
        i + 1 < self.len() && self.toks[i].end == self.toks[i + 1].start
    }

    fn is_open_quote(&self, i: usize) -> bool {
        self.toks[i].kind == TokenKind::Punct
            && quote_closers(self.surface(i)).is_some()
            && self.glued(i)
            && (i == 0 || !self.glued(i - 1) || self.toks[i - 1].kind == TokenKind::Punct)
    }

    /// Pairs of (opening, closing) quote token indices, outermost and
    /// innermost alike.
    fn quotes(&self) -> Vec<(usize, usize)> {
        let mut stack: Vec<usize> = Vec::new();
        let mut pairs = Vec::new();
        for i in 0..self.len() {
            if self.toks[i].kind != TokenKind::Punct {
                continue;
            }
            let s = self.surface(i);
            let closes = stack
                .iter()
                .rposition(|&o| quote_closers(self.surface(o)).is_some_and(|c| c.contains(&s)));
            let may_close =
                i > 0 && self.glued(i - 1) && (i + 1 == self.len() || !self.is_word_glued_after(i));
            if let (Some(pos), true) = (closes, may_close) {
                pairs.push((stack[pos], i));
                stack.truncate(pos);
            } else if self.is_open_quote(i) {
                stack.push(i);
            }
        }
        pairs.sort_unstable();
        pairs
    }

    fn is_word_glued_after(&self, i: usize) -> bool {
        self.glued(i) && self.toks[i + 1].kind != TokenKind::Punct
    }

    /// A name ending at token `end` (inclusive), read backwards:
    /// capitalised words, with particles and titles inside.
    fn name_ending_at(&self, end: usize, sentence_start_tok: usize) -> Option<Range<usize>> {
        if !self.is_capitalised(end) {
            return None;
        }
        let mut start = end;
        while start > sentence_start_tok {
            let p = start - 1;
            let inner_particle = is_name_particle(self.low(p))
                && p > sentence_start_tok
                && (self.is_capitalised(p - 1) || is_title(self.low(p - 1)));
            if self.is_capitalised(p) || is_title(self.low(p)) || inner_particle {
                start = p;
            } else {
                break;
            }
        }
        // "De heer Bakker": a leading article belongs to a title.
        if start > sentence_start_tok && self.low(start) == "heer" && self.low(start - 1) == "de" {
            start -= 1;
        }
        self.trim_name(start..end + 1, sentence_start_tok)
    }

    /// A name starting at token `start`, read forwards.
    fn name_starting_at(&self, start: usize, sentence_start_tok: usize) -> Option<Range<usize>> {
        let mut i = start;
        if self.low(i) == "de" && self.low(i + 1) == "heer" {
            i += 1;
        }
        while i < self.len() && is_title(self.low(i)) {
            i += 1;
        }
        if !self.is_capitalised(i) {
            return None;
        }
        let mut end = i + 1;
        let mut particles_used = false;
        loop {
            if self.is_capitalised(end) {
                end += 1;
            } else if !particles_used && is_name_particle(self.low(end)) {
                // Only one run of particles: "Martine de Vaan van de City
                // Deal" is Martine de Vaan.
                let mut j = end;
                while is_name_particle(self.low(j)) {
                    j += 1;
                }
                // A surname after particles is one word: "Kees-Jan
                // Verhoef van de VNG" and "Evelien Mulder van de City Deal
                // Gezonde Leefomgeving" name an organisation after the
                // person (an acronym, or more than one capitalised word).
                if !self.is_capitalised(j)
                    || is_acronym(self.surface(j))
                    || self.is_capitalised(j + 1)
                {
                    break;
                }
                particles_used = true;
                end = j + 1;
            } else {
                break;
            }
        }
        self.trim_name(start..end, sentence_start_tok)
    }

    /// Drops a sentence-initial non-name ("Daarom", "De") from a name.
    fn trim_name(&self, mut r: Range<usize>, sentence_start_tok: usize) -> Option<Range<usize>> {
        while r.start < r.end
            && (r.start == sentence_start_tok || self.at_start(r.start))
            && self.is_capitalised(r.start)
            && is_sentence_adverb(self.low(r.start))
            && !(self.low(r.start) == "de" && self.low(r.start + 1) == "heer")
        {
            r.start += 1;
            if r.start < r.end && is_name_particle(self.low(r.start)) {
                return None;
            }
        }
        (r.start < r.end && self.is_capitalised(r.end - 1)).then_some(r)
    }

    /// Only punctuation (quotes, bullets) before token `i`.
    fn at_start(&self, i: usize) -> bool {
        self.toks[..i].iter().all(|t| t.kind == TokenKind::Punct)
    }

    fn span_text(&self, r: &Range<usize>) -> String {
        self.text[self.toks[r.start].start..self.toks[r.end - 1].end].to_string()
    }
}

/// Who is the subject of the trigger at token `t`: a name right before it
/// (over a few auxiliaries), a pronoun (known but unnamed), or a name right
/// after the verb when the sentence is inverted ("Daarna vraagt Henk Jan").
enum Subject {
    Name(Range<usize>),
    Pronoun,
    Unknown,
}

fn subject_before(w: &Words, t: usize, first: usize) -> Subject {
    let mut k = t;
    while k > first {
        k -= 1;
        let low = w.low(k);
        if is_pronoun(low) {
            return Subject::Pronoun;
        }
        if w.is_capitalised(k) && !((k == first || w.at_start(k)) && is_sentence_adverb(low)) {
            return match w.name_ending_at(k, first) {
                Some(r) => Subject::Name(affiliation_head(w, r, first)),
                None => Subject::Unknown,
            };
        }
        if !is_subject_gap(low) {
            break;
        }
    }
    Subject::Unknown
}

/// Words that link a person to the organisation they come from
/// ("Anne-Marie van der Linden van de City Deal …", "X namens de VNG").
fn is_affiliation_link(w: &str) -> bool {
    matches!(w, "van" | "namens" | "uit" | "bij")
}

/// The person at the head of a subject like "Anne-Marie van der Linden van
/// de City Deal Ruimte voor Lopen": the name right before the verb (`name`,
/// here "Lopen") ends an affiliation, and the subject is the person it
/// belongs to. Reads back over the words an organisation's name is made of
/// (capitalised words, particles, "voor", "en"), then takes the name that
/// starts there when an affiliation link ("van", "namens", …) follows it,
/// or when it is the whole stretch. Otherwise `name` itself.
fn affiliation_head(w: &Words, name: Range<usize>, first: usize) -> Range<usize> {
    let mut p = name.start;
    while p > first {
        let low = w.low(p - 1);
        if w.is_capitalised(p - 1) || is_name_particle(low) || matches!(low, "voor" | "en") {
            p -= 1;
        } else {
            break;
        }
    }
    // The head is a whole name, not the middle of a sentence: "Daarna
    // vraagt …" is handled by the inverted-subject rule, not here.
    if p == name.start || !(p == first || w.at_start(p) || w.is_punct(p - 1, ",")) {
        return name;
    }
    match w.name_starting_at(p, first) {
        Some(head) if head.end < name.start && is_affiliation_link(w.low(head.end)) => head,
        // "Jan van den Berg": read forwards, the whole stretch is one name
        // (read backwards, "van den" stopped it at "Berg").
        Some(head) if head.end == name.end && head.start < name.start => head,
        _ => name,
    }
}

// ---------------------------------------------------------------------------
// Detection
// ---------------------------------------------------------------------------

/// All questions in `passage`, in text order.
pub fn detect(passage: &str) -> Vec<Question> {
    detect_in(passage, &text::sentences(passage))
}

/// [`detect`] with the passage's sentences ([`text::sentences`]) already
/// split, when the caller needs them for more than this.
pub fn detect_in(passage: &str, sentences: &[Range<usize>]) -> Vec<Question> {
    let tokens: Vec<Token> = text::tokens(passage).collect();
    detect_in_tokens(passage, sentences, &tokens)
}

/// [`detect_in`] with the passage's tokens ([`text::tokens`]) too, as the
/// pipeline has them.
pub fn detect_in_tokens(
    passage: &str,
    sentences: &[Range<usize>],
    tokens: &[Token],
) -> Vec<Question> {
    let mut words = Words::new(passage);
    let mut out = Vec::new();
    for (sentence, tokens) in text::by_sentence(tokens, sentences) {
        if !may_ask(passage, tokens) {
            continue;
        }
        let sentence = &sentence;
        words.load_tokens(tokens);
        let quotes = words.quotes();
        let mut found = Vec::new();
        reported_questions(&words, &quotes, sentence, &mut found);
        direct_questions(&words, &quotes, sentence, &mut found);
        colon_questions(&words, sentence, &mut found);
        merge_overlapping(&mut found);
        out.extend(found);
    }
    out
}

/// Whether a sentence (its `tokens`, offsets into `text`) can hold a
/// question at all. Every rule needs a `?` (direct), a `:` (after a
/// colon) or a word on which [`trigger_at`] or the "vragen als ‘…’" rule
/// fires; most sentences have none, and are skipped before their words
/// are folded. An ASCII word folds to its ASCII lower case, so it is
/// compared as such; any other word might fold to a trigger, so it is
/// taken to be one.
fn may_ask(text: &str, tokens: &[Token]) -> bool {
    tokens.iter().any(|t| {
        let s = &text[t.start..t.end];
        match t.kind {
            TokenKind::Punct => s == "?" || s == ":",
            TokenKind::Number => false,
            TokenKind::Word => !s.is_ascii() || is_trigger_word(s),
        }
    })
}

/// Whether an ASCII word, compared case-insensitively, is one of the
/// folded words on which [`trigger_at`] may return a trigger, or a
/// question noun. Asks the same predicates as [`trigger_at`], so the two
/// cannot drift apart.
fn is_trigger_word(word: &str) -> bool {
    let is_trigger = |low: &str| {
        is_question_noun(low)
            || is_ask_verb(low)
            || is_throw_verb(low)
            || matches!(low, CURIOUS | WANTS_TO_KNOW)
    };
    // Most words are written in lower case and are asked as they are.
    if !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return is_trigger(word);
    }
    // Longer than any trigger ("vraagstukken"); most capitalised words
    // are rejected here without being lower-cased.
    let mut low = [0u8; 12];
    let Some(low) = low.get_mut(..word.len()) else {
        return false;
    };
    low.copy_from_slice(word.as_bytes());
    low.make_ascii_lowercase();
    std::str::from_utf8(low).is_ok_and(is_trigger) // ASCII stays UTF-8
}

/// "Irene is benieuwd of …"
const CURIOUS: &str = "benieuwd";
/// "Frank wil graag weten hoe …"
const WANTS_TO_KNOW: &str = "weten";

/// "gooit de vraag op", "legt de vraag voor".
fn is_throw_verb(w: &str) -> bool {
    matches!(w, "gooit" | "gooide" | "werpt" | "wierp" | "legt" | "legde")
}

/// The baseline: every sentence that ends in `?`, whole.
pub fn baseline_detect(passage: &str) -> Vec<Question> {
    text::sentences(passage)
        .into_iter()
        .filter(|s| {
            passage[s.clone()]
                .trim_end_matches(['”', '’', '"', '\'', ')', '»'])
                .ends_with('?')
        })
        .map(|s| Question {
            kind: QuestionKind::Direct,
            text: passage[s.clone()].to_string(),
            span: s.clone(),
            sentence: s,
            asker: None,
            addressee: None,
        })
        .collect()
}

fn question(
    w: &Words,
    kind: QuestionKind,
    span: Range<usize>,
    sentence: &Range<usize>,
) -> Question {
    Question {
        kind,
        text: w.text[span.clone()].to_string(),
        span,
        sentence: sentence.clone(),
        asker: None,
        addressee: None,
    }
}

/// Keeps one question per overlapping stretch: a direct one over a
/// reported one (it is the question as asked), the asker and addressee of
/// either.
fn merge_overlapping(found: &mut Vec<Question>) {
    found.sort_by(|a, b| {
        (a.span.start, a.kind == QuestionKind::Indirect)
            .cmp(&(b.span.start, b.kind == QuestionKind::Indirect))
    });
    let mut merged: Vec<Question> = Vec::with_capacity(found.len());
    for q in found.drain(..) {
        match merged.last_mut() {
            Some(last) if q.span.start < last.span.end => {
                let (asker, addressee) = (q.asker.clone(), q.addressee.clone());
                if last.kind != q.kind {
                    // One asked directly, one reported: the question ends
                    // where the direct one does ("…?"), and starts where the
                    // later of the two does ("Y vraagt of dit kan?" → "of
                    // dit kan?").
                    let start = last.span.start.max(q.span.start);
                    let end = if last.kind == QuestionKind::Direct {
                        last.span.end
                    } else {
                        q.span.end
                    };
                    let direct_text = if last.kind == QuestionKind::Direct {
                        &last.text
                    } else {
                        &q.text
                    };
                    let direct_start = if last.kind == QuestionKind::Direct {
                        last.span.start
                    } else {
                        q.span.start
                    };
                    if start < end && start >= direct_start {
                        last.text =
                            direct_text[start - direct_start..end - direct_start].to_string();
                        last.span = start..end;
                    }
                    last.kind = QuestionKind::Direct;
                }
                last.asker = last.asker.take().or(asker);
                last.addressee = last.addressee.take().or(addressee);
            }
            _ => merged.push(q),
        }
    }
    *found = merged;
}

/// Where a reported question's text ends: at the end of the sentence, a
/// semicolon, a dash, a closing quote of a quote it started in, or a comma
/// that opens a new clause.
fn clause_end(w: &Words, from: usize, stop_at: usize) -> usize {
    let mut end = w.toks[from].end;
    let mut i = from;
    while i < stop_at {
        let low = w.low(i);
        if w.toks[i].kind == TokenKind::Punct {
            if matches!(low, ";" | "–" | "—") && i > from {
                break;
            }
            if low == "," && is_clause_opener(w.low(i + 1)) {
                break;
            }
        } else {
            end = w.toks[i].end;
        }
        i += 1;
    }
    end
}

fn is_clause_opener(w: &str) -> bool {
    matches!(
        w,
        "terwijl"
            | "maar"
            | "want"
            | "omdat"
            | "zodat"
            | "waarna"
            | "hoewel"
            | "aangezien"
            | "doordat"
            | "nadat"
            | "zodra"
            | "vindt"
            | "zegt"
            | "antwoordt"
            | "aldus"
    )
}

/// Is `low` a word after which a reported question may follow?
#[derive(Clone, Copy, PartialEq, Eq)]
enum Trigger {
    /// vraagt, vroeg, vraagt zich af
    Verb,
    /// benieuwd
    Curious,
    /// wil (graag) weten
    WantsToKnow,
    /// gooit in de groep
    Throws,
    /// de vraag (is), vragen als ‘…’
    Noun,
    /// gevraagd naar …
    AskedAbout,
}

fn trigger_at(w: &Words, i: usize) -> Option<Trigger> {
    let low = w.low(i);
    if !w.is_word(i) {
        return None;
    }
    if low == "gevraagd" && w.low(i + 1) == "naar" {
        return Some(Trigger::AskedAbout);
    }
    // "vroeg of laat" (sooner or later), "vragen of opmerkingen": fixed
    // pairs joined by "of", in which the trigger word is the first member,
    // not a verb whose question the "of" opens.
    if w.low(i + 1) == "of" && is_of_pair(low, w.low(i + 2)) {
        return None;
    }
    // "vraag"/"vragen" after an article or quantifier is a noun.
    let prev = if i > 0 { w.low(i - 1) } else { "" };
    let noun_context = matches!(
        prev,
        "de" | "een"
            | "die"
            | "deze"
            | "veel"
            | "meer"
            | "andere"
            | "enkele"
            | "wat"
            | "twee"
            | "drie"
            | "belangrijke"
            | "grote"
            | "open"
            | "eerste"
            | "laatste"
            | "centrale"
            | "kernvraag"
    );
    if is_question_noun(low) && (noun_context || !is_ask_verb(low)) {
        return Some(Trigger::Noun);
    }
    if is_ask_verb(low) {
        return Some(Trigger::Verb);
    }
    match low {
        CURIOUS => Some(Trigger::Curious),
        WANTS_TO_KNOW
            if (1..=3).any(|d| {
                i >= d && matches!(w.low(i - d), "wil" | "wilde" | "willen" | "wou" | "wilden")
            }) =>
        {
            Some(Trigger::WantsToKnow)
        }
        w if is_throw_verb(w) => Some(Trigger::Throws),
        _ => None,
    }
}

/// Fixed pairs "`first` of `second`" whose first member is a trigger word.
fn is_of_pair(first: &str, second: &str) -> bool {
    matches!(
        (first, second),
        ("vroeg", "laat")
            | (
                "vragen" | "vraag",
                "opmerkingen" | "opmerking" | "suggesties" | "ideeën"
            )
    )
}

/// A trigger whose question word was found.
struct Candidate {
    trigger_at: usize,
    trigger: Trigger,
    /// Token of the question word.
    question: usize,
    addressee: Option<Range<usize>>,
    /// A name right after the verb: the addressee ("vraagt Suzanne of"),
    /// or the subject of an inverted sentence ("Daarna vraagt Henk Jan").
    after_verb_name: Option<Range<usize>>,
}

fn reported_questions(
    w: &Words,
    quotes: &[(usize, usize)],
    sentence: &Range<usize>,
    out: &mut Vec<Question>,
) {
    let n = w.len();
    let mut candidates: Vec<Candidate> = Vec::new();
    for t in 0..n {
        let Some(trigger) = trigger_at(w, t) else {
            continue;
        };
        if trigger == Trigger::AskedAbout {
            // "Gevraagd naar de looptijd antwoordt Ron …": the topic is the
            // question; it ends where the reply begins.
            let start = t + 2;
            let mut end = start;
            while end < n && !is_reply_verb(w.low(end)) && !w.is_punct(end, ",") {
                end += 1;
            }
            if end > start {
                let span = w.toks[start].start..w.toks[end - 1].end;
                out.push(question(w, QuestionKind::Indirect, span, sentence));
            }
            continue;
        }
        // Skip small words and an addressee to reach the question word.
        let mut j = t + 1;
        let mut addressee: Option<Range<usize>> = None;
        let mut after_verb_name: Option<Range<usize>> = None;
        let mut found = None;
        let limit = (t + 12).min(n);
        while j < limit {
            let low = w.low(j);
            let is_quote = w.is_open_quote(j);
            if is_question_word(low) && w.is_word(j) {
                // "benieuwd naar" only counts when a question word follows.
                found = Some(j);
                break;
            }
            if is_quote && trigger == Trigger::Noun {
                break; // the quoted-list rule below handles it
            }
            if is_quote && is_question_word(w.low(j + 1)) {
                j += 1;
                continue;
            }
            let ok = match trigger {
                Trigger::Verb => {
                    if low == "aan" {
                        // "vraagt aan Annefleur Siebenga hoe"
                        let mut k = j + 1;
                        while k < limit
                            && !is_question_word(w.low(k))
                            && w.toks[k].kind == TokenKind::Word
                        {
                            k += 1;
                        }
                        if k > j + 1 && k < limit && is_question_word(w.low(k)) {
                            addressee = Some(j + 1..k);
                            j = k;
                            continue;
                        }
                        false
                    } else if w.is_capitalised(j) && after_verb_name.is_none() {
                        match w.name_starting_at(j, j) {
                            Some(r) => {
                                j = r.end;
                                after_verb_name = Some(r);
                                continue;
                            }
                            None => false,
                        }
                    } else {
                        is_filler(low) && low != "benieuwd"
                    }
                }
                Trigger::Curious => {
                    is_filler(low) || (low == "naar" && is_question_word(w.low(j + 1)))
                }
                Trigger::WantsToKnow => is_filler(low) && low != "benieuwd",
                Trigger::Throws => {
                    matches!(
                        low,
                        "in" | "de"
                            | "het"
                            | "groep"
                            | "op"
                            | "tafel"
                            | "midden"
                            | "vraag"
                            | "voor"
                    ) || (is_filler(low) && low != "benieuwd")
                }
                Trigger::Noun => is_noun_filler(low),
                Trigger::AskedAbout => false,
            };
            if !ok {
                break;
            }
            j += 1;
        }
        if let Some(q) = found {
            // "legt … voor" and "gooit … in de groep" need their object.
            if trigger == Trigger::Throws
                && !(t + 1..q).any(|k| matches!(w.low(k), "groep" | "vraag" | "tafel"))
            {
                continue;
            }
            // "legt … de vraag voor hoe": two triggers, one question.
            if candidates.last().is_some_and(|c| c.question == q) {
                continue;
            }
            candidates.push(Candidate {
                trigger_at: t,
                trigger,
                question: q,
                addressee,
                after_verb_name,
            });
        }
    }
    for (idx, c) in candidates.iter().enumerate() {
        let (t, trigger, q) = (c.trigger_at, c.trigger, c.question);
        let (addressee, after_verb_name) = (&c.addressee, &c.after_verb_name);
        // Text runs to the clause end, but not into the next trigger.
        let stop = candidates.get(idx + 1).map_or(n, |c| {
            // back up over the next trigger's subject
            let mut s = c.trigger_at;
            while s > q + 1 && (w.is_capitalised(s - 1) || is_subject_gap(w.low(s - 1))) {
                s -= 1;
            }
            s
        });
        let in_quote = quotes.iter().find(|&&(o, c)| o < q && q < c && o + 1 == q);
        let end = match in_quote {
            Some(&(_, c)) => w.toks[c - 1].end,
            None => clause_end(w, q, stop),
        };
        let span = w.toks[q].start..end;
        let mut question = question(w, QuestionKind::Indirect, span, sentence);
        let first = 0;
        match subject_before(w, t, first) {
            Subject::Name(r) => {
                question.asker = Some(w.span_text(&r));
                question.addressee = after_verb_name.as_ref().map(|r| w.span_text(r));
            }
            Subject::Pronoun => {
                question.addressee = after_verb_name.as_ref().map(|r| w.span_text(r));
            }
            Subject::Unknown => {
                if trigger == Trigger::Verb && w.low(t) != "vragen" {
                    question.asker = after_verb_name.as_ref().map(|r| w.span_text(r));
                }
            }
        }
        if let Some(r) = addressee {
            question.addressee = Some(w.span_text(r));
        }
        if trigger == Trigger::Noun && w.low(t) == "vragen" && t > 0 && w.low(t - 1) == "met" {
            // "benaderen met vragen hoe" : asked by others, unnamed.
            question.asker = None;
        }
        out.push(question);
    }

    // "vragen als ‘hoe gaan we dit aanpakken’ en ‘wanneer gaan we aan de
    // slag’": each quoted question after a question noun counts.
    if let Some(noun) = (0..n).find(|&t| is_question_noun(w.low(t)) && w.is_word(t)) {
        for &(o, c) in quotes {
            if o > noun && c > o + 1 && is_question_word(w.low(o + 1)) {
                let span = w.toks[o + 1].start..w.toks[c - 1].end;
                out.push(question(w, QuestionKind::Indirect, span, sentence));
            }
        }
    }
}

fn direct_questions(
    w: &Words,
    quotes: &[(usize, usize)],
    sentence: &Range<usize>,
    out: &mut Vec<Question>,
) {
    let n = w.len();
    let mut segment_start = 0;
    let mut i = 0;
    while i < n {
        if !w.is_punct(i, "?") {
            i += 1;
            continue;
        }
        // "??" and "?!" end one question.
        let mut last = i;
        while last + 1 < n && w.glued(last) && matches!(w.surface(last + 1), "?" | "!") {
            last += 1;
        }
        if !is_terminal_question_mark(w, i, last) {
            i = last + 1;
            continue;
        }
        // Inside a quote: the quote is the question ("‘wie betaalt?’").
        let open = quotes
            .iter()
            .filter(|&&(o, c)| o < i && c > last && o >= segment_start)
            .map(|&(o, _)| o)
            .max();
        let mut start = match open {
            Some(o) => o + 1,
            None => segment_start,
        };
        // Skip bullets and stray punctuation at the start.
        while start < i && w.toks[start].kind == TokenKind::Punct && !w.is_open_quote(start) {
            start += 1;
        }
        // After a lead-in ending in a colon, the question is what follows.
        if let Some(colon) = (start..i).rev().find(|&k| w.is_punct(k, ":")) {
            let lead_in = (start..colon).any(|k| {
                is_ask_verb(w.low(k))
                    || is_question_noun(w.low(k))
                    || matches!(w.low(k), "benieuwd" | "weten")
            });
            if lead_in || is_question_word(w.low(colon + 1)) {
                start = colon + 1;
                while start < i && w.is_open_quote(start) {
                    start += 1;
                }
            }
        }
        if start >= i {
            i = last + 1;
            continue;
        }
        let span = w.toks[start].start..w.toks[last].end;
        let mut q = question(w, QuestionKind::Direct, span, sentence);
        q.asker = direct_asker(w, start, last);
        out.push(q);
        segment_start = last + 1;
        i = last + 1;
    }
}

/// A `?` ends a question when no word is glued to it (URLs, codes like
/// `A?B`) and it is not part of a URL.
fn is_terminal_question_mark(w: &Words, first: usize, last: usize) -> bool {
    if last + 1 < w.len() && w.glued(last) && w.toks[last + 1].kind != TokenKind::Punct {
        return false;
    }
    if last + 1 < w.len() && w.glued(last) && matches!(w.surface(last + 1), "=" | "/" | "&" | "#") {
        return false;
    }
    // Walk back over the glued run: a `/` or `://` makes it a URL.
    let mut k = first;
    while k > 0 && w.glued(k - 1) {
        k -= 1;
        if matches!(w.surface(k), "/" | "=" | "&") || w.low(k).starts_with("www.") {
            return false;
        }
    }
    first > 0 && !(w.toks[first - 1].kind == TokenKind::Punct && w.surface(first - 1) == "?")
}

/// "Henk vraagt: ‘…?’" or "‘…?’, vraagt Henk."
fn direct_asker(w: &Words, start: usize, last: usize) -> Option<String> {
    // Lead-in: the ask verb just before the colon/quote.
    let mut k = start;
    while k > 0 && w.toks[k - 1].kind == TokenKind::Punct {
        k -= 1;
    }
    if k < start && k > 0 {
        let mut v = k - 1;
        if w.low(v) == "af" && v > 0 {
            while v > 0 && matches!(w.low(v), "af" | "zich" | "nog" | "eens" | "ook") {
                v -= 1;
            }
        }
        if is_ask_verb(w.low(v)) {
            if let Subject::Name(r) = subject_before(w, v, 0) {
                return Some(w.span_text(&r));
            }
            return w.name_starting_at(v + 1, v + 1).map(|r| w.span_text(&r));
        }
    }
    // Tag after: "…?, vraagt Henk."
    let mut k = last + 1;
    while k < w.len() && w.toks[k].kind == TokenKind::Punct {
        k += 1;
    }
    if k > last + 1 && k < w.len() && is_ask_verb(w.low(k)) {
        return w.name_starting_at(k + 1, k + 1).map(|r| w.span_text(&r));
    }
    None
}

/// "Mede nav opmerkingen Ron: hoe kom je tot een City Deal die …." — a
/// question without its `?`: after a colon, a question word followed
/// closely by a subject pronoun (the inverted word order of a question).
fn colon_questions(w: &Words, sentence: &Range<usize>, out: &mut Vec<Question>) {
    let n = w.len();
    for c in 0..n {
        if !w.is_punct(c, ":") || c + 1 >= n {
            continue;
        }
        let q = c + 1;
        let low = w.low(q);
        if !is_question_word(low) || low == "of" || !w.is_word(q) {
            continue;
        }
        if !(q + 1..(q + 4).min(n)).any(|k| {
            matches!(
                w.low(k),
                "je" | "jij" | "we" | "wij" | "u" | "men" | "jullie"
            )
        }) {
            continue;
        }
        let end_tok = (q..n)
            .find(|&k| w.is_punct(k, ":") || w.is_punct(k, "?"))
            .unwrap_or(n);
        let end = clause_end(w, q, end_tok);
        let span = w.toks[q].start..end;
        out.push(question(w, QuestionKind::Direct, span, sentence));
    }
}

// ---------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// Byte range of the answering sentence in its passage.
    pub sentence: Range<usize>,
    /// 0: the question's passage; 1: the next passage.
    pub passage_offset: usize,
    pub text: String,
    pub speaker: Option<String>,
    /// The speaker promises something ("belooft", "zegt toe").
    pub commitment: bool,
}

fn is_reply_verb(w: &str) -> bool {
    matches!(
        w,
        "antwoordt"
            | "antwoordde"
            | "antwoord"
            | "antwoorden"
            | "antwoordden"
            | "reageert"
            | "reageerde"
            | "verklaart"
            | "verklaarde"
            | "belooft"
            | "beloofde"
            | "beloven"
    )
}

/// Words that open an answer: "Zeker, vindt Suzanne, …".
fn is_answer_particle(w: &str) -> bool {
    matches!(
        w,
        "ja" | "nee"
            | "zeker"
            | "inderdaad"
            | "absoluut"
            | "natuurlijk"
            | "jazeker"
            | "klopt"
            | "nou"
            | "welzeker"
    )
}

/// Reporting verbs that, right after a question and with a named speaker,
/// read as the reply ("Farida denkt dat …").
fn is_weak_reply_verb(w: &str) -> bool {
    matches!(
        w,
        "denkt"
            | "dacht"
            | "vindt"
            | "vond"
            | "zegt"
            | "zei"
            | "vertelt"
            | "vertelde"
            | "schetst"
            | "schetste"
            | "stelt"
            | "stelde"
            | "geeft"
            | "gaf"
            | "laat"
            | "liet"
            | "merkt"
            | "wijst"
            | "ziet"
            | "meent"
    )
}

fn is_commitment(w: &Words, i: usize) -> bool {
    let low = w.low(i);
    let next_is = |set: &[&str]| (i + 1..(i + 4).min(w.len())).any(|k| set.contains(&w.low(k)));
    matches!(
        low,
        "belooft"
            | "beloofde"
            | "beloofd"
            | "beloven"
            | "toegezegd"
            | "toezegging"
            | "toezeggen"
            | "uitzoeken"
            | "terugkomen"
            | "terugkoppelen"
    ) || (matches!(low, "zegt" | "zegde" | "zei") && next_is(&["toe"]))
        || (matches!(low, "zoekt" | "gaat") && next_is(&["uit", "na"]))
        || (matches!(low, "komt" | "koppelt") && next_is(&["terug"]))
}

/// A reply to `question` in the rest of its sentence or the next two
/// sentences (continuing into `next_passage` when the passage ends);
/// `None` means the question stays open.
pub fn find_answer(
    question: &Question,
    passage: &str,
    next_passage: Option<&str>,
) -> Option<Answer> {
    let next = next_passage.map(|next| (next, text::sentences(next)));
    find_answer_in(
        question,
        passage,
        &text::sentences(passage),
        next.as_ref()
            .map(|(next, sentences)| (*next, sentences.as_slice())),
    )
}

/// As [`find_answer`], with the passage already split into `sentences`
/// and the next passage given with its sentences (the pipeline splits each
/// passage once, whatever its questions).
pub fn find_answer_in(
    question: &Question,
    passage: &str,
    sentences: &[Range<usize>],
    next_passage: Option<(&str, &[Range<usize>])>,
) -> Option<Answer> {
    let asker = question.asker.as_deref();
    // "Gevraagd naar de looptijd antwoordt Ron …": reply in the same sentence.
    let rest = question.span.end..question.sentence.end;
    if !rest.is_empty() && passage.get(rest.clone()).is_some() {
        let mut words = Words::new(passage);
        words.load(rest.clone());
        if let Some(a) = reply_in(&words, true, asker) {
            let text = passage[rest.clone()]
                .trim_start_matches([' ', ',', '?', '.'])
                .trim()
                .to_string();
            return Some(Answer {
                sentence: question.sentence.clone(),
                passage_offset: 0,
                text,
                speaker: a.0,
                commitment: a.1,
            });
        }
    }
    let mut candidates: Vec<(usize, &str, Range<usize>)> = sentences
        .iter()
        .filter(|s| s.start >= question.sentence.end)
        .take(2)
        .map(|s| (0, passage, s.clone()))
        .collect();
    if candidates.len() < 2 {
        if let Some((next, next_sentences)) = next_passage {
            let missing = 2 - candidates.len();
            candidates.extend(
                next_sentences
                    .iter()
                    .take(missing)
                    .map(|s| (1, next, s.clone())),
            );
        }
    }
    for (nth, (offset, text, range)) in candidates.into_iter().enumerate() {
        let mut words = Words::new(text);
        words.load(range.clone());
        if let Some((speaker, commitment)) = reply_in(&words, nth == 0, asker) {
            return Some(Answer {
                sentence: range.clone(),
                passage_offset: offset,
                text: text[range].to_string(),
                speaker,
                commitment,
            });
        }
    }
    None
}

/// Finds a reply cue in the loaded words; returns (speaker, commitment).
fn reply_in(w: &Words, allow_weak: bool, asker: Option<&str>) -> Option<(Option<String>, bool)> {
    let n = w.len();
    let commitment = (0..n).any(|i| is_commitment(w, i));
    let speaker_at = |v: usize| -> Option<String> {
        if let Some(r) = w.name_starting_at(0, 0) {
            if r.end <= v {
                return Some(w.span_text(&r));
            }
        }
        match subject_before(w, v, 0) {
            Subject::Name(r) => Some(w.span_text(&r)),
            Subject::Pronoun => None,
            Subject::Unknown => w.name_starting_at(v + 1, v + 1).map(|r| w.span_text(&r)),
        }
    };
    // "Volgens Bas …"
    if let Some(v) = (0..n).find(|&i| w.low(i) == "volgens" && w.is_capitalised(i + 1)) {
        let speaker = w.name_starting_at(v + 1, v + 1).map(|r| w.span_text(&r));
        return Some((speaker, commitment));
    }
    let first_word = (0..n).find(|&i| w.is_word(i));
    let particle =
        first_word.is_some_and(|i| is_answer_particle(w.low(i)) && w.is_punct(i + 1, ","));
    for i in 0..n {
        let low = w.low(i);
        let strong = is_reply_verb(low)
            || is_commitment(w, i)
            || (matches!(low, "legt" | "legde") && (i + 1..n).any(|k| w.low(k) == "uit"))
            || (matches!(low, "licht" | "lichtte") && (i + 1..n).any(|k| w.low(k) == "toe"));
        if strong {
            return Some((speaker_at(i), commitment));
        }
        if particle && is_weak_reply_verb(low) {
            return Some((speaker_at(i), commitment));
        }
    }
    if particle {
        return Some((None, commitment));
    }
    if allow_weak {
        for i in 0..n {
            if !is_weak_reply_verb(w.low(i)) {
                continue;
            }
            // Reported speech: the verb, a few words, then "dat" or ":".
            let reported = (i + 1..(i + 4).min(n)).any(|k| w.low(k) == "dat" || w.is_punct(k, ":"));
            if !reported {
                continue;
            }
            if let Some(speaker) = speaker_at(i) {
                if Some(speaker.as_str()) != asker && !speaker_matches(asker, &speaker) {
                    return Some((Some(speaker), commitment));
                }
            }
            return None;
        }
    }
    None
}

/// "Henk Jan" asked, "Henk Jan Bierling" answers: the same person.
fn speaker_matches(asker: Option<&str>, speaker: &str) -> bool {
    asker.is_some_and(|a| a.starts_with(speaker) || speaker.starts_with(a))
}

// ---------------------------------------------------------------------------
// Grouping
// ---------------------------------------------------------------------------

/// A question from some session, as input to [`group`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionRef<'a> {
    pub session: &'a str,
    /// ISO date of the session.
    pub date: Option<&'a str>,
    pub text: &'a str,
    pub asker: Option<&'a str>,
}

/// Questions that are (nearly) the same question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionGroup {
    /// 1-based, in order of the group's first question in the input.
    pub id: u32,
    /// The top shared content words or themes, e.g. "borging en
    /// continuïteit / looptijd".
    pub label: String,
    /// Indices into the input, ascending.
    pub members: Vec<usize>,
    /// Distinct sessions, sorted.
    pub sessions: Vec<String>,
    /// Distinct dates, sorted.
    pub dates: Vec<String>,
    /// Distinct askers, sorted.
    pub askers: Vec<String>,
}

/// A sensible default for [`group`]'s threshold (cosine similarity).
pub const DEFAULT_GROUP_THRESHOLD: f32 = 0.3;

/// Pairs with a similarity below this share of the threshold are not
/// linked at all (see [`group`]).
const SPARSE_LINK_FACTOR: f64 = 0.5;

/// Most similar partners kept per question (see [`group`]).
const MAX_LINKS: usize = 32;

/// Theme features count this much more than a word with the same IDF: a
/// shared theme is curated evidence that two differently worded questions
/// are about the same thing ("borg je" / "na de looptijd").
const THEME_BOOST: f64 = 2.0;

/// Groups questions that ask the same thing. Each question becomes the
/// set of its stemmed content words (stop words and question words
/// removed) plus `theme:T` for every theme of `lexicon` it mentions;
/// features are IDF-weighted over the input, questions compared by
/// cosine, and merged by average-link agglomerative clustering while the
/// best pair of groups is at least `threshold` similar. Ties are broken by
/// input index, so the result depends only on the input. Every question
/// is in exactly one group (singletons included); groups that span
/// sessions come first.
pub fn group(questions: &[QuestionRef], lexicon: &Lexicon, threshold: f32) -> Vec<QuestionGroup> {
    let n = questions.len();
    let features = QuestionFeatures::build(questions, lexicon);
    // Pairs far below the threshold are dropped (counted as 0 in the
    // averages): without this, pairs that share only a common theme make
    // the link graph quadratic in the number of questions, and a report
    // over 10,000 sessions would not finish. It makes average-link slightly
    // more conservative, never more eager.
    //
    // Questions with identical feature sets (a question repeated word for
    // word, or archives that contain copies) are clustered once, through a
    // representative, and join its cluster afterwards. Each question also
    // keeps only its [`MAX_LINKS`] most similar partners. Both bound the
    // link graph to O(n) edges, so memory stays linear in the archive.
    let mut representative: HashMap<&[u32], usize> = HashMap::new();
    let mut rep_of = Vec::with_capacity(n);
    let mut reps = Vec::new();
    for (i, set) in features.sets.iter().enumerate() {
        let next = reps.len();
        // A question without content words ("Klopt dat?", "Wie wil
        // hierover het woord?") is like no other: alone, not with every
        // other such question.
        if !set.iter().any(|&f| features.content[f as usize]) {
            reps.push(i);
            rep_of.push(next);
            continue;
        }
        let r = *representative.entry(set.as_slice()).or_insert_with(|| {
            reps.push(i);
            next
        });
        rep_of.push(r);
    }
    let sims = features.similarities(&reps, f64::from(threshold) * SPARSE_LINK_FACTOR);
    let rep_clusters = average_link(reps.len(), &sims, f64::from(threshold));
    let mut cluster_of_rep = vec![0usize; reps.len()];
    for (c, members) in rep_clusters.iter().enumerate() {
        for &r in members {
            cluster_of_rep[r] = c;
        }
    }
    let mut clusters: Vec<Vec<usize>> = vec![Vec::new(); rep_clusters.len()];
    for (i, &r) in rep_of.iter().enumerate() {
        clusters[cluster_of_rep[r]].push(i);
    }

    let mut groups: Vec<QuestionGroup> = clusters
        .into_iter()
        .enumerate()
        .map(|(k, members)| {
            let mut sessions: Vec<String> = members
                .iter()
                .map(|&i| questions[i].session.to_string())
                .collect();
            let mut dates: Vec<String> = members
                .iter()
                .filter_map(|&i| questions[i].date.map(str::to_string))
                .collect();
            let mut askers: Vec<String> = members
                .iter()
                .filter_map(|&i| questions[i].asker.map(str::to_string))
                .collect();
            for v in [&mut sessions, &mut dates, &mut askers] {
                v.sort();
                v.dedup();
            }
            QuestionGroup {
                id: u32::try_from(k + 1).unwrap_or(u32::MAX),
                label: features.label(&members, lexicon),
                members,
                sessions,
                dates,
                askers,
            }
        })
        .collect();
    groups.sort_by(|a, b| {
        (b.sessions.len() >= 2)
            .cmp(&(a.sessions.len() >= 2))
            .then(b.sessions.len().cmp(&a.sessions.len()))
            .then(b.members.len().cmp(&a.members.len()))
            .then(a.id.cmp(&b.id))
    });
    groups
}

/// Feature sets of the questions, with weights and display forms.
struct QuestionFeatures {
    /// Feature names: a stem, or `theme:<id>`.
    names: Vec<String>,
    /// Most frequent surface form (lower case) per stem feature.
    display: Vec<String>,
    weight: Vec<f64>,
    /// Per feature: a theme or a content word ([`is_content_word`]).
    content: Vec<bool>,
    /// Sorted feature ids per question.
    sets: Vec<Vec<u32>>,
}

const THEME_PREFIX: &str = "theme:";

/// Words at least this common in Dutch (Zipf frequency × 10, from the
/// entity model's word lexicon: 50 is 100 per million words) say little
/// about what a question is about: "komt", "klopt", "anders", "morgen",
/// "eigenlijk", "halen". Questions are grouped on rarer words and themes.
const COMMON_ZIPF10: u8 = 50;

/// Words of meeting procedure: a question with one of these is the chair
/// running the meeting ("Wie wil hierover het woord?", "Zijn er
/// opmerkingen over de notulen?", "wilt u het voorstel kort inleiden?"),
/// asked at every meeting, not a question that recurs because it is still
/// open. Such questions are not grouped at all.
fn is_procedure_word(w: &str) -> bool {
    matches!(
        w,
        "woord"
            | "notulen"
            | "verslag"
            | "agendapunt"
            | "rondvraag"
            | "hamerstuk"
            | "inleiden"
            | "schorsing"
    )
}

/// "erover", "hierover", "daarvoor", "waarmee": a pronoun fused with a
/// preposition, a function word like the pronoun itself.
fn is_pronominal_adverb(w: &str) -> bool {
    ["er", "hier", "daar", "waar"].iter().any(|head| {
        w.strip_prefix(head).is_some_and(|rest| {
            matches!(
                rest,
                "aan"
                    | "achter"
                    | "af"
                    | "bij"
                    | "binnen"
                    | "buiten"
                    | "door"
                    | "in"
                    | "langs"
                    | "mee"
                    | "na"
                    | "naar"
                    | "naast"
                    | "om"
                    | "onder"
                    | "op"
                    | "over"
                    | "tegen"
                    | "toe"
                    | "tussen"
                    | "uit"
                    | "van"
                    | "voor"
            )
        })
    })
}

/// The second part of a question word split around its clause ("waar …
/// vandaan", "waar … heen", "waar … naartoe"): part of the question word.
fn is_split_question_word(w: &str) -> bool {
    matches!(w, "vandaan" | "heen" | "naartoe")
}

/// Whether a word feature, seen in `forms` (lower case), carries what a
/// question is about. The most common form decides, since one stem covers
/// "haal", "haalt" and "halen".
fn is_content_word(forms: &BTreeMap<String, u32>) -> bool {
    let model = crate::entities::Tagger::embedded().model();
    forms.keys().all(|f| {
        let folded = text::fold(f);
        !is_procedure_word(&folded)
            && !is_pronominal_adverb(&folded)
            && !is_split_question_word(&folded)
            && !crate::turns::is_meeting_role(&folded)
    }) && forms
        .keys()
        .map(|f| model.word_facts(f).zipf10)
        .max()
        .is_some_and(|z| z < COMMON_ZIPF10)
}

impl QuestionFeatures {
    fn build(questions: &[QuestionRef], lexicon: &Lexicon) -> Self {
        let stemmer = DutchStemmer::new();
        let mut analysed = StemmedText::new();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut names: Vec<String> = Vec::new();
        let mut forms: Vec<BTreeMap<String, u32>> = Vec::new();
        let mut sets = Vec::with_capacity(questions.len());
        let mut key = String::new();
        let mut intern = |key: &str, form: Option<&str>, names: &mut Vec<String>| -> u32 {
            let id = match ids.get(key) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(names.len()).expect("fewer than 2^32 features");
                    ids.insert(key.to_string(), id);
                    names.push(key.to_string());
                    forms.push(BTreeMap::new());
                    id
                }
            };
            if let Some(form) = form {
                *forms[id as usize].entry(form.to_lowercase()).or_insert(0) += 1;
            }
            id
        };
        for q in questions {
            analysed.analyse(&stemmer, q.text);
            let mut set: Vec<u32> = Vec::new();
            let mut fold = String::new();
            let mut procedural = false;
            for (i, word) in analysed.words.iter().enumerate() {
                fold.clear();
                text::fold_into(&q.text[word.span.clone()], &mut fold);
                procedural |= is_procedure_word(&fold);
                if word.stopword
                    || is_question_word(&fold)
                    || is_pronoun(&fold)
                    || fold.chars().count() < 2
                {
                    continue;
                }
                set.push(intern(
                    analysed.stem(i),
                    Some(&q.text[word.span.clone()]),
                    &mut names,
                ));
            }
            if procedural {
                // Asked at every meeting: grouped with nothing.
                sets.push(Vec::new());
                continue;
            }
            for hit in themes::raw_hits(lexicon, &analysed, 0..analysed.words.len()) {
                key.clear();
                key.push_str(THEME_PREFIX);
                key.push_str(&hit.theme.to_string());
                set.push(intern(&key, None, &mut names));
            }
            set.sort_unstable();
            set.dedup();
            sets.push(set);
        }
        // Which features say what a question is about: themes and rarer
        // words, not common verbs, adverbs or the words of meeting
        // procedure (see `similarities` and `label`).
        let content: Vec<bool> = names
            .iter()
            .zip(&forms)
            .map(|(name, f)| name.starts_with(THEME_PREFIX) || is_content_word(f))
            .collect();
        let n = questions.len() as f64;
        let mut df = vec![0u32; names.len()];
        for set in &sets {
            for &f in set {
                df[f as usize] += 1;
            }
        }
        let weight = names
            .iter()
            .zip(&df)
            .map(|(name, &d)| {
                let idf = ((n + 1.0) / (f64::from(d) + 1.0)).ln() + 1.0;
                if name.starts_with(THEME_PREFIX) {
                    idf * THEME_BOOST
                } else {
                    idf
                }
            })
            .collect();
        let display = forms
            .into_iter()
            .map(|f| {
                f.into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|(s, _)| s)
                    .unwrap_or_default()
            })
            .collect();
        QuestionFeatures {
            names,
            display,
            weight,
            content,
            sets,
        }
    }

    /// Cosine similarities between the questions `subset` (indices into
    /// `sets`) that share a content feature and reach `min`, at most
    /// [`MAX_LINKS`] per question, as `(i, j, sim)` with `i < j` indexing
    /// `subset`. Common words count in the cosine, but sharing only them
    /// links nothing: "Klopt het dat de kermis …?" and "Klopt dat?" share
    /// "klopt", "Wie wil het woord?" is asked at every meeting.
    fn similarities(&self, subset: &[usize], min: f64) -> Vec<(usize, usize, f64)> {
        self.similarities_where(subset, min, |f| self.content[f as usize])
    }

    /// [`QuestionFeatures::similarities`] with the features that may link
    /// two questions given by `links`.
    fn similarities_where(
        &self,
        subset: &[usize],
        min: f64,
        links: impl Fn(u32) -> bool,
    ) -> Vec<(usize, usize, f64)> {
        let sets: Vec<&Vec<u32>> = subset.iter().map(|&q| &self.sets[q]).collect();
        let n = sets.len();
        let norms: Vec<f64> = sets
            .iter()
            .map(|s| {
                s.iter()
                    .map(|&f| self.weight[f as usize].powi(2))
                    .sum::<f64>()
                    .sqrt()
            })
            .collect();
        let mut postings: Vec<Vec<usize>> = vec![Vec::new(); self.names.len()];
        for (i, set) in sets.iter().enumerate() {
            for &f in set.iter() {
                postings[f as usize].push(i);
            }
        }
        let mut dot = vec![0.0f64; n];
        let mut linked = vec![false; n];
        let mut touched: Vec<usize> = Vec::new();
        let mut row: Vec<(usize, f64)> = Vec::new();
        let mut out = Vec::new();
        for (i, set) in sets.iter().enumerate() {
            for &f in set.iter() {
                let w2 = self.weight[f as usize].powi(2);
                let links = links(f);
                for &j in &postings[f as usize] {
                    if j > i {
                        if dot[j] == 0.0 {
                            touched.push(j);
                        }
                        dot[j] += w2;
                        linked[j] |= links;
                    }
                }
            }
            for &j in &touched {
                let norm = norms[i] * norms[j];
                if linked[j] && norm > 0.0 && dot[j] / norm >= min {
                    row.push((j, dot[j] / norm));
                }
                dot[j] = 0.0;
                linked[j] = false;
            }
            touched.clear();
            if row.len() > MAX_LINKS {
                row.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                row.truncate(MAX_LINKS);
            }
            row.sort_unstable_by_key(|&(j, _)| j);
            out.extend(row.drain(..).map(|(j, sim)| (i, j, sim)));
        }
        out
    }

    fn theme_of(&self, feature: u32) -> Option<themes::ThemeId> {
        self.names[feature as usize]
            .strip_prefix(THEME_PREFIX)
            .and_then(|t| t.parse().ok())
    }

    /// The features most shared within the group, weighted by IDF.
    fn label(&self, members: &[usize], lexicon: &Lexicon) -> String {
        let mut count: BTreeMap<u32, u32> = BTreeMap::new();
        for &m in members {
            for &f in &self.sets[m] {
                *count.entry(f).or_insert(0) += 1;
            }
        }
        let min = if members.len() > 1 { 2 } else { 1 };
        // Only what the questions are about: not "eigenlijk", "den" or
        // "halen" next to the theme.
        let mut ranked: Vec<(u32, u32)> = count
            .into_iter()
            .filter(|&(f, c)| c >= min && self.content[f as usize])
            .collect();
        ranked.sort_by(|a, b| {
            let sa = f64::from(a.1) * self.weight[a.0 as usize];
            let sb = f64::from(b.1) * self.weight[b.0 as usize];
            sb.total_cmp(&sa).then(a.0.cmp(&b.0))
        });
        // A word whose theme is already in the label says nothing new
        // ("normen en regelgeving / normen").
        let themes_shown: Vec<themes::ThemeId> = ranked
            .iter()
            .take(3)
            .filter_map(|&(f, _)| self.theme_of(f))
            .collect();
        let parts: Vec<&str> = ranked
            .iter()
            .filter(|&&(f, _)| {
                self.theme_of(f).is_some()
                    || !lexicon
                        .themes_of_stem(&self.names[f as usize])
                        .any(|t| themes_shown.contains(&t))
            })
            .take(3)
            .map(|&(f, _)| match self.theme_of(f) {
                Some(theme) => lexicon.theme_name(theme),
                None => self.display[f as usize].as_str(),
            })
            .collect();
        parts.join(" / ")
    }
}

/// A candidate merge in the clustering heap: best average similarity
/// first, then the lowest cluster ids.
struct Merge {
    avg: f64,
    a: usize,
    b: usize,
    versions: (u32, u32),
}

impl PartialEq for Merge {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Merge {}
impl PartialOrd for Merge {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Merge {
    fn cmp(&self, other: &Self) -> Ordering {
        self.avg
            .total_cmp(&other.avg)
            .then(other.a.cmp(&self.a))
            .then(other.b.cmp(&self.b))
    }
}

/// Average-link agglomerative clustering over sparse similarities. A
/// cluster is named by its smallest member; pairs without any shared
/// feature have similarity 0, so only linked pairs are ever stored. Each
/// merge costs the number of neighbours, with stale heap entries skipped
/// by version, so the whole runs in about O(E log E) for E linked pairs.
fn average_link(n: usize, sims: &[(usize, usize, f64)], threshold: f64) -> Vec<Vec<usize>> {
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut active = vec![true; n];
    let mut version = vec![0u32; n];
    // Sum of pair similarities between clusters.
    let mut links: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n];
    let mut heap = BinaryHeap::new();
    for &(i, j, s) in sims {
        links[i].insert(j, s);
        links[j].insert(i, s);
        if s >= threshold {
            heap.push(Merge {
                avg: s,
                a: i,
                b: j,
                versions: (0, 0),
            });
        }
    }
    while let Some(m) = heap.pop() {
        if m.avg < threshold {
            break;
        }
        if !active[m.a] || !active[m.b] || (version[m.a], version[m.b]) != m.versions {
            continue;
        }
        let (a, b) = (m.a, m.b);
        active[b] = false;
        let moved = std::mem::take(&mut members[b]);
        members[a].extend(moved);
        members[a].sort_unstable();
        version[a] += 1;
        let from_b = std::mem::take(&mut links[b]);
        let mut merged = std::mem::take(&mut links[a]);
        merged.remove(&b);
        for (k, s) in from_b {
            if k != a {
                *merged.entry(k).or_insert(0.0) += s;
            }
        }
        for (&k, &s) in &merged {
            links[k].remove(&b);
            links[k].insert(a, s);
            let avg = s / (members[a].len() * members[k].len()) as f64;
            if avg >= threshold {
                let (x, y) = if a < k { (a, k) } else { (k, a) };
                heap.push(Merge {
                    avg,
                    a: x,
                    b: y,
                    versions: (version[x], version[y]),
                });
            }
        }
        links[a] = merged;
    }
    (0..n)
        .filter(|&i| active[i])
        .map(|i| std::mem::take(&mut members[i]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Option<String> {
        crate::testdata::seed()
    }

    /// All questions of a text, passage by passage.
    fn detect_all(text: &str) -> Vec<Question> {
        text::paragraphs(text)
            .into_iter()
            .flat_map(|p| detect(&text[p]))
            .collect()
    }

    use QuestionKind::{Direct, Indirect};

    /// Every question in the seed report, counted by hand:
    /// (kind, start of the question text, asker, addressee).
    const SEED_QUESTIONS: &[(QuestionKind, &str, Option<&str>, Option<&str>)] = &[
        (
            Indirect,
            "of andere projectleiders en dealmakers raakvlakken",
            None,
            None,
        ),
        (
            Indirect,
            "of de City Deal slaagt in de transitie",
            Some("Frank"),
            None,
        ),
        (Indirect, "hoe gaan we dit aanpakken", None, None),
        (Indirect, "wanneer gaan we aan de slag", None, None),
        (
            Indirect,
            "hoe de City Deal Eenvoudig Maatwerk operationeel geworden is",
            Some("Henk Jan"),
            Some("Annefleur Siebenga"),
        ),
        (
            Indirect,
            "hoe zorg je dat er straks nog dingen doorgaan zonder begeleiding",
            None,
            None,
        ),
        (
            Indirect,
            "hoe laat je een mooie constructie achter",
            None,
            None,
        ),
        (
            Indirect,
            "hoe Suzanne Potjer dit alles beluistert",
            Some("Henk Jan"),
            None,
        ),
        (
            Direct,
            "Dit gepraat over normen, is dat niet meer een statische kwaliteit?",
            None,
            None,
        ),
        (Direct, "Waar te beginnen?", None, None),
        (
            Direct,
            "Wat betekent dit voor de doorontwikkeling?",
            None,
            None,
        ),
        (
            Indirect,
            "waarom de City Deal Impact Ondernemen nu zo succesvol van start gaat",
            Some("Irene"),
            None,
        ),
        (Indirect, "de looptijd van de deal", None, None),
        (
            Indirect,
            "hoe anderen denken over een effectieve aansturing",
            Some("Frank"),
            None,
        ),
        (
            Direct,
            "hoe kom je tot een City Deal die eigenlijk geen City Deal meer hoeft te zijn",
            None,
            None,
        ),
        (
            Direct,
            "Hoe kun je na de looptijd door zonder de ‘zijwieltjes’ van het label City Deal?",
            None,
            None,
        ),
        (
            Indirect,
            "of het ook zou kunnen helpen om de verschillende deal-aanpakken",
            Some("Geert"),
            None,
        ),
    ];

    /// Every file of the bundled corpus, plus the seed report.
    fn corpus_texts() -> Vec<String> {
        let mut texts: Vec<String> = seed().into_iter().collect();
        texts.extend(crate::testdata::corpus_texts());
        texts
    }

    /// Paragraphs built from words that matter to the rules (triggers in
    /// several cases and spellings, question words, names, quotes, `?`,
    /// `:`), deterministic.
    fn generated_texts() -> Vec<String> {
        const POOL: &[&str] = &[
            "Frank",
            "vraagt",
            "VRAAGT",
            "Vraag",
            "vráágt",
            "vra\u{AD}gen",
            "vragen",
            "zich",
            "af",
            "of",
            "hoe",
            "wie",
            "wil",
            "graag",
            "weten",
            "benieuwd",
            "naar",
            "de",
            "vraag",
            "is",
            "legt",
            "gooit",
            "in",
            "groep",
            "gevraagd",
            "antwoordt",
            "Henk",
            "Jan",
            "aan",
            "Annefleur",
            "?",
            ":",
            ",",
            ".",
            "‘",
            "’",
            "“",
            "”",
            "\"",
            "wat",
            "je",
            "we",
            "het",
            "college",
            "Daarna",
            "kosten",
            "12",
            "\n",
            "Vroeg",
            "vraagstukken",
            "ﬁ",
        ];
        let mut random = crate::testdata::xorshift(0x9E37_79B9_7F4A_7C15);
        (0..400)
            .map(|n| {
                let mut text = String::new();
                for _ in 0..(n % 60) {
                    let state = random();
                    let word = POOL[(state % POOL.len() as u64) as usize];
                    // Glue punctuation to the word before, sometimes.
                    if !(state >> 32).is_multiple_of(3) || !word.starts_with(char::is_alphanumeric)
                    {
                        text.push(' ');
                    }
                    text.push_str(word);
                }
                text
            })
            .collect()
    }

    /// [`detect_in_tokens`] without the [`may_ask`] pre-check, as it was
    /// before it: every sentence loaded and run through every rule.
    fn detect_in_tokens_reference(
        passage: &str,
        sentences: &[Range<usize>],
        tokens: &[Token],
    ) -> Vec<Question> {
        let mut words = Words::new(passage);
        let mut out = Vec::new();
        for (sentence, tokens) in text::by_sentence(tokens, sentences) {
            let sentence = &sentence;
            words.load_tokens(tokens);
            let quotes = words.quotes();
            let mut found = Vec::new();
            super::reported_questions(&words, &quotes, sentence, &mut found);
            super::direct_questions(&words, &quotes, sentence, &mut found);
            colon_questions(&words, sentence, &mut found);
            merge_overlapping(&mut found);
            out.extend(found);
        }
        out
    }

    /// Skipping the sentences that [`may_ask`] rules out changes nothing,
    /// on the corpus and on generated text; and it does skip some.
    #[test]
    fn pre_check_skips_only_sentences_without_questions() {
        let mut texts = corpus_texts();
        texts.extend(generated_texts());
        let (mut found, mut skipped) = (0, 0);
        for text in &texts {
            for p in text::paragraphs(text) {
                let passage = &text[p];
                let tokens: Vec<Token> = text::tokens(passage).collect();
                let sentences = text::sentences_of(passage, &tokens);
                let expected = detect_in_tokens_reference(passage, &sentences, &tokens);
                assert_eq!(
                    detect_in_tokens(passage, &sentences, &tokens),
                    expected,
                    "{passage:?}"
                );
                found += expected.len();
                skipped += text::by_sentence(&tokens, &sentences)
                    .filter(|(_, t)| !may_ask(passage, t))
                    .count();
            }
        }
        assert!(found > 100 && skipped > 100, "{found} {skipped}");
    }

    #[test]
    fn finds_every_question_of_the_seed_report() {
        let Some(seed) = seed() else { return };
        let found = detect_all(&seed);
        for &(kind, start, asker, addressee) in SEED_QUESTIONS {
            let q = found
                .iter()
                .find(|q| q.text.starts_with(start))
                .unwrap_or_else(|| panic!("not found: {start:?}\nfound: {found:#?}"));
            assert_eq!(q.kind, kind, "{start:?}");
            assert_eq!(q.asker.as_deref(), asker, "asker of {start:?}");
            assert_eq!(q.addressee.as_deref(), addressee, "addressee of {start:?}");
        }
        // Nothing else: the seed's non-questions stay out ("benieuwd naar
        // de partners", "vragen te stellen", "de vraag van Regien",
        // "uitvogelen hoe ‘Europa’ werkt").
        assert_eq!(found.len(), SEED_QUESTIONS.len(), "{found:#?}");
        // The baseline only sees the four sentences ending in '?'.
        let baseline: usize = text::paragraphs(&seed)
            .into_iter()
            .map(|p| baseline_detect(&seed[p]).len())
            .sum();
        assert_eq!(baseline, 4);
    }

    #[test]
    fn seed_question_texts_end_at_the_clause() {
        let Some(seed) = seed() else { return };
        let found = detect_all(&seed);
        let texts: Vec<&str> = found.iter().map(|q| q.text.as_str()).collect();
        for want in [
            "hoe de City Deal Eenvoudig Maatwerk operationeel geworden is",
            "waarom de City Deal Impact Ondernemen nu zo succesvol van start gaat",
            "of het ook zou kunnen helpen om de verschillende deal-aanpakken (dus ook die van bijv. \
             Regio- en Woondeals) aan elkaar te linken",
        ] {
            assert!(texts.contains(&want), "{want:?} not in {texts:#?}");
        }
    }

    #[test]
    fn spans_point_at_the_text() {
        let passage =
            "Intro. Henk Jan vraagt aan Irene hoe het gaat. “De vraag is nu: wie betaalt dit?”";
        for q in detect(passage) {
            assert_eq!(&passage[q.span.clone()], q.text);
            assert!(q.sentence.start <= q.span.start && q.span.end <= q.sentence.end);
        }
    }

    #[test]
    fn direct_questions() {
        // (passage, expected texts, expected askers)
        type Case<'a> = (&'a str, &'a [&'a str], &'a [Option<&'a str>]);
        let cases: &[Case] = &[
            (
                "“De vraag is nu: wie betaalt dit?”",
                &["wie betaalt dit?"],
                &[None],
            ),
            ("Waar te beginnen?", &["Waar te beginnen?"], &[None]),
            (
                "Hij zei ‘wat doen we hier eigenlijk?’ en liep weg.",
                &["wat doen we hier eigenlijk?"],
                &[None],
            ),
            (
                "Irene vraagt: hoe gaan we verder?",
                &["hoe gaan we verder?"],
                &[Some("Irene")],
            ),
            (
                "“Wie betaalt dit?”, vraagt Frank Reniers.",
                &["Wie betaalt dit?"],
                &[Some("Frank Reniers")],
            ),
            ("Is dit wel nodig?? Ja.", &["Is dit wel nodig??"], &[None]),
            (
                "Mevrouw El Idrissi vraagt of dit kan?",
                &["of dit kan?"],
                &[Some("Mevrouw El Idrissi")],
            ),
        ];
        for &(passage, texts, askers) in cases {
            let found = detect(passage);
            let got: Vec<&str> = found.iter().map(|q| q.text.as_str()).collect();
            assert_eq!(got, texts, "{passage:?}");
            let got: Vec<Option<&str>> = found.iter().map(|q| q.asker.as_deref()).collect();
            assert_eq!(got, askers, "{passage:?}");
            assert!(found.iter().all(|q| q.kind == Direct), "{passage:?}");
        }
    }

    #[test]
    fn reported_questions() {
        // (passage, texts, askers, addressees)
        type Case<'a> = (
            &'a str,
            &'a [&'a str],
            &'a [Option<&'a str>],
            &'a [Option<&'a str>],
        );
        let cases: &[Case] = &[
            (
                "Jan-Willem vraagt zich af waarom dit zo lang duurt.",
                &["waarom dit zo lang duurt"],
                &[Some("Jan-Willem")],
                &[None],
            ),
            (
                "Frank wil graag weten wanneer het besluit valt.",
                &["wanneer het besluit valt"],
                &[Some("Frank")],
                &[None],
            ),
            (
                "De heer Bakker wil weten hoeveel dat kost.",
                &["hoeveel dat kost"],
                &[Some("De heer Bakker")],
                &[None],
            ),
            (
                "Irene vroeg aan Bas hoe hij dat ziet.",
                &["hoe hij dat ziet"],
                &[Some("Irene")],
                &[Some("Bas")],
            ),
            (
                "Daarna vraagt Henk Jan aan Regien van Adrichem wat zij nodig heeft.",
                &["wat zij nodig heeft"],
                &[Some("Henk Jan")],
                &[Some("Regien van Adrichem")],
            ),
            (
                "Henk Jan vraagt Suzanne of ze wil reageren.",
                &["of ze wil reageren"],
                &[Some("Henk Jan")],
                &[Some("Suzanne")],
            ),
            (
                "Hij vraagt zich af of dat werkt.",
                &["of dat werkt"],
                &[None],
                &[None],
            ),
            (
                "De vraag is hoe we dit financieren.",
                &["hoe we dit financieren"],
                &[None],
                &[None],
            ),
            (
                "De vraag die speelt is hoe we de resultaten borgen.",
                &["hoe we de resultaten borgen"],
                &[None],
                &[None],
            ),
            (
                "Frank stelt de vraag of dit schaalbaar is.",
                &["of dit schaalbaar is"],
                &[Some("Frank")],
                &[None],
            ),
            (
                "Marc legt de groep de vraag voor hoe we verder gaan.",
                &["hoe we verder gaan"],
                &[Some("Marc")],
                &[None],
            ),
            (
                "Frank is benieuwd wat de anderen vinden.",
                &["wat de anderen vinden"],
                &[Some("Frank")],
                &[None],
            ),
            // The asker is the person at the head of the subject, not the
            // end of their affiliation (the corpus' own sentences).
            (
                "Anne-Marie van der Linden van de City Deal Ruimte voor Lopen vraagt zich af \
                 hoe een ministerie eigenlijk besluit over een financiële bijdrage aan een deal.",
                &["hoe een ministerie eigenlijk besluit over een financiële bijdrage aan een deal"],
                &[Some("Anne-Marie van der Linden")],
                &[None],
            ),
            (
                "Kees-Jan Verhoef van de VNG vroeg hoe het Rijk omgaat met signalen uit deals.",
                &["hoe het Rijk omgaat met signalen uit deals"],
                &[Some("Kees-Jan Verhoef")],
                &[None],
            ),
            (
                "Evelien Mulder van de City Deal Gezonde Leefomgeving vraagt of dat ook werkt.",
                &["of dat ook werkt"],
                &[Some("Evelien Mulder")],
                &[None],
            ),
            (
                "Jan van den Berg vraagt of dat ook werkt.",
                &["of dat ook werkt"],
                &[Some("Jan van den Berg")],
                &[None],
            ),
            (
                "Frank en Irene vragen zich af of dat ook werkt.",
                &["of dat ook werkt"],
                &[Some("Irene")],
                &[None],
            ),
            (
                "Er kwamen vragen zoals ‘wie is eigenaar’ en ‘waar staat de server’.",
                &["wie is eigenaar", "waar staat de server"],
                &[None, None],
                &[None, None],
            ),
        ];
        for &(passage, texts, askers, addressees) in cases {
            let found = detect(passage);
            let got: Vec<&str> = found.iter().map(|q| q.text.as_str()).collect();
            assert_eq!(got, texts, "{passage:?}");
            let got: Vec<Option<&str>> = found.iter().map(|q| q.asker.as_deref()).collect();
            assert_eq!(got, askers, "askers in {passage:?}");
            let got: Vec<Option<&str>> = found.iter().map(|q| q.addressee.as_deref()).collect();
            assert_eq!(got, addressees, "addressees in {passage:?}");
            assert!(found.iter().all(|q| q.kind == Indirect), "{passage:?}");
        }
    }

    #[test]
    fn not_questions() {
        for passage in [
            "De vraag naar woningen stijgt.",
            "Er waren veel vragen.",
            "De wethouder vraagt aandacht voor de planning.",
            "Frank vraagt om een nieuwe planning.",
            "Frank vraagt Irene om de notulen te sturen.",
            "We zijn benieuwd naar de resultaten.",
            "Henk Jan is benieuwd naar de partners in de City Deal.",
            "Zie https://example.nl/zoek?q=wonen&p=2 voor meer.",
            "De code A?B staat in bijlage 3.",
            "Er is ruimte om vragen te stellen.",
            "Dit sluit aan op de vraag van Regien.",
            "Dat vraagt veel tijd van de gemeente.",
            "Daarmee gaat UFS kijken of futuring elders kan.",
            "Ze laat weten dat het lukt.",
            // The corpus' own sentences: "vroeg of laat" is "sooner or later".
            "Niet omdat het een modewoord is, zei moderator Sanne de Groot bij de opening, \
             “maar omdat vrijwel elke City Deal er vroeg of laat tegenaan loopt.”",
            "Vervolgens kwam de vraag aan bod die in elke City Deal vroeg of laat opduikt.",
            "Er waren geen vragen of opmerkingen.",
            "",
        ] {
            assert_eq!(detect(passage), vec![], "{passage:?}");
        }
    }

    #[test]
    fn baseline_takes_whole_sentences_ending_in_a_question_mark() {
        let passage = "Henk Jan vraagt hoe het gaat. Gaat het goed? “Wie betaalt dit?” Klaar.";
        let got: Vec<String> = baseline_detect(passage)
            .into_iter()
            .map(|q| q.text)
            .collect();
        assert_eq!(got, ["Gaat het goed?", "“Wie betaalt dit?”"]);
    }

    fn answer_to(passage: &str, next: Option<&str>) -> Option<Answer> {
        let q = detect(passage).into_iter().next().expect("a question");
        find_answer(&q, passage, next)
    }

    #[test]
    fn answers() {
        // (passage, next passage, speaker, commitment, offset) — speaker
        // None with offset usize::MAX means: no answer.
        type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, bool, usize);
        let cases: &[Case] = &[
            (
                "Henk vraagt hoe het zit. Pieter-Jan antwoordde dat het loopt.",
                None,
                Some("Pieter-Jan"),
                false,
                0,
            ),
            (
                "Wie betaalt dit? Volgens Bas betaalt het Rijk.",
                None,
                Some("Bas"),
                false,
                0,
            ),
            (
                "Is dat statisch? Zeker, vindt Suzanne, maar het gaat om de mix.",
                None,
                Some("Suzanne"),
                false,
                0,
            ),
            (
                "Frank vraagt wanneer het klaar is. Irene belooft het voor de zomer.",
                None,
                Some("Irene"),
                true,
                0,
            ),
            (
                "Frank vraagt wanneer het klaar is. De wethouder zegt toe dit uit te zoeken.",
                None,
                None,
                true,
                0,
            ),
            (
                "Irene vraagt zich af waarom het lukt. Farida denkt dat het de wind is.",
                None,
                Some("Farida"),
                false,
                0,
            ),
            (
                "Wie is eigenaar?",
                Some("Marc legt uit dat de gemeente eigenaar is."),
                Some("Marc"),
                false,
                1,
            ),
            (
                "Gevraagd naar de looptijd antwoordt Ron ‘geen idee’.",
                None,
                Some("Ron"),
                false,
                0,
            ),
            // Too far away: the third sentence.
            (
                "Wie is eigenaar? Het regent. Het waait. Marc antwoordt dat het de gemeente is.",
                None,
                None,
                false,
                usize::MAX,
            ),
            // The asker's own remark is no answer.
            (
                "Irene vraagt zich af waarom het lukt. Irene denkt dat het de wind is.",
                None,
                None,
                false,
                usize::MAX,
            ),
        ];
        for &(passage, next, speaker, commitment, offset) in cases {
            let answer = answer_to(passage, next);
            if offset == usize::MAX {
                assert_eq!(answer, None, "{passage:?}");
                continue;
            }
            let answer = answer.unwrap_or_else(|| panic!("no answer in {passage:?}"));
            assert_eq!(answer.speaker.as_deref(), speaker, "{passage:?}");
            assert_eq!(answer.commitment, commitment, "{passage:?}");
            assert_eq!(answer.passage_offset, offset, "{passage:?}");
        }
    }

    #[test]
    fn seed_answers() {
        let Some(seed) = seed() else { return };
        let paragraphs = text::paragraphs(&seed);
        let mut answered = Vec::new();
        for (i, p) in paragraphs.iter().enumerate() {
            let passage = &seed[p.clone()];
            let next = paragraphs.get(i + 1).map(|r| &seed[r.clone()]);
            for q in detect(passage) {
                if let Some(a) = find_answer(&q, passage, next) {
                    answered.push((q.text, a.speaker));
                }
            }
        }
        let speaker_of = |start: &str| {
            answered
                .iter()
                .find(|(q, _)| q.starts_with(start))
                .and_then(|(_, s)| s.clone())
        };
        assert_eq!(
            speaker_of("Dit gepraat over normen").as_deref(),
            Some("Suzanne")
        );
        assert_eq!(speaker_of("Wat betekent dit").as_deref(), Some("Farida"));
        assert_eq!(
            speaker_of("waarom de City Deal Impact").as_deref(),
            Some("Farida")
        );
        assert_eq!(
            speaker_of("de looptijd van de deal").as_deref(),
            Some("Ron")
        );
        assert_eq!(
            speaker_of("of de City Deal slaagt").as_deref(),
            Some("Regien")
        );
    }

    fn refs<'a>(items: &'a [(&'a str, &'a str)]) -> Vec<QuestionRef<'a>> {
        items
            .iter()
            .map(|&(session, text)| QuestionRef {
                session,
                date: None,
                text,
                asker: None,
            })
            .collect()
    }

    #[test]
    fn groups_recurring_questions_through_themes() {
        let lexicon = Lexicon::default_nl();
        let items = [
            ("s1", "hoe borg je de resultaten"),
            ("s2", "van wie zijn de data"),
            ("s3", "hoe kun je na de looptijd door zonder de zijwieltjes"),
            ("s1", "wie betaalt de subsidie voor het plan"),
            ("s4", "wie is eigenaar van de gegevens"),
            (
                "s5",
                "hoe zorg je dat er straks nog dingen doorgaan zonder begeleiding",
            ),
        ];
        let groups = group(&refs(&items), &lexicon, DEFAULT_GROUP_THRESHOLD);
        let members: Vec<&[usize]> = groups.iter().map(|g| g.members.as_slice()).collect();
        assert_eq!(members, [&[0, 2, 5][..], &[1, 4], &[3]], "{groups:#?}");
        assert_eq!(groups[0].sessions, ["s1", "s3", "s5"]);
        assert!(
            groups[0].label.contains("borging en continuïteit"),
            "{}",
            groups[0].label
        );
        assert!(
            groups[1].label.contains("data en digitalisering"),
            "{}",
            groups[1].label
        );
        // ids follow the input order of each group's first question.
        let ids: Vec<u32> = groups.iter().map(|g| g.id).collect();
        assert_eq!(ids, [1, 2, 3]);
    }

    #[test]
    fn no_groups_on_procedure_or_common_words() {
        // The corpus' own questions: each pair shares only the chair's
        // procedure or a common word.
        let lexicon = Lexicon::default_nl();
        let items = [
            ("a", "Wie wil het woord?"),
            ("b", "Wie wil hierover het woord?"),
            ("c", "Wie wil hierover het woord?"),
            ("a", "Komt er een opkoopbescherming, ja of nee?"),
            ("b", "komt er een voorstel, en wanneer?"),
            (
                "a",
                "Klopt het dat de kermis dit jaar niet op het Marktplein maar op het evenemententerrein komt?",
            ),
            ("b", "Klopt dat?"),
            ("a", "Wat zou jij anders doen als je morgen opnieuw een deal zou sluiten?"),
            ("b", "Wat doen we morgen?"),
            ("c", "Wat ga je morgen anders doen?"),
        ];
        let groups = group(&refs(&items), &lexicon, DEFAULT_GROUP_THRESHOLD);
        let grouped: Vec<&QuestionGroup> = groups.iter().filter(|g| g.members.len() > 1).collect();
        assert!(grouped.is_empty(), "{grouped:#?}");
    }

    #[test]
    fn groups_the_same_question_and_labels_it_by_content() {
        // The corpus' own questions: where does the money come from.
        let lexicon = Lexicon::default_nl();
        let items = [
            ("a", "Waar haalt het college dat geld vandaan?"),
            ("b", "Waar halen we dat geld vandaan?"),
            ("c", "Bij wie in Den Haag leggen we dit eigenlijk neer?"),
            ("d", "Bij wie moet je nou eigenlijk zijn in Den Haag?"),
        ];
        let groups = group(&refs(&items), &lexicon, DEFAULT_GROUP_THRESHOLD);
        let members: Vec<&[usize]> = groups.iter().map(|g| g.members.as_slice()).collect();
        assert_eq!(members, [&[0, 1][..], &[2, 3]], "{groups:#?}");
        for g in &groups {
            for filler in ["vandaan", "halen", "eigenlijk", "den"] {
                assert!(
                    !g.label.split(" / ").any(|part| part == filler),
                    "{}",
                    g.label
                );
            }
        }
    }

    #[test]
    fn content_words() {
        assert!(is_pronominal_adverb("hierover"));
        assert!(is_pronominal_adverb("daarvoor"));
        assert!(!is_pronominal_adverb("hiernamaals"));
        let forms = |words: &[&str]| -> BTreeMap<String, u32> {
            words.iter().map(|w| (w.to_string(), 1)).collect()
        };
        assert!(is_content_word(&forms(&["opkoopbescherming"])));
        assert!(is_content_word(&forms(&["kermis"])));
        assert!(!is_content_word(&forms(&["klopt"])));
        assert!(!is_content_word(&forms(&["komt"])));
        // One stem, one verdict: "haal(t)" are rarer than "halen".
        assert!(!is_content_word(&forms(&["haalt", "halen"])));
        assert!(!is_content_word(&forms(&["vandaan"])));
        assert!(!is_content_word(&forms(&["wethouder"])));
    }

    #[test]
    fn grouping_is_deterministic_and_respects_the_threshold() {
        let lexicon = Lexicon::default_nl();
        let items = [
            ("a", "hoe borgen we de kennis"),
            ("b", "hoe borgen we de kennis na de deal"),
            ("c", "wie betaalt de koffie"),
        ];
        let once = group(&refs(&items), &lexicon, 0.3);
        assert_eq!(once, group(&refs(&items), &lexicon, 0.3));
        assert_eq!(once[0].members, [0, 1]);
        assert!(once[0].label.contains("kennis"), "{}", once[0].label);
        // A threshold above any similarity leaves singletons.
        let apart = group(&refs(&items), &lexicon, 1.01);
        assert_eq!(apart.len(), 3);
        assert!(group(&[], &lexicon, 0.3).is_empty());
    }

    #[test]
    fn groups_spanning_sessions_come_first() {
        let lexicon = Lexicon::default_nl();
        let items = [
            ("a", "wie betaalt de koffie"),
            ("a", "wie betaalt de koffie eigenlijk"),
            ("a", "hoe borgen we de kennis"),
            ("b", "hoe borgen we de kennis"),
        ];
        let groups = group(&refs(&items), &lexicon, 0.3);
        assert_eq!(groups[0].members, [2, 3]);
        assert_eq!(groups[1].members, [0, 1]);
    }
}
