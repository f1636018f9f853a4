//! Pattern rules for the mentions that patterns catch better than statistics:
//! dates, amounts of money, percentages and named deal programmes ("City Deal
//! Een Slimme Stad", "Regio Deal Noord-Veluwe", "Woondeal Groningen").
//!
//! Pure and linear: the text is lexed once and every rule looks ahead a
//! bounded number of tokens, so any input — huge, odd or empty — is safe.
//! Dates come from [`crate::text::dates`]; this module only gives them a
//! normalised ISO form.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::text::dates::{find_dates, has_ascii_digit, DatePrecision};

/// What a rule recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum RuleKind {
    Date,
    Money,
    Percent,
    Deal,
}

/// One recognised mention.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleMatch {
    pub kind: RuleKind,
    /// Byte range in the input.
    pub span: Range<usize>,
    /// The input text of `span`.
    pub text: String,
    /// Dates: ISO 8601 ("2021-03-09", "2021-03", "2021", "--04-15" without a
    /// year) or year and season ("2022-voorjaar"). Money: euros ("800000",
    /// "2500000", "300.5"). Percent: the number ("3.5"). Deal: the canonical
    /// name ("City Deal Een Slimme Stad"). `None` when no value can be
    /// derived (an impossible date, an amount too large to represent).
    pub normalized: Option<String>,
}

/// All rule matches in `text`, sorted by start and without overlaps: where
/// candidates overlap, the longest wins ("2000 miljoen euro" beats the year
/// "2000").
pub fn find(text: &str) -> Vec<RuleMatch> {
    let mut found = Vec::new();
    push_dates(text, &mut found);
    // Most passages name no amount and no deal; a look at the bytes spares
    // them the lexer.
    let amounts = has_ascii_digit(text) || may_name_currency(text);
    let deals = may_name_deal(text);
    if amounts || deals {
        let tokens = tokenize(text);
        if amounts {
            push_amounts(text, &tokens, &mut found);
        }
        if deals {
            push_deals(text, &tokens, &mut found);
        }
    }
    longest_first(found)
}

/// The canonical name of a deal written out in full ("City Deals Lokale
/// Weerbaarheid Cybercrime" → "City Deal Lokale Weerbaarheid Cybercrime"),
/// or `None` when `surface` is not exactly one named deal or deal programme.
pub fn canonical_deal(surface: &str) -> Option<String> {
    let trimmed = surface.trim();
    find(trimmed)
        .into_iter()
        .find(|m| m.kind == RuleKind::Deal && m.span == (0..trimmed.len()))
        .and_then(|m| m.normalized)
}

/// The name of a deal without its family ("City Deal Ruimte voor Lopen" →
/// "Ruimte voor Lopen"); `None` for programme names ("Woondeals") and for
/// strings that do not start with a deal family.
pub fn deal_name_part(canonical: &str) -> Option<&str> {
    FAMILIES.iter().find_map(|f| {
        let rest = canonical.strip_prefix(f.singular)?;
        let name = rest.strip_prefix(' ')?.trim();
        (!name.is_empty()).then_some(name)
    })
}

// ---------------------------------------------------------------------------
// Lexer, shared with `resolve`.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A run of letters and digits starting with a letter, with inner hyphens
    /// and apostrophes ("Noord-Veluwe", "zo’n"), or the article "'t".
    Word,
    /// ASCII digits with inner "." or "," groups ("800.000", "2,5").
    Number,
    /// Any other single non-space character.
    Punct(char),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
    /// Line breaks in the whitespace before the token (saturating): two or
    /// more mean a blank line, which no title or amount crosses.
    pub newlines_before: u8,
}

impl Token {
    pub(crate) fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    pub(crate) fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    /// A word equal to `w`, ignoring ASCII case.
    pub(crate) fn is(&self, text: &str, w: &str) -> bool {
        self.is_word() && self.text(text).eq_ignore_ascii_case(w)
    }

    pub(crate) fn is_punct(&self, c: char) -> bool {
        self.kind == TokenKind::Punct(c)
    }

    pub(crate) fn is_capitalised(&self, text: &str) -> bool {
        self.is_word()
            && self
                .text(text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    }

    pub(crate) fn after_blank_line(&self) -> bool {
        self.newlines_before >= 2
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// The character starting at byte `i`, or `None` at the end (or inside a
/// character).
fn char_at(text: &str, i: usize) -> Option<char> {
    match *text.as_bytes().get(i)? {
        b if b.is_ascii() => Some(char::from(b)),
        _ => text.get(i..)?.chars().next(),
    }
}

pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    // Dutch prose runs about six bytes a token, minutes with their lists,
    // numbers and punctuation fewer: a quarter of the bytes spares nearly
    // every regrowth (pages reserved but not written cost no memory).
    let mut tokens = Vec::with_capacity(bytes.len() / 4);
    let mut newlines: u8 = 0;
    let mut start = 0;
    // ASCII, nearly all of the text, is classified by its byte; the rest is
    // decoded and takes the `char` tests, which agree with the byte tests on
    // ASCII.
    while let Some(&b) = bytes.get(start) {
        let (kind, end) = match b {
            b'\n' => {
                newlines = newlines.saturating_add(1);
                start += 1;
                continue;
            }
            // The rest of ASCII's `char::is_whitespace`.
            b' ' | b'\t' | 0x0B | 0x0C | b'\r' => {
                start += 1;
                continue;
            }
            b'0'..=b'9' => (TokenKind::Number, number_end(bytes, start + 1)),
            b'a'..=b'z' | b'A'..=b'Z' => (TokenKind::Word, word_end(text, start + 1)),
            _ => {
                let Some(c) = char_at(text, start) else {
                    break;
                };
                let end = start + c.len_utf8();
                if c.is_whitespace() {
                    start = end;
                    continue;
                }
                if c.is_alphanumeric() {
                    (TokenKind::Word, word_end(text, end))
                } else if is_apostrophe(c)
                    && matches!(char_at(text, end), Some('t' | 's'))
                    && !char_at(text, end + 1).is_some_and(char::is_alphanumeric)
                    && text[..start]
                        .chars()
                        .next_back()
                        .is_none_or(char::is_whitespace)
                {
                    // "'t" and "’s" are words (articles), not a quote and a letter.
                    (TokenKind::Word, end + 1)
                } else {
                    (TokenKind::Punct(c), end)
                }
            }
        };
        tokens.push(Token {
            kind,
            start,
            end,
            newlines_before: newlines,
        });
        newlines = 0;
        start = end;
    }
    tokens
}

/// The end of the number whose first digit ends at `end`: ASCII digits,
/// and "." or "," between them.
fn number_end(bytes: &[u8], mut end: usize) -> usize {
    while let Some(&d) = bytes.get(end) {
        let group = matches!(d, b'.' | b',') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
        if !(d.is_ascii_digit() || group) {
            break;
        }
        end += 1;
    }
    end
}

/// The end of the word whose first character ends at `end`: letters and
/// digits, and hyphens and apostrophes between them.
fn word_end(text: &str, mut end: usize) -> usize {
    let bytes = text.as_bytes();
    let joins = |at: usize| char_at(text, at).is_some_and(char::is_alphanumeric);
    loop {
        let rest = &bytes[end..];
        end += rest
            .iter()
            .position(|&b| !ASCII_ALPHANUMERIC[usize::from(b)])
            .unwrap_or(rest.len());
        let Some(&b) = bytes.get(end) else {
            return end;
        };
        if b.is_ascii() {
            if !(matches!(b, b'-' | b'\'') && joins(end + 1)) {
                return end;
            }
            end += 1;
        } else {
            match char_at(text, end) {
                Some(d) if d.is_alphanumeric() => end += d.len_utf8(),
                Some(d @ '’') if joins(end + d.len_utf8()) => end += d.len_utf8(),
                _ => return end,
            }
        }
    }
}

/// `u8::is_ascii_alphanumeric` as a table: the word loop's one test per
/// letter is then a single load.
static ASCII_ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < table.len() {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Index of the token starting at or after byte `pos`.
pub(crate) fn token_at(tokens: &[Token], pos: usize) -> usize {
    tokens.partition_point(|t| t.start < pos)
}

// ---------------------------------------------------------------------------
// Titles, shared with `resolve` (affiliations like "van de Urban Futures
// Studio").

/// Lowercase words a title may contain between capitalised words ("Ruimte
/// voor Lopen", "Zicht op Ondermijning", "Circulair en Conceptueel Bouwen").
const TITLE_FUNCTION_WORDS: &[&str] = &[
    "voor", "op", "van", "de", "het", "en", "in", "met", "der", "den", "'t", "’t", "aan", "tot",
    "te", "ter",
];

/// A title never runs longer than this many tokens; it keeps look-ahead
/// bounded.
const MAX_TITLE_TOKENS: usize = 14;

fn is_title_function_word(text: &str, t: &Token) -> bool {
    t.is_word() && TITLE_FUNCTION_WORDS.contains(&t.text(text))
}

/// One past the last token of the title starting at token `from`: capitalised
/// words, joined by lowercase function words only when another capitalised
/// word follows. Returns `from` when no title starts there. Stops at
/// punctuation, at a lowercase content word and at a blank line.
pub(crate) fn title_end(text: &str, tokens: &[Token], from: usize) -> usize {
    let mut end = from;
    let mut j = from;
    while let Some(t) = tokens.get(j) {
        if j - from >= MAX_TITLE_TOKENS || (j > from && t.after_blank_line()) {
            break;
        }
        if t.is_capitalised(text) {
            j += 1;
            end = j;
            continue;
        }
        if j == from {
            break;
        }
        let mut k = j;
        while k - j < 3
            && tokens
                .get(k)
                .is_some_and(|t| is_title_function_word(text, t) && !t.after_blank_line())
        {
            k += 1;
        }
        let bridged = k > j
            && k - from < MAX_TITLE_TOKENS
            && tokens
                .get(k)
                .is_some_and(|t| t.is_capitalised(text) && !t.after_blank_line());
        if !bridged {
            break;
        }
        j = k;
    }
    end
}

/// The text from token `a` to token `b` (inclusive), whitespace collapsed.
fn joined(text: &str, tokens: &[Token], a: usize, b: usize) -> String {
    let (Some(first), Some(last)) = (tokens.get(a), tokens.get(b)) else {
        return String::new();
    };
    text.get(first.start..last.end)
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------
// Dates.

fn push_dates(text: &str, out: &mut Vec<RuleMatch>) {
    for m in find_dates(text, None) {
        let Some(surface) = text.get(m.span.clone()) else {
            continue;
        };
        out.push(RuleMatch {
            kind: RuleKind::Date,
            normalized: normalize_date(surface, m.date, m.precision),
            span: m.span,
            text: surface.to_owned(),
        });
    }
}

fn normalize_date(
    surface: &str,
    date: Option<time::Date>,
    precision: DatePrecision,
) -> Option<String> {
    let iso_day =
        |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    match (precision, date) {
        (DatePrecision::Day, Some(d)) => Some(iso_day(d)),
        (DatePrecision::Day, None) => {
            // No year: ISO 8601's "--MM-DD" still says which day. 2000 is a
            // leap year, so "29 februari" survives the round trip.
            let d = find_dates(surface, Some(2000))
                .into_iter()
                .find_map(|m| m.date)?;
            Some(format!("--{:02}-{:02}", u8::from(d.month()), d.day()))
        }
        (DatePrecision::Month, Some(d)) => {
            Some(format!("{:04}-{:02}", d.year(), u8::from(d.month())))
        }
        (DatePrecision::Season, Some(d)) => {
            let season = match u8::from(d.month()) {
                3..=5 => "voorjaar",
                6..=8 => "zomer",
                9..=11 => "najaar",
                _ => "winter",
            };
            Some(format!("{:04}-{season}", d.year()))
        }
        (DatePrecision::Year, Some(d)) => Some(format!("{:04}", d.year())),
        (_, None) => None,
    }
}

// ---------------------------------------------------------------------------
// Money and percentages.

/// Powers of ten named after a number ("2,5 miljoen"). "ton" is 100.000 in
/// money talk ("drie ton").
const MULTIPLIERS: &[(&str, u32)] = &[
    ("duizend", 3),
    ("ton", 5),
    ("miljoen", 6),
    ("mln", 6),
    ("miljard", 9),
    ("mld", 9),
    ("mrd", 9),
    ("biljoen", 12),
];

/// Number words that take a multiplier ("twee miljoen euro"), as mantissa
/// and decimals.
const NUMBER_WORDS: &[(&str, u128, u32)] = &[
    ("een", 1, 0),
    ("één", 1, 0),
    ("anderhalf", 15, 1),
    ("half", 5, 1),
    ("twee", 2, 0),
    ("drie", 3, 0),
    ("vier", 4, 0),
    ("vijf", 5, 0),
    ("zes", 6, 0),
    ("zeven", 7, 0),
    ("acht", 8, 0),
    ("negen", 9, 0),
    ("tien", 10, 0),
];

fn multiplier(text: &str, t: Option<&Token>) -> Option<u32> {
    let t = t?;
    MULTIPLIERS
        .iter()
        .find(|(w, _)| t.is(text, w))
        .map(|&(_, e)| e)
}

fn is_currency_word(text: &str, t: &Token) -> bool {
    // Asked of nearly every token; the length test spares most the slicing.
    matches!(t.end - t.start, 3 | 4)
        && (t.is(text, "euro") || (t.is_word() && t.text(text) == "EUR"))
}

/// `a` and `b` touch, with no whitespace between.
fn adjacent(a: &Token, b: &Token) -> bool {
    a.end == b.start
}

/// A number that is not glued to a letter before it ("A12").
fn starts_free(text: &str, t: &Token) -> bool {
    !text[..t.start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// The token after `i`, unless a blank line separates them.
fn continues_to(tokens: &[Token], i: usize) -> Option<&Token> {
    tokens.get(i + 1).filter(|t| !t.after_blank_line())
}

/// Parses a Dutch number ("800.000", "2,5", "1.200.000,50"; "2.5" with one
/// or two decimals is read the English way) into mantissa and decimals.
fn parse_number(s: &str) -> Option<(u128, u32)> {
    if s.len() > 36 {
        return None;
    }
    let (int_part, frac_part) = if let Some((int, frac)) = s.rsplit_once(',') {
        if int.contains(',') {
            // "1,200,000": English thousands; a Dutch decimal comma is single.
            if frac.len() != 3 || !int.split(',').skip(1).all(|g| g.len() == 3) {
                return None;
            }
            (s, "")
        } else {
            (int, frac)
        }
    } else if let Some((int, frac)) = s.rsplit_once('.') {
        if !int.contains('.') && (1..=2).contains(&frac.len()) {
            (int, frac)
        } else {
            if !s.split('.').skip(1).all(|g| g.len() == 3) {
                return None;
            }
            (s, "")
        }
    } else {
        (s, "")
    };
    let mut mantissa: u128 = 0;
    for c in int_part.chars().chain(frac_part.chars()) {
        if let Some(d) = c.to_digit(10) {
            mantissa = mantissa.checked_mul(10)?.checked_add(u128::from(d))?;
        } else if !matches!(c, '.' | ',') {
            return None;
        }
    }
    Some((mantissa, u32::try_from(frac_part.len()).ok()?))
}

/// `mantissa / 10^decimals * 10^exponent` as a plain decimal string.
fn format_amount(mantissa: u128, decimals: u32, exponent: u32) -> Option<String> {
    if exponent >= decimals {
        let scaled = mantissa.checked_mul(10u128.checked_pow(exponent - decimals)?)?;
        return Some(scaled.to_string());
    }
    let scale = decimals - exponent;
    let divisor = 10u128.checked_pow(scale)?;
    let int = mantissa / divisor;
    let frac = format!("{:0width$}", mantissa % divisor, width = scale as usize);
    let frac = frac.trim_end_matches('0');
    Some(if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    })
}

fn push_amounts(text: &str, tokens: &[Token], out: &mut Vec<RuleMatch>) {
    for i in 0..tokens.len() {
        if let Some(m) = money_prefixed(text, tokens, i) {
            out.push(m);
        }
        if let Some(m) = money_suffixed(text, tokens, i) {
            out.push(m);
        }
        if let Some(m) = percent(text, tokens, i) {
            out.push(m);
        }
    }
}

fn rule_match(
    text: &str,
    kind: RuleKind,
    start: usize,
    end: usize,
    normalized: Option<String>,
) -> Option<RuleMatch> {
    Some(RuleMatch {
        kind,
        span: start..end,
        text: text.get(start..end)?.to_owned(),
        normalized,
    })
}

/// "€ 2,5 miljoen", "€2,5 mln", "EUR 300", "€ 300,-".
fn money_prefixed(text: &str, tokens: &[Token], i: usize) -> Option<RuleMatch> {
    let sign = &tokens[i];
    if !(sign.is_punct('€') || (sign.is_word() && sign.text(text) == "EUR")) {
        return None;
    }
    let number = continues_to(tokens, i).filter(|t| t.kind == TokenKind::Number)?;
    let (mantissa, decimals) = parse_number(number.text(text))?;
    let mut last = i + 1;
    let mut exponent = 0;
    if let Some(e) = multiplier(text, continues_to(tokens, last)) {
        exponent = e;
        last += 1;
    } else if let Some(next) = continues_to(tokens, last) {
        if next.is_word() && adjacent(number, next) {
            return None; // "€300k" or a code: not a plain amount.
        }
        // "€ 300,-": the dash stands for zero cents.
        let comma = next.is_punct(',') && adjacent(number, next);
        let dash = tokens
            .get(last + 2)
            .filter(|d| d.is_punct('-') && adjacent(next, d));
        if let (true, Some(_)) = (comma, dash) {
            last += 2;
            if tokens
                .get(last + 1)
                .is_some_and(|d| d.is_punct('-') && adjacent(&tokens[last], d))
            {
                last += 1;
            }
        }
    }
    let normalized = format_amount(mantissa, decimals, exponent);
    rule_match(
        text,
        RuleKind::Money,
        sign.start,
        tokens[last].end,
        normalized,
    )
}

/// "800.000 euro", "1,2 miljoen euro", "twee miljoen euro", "300 €".
fn money_suffixed(text: &str, tokens: &[Token], i: usize) -> Option<RuleMatch> {
    let first = &tokens[i];
    // Called for every token: the currency must come one or two tokens on
    // (two after a multiplier, which a number word needs), and looking for
    // it first spares most tokens the number and multiplier lists.
    let is_currency =
        |t: Option<&Token>| t.is_some_and(|c| is_currency_word(text, c) || c.is_punct('€'));
    let currency_ahead = match first.kind {
        TokenKind::Number => {
            is_currency(continues_to(tokens, i)) || is_currency(continues_to(tokens, i + 1))
        }
        TokenKind::Word => is_currency(continues_to(tokens, i + 1)),
        TokenKind::Punct(_) => false,
    };
    if !currency_ahead {
        return None;
    }
    let (mantissa, decimals, needs_multiplier) = match first.kind {
        TokenKind::Number if starts_free(text, first) => {
            let (m, d) = parse_number(first.text(text))?;
            (m, d, false)
        }
        TokenKind::Word => {
            let &(_, m, d) = NUMBER_WORDS.iter().find(|(w, _, _)| first.is(text, w))?;
            (m, d, true)
        }
        _ => return None,
    };
    let mut last = i;
    let mut exponent = 0;
    if let Some(e) = multiplier(text, continues_to(tokens, last)) {
        exponent = e;
        last += 1;
    } else if needs_multiplier {
        return None;
    }
    let currency = continues_to(tokens, last)?;
    if !(is_currency_word(text, currency) || currency.is_punct('€')) {
        return None;
    }
    if currency.is_word()
        && text[currency.end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let normalized = format_amount(mantissa, decimals, exponent);
    rule_match(text, RuleKind::Money, first.start, currency.end, normalized)
}

/// "90 procent", "12%", "12 %", "3,5 procent".
fn percent(text: &str, tokens: &[Token], i: usize) -> Option<RuleMatch> {
    let number = &tokens[i];
    if number.kind != TokenKind::Number || !starts_free(text, number) {
        return None;
    }
    let sign = continues_to(tokens, i)?;
    let is_sign = sign.is_punct('%')
        || ["procent", "percent", "pct"]
            .iter()
            .any(|w| sign.is(text, w));
    if !is_sign {
        return None;
    }
    let (mantissa, decimals) = parse_number(number.text(text))?;
    rule_match(
        text,
        RuleKind::Percent,
        number.start,
        sign.end,
        format_amount(mantissa, decimals, 0),
    )
}

// ---------------------------------------------------------------------------
// Deals.

struct Family {
    /// The first word of the two-word form ("city" in "City Deal").
    lead: &'static str,
    /// The canonical singular ("City Deal").
    singular: &'static str,
    /// The programme, named when the plural stands alone ("Woondeals").
    /// `None` for City Deals: every session in this archive mentions them,
    /// so the bare word names nothing in particular.
    programme: Option<&'static str>,
}

const FAMILIES: &[Family] = &[
    Family {
        lead: "city",
        singular: "City Deal",
        programme: None,
    },
    Family {
        lead: "regio",
        singular: "Regio Deal",
        programme: Some("Regio Deals"),
    },
    Family {
        lead: "green",
        singular: "Green Deal",
        programme: Some("Green Deals"),
    },
    Family {
        lead: "town",
        singular: "Town Deal",
        programme: Some("Town Deals"),
    },
    Family {
        lead: "woon",
        singular: "Woondeal",
        programme: Some("Woondeals"),
    },
];

/// A deal family starting at token `i`: the family, whether it is plural,
/// and the index of the token after the family words.
fn family_at(text: &str, tokens: &[Token], i: usize) -> Option<(&'static Family, bool, usize)> {
    let t = tokens.get(i).filter(|t| t.is_word())?;
    // Called for every token of a passage that mentions deals: most words
    // are shorter than any lead ("te", "wat") or do not start like one (a
    // word never starts with a hyphen).
    let bytes = t.text(text).as_bytes();
    let first = bytes.first()?.to_ascii_lowercase();
    if bytes.len() < 4 || !FAMILIES.iter().any(|f| f.lead.as_bytes()[0] == first) {
        return None;
    }
    // The word is lower-cased into a small buffer. A family's word is at
    // most "regiodeals" once its hyphens are dropped; a longer word, or one
    // with a character beyond ASCII, is none (no such character lower-cases
    // to ASCII but the Kelvin sign, to 'k', which no family word holds).
    let mut lower = [0u8; 10];
    let mut len = 0;
    for &b in bytes {
        if b == b'-' {
            continue;
        }
        if !b.is_ascii() || len == lower.len() {
            return None;
        }
        lower[len] = b.to_ascii_lowercase();
        len += 1;
    }
    let word = &lower[..len];
    for f in FAMILIES {
        // One word: "Woondeal", "Regiodeals", "Regio-Deal".
        if let Some(rest) = word.strip_prefix(f.lead.as_bytes()) {
            match rest {
                b"deal" => return Some((f, false, i + 1)),
                b"deals" => return Some((f, true, i + 1)),
                b"" => {}
                _ => continue,
            }
            // Two words: "City Deal", "Town Deals". "Woon Deal" is not written.
            if f.lead == "woon" {
                continue;
            }
            let next = continues_to(tokens, i)?;
            if next.is(text, "deal") {
                return Some((f, false, i + 2));
            }
            if next.is(text, "deals") {
                return Some((f, true, i + 2));
            }
        }
    }
    None
}

/// Whether `text` may hold a currency word for [`push_amounts`]: a "€", or
/// "euro" or "EUR" not glued to a following letter or digit (as in
/// "Europa"). Only text without digits asks: there a number word ("twee
/// miljoen euro") is the only way to an amount.
fn may_name_currency(text: &str) -> bool {
    if text.contains('€') {
        return true;
    }
    let bytes = text.as_bytes();
    let free = |at: usize| !bytes.get(at).is_some_and(u8::is_ascii_alphanumeric);
    let euro_at = |i: usize| {
        bytes
            .get(i..i + 3)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"eur"))
            && (free(i + 3) || (matches!(bytes[i + 3], b'o' | b'O') && free(i + 4)))
    };
    let mut start = 0;
    while start + BLOCK + 2 <= bytes.len() {
        if block_has_letters(bytes, start, *b"eur") && (start..start + BLOCK).any(euro_at) {
            return true;
        }
        start += BLOCK;
    }
    (start..bytes.len()).any(euro_at)
}

/// Whether `text` may name a deal. Every family word ends in "deal" or
/// "deals" ("Citydeal", "City Deals"), compared ignoring ASCII case with its
/// hyphens dropped ("Regio-Deal"); a hyphen inside a word stands alone, so
/// the letters "deal" are there in that order, with at most a hyphen
/// between two of them ("De-al").
fn may_name_deal(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start + BLOCK + 3 <= bytes.len() {
        if block_has_letters(bytes, start, *b"deal") {
            return true;
        }
        // A hyphenated "deal" spans at most seven bytes around a hyphen.
        let hyphen = bytes[start..start + BLOCK]
            .iter()
            .fold(false, |any, &b| any | (b == b'-'));
        let around = start.saturating_sub(6)..(start + BLOCK + 6).min(bytes.len());
        if hyphen && deal_letters(&bytes[around]) {
            return true;
        }
        start += BLOCK;
    }
    deal_letters(&bytes[start.saturating_sub(6)..])
}

/// Whether `bytes` hold "deal", ignoring ASCII case and hyphens.
fn deal_letters(bytes: &[u8]) -> bool {
    let mut seen = 0;
    for &b in bytes {
        if b == b'-' {
            continue;
        }
        let b = b.to_ascii_lowercase();
        seen = if b == b"deal"[seen] {
            seen + 1
        } else {
            usize::from(b == b'd')
        };
        if seen == 4 {
            return true;
        }
    }
    false
}

/// Start positions [`block_has_letters`] tests at once.
const BLOCK: usize = 32;

/// Whether a position in `start..start + BLOCK` begins `letters` (lower-case
/// ASCII letters) ignoring ASCII case; reads `BLOCK + N - 1` bytes from
/// `start`. Branch-free over fixed-size blocks, so it compiles to vector
/// instructions: the cue checks read every byte of every passage.
fn block_has_letters<const N: usize>(bytes: &[u8], start: usize, letters: [u8; N]) -> bool {
    let mut all = [true; BLOCK];
    for (k, letter) in letters.into_iter().enumerate() {
        let column = &bytes[start + k..start + k + BLOCK];
        for (a, &b) in all.iter_mut().zip(column) {
            // `| 0x20` lower-cases an ASCII letter and maps nothing else
            // onto one.
            *a &= b | 0x20 == letter;
        }
    }
    all.iter().fold(false, |any, &a| any | a)
}

fn push_deals(text: &str, tokens: &[Token], out: &mut Vec<RuleMatch>) {
    for i in 0..tokens.len() {
        if let Some(m) = elliptic_programme(text, tokens, i) {
            out.push(m);
        }
        let Some((family, plural, next)) = family_at(text, tokens, i) else {
            continue;
        };
        let start = tokens[i].start;
        let head_end = tokens[next - 1].end;
        if let Some(m) = quoted_deal(text, tokens, family, start, next) {
            out.push(m);
            continue;
        }
        let parts = title_parts(text, tokens, next, plural);
        if parts.is_empty() {
            // A bare "City Deal(s)" names nothing; a bare "Woondeals" names a
            // programme.
            let capitalised = tokens[i].is_capitalised(text);
            if let (true, true, Some(programme)) = (plural, capitalised, family.programme) {
                out.extend(rule_match(
                    text,
                    RuleKind::Deal,
                    start,
                    head_end,
                    Some(programme.to_owned()),
                ));
            }
            continue;
        }
        for (n, &(a, b)) in parts.iter().enumerate() {
            let name = joined(text, tokens, a, b);
            let from = if n == 0 { start } else { tokens[a].start };
            let normalized = format!("{} {name}", family.singular);
            out.extend(rule_match(
                text,
                RuleKind::Deal,
                from,
                tokens[b].end,
                Some(normalized),
            ));
        }
    }
}

/// The names after a deal family, as inclusive token ranges. A plural family
/// names several deals: "City Deals Lokale Weerbaarheid Cybercrime en Zicht
/// op Ondermijning" is two, split at "en" and at commas.
fn title_parts(text: &str, tokens: &[Token], from: usize, plural: bool) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    if tokens.get(from).is_some_and(Token::after_blank_line) {
        return parts;
    }
    let mut j = from;
    loop {
        let end = title_end(text, tokens, j);
        if end == j {
            break;
        }
        if !plural {
            parts.push((j, end - 1));
            break;
        }
        let mut part_start = j;
        for k in j..end {
            if tokens[k].is(text, "en") {
                push_part(text, tokens, &mut parts, part_start, k);
                part_start = k + 1;
            }
        }
        push_part(text, tokens, &mut parts, part_start, end);
        let list_goes_on = tokens.get(end).is_some_and(|t| t.is_punct(','))
            && tokens
                .get(end + 1)
                .is_some_and(|t| t.is_capitalised(text) && !t.after_blank_line());
        if !list_goes_on || parts.len() > 8 {
            break;
        }
        j = end + 1;
    }
    parts
}

/// Adds tokens `a..b` as a name, without leading function words ("en de X").
fn push_part(
    text: &str,
    tokens: &[Token],
    parts: &mut Vec<(usize, usize)>,
    mut a: usize,
    b: usize,
) {
    while a < b && !tokens[a].is_capitalised(text) {
        a += 1;
    }
    if a < b {
        parts.push((a, b - 1));
    }
}

const OPENING_QUOTES: &[char] = &['‘', '“', '"', '\'', '„', '«'];
const CLOSING_QUOTES: &[char] = &['’', '”', '"', '\'', '»', '“'];

/// "City Deal ‘Een Slimme Stad’": the quotes delimit the name.
fn quoted_deal(
    text: &str,
    tokens: &[Token],
    family: &Family,
    start: usize,
    at: usize,
) -> Option<RuleMatch> {
    let open = tokens.get(at).filter(|t| !t.after_blank_line())?;
    if !matches!(open.kind, TokenKind::Punct(c) if OPENING_QUOTES.contains(&c)) {
        return None;
    }
    let mut words = 0;
    for k in at + 1..(at + 1 + MAX_TITLE_TOKENS).min(tokens.len()) {
        let t = &tokens[k];
        if t.after_blank_line() {
            return None;
        }
        if matches!(t.kind, TokenKind::Punct(c) if CLOSING_QUOTES.contains(&c)) {
            if words == 0 || !tokens[at + 1].is_capitalised(text) {
                return None;
            }
            let name = joined(text, tokens, at + 1, k - 1);
            let normalized = format!("{} {name}", family.singular);
            return rule_match(text, RuleKind::Deal, start, t.end, Some(normalized));
        }
        words += usize::from(t.is_word());
    }
    None
}

/// "Regio- en Woondeals": the hyphen borrows "deals" from the next word.
fn elliptic_programme(text: &str, tokens: &[Token], i: usize) -> Option<RuleMatch> {
    let lead = tokens.get(i)?;
    // The hyphen is rare; testing it first spares the capital test.
    let hyphen = tokens
        .get(i + 1)
        .filter(|t| t.is_punct('-') && adjacent(lead, t))?;
    if !lead.is_capitalised(text) {
        return None;
    }
    let conjunction = tokens.get(i + 2)?;
    if !(conjunction.is(text, "en") || conjunction.is(text, "of")) {
        return None;
    }
    let (_, plural, _) = family_at(text, tokens, i + 3)?;
    let family = FAMILIES.iter().find(|f| lead.is(text, f.lead))?;
    let programme = family.programme.filter(|_| plural)?;
    rule_match(
        text,
        RuleKind::Deal,
        lead.start,
        hyphen.end,
        Some(programme.to_owned()),
    )
}

// ---------------------------------------------------------------------------
// Overlaps.

/// Keeps the longest of overlapping matches (earlier start, then kind, on a
/// tie) and returns the survivors sorted by start.
fn longest_first(mut candidates: Vec<RuleMatch>) -> Vec<RuleMatch> {
    candidates.retain(|m| m.span.start < m.span.end);
    candidates.sort_by(|a, b| {
        let len = |m: &RuleMatch| m.span.end - m.span.start;
        len(b)
            .cmp(&len(a))
            .then(a.span.start.cmp(&b.span.start))
            .then(a.kind.cmp(&b.kind))
    });
    let mut kept: BTreeMap<usize, RuleMatch> = BTreeMap::new();
    for m in candidates {
        let before = kept.range(..=m.span.start).next_back();
        let after = kept.range(m.span.start..).next();
        let clashes = before.is_some_and(|(_, k)| k.span.end > m.span.start)
            || after.is_some_and(|(&s, _)| s < m.span.end);
        if !clashes {
            kept.insert(m.span.start, m);
        }
    }
    kept.into_values().collect()
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;

    type Expected<'a> = &'a [(RuleKind, &'a str, Option<&'a str>)];

    /// Asserts that `text` yields exactly `expected` (kind, span text,
    /// normalised value).
    fn check(text: &str, expected: Expected) {
        let matches = find(text);
        let found: Vec<(RuleKind, &str, Option<&str>)> = matches
            .iter()
            .map(|m| (m.kind, &text[m.span.clone()], m.normalized.as_deref()))
            .collect();
        assert_eq!(found, expected, "{text:?}");
    }

    use RuleKind::*;

    #[test]
    fn dates() {
        let cases: &[(&str, Expected)] = &[
            (
                "Op 9 maart 2021 was het",
                &[(Date, "9 maart 2021", Some("2021-03-09"))],
            ),
            (
                "dinsdag 9 maart",
                &[(Date, "dinsdag 9 maart", Some("--03-09"))],
            ),
            ("op 15 april.", &[(Date, "15 april", Some("--04-15"))]),
            (
                "sinds 18 december",
                &[(Date, "18 december", Some("--12-18"))],
            ),
            (
                "in het voorjaar van 2022",
                &[(Date, "voorjaar van 2022", Some("2022-voorjaar"))],
            ),
            ("najaar 2023", &[(Date, "najaar 2023", Some("2023-najaar"))]),
            ("maart 2021", &[(Date, "maart 2021", Some("2021-03"))]),
            ("in 2021", &[(Date, "2021", Some("2021"))]),
            ("31 februari 2021", &[(Date, "31 februari 2021", None)]),
            ("800.000 inwoners", &[]),
        ];
        for (text, expected) in cases {
            check(text, expected);
        }
    }

    #[test]
    fn money_and_percentages() {
        let cases: &[(&str, Expected)] = &[
            (
                "een premie van 800.000 euro die",
                &[(Money, "800.000 euro", Some("800000"))],
            ),
            (
                "€ 2,5 miljoen",
                &[(Money, "€ 2,5 miljoen", Some("2500000"))],
            ),
            ("€2,5 mln.", &[(Money, "€2,5 mln", Some("2500000"))]),
            (
                "1,2 miljoen euro",
                &[(Money, "1,2 miljoen euro", Some("1200000"))],
            ),
            (
                "25 duizend euro",
                &[(Money, "25 duizend euro", Some("25000"))],
            ),
            ("EUR 300", &[(Money, "EUR 300", Some("300"))]),
            ("€ 300,- per jaar", &[(Money, "€ 300,-", Some("300"))]),
            ("€ 12,50", &[(Money, "€ 12,50", Some("12.5"))]),
            (
                "twee miljoen euro",
                &[(Money, "twee miljoen euro", Some("2000000"))],
            ),
            (
                "2000 miljoen euro",
                &[(Money, "2000 miljoen euro", Some("2000000000"))],
            ),
            ("€ 2000", &[(Money, "€ 2000", Some("2000"))]),
            ("een miljoen huizen", &[]),
            ("90 procent", &[(Percent, "90 procent", Some("90"))]),
            ("12%", &[(Percent, "12%", Some("12"))]),
            ("12 %", &[(Percent, "12 %", Some("12"))]),
            ("3,5 procent", &[(Percent, "3,5 procent", Some("3.5"))]),
            ("A12%", &[]),
            ("€300k", &[]),
            (
                "€ 99999999999999999999999999999999999 miljard",
                &[(Money, "€ 99999999999999999999999999999999999 miljard", None)],
            ),
        ];
        for (text, expected) in cases {
            check(text, expected);
        }
    }

    #[test]
    fn deals() {
        let cases: &[(&str, Expected)] = &[
            (
                "beet Jan-Willem Wesselink van de City Deal Een Slimme Stad het spits af.",
                &[(
                    Deal,
                    "City Deal Een Slimme Stad",
                    Some("City Deal Een Slimme Stad"),
                )],
            ),
            (
                "de City Deal Ruimte voor Lopen laat weten",
                &[(
                    Deal,
                    "City Deal Ruimte voor Lopen",
                    Some("City Deal Ruimte voor Lopen"),
                )],
            ),
            (
                "van de City Deals Lokale Weerbaarheid Cybercrime en Zicht op Ondermijning, denken",
                &[
                    (
                        Deal,
                        "City Deals Lokale Weerbaarheid Cybercrime",
                        Some("City Deal Lokale Weerbaarheid Cybercrime"),
                    ),
                    (
                        Deal,
                        "Zicht op Ondermijning",
                        Some("City Deal Zicht op Ondermijning"),
                    ),
                ],
            ),
            (
                "de City Deal Circulair en Conceptueel Bouwen: men",
                &[(
                    Deal,
                    "City Deal Circulair en Conceptueel Bouwen",
                    Some("City Deal Circulair en Conceptueel Bouwen"),
                )],
            ),
            (
                "Regio Deal Noord-Veluwe",
                &[(
                    Deal,
                    "Regio Deal Noord-Veluwe",
                    Some("Regio Deal Noord-Veluwe"),
                )],
            ),
            (
                "Regiodeal Noord-Veluwe",
                &[(
                    Deal,
                    "Regiodeal Noord-Veluwe",
                    Some("Regio Deal Noord-Veluwe"),
                )],
            ),
            (
                "de Woondeal Groningen.",
                &[(Deal, "Woondeal Groningen", Some("Woondeal Groningen"))],
            ),
            (
                "de Woondeals en Town Deals",
                &[
                    (Deal, "Woondeals", Some("Woondeals")),
                    (Deal, "Town Deals", Some("Town Deals")),
                ],
            ),
            (
                "Regio- en Woondeals",
                &[
                    (Deal, "Regio-", Some("Regio Deals")),
                    (Deal, "Woondeals", Some("Woondeals")),
                ],
            ),
            (
                "de Green Deal Duurzame Zorg",
                &[(
                    Deal,
                    "Green Deal Duurzame Zorg",
                    Some("Green Deal Duurzame Zorg"),
                )],
            ),
            (
                "City Deal ‘Een Slimme Stad’",
                &[(
                    Deal,
                    "City Deal ‘Een Slimme Stad’",
                    Some("City Deal Een Slimme Stad"),
                )],
            ),
            ("Deze City Deal zit in een andere fase", &[]),
            ("betrokkenen bij City Deals de kans", &[]),
            ("het label City Deal?", &[]),
            ("een City Deal\n\nHet woord", &[]),
            (
                "de City Deal Impact ondernemen",
                &[(Deal, "City Deal Impact", Some("City Deal Impact"))],
            ),
            (
                "de City Deal Kennis Maken!",
                &[(
                    Deal,
                    "City Deal Kennis Maken",
                    Some("City Deal Kennis Maken"),
                )],
            ),
        ];
        for (text, expected) in cases {
            check(text, expected);
        }
    }

    #[test]
    fn canonical_deal_names() {
        let cases = [
            (
                "City Deal Een Slimme Stad",
                Some("City Deal Een Slimme Stad"),
            ),
            (
                " City Deals Lokale Weerbaarheid Cybercrime ",
                Some("City Deal Lokale Weerbaarheid Cybercrime"),
            ),
            ("Woondeals", Some("Woondeals")),
            ("City Deal", None),
            ("Ruimte voor Lopen", None),
            ("City Deal Een Slimme Stad en meer", None),
        ];
        for (s, expected) in cases {
            assert_eq!(canonical_deal(s).as_deref(), expected, "{s:?}");
        }
        assert_eq!(
            deal_name_part("City Deal Ruimte voor Lopen"),
            Some("Ruimte voor Lopen")
        );
        assert_eq!(deal_name_part("Woondeal Groningen"), Some("Groningen"));
        assert_eq!(deal_name_part("Woondeals"), None);
    }

    #[test]
    fn numbers_parse_the_dutch_way() {
        let cases = [
            ("800.000", Some((800_000, 0))),
            ("2,5", Some((25, 1))),
            ("1.200.000,50", Some((120_000_050, 2))),
            ("2.5", Some((25, 1))),
            ("1,200,000", Some((1_200_000, 0))),
            ("1.2.3", None),
            ("1,2,3", None),
        ];
        for (s, expected) in cases {
            assert_eq!(parse_number(s), expected, "{s:?}");
        }
    }

    /// The seed report, when the shared folder is present.
    fn seed() -> Option<String> {
        crate::testdata::seed()
    }

    #[test]
    fn seed_report() {
        let Some(text) = seed() else { return };
        let matches = find(&text);
        let has = |kind: RuleKind, surface: &str| {
            matches.iter().any(|m| m.kind == kind && m.text == surface)
        };
        for date in ["9 maart 2021", "4 maart", "18 december", "15 april"] {
            assert!(has(Date, date), "date {date:?}");
        }
        assert!(has(Percent, "90 procent"));
        assert!(has(Money, "800.000 euro"));
        let deals: Vec<&str> = matches
            .iter()
            .filter(|m| m.kind == Deal)
            .filter_map(|m| m.normalized.as_deref())
            .collect();
        for deal in [
            "City Deal Een Slimme Stad",
            "City Deal Ruimte voor Lopen",
            "City Deal Energieke Wijken",
            "City Deal Eenvoudig Maatwerk",
            "City Deal Lokale Weerbaarheid Cybercrime",
            "City Deal Zicht op Ondermijning",
            "City Deal Impact Ondernemen",
        ] {
            assert!(deals.contains(&deal), "deal {deal:?} in {deals:?}");
        }
        // "Ruimte voor Lopen" alone is left to resolution.
        assert_eq!(
            deals
                .iter()
                .filter(|d| **d == "City Deal Ruimte voor Lopen")
                .count(),
            1
        );
        // No year is read out of "800.000".
        assert!(!matches
            .iter()
            .any(|m| m.kind == Date && m.text.contains("000")));
    }

    /// The cue checks test blocks of bytes at once: a deal word must be
    /// seen at every offset, across block edges, hyphenated or not.
    #[test]
    fn deal_and_currency_cues_see_every_offset() {
        for offset in 0..100 {
            let filler = "a".repeat(offset);
            for word in ["deal", "DEAL", "De-al", "d-e-a-l", "Regio-Deals"] {
                let text = format!("{filler}{word}{filler}");
                assert!(may_name_deal(&text), "{text:?}");
            }
            for word in ["euro", "EUR", "Euro.", "€"] {
                let text = format!("{filler} {word}");
                assert!(may_name_currency(&text), "{text:?}");
                let text = format!("{word} {filler}");
                assert!(may_name_currency(&text), "{text:?}");
            }
            let none = format!("{filler} dea l, Europa, euros, ideaal {filler}");
            assert!(!may_name_deal(&none), "{none:?}");
            assert!(!may_name_currency(&none), "{none:?}");
        }
    }

    #[test]
    fn never_panics() {
        let odd =
            "\u{0}€\u{FEFF}9\u{301} maart 2021 ẞ 𝟗 😀 City Deal 😀 Een € 2,5 mln ’t 12 %\u{10FFFF}";
        for cut in 0..=odd.len() {
            if let Some(s) = odd.get(..cut) {
                let _ = find(s);
            }
            if let Some(s) = odd.get(cut..) {
                let _ = find(s);
            }
        }
        assert!(find("").is_empty());
        let long_word = "a".repeat(1_000_000);
        assert!(find(&long_word).is_empty());
        let digits = "9".repeat(1_000_000);
        assert!(find(&digits).is_empty());
        let punct = "€,".repeat(300_000);
        assert!(find(&punct).is_empty());
        let many = "City Deal Een Slimme Stad kost € 2,5 mln in 2021. ".repeat(5_000);
        assert_eq!(find(&many).len(), 15_000);
    }
}
