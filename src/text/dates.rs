//! Recognition of dates written in Dutch text: "dinsdag 9 maart 2021",
//! "mrt. 2021", "voorjaar van 2022", "9-3-2021", "2021-03-09" and bare years.
//!
//! Pure and linear: the text is scanned once by a small lexer with a bounded
//! look-ahead, so it is safe on any input, including huge single-line files.

use std::collections::VecDeque;
use std::ops::Range;
use time::{Date, Month};

/// Years outside this range are not taken for years: "1850" or "2500" in
/// minutes are far more often amounts or codes than dates.
const YEARS: std::ops::RangeInclusive<u16> = 1900..=2100;

/// How much of a date a mention pins down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePrecision {
    /// "9 maart 2021", "dinsdag 9 maart", "2021-03-09".
    Day,
    /// "maart 2021".
    Month,
    /// "voorjaar van 2022".
    Season,
    /// "2021".
    Year,
}

/// A date mentioned in Dutch text, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    pub span: Range<usize>,
    /// The day meant, or the first day of the month, season (meteorological:
    /// spring starts 1 March, winter 1 December) or year. `None` when the
    /// mention has no year and no default year was given, or when the date
    /// does not exist ("31 februari 2021").
    pub date: Option<Date>,
    pub precision: DatePrecision,
}

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

/// Whether `text` holds an ASCII digit.
pub(crate) fn has_ascii_digit(text: &str) -> bool {
    next_ascii_digit(text.as_bytes(), 0).is_some()
}

/// The first ASCII digit at or after `from`. Tests blocks that the compiler
/// can check many bytes at a time: most text has no digit for a long while.
fn next_ascii_digit(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut offset = from;
    for block in rest.chunks(32) {
        if block.iter().fold(false, |any, b| any | b.is_ascii_digit()) {
            return block
                .iter()
                .position(u8::is_ascii_digit)
                .map(|i| offset + i);
        }
        offset += block.len();
    }
    None
}

/// Where lexing may resume and still see the three tokens before the number
/// at byte `digit`: the start of the third run of non-blank bytes before the
/// number's own run (0 when there are fewer). Tokens never span ASCII
/// whitespace, so a run's start is a token's start, and a run with a
/// non-blank ASCII byte holds at least one token; runs of other bytes only
/// (which may all be Unicode spaces) are not counted.
fn resume_before(bytes: &[u8], digit: usize) -> usize {
    // `char::is_whitespace` on ASCII.
    let blank = |b: u8| matches!(b, b' ' | b'\t'..=b'\r');
    let mut i = digit;
    while i > 0 && !blank(bytes[i - 1]) {
        i -= 1;
    }
    let mut runs = 0;
    while runs < 3 {
        while i > 0 && blank(bytes[i - 1]) {
            i -= 1;
        }
        if i == 0 {
            return 0;
        }
        let mut holds_token = false;
        while i > 0 && !blank(bytes[i - 1]) {
            i -= 1;
            holds_token |= bytes[i].is_ascii();
        }
        runs += usize::from(holds_token);
    }
    i
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

    // ASCII is classified without decoding; other characters take the
    // `char` tests, which agree with the ASCII ones on ASCII.
    fn next(&mut self) -> Option<Token> {
        let bytes = self.text.as_bytes();
        let mut start = self.pos;
        let first = loop {
            let c = char_at(self.text, start)?;
            if !c.is_whitespace() {
                break c;
            }
            start += c.len_utf8();
        };
        let mut end = start + first.len_utf8();
        let kind = if first.is_ascii_digit() {
            while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
            Kind::Number
        } else if first.is_alphabetic() {
            while let Some(&b) = bytes.get(end) {
                if b.is_ascii_alphabetic() {
                    end += 1;
                } else if b.is_ascii() {
                    break;
                } else {
                    match char_at(self.text, end) {
                        Some(c) if c.is_alphabetic() => end += c.len_utf8(),
                        _ => break,
                    }
                }
            }
            Kind::Word
        } else {
            Kind::Punct(first)
        };
        self.pos = end;
        Some(Token { kind, start, end })
    }
}

/// The character starting at byte `i`, or `None` at the end (or inside a
/// character).
fn char_at(text: &str, i: usize) -> Option<char> {
    match *text.as_bytes().get(i)? {
        b if b.is_ascii() => Some(char::from(b)),
        _ => text.get(i..)?.chars().next(),
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
        let mut scanner = Scanner {
            text,
            default_year,
            lexer: Lexer { text, pos: 0 },
            window: VecDeque::with_capacity(LOOKAHEAD),
        };
        scanner.skip_to_next_number();
        scanner
    }

    /// Drops what cannot begin a date when the window holds no number.
    ///
    /// Every pattern holds a number, and one that starts with a word has it
    /// within three tokens ("di. , 9 maart"): a token further than that
    /// before the next number begins nothing, and the scanner would only
    /// step over it. So lexing resumes three tokens before the next digit
    /// (numbers are ASCII digits), or stops where there is none; most text
    /// between dates is never lexed.
    fn skip_to_next_number(&mut self) {
        let Some(digit) = next_ascii_digit(self.text.as_bytes(), self.lexer.pos) else {
            self.window.clear();
            self.lexer.pos = self.text.len();
            return;
        };
        let resume = resume_before(self.text.as_bytes(), digit);
        if resume >= self.lexer.pos {
            self.window.clear();
            self.lexer.pos = resume;
        } else {
            // The next number is near: without a number in the window, none
            // of the tokens with three more behind them begins a date. (The
            // window is full here, as the lexer has a digit left; dropping
            // at least one token keeps the scan moving regardless.)
            let drop = self.window.len().saturating_sub(3).max(1);
            self.window.drain(..drop);
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

    fn mention(&self, first: usize, last: usize, date: Option<Date>, p: DatePrecision) -> Match {
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
                // A pattern that starts with a word has its number one to
                // three tokens later ("maart 2021", "di. , 9 maart"); most
                // words have none there and skip the word lists.
                let number_follows =
                    (1..=3).any(|i| self.at(i).is_some_and(|t| t.kind == Kind::Number));
                if !number_follows {
                    return Match::default();
                }
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
            if !self.window.iter().any(|t| t.kind == Kind::Number) {
                self.skip_to_next_number();
                continue;
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
    super::WEEKDAY_NAMES
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
    const FULL: [&str; 12] = super::MONTH_NAMES;
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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;
    use DatePrecision::*;

    type Found<'a> = (&'a str, Option<Date>, DatePrecision);

    fn found(text: &str, default_year: Option<i32>) -> Vec<Found<'_>> {
        find_dates(text, default_year)
            .into_iter()
            .map(|m| (&text[m.span], m.date, m.precision))
            .collect()
    }

    #[test]
    fn recognises_dutch_dates() {
        let cases: &[(&str, Vec<Found>)] = &[
            (
                "Op dinsdag 9 maart 2021 vond de sessie plaats.",
                vec![("dinsdag 9 maart 2021", Some(date!(2021 - 03 - 09)), Day)],
            ),
            (
                "donderdag 14 januari 2021",
                vec![(
                    "donderdag 14 januari 2021",
                    Some(date!(2021 - 01 - 14)),
                    Day,
                )],
            ),
            ("op 15 april", vec![("15 april", None, Day)]),
            ("DINSDAG 9 MAART", vec![("DINSDAG 9 MAART", None, Day)]),
            (
                "in het voorjaar van 2022",
                vec![("voorjaar van 2022", Some(date!(2022 - 03 - 01)), Season)],
            ),
            (
                "zomer 2021",
                vec![("zomer 2021", Some(date!(2021 - 06 - 01)), Season)],
            ),
            ("31 februari 2021", vec![("31 februari 2021", None, Day)]),
            (
                "9-3-2021",
                vec![("9-3-2021", Some(date!(2021 - 03 - 09)), Day)],
            ),
            (
                "09-03-2021",
                vec![("09-03-2021", Some(date!(2021 - 03 - 09)), Day)],
            ),
            (
                "9/3/2021",
                vec![("9/3/2021", Some(date!(2021 - 03 - 09)), Day)],
            ),
            (
                "2021-03-09",
                vec![("2021-03-09", Some(date!(2021 - 03 - 09)), Day)],
            ),
            (
                "maart 2021",
                vec![("maart 2021", Some(date!(2021 - 03 - 01)), Month)],
            ),
            (
                "mrt. 2021",
                vec![("mrt. 2021", Some(date!(2021 - 03 - 01)), Month)],
            ),
            (
                "9 sept. 2021 en 3 okt 2022",
                vec![
                    ("9 sept. 2021", Some(date!(2021 - 09 - 09)), Day),
                    ("3 okt 2022", Some(date!(2022 - 10 - 03)), Day),
                ],
            ),
            (
                "di. 9 mrt. 2021",
                vec![("di. 9 mrt. 2021", Some(date!(2021 - 03 - 09)), Day)],
            ),
            (
                "vrijdag, 1e april 2022",
                vec![("vrijdag, 1e april 2022", Some(date!(2022 - 04 - 01)), Day)],
            ),
            (
                "in 2021 begonnen",
                vec![("2021", Some(date!(2021 - 01 - 01)), Year)],
            ),
            (
                "2021-2030",
                vec![
                    ("2021", Some(date!(2021 - 01 - 01)), Year),
                    ("2030", Some(date!(2030 - 01 - 01)), Year),
                ],
            ),
            ("800.000 inwoners, 1.2021 en 2021,5", vec![]),
            ("€ 2000 of 1999 euro, 12345 en 1850 of 2500", vec![]),
            (
                "Henk Jan 2021",
                vec![("2021", Some(date!(2021 - 01 - 01)), Year)],
            ),
            ("A2021 en 2021b", vec![]),
            ("huisnummer 9maart", vec![]),
            (
                "32 maart 2021",
                vec![("maart 2021", Some(date!(2021 - 03 - 01)), Month)],
            ),
            (
                "13-13-2021",
                vec![("2021", Some(date!(2021 - 01 - 01)), Year)],
            ),
            ("9 maart 2150", vec![("9 maart", None, Day)]),
            ("", vec![]),
        ];
        for (text, expected) in cases {
            assert_eq!(&found(text, None), expected, "text: {text:?}");
        }
    }

    #[test]
    fn default_year_completes_days() {
        assert_eq!(
            found("op 15 april en 31 februari", Some(2021)),
            vec![
                ("15 april", Some(date!(2021 - 04 - 15)), Day),
                ("31 februari", None, Day),
            ]
        );
    }

    #[test]
    fn iso_dates() {
        let cases = [
            ("2021-03-09", Some(date!(2021 - 03 - 09))),
            (" 2021-3-9 ", Some(date!(2021 - 03 - 09))),
            ("2021-02-30", None),
            ("21-03-09", None),
            ("2021-03-09T10:00", None),
            ("1800-01-01", None),
            ("", None),
            ("+021-03-09", None),
        ];
        for (s, expected) in cases {
            assert_eq!(parse_iso_date(s), expected, "{s:?}");
        }
    }

    #[test]
    fn first_full_date_skips_incomplete_mentions() {
        let cases = [
            ("Op dinsdag 9 maart 2021 vond…", Some(date!(2021 - 03 - 09))),
            (
                "Sinds 18 december, op 9-3-2021",
                Some(date!(2021 - 03 - 09)),
            ),
            (
                "31 februari 2021 of 2021-03-09",
                Some(date!(2021 - 03 - 09)),
            ),
            ("in maart 2021", None),
            ("geen datum", None),
        ];
        for (s, expected) in cases {
            assert_eq!(first_full_date(s), expected, "{s:?}");
        }
    }

    #[test]
    fn survives_arbitrary_and_huge_input() {
        let odd = "\u{0}\u{FEFF}9\u{301} maart 2021 ẞ 𝟗 \u{10FFFF}9-3-\u{2028}2021-";
        let _ = find_dates(odd, Some(2021));
        for cut in 0..odd.len() {
            if let Some(s) = odd.get(..cut) {
                let _ = find_dates(s, Some(2021));
                let _ = first_full_date(s);
            }
        }
        let huge = "9 maart 2021 is een datum, 800.000 niet. ".repeat(50_000);
        assert_eq!(find_dates(&huge, None).len(), 50_000);
        let digits = "9".repeat(1_000_000);
        assert!(find_dates(&digits, None).is_empty());
    }
}
