//! Case and diacritic normalisation of single words.
//!
//! * [`lowercase_into`] keeps diacritics: the form shown to people.
//! * [`fold_into`] / [`fold`] also strip diacritics and unify apostrophes
//!   and hyphens: the form used for matching (`ideeën` → `ideeen`, `café` →
//!   `cafe`, `CoP’ers` → `cop'ers`), so that "ideeen" typed on a keyboard
//!   without accents finds "ideeën".
//!
//! Folding uses a hand-written table for Latin-1 and Latin Extended-A (all
//! of Dutch, French, German and the Scandinavian and Central European
//! languages), which is several times faster than canonical decomposition;
//! other characters fall back to decomposition (`unicode-normalization`)
//! with combining marks dropped.

use std::borrow::Cow;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Unicode lower case of `word`, appended to `out`. Diacritics are kept.
/// Inlined: it runs once per indexed token.
#[inline]
pub fn lowercase_into(word: &str, out: &mut String) {
    if !ascii_lowercase_into(word, out) {
        lowercase_chars_into(word, out);
    }
}

/// Folded form of `word` appended to `out`: lower case, diacritics removed
/// (`ë` → `e`, `ĳ` → `ij`, `ß` → `ss`), typographic apostrophes turned into
/// `'`, Unicode hyphens into `-`, soft hyphens removed.
#[inline]
pub fn fold_into(word: &str, out: &mut String) {
    if !ascii_lowercase_into(word, out) {
        fold_chars_into(word, out);
    }
}

/// [`lowercase_into`] for words that are not ASCII (few; kept out of line
/// so the ASCII path stays small where it is inlined).
#[inline(never)]
fn lowercase_chars_into(word: &str, out: &mut String) {
    out.extend(word.chars().flat_map(char::to_lowercase));
}

/// [`fold_into`] for words that are not ASCII.
#[inline(never)]
fn fold_chars_into(word: &str, out: &mut String) {
    for c in word.chars() {
        fold_char(c, out);
    }
}

/// Appends the lower case of `word` to `out` if it is ASCII, which is
/// then also its folded form; false (and nothing appended) otherwise.
/// Most words are ASCII and already lower case: those are copied, not
/// lower-cased byte by byte.
#[inline]
fn ascii_lowercase_into(word: &str, out: &mut String) -> bool {
    let Some(upper) = ascii_upper(word.as_bytes()) else {
        return false;
    };
    let start = out.len();
    out.push_str(word);
    if upper {
        out[start..].make_ascii_lowercase();
    }
    true
}

/// For ASCII `bytes`, whether any is an upper-case letter; `None` if they
/// are not all ASCII. One pass, without a branch per byte.
#[inline]
fn ascii_upper(bytes: &[u8]) -> Option<bool> {
    let (mut any, mut upper) = (0, false);
    for &b in bytes {
        any |= b;
        upper |= b.is_ascii_uppercase();
    }
    any.is_ascii().then_some(upper)
}

/// Folded form of `word`, borrowed when `word` is already folded ASCII.
pub fn fold(word: &str) -> Cow<'_, str> {
    if ascii_upper(word.as_bytes()) == Some(false) {
        Cow::Borrowed(word)
    } else {
        let mut out = String::with_capacity(word.len());
        fold_into(word, &mut out);
        Cow::Owned(out)
    }
}

fn fold_char(c: char, out: &mut String) {
    match c {
        _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        '\u{C0}'..='\u{17F}' => out.push_str(LATIN_FOLDED[c as usize - 0xC0]),
        '’' | '‘' | 'ʼ' | '`' | '′' => out.push('\''),
        '\u{2010}' | '\u{2011}' => out.push('-'),
        '\u{AD}' => {}
        _ if is_combining_mark(c) => {}
        _ => {
            for lower in c.to_lowercase() {
                // Decomposition emits the base letter first, then marks.
                decompose_canonical(lower, |part| {
                    if !is_combining_mark(part) {
                        out.push(part);
                    }
                });
            }
        }
    }
}

/// Folded forms of U+00C0..=U+017F, indexed by code point minus 0xC0.
/// Generated from the Unicode decompositions (base letter, lower-cased);
/// letters without a decomposition are spelled out (`æ` → `ae`, `ø` → `o`,
/// `ł` → `l`, `ĳ` → `ij`, `þ` → `th`). `×` and `÷` are not letters and
/// stay themselves.
#[rustfmt::skip]
const LATIN_FOLDED: [&str; 0xC0] = [
    // U+00C0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "×", "o", "u", "u", "u", "u", "y", "th", "ss",
    // U+00E0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "÷", "o", "u", "u", "u", "u", "y", "th", "y",
    // U+0100
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    // U+0120
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    // U+0140
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "'n", "n", "n", "o", "o", "o", "o",
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    // U+0160
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(word: &str) -> String {
        let mut out = String::new();
        fold_into(word, &mut out);
        out
    }

    #[test]
    fn fold_table() {
        for (word, expected) in [
            ("", ""),
            ("ideeën", "ideeen"),
            ("Café", "cafe"),
            ("CoP’ers", "cop'ers"),
            ("zo‘n", "zo'n"),
            ("creëren", "creeren"),
            ("coördinator", "coordinator"),
            ("naïef", "naief"),
            ("hóe", "hoe"),
            ("DÓEN", "doen"),
            ("één", "een"),
            ("ĲSSELMEER", "ijsselmeer"),
            ("ĳs", "ijs"),
            ("Straße", "strasse"),
            ("Øresund", "oresund"),
            ("Łódź", "lodz"),
            ("e\u{301}e\u{308}n", "een"),
            ("ver\u{AD}gadering", "vergadering"),
            ("Jan\u{2011}Willem", "jan-willem"),
            ("Ελλάδα", "ελλαδα"),
            ("Tiếng Việt", "tieng viet"),
            ("東京", "東京"),
            ("👍", "👍"),
            ("İstanbul", "istanbul"),
        ] {
            assert_eq!(folded(word), expected, "{word}");
        }
    }

    #[test]
    fn table_matches_decomposition_where_one_exists() {
        for (i, expected) in LATIN_FOLDED.iter().enumerate() {
            let c = char::from_u32(0xC0 + i as u32).unwrap();
            let mut via_nfd = String::new();
            for lower in c.to_lowercase() {
                decompose_canonical(lower, |p| {
                    if !is_combining_mark(p) {
                        via_nfd.push(p);
                    }
                });
            }
            let has_decomposition = via_nfd != c.to_lowercase().collect::<String>();
            if has_decomposition {
                assert_eq!(*expected, via_nfd, "{c}");
            }
        }
    }

    #[test]
    fn lowercase_keeps_diacritics() {
        for (word, expected) in [
            ("Ideeën", "ideeën"),
            ("CoP’ers", "cop’ers"),
            ("ABC", "abc"),
            ("", ""),
        ] {
            let mut out = String::new();
            lowercase_into(word, &mut out);
            assert_eq!(out, expected);
        }
    }

    /// The ASCII shortcut gives what lower-casing character by character
    /// gives, appended after what `out` already holds, on generated words
    /// mixing ASCII with non-ASCII at every position.
    #[test]
    fn lowercase_matches_std() {
        let alphabet = [
            "a", "Z", "0", "-", "'", "é", "Ë", "İ", "ß", "’", "Σ", "K", "\u{212A}", "👍",
        ];
        let mut seed: u64 = 3;
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let len = (seed >> 60) as usize;
            let word: String = (0..len)
                .map(|k| alphabet[((seed >> (4 * k)) % alphabet.len() as u64) as usize])
                .collect();
            let mut out = String::from("Vóór");
            lowercase_into(&word, &mut out);
            let expected: String = word.chars().flat_map(char::to_lowercase).collect();
            assert_eq!(out, format!("Vóór{expected}"), "{word:?}");
        }
    }

    #[test]
    fn fold_borrows_when_nothing_changes() {
        assert!(matches!(fold("borging"), Cow::Borrowed("borging")));
        assert!(matches!(fold("o.a."), Cow::Borrowed(_)));
        assert_eq!(fold("Borging"), "borging");
        assert_eq!(fold("ideeën"), "ideeen");
    }
}
