//! Sentence splitting of one paragraph, on top of the tokeniser.
//!
//! A sentence ends at `.`, `?`, `!`, `…` or `...`, together with any
//! closing quotes or brackets glued to it (`blij.”`), when whitespace
//! follows. Exceptions, so that Dutch minutes split where a reader would:
//! * dotted abbreviations are single tokens (`bijv.`, `o.a.`, `dhr.`; see
//!   the tokeniser) and never end a sentence, except `enz.`, `etc.`, `e.d.`
//!   and a few more, which do when a capital follows;
//! * an initial (`P. Bakker`) and a list number at the start of a line
//!   (`3. Rondvraag`) do not end a sentence;
//! * `?`, `!` and ellipses followed by a lower-case word, and any stop
//!   followed by `,`, `;` or `:`, do not end a sentence: `‘hoe gaan we dit
//!   aanpakken?’ en ‘wanneer …’` is one sentence;
//! * newlines are ordinary whitespace, except after a `:` at the end of a
//!   line, and before a bullet (`•`, `-`, `*` … followed by a space) or a
//!   list number (`2.`, `2)`) at the start of a line, which end the
//!   sentence before them. Bullets are not part of any sentence.
//!
//! The splitter looks at most two tokens ahead, so it is linear in the
//! length of the paragraph.

use super::lexicon;
use super::tokens::{tokens, Token, TokenKind};
use std::ops::Range;

/// Byte ranges of the sentences of `paragraph`, trimmed, in order. Text
/// without any words or punctuation gives no sentences.
pub fn sentences(paragraph: &str) -> Vec<Range<usize>> {
    let tokens: Vec<Token> = tokens(paragraph).collect();
    sentences_of(paragraph, &tokens)
}

/// As [`sentences`], for a caller that has tokenised `paragraph` already
/// (`tokens` must be `tokens(paragraph)`, in order): the pipeline tokenises
/// each passage once for sentences, themes and entities.
pub fn sentences_of(paragraph: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    Splitter {
        text: paragraph,
        tokens,
        out: Vec::new(),
        current: None,
    }
    .run()
}

/// The tokens and sentences of a session's passages, computed once per
/// passage and read by every stage that works per token or per sentence
/// (themes, questions, entities). Offsets are relative to each passage.
#[derive(Debug, Default)]
pub struct Segmentation {
    tokens: Vec<Token>,
    sentences: Vec<Range<usize>>,
    /// Per passage: its range in `tokens` and its range in `sentences`.
    passages: Vec<(Range<usize>, Range<usize>)>,
}

impl Segmentation {
    /// Forgets all passages; keeps the buffers.
    pub fn clear(&mut self) {
        self.tokens.clear();
        self.sentences.clear();
        self.passages.clear();
    }

    /// Tokenises `passage` and splits it into sentences; returns its number
    /// (0-based, in the order pushed).
    pub fn push(&mut self, passage: &str) -> usize {
        let first_token = self.tokens.len();
        self.tokens.extend(tokens(passage));
        let first_sentence = self.sentences.len();
        let split = sentences_of(passage, &self.tokens[first_token..]);
        self.sentences.extend(split);
        self.passages.push((
            first_token..self.tokens.len(),
            first_sentence..self.sentences.len(),
        ));
        self.passages.len() - 1
    }

    pub fn len(&self) -> usize {
        self.passages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.passages.is_empty()
    }

    /// The tokens of passage `i` ([`tokens`] of its text).
    pub fn tokens(&self, i: usize) -> &[Token] {
        self.passages
            .get(i)
            .map_or(&[], |(t, _)| &self.tokens[t.clone()])
    }

    /// The sentences of passage `i` ([`sentences`] of its text).
    pub fn sentences(&self, i: usize) -> &[Range<usize>] {
        self.passages
            .get(i)
            .map_or(&[], |(_, s)| &self.sentences[s.clone()])
    }

    /// The tokens of passage `i`, sentence by sentence: each sentence's
    /// tokens equal [`tokens`] of the sentence's text, with offsets
    /// relative to the passage. Tokens outside every sentence (bullets)
    /// are skipped.
    pub fn sentence_tokens(&self, i: usize) -> impl Iterator<Item = (Range<usize>, &[Token])> {
        by_sentence(self.tokens(i), self.sentences(i))
    }
}

/// Each of `sentences` with its tokens: `tokens` and `sentences` are
/// [`tokens`] and [`sentences`] of one text; each sentence's tokens equal
/// [`tokens`] of the sentence's text, offsets relative to the whole text.
/// Tokens outside every sentence (bullets) are skipped.
pub fn by_sentence<'a>(
    tokens: &'a [Token],
    sentences: &'a [Range<usize>],
) -> impl Iterator<Item = (Range<usize>, &'a [Token])> {
    let mut at = 0;
    sentences.iter().map(move |s| {
        // Sentences are in order and never overlap, so one cursor serves
        // them all.
        while tokens.get(at).is_some_and(|t| t.start < s.start) {
            at += 1;
        }
        let from = at;
        while tokens.get(at).is_some_and(|t| t.end <= s.end) {
            at += 1;
        }
        (s.clone(), &tokens[from..at])
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// A single `.`.
    Dot,
    /// `…`, `...`, `?`, `!`.
    Strong,
    /// A dotted abbreviation that may end a sentence (`enz.`).
    Abbreviation,
    /// `:` — ends a sentence only at the end of a line.
    Colon,
}

/// The sentence being built.
struct Current {
    start: usize,
    end: usize,
    first: Token,
    tokens: usize,
}

struct Splitter<'a> {
    text: &'a str,
    tokens: &'a [Token],
    out: Vec<Range<usize>>,
    current: Option<Current>,
}

impl<'a> Splitter<'a> {
    fn run(mut self) -> Vec<Range<usize>> {
        // Index of the next token; look-ahead is `self.tokens.get(next)`.
        let mut next = 0;
        let mut prev: Option<Token> = None;
        while let Some(&tok) = self.tokens.get(next) {
            next += 1;
            let gap_start = prev.map_or(0, |p| p.end);
            // Gaps are mostly one space: a byte loop beats a memchr call.
            #[allow(clippy::manual_contains)]
            let at_line_start = prev.is_none()
                || self.text.as_bytes()[gap_start..tok.start]
                    .iter()
                    .any(|&b| b == b'\n');
            let before = prev.filter(|_| self.current.is_some());
            prev = Some(tok);
            if at_line_start {
                if self.is_bullet(tok) {
                    self.close();
                    continue;
                }
                if tok.kind == TokenKind::Number && self.list_number_follows(tok, next) {
                    self.close();
                }
            }
            let current = self.current.get_or_insert(Current {
                start: tok.start,
                end: tok.end,
                first: tok,
                tokens: 0,
            });
            current.end = tok.end;
            current.tokens += 1;
            let Some(stop) = stop_kind(self.text, tok) else {
                continue;
            };
            let closed_quote = self.absorb_closers(&mut next, &mut prev);
            let after = self.tokens.get(next).copied();
            if self.ends_sentence(stop, tok, before, after, closed_quote) {
                self.close();
            }
        }
        self.close();
        self.out
    }

    fn close(&mut self) {
        if let Some(c) = self.current.take() {
            self.out.push(c.start..c.end);
        }
    }

    fn first_char(&self, tok: Token) -> char {
        tok.text(self.text).chars().next().unwrap_or(' ')
    }

    /// Moves the end of the current sentence over stops and closing quotes
    /// glued to the stop (`?!`, `.”`, `.)`). Returns whether a closing
    /// quote or bracket was taken.
    fn absorb_closers(&mut self, next: &mut usize, prev: &mut Option<Token>) -> bool {
        let mut closed = false;
        let text = self.text;
        let Some(current) = self.current.as_mut() else {
            return false;
        };
        loop {
            match self.tokens.get(*next).copied() {
                Some(n)
                    if n.start == current.end && (is_stop_punct(text, n) || is_closer(text, n)) =>
                {
                    closed |= is_closer(text, n);
                    current.end = n.end;
                    current.tokens += 1;
                    *prev = Some(n);
                    *next += 1;
                }
                _ => return closed,
            }
        }
    }

    fn ends_sentence(
        &self,
        stop: Stop,
        tok: Token,
        before: Option<Token>,
        next: Option<Token>,
        closed_quote: bool,
    ) -> bool {
        let Some(current) = self.current.as_ref() else {
            return false;
        };
        let Some(next) = next else { return true };
        if next.start == current.end {
            // No space after the stop: "gemeente.nl", "A.Wesselink".
            return false;
        }
        // A comma or semicolon after the stop continues the sentence:
        // "‘goed?’, vroeg hij".
        let continues =
            next.kind == TokenKind::Punct && matches!(next.text(self.text), "," | ";" | ":");
        let next_first = self.first_char(next);
        let next_lower = next.kind == TokenKind::Word && next_first.is_lowercase();
        match stop {
            Stop::Colon => self.text[current.end..next.start].contains('\n'),
            _ if continues => false,
            Stop::Strong => !next_lower,
            Stop::Abbreviation => next.kind == TokenKind::Word && next_first.is_uppercase(),
            Stop::Dot => {
                if closed_quote && next_lower {
                    return false;
                }
                let Some(before) = before.filter(|b| b.end == tok.start) else {
                    return true;
                };
                let before_text = before.text(self.text);
                let initial = before.kind == TokenKind::Word
                    && before_text.chars().count() == 1
                    && before_text.chars().all(char::is_uppercase);
                let list_number = current.first.kind == TokenKind::Number && current.tokens == 2;
                let month_abbreviation = next.kind == TokenKind::Number
                    && before_text.len() <= 4
                    && lexicon::month_number(before_text).is_some();
                !(initial || list_number || month_abbreviation)
            }
        }
    }

    /// A bullet at the start of a line: a list symbol followed by a space.
    fn is_bullet(&self, tok: Token) -> bool {
        let is_symbol = tok.kind == TokenKind::Punct
            && matches!(
                tok.text(self.text),
                "•" | "◦"
                    | "▪"
                    | "▫"
                    | "‣"
                    | "∙"
                    | "·"
                    | "●"
                    | "○"
                    | "■"
                    | "□"
                    | "►"
                    | "▶"
                    | "➢"
                    | "➤"
                    | "✓"
                    | "✔"
                    | "-"
                    | "*"
                    | "–"
                    | "—"
                    | "+"
            );
        is_symbol
            && self.text[tok.end..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    }

    /// `2.` or `2)` followed by a space: a list number (called for a number
    /// at the start of a line).
    fn list_number_follows(&self, number: Token, next: usize) -> bool {
        let Some(&next) = self.tokens.get(next) else {
            return false;
        };
        next.start == number.end
            && number.end - number.start <= 3
            && matches!(next.text(self.text), "." | ")")
            && self.text[next.end..]
                .chars()
                .next()
                .is_some_and(char::is_whitespace)
    }
}

// Inlined: the pre-check is a few instructions, less than the call.
#[inline]
fn stop_kind(text: &str, tok: Token) -> Option<Stop> {
    // Called for every token, and most are no stop: one byte rules out
    // a word that does not end in a dot and punctuation other than `.`,
    // `:`, `?`, `!` and `…` (whose UTF-8 starts with 0xE2).
    let bytes = text.as_bytes();
    let maybe = match tok.kind {
        TokenKind::Number => false,
        TokenKind::Word => bytes.get(tok.end.wrapping_sub(1)) == Some(&b'.'),
        TokenKind::Punct => matches!(bytes.get(tok.start), Some(b'.' | b':' | b'?' | b'!' | 0xE2)),
    };
    if !maybe {
        return None;
    }
    stop_kind_of(text, tok)
}

/// [`stop_kind`] without the one-byte pre-check.
fn stop_kind_of(text: &str, tok: Token) -> Option<Stop> {
    let s = tok.text(text);
    match tok.kind {
        TokenKind::Punct => match s {
            "." => Some(Stop::Dot),
            ":" => Some(Stop::Colon),
            "…" | "?" | "!" => Some(Stop::Strong),
            _ if s.starts_with("..") => Some(Stop::Strong),
            _ => None,
        },
        TokenKind::Word if s.ends_with('.') && lexicon::may_end_sentence(s) => {
            Some(Stop::Abbreviation)
        }
        _ => None,
    }
}

fn is_stop_punct(text: &str, tok: Token) -> bool {
    tok.kind == TokenKind::Punct && matches!(stop_kind(text, tok), Some(Stop::Dot | Stop::Strong))
}

fn is_closer(text: &str, tok: Token) -> bool {
    tok.kind == TokenKind::Punct
        && matches!(
            tok.text(text),
            "”" | "’" | "\"" | "'" | "»" | "›" | "“" | ")" | "]" | "}"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-byte pre-check of [`stop_kind`] rules out only tokens that
    /// are no stop: same answer as without it for every token of the
    /// bundled corpus and of awkward snippets.
    #[test]
    fn stop_kind_pre_check_changes_nothing() {
        let mut texts: Vec<String> = vec![
            "Zie o.a. blz. 3... enz. Etc. Nee!? Ja… ‘Wie?’ 12:30 :-) – — “x” 2. Punt".into(),
            "A.Wesselink en P. Bakker (D66): 12% van 800.000 euro...Nee!".into(),
        ];
        texts.extend(crate::testdata::corpus_texts());
        let mut stops = 0;
        for text in &texts {
            for tok in tokens(text) {
                let expected = stop_kind_of(text, tok);
                assert!(stop_kind(text, tok) == expected, "{:?}", tok.text(text));
                stops += usize::from(expected.is_some());
            }
        }
        assert!(stops > 100, "{stops}");
    }

    /// What the pipeline shares must equal what each stage computed on its
    /// own: the sentences of a passage, and the tokens of each sentence as
    /// if the sentence were tokenised alone. Checked on every paragraph of
    /// the bundled corpus and on awkward snippets.
    #[test]
    fn segmentation_equals_separate_splitting() {
        let mut texts: Vec<String> = vec![
            "• Punt een.\n• Punt twee?\n3. Rondvraag: wie?".into(),
            "Zie o.a. blz. 3. ’s Middags: ‘hoe gaan we dit aanpakken?’ en ‘wanneer …’".into(),
            "A.Wesselink en P. Bakker (D66): 12% van 800.000 euro...Nee!".into(),
        ];
        texts.extend(crate::testdata::corpus_texts());
        let mut seg = Segmentation::default();
        for text in &texts {
            seg.clear();
            let paragraphs = crate::text::paragraphs(text);
            for p in &paragraphs {
                seg.push(&text[p.clone()]);
            }
            assert_eq!(seg.len(), paragraphs.len());
            for (i, p) in paragraphs.iter().enumerate() {
                let passage = &text[p.clone()];
                assert_eq!(seg.sentences(i), sentences(passage).as_slice());
                for (sentence, toks) in seg.sentence_tokens(i) {
                    let alone: Vec<Token> = tokens(&passage[sentence.clone()])
                        .map(|t| Token {
                            start: t.start + sentence.start,
                            end: t.end + sentence.start,
                            kind: t.kind,
                        })
                        .collect();
                    assert_eq!(toks, alone.as_slice(), "{:?}", &passage[sentence]);
                }
            }
        }
    }

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("   ", &[]),
            ("Een zin", &["Een zin"]),
            ("Een. Twee! Drie? Vier", &["Een.", "Twee!", "Drie?", "Vier"]),
            (
                "Zo zijn er nav de uitzending verschillende initiatieven gestart om de ICT-kennis in de Kamer bij te spijkeren. Marc moet zich verontschuldigen: hij is druk bezig.",
                &[
                    "Zo zijn er nav de uitzending verschillende initiatieven gestart om de ICT-kennis in de Kamer bij te spijkeren.",
                    "Marc moet zich verontschuldigen: hij is druk bezig.",
                ],
            ),
            (
                "Zo zijn er nav de uitzending verschillende initiatieven gestart… Daarna niet.",
                &["Zo zijn er nav de uitzending verschillende initiatieven gestart…", "Daarna niet."],
            ),
            ("Hij wacht… en wacht.", &["Hij wacht… en wacht."]),
            ("Hij wacht... Nu niet.", &["Hij wacht...", "Nu niet."]),
            (
                "En om blij te blijven. “Want als je zelf blij blijft, blijft de rest ook blij.” Henk Jan vraagt.",
                &[
                    "En om blij te blijven.",
                    "“Want als je zelf blij blijft, blijft de rest ook blij.”",
                    "Henk Jan vraagt.",
                ],
            ),
            (
                "Vragen als ‘hoe gaan we dit aanpakken?’ en ‘wanneer gaan we aan de slag?’ Jan-Willem herkent dit.",
                &[
                    "Vragen als ‘hoe gaan we dit aanpakken?’ en ‘wanneer gaan we aan de slag?’",
                    "Jan-Willem herkent dit.",
                ],
            ),
            ("Zei hij „Ja.” Toen ging hij.", &["Zei hij „Ja.”", "Toen ging hij."]),
            ("Hij zei \"nee!\" Dat was het.", &["Hij zei \"nee!\"", "Dat was het."]),
            ("Zij zei 'ja.' Klaar.", &["Zij zei 'ja.'", "Klaar."]),
            ("Het is 'goed?', vroeg hij.", &["Het is 'goed?', vroeg hij."]),
            (
                "Dit is bijv. Regio- en Woondeals. O.a. EZK, d.w.z. alles.",
                &["Dit is bijv. Regio- en Woondeals.", "O.a. EZK, d.w.z. alles."],
            ),
            ("Dhr. P. Bakker en mevr. A.B. de Vries kwamen.", &["Dhr. P. Bakker en mevr. A.B. de Vries kwamen."]),
            ("Koffie, thee enz. Daarna de rest.", &["Koffie, thee enz.", "Daarna de rest."]),
            ("Koffie enz. en thee.", &["Koffie enz. en thee."]),
            ("Dat kost ca. 800.000 euro. Of 2,5 miljoen.", &["Dat kost ca. 800.000 euro.", "Of 2,5 miljoen."]),
            ("3. Rondvraag", &["3. Rondvraag"]),
            ("Zie blz. 5 t/m 9. Prima.", &["Zie blz. 5 t/m 9.", "Prima."]),
            ("Dat was in 2021. Daarna niet.", &["Dat was in 2021.", "Daarna niet."]),
            ("Op 15 jan. 2021 kwam hij.", &["Op 15 jan. 2021 kwam hij."]),
            ("Kijk op gemeente.nl voor info.", &["Kijk op gemeente.nl voor info."]),
            ("(Zie bijlage.) Daarna verder.", &["(Zie bijlage.)", "Daarna verder."]),
            ("Wat?! Echt?", &["Wat?!", "Echt?"]),
            ("Agenda:\nPunt een\nPunt twee", &["Agenda:", "Punt een\nPunt twee"]),
            ("Het doel: meer impact.", &["Het doel: meer impact."]),
            (
                "Themasessies zoals\n  • ‘Werksessie van pilots’\n  • ‘City Deals zonder zijwieltjes’: Mede nav Ron.",
                &["Themasessies zoals", "‘Werksessie van pilots’", "‘City Deals zonder zijwieltjes’: Mede nav Ron."],
            ),
            ("1. Opening\n2. Mededelingen\n3. Rondvraag", &["1. Opening", "2. Mededelingen", "3. Rondvraag"]),
            ("- een\n- twee", &["een", "twee"]),
            ("•", &[]),
            ("Het e-mailadres wordt niet gepubliceerd. Vereiste velden zijn gemarkeerd met *", &[
                "Het e-mailadres wordt niet gepubliceerd.",
                "Vereiste velden zijn gemarkeerd met *",
            ]),
            ("?!?! ...", &["?!?!", "..."]),
            ("Москва. 東京。 ok", &["Москва.", "東京。 ok"]),
        ];
        for (text, expected) in cases {
            assert_eq!(split(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn seed_paragraph() {
        let text = "Henk Jan vraagt hoe Suzanne Potjer dit alles beluistert. Zij bepleitte de vorige keer de dynamische kwaliteit van City Deals. Dit gepraat over normen, is dat niet meer een statische kwaliteit? Zeker, vindt Suzanne, maar het gaat immers om de mix – van het formele en het informele!";
        assert_eq!(split(text).len(), 4);
    }

    #[test]
    fn ranges_are_trimmed_char_boundaries() {
        let text = "  “Ja!” zei ze…  Nee? \n\n ’s Avonds 👍. Eind ";
        for r in sentences(text) {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            let s = &text[r];
            assert_eq!(s, s.trim());
            assert!(!s.is_empty());
        }
    }

    #[test]
    fn long_inputs_are_fine() {
        for unit in ["a. ", "a.", "?", "…", "Zo. ", "\n• x", "3.\n", "enz. A "] {
            let text = unit.repeat(5_000);
            let n = sentences(&text).len();
            assert!(n <= text.len());
        }
    }
}
