//! notulen: turns an archive of Dutch session minutes into something people
//! can search, count and cite. See `ARCHITECTURE.md` for the map.

pub mod cli;
pub mod commands;
pub mod commitments;
pub mod corpus;
pub mod entities;
pub mod error;
pub mod eval;
pub mod export;
pub mod index;
pub mod model;
pub mod pipeline;
pub mod questions;
pub mod report;
pub mod synth;
#[cfg(test)]
mod testdata;
pub mod text;
pub mod themes;
pub mod turns;

pub use error::{Error, Result};
