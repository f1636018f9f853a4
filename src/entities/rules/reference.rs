//! The rules as they were before the speed work of issue 6 (main at
//! f2d5a58), kept verbatim as the oracle for the equivalence tests in
//! `rules`: every shortcut in `rules` and `text::dates` must give exactly
//! what this code gives.

#![allow(dead_code)]

use super::{RuleKind, RuleMatch};
use std::collections::BTreeMap;

use self::dates::find_dates;
use crate::text::dates::DatePrecision;

/// All rule matches in `text`, sorted by start and without overlaps: where
/// candidates overlap, the longest wins ("2000 miljoen euro" beats the year
/// "2000").
pub fn find(text: &str) -> Vec<RuleMatch> {
    let tokens = tokenize(text);
    let mut found = Vec::new();
    push_dates(text, &mut found);
    push_amounts(text, &tokens, &mut found);
    push_deals(text, &tokens, &mut found);
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
pub enum TokenKind {
    /// A run of letters and digits starting with a letter, with inner hyphens
    /// and apostrophes ("Noord-Veluwe", "zo’n"), or the article "'t".
    Word,
    /// ASCII digits with inner "." or "," groups ("800.000", "2,5").
    Number,
    /// Any other single non-space character.
    Punct(char),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
    /// Line breaks in the whitespace before the token (saturating): two or
    /// more mean a blank line, which no title or amount crosses.
    pub newlines_before: u8,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    /// A word equal to `w`, ignoring ASCII case.
    pub fn is(&self, text: &str, w: &str) -> bool {
        self.is_word() && self.text(text).eq_ignore_ascii_case(w)
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokenKind::Punct(c)
    }

    pub fn is_capitalised(&self, text: &str) -> bool {
        self.is_word()
            && self
                .text(text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    }

    pub fn after_blank_line(&self) -> bool {
        self.newlines_before >= 2
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut newlines: u8 = 0;
    let mut chars = text.char_indices().peekable();
    let next_char = |i: usize| text.get(i..).and_then(|s| s.chars().next());
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            if c == '\n' {
                newlines = newlines.saturating_add(1);
            }
            continue;
        }
        let mut end = start + c.len_utf8();
        let kind = if c.is_ascii_digit() {
            while let Some(&(i, d)) = chars.peek() {
                let group =
                    matches!(d, '.' | ',') && next_char(i + 1).is_some_and(|n| n.is_ascii_digit());
                if !(d.is_ascii_digit() || group) {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            TokenKind::Number
        } else if c.is_alphanumeric() {
            while let Some(&(i, d)) = chars.peek() {
                let joiner = (d == '-' || is_apostrophe(d))
                    && next_char(i + d.len_utf8()).is_some_and(char::is_alphanumeric);
                if !(d.is_alphanumeric() || joiner) {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            TokenKind::Word
        } else if is_apostrophe(c)
            && matches!(next_char(end), Some('t' | 's'))
            && !next_char(end + 1).is_some_and(char::is_alphanumeric)
            && text[..start]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace)
        {
            // "'t" and "’s" are words (articles), not a quote and a letter.
            chars.next();
            end += 1;
            TokenKind::Word
        } else {
            TokenKind::Punct(c)
        };
        tokens.push(Token {
            kind,
            start,
            end,
            newlines_before: newlines,
        });
        newlines = 0;
    }
    tokens
}

/// Index of the token starting at or after byte `pos`.
pub fn token_at(tokens: &[Token], pos: usize) -> usize {
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
pub fn title_end(text: &str, tokens: &[Token], from: usize) -> usize {
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
    t.is(text, "euro") || (t.is_word() && t.text(text) == "EUR")
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
    // Called for every token: most cannot start a family's lead, and the
    // test below needs no allocation (a word token never starts with '-').
    let first = t.text(text).chars().next()?.to_lowercase().next()?;
    if !FAMILIES.iter().any(|f| f.lead.starts_with(first)) {
        return None;
    }
    let word = t.text(text).to_lowercase().replace('-', "");
    for f in FAMILIES {
        // One word: "Woondeal", "Regiodeals", "Regio-Deal".
        if let Some(rest) = word.strip_prefix(f.lead) {
            match rest {
                "deal" => return Some((f, false, i + 1)),
                "deals" => return Some((f, true, i + 1)),
                "" => {}
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
    let lead = tokens.get(i).filter(|t| t.is_capitalised(text))?;
    let hyphen = tokens
        .get(i + 1)
        .filter(|t| t.is_punct('-') && adjacent(lead, t))?;
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

/// `text::dates` as it was.
pub mod dates {
    use std::collections::VecDeque;
    use time::{Date, Month};

    use crate::text::dates::{DateMention, DatePrecision};

    /// Years outside this range are not taken for years: "1850" or "2500" in
    /// minutes are far more often amounts or codes than dates.
    const YEARS: std::ops::RangeInclusive<u16> = 1900..=2100;

    /// All date mentions in `text`, in order, without overlaps. `default_year`
    /// completes mentions without a year ("15 april").
    pub fn find_dates(text: &str, default_year: Option<i32>) -> Vec<DateMention> {
        Scanner::new(text, default_year).collect()
    }

    /// Parses an ISO calendar date ("2021-03-09"), surrounding whitespace allowed.
    pub fn parse_iso_date(s: &str) -> Option<Date> {
        let mut parts = s.trim().split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || !(1..=2).contains(&m.len()) {
            return None;
        }
        if !(1..=2).contains(&d.len()) {
            return None;
        }
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if !(all_digits(y) && all_digits(m) && all_digits(d)) {
            return None;
        }
        calendar_date(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// The first date in `text` that names a day including its year: "dinsdag 9
    /// maart 2021", "9-3-2021", "09-03-2021" or "2021-03-09". Stops scanning at
    /// the first hit.
    pub fn first_full_date(text: &str) -> Option<Date> {
        // Mentions without a year or of impossible days have no date; the first
        // complete one wins.
        Scanner::new(text, None)
            .filter(|m| m.precision == DatePrecision::Day)
            .find_map(|m| m.date)
    }

    fn calendar_date(year: i32, month: u8, day: u8) -> Option<Date> {
        if !YEARS.contains(&u16::try_from(year).ok()?) {
            return None;
        }
        Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Kind {
        Word,
        Number,
        Punct(char),
    }

    #[derive(Debug, Clone, Copy)]
    struct Token {
        kind: Kind,
        start: usize,
        end: usize,
    }

    /// Splits text into words (alphabetic runs), numbers (ASCII digit runs) and
    /// single punctuation characters; whitespace only separates.
    struct Lexer<'a> {
        text: &'a str,
        pos: usize,
    }

    impl Iterator for Lexer<'_> {
        type Item = Token;

        fn next(&mut self) -> Option<Token> {
            let rest = self.text.get(self.pos..)?;
            let mut chars = rest.char_indices().skip_while(|(_, c)| c.is_whitespace());
            let (offset, first) = chars.next()?;
            let start = self.pos + offset;
            let (kind, same): (Kind, fn(char) -> bool) = if first.is_ascii_digit() {
                (Kind::Number, |c| c.is_ascii_digit())
            } else if first.is_alphabetic() {
                (Kind::Word, char::is_alphabetic)
            } else {
                (Kind::Punct(first), |_| false)
            };
            let mut end = start + first.len_utf8();
            for (i, c) in chars {
                if !same(c) {
                    break;
                }
                end = self.pos + i + c.len_utf8();
            }
            self.pos = end;
            Some(Token { kind, start, end })
        }
    }

    /// The longest pattern ("dinsdag , 9 e maart . 2021") needs this many tokens.
    const LOOKAHEAD: usize = 8;

    struct Scanner<'a> {
        text: &'a str,
        default_year: Option<i32>,
        lexer: Lexer<'a>,
        window: VecDeque<Token>,
    }

    impl<'a> Scanner<'a> {
        fn new(text: &'a str, default_year: Option<i32>) -> Self {
            Scanner {
                text,
                default_year,
                lexer: Lexer { text, pos: 0 },
                window: VecDeque::with_capacity(LOOKAHEAD),
            }
        }

        fn fill(&mut self) {
            while self.window.len() < LOOKAHEAD {
                match self.lexer.next() {
                    Some(t) => self.window.push_back(t),
                    None => break,
                }
            }
        }

        fn at(&self, i: usize) -> Option<Token> {
            self.window.get(i).copied()
        }

        fn slice(&self, t: Token) -> &'a str {
            &self.text[t.start..t.end]
        }

        fn word_at(&self, i: usize) -> Option<&'a str> {
            self.at(i)
                .filter(|t| t.kind == Kind::Word)
                .map(|t| self.slice(t))
        }

        /// The numeric value of a digit token of `len` digits (a range).
        fn number_at(&self, i: usize, len: std::ops::RangeInclusive<usize>) -> Option<u16> {
            let t = self.at(i).filter(|t| t.kind == Kind::Number)?;
            if !len.contains(&(t.end - t.start)) {
                return None;
            }
            self.slice(t).parse().ok()
        }

        fn punct_at(&self, i: usize, c: char) -> bool {
            self.at(i).is_some_and(|t| t.kind == Kind::Punct(c))
        }

        /// Tokens `i` and `i + 1` touch, without whitespace between.
        fn adjacent(&self, i: usize) -> bool {
            matches!((self.at(i), self.at(i + 1)), (Some(a), Some(b)) if a.end == b.start)
        }

        fn char_before(&self, pos: usize) -> Option<char> {
            self.text[..pos].chars().next_back()
        }

        fn char_after(&self, pos: usize) -> Option<char> {
            self.text[pos..].chars().next()
        }

        /// A number token stands alone: no letters or digits glued to it, and it
        /// is not a group of a larger number like "800.000" or "1,2021".
        fn standalone_number(&self, start: usize, end: usize) -> bool {
            let glued = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            if glued(self.char_before(start)) || glued(self.char_after(end)) {
                return false;
            }
            let before = &self.text.as_bytes()[..start];
            let after = &self.text.as_bytes()[end..];
            let separator = |b: &u8| matches!(b, b'.' | b',');
            let group_before = before.len() >= 2
                && separator(&before[before.len() - 1])
                && before[before.len() - 2].is_ascii_digit();
            let group_after = after.len() >= 2 && separator(&after[0]) && after[1].is_ascii_digit();
            !(group_before || group_after)
        }

        fn mention(
            &self,
            first: usize,
            last: usize,
            date: Option<Date>,
            p: DatePrecision,
        ) -> Match {
            let (Some(a), Some(b)) = (self.at(first), self.at(last)) else {
                return Match::default();
            };
            Match {
                consumed: last + 1,
                mention: Some(DateMention {
                    span: a.start..b.end,
                    date,
                    precision: p,
                }),
            }
        }

        /// Tries every pattern at the front of the window.
        fn match_front(&self) -> Match {
            let Some(front) = self.at(0) else {
                return Match::default();
            };
            match front.kind {
                Kind::Word => {
                    let word = self.slice(front);
                    if let Some(m) = self.weekday_then_day(word) {
                        return m;
                    }
                    if let Some(m) = self.month_year(word) {
                        return m;
                    }
                    self.season_year(word).unwrap_or_default()
                }
                Kind::Number => self
                    .iso(0)
                    .or_else(|| self.numeric_dmy(0))
                    .or_else(|| self.day_month(0))
                    .or_else(|| self.bare_year())
                    .unwrap_or_default(),
                Kind::Punct(_) => Match::default(),
            }
        }

        fn weekday_then_day(&self, word: &str) -> Option<Match> {
            let mut next = 1;
            if !is_weekday(word) {
                if is_weekday_abbreviation(word) && self.punct_at(1, '.') && self.adjacent(0) {
                    next = 2;
                } else {
                    return None;
                }
            }
            if self.punct_at(next, ',') {
                next += 1;
            }
            let mut m = self.day_month(next)?;
            if let Some(mention) = &mut m.mention {
                mention.span.start = self.at(0)?.start;
            }
            Some(m)
        }

        /// "9 maart 2021", "9e maart", "9 mrt. 2021" starting at token `i`.
        fn day_month(&self, i: usize) -> Option<Match> {
            let day = self.number_at(i, 1..=2)?;
            let t = self.at(i)?;
            if self.char_before(t.start).is_some_and(char::is_alphanumeric) {
                return None;
            }
            let mut next = i + 1;
            if self.adjacent(i)
                && self
                    .word_at(next)
                    .is_some_and(|w| ["e", "ste", "de"].iter().any(|s| w.eq_ignore_ascii_case(s)))
            {
                next += 1;
            } else if self.adjacent(i) && self.at(next).is_some_and(|t| t.kind == Kind::Word) {
                // "9maart" or "9a" — a house number, not a date.
                return None;
            }
            let month_word = self.word_at(next)?;
            let (month, abbreviated) = month_number(month_word)?;
            if !(1..=31).contains(&day) {
                return None;
            }
            let mut last = next;
            let dot = abbreviated && self.adjacent(next) && self.punct_at(next + 1, '.');
            let year_at = if dot { next + 2 } else { next + 1 };
            let year = self
                .number_at(year_at, 4..=4)
                .filter(|y| YEARS.contains(y))
                .filter(|_| {
                    self.at(year_at)
                        .is_some_and(|t| self.standalone_number(t.start, t.end))
                });
            let year = match year {
                Some(y) => {
                    last = year_at;
                    Some(i32::from(y))
                }
                None => self.default_year,
            };
            let date = year.and_then(|y| calendar_date(y, month, day as u8));
            Some(self.mention(i, last, date, DatePrecision::Day))
        }

        /// "2021-03-09".
        fn iso(&self, i: usize) -> Option<Match> {
            let year = self.number_at(i, 4..=4)?;
            let sep = '-';
            if !(self.adjacent(i) && self.punct_at(i + 1, sep) && self.adjacent(i + 1)) {
                return None;
            }
            let month = self.number_at(i + 2, 1..=2)?;
            if !(self.adjacent(i + 2) && self.punct_at(i + 3, sep) && self.adjacent(i + 3)) {
                return None;
            }
            let day = self.number_at(i + 4, 1..=2)?;
            if !self.numeric_bounds(i, i + 4) || !(1..=12).contains(&month) {
                return None;
            }
            if !YEARS.contains(&year) || !(1..=31).contains(&day) {
                return None;
            }
            let date = calendar_date(i32::from(year), month as u8, day as u8);
            Some(self.mention(i, i + 4, date, DatePrecision::Day))
        }

        /// "9-3-2021", "09-03-2021", "9/3/2021".
        fn numeric_dmy(&self, i: usize) -> Option<Match> {
            let day = self.number_at(i, 1..=2)?;
            let sep = match self.at(i + 1)?.kind {
                Kind::Punct(c @ ('-' | '/')) => c,
                _ => return None,
            };
            if !(self.adjacent(i) && self.adjacent(i + 1)) {
                return None;
            }
            let month = self.number_at(i + 2, 1..=2)?;
            if !(self.adjacent(i + 2) && self.punct_at(i + 3, sep) && self.adjacent(i + 3)) {
                return None;
            }
            let year = self.number_at(i + 4, 4..=4)?;
            if !self.numeric_bounds(i, i + 4) || !(1..=12).contains(&month) {
                return None;
            }
            if !YEARS.contains(&year) || !(1..=31).contains(&day) {
                return None;
            }
            let date = calendar_date(i32::from(year), month as u8, day as u8);
            Some(self.mention(i, i + 4, date, DatePrecision::Day))
        }

        /// A numeric date is not glued to more digits or separators
        /// ("12-9-3-2021", "2021-03-09-1").
        fn numeric_bounds(&self, first: usize, last: usize) -> bool {
            let (Some(a), Some(b)) = (self.at(first), self.at(last)) else {
                return false;
            };
            let bytes = self.text.as_bytes();
            let continues = |sep: Option<&u8>, digit: Option<&u8>| {
                matches!(sep, Some(b'-' | b'/' | b'.')) && digit.is_some_and(u8::is_ascii_digit)
            };
            let before = a.start.checked_sub(2).map(|p| &bytes[p..a.start]);
            let glued_before = before.is_some_and(|s| continues(s.get(1), s.first()));
            let glued_after = continues(bytes.get(b.end), bytes.get(b.end + 1));
            let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            !glued_before
                && !glued_after
                && !alnum(self.char_before(a.start))
                && !alnum(self.char_after(b.end))
        }

        /// "maart 2021", "mrt. 2021".
        fn month_year(&self, word: &str) -> Option<Match> {
            let (month, abbreviated) = month_number(word)?;
            let dot = abbreviated && self.adjacent(0) && self.punct_at(1, '.');
            // "Jan" is also a first name ("Henk Jan 2021" is unlikely, but "Jan
            // 1990" in a list of people is not); only "jan." counts.
            if word.eq_ignore_ascii_case("jan") && !dot {
                return None;
            }
            let at = if dot { 2 } else { 1 };
            let year = self.year_at(at)?;
            let date = calendar_date(i32::from(year), month, 1);
            Some(self.mention(0, at, date, DatePrecision::Month))
        }

        /// "voorjaar van 2022", "zomer 2021".
        fn season_year(&self, word: &str) -> Option<Match> {
            let month = season_start_month(word)?;
            let at = if self
                .word_at(1)
                .is_some_and(|w| w.eq_ignore_ascii_case("van"))
            {
                2
            } else {
                1
            };
            let year = self.year_at(at)?;
            let date = calendar_date(i32::from(year), month, 1);
            Some(self.mention(0, at, date, DatePrecision::Season))
        }

        fn year_at(&self, i: usize) -> Option<u16> {
            let year = self.number_at(i, 4..=4).filter(|y| YEARS.contains(y))?;
            let t = self.at(i)?;
            self.standalone_number(t.start, t.end).then_some(year)
        }

        /// "2021", but not "€ 2000", "2000 euro" or "800.000".
        fn bare_year(&self) -> Option<Match> {
            let year = self.year_at(0)?;
            let t = self.at(0)?;
            let money_before = self.text[..t.start].trim_end().ends_with(['€', '$', '£']);
            let money_after = self
                .word_at(1)
                .is_some_and(|w| w.eq_ignore_ascii_case("euro"));
            if money_before || money_after {
                return None;
            }
            let date = calendar_date(i32::from(year), 1, 1);
            Some(self.mention(0, 0, date, DatePrecision::Year))
        }
    }

    #[derive(Default)]
    struct Match {
        /// Tokens used; 0 means no match.
        consumed: usize,
        mention: Option<DateMention>,
    }

    impl Iterator for Scanner<'_> {
        type Item = DateMention;

        fn next(&mut self) -> Option<DateMention> {
            loop {
                self.fill();
                if self.window.is_empty() {
                    return None;
                }
                let m = self.match_front();
                let consumed = m.consumed.clamp(1, self.window.len());
                self.window.drain(..consumed);
                if m.mention.is_some() {
                    return m.mention;
                }
            }
        }
    }

    fn is_weekday(word: &str) -> bool {
        crate::text::WEEKDAY_NAMES
            .iter()
            .any(|d| word.eq_ignore_ascii_case(d))
    }

    /// Only with a dot ("di. 9 maart"): "zo" and "do" are common words.
    fn is_weekday_abbreviation(word: &str) -> bool {
        ["ma", "di", "wo", "do", "vr", "za", "zo"]
            .iter()
            .any(|d| word.eq_ignore_ascii_case(d))
    }

    /// Month number and whether the word is an abbreviation.
    fn month_number(word: &str) -> Option<(u8, bool)> {
        const FULL: [&str; 12] = crate::text::MONTH_NAMES;
        const ABBREVIATED: [(&str, u8); 15] = [
            ("jan", 1),
            ("feb", 2),
            ("febr", 2),
            ("mrt", 3),
            ("mar", 3),
            ("apr", 4),
            ("jun", 6),
            ("jul", 7),
            ("aug", 8),
            ("sep", 9),
            ("sept", 9),
            ("okt", 10),
            ("oct", 10),
            ("nov", 11),
            ("dec", 12),
        ];
        if let Some(i) = FULL.iter().position(|m| word.eq_ignore_ascii_case(m)) {
            return Some((i as u8 + 1, false));
        }
        ABBREVIATED
            .iter()
            .find(|(a, _)| word.eq_ignore_ascii_case(a))
            .map(|&(_, m)| (m, true))
    }

    /// First month of the meteorological season.
    fn season_start_month(word: &str) -> Option<u8> {
        [
            ("voorjaar", 3),
            ("lente", 3),
            ("zomer", 6),
            ("najaar", 9),
            ("herfst", 9),
            ("winter", 12),
        ]
        .iter()
        .find(|(s, _)| word.eq_ignore_ascii_case(s))
        .map(|&(_, m)| m)
    }
}

/// `rules` and `text::dates` against the code above, on the bundled archive
/// and on generated text built to hit the shortcuts' edges.
mod equivalence {
    use crate::entities::rules;
    use crate::text::dates as new_dates;

    /// Compares everything the shortcuts touch on one input.
    fn same(text: &str) {
        assert_eq!(rules::find(text), super::find(text), "find {text:?}");
        let tokens = |ts: Vec<rules::Token>| -> Vec<_> {
            ts.iter()
                .map(|t| (t.kind, t.start, t.end, t.newlines_before))
                .collect()
        };
        let old_tokens: Vec<_> = super::tokenize(text)
            .iter()
            .map(|t| {
                let kind = match t.kind {
                    super::TokenKind::Word => rules::TokenKind::Word,
                    super::TokenKind::Number => rules::TokenKind::Number,
                    super::TokenKind::Punct(c) => rules::TokenKind::Punct(c),
                };
                (kind, t.start, t.end, t.newlines_before)
            })
            .collect();
        assert_eq!(
            tokens(rules::tokenize(text)),
            old_tokens,
            "tokenize {text:?}"
        );
        for year in [None, Some(2000)] {
            assert_eq!(
                new_dates::find_dates(text, year),
                super::dates::find_dates(text, year),
                "find_dates {text:?}"
            );
        }
        assert_eq!(
            new_dates::first_full_date(text),
            super::dates::first_full_date(text),
            "first_full_date {text:?}"
        );
    }

    /// Every file of `corpus/` whole, by paragraph and by line.
    #[test]
    fn find_and_dates_match_reference_on_corpus() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut dirs = vec![root];
        let mut files = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("corpus folder") {
                let path = entry.expect("corpus entry").path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let bytes = std::fs::read(&path).expect("corpus file");
                let text = String::from_utf8_lossy(&bytes);
                same(&text);
                for part in text.split("\n\n").chain(text.lines()) {
                    same(part);
                }
                files += 1;
            }
        }
        assert!(files > 0, "no corpus files");
        if let Some(seed) = crate::testdata::seed() {
            same(&seed);
            for part in seed.split("\n\n") {
                same(part);
            }
        }
    }

    /// A small deterministic generator (SplitMix64): no dependency, same
    /// cases on every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    const WORDS: &[&str] = &[
        "de",
        "het",
        "een",
        "Een",
        "en",
        "of",
        "van",
        "voor",
        "op",
        "'t",
        "’t",
        "’s",
        "'s",
        "zo’n",
        "City",
        "city",
        "CITY",
        "Ci-ty",
        "Deal",
        "deal",
        "DEAL",
        "Deals",
        "deals",
        "De-al",
        "Citydeal",
        "City-Deals",
        "Regio",
        "Regio-",
        "regio",
        "Regiodeal",
        "Regio-Deal",
        "Green",
        "green",
        "Town",
        "Woondeal",
        "Woondeals",
        "woon-deals",
        "Woon",
        "Deal?",
        "dealt",
        "ideal",
        "Slimme",
        "Stad",
        "Ruimte",
        "Lopen",
        "Zicht",
        "Ondermijning",
        "Noord-Veluwe",
        "Impact",
        "ondernemen",
        "Kennis",
        "Maken",
        "€",
        "EUR",
        "Eur",
        "euro",
        "Euro",
        "EURO",
        "Europa",
        "euros",
        "euro's",
        "eur",
        "miljoen",
        "Miljoen",
        "mln",
        "mld",
        "mrd",
        "miljard",
        "biljoen",
        "ton",
        "duizend",
        "twee",
        "drie",
        "tien",
        "één",
        "half",
        "anderhalf",
        "procent",
        "percent",
        "pct",
        "%",
        "maart",
        "MAART",
        "mrt",
        "mrt.",
        "jan",
        "jan.",
        "Jan",
        "febr",
        "sept",
        "dec",
        "dinsdag",
        "Dinsdag",
        "di",
        "di.",
        "vrijdag",
        "e",
        "ste",
        "voorjaar",
        "zomer",
        "najaar",
        "winter",
        "lente",
        "2021",
        "1999",
        "2000",
        "2150",
        "1850",
        "9",
        "09",
        "31",
        "13",
        "0",
        "800.000",
        "2,5",
        "1.200.000,50",
        "12,50",
        "300,-",
        "300,--",
        "1,200,000",
        "1.2.3",
        "2.5",
        "3,5",
        "A12",
        "9maart",
        "2021-03-09",
        "9-3-2021",
        "9/3/2021",
        "12-9-3-2021",
        "€300k",
        ".",
        ",",
        ":",
        ";",
        "!",
        "?",
        "-",
        "–",
        "/",
        "(",
        ")",
        "‘",
        "’",
        "“",
        "”",
        "\"",
        "'",
        "„",
        "«",
        "»",
        "ẞ",
        "é",
        "Één",
        "😀",
        "𝟗",
        "\u{212A}",
        "İ",
        "\u{301}",
        "\u{FEFF}",
        "Ωmega",
        "KELVIN\u{212A}",
        "\u{0}",
    ];

    const SEPARATORS: &[&str] = &[
        " ", " ", " ", " ", "", "", "\n", "\n\n", "\t", "\u{a0}", "\u{2028}", " - ", "-", "'", "’",
        ", ", ". ", "\r\n", "\u{b}", "\u{3000}",
    ];

    /// How often each kind turned up, so that a generator that stopped
    /// reaching a rule fails loudly instead of passing vacuously.
    fn kinds_found(texts: &[String]) -> [usize; 4] {
        let mut counts = [0; 4];
        for text in texts {
            for m in super::find(text) {
                counts[m.kind as usize] += 1;
            }
        }
        counts
    }

    #[test]
    fn find_and_dates_match_reference_on_generated_word_mixes() {
        let mut rng = Rng(6);
        let mut texts = Vec::new();
        for _ in 0..30_000 {
            let mut text = String::new();
            for _ in 0..rng.below(40) {
                text.push_str(rng.pick(WORDS));
                text.push_str(rng.pick(SEPARATORS));
            }
            same(&text);
            texts.push(text);
        }
        let counts = kinds_found(&texts);
        assert!(counts.iter().all(|&n| n > 500), "{counts:?}");
    }

    /// Phrases shaped like what the rules look for, slot by slot (an empty
    /// option leaves the slot out), so that whole dates, amounts and deal
    /// names turn up with all their variations and near misses.
    const PHRASES: &[&[&[&str]]] = &[
        &[
            &["", "dinsdag", "Vrijdag", "di.", "di", "wo.", "zo"],
            &["", ",", "."],
            &["9", "09", "31", "1", "13", "32", "0"],
            &["", "e", "ste", "de", "a"],
            &[
                "maart", "MAART", "mrt", "mrt.", "jan.", "Jan", "sept.", "februari", "okt",
            ],
            &[
                "", ".", "2021", "1999", "2150", "2021-03", "800.000", "2021,5", "euro",
            ],
        ],
        &[
            &[
                "maart", "mrt", "mrt.", "jan", "jan.", "voorjaar", "Najaar", "zomer",
            ],
            &["", "van", "."],
            &["2021", "2022", "1850", "20210", "€"],
        ],
        &[
            &["9", "2021", "09", "12-9"],
            &["-", "/", "", "."],
            &["3", "03", "13"],
            &["-", "/", ""],
            &["2021", "09", "1999", "2021-1"],
        ],
        &[
            &["", "€", "EUR", "Euro", "A"],
            &[
                "2,5",
                "800.000",
                "300",
                "twee",
                "anderhalf",
                "1.200.000,50",
                "12,50",
                "2000",
            ],
            &["", "miljoen", "mln", "ton", "duizend", "k"],
            &[
                "", "euro", "€", "EUR", ",-", ",--", "procent", "%", "pct", "euros",
            ],
        ],
        &[
            &["", "de", "Regio-", "Green-", "en", "of"],
            &[
                "City",
                "Regio",
                "Green",
                "Town",
                "Woon",
                "Woondeal",
                "Regiodeals",
                "city",
            ],
            &["Deal", "Deals", "deal", "", "-Deal", "deals"],
            &["", "‘", "“", "\"", "?"],
            &["Een", "Slimme", "Ruimte", "Noord-Veluwe", "zicht", "’t"],
            &["", "voor", "en", "op", "de", "ondernemen"],
            &["Stad", "Lopen", "Zicht", "Ondermijning"],
            &["", "’", "”", ",", "en", "."],
            &["", "Ondermijning", "Impact", "Kennis"],
        ],
    ];

    const PHRASE_GAPS: &[&str] = &[" ", " ", " ", " ", "", "\n", "\n\n", " - ", "  "];

    #[test]
    fn find_and_dates_match_reference_on_generated_phrases() {
        let mut rng = Rng(81);
        let mut texts = Vec::new();
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..rng.below(6) {
                if rng.below(3) == 0 {
                    text.push_str(rng.pick(WORDS));
                    text.push_str(rng.pick(SEPARATORS));
                    continue;
                }
                let phrase = PHRASES[rng.below(PHRASES.len())];
                for slot in phrase {
                    let option = rng.pick(slot);
                    if !option.is_empty() {
                        text.push_str(option);
                        text.push_str(rng.pick(PHRASE_GAPS));
                    }
                }
            }
            same(&text);
            texts.push(text);
        }
        let counts = kinds_found(&texts);
        assert!(counts.iter().all(|&n| n > 100), "{counts:?}");
    }

    /// Long text with a number now and then, as in minutes: the date
    /// scanner skips the stretches between numbers.
    #[test]
    fn find_and_dates_match_reference_on_generated_sparse_numbers() {
        let plain: Vec<&str> = WORDS
            .iter()
            .copied()
            .filter(|w| !w.bytes().any(|b| b.is_ascii_digit()))
            .collect();
        let numbers: Vec<&str> = WORDS
            .iter()
            .copied()
            .filter(|w| w.bytes().any(|b| b.is_ascii_digit()))
            .collect();
        let mut rng = Rng(150);
        let mut texts = Vec::new();
        for _ in 0..3_000 {
            let mut text = String::new();
            for _ in 0..rng.below(300) {
                let pieces = if rng.below(30) == 0 { &numbers } else { &plain };
                text.push_str(rng.pick(pieces));
                text.push_str(rng.pick(SEPARATORS));
            }
            same(&text);
            texts.push(text);
        }
        let counts = kinds_found(&texts);
        assert!(counts.iter().all(|&n| n > 100), "{counts:?}");
    }

    #[test]
    fn find_and_dates_match_reference_on_generated_characters() {
        // Short strings over the characters the shortcuts look at, so that
        // every neighbourhood of a hyphen, apostrophe, digit and letter turns up.
        let alphabet: Vec<char> =
            "deaLDEAl-'’ts0123456789.,€%eurEURoO kK\u{212A}İé\n\u{a0}/mMaAjJn9"
                .chars()
                .collect();
        let mut rng = Rng(2024);
        for _ in 0..100_000 {
            let text: String = (0..rng.below(24))
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            same(&text);
        }
    }

    /// `family_at` only lower-cases ASCII: it relies on no other character
    /// lower-casing to ASCII except the Kelvin sign (to 'k', in no family
    /// word), so that a word with one can never be a family word.
    #[test]
    fn only_the_kelvin_sign_lower_cases_to_ascii() {
        let to_ascii: Vec<char> = (0x80..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.to_lowercase().all(|l| l.is_ascii()))
            .collect();
        assert_eq!(to_ascii, ['\u{212A}']);
        assert!(!"citydealsregiogreentownwoon".contains('k'));
    }
}
