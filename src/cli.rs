//! Command-line syntax (clap derive types only; nothing here does work).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "notulen",
    version,
    about = "Search, count and cite an archive of Dutch session minutes"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse the archive and (re)build the index.
    Run(RunArgs),
    /// Full-text search with Dutch stemming.
    Search(SearchArgs),
    /// Measure the quality of the analysis against annotated data.
    #[command(subcommand)]
    Eval(EvalCommand),
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Question detection precision/recall against an annotated TSV, next
    /// to a baseline that takes only sentences ending in `?`.
    Questions(EvalQuestionsArgs),
}

#[derive(Debug, Args)]
pub struct EvalQuestionsArgs {
    /// Annotated questions (TSV: session, kind, asker, question).
    #[arg(long, default_value = "tests/data/questions-gold.tsv")]
    pub gold: PathBuf,
    /// The archive the annotations refer to.
    #[arg(long, default_value = "corpus")]
    pub corpus: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also list missed and spurious questions.
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct IndexArg {
    /// Index folder.
    #[arg(long, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Files and folders to read (.txt, .md, .html); default: corpus/
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub index: IndexArg,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// A theme lexicon file that extends the built-in Dutch one
    /// (format: `[theme name]` headers, then words or "phrases").
    #[arg(long, value_name = "FILE")]
    pub themes: Option<PathBuf>,
    /// Use the --themes file instead of the built-in lexicon.
    #[arg(long, requires = "themes")]
    pub replace_themes: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Tantivy query syntax: words, "phrases", AND/OR/NOT, field:value.
    pub query: String,
    #[command(flatten)]
    pub index: IndexArg,
    /// Number of results.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Results to skip (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Match surface forms (lower-cased) instead of stems.
    #[arg(long)]
    pub exact: bool,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}
