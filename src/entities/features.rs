//! Per-token feature keys. Every feature is a 32-bit hash of (template id, value), computed
//! once per token per sentence into a flat buffer; nothing is allocated per feature.
//!
//! Changing a template or its id changes what a model's weights mean: bump
//! [`FEATURE_SET`] so older model files are refused.

use super::document::{label_type, DocToken};
use super::hash::{combine, FeatureHasher};
use super::lexicon::{word_key, Lexicon, DICT_CAPITALISED, DICT_LOWER, ZIPF_MASK};

/// Version of the feature templates below; stored in and checked against model files.
pub(crate) const FEATURE_SET: u32 = 1;

// Template ids. Never reuse a number for a different meaning within one FEATURE_SET.
const T_BIAS: u32 = 1;
// 2 is lexicon::LOWER_TEMPLATE: the lower-cased word itself.
const T_WORD: u32 = 3;
const T_SHAPE: u32 = 4;
const T_SHORT_SHAPE: u32 = 5;
const T_PREFIX: u32 = 6;
const T_SUFFIX: u32 = 10;
const T_LOWER_AT: u32 = 20; // + offset index
const T_SHORT_AT: u32 = 30;
const T_LEX_AT: u32 = 40;
const T_BIGRAM_PREV: u32 = 50;
const T_BIGRAM_NEXT: u32 = 51;
const T_SHAPE_TRIGRAM: u32 = 52;
const T_PREV_WORD_SHAPE: u32 = 53;
const T_SHAPE_NEXT_WORD: u32 = 54;
const T_FLAG: u32 = 60;
const T_FIRST_SHAPE: u32 = 61;
const T_FIRST_LEX: u32 = 62;
const T_LENGTH: u32 = 63;
const T_ZIPF: u32 = 64;
const T_DICT: u32 = 65;
const T_LEX_SHAPE: u32 = 66;
const T_GAZ: u32 = 70;
const T_GAZ_SHAPE: u32 = 71;
const T_GAZ_AT: u32 = 72;
const T_SUFFIX_SHAPE: u32 = 80;
const T_DOC_LABEL: u32 = 90;
const T_DOC_LABEL_PREV: u32 = 91;
const T_DOC_LABEL_NEXT: u32 = 92;
const T_DOC_TYPE_SHAPE: u32 = 93;
const T_DOC_OTHER: u32 = 94;
const T_DOC_OTHER_SHAPE: u32 = 95;
const T_DOC_MAJORITY: u32 = 96;
const T_DOC_CASE: u32 = 97;
const T_DOC_MAJORITY_SHAPE: u32 = 98;
const T_DOC_SHARE: u32 = 99;

/// Where a token's word-identity features (exact word, lower-cased word, the word with its
/// left or right neighbour) sit among its keys; training can hide them (word dropout).
pub(crate) const LEXICAL: std::ops::Range<usize> = 1..5;

/// Neighbour offsets used by the `*_AT` templates.
pub(crate) const OFFSETS: [isize; 4] = [-2, -1, 1, 2];

const BOUNDARY_BEFORE: u32 = 0x6b6f_6f73; // any fixed non-token value
const BOUNDARY_AFTER: u32 = 0x656f_7321;

// Token flags.
const INIT_CAP: u32 = 1 << 0;
const ALL_CAPS: u32 = 1 << 1;
const HAS_DIGIT: u32 = 1 << 2;
const ALL_DIGITS: u32 = 1 << 3;
const HAS_HYPHEN: u32 = 1 << 4;
const HAS_APOSTROPHE: u32 = 1 << 5;
const HAS_PERIOD: u32 = 1 << 6;
const NO_ALPHANUMERIC: u32 = 1 << 7;
const INNER_CAP: u32 = 1 << 8;
const NON_ASCII: u32 = 1 << 9;
const NUM_FLAGS: u32 = 10;

/// Longest shape kept in full; longer shapes end in a marker.
const MAX_SHAPE: usize = 12;

/// What the features need to know about a token; a function of its string alone.
#[derive(Clone, Copy, Default)]
pub(crate) struct TokenInfo {
    word: u32,
    /// The lower-cased word key, as the lexicons store it.
    pub(crate) lower: u32,
    shape: u32,
    short_shape: u32,
    prefix: [u32; 4],
    suffix: [u32; 4],
    flags: u32,
    length_bucket: u32,
    lex: u32,
    lex_class: u32,
    gaz: u32,
}

/// Reusable buffers for one sentence's features.
#[derive(Default)]
pub(crate) struct SentenceFeatures {
    /// Keys of token `i` are `keys[offsets[i]..offsets[i + 1]]`.
    pub(crate) keys: Vec<u32>,
    pub(crate) offsets: Vec<usize>,
    infos: Vec<TokenInfo>,
    lower: String,
}

impl SentenceFeatures {
    pub(crate) fn token(&self, i: usize) -> &[u32] {
        &self.keys[self.offsets[i]..self.offsets[i + 1]]
    }
}

/// Gazetteer bits: for each entity type, whether the word was seen inside, at the start, at
/// the end of, or as the whole of an entity of that type.
pub(crate) const GAZ_BITS_PER_TYPE: u32 = 4;

fn char_class(c: char) -> u8 {
    if c.is_uppercase() {
        b'X'
    } else if c.is_lowercase() {
        b'x'
    } else if c.is_numeric() {
        b'd'
    } else if c.is_alphabetic() {
        b'a'
    } else if c.is_ascii() {
        c as u8
    } else {
        b'o'
    }
}

fn length_bucket(chars: usize) -> u32 {
    match chars {
        0..=4 => chars as u32,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

/// Coarse class of the lexicon bits: frequency band x dictionary spelling.
fn lex_class(lex: u32) -> u32 {
    let zipf = lex & ZIPF_MASK;
    let band = match zipf {
        0 => 0,
        1..=24 => 1,
        25..=34 => 2,
        35..=44 => 3,
        45..=54 => 4,
        _ => 5,
    };
    band * 4 + u32::from(lex & DICT_LOWER != 0) * 2 + u32::from(lex & DICT_CAPITALISED != 0)
}

/// The facts about `token` its features are made of; `lower` is scratch space.
pub(crate) fn token_info(
    token: &str,
    lower: &mut String,
    words: &Lexicon,
    gazetteer: &Lexicon,
) -> TokenInfo {
    let mut info = TokenInfo::default();
    let mut word = FeatureHasher::new(T_WORD);
    word.bytes(token.as_bytes());
    info.word = word.finish();

    lower.clear();
    let mut shape = FeatureHasher::new(T_SHAPE);
    let mut short = FeatureHasher::new(T_SHORT_SHAPE);
    let mut prev_class = 0u8;
    let (mut chars, mut letters, mut uppers, mut lowers, mut digits, mut alnum) =
        (0usize, 0, 0, 0, 0, 0);
    let mut flags = 0;
    for (i, c) in token.chars().enumerate() {
        chars += 1;
        let class = char_class(c);
        if i < MAX_SHAPE {
            shape.byte(class);
        } else if i == MAX_SHAPE {
            shape.byte(b'+');
        }
        if class != prev_class {
            short.byte(class);
            prev_class = class;
        }
        match class {
            b'X' => {
                uppers += 1;
                letters += 1;
                if i == 0 {
                    flags |= INIT_CAP;
                } else {
                    flags |= INNER_CAP;
                }
            }
            b'x' => {
                lowers += 1;
                letters += 1;
            }
            b'd' => digits += 1,
            b'a' => letters += 1,
            b'-' => flags |= HAS_HYPHEN,
            b'\'' => flags |= HAS_APOSTROPHE,
            b'.' => flags |= HAS_PERIOD,
            _ => {}
        }
        if c == '\u{2019}' {
            flags |= HAS_APOSTROPHE;
        }
        if c.is_alphanumeric() {
            alnum += 1;
        }
        if !c.is_ascii() {
            flags |= NON_ASCII;
        }
        lower.extend(c.to_lowercase());
    }
    if uppers > 0 && lowers == 0 && letters > 0 {
        flags |= ALL_CAPS;
    }
    if flags & INNER_CAP != 0 && lowers == 0 {
        flags &= !INNER_CAP;
    }
    if digits > 0 {
        flags |= HAS_DIGIT;
        if digits == chars {
            flags |= ALL_DIGITS;
        }
    }
    if alnum == 0 {
        flags |= NO_ALPHANUMERIC;
    }
    info.shape = shape.finish();
    info.short_shape = short.finish();
    info.flags = flags;
    info.length_bucket = length_bucket(chars);
    info.lower = word_key(lower);

    // Prefixes and suffixes of the lower-cased word, 1 to 4 characters, only when shorter
    // than the word itself.
    let mut prefix = FeatureHasher::new(T_PREFIX);
    for (n, c) in lower.chars().take(4).enumerate() {
        let mut buf = [0u8; 4];
        prefix.bytes(c.encode_utf8(&mut buf).as_bytes());
        if n + 1 < chars {
            info.prefix[n] = prefix.finish();
        }
    }
    for (n, (at, _)) in lower.char_indices().rev().take(4).enumerate() {
        if n + 1 < chars {
            let mut suffix = FeatureHasher::new(T_SUFFIX + n as u32);
            suffix.bytes(&lower.as_bytes()[at..]);
            info.suffix[n] = suffix.finish();
        }
    }
    info.lex = words.get(info.lower);
    info.lex_class = lex_class(info.lex);
    info.gaz = gazetteer.get(info.lower);
    info
}

/// Computes the feature keys of every token of a sentence into `out`.
///
/// The keys fall into three groups, which the cached tagger sums separately: those of the
/// token alone ([`token_keys`]), those of a neighbour at a fixed offset
/// ([`neighbour_keys`]), and those that combine the token with its neighbours or its
/// position ([`left_context_keys`], [`right_context_keys`], [`shape_trigram_key`]). The order here is the one models were trained with: word
/// dropout hides [`LEXICAL`] by position.
pub(crate) fn extract(
    tokens: &[&str],
    words: &Lexicon,
    gazetteer: &Lexicon,
    out: &mut SentenceFeatures,
) {
    out.keys.clear();
    out.offsets.clear();
    out.infos.clear();
    for token in tokens {
        let info = token_info(token, &mut out.lower, words, gazetteer);
        out.infos.push(info);
    }
    let n = tokens.len();
    out.offsets.push(0);
    for i in 0..n {
        let keys = &mut out.keys;
        let info = &out.infos[i];
        let at = |offset: isize| -> Option<&TokenInfo> {
            let j = i as isize + offset;
            if j < 0 || j >= n as isize {
                None
            } else {
                Some(&out.infos[j as usize])
            }
        };
        let (prev, next) = (at(-1), at(1));
        keys.push(bias_key());
        keys.push(info.word);
        keys.push(info.lower);
        bigram_keys(prev, info, next, keys);
        shape_keys(info, keys);
        for (k, &offset) in OFFSETS.iter().enumerate() {
            neighbour_keys(k, at(offset), keys);
        }
        shape_context_keys(prev, info, next, keys);
        flag_keys(info, keys);
        if i == 0 {
            first_token_keys(info, keys);
        }
        lexicon_keys(info, keys);
        out.offsets.push(keys.len());
    }
}

/// The feature every token has.
pub(crate) fn bias_key() -> u32 {
    combine(T_BIAS, &[])
}

/// The keys that depend on the token alone: the same wherever the word occurs.
pub(crate) fn token_keys(info: &TokenInfo, keys: &mut Vec<u32>) {
    keys.push(info.word);
    keys.push(info.lower);
    shape_keys(info, keys);
    flag_keys(info, keys);
    lexicon_keys(info, keys);
}

/// The keys a token gets from its neighbour `OFFSETS[k]` (`None`: beyond the sentence).
pub(crate) fn neighbour_keys(k: usize, neighbour: Option<&TokenInfo>, keys: &mut Vec<u32>) {
    let offset = OFFSETS[k];
    let (lower, short, lex, gaz) = match neighbour {
        Some(t) => (t.lower, t.short_shape, t.lex_class, t.gaz),
        None => {
            let b = if offset < 0 {
                BOUNDARY_BEFORE
            } else {
                BOUNDARY_AFTER
            };
            (b, b, b, b)
        }
    };
    let k = k as u32;
    keys.push(combine(T_LOWER_AT + k, &[lower]));
    keys.push(combine(T_SHORT_AT + k, &[short]));
    keys.push(combine(T_LEX_AT + k, &[lex]));
    if offset.abs() == 1 {
        keys.push(combine(T_GAZ_AT + k, &[gaz]));
    }
}

/// The keys of a token that join it to the token before it (`None`: the sentence starts
/// here, which also gives the first-token keys). With [`right_context_keys`] and
/// [`shape_trigram_key`], these are the keys that combine a token with its direct
/// neighbours or its position; the cached tagger sums each part for a pair of words once.
pub(crate) fn left_context_keys(prev: Option<&TokenInfo>, info: &TokenInfo, keys: &mut Vec<u32>) {
    keys.push(bigram_prev_key(prev, info));
    keys.push(prev_word_shape_key(prev, info));
    if prev.is_none() {
        first_token_keys(info, keys);
    }
}

/// The keys of a token that join it to the token after it (`None`: the sentence ends).
pub(crate) fn right_context_keys(info: &TokenInfo, next: Option<&TokenInfo>, keys: &mut Vec<u32>) {
    keys.push(bigram_next_key(info, next));
    keys.push(shape_next_word_key(info, next));
}

fn bigram_keys(
    prev: Option<&TokenInfo>,
    info: &TokenInfo,
    next: Option<&TokenInfo>,
    keys: &mut Vec<u32>,
) {
    keys.push(bigram_prev_key(prev, info));
    keys.push(bigram_next_key(info, next));
}

fn bigram_prev_key(prev: Option<&TokenInfo>, info: &TokenInfo) -> u32 {
    let prev_lower = prev.map_or(BOUNDARY_BEFORE, |t| t.lower);
    combine(T_BIGRAM_PREV, &[prev_lower, info.lower])
}

fn bigram_next_key(info: &TokenInfo, next: Option<&TokenInfo>) -> u32 {
    let next_lower = next.map_or(BOUNDARY_AFTER, |t| t.lower);
    combine(T_BIGRAM_NEXT, &[info.lower, next_lower])
}

fn shape_keys(info: &TokenInfo, keys: &mut Vec<u32>) {
    keys.push(info.shape);
    keys.push(info.short_shape);
    keys.extend(
        info.prefix
            .iter()
            .chain(&info.suffix)
            .copied()
            .filter(|&k| k != 0),
    );
}

fn shape_context_keys(
    prev: Option<&TokenInfo>,
    info: &TokenInfo,
    next: Option<&TokenInfo>,
    keys: &mut Vec<u32>,
) {
    keys.push(shape_trigram_key(prev, info, next));
    keys.push(prev_word_shape_key(prev, info));
    keys.push(shape_next_word_key(info, next));
}

/// The one key that joins a token to both its neighbours: their short shapes and its own.
pub(crate) fn shape_trigram_key(
    prev: Option<&TokenInfo>,
    info: &TokenInfo,
    next: Option<&TokenInfo>,
) -> u32 {
    shape_trigram_key_of(shape_trigram(prev, info, next))
}

/// What [`shape_trigram_key`] is a function of; far fewer values occur than tokens.
#[inline]
pub(crate) fn shape_trigram(
    prev: Option<&TokenInfo>,
    info: &TokenInfo,
    next: Option<&TokenInfo>,
) -> [u32; 3] {
    let prev_short = prev.map_or(BOUNDARY_BEFORE, |t| t.short_shape);
    let next_short = next.map_or(BOUNDARY_AFTER, |t| t.short_shape);
    [prev_short, info.short_shape, next_short]
}

/// [`shape_trigram_key`] from its [`shape_trigram`].
pub(crate) fn shape_trigram_key_of(trigram: [u32; 3]) -> u32 {
    combine(T_SHAPE_TRIGRAM, &trigram)
}

fn prev_word_shape_key(prev: Option<&TokenInfo>, info: &TokenInfo) -> u32 {
    let prev_lower = prev.map_or(BOUNDARY_BEFORE, |t| t.lower);
    combine(T_PREV_WORD_SHAPE, &[prev_lower, info.short_shape])
}

fn shape_next_word_key(info: &TokenInfo, next: Option<&TokenInfo>) -> u32 {
    let next_lower = next.map_or(BOUNDARY_AFTER, |t| t.lower);
    combine(T_SHAPE_NEXT_WORD, &[info.short_shape, next_lower])
}

fn flag_keys(info: &TokenInfo, keys: &mut Vec<u32>) {
    for bit in 0..NUM_FLAGS {
        if info.flags & (1 << bit) != 0 {
            keys.push(combine(T_FLAG, &[bit]));
        }
    }
}

fn first_token_keys(info: &TokenInfo, keys: &mut Vec<u32>) {
    keys.push(combine(T_FIRST_SHAPE, &[info.short_shape]));
    keys.push(combine(
        T_FIRST_LEX,
        &[info.lex_class, info.flags & INIT_CAP],
    ));
}

fn lexicon_keys(info: &TokenInfo, keys: &mut Vec<u32>) {
    keys.push(combine(T_LENGTH, &[info.length_bucket]));
    keys.push(combine(T_ZIPF, &[info.lex & ZIPF_MASK]));
    keys.push(combine(
        T_DICT,
        &[info.lex & (DICT_LOWER | DICT_CAPITALISED)],
    ));
    keys.push(combine(T_LEX_SHAPE, &[info.lex_class, info.short_shape]));
    if info.suffix[2] != 0 {
        keys.push(combine(T_SUFFIX_SHAPE, &[info.suffix[2], info.short_shape]));
    }
    if info.gaz != 0 {
        let mut bits = info.gaz;
        while bits != 0 {
            let bit = bits.trailing_zeros();
            bits &= bits - 1;
            keys.push(combine(T_GAZ, &[bit]));
            keys.push(combine(T_GAZ_SHAPE, &[bit, info.short_shape]));
        }
    }
}

impl SentenceFeatures {
    /// What [`document_features`] needs to know about each token.
    pub(crate) fn shapes(&self) -> Vec<TokenShape> {
        self.infos.iter().map(TokenShape::of).collect()
    }
}

/// A token's short shape and capitalisation, kept between the passes.
#[derive(Clone, Copy)]
pub(crate) struct TokenShape {
    short_shape: u32,
    init_cap: u32,
}

impl TokenShape {
    pub(crate) fn of(info: &TokenInfo) -> TokenShape {
        TokenShape {
            short_shape: info.short_shape,
            init_cap: info.flags & INIT_CAP,
        }
    }
}

/// Second-pass features of every token from its document context, into `keys`/`offsets`
/// laid out like [`SentenceFeatures::keys`].
pub(crate) fn document_features(
    shapes: &[TokenShape],
    doc: &[DocToken],
    keys: &mut Vec<u32>,
    offsets: &mut Vec<usize>,
) {
    keys.clear();
    offsets.clear();
    offsets.push(0);
    for (i, &shape) in shapes.iter().enumerate() {
        if let Some(input) = DocFeatureInput::new(shape, doc, i) {
            input.keys(keys);
        }
        offsets.push(keys.len());
    }
}

/// Everything the second-pass features of one token are made of. It takes few distinct
/// values across a corpus, so the cached tagger sums the weights once per value.
#[derive(Clone, Copy)]
pub(crate) struct DocFeatureInput {
    doc: DocToken,
    /// First-pass labels of the neighbours in the sentence, [`NO_LABEL`] beyond it.
    prev_label: u8,
    next_label: u8,
    first: bool,
    shape: TokenShape,
}

/// A neighbour's label beyond the sentence; not a label.
const NO_LABEL: u8 = u8::MAX;

impl DocFeatureInput {
    /// The input of token `i` of a sentence whose document context is `doc` and whose
    /// shape is `shape`; `None` when `doc` does not reach `i` (no second-pass features).
    #[inline]
    pub(crate) fn new(shape: TokenShape, doc: &[DocToken], i: usize) -> Option<Self> {
        let d = *doc.get(i)?;
        let label = |j: Option<usize>| {
            j.and_then(|j| doc.get(j))
                .map_or(NO_LABEL, |p| p.first_pass)
        };
        Some(DocFeatureInput {
            doc: d,
            prev_label: label(i.checked_sub(1)),
            next_label: label(Some(i + 1)),
            first: i == 0,
            shape,
        })
    }

    /// Every field side by side at full width, so that equal keys mean equal inputs and
    /// so equal feature keys.
    #[inline]
    pub(crate) fn key(&self) -> u128 {
        let d = &self.doc;
        let small = u64::from_le_bytes([
            d.first_pass,
            d.other_types,
            d.majority,
            d.case,
            d.tagged_share,
            self.prev_label,
            self.next_label,
            u8::from(self.first),
        ]);
        let shape = u64::from(self.shape.short_shape) << 32 | u64::from(self.shape.init_cap);
        u128::from(small) << 64 | u128::from(shape)
    }

    /// The token's second-pass feature keys, appended to `keys` in the order models were
    /// trained with.
    pub(crate) fn keys(&self, keys: &mut Vec<u32>) {
        let (d, info) = (&self.doc, &self.shape);
        let label = u32::from(d.first_pass);
        let ty = u32::from(label_type(d.first_pass));
        keys.push(combine(T_DOC_LABEL, &[label]));
        keys.push(combine(
            T_DOC_LABEL_PREV,
            &[u32::from(self.prev_label), label],
        ));
        keys.push(combine(
            T_DOC_LABEL_NEXT,
            &[label, u32::from(self.next_label)],
        ));
        keys.push(combine(T_DOC_TYPE_SHAPE, &[ty, info.short_shape]));
        for t in 0..4u32 {
            if d.other_types & (1 << t) != 0 {
                keys.push(combine(T_DOC_OTHER, &[t]));
                keys.push(combine(T_DOC_OTHER_SHAPE, &[t, info.short_shape]));
            }
        }
        keys.push(combine(T_DOC_MAJORITY, &[u32::from(d.majority), ty]));
        keys.push(combine(
            T_DOC_MAJORITY_SHAPE,
            &[u32::from(d.majority), info.short_shape],
        ));
        keys.push(combine(
            T_DOC_SHARE,
            &[u32::from(d.tagged_share), u32::from(d.majority), ty],
        ));
        keys.push(combine(
            T_DOC_CASE,
            &[u32::from(d.case), u32::from(self.first), info.init_cap],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(token: &str) -> TokenInfo {
        token_info(
            token,
            &mut String::new(),
            &Lexicon::empty(),
            &Lexicon::empty(),
        )
    }

    #[test]
    fn flags_and_shapes() {
        let cases: &[(&str, u32, u32)] = &[
            ("Gent", INIT_CAP, 4),
            ("NMBS", INIT_CAP | ALL_CAPS, 4),
            ("1999", HAS_DIGIT | ALL_DIGITS, 4),
            ("Jean-Marie", INIT_CAP | INNER_CAP | HAS_HYPHEN, 7),
            ("'s", HAS_APOSTROPHE, 2),
            ("...", NO_ALPHANUMERIC | HAS_PERIOD, 3),
            ("België", INIT_CAP | NON_ASCII, 5),
            ("iPod", INNER_CAP, 4),
        ];
        for &(token, flags, bucket) in cases {
            let i = info(token);
            assert_eq!(i.flags, flags, "{token}");
            assert_eq!(i.length_bucket, bucket, "{token}");
        }
        // Same short shape for same-pattern words, different from other patterns.
        assert_eq!(info("Gent").short_shape, info("Brussel").short_shape);
        assert_ne!(info("Gent").shape, info("Brussel").shape);
        assert_ne!(info("Gent").short_shape, info("gent").short_shape);
        // Lower-case key ignores case.
        assert_eq!(info("GENT").lower, info("Gent").lower);
    }

    #[test]
    fn prefixes_and_suffixes_skip_the_whole_word() {
        let i = info("de");
        assert_ne!(i.prefix[0], 0);
        assert_eq!(i.prefix[1], 0);
        assert_eq!(i.suffix[1], 0);
        assert_eq!(info("Gentse").suffix[1], info("Brusselse").suffix[1]);
    }

    /// [`document_features`] as it was before [`DocFeatureInput`], kept verbatim: the
    /// committed model was trained on these keys in this order.
    fn document_features_before(
        shapes: &[TokenShape],
        doc: &[DocToken],
        keys: &mut Vec<u32>,
        offsets: &mut Vec<usize>,
    ) {
        keys.clear();
        offsets.clear();
        offsets.push(0);
        for (i, info) in shapes.iter().enumerate() {
            if let Some(d) = doc.get(i) {
                let none = u32::from(u8::MAX);
                keys.push(combine(T_DOC_LABEL, &[u32::from(d.first_pass)]));
                let prev_label = if i > 0 {
                    doc.get(i - 1).map_or(none, |p| u32::from(p.first_pass))
                } else {
                    none
                };
                let next_label = doc.get(i + 1).map_or(none, |n| u32::from(n.first_pass));
                keys.push(combine(
                    T_DOC_LABEL_PREV,
                    &[prev_label, u32::from(d.first_pass)],
                ));
                keys.push(combine(
                    T_DOC_LABEL_NEXT,
                    &[u32::from(d.first_pass), next_label],
                ));
                keys.push(combine(
                    T_DOC_TYPE_SHAPE,
                    &[u32::from(label_type(d.first_pass)), info.short_shape],
                ));
                for t in 0..4u32 {
                    if d.other_types & (1 << t) != 0 {
                        keys.push(combine(T_DOC_OTHER, &[t]));
                        keys.push(combine(T_DOC_OTHER_SHAPE, &[t, info.short_shape]));
                    }
                }
                keys.push(combine(
                    T_DOC_MAJORITY,
                    &[u32::from(d.majority), u32::from(label_type(d.first_pass))],
                ));
                keys.push(combine(
                    T_DOC_MAJORITY_SHAPE,
                    &[u32::from(d.majority), info.short_shape],
                ));
                keys.push(combine(
                    T_DOC_SHARE,
                    &[
                        u32::from(d.tagged_share),
                        u32::from(d.majority),
                        u32::from(label_type(d.first_pass)),
                    ],
                ));
                keys.push(combine(
                    T_DOC_CASE,
                    &[u32::from(d.case), u32::from(i == 0), info.init_cap],
                ));
            }
            offsets.push(keys.len());
        }
    }

    #[test]
    fn document_features_are_the_ones_the_model_was_trained_on() {
        use std::collections::hash_map::{Entry, HashMap};

        let shapes: Vec<TokenShape> = ["Gent", "gent", "GENT", "1999", ".", "iPod", "Jan-Piet"]
            .iter()
            .map(|t| TokenShape::of(&info(t)))
            .collect();
        let mut rng = crate::synth::SplitMix64::new(7);
        let (mut want, mut want_offsets) = (Vec::new(), Vec::new());
        let (mut got, mut got_offsets) = (Vec::new(), Vec::new());
        let mut by_input = HashMap::new();
        let mut repeats = 0;
        for _ in 0..5000 {
            let sentence: Vec<TokenShape> = (0..rng.between(0, 6))
                .map(|_| *rng.pick(&shapes).expect("shapes"))
                .collect();
            // Sometimes shorter than the sentence: those tokens get no document features.
            let len = rng.between(sentence.len().saturating_sub(1), sentence.len());
            // Every value somewhere, and few values often, so that inputs repeat.
            let narrow = rng.chance(50);
            let mut draw = |n: u64| rng.below(if narrow { n.min(2) } else { n }) as u8;
            let doc: Vec<DocToken> = (0..len)
                .map(|_| DocToken {
                    first_pass: draw(17),
                    other_types: draw(16),
                    majority: draw(5),
                    case: draw(4),
                    tagged_share: draw(5),
                })
                .collect();
            document_features_before(&sentence, &doc, &mut want, &mut want_offsets);
            document_features(&sentence, &doc, &mut got, &mut got_offsets);
            assert_eq!((&got, &got_offsets), (&want, &want_offsets));
            // Equal inputs, equal keys: what lets the cached tagger remember them.
            for (i, &shape) in sentence.iter().enumerate() {
                let Some(input) = DocFeatureInput::new(shape, &doc, i) else {
                    continue;
                };
                let keys = &want[want_offsets[i]..want_offsets[i + 1]];
                match by_input.entry(input.key()) {
                    Entry::Vacant(e) => {
                        e.insert(keys.to_vec());
                    }
                    Entry::Occupied(e) => {
                        assert_eq!(e.get().as_slice(), keys);
                        repeats += 1;
                    }
                }
            }
        }
        assert!(repeats > 1000 && by_input.len() > 1000, "{repeats} repeats");
    }

    #[test]
    fn every_token_gets_features_and_edges_work() {
        let mut f = SentenceFeatures::default();
        let words = Lexicon::empty();
        extract(&[], &words, &words, &mut f);
        assert_eq!(f.offsets.len(), 1);
        extract(&["Jan", "woont", "in", "Gent", "."], &words, &words, &mut f);
        assert_eq!(f.offsets.len(), 6);
        for i in 0..5 {
            assert!(f.token(i).len() > 20);
        }
        // Same word in the same context gives the same keys.
        let first = f.token(1).to_vec();
        extract(
            &["Piet", "woont", "in", "Gent", "."],
            &words,
            &words,
            &mut f,
        );
        let mut a = first.clone();
        let mut b = f.token(1).to_vec();
        a.sort_unstable();
        b.sort_unstable();
        assert_ne!(a, b, "the previous word differs");
        assert!(a.iter().filter(|k| b.binary_search(k).is_ok()).count() > 20);
    }

    /// The parts the cached tagger sums separately are, together with the bias, all of a
    /// token's keys, each as often as [`extract`] gives it.
    #[test]
    fn key_groups_make_up_the_extracted_keys() {
        let words = Lexicon::empty();
        let mut f = SentenceFeatures::default();
        let sentences: &[&[&str]] = &[
            &["Gent"],
            &["Jan", "woont", "in", "Gent", "."],
            &["de", "de", "de", "De", "DE", "'s", "1999", "Jean-Marie"],
        ];
        for tokens in sentences {
            extract(tokens, &words, &words, &mut f);
            let infos: Vec<TokenInfo> = tokens.iter().map(|t| info(t)).collect();
            let at =
                |i: usize, offset: isize| i.checked_add_signed(offset).and_then(|j| infos.get(j));
            for (i, info) in infos.iter().enumerate() {
                let mut parts = vec![bias_key()];
                token_keys(info, &mut parts);
                for (k, &offset) in OFFSETS.iter().enumerate() {
                    neighbour_keys(k, at(i, offset), &mut parts);
                }
                left_context_keys(at(i, -1), info, &mut parts);
                right_context_keys(info, at(i, 1), &mut parts);
                parts.push(shape_trigram_key(at(i, -1), info, at(i, 1)));
                let mut all = f.token(i).to_vec();
                parts.sort_unstable();
                all.sort_unstable();
                assert_eq!(parts, all, "token {i} of {tokens:?}");
            }
        }
    }
}
