//! Library errors. Every variant names the path (or line) it is about and
//! why, so a user can act on the message without a debugger.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {reason}")]
    Input { path: PathBuf, reason: String },

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("index at {path}: {reason}")]
    Index { path: PathBuf, reason: String },

    #[error("query error: {0}")]
    Query(String),

    #[error("{reason}")]
    NothingIndexed {
        reason: String,
        failures: Vec<crate::index::Failure>,
    },

    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn input(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            reason: reason.into(),
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
