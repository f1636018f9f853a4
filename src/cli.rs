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
    /// Theme frequencies, recurring questions and commitments across sessions.
    Report(ReportArgs),
    /// Keyword in context: every occurrence of a word (or phrase) across
    /// the archive, aligned, like a corpus linguist's concordance.
    Kwic(KwicArgs),
    /// Passages, questions or entity mentions for R, pandas, a
    /// spreadsheet, or a qualitative-analysis tool (REFI-QDA).
    Export(ExportArgs),
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
pub enum ReportBy {
    Party,
    Speaker,
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
    /// Write to this file instead of standard output (created whole or
    /// not at all; `-` is standard output).
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
    /// Trend buckets for the themes report.
    #[arg(long, value_enum, default_value = "year")]
    pub period: ReportPeriod,
    /// Themes report per party or per speaker (speaker-turn minutes)
    /// instead of per session.
    #[arg(long, value_enum, value_name = "GROUP")]
    pub by: Option<ReportBy>,
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
    /// JSON per session: {"session", "date", "entities": [{"text", "type",
    /// "canonical", "count", "passages", "surface_forms", "affiliation", "role"}]}.
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
    /// Speaker-turn minutes: questions, askers, who answered (or open),
    /// and commitments with deadlines, against annotated TSVs. Scores what
    /// `run` stored in the index, i.e. what the reports show.
    Turns(EvalTurnsArgs),
}

#[derive(Debug, Args)]
pub struct EvalTurnsArgs {
    /// Index folder built by `notulen run` over the annotated corpus.
    #[arg(long, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,
    /// Annotated questions (TSV: session, kind, asker, answered_by, question).
    #[arg(long, value_name = "FILE", default_value = "tests/data/turns-gold.tsv")]
    pub gold: PathBuf,
    /// Annotated commitments (TSV: session, passage, by, item, deadline, commitment).
    #[arg(
        long,
        value_name = "FILE",
        default_value = "tests/data/commitments-gold.tsv"
    )]
    pub commitments: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also list the errors: missed, spurious, wrong askers, answers and deadlines.
    #[arg(long, short)]
    pub verbose: bool,
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
    /// Files and folders to read (.txt, .md, .html, .docx, .pdf, ParlaMint
    /// .xml or .txt with -meta.tsv); default: corpus/
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
    /// Number of sessions to write (at least 1).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
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
    /// Tantivy query syntax: words, "phrases", "phrase"~N, AND/OR/NOT,
    /// field:value (see the README for the fields).
    pub query: String,
    #[command(flatten)]
    pub index: IndexArg,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Number of results.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Results to skip (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Match surface forms (lower-cased) instead of stems.
    #[arg(long)]
    pub exact: bool,
    /// Order of the results.
    #[arg(long, value_enum, default_value = "relevance")]
    pub sort: SortArg,
    /// Also count the whole result set per theme, deal, organisation,
    /// person, speaker, party and year.
    #[arg(long)]
    pub facets: bool,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest session first.
    Newest,
    /// Oldest session first.
    Oldest,
}

/// Restrictions shared by `search`, `kwic` and `export`; each is the same
/// as a query field (`--person X` is `persoon:"X"`). A flag given twice
/// means either value.
#[derive(Debug, Args, Default, Clone)]
pub struct FilterArgs {
    /// Only sessions on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only sessions on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Passages that mention this person.
    #[arg(long, value_name = "NAME")]
    pub person: Vec<String>,
    /// Passages spoken by this speaker (speaker-turn minutes).
    #[arg(long, value_name = "NAME")]
    pub speaker: Vec<String>,
    /// Passages spoken for this party.
    #[arg(long, value_name = "PARTY")]
    pub party: Vec<String>,
    /// Passages that mention this organisation.
    #[arg(long, visible_alias = "org", value_name = "NAME")]
    pub organisation: Vec<String>,
    /// Passages that mention this deal.
    #[arg(long, value_name = "NAME")]
    pub deal: Vec<String>,
    /// Passages on this theme.
    #[arg(long, value_name = "THEME")]
    pub theme: Vec<String>,
    /// Sessions of this series (folder).
    #[arg(long, value_name = "SERIES")]
    pub series: Vec<String>,
    /// Only passages that contain a question (`export` then writes a row
    /// per question instead of per passage).
    #[arg(long)]
    pub questions: bool,
}

#[derive(Debug, Args)]
pub struct KwicArgs {
    /// A word or "a phrase" (query syntax; stems unless --exact).
    pub term: String,
    #[command(flatten)]
    pub index: IndexArg,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Match surface forms instead of stems.
    #[arg(long)]
    pub exact: bool,
    /// Characters of context on each side.
    #[arg(long, short = 'w', default_value_t = 40)]
    pub width: usize,
    /// At most this many lines (0: all).
    #[arg(long, short = 'n', default_value_t = 0)]
    pub limit: usize,
    /// One JSON object per line instead of aligned text.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// CSV with a header instead of aligned text.
    #[arg(long)]
    pub csv: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One row per record, with a header (RFC 4180, UTF-8).
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// REFI-QDA project for ATLAS.ti, MAXQDA, NVivo, QDA Miner.
    Qdpx,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, short, value_enum)]
    pub format: ExportFormat,
    /// Only passages matching this query (default: all).
    #[arg(long, short)]
    pub query: Option<String>,
    #[command(flatten)]
    pub index: IndexArg,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Match the query's surface forms instead of stems.
    #[arg(long)]
    pub exact: bool,
    /// One row per entity mention instead of per passage (csv, jsonl).
    /// (`--questions` gives one row per question.)
    #[arg(long, conflicts_with = "questions")]
    pub entities: bool,
    /// Where to write (the file is created whole or not at all; `-` is
    /// standard output, without the provenance file).
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}
