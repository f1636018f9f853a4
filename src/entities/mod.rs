//! Dutch named-entity recognition: a statistical tagger (averaged structured perceptron,
//! BILOU labels inside, BIO tags outside, first-order Viterbi decoding), trained and scored
//! on CoNLL-2002 style data. Two passes: the second re-reads a document knowing what the
//! first said about every other mention of a word ([`Tagger::tag_document`]).
//!
//! Map of the module:
//! - `conll`: reading `WORD [POS ...] TAG` files into [`ConllSentence`]s;
//! - `score`: conlleval-compatible entity-level precision, recall and F1;
//! - `features`: per-token feature keys (hashed, no per-feature allocation);
//! - `document`: the second pass's document context (first-pass labels of other mentions);
//! - `lexicon`: word facts from unlabelled Dutch text (`data/ner-lexicon-nl.tsv`) and
//!   gazetteers mined from the training data, both baked into the model file;
//! - `train`: the averaged perceptron; `tagger`: decoding; `cached`: the same decoding with
//!   a per-thread memo of each word type's feature sums; `model_file`: the binary format
//!   (`models/ner-nl.bin`, compiled in as [`Tagger::embedded`]).
//!
//! Invariants: tagging does no I/O and allocates per sentence, never per feature; training is
//! deterministic for a given [`TrainConfig`] (seeded shuffle, no parallel reductions).

pub mod archive;
mod cached;
mod conll;
mod decode;
mod document;
pub mod extract;
mod features;
mod hash;
mod labels;
mod lexicon;
mod model_file;
pub mod resolve;
pub mod rules;
mod score;
mod tagger;
mod train;

#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;

pub use cached::CachedTagger;
pub use conll::{parse_conll, read_conll, ConllError, ConllSentence};
pub use lexicon::{Lexicon, LexiconError};
pub use model_file::{FormatError, Model, ModelError, WordFacts};
pub use score::{evaluate, score, spans_from_tags, Evaluation, Prf, Scores};
pub use tagger::Tagger;
pub use train::{train, train_with_progress, EpochProgress, Phase, TrainConfig};

/// The four CoNLL-2002 entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum EntityType {
    #[serde(rename = "PER")]
    Per,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "LOC")]
    Loc,
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityType {
    pub const ALL: [EntityType; 4] = [
        EntityType::Per,
        EntityType::Org,
        EntityType::Loc,
        EntityType::Misc,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names no entity type or tag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown entity tag `{0}` (expected O, B-X or I-X with X one of PER, ORG, LOC, MISC)")]
pub struct UnknownTag(pub String);

impl FromStr for EntityType {
    type Err = UnknownTag;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "PER" => Ok(EntityType::Per),
            "ORG" => Ok(EntityType::Org),
            "LOC" => Ok(EntityType::Loc),
            "MISC" => Ok(EntityType::Misc),
            _ => Err(UnknownTag(s.to_string())),
        }
    }
}

/// A BIO tag as CoNLL writes it: `O`, `B-PER`, `I-LOC`, …
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    O,
    B(EntityType),
    I(EntityType),
}

impl Tag {
    pub fn entity_type(self) -> Option<EntityType> {
        match self {
            Tag::O => None,
            Tag::B(t) | Tag::I(t) => Some(t),
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tag::O => f.write_str("O"),
            Tag::B(t) => write!(f, "B-{t}"),
            Tag::I(t) => write!(f, "I-{t}"),
        }
    }
}

impl FromStr for Tag {
    type Err = UnknownTag;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "O" {
            return Ok(Tag::O);
        }
        let unknown = || UnknownTag(s.to_string());
        let (prefix, kind) = s.split_once('-').ok_or_else(unknown)?;
        let kind: EntityType = kind.parse().map_err(|_| unknown())?;
        match prefix {
            "B" => Ok(Tag::B(kind)),
            "I" => Ok(Tag::I(kind)),
            _ => Err(unknown()),
        }
    }
}

/// An entity found in a token sequence: tokens `start..end` (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct EntitySpan {
    pub start: usize,
    pub end: usize,
    pub kind: EntityType,
}
