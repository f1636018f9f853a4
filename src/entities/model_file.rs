//! The NER model and its binary file format (little endian throughout):
//!
//! ```text
//! magic        8 bytes  "NTLN-NER"
//! version      u32      FILE_VERSION
//! payload_len  u64
//! checksum     u64      FNV-1a 64 of the payload
//! payload:
//!   feature_set   u32   features::FEATURE_SET the weights were trained with
//!   num_labels    u32   17 (O + B/I/L/U x PER, ORG, LOC, MISC)
//!   words, gazetteer    lexicons: count u32, then per entry (ascending key)
//!                       varint key delta, varint bits
//!   passes        u32   1 or 2 (the second pass sees the first pass's document context)
//!   per pass:
//!     scale       f32   emission weight = i16 weight * scale
//!     start, trans, end   f32 x (17 + 17*17 + 17)   transition scores (trans[prev][next])
//!     features    count u32, then per feature (ascending key): varint key delta,
//!                 varint label mask (bit l set = weight for label l follows), i16 weights
//! ```
//! Varints are LEB128 (7 bits a byte, low first).

use std::path::{Path, PathBuf};

use super::decode::Row;
use super::features::FEATURE_SET;
use super::hash::checksum;
use super::labels::NUM_LABELS as L;
use super::lexicon::Lexicon;

const MAGIC: &[u8; 8] = b"NTLN-NER";
const FILE_VERSION: u32 = 1;
const HEADER_LEN: usize = 8 + 4 + 8 + 8;

/// A trained tagger model: one or two passes of weights and the lexicons the features look
/// words up in.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// First pass, then (optionally) the document-context pass.
    pub(crate) passes: Vec<Pass>,
    pub(crate) words: Lexicon,
    pub(crate) gazetteer: Lexicon,
}

/// Weights of one decoding pass: quantised emission weights per hashed feature and
/// transition scores.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pass {
    /// Ascending, distinct feature keys.
    pub(crate) keys: Vec<u32>,
    /// `keys.len() * 17` weights, row per key.
    pub(crate) weights: Vec<i16>,
    pub(crate) scale: f32,
    pub(crate) start: Row,
    pub(crate) trans: [Row; L],
    pub(crate) end: Row,
}

/// Why bytes are not a model this build can use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("not a notulen NER model (bad magic bytes)")]
    BadMagic,
    #[error("model file version {found} is not supported (this build reads version {expected})")]
    UnsupportedVersion { found: u32, expected: u32 },
    #[error("model was trained with feature set {found}, this build computes feature set {expected}: retrain it")]
    FeatureSet { found: u32, expected: u32 },
    #[error("model file is truncated")]
    Truncated,
    #[error("model checksum mismatch (file corrupt)")]
    Checksum,
    #[error("malformed model: {0}")]
    Malformed(&'static str),
}

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("cannot read NER model file {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("NER model file {} is unusable", path.display())]
    InFile {
        path: PathBuf,
        #[source]
        source: FormatError,
    },
    #[error("invalid NER model")]
    Format(#[from] FormatError),
}

impl Model {
    /// Features with weights, summed over the passes.
    pub fn num_features(&self) -> usize {
        self.passes.iter().map(|p| p.keys.len()).sum()
    }

    /// Decoding passes: 2 when the model uses document context.
    pub fn num_passes(&self) -> usize {
        self.passes.len()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut p = Vec::new();
        p.extend_from_slice(&FEATURE_SET.to_le_bytes());
        p.extend_from_slice(&(L as u32).to_le_bytes());
        for lexicon in [&self.words, &self.gazetteer] {
            let entries = lexicon.entries();
            p.extend_from_slice(&(entries.len() as u32).to_le_bytes());
            let mut last = 0u32;
            for &(key, bits) in entries {
                put_varint(&mut p, u64::from(key - last));
                put_varint(&mut p, u64::from(bits));
                last = key;
            }
        }
        p.extend_from_slice(&(self.passes.len() as u32).to_le_bytes());
        for pass in &self.passes {
            pass.write(&mut p);
        }
        let mut out = Vec::with_capacity(HEADER_LEN + p.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FILE_VERSION.to_le_bytes());
        out.extend_from_slice(&(p.len() as u64).to_le_bytes());
        out.extend_from_slice(&checksum(&p).to_le_bytes());
        out.extend_from_slice(&p);
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, FormatError> {
        let mut r = Reader::payload(bytes, true)?;
        let words = r.lexicon()?;
        let gazetteer = r.lexicon()?;
        let passes = r.u32()?;
        if !(1..=2).contains(&passes) {
            return Err(FormatError::Malformed("pass count"));
        }
        let passes = (0..passes)
            .map(|_| Pass::read(&mut r))
            .collect::<Result<Vec<_>, _>>()?;
        if r.remaining() != 0 {
            return Err(FormatError::Malformed("trailing bytes in payload"));
        }
        Ok(Model {
            passes,
            words,
            gazetteer,
        })
    }

    /// The word lexicon of a model file alone, without reading the
    /// gazetteer or the weights (most of the file). For callers that want
    /// [`Model::word_facts`] but no tagging, like the stemmer. Skips the
    /// checksum, which would read the whole file: only for bytes already
    /// known to be a valid model (the embedded one, which tests check).
    pub(crate) fn words_from_bytes(bytes: &[u8]) -> Result<Lexicon, FormatError> {
        Reader::payload(bytes, false)?.lexicon()
    }

    /// Reads a model file; errors name the file.
    pub fn load(path: &Path) -> Result<Model, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Model::from_bytes(&bytes).map_err(|source| ModelError::InFile {
            path: path.to_path_buf(),
            source,
        })
    }
}

impl Pass {
    fn write(&self, p: &mut Vec<u8>) {
        p.extend_from_slice(&self.scale.to_le_bytes());
        for row in std::iter::once(&self.start)
            .chain(&self.trans)
            .chain(std::iter::once(&self.end))
        {
            for v in row {
                p.extend_from_slice(&v.to_le_bytes());
            }
        }
        p.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        let mut last = 0u32;
        for (i, &key) in self.keys.iter().enumerate() {
            put_varint(p, u64::from(key - last));
            last = key;
            let row = &self.weights[i * L..(i + 1) * L];
            let mask = row
                .iter()
                .enumerate()
                .fold(0u64, |m, (l, &w)| if w != 0 { m | 1 << l } else { m });
            put_varint(p, mask);
            for &w in row.iter().filter(|&&w| w != 0) {
                p.extend_from_slice(&w.to_le_bytes());
            }
        }
    }

    fn read(r: &mut Reader<'_>) -> Result<Pass, FormatError> {
        let scale = r.f32()?;
        if !scale.is_finite() {
            return Err(FormatError::Malformed("weight scale"));
        }
        let mut row = || -> Result<Row, FormatError> {
            let mut row = [0.0; L];
            for v in &mut row {
                *v = r.f32()?;
                if !v.is_finite() {
                    return Err(FormatError::Malformed("transition score"));
                }
            }
            Ok(row)
        };
        let start = row()?;
        let mut trans = [[0.0; L]; L];
        for t in &mut trans {
            *t = row()?;
        }
        let end = row()?;
        let count = r.u32()? as usize;
        let mut keys = Vec::with_capacity(count.min(r.remaining()));
        let mut weights = Vec::with_capacity(keys.capacity() * L);
        let mut key = 0u32;
        for _ in 0..count {
            key = next_key(key, r.varint()?, keys.is_empty())?;
            keys.push(key);
            let mask = r.varint()?;
            if mask >> L != 0 {
                return Err(FormatError::Malformed("label mask"));
            }
            // A row is mostly zeros: fill in only the labels the mask names, in order.
            let row = weights.len();
            weights.resize(row + L, 0);
            let mut labels = mask;
            while labels != 0 {
                weights[row + labels.trailing_zeros() as usize] = r.i16()?;
                labels &= labels - 1;
            }
        }
        Ok(Pass {
            keys,
            weights,
            scale,
            start,
            trans,
            end,
        })
    }
}

fn next_key(previous: u32, delta: u64, first: bool) -> Result<u32, FormatError> {
    let delta = u32::try_from(delta).map_err(|_| FormatError::Malformed("key delta"))?;
    if delta == 0 && !first {
        return Err(FormatError::Malformed("keys not ascending"));
    }
    let key = previous
        .checked_add(delta)
        .ok_or(FormatError::Malformed("key overflow"))?;
    if key == 0 {
        return Err(FormatError::Malformed("zero key"));
    }
    Ok(key)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], FormatError> {
        let slice = self
            .bytes
            .get(self.at..self.at + N)
            .ok_or(FormatError::Truncated)?;
        self.at += N;
        Ok(slice.try_into().expect("slice has N bytes"))
    }

    /// A reader at the start of the payload of model file `bytes`, past
    /// the header (checked) and the feature set and label count (checked);
    /// `verify` also checks the payload's checksum.
    fn payload(bytes: &'a [u8], verify: bool) -> Result<Reader<'a>, FormatError> {
        if bytes.len() < 8 || &bytes[..8] != MAGIC {
            return Err(FormatError::BadMagic);
        }
        let mut header = Reader { bytes, at: 8 };
        let version = header.u32()?;
        if version != FILE_VERSION {
            return Err(FormatError::UnsupportedVersion {
                found: version,
                expected: FILE_VERSION,
            });
        }
        let len = header.u64()?;
        let sum = header.u64()?;
        let payload = &bytes[HEADER_LEN.min(bytes.len())..];
        if (payload.len() as u64) < len {
            return Err(FormatError::Truncated);
        }
        if payload.len() as u64 != len {
            return Err(FormatError::Malformed("bytes after the payload"));
        }
        if verify && checksum(payload) != sum {
            return Err(FormatError::Checksum);
        }
        let mut r = Reader {
            bytes: payload,
            at: 0,
        };
        let feature_set = r.u32()?;
        if feature_set != FEATURE_SET {
            return Err(FormatError::FeatureSet {
                found: feature_set,
                expected: FEATURE_SET,
            });
        }
        if r.u32()? != L as u32 {
            return Err(FormatError::Malformed("label count"));
        }
        Ok(r)
    }

    /// One lexicon: count, then (key delta, bits) varint pairs.
    fn lexicon(&mut self) -> Result<Lexicon, FormatError> {
        let count = self.u32()? as usize;
        let mut entries = Vec::with_capacity(count.min(self.remaining()));
        let mut key = 0u32;
        for _ in 0..count {
            key = next_key(key, self.varint()?, entries.is_empty())?;
            let bits = u32::try_from(self.varint()?)
                .map_err(|_| FormatError::Malformed("lexicon bits"))?;
            entries.push((key, bits));
        }
        Ok(Lexicon::from_entries(entries))
    }

    fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn u32(&mut self) -> Result<u32, FormatError> {
        self.take().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Result<u64, FormatError> {
        self.take().map(u64::from_le_bytes)
    }

    fn f32(&mut self) -> Result<f32, FormatError> {
        self.take().map(f32::from_le_bytes)
    }

    fn i16(&mut self) -> Result<i16, FormatError> {
        self.take().map(i16::from_le_bytes)
    }

    /// At most ten bytes (64 bits). Kept tight: the lexicons are some 300,000 varints,
    /// read before any work can start.
    #[inline]
    fn varint(&mut self) -> Result<u64, FormatError> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let &b = self.bytes.get(self.at).ok_or(FormatError::Truncated)?;
            self.at += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
            if shift > 63 {
                return Err(FormatError::Malformed("varint too long"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Model {
        let mut weights = vec![0i16; 2 * L];
        weights[3] = 7;
        weights[L + 16] = -300;
        let mut trans = [[0.0; L]; L];
        trans[1][2] = 1.5;
        let pass = Pass {
            keys: vec![5, 900],
            weights,
            scale: 0.01,
            start: [0.25; L],
            trans,
            end: [-1.0; L],
        };
        Model {
            passes: vec![pass.clone(), pass],
            words: Lexicon::from_entries(vec![(11, 3), (12, 256)]),
            gazetteer: Lexicon::empty(),
        }
    }

    #[test]
    fn round_trips() {
        let m = tiny();
        assert_eq!(Model::from_bytes(&m.to_bytes()).unwrap(), m);
    }

    #[test]
    fn corruption_is_detected() {
        let good = tiny().to_bytes();
        let cases: Vec<(Vec<u8>, FormatError)> = vec![
            (Vec::new(), FormatError::BadMagic),
            (b"NTLN-NEX".to_vec(), FormatError::BadMagic),
            (good[..good.len() - 1].to_vec(), FormatError::Truncated),
            (good[..10].to_vec(), FormatError::Truncated),
            (
                {
                    let mut b = good.clone();
                    *b.last_mut().unwrap() ^= 1;
                    b
                },
                FormatError::Checksum,
            ),
            (
                {
                    let mut b = good.clone();
                    b[8] = 9;
                    b
                },
                FormatError::UnsupportedVersion {
                    found: 9,
                    expected: FILE_VERSION,
                },
            ),
        ];
        for (bytes, want) in cases {
            assert_eq!(Model::from_bytes(&bytes).unwrap_err(), want);
        }
    }

    #[test]
    fn varints_round_trip_and_reject_bad_ones() {
        let values = [
            0,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ];
        let mut bytes = Vec::new();
        for &v in &values {
            put_varint(&mut bytes, v);
        }
        let mut r = Reader {
            bytes: &bytes,
            at: 0,
        };
        for &v in &values {
            assert_eq!(r.varint(), Ok(v));
        }
        assert_eq!(r.remaining(), 0);
        assert_eq!(r.varint(), Err(FormatError::Truncated));
        let cut = [0x80, 0x80];
        let mut r = Reader { bytes: &cut, at: 0 };
        assert_eq!(r.varint(), Err(FormatError::Truncated));
        let long = [0xff; 11];
        let mut r = Reader {
            bytes: &long,
            at: 0,
        };
        assert_eq!(r.varint(), Err(FormatError::Malformed("varint too long")));
        // The tenth byte carries bit 63 alone; the rest of it is dropped, as before.
        let mut r = Reader {
            bytes: &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
            at: 0,
        };
        assert_eq!(r.varint(), Ok(u64::MAX));
    }

    #[test]
    fn load_errors_name_the_file() {
        let err = Model::load(Path::new("/nonexistent/ner-nl.bin")).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/ner-nl.bin"), "{err}");
    }
}

impl Model {
    /// What the model's word lexicon says of a lower-cased Dutch word: its
    /// Zipf frequency × 10 (0 when not among the frequent words) and
    /// whether the dictionary lists it in lower case. Used outside tagging
    /// to split compounds against a real word list.
    pub fn word_facts(&self, lower: &str) -> WordFacts {
        WordFacts::of(&self.words, lower)
    }
}

impl WordFacts {
    /// What word lexicon `words` says of `lower`.
    pub(crate) fn of(words: &Lexicon, lower: &str) -> WordFacts {
        let bits = words.get(super::lexicon::word_key(lower));
        WordFacts {
            zipf10: (bits & super::lexicon::ZIPF_MASK) as u8,
            dictionary: bits & super::lexicon::DICT_LOWER != 0,
        }
    }
}

/// See [`Model::word_facts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WordFacts {
    pub zipf10: u8,
    pub dictionary: bool,
}
