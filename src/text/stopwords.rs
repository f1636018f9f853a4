//! Dutch stop words: function words too frequent to help a search or a
//! keyword count.

/// The Snowball project's Dutch stop list
/// (<https://snowballstem.org/algorithms/dutch/stop.txt>, BSD licence),
/// 101 words, sorted for binary search. All entries are ASCII, so they are
/// already in folded form.
const SNOWBALL_DUTCH: &[&str] = &[
    "aan", "al", "alles", "als", "altijd", "andere", "ben", "bij", "daar", "dan", "dat", "de",
    "der", "deze", "die", "dit", "doch", "doen", "door", "dus", "een", "eens", "en", "er", "ge",
    "geen", "geweest", "haar", "had", "heb", "hebben", "heeft", "hem", "het", "hier", "hij", "hoe",
    "hun", "iemand", "iets", "ik", "in", "is", "ja", "je", "kan", "kon", "kunnen", "maar", "me",
    "meer", "men", "met", "mij", "mijn", "moet", "na", "naar", "niet", "niets", "nog", "nu", "of",
    "om", "omdat", "onder", "ons", "ook", "op", "over", "reeds", "te", "tegen", "toch", "toen",
    "tot", "u", "uit", "uw", "van", "veel", "voor", "want", "waren", "was", "wat", "werd", "wezen",
    "wie", "wil", "worden", "wordt", "zal", "ze", "zelf", "zich", "zij", "zijn", "zo", "zonder",
    "zou",
];

/// Our addition: the elided articles the tokeniser keeps as words (`’s`
/// for "des", `'t` for "het", `'n` for "een"), in folded form.
const ELISIONS: &[&str] = &["'n", "'s", "'t"];

/// True if `folded_lower` (the output of [`super::fold`]) is a Dutch stop
/// word.
pub fn is_stopword(folded_lower: &str) -> bool {
    // Most words are longer than any stop word; reject them without a search.
    folded_lower.len() <= LONGEST
        && (SNOWBALL_DUTCH.binary_search(&folded_lower).is_ok() || ELISIONS.contains(&folded_lower))
}

/// Length of the longest entry ("geweest").
const LONGEST: usize = 7;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_and_complete() {
        assert!(SNOWBALL_DUTCH.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(SNOWBALL_DUTCH.len(), 101);
        assert_eq!(SNOWBALL_DUTCH.iter().map(|w| w.len()).max(), Some(LONGEST));
    }

    #[test]
    fn table() {
        for (word, expected) in [
            ("de", true),
            ("het", true),
            ("zou", true),
            ("aan", true),
            ("'s", true),
            ("'t", true),
            ("gemeente", false),
            ("borging", false),
            ("De", false), // callers fold first
            ("", false),
            ("ë", false),
        ] {
            assert_eq!(is_stopword(word), expected, "{word:?}");
        }
    }
}
