//! Small closed word lists the tokeniser and sentence splitter rely on:
//! Dutch abbreviations that keep their dot, and month names.
//!
//! Lists are sorted, lower-case ASCII and searched with a binary search, so
//! lookups are cheap and need no allocation.

use std::cmp::Ordering;

/// Abbreviations written as one word plus a dot ("bijv.", "dhr."). The
/// tokeniser keeps the dot in the word token, so the sentence splitter does
/// not mistake it for a full stop. Multi-dot forms ("o.a.", "d.w.z.") need no
/// entry: every letter-dot-letter-dot run is one token.
///
/// Left out on purpose: "jan" (a first name far more often than January),
/// "nl" (ends web addresses: "gemeente.nl."), "bijl" and "tel" (ordinary
/// words: "bijl", "ik tel").
const DOTTED_WORDS: &[&str] = &[
    "afd", "apr", "art", "aug", "bijv", "blz", "bv", "ca", "dec", "dhr", "dr", "drs", "ds", "enz",
    "etc", "evt", "excl", "feb", "incl", "ing", "ipv", "ir", "ivm", "jhr", "jl", "jr", "jul",
    "jun", "max", "mbt", "mevr", "min", "mld", "mln", "mr", "mrt", "mw", "nav", "nov", "nr", "okt",
    "ong", "pag", "prof", "resp", "sep", "sept", "sr", "st", "tav", "vgl", "vnl", "vs", "zgn",
];

/// Dotted abbreviations that often close a sentence ("…, koffie enz. Daarna
/// …"). The sentence splitter ends a sentence after one of these only when
/// the next word starts with a capital; after any other abbreviation it never
/// does. Includes the dots, lower-case.
const SENTENCE_FINAL_ABBREVIATIONS: &[&str] = &[
    "a.s.", "apr.", "aug.", "dec.", "e.a.", "e.d.", "e.v.", "enz.", "etc.", "feb.", "jl.", "jr.",
    "jul.", "jun.", "mld.", "mln.", "mrt.", "nov.", "okt.", "sep.", "sept.", "sr.", "z.g.a.n.",
];

/// Month names and their usual abbreviations, with month numbers.
const MONTHS: &[(&str, u8)] = &[
    ("apr", 4),
    ("april", 4),
    ("aug", 8),
    ("augustus", 8),
    ("dec", 12),
    ("december", 12),
    ("feb", 2),
    ("febr", 2),
    ("februari", 2),
    ("jan", 1),
    ("januari", 1),
    ("jul", 7),
    ("juli", 7),
    ("jun", 6),
    ("juni", 6),
    ("maart", 3),
    ("mei", 5),
    ("mrt", 3),
    ("nov", 11),
    ("november", 11),
    ("okt", 10),
    ("oktober", 10),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
];

/// Compares an ASCII lower-case list entry with `word` as if `word` were
/// lower-cased, without allocating.
fn cmp_lowercase(entry: &str, word: &str) -> Ordering {
    entry
        .bytes()
        .cmp(word.bytes().map(|b| b.to_ascii_lowercase()))
}

fn contains_ignore_ascii_case(list: &[&str], word: &str) -> bool {
    list.binary_search_by(|entry| cmp_lowercase(entry, word))
        .is_ok()
}

/// True if `word` (without its dot, any case) is an abbreviation that keeps
/// its dot: "bijv", "Dhr", "blz".
pub fn is_dotted_word(word: &str) -> bool {
    contains_ignore_ascii_case(DOTTED_WORDS, word)
}

/// True if the abbreviation `word` (with its dots, any case) may end a
/// sentence: "enz.", "etc.", "e.d.".
pub fn may_end_sentence(abbreviation: &str) -> bool {
    contains_ignore_ascii_case(SENTENCE_FINAL_ABBREVIATIONS, abbreviation)
}

/// The twelve Dutch month names in full, January first.
/// Dutch weekday names, Monday first (as `time::Weekday::number_days_from_monday`).
pub const WEEKDAY_NAMES: [&str; 7] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];

pub const MONTH_NAMES: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// The month number (1–12) of a lower-case Dutch month name or
/// abbreviation: "maart" → 3, "mrt" → 3, "sept." → 9. A trailing dot is
/// allowed. Note that "jan" is also a first name: callers should require a
/// day number or year next to it.
pub fn month_number(word_lower: &str) -> Option<u8> {
    let word = word_lower.strip_suffix('.').unwrap_or(word_lower);
    MONTHS
        .binary_search_by(|(name, _)| name.cmp(&word))
        .ok()
        .map(|i| MONTHS[i].1)
}

/// True if `word_lower` is a Dutch month name or abbreviation; see
/// [`month_number`].
pub fn is_month(word_lower: &str) -> bool {
    month_number(word_lower).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_sorted(list: &[&str]) -> bool {
        list.windows(2).all(|w| w[0] < w[1])
    }

    #[test]
    fn lists_are_sorted_for_binary_search() {
        assert!(is_sorted(DOTTED_WORDS));
        assert!(is_sorted(SENTENCE_FINAL_ABBREVIATIONS));
        assert!(MONTHS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn dotted_words_ignore_case() {
        for (word, expected) in [
            ("bijv", true),
            ("Dhr", true),
            ("MEVR", true),
            ("blz", true),
            ("jan", false),
            ("nl", false),
            ("", false),
            ("bijvoorbeeld", false),
            ("ë", false),
        ] {
            assert_eq!(is_dotted_word(word), expected, "{word}");
        }
    }

    #[test]
    fn months() {
        for (word, expected) in [
            ("januari", Some(1)),
            ("maart", Some(3)),
            ("mrt", Some(3)),
            ("mrt.", Some(3)),
            ("sept.", Some(9)),
            ("december", Some(12)),
            ("Maart", None),
            ("maandag", None),
            ("", None),
            (".", None),
        ] {
            assert_eq!(month_number(word), expected, "{word}");
            assert_eq!(is_month(word), expected.is_some(), "{word}");
        }
    }

    #[test]
    fn sentence_final_abbreviations() {
        assert!(may_end_sentence("enz."));
        assert!(may_end_sentence("E.d."));
        assert!(!may_end_sentence("bijv."));
        assert!(!may_end_sentence("o.a."));
    }
}
