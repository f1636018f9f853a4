//! The Tantivy index: schema, the Dutch analysers, building a generation,
//! swapping it in atomically, and searching it.

pub mod analyzer;
pub mod highlight;
pub mod info;
pub mod manifest;
pub mod schema;
pub mod search;
pub mod store;
pub mod writer;

pub use info::{AnalyserInfo, Failure, IndexInfo, LexiconMode, LexiconSource};
pub use manifest::{Fingerprint, Manifest};
pub use search::{
    FacetCount, Filters, IndexView, Matching, PreparedQuery, SearchHit, SearchRequest,
    SearchResults, SessionPassages, SortOrder, StoredPassage,
};
pub use store::Store;
pub use writer::IndexBuilder;
