//! Document context for the second pass: what the first pass said about the *other*
//! occurrences of a word in the same document, and how the document capitalises the word.
//! A name tagged `ORG` with a telling context once ("de luchtvaartmaatschappij Swissair")
//! helps the bare mentions elsewhere in the article.

use super::labels::{NUM_LABELS, OUTSIDE};
use super::lexicon::word_key;
use std::collections::HashMap;

/// No entity type seen.
pub(crate) const NO_TYPE: u8 = 4;

/// Second-pass facts about one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct DocToken {
    /// The first pass's BILOU label of this token.
    pub(crate) first_pass: u8,
    /// Bit `t` set: another occurrence of the word was inside a first-pass entity of type `t`.
    pub(crate) other_types: u8,
    /// The most frequent type among those occurrences (ties: lowest index), or [`NO_TYPE`].
    pub(crate) majority: u8,
    /// Bit 0: the word occurs elsewhere starting lower case; bit 1: elsewhere capitalised
    /// and not sentence-initial.
    pub(crate) case: u8,
    /// How many of the word's other occurrences the first pass put in an entity: 0 = there
    /// are no others, 1 = none, 2 = under half, 3 = half or more, 4 = all.
    pub(crate) tagged_share: u8,
}

pub(crate) fn label_type(label: u8) -> u8 {
    if label == OUTSIDE || label as usize >= NUM_LABELS {
        NO_TYPE
    } else {
        (label - 1) / 4
    }
}

#[derive(Default, Clone, Copy)]
struct WordStats {
    occurrences: u32,
    types: [u32; 4],
    lower_initial: u32,
    capitalised_inside: u32,
}

fn observe(token: &str, position: usize, label: u8) -> WordStats {
    let mut s = WordStats {
        occurrences: 1,
        ..WordStats::default()
    };
    let t = label_type(label);
    if t != NO_TYPE {
        s.types[t as usize] = 1;
    }
    match token.chars().next() {
        Some(c) if c.is_lowercase() => s.lower_initial = 1,
        Some(c) if c.is_uppercase() && position > 0 => s.capitalised_inside = 1,
        _ => {}
    }
    s
}

/// Lower-cased word keys of a sentence (what features compute along the way).
pub(crate) fn sentence_keys(tokens: &[&str]) -> Vec<u32> {
    let mut lower = String::new();
    tokens
        .iter()
        .map(|token| {
            lower.clear();
            lower.extend(token.chars().flat_map(char::to_lowercase));
            word_key(&lower)
        })
        .collect()
}

/// Document context for every token of every sentence; `keys` are the tokens' lower-cased
/// word keys and `labels` the first-pass labels.
pub(crate) fn document_context(
    sentences: &[&[&str]],
    keys: &[Vec<u32>],
    labels: &[Vec<u8>],
) -> Vec<Vec<DocToken>> {
    let mut stats: HashMap<u32, WordStats> = HashMap::new();
    for ((tokens, keys), labels) in sentences.iter().zip(keys).zip(labels) {
        for (i, ((token, &k), &label)) in tokens.iter().zip(keys).zip(labels).enumerate() {
            let o = observe(token, i, label);
            let s = stats.entry(k).or_default();
            s.occurrences += 1;
            for t in 0..4 {
                s.types[t] += o.types[t];
            }
            s.lower_initial += o.lower_initial;
            s.capitalised_inside += o.capitalised_inside;
        }
    }
    sentences
        .iter()
        .zip(keys)
        .zip(labels)
        .map(|((tokens, keys), labels)| {
            tokens
                .iter()
                .zip(keys)
                .zip(labels)
                .enumerate()
                .map(|(i, ((token, k), &label))| {
                    let own = observe(token, i, label);
                    let all = stats[k];
                    let mut other_types = 0u8;
                    let mut majority = NO_TYPE;
                    let mut best = 0;
                    let mut tagged = 0;
                    for t in 0..4 {
                        let n = all.types[t] - own.types[t];
                        tagged += n;
                        if n > 0 {
                            other_types |= 1 << t;
                        }
                        if n > best {
                            best = n;
                            majority = t as u8;
                        }
                    }
                    let case = u8::from(all.lower_initial > own.lower_initial)
                        | u8::from(all.capitalised_inside > own.capitalised_inside) << 1;
                    let others = all.occurrences - 1;
                    let tagged_share = match (others, tagged) {
                        (0, _) => 0,
                        (_, 0) => 1,
                        (o, t) if t >= o => 4,
                        (o, t) if 2 * t >= o => 3,
                        _ => 2,
                    };
                    DocToken {
                        first_pass: label,
                        other_types,
                        majority,
                        case,
                        tagged_share,
                    }
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::labels::{label, Part};
    use crate::entities::EntityType;

    #[test]
    fn other_occurrences_inform_each_token() {
        let org = label(EntityType::Org, Part::Unit);
        let s1: &[&str] = &["Swissair", "groeit"];
        let s2: &[&str] = &["Ook", "Swissair", "en", "ook", "SWISSAIR"];
        let labels = vec![vec![org, OUTSIDE], vec![OUTSIDE; 5]];
        let keys = [sentence_keys(s1), sentence_keys(s2)];
        let ctx = document_context(&[s1, s2], &keys, &labels);
        // First mention: the others were not tagged, but one is capitalised mid-sentence.
        assert_eq!(ctx[0][0].other_types, 0);
        assert_eq!(ctx[0][0].majority, NO_TYPE);
        assert_eq!(ctx[0][0].case, 0b10);
        assert_eq!(ctx[0][0].first_pass, org);
        // Later mentions see the ORG tag of the first.
        assert_eq!(ctx[1][1].other_types, 1 << 1);
        assert_eq!(ctx[1][1].majority, 1);
        assert_eq!(ctx[0][0].tagged_share, 1);
        assert_eq!(ctx[1][1].tagged_share, 3, "one of two others tagged");
        assert_eq!(ctx[0][1].tagged_share, 0);
        // "Ook" occurs elsewhere in lower case.
        assert_eq!(ctx[1][0].case & 1, 1);
    }
}
