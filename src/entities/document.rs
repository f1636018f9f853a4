//! Document context for the second pass: what the first pass said about the *other*
//! occurrences of a word in the same document, and how the document capitalises the word.
//! A name tagged `ORG` with a telling context once ("de luchtvaartmaatschappij Swissair")
//! helps the bare mentions elsewhere in the article.

use super::labels::{NUM_LABELS, OUTSIDE};
use super::lexicon::word_key;
use foldhash::fast::FixedState;
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

/// How a token begins: [`LOWER_INITIAL`], [`UPPER_INITIAL`] or neither (0).
pub(crate) fn initial_case(token: &str) -> u8 {
    match token.chars().next() {
        Some(c) if c.is_lowercase() => LOWER_INITIAL,
        Some(c) if c.is_uppercase() => UPPER_INITIAL,
        _ => 0,
    }
}

pub(crate) const LOWER_INITIAL: u8 = 1;
pub(crate) const UPPER_INITIAL: u8 = 2;

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

/// One token as the document context sees it: which word it is and [`initial_case`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocWord {
    /// Tokens with the same lower-cased word key share this number. It indexes a table, so
    /// numbers should be small and dense (see [`document_context`]).
    pub(crate) word: u32,
    pub(crate) initial: u8,
}

/// Scratch space for [`context_into`], kept between documents so its table is allocated
/// once.
#[derive(Default)]
pub(crate) struct ContextScratch {
    /// Counts per [`DocWord::word`]; all zero between calls. A table rather than a map, as
    /// the tagger numbers its words anyway: two lookups per token were a tenth of the
    /// second pass.
    stats: Vec<WordStats>,
}

/// Document context for every token of every sentence; `keys` are the tokens' lower-cased
/// word keys and `labels` the first-pass labels.
pub(crate) fn document_context(
    sentences: &[&[&str]],
    keys: &[Vec<u32>],
    labels: &[Vec<u8>],
) -> Vec<Vec<DocToken>> {
    let mut words = Vec::new();
    let mut starts = vec![0];
    let mut numbers: HashMap<u32, u32, FixedState> = HashMap::default();
    for (tokens, keys) in sentences.iter().zip(keys) {
        for (token, &key) in tokens.iter().zip(keys) {
            let next = u32::try_from(numbers.len()).expect("fewer than 2^32 words");
            words.push(DocWord {
                word: *numbers.entry(key).or_insert(next),
                initial: initial_case(token),
            });
        }
        starts.push(words.len());
    }
    let flat_labels: Vec<u8> = labels.iter().flatten().copied().collect();
    let mut flat = Vec::new();
    context_into(
        &words,
        &starts,
        &flat_labels,
        &mut ContextScratch::default(),
        &mut flat,
    );
    starts
        .windows(2)
        .map(|w| flat[w[0]..w[1]].to_vec())
        .collect()
}

/// [`document_context`] over a whole document laid out flat: sentence `s` is
/// `words[starts[s]..starts[s + 1]]`, `labels` run parallel to `words`, and so does `out`.
pub(crate) fn context_into(
    words: &[DocWord],
    starts: &[usize],
    labels: &[u8],
    scratch: &mut ContextScratch,
    out: &mut Vec<DocToken>,
) {
    let stats = &mut scratch.stats;
    out.clear();
    // Plain loops over the sentences, and each token's own occurrence counted and taken
    // out field by field: cheap, as this runs for every token of every session.
    for w in starts.windows(2) {
        for t in w[0]..w[1] {
            let word = words[t].word as usize;
            if word >= stats.len() {
                stats.resize(word + 1, WordStats::default());
            }
            let s = &mut stats[word];
            s.occurrences += 1;
            let ty = label_type(labels[t]);
            if ty != NO_TYPE {
                s.types[usize::from(ty)] += 1;
            }
            let (lower, inside) = case_of(words[t].initial, t - w[0]);
            s.lower_initial += lower;
            s.capitalised_inside += inside;
        }
    }
    for w in starts.windows(2) {
        for t in w[0]..w[1] {
            let label = labels[t];
            let own_type = label_type(label);
            let (own_lower, own_inside) = case_of(words[t].initial, t - w[0]);
            let all = &stats[words[t].word as usize];
            let mut other_types = 0u8;
            let mut majority = NO_TYPE;
            let mut best = 0;
            let mut tagged = 0;
            for (ty, &count) in all.types.iter().enumerate() {
                let n = count - u32::from(usize::from(own_type) == ty);
                tagged += n;
                if n > 0 {
                    other_types |= 1 << ty;
                }
                if n > best {
                    best = n;
                    majority = ty as u8;
                }
            }
            let case = u8::from(all.lower_initial > own_lower)
                | u8::from(all.capitalised_inside > own_inside) << 1;
            let others = all.occurrences - 1;
            let tagged_share = match (others, tagged) {
                (0, _) => 0,
                (_, 0) => 1,
                (o, t) if t >= o => 4,
                (o, t) if 2 * t >= o => 3,
                _ => 2,
            };
            out.push(DocToken {
                first_pass: label,
                other_types,
                majority,
                case,
                tagged_share,
            });
        }
    }
    for w in starts.windows(2) {
        for word in &words[w[0]..w[1]] {
            stats[word.word as usize] = WordStats::default();
        }
    }
}

/// Whether a token counts as starting lower case, and as capitalised inside a sentence
/// (it is at `position`).
#[inline]
fn case_of(initial: u8, position: usize) -> (u32, u32) {
    match initial {
        LOWER_INITIAL => (1, 0),
        UPPER_INITIAL if position > 0 => (0, 1),
        _ => (0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::labels::{label, Part};
    use crate::entities::EntityType;

    /// One token's counts, as the reference adds them up.
    fn observe(initial: u8, position: usize, label: u8) -> WordStats {
        let mut s = WordStats {
            occurrences: 1,
            ..WordStats::default()
        };
        let t = label_type(label);
        if t != NO_TYPE {
            s.types[t as usize] = 1;
        }
        match initial {
            LOWER_INITIAL => s.lower_initial = 1,
            UPPER_INITIAL if position > 0 => s.capitalised_inside = 1,
            _ => {}
        }
        s
    }

    /// [`context_into`] as it was, with [`observe`] per token: the oracle for the
    /// rewrite.
    fn reference_context(
        words: &[DocWord],
        starts: &[usize],
        labels: &[u8],
        scratch: &mut ContextScratch,
        out: &mut Vec<DocToken>,
    ) {
        let stats = &mut scratch.stats;
        out.clear();
        let sentences = || {
            starts
                .windows(2)
                .flat_map(|w| (w[0]..w[1]).map(move |t| (t, t - w[0])))
        };
        for (t, position) in sentences() {
            let o = observe(words[t].initial, position, labels[t]);
            let word = words[t].word as usize;
            if word >= stats.len() {
                stats.resize(word + 1, WordStats::default());
            }
            let s = &mut stats[word];
            s.occurrences += 1;
            for t in 0..4 {
                s.types[t] += o.types[t];
            }
            s.lower_initial += o.lower_initial;
            s.capitalised_inside += o.capitalised_inside;
        }
        for (t, position) in sentences() {
            let label = labels[t];
            let own = observe(words[t].initial, position, label);
            let all = stats[words[t].word as usize];
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
            out.push(DocToken {
                first_pass: label,
                other_types,
                majority,
                case,
                tagged_share,
            });
        }
        for (t, _) in sentences() {
            stats[words[t].word as usize] = WordStats::default();
        }
    }

    /// The rewrite against [`reference_context`] on documents drawn from a small
    /// vocabulary (words recur in every case, place and label), with a scratch table
    /// kept across documents as the tagger keeps it.
    #[test]
    fn context_equals_the_reference_on_generated_documents() {
        let mut random = crate::testdata::xorshift(0xc0ff_ee00_dead_beef);
        let (mut scratch, mut reference_scratch) =
            (ContextScratch::default(), ContextScratch::default());
        let (mut got, mut want) = (Vec::new(), Vec::new());
        for case in 0..500 {
            let vocabulary = 1 + (random() % 40) as u32;
            let sentences = (random() % 12) as usize;
            let mut starts = vec![0];
            let (mut words, mut labels) = (Vec::new(), Vec::new());
            for _ in 0..sentences {
                for _ in 0..random() % 15 {
                    words.push(DocWord {
                        word: (random() % u64::from(vocabulary)) as u32,
                        initial: [0, LOWER_INITIAL, UPPER_INITIAL][(random() % 3) as usize],
                    });
                    // Mostly O, as in text; now and then not a label at all.
                    labels.push(match random() % 8 {
                        0..=3 => OUTSIDE,
                        7 => 200,
                        _ => (random() % NUM_LABELS as u64) as u8,
                    });
                }
                starts.push(words.len());
            }
            context_into(&words, &starts, &labels, &mut scratch, &mut got);
            reference_context(&words, &starts, &labels, &mut reference_scratch, &mut want);
            assert_eq!(got, want, "case {case}");
        }
    }

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
