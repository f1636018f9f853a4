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
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AnalyserInfo {
    pub stemmer: String,
    pub stopwords: String,
    pub tokenizer: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Failure {
    pub path: String,
    pub reason: String,
}

impl AnalyserInfo {
    pub fn current() -> Self {
        AnalyserInfo {
            stemmer: "snowball-dutch (rust-stemmers 1.2) + participle rule v1".into(),
            stopwords: "snowball-dutch".into(),
            tokenizer: format!("notulen-nl v{}", crate::text::TOKENIZER_VERSION),
        }
    }
}

impl IndexInfo {
    pub fn write(&self, dir: &Path) -> Result<()> {
        let path = dir.join(INFO_FILE);
        let json = serde_json::to_vec_pretty(self).expect("IndexInfo serialises");
        std::fs::write(&path, json).map_err(|e| Error::io(&path, e))
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
