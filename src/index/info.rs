//! `notulen.json`: what a generation was built from and with, so a result
//! can be traced to the tool version, analyser settings and corpus snapshot.

use super::schema::SCHEMA_VERSION;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const INFO_FILE: &str = "notulen.json";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IndexInfo {
    pub schema_version: u32,
    pub tool_version: String,
    pub analyser: AnalyserInfo,
    /// blake3 over the sorted (session id, text hash) pairs.
    pub corpus_hash: String,
    pub sessions: u64,
    pub passages: u64,
    pub words: u64,
    /// Inputs that could not be read, with the reason.
    pub failures: Vec<Failure>,
    /// The theme lexicon the run counted with.
    pub lexicon: LexiconSource,
}

/// Which theme lexicon a run used, complete enough to rebuild it exactly
/// for reports (question grouping uses the same lexicon).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LexiconSource {
    /// `default`, `extend` (default plus a user file) or `replace`.
    pub mode: LexiconMode,
    /// The user's lexicon file, verbatim.
    pub user: Option<String>,
    /// [`crate::themes::Lexicon::hash`] of the resulting lexicon.
    pub hash: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LexiconMode {
    Default,
    Extend,
    Replace,
}

impl LexiconSource {
    /// Builds the lexicon this source describes.
    pub fn build(
        mode: LexiconMode,
        user: Option<String>,
    ) -> std::result::Result<(crate::themes::Lexicon, Self), crate::themes::LexiconError> {
        use crate::themes::Lexicon;
        let lexicon = match (&mode, &user) {
            (LexiconMode::Replace, Some(src)) => Lexicon::parse(src)?,
            (LexiconMode::Extend, Some(src)) => {
                let mut lex = Lexicon::default_nl();
                lex.extend(Lexicon::parse(src)?);
                lex
            }
            _ => Lexicon::default_nl(),
        };
        let hash = lexicon.hash();
        Ok((lexicon, LexiconSource { mode, user, hash }))
    }

    /// The lexicon, rebuilt from what was recorded.
    pub fn lexicon(
        &self,
    ) -> std::result::Result<crate::themes::Lexicon, crate::themes::LexiconError> {
        Self::build(self.mode, self.user.clone()).map(|(lex, _)| lex)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AnalyserInfo {
    pub stemmer: String,
    pub stopwords: String,
    pub tokenizer: String,
    /// blake3 prefix of the entity model (`models/ner-nl.bin`).
    #[serde(default)]
    pub model: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Failure {
    pub path: String,
    pub reason: String,
}

impl AnalyserInfo {
    /// One line for provenance footers and descriptions.
    pub fn describe(&self) -> String {
        format!(
            "stemmer {}; stopwords {}; tokenizer {}; entity model {}",
            self.stemmer, self.stopwords, self.tokenizer, self.model
        )
    }

    pub fn current() -> Self {
        AnalyserInfo {
            stemmer: "snowball-dutch (rust-stemmers 1.2) + participle rule v1 + word-list rules v1 (-t, -es, diaeresis)".into(),
            stopwords: "snowball-dutch".into(),
            tokenizer: format!(
                "notulen-nl v{} + compound tails",
                crate::text::TOKENIZER_VERSION
            ),
            model: crate::entities::Tagger::embedded_hash(),
        }
    }
}

impl IndexInfo {
    pub fn write(&self, dir: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| Error::Index {
            path: dir.to_path_buf(),
            reason: format!("cannot encode the index description: {e}"),
        })?;
        write_replacing(&dir.join(INFO_FILE), &json)
    }

    pub fn read(dir: &Path) -> Result<Self> {
        let path = dir.join(INFO_FILE);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let info: IndexInfo = serde_json::from_slice(&bytes).map_err(|e| Error::Index {
            path: path.clone(),
            reason: format!("unreadable index description ({e}); rebuild with `notulen run`"),
        })?;
        if info.schema_version != SCHEMA_VERSION {
            return Err(Error::Index {
                path: dir.to_path_buf(),
                reason: format!(
                    "written by notulen {} (index format {}), this is format {}; rebuild with `notulen run`",
                    info.tool_version, info.schema_version, SCHEMA_VERSION
                ),
            });
        }
        Ok(info)
    }
}

/// Writes `bytes` to a temporary file next to `path` and renames it over
/// `path`. Never writes into an existing file: a generation under
/// construction shares files with the live one through hard links, and
/// writing in place would change the live generation too.
pub(crate) fn write_replacing(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    let tmp = path.with_file_name(name);
    {
        use std::io::Write as _;
        let mut f = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        // Synced before the rename so a power loss cannot publish a
        // generation whose description is empty.
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .map_err(|e| Error::io(&tmp, e))?;
    }
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}
