//! Word facts the tagger looks up by lower-cased word: how common a word is in Dutch text and
//! how a dictionary spells it (from `data/ner-lexicon-nl.tsv`, derived from unlabelled text),
//! and — in a second lexicon of the same shape — which entity types the training data saw a
//! word in. Both are stored inside the model file, so tagging needs no other files.

use super::hash::{FeatureHasher, KeyTable};

/// Template id of the lower-cased word hash; shared with the `lower` feature.
pub(crate) const LOWER_TEMPLATE: u32 = 2;

/// Bits of an entry of the bundled word lexicon.
pub(crate) const ZIPF_MASK: u32 = 0x7f;
pub(crate) const DICT_LOWER: u32 = 1 << 7;
pub(crate) const DICT_CAPITALISED: u32 = 1 << 8;

/// The key under which a lower-cased word is stored.
pub(crate) fn word_key(lower: &str) -> u32 {
    let mut h = FeatureHasher::new(LOWER_TEMPLATE);
    h.bytes(lower.as_bytes());
    h.finish()
}

/// A map from lower-cased word (hashed) to a small bit set.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Sorted by key, keys distinct and non-zero; what the model file stores.
    entries: Vec<(u32, u32)>,
    table: KeyTable,
}

impl PartialEq for Lexicon {
    fn eq(&self, other: &Self) -> bool {
        // The table is derived from `entries`; comparing those is enough.
        self.entries == other.entries
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("lexicon line {line}: expected `word<TAB>zipf10<TAB>flags`")]
    Malformed { line: usize },
}

/// The word lexicon committed at `data/ner-lexicon-nl.tsv` (see `data/README.md`).
const BUNDLED_TSV: &str = include_str!("../../data/ner-lexicon-nl.tsv");

impl Lexicon {
    pub fn empty() -> Lexicon {
        Lexicon::default()
    }

    /// The lexicon derived from unlabelled Dutch text that ships with the crate.
    pub fn bundled() -> Lexicon {
        Lexicon::from_tsv(BUNDLED_TSV).expect("the bundled lexicon is checked by a unit test")
    }

    /// Parses `word<TAB>zipf10<TAB>flags` lines (`#` starts a comment line); flags holds `l`
    /// (dictionary lists it in lower case) and/or `c` (capitalised), or `-`.
    pub fn from_tsv(text: &str) -> Result<Lexicon, LexiconError> {
        let mut entries = Vec::new();
        for (index, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let malformed = || LexiconError::Malformed { line: index + 1 };
            let mut cols = line.split('\t');
            let (Some(word), Some(zipf), Some(flags), None) =
                (cols.next(), cols.next(), cols.next(), cols.next())
            else {
                return Err(malformed());
            };
            let zipf: u32 = zipf.parse().map_err(|_| malformed())?;
            let mut bits = zipf.min(ZIPF_MASK);
            for f in flags.chars() {
                match f {
                    'l' => bits |= DICT_LOWER,
                    'c' => bits |= DICT_CAPITALISED,
                    '-' => {}
                    _ => return Err(malformed()),
                }
            }
            entries.push((word_key(&word.to_lowercase()), bits));
        }
        Ok(Lexicon::from_entries(entries))
    }

    /// Builds a lexicon from (key, bits) pairs; bits of repeated keys are or-ed.
    pub(crate) fn from_entries(mut entries: Vec<(u32, u32)>) -> Lexicon {
        // A model file stores its keys ascending and distinct: checking that costs less
        // than sorting them again while the run waits for the model.
        if !entries.is_sorted_by(|a, b| a.0 < b.0) {
            entries.sort_unstable();
            entries.dedup_by(|later, earlier| {
                if later.0 == earlier.0 {
                    earlier.1 |= later.1;
                    true
                } else {
                    false
                }
            });
        }
        entries.retain(|&(k, bits)| k != 0 && bits != 0);
        let table = KeyTable::build(entries.iter().copied());
        Lexicon { entries, table }
    }

    pub(crate) fn entries(&self) -> &[(u32, u32)] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    #[inline]
    pub(crate) fn get(&self, key: u32) -> u32 {
        self.table.get(key).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_lexicon_parses_and_knows_common_words() {
        let lex = Lexicon::bundled();
        assert!(lex.len() > 100_000);
        let de = lex.get(word_key("de"));
        assert!(de & ZIPF_MASK > 60 && de & DICT_LOWER != 0);
        assert!(lex.get(word_key("amsterdam")) & DICT_CAPITALISED != 0);
    }

    #[test]
    fn malformed_lines_are_reported() {
        let err = Lexicon::from_tsv("# c\nde\t77\tl\nhet\t7x\tl\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "lexicon line 3: expected `word<TAB>zipf10<TAB>flags`"
        );
        assert!(Lexicon::from_tsv("de\t7\tq\n").is_err());
        assert!(Lexicon::from_tsv("de\t7\n").is_err());
    }
}
