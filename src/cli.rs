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
    /// Analyse the archive and update the index (only new and changed
    /// files are analysed; --rebuild starts over).
    Run(RunArgs),
    /// Full-text search with Dutch stemming.
    Search(SearchArgs),
    /// Measure the quality of the analysis against annotated data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Train a model (the entity tagger).
    #[command(subcommand)]
    Train(TrainCommand),
    /// List the entities of the archive: people, organisations, places,
    /// deals, dates and amounts.
    Entities(EntitiesArgs),
    /// Theme frequencies and recurring questions across sessions.
    Report(ReportArgs),
    /// Write a synthetic archive recombined from a real one, for benchmarks
    /// and stress tests.
    Synth(SynthArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportKind {
    /// Session × theme matrix, totals, trend and discovered themes.
    Themes,
    /// Recurring question groups and all questions with asker and answer.
    Questions,
    /// Promises (toezeggingen) per session and agenda item, with deadline.
    Commitments,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    Csv,
    Json,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportPeriod {
    Quarter,
    Year,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Which report.
    #[arg(value_enum)]
    pub kind: ReportKind,
    #[command(flatten)]
    pub index: IndexArg,
    /// Only sessions on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only sessions on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    #[arg(long, short, value_enum, default_value = "table")]
    pub format: ReportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Trend buckets for the themes report.
    #[arg(long, value_enum, default_value = "year")]
    pub period: ReportPeriod,
    /// Distinctive terms per session in the themes report.
    #[arg(long, default_value_t = 8)]
    pub top: usize,
    /// Similarity threshold (0–1) for grouping questions.
    #[arg(long, default_value_t = crate::questions::DEFAULT_GROUP_THRESHOLD)]
    pub threshold: f32,
}

#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// Train the named-entity tagger on CoNLL-2002 style data.
    Ner(TrainNerArgs),
}

#[derive(Debug, Args)]
pub struct TrainNerArgs {
    /// Training data (CoNLL: `WORD [POS] TAG` per line, blank line between sentences).
    #[arg(long, value_name = "FILE")]
    pub train: PathBuf,
    /// Development data, scored after training (and per epoch with --verbose).
    #[arg(long, value_name = "FILE")]
    pub dev: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long, value_name = "FILE", default_value = "models/ner-nl.bin")]
    pub out: PathBuf,
    /// Passes over the training data (default: the tuned setting).
    #[arg(long)]
    pub epochs: Option<usize>,
    /// Seed of the shuffle (default: the tuned setting).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Print progress per epoch.
    #[arg(long, short)]
    pub verbose: bool,
    /// Overwrite an existing model file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    #[command(flatten)]
    pub index: IndexArg,
    /// Only this type: PER, ORG, LOC, MISC, DEAL, DATE, MONEY, PERCENT
    /// (or person, organisatie, plaats, …).
    #[arg(long = "type", short = 't', value_name = "T")]
    pub kind: Option<String>,
    /// JSON per session: {"session", "entities": [{"text","type","canonical","count"}]}.
    #[arg(long)]
    pub json: bool,
    /// At most this many rows in the table (0: all).
    #[arg(long, short = 'n', default_value_t = 0)]
    pub limit: usize,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Question detection precision/recall against an annotated TSV, next
    /// to a baseline that takes only sentences ending in `?`.
    Questions(EvalQuestionsArgs),
    /// Entity F1 on a CoNLL file, scored like conlleval.
    Ner(EvalNerArgs),
}

#[derive(Debug, Args)]
pub struct EvalNerArgs {
    /// Gold data in CoNLL format (e.g. ned.testa).
    pub file: PathBuf,
    /// A model file instead of the built-in model.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Score another tagger's output instead: a CoNLL file with the same
    /// tokens and its predicted tags in the last column.
    #[arg(long, value_name = "FILE", conflicts_with = "model")]
    pub predicted: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
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
    /// Analyse every file again instead of only new and changed ones.
    #[arg(long)]
    pub rebuild: bool,
    /// Memory for the index writer, in MB (at least 16; Tantivy uses one
    /// indexing thread per 16 MB, at most 8).
    #[arg(long, value_name = "MB", default_value_t = 128,
          value_parser = clap::value_parser!(u64).range(16..=65536))]
    pub writer_memory: u64,
}

#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Folder to write the archive to (must be empty or absent, unless --force).
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
    /// Number of sessions to write.
    #[arg(long, value_name = "N")]
    pub sessions: u64,
    /// Seed: the same seed and N give byte-identical files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Archive whose paragraphs are recombined.
    #[arg(long, value_name = "DIR", default_value = "corpus")]
    pub from: PathBuf,
    /// Write into OUT even if it is not empty (files with the same names
    /// are overwritten).
    #[arg(long)]
    pub force: bool,
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
