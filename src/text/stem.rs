//! Dutch stemming: Snowball Dutch plus two small pre-steps and one
//! post-step, so that the noun, infinitive and past participle of a verb
//! share a stem (`borging`, `borgen`, `geborgd`, `borg` → `borg`).
//!
//! Input is a folded, lower-case word (see [`super::fold`]). The steps:
//!
//! 1. **Past participles.** Snowball leaves `ge-` alone (`geborgd` stays
//!    `geborgd`). A word that starts with `ge`, or with a separable prefix
//!    plus `ge` (`op|ge|schaald`), and whose remainder after `ge` has at
//!    least four letters, loses the `ge`:
//!    * ending in `d`/`t`: the final `d`/`t` goes too (`geborgd` → `borg`,
//!      `gefinancierd` → `financier`, `opgeschaald` → `opschaal`), unless
//!      it belongs to the verb itself: a `t` after a voiced sound (Dutch
//!      spelling adds `d` there, the "'t kofschip" rule: `gestart` →
//!      `start`, `gepraat` → `praat`), or a `d` after `ei`, `ui`, `ij`, `ie`
//!      or a short vowel plus `n` (`geleid` → `leid`, `afgerond` →
//!      `afrond`; but `gepland` → `plan`).
//!    * the inflected form ending in `de`, or in `te` after t, k, f, s, ch,
//!      p, is treated as the participle plus `e` (`gedeelde` → `deel`,
//!      `gemaakte` → `maak`; `gemeente`, `gewoonte` are left alone).
//!    * ending in `en`: only the strong participles in
//!      [`STRONG_PARTICIPLES`], whose infinitive has the same vowel
//!      (`gegeven` → `geven`, `aangekomen` → `aankomen`); other `ge…en`
//!      words are mostly nouns (`gemeenten`, `gebieden`, `gesprekken`).
//!    * never for nouns that look like participles ([`GE_NOUNS`]: `gebied`,
//!      `gezond`, …), words ending in `heid` or `cht` (`gezondheid`,
//!      `gewicht`, `gebracht`; strong `-cht` participles would not meet
//!      their infinitive anyway), and verbs whose own first syllable is
//!      `ge` ([`GE_VERBS`]: `gebruikt` → `gebruik`, only the `d`/`t` goes).
//! 2. **`-ing` nouns.** Snowball removes `-ing` only from long words
//!    (`financiering` → `financier`, but `borging` stays `borging`). A word
//!    ending in `ing`/`ingen` whose rest has three or more letters, a vowel
//!    and ends in a consonant loses the ending before Snowball runs
//!    (`borging` → `borg`, `werking` → `werk`, `planning` → `plann`).
//!    A stem from steps 1 or 2 that ends in `en` (`getekend` → `teken`,
//!    `opening` → `open`) gets `en` appended, so Snowball treats it like
//!    the infinitive (`tekenen` → `teken`) instead of stripping it.
//! 3. **Snowball Dutch** (rust-stemmers).
//! 4. **Undoubling.** A final doubled consonant is halved (`plann` → `plan`,
//!    `zegg` → `zeg`, `voorstell` → `voorstel`), so the participle, which
//!    has a single consonant (`gezegd`, `gepland`), meets the infinitive.
//!
//! The rules are deterministic and applied alike at index and query time,
//! so a wrong stem only merges or separates words, it never loses one.
//! Known false positives and misses:
//! * `-ing` words that are not verb nouns, unless listed in
//!   [`ING_EXCEPTIONS`] (`koning`, `leerling`): `woning` → `won` (meets
//!   `wonen`, which is fine), names like `Bierling` → `bierl`, `ontvingen`
//!   → `ontv`.
//! * verbs whose stem ends in `d`/`t` after a voiced consonant or long
//!   vowel: `gemeld` → `mel` (but `melden` → `meld`), `geantwoord` →
//!   `antwoor`, `getest` → `tes`.
//! * irregular participles keep their vowel: `gesproken` ≠ `spreken`,
//!   `gebracht` ≠ `brengen`; participles with `be-`, `ver-`, `ont-`, `her-`
//!   get no special treatment (`verzameld` ≠ `verzamelen`).
//! * present tense `-t` is not removed (`borgt` ≠ `borg`).

use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;

/// Dutch stemmer; see the module documentation for the rules. Cheap to
/// create, `Send + Sync`, holds no mutable state.
pub struct DutchStemmer {
    snowball: Stemmer,
}

impl Default for DutchStemmer {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for DutchStemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DutchStemmer")
    }
}

impl DutchStemmer {
    pub fn new() -> Self {
        DutchStemmer {
            snowball: Stemmer::create(Algorithm::Dutch),
        }
    }

    /// Stem of `folded_lower`, a folded lower-case word. Borrowed when the
    /// stem is a prefix of the input.
    pub fn stem<'a>(&self, folded_lower: &'a str) -> Cow<'a, str> {
        let stemmed = match pre_step(folded_lower) {
            Cow::Borrowed(word) => self.snowball.stem(word),
            Cow::Owned(word) => Cow::Owned(self.snowball.stem(&word).into_owned()),
        };
        undouble_final_consonant(stemmed)
    }
}

/// Separable verb prefixes that come before `ge` in a participle
/// (`aan|ge|geven`, `uit|ge|voerd`).
const SEPARABLE_PREFIXES: &[&str] = &[
    "aan", "achter", "af", "bij", "door", "in", "los", "mee", "na", "neer", "om", "onder", "op",
    "over", "samen", "tegen", "terug", "toe", "uit", "vast", "voor", "vrij", "weg",
];

/// Strong participles (without `ge`) whose infinitive is spelled the same,
/// so dropping `ge` is enough: `gegeven` → `geven`. Sorted.
const STRONG_PARTICIPLES: &[&str] = &[
    "bakken", "dragen", "eten", "geven", "graven", "hangen", "heten", "houden", "komen", "laten",
    "lezen", "lopen", "meten", "raden", "roepen", "slagen", "vangen", "varen", "wassen",
];

/// Words that start with `ge` and end like a participle but are nouns or
/// adjectives. Sorted.
const GE_NOUNS: &[&str] = &[
    "gebied",
    "geduld",
    "gelaat",
    "geluid",
    "gemoed",
    "geschrift",
    "gewaad",
    "gewest",
    "gezond",
];

/// Verbs whose first syllable is an inseparable `ge`: their participle has
/// no extra `ge` (`gebruikt`, `gebeurd`), so only the final `d`/`t` goes.
const GE_VERBS: &[&str] = &["gebeur", "gebruik", "gedoog", "geloof", "geniet", "getuig"];

/// Noun-forming `-ing` words that are not verb nouns and would merge with
/// unrelated words. Sorted.
const ING_EXCEPTIONS: &[&str] = &[
    "haring",
    "honing",
    "koning",
    "leerling",
    "tweeling",
    "vreemdeling",
    "zuigeling",
];

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

fn pre_step(word: &str) -> Cow<'_, str> {
    // The rules are about Dutch spelling; folded Dutch words are ASCII, and
    // slicing by byte below relies on it.
    if !word.is_ascii() {
        return Cow::Borrowed(word);
    }
    if let Some(base) = participle_base(word) {
        return base;
    }
    if let Some(root) = ing_root(word) {
        return with_en_restored("", root);
    }
    Cow::Borrowed(word)
}

/// `prefix + base`, where `base` is a verb stem taken from a participle or
/// an `-ing` noun. A stem ending in `en` (`teken`, `open`) comes from a verb
/// in `-enen`; Snowball would strip that `en` from the bare stem (`teken` →
/// `tek`) but not from the infinitive (`tekenen` → `teken`), so the
/// infinitive ending is put back.
fn with_en_restored<'a>(prefix: &str, base: &'a str) -> Cow<'a, str> {
    if base.ends_with("en") {
        Cow::Owned([prefix, base, "en"].concat())
    } else if prefix.is_empty() {
        Cow::Borrowed(base)
    } else {
        Cow::Owned([prefix, base].concat())
    }
}

/// The infinitive-like base of a past participle, or `None` if `word` is
/// not taken for one.
fn participle_base(word: &str) -> Option<Cow<'_, str>> {
    if GE_NOUNS.binary_search(&word).is_ok() {
        return None;
    }
    // The inflected form (`gedeelde`, `gemaakte`) is the participle plus
    // `e`. Dutch writes `-te` only after t, k, f, s, ch, p; after other
    // letters it is part of a noun (`gemeente`, `gewoonte`, `gestalte`).
    let b = word.as_bytes();
    let inflected = b.len() > 3
        && b[b.len() - 1] == b'e'
        && (b[b.len() - 2] == b'd'
            || (b[b.len() - 2] == b't'
                && matches!(
                    b[b.len() - 3],
                    b't' | b'k' | b'f' | b's' | b'h' | b'p' | b'x'
                )));
    let word = if inflected {
        &word[..word.len() - 1]
    } else {
        word
    };
    let ends_like_participle = word.ends_with('d') || word.ends_with('t') || word.ends_with("en");
    if !ends_like_participle || word.ends_with("heid") || word.ends_with("cht") {
        return None;
    }
    if GE_VERBS.iter().any(|verb| word.starts_with(verb)) {
        return match word.as_bytes()[word.len() - 1] {
            b'd' | b't' if !keeps_final_consonant(word) => {
                Some(Cow::Borrowed(&word[..word.len() - 1]))
            }
            _ => None,
        };
    }
    let (prefix, rest) = if let Some(rest) = word.strip_prefix("ge") {
        ("", rest)
    } else {
        SEPARABLE_PREFIXES.iter().find_map(|prefix| {
            let rest = word.strip_prefix(prefix)?.strip_prefix("ge")?;
            Some((*prefix, rest))
        })?
    };
    if rest.len() < 4 {
        return None;
    }
    if rest.ends_with("en") {
        if inflected {
            return None;
        }
        STRONG_PARTICIPLES.binary_search(&rest).ok()?;
        return Some(if prefix.is_empty() {
            Cow::Borrowed(rest)
        } else {
            Cow::Owned([prefix, rest].concat())
        });
    }
    let base = if keeps_final_consonant(rest) {
        rest
    } else {
        &rest[..rest.len() - 1]
    };
    Some(with_en_restored(prefix, base))
}

/// Whether the final `d`/`t` of a participle (without `ge`) belongs to the
/// verb stem rather than being the participle ending.
fn keeps_final_consonant(rest: &str) -> bool {
    let b = rest.as_bytes();
    let n = b.len();
    if n < 3 {
        return true;
    }
    let (before, last) = (b[n - 2], b[n - 1]);
    match last {
        // After t, k, f, s, ch, p (and x) the ending is spelled t; after
        // anything else it is d, so a t there is the stem's own.
        b't' => !matches!(before, b't' | b'k' | b'f' | b's' | b'h' | b'p' | b'x'),
        b'd' => {
            let tail = &b[n - 3..];
            let diphthong = matches!(tail, b"eid" | b"uid" | b"ijd" | b"ied");
            let short_vowel_nd = matches!(tail, b"and" | b"ond" | b"und" | b"ind")
                && !(n >= 4 && is_vowel(b[n - 4]))
                && !rest.ends_with("pland");
            diphthong || short_vowel_nd
        }
        _ => true,
    }
}

/// The verb root of an `-ing`/`-ingen` noun, or `None`.
fn ing_root(word: &str) -> Option<&str> {
    let noun = word
        .strip_suffix("en")
        .filter(|n| n.ends_with("ing"))
        .unwrap_or(word);
    let root = noun.strip_suffix("ing")?;
    let b = root.as_bytes();
    let usable = b.len() >= 3
        && b.iter().copied().any(is_vowel)
        && !is_vowel(b[b.len() - 1])
        && ING_EXCEPTIONS.binary_search(&noun).is_err();
    usable.then_some(root)
}

fn undouble_final_consonant(stem: Cow<'_, str>) -> Cow<'_, str> {
    let b = stem.as_bytes();
    let n = b.len();
    let doubled =
        n >= 3 && b[n - 1] == b[n - 2] && b[n - 1].is_ascii_lowercase() && !is_vowel(b[n - 1]);
    if !doubled {
        return stem;
    }
    match stem {
        Cow::Borrowed(s) => Cow::Borrowed(&s[..n - 1]),
        Cow::Owned(mut s) => {
            s.truncate(n - 1);
            Cow::Owned(s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(word: &str) -> String {
        DutchStemmer::new().stem(word).into_owned()
    }

    #[test]
    fn stemmer_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<DutchStemmer>();
    }

    #[test]
    fn lists_are_sorted() {
        for list in [STRONG_PARTICIPLES, GE_NOUNS, ING_EXCEPTIONS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    /// Groups of words that must share one stem.
    #[test]
    fn word_families_share_a_stem() {
        let families: &[&[&str]] = &[
            &["borging", "borgen", "geborgd", "borg", "borgingen"],
            &["financiering", "financieren", "gefinancierd"],
            &["digitalisering", "digitaliseren", "gedigitaliseerd"],
            &["opschalen", "opgeschaald", "opschaling"],
            &["werking", "werken", "gewerkt", "werk"],
            &["planning", "plannen", "gepland"],
            &["ingepland", "inplannen", "inplanning"],
            &["geven", "gegeven"],
            &["opgegeven", "opgeven"],
            &["maken", "gemaakt", "gemaakte"],
            &["delen", "gedeeld", "gedeelde"],
            &["plannen", "geplande"],
            &["opschalen", "opgeschaalde"],
            &["vragen", "gevraagd"],
            &["horen", "gehoord"],
            &["leren", "geleerd"],
            &["zeggen", "gezegd"],
            &["leggen", "gelegd"],
            &["starten", "gestart"],
            &["praten", "gepraat"],
            &["leiden", "geleid"],
            &["uitbreiden", "uitgebreid"],
            &["afronden", "afgerond"],
            &["openen", "geopend", "opening"],
            &["ondertekenen", "ondertekening"],
            &["tekenen", "getekend", "tekening"],
            &["rekenen", "gerekend", "rekening"],
            &["uitvoeren", "uitgevoerd"],
            &["voorstellen", "voorgesteld"],
            &["toevoegen", "toegevoegd"],
            &["gebruiken", "gebruikt", "gebruik"],
            &["gebeuren", "gebeurd"],
            &["eisen", "geeist"],
            &["komen", "gekomen"],
            &["aangekomen", "aankomen"],
            &["vergadering", "vergaderen", "vergaderingen"],
            &["regeling", "regelen", "geregeld"],
            &["houding", "houden", "gehouden"],
            &["wonen", "gewoond"],
            &["dienen", "gediend"],
            &["ingediend", "indienen"],
            &["betaling", "betalen"],
            &["stemming", "stemmen", "gestemd"],
            &["zitting", "zitten"],
            &["gemeente", "gemeenten"],
            &["gebied", "gebieden"],
        ];
        for family in families {
            let stems: Vec<String> = family.iter().map(|w| stem(w)).collect();
            assert!(
                stems.windows(2).all(|w| w[0] == w[1]),
                "{family:?} → {stems:?}"
            );
        }
    }

    /// Pairs that must keep different stems.
    #[test]
    fn different_words_keep_different_stems() {
        let pairs: &[(&str, &str)] = &[
            ("gemeente", "meente"),
            ("gewoonte", "wonen"),
            ("gedeelte", "delen"),
            ("gestalte", "stal"),
            ("gebied", "bieden"),
            ("geld", "len"),
            ("gesprek", "spreken"),
            ("gedachte", "dachte"),
            ("geven", "ven"),
            ("gemeenten", "meenten"),
            ("gesprekken", "sprekken"),
            ("gebouwen", "bouwen"),
            ("gezondheid", "zondheid"),
            ("gezond", "zond"),
            ("gewicht", "wicht"),
            ("gevallen", "vallen"),
            ("gebruik", "bruik"),
            ("geloven", "loven"),
            ("ding", "d"),
            ("kring", "kr"),
            ("dingen", "den"),
            ("koning", "kon"),
        ];
        for (a, b) in pairs {
            assert_ne!(stem(a), stem(b), "{a} vs {b}");
        }
    }

    #[test]
    fn exact_stems() {
        for (word, expected) in [
            ("borging", "borg"),
            ("geborgd", "borg"),
            ("gefinancierd", "financier"),
            ("opgeschaald", "opschal"),
            ("gemeente", "gemeent"),
            ("gebied", "gebied"),
            ("geld", "geld"),
            ("gesprek", "gesprek"),
            ("gedachte", "gedacht"),
            ("", ""),
            ("ge", "ge"),
            ("ged", "ged"),
            ("geïnd", "geind"),
            ("2021", "2021"),
            ("東京", "東京"),
        ] {
            assert_eq!(stem(word), expected, "{word}");
        }
    }

    #[test]
    fn borrows_when_possible() {
        let stemmer = DutchStemmer::new();
        assert!(matches!(stemmer.stem("borg"), Cow::Borrowed("borg")));
        assert!(matches!(stemmer.stem("borging"), Cow::Borrowed("borg")));
        assert!(matches!(stemmer.stem("geborgd"), Cow::Borrowed("borg")));
    }
}
