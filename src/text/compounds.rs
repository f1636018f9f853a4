//! Dutch compounds: "woningbouwopgave" is woning + bouw + opgave, and a
//! reader who searches for "bouwopgave" or "opgave" means it too. Dutch
//! compounds are right-headed, so what a compound is *about* is its tail:
//! [`tails`] returns the tails that are words themselves ("bouwopgave",
//! "opgave"), which the index adds at the compound's position. The head is
//! not added on its own ("woning" does not find "woningbouwopgave"): a
//! modifier narrows the meaning, and matching it would flood results.
//!
//! Splitting is a dynamic programme over a word list that prefers the
//! finest split (so every tail is found): the word must fall apart
//! completely into known words of at least [`MIN_PART`] characters,
//! optionally joined by a linking `s`, `e` or `en` ("stad-s-vernieuwing",
//! "boek-en-kast"). Pure; the word list is passed in.

/// Shortest part counted as a word: shorter ones ("aan", "tel") make too
/// many accidental splits.
pub const MIN_PART: usize = 4;
/// Words shorter than this are not split (two parts of [`MIN_PART`]).
pub const MIN_COMPOUND: usize = 2 * MIN_PART;
/// Longer words are not tried (the DP is quadratic in the length).
pub const MAX_COMPOUND: usize = 48;

/// Linking morphemes between parts, longest first.
const LINKS: [&str; 3] = ["en", "s", "e"];

/// The tails of `word` (lower-case letters only) that are words, longest
/// first, when `word` splits completely into words; empty otherwise.
/// `is_word` decides what counts as a word.
pub fn tails(word: &str, is_word: impl Fn(&str) -> bool) -> Vec<&str> {
    let n = word.len();
    if !(MIN_COMPOUND..=MAX_COMPOUND).contains(&n) || !word.bytes().all(|b| b.is_ascii_lowercase())
    {
        return Vec::new();
    }
    // best[i]: most parts that make up word[i..], and where the first
    // part of that split ends (the next part's start, after any link).
    let mut best: Vec<Option<(u8, usize)>> = vec![None; n + 1];
    best[n] = Some((0, n));
    for start in (0..n).rev() {
        for end in (start + MIN_PART..=n).rev() {
            if !is_word(&word[start..end]) {
                continue;
            }
            // The part may be followed directly by the next part or by a link.
            let mut next_starts = vec![end];
            if end < n {
                for link in LINKS {
                    if word[end..].starts_with(link) {
                        next_starts.push(end + link.len());
                    }
                }
            }
            for next in next_starts {
                if next != n && next + MIN_PART > n {
                    continue;
                }
                if let Some((parts, _)) = best[next] {
                    let candidate = (parts + 1, next);
                    if best[start].is_none_or(|(b, _)| candidate.0 > b) {
                        best[start] = Some(candidate);
                    }
                }
            }
        }
    }
    let Some((parts, _)) = best[0] else {
        return Vec::new();
    };
    if parts < 2 {
        return Vec::new();
    }
    // Walk the split; every part start after the first begins a tail, and
    // a tail counts only when it is a word itself or consists of words
    // (always true here: it is the rest of a complete split).
    let mut out = Vec::new();
    let mut at = best[0].map_or(n, |(_, next)| next);
    while at < n {
        out.push(&word[at..]);
        at = best[at].map_or(n, |(_, next)| next);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &'static [&'static str]) -> impl Fn(&str) -> bool {
        move |w| list.contains(&w)
    }

    #[test]
    fn splits_into_tails() {
        let dict = words(&[
            "woning",
            "bouw",
            "opgave",
            "stad",
            "vernieuwing",
            "boek",
            "kast",
            "gemeente",
            "raad",
            "voor",
            "beeld",
        ]);
        let cases: &[(&str, &[&str])] = &[
            ("woningbouwopgave", &["bouwopgave", "opgave"]),
            ("stadsvernieuwing", &["vernieuwing"]),
            ("boekenkast", &["kast"]),
            ("gemeenteraad", &["raad"]),
            // Not a complete split: "x" is left over.
            ("woningbouwx", &[]),
            // Too short, not letters, a single word.
            ("bouwraad", &["raad"]),
            ("raad", &[]),
            ("woning-bouw", &[]),
            ("opgave", &[]),
            ("", &[]),
        ];
        for (word, expected) in cases {
            assert_eq!(tails(word, &dict), *expected, "{word}");
        }
    }

    #[test]
    fn finest_split_wins() {
        // "bouwopgave" listed as a word too: still three parts, so that
        // "opgave" is a tail as well.
        let dict = words(&["woning", "bouw", "opgave", "bouwopgave"]);
        assert_eq!(
            tails("woningbouwopgave", &dict),
            vec!["bouwopgave", "opgave"]
        );
    }

    #[test]
    fn any_input_is_safe() {
        let dict = |w: &str| w.len().is_multiple_of(3);
        for w in [
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ideeënbus",
            "ééééééééé",
        ] {
            let _ = tails(w, dict);
        }
    }
}
