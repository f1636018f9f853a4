//! Typed records that flow between the pipeline stages.
//!
//! Files become [`Session`]s (corpus), sessions become [`AnalysedSession`]s
//! (pipeline, using the pure language modules), and analysed sessions become
//! index documents. Nothing here does I/O.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;
use time::Date;

/// The on-disk format a session was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    Text,
    Markdown,
    Html,
    /// Word (Office Open XML) document.
    Docx,
    /// PDF with a text layer.
    Pdf,
    /// ParlaMint plain text (`SPEECH_ID<TAB>text` lines) with its sibling
    /// `-meta.tsv`.
    ParlamintText,
    /// ParlaMint TEI component file (one sitting), plain or `.ana.xml`.
    ParlamintTei,
}

impl SourceFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Markdown => "markdown",
            SourceFormat::Html => "html",
            SourceFormat::Docx => "docx",
            SourceFormat::Pdf => "pdf",
            SourceFormat::ParlamintText => "parlamint-text",
            SourceFormat::ParlamintTei => "parlamint-tei",
        }
    }
}

/// Where a session's date came from, so users can judge how far to trust it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// A date the file's own metadata states: a `datum:` line in the front
    /// matter, ParlaMint's `Date` column or TEI `<setting><date when>`.
    FrontMatter,
    /// A Dutch date in the title or the first lines ("dinsdag 9 maart 2021").
    Text,
    /// A date in the file name (`2021-03-09`).
    FileName,
    /// No date found anywhere.
    Unknown,
}

/// Metadata of one session (one file of the archive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionMeta {
    /// Stable id derived from the path relative to the archive root,
    /// e.g. `cop-themasessies/2021-03-09-koffieleut`. Same file, same id,
    /// at any thread count and on any machine.
    pub id: String,
    /// The path as given on the command line (for messages).
    pub path: String,
    pub title: String,
    pub date: Option<Date>,
    pub date_source: DateSource,
    /// Folder name the file sits in ("" for files at the archive root).
    pub series: String,
    pub format: SourceFormat,
}

/// A decoded session: metadata plus its plain text, with paragraphs
/// separated by blank lines. Markup (HTML tags, Markdown syntax, front
/// matter) has already been removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub meta: SessionMeta,
    pub text: String,
    /// Non-fatal remarks about reading, e.g. a Windows-1252 fallback.
    pub warnings: Vec<String>,
    /// Speaker turns the source states in its own metadata (ParlaMint),
    /// in text order. Empty for formats where turns can only be guessed
    /// from labels in the text; the pipeline then falls back to those.
    pub turns: Vec<GivenTurn>,
}

/// A speaker turn given by the source's metadata rather than found in the
/// text: it runs from `start` to the next turn's start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenTurn {
    /// Byte offset in [`Session::text`] where the turn starts.
    pub start: usize,
    /// `None` for text nobody speaks (an agenda heading between speeches).
    pub speaker: Option<String>,
    pub party: Option<String>,
    pub role: Option<String>,
}

/// A paragraph of a session: the unit that is indexed and cited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Passage {
    /// 1-based position of the paragraph in its session.
    pub number: u32,
    /// Byte range of the paragraph in [`Session::text`].
    #[serde(skip)]
    pub span: Range<usize>,
    pub text: String,
    /// Number of word tokens (numbers included, punctuation excluded).
    pub words: u32,
    /// Names of the themes the passage mentions (each once, lexicon order).
    pub themes: Vec<String>,
    /// Number of questions found in the passage.
    pub questions: u32,
    /// Entities mentioned in the passage, by canonical name.
    pub entities: Vec<EntityRef>,
    /// In speaker-turn minutes: who speaks, for which party, in what role.
    pub speaker: Option<String>,
    pub party: Option<String>,
    pub role: Option<String>,
    /// The agenda item the passage falls under ("Agendapunt 3. …").
    pub agenda_item: Option<String>,
}

/// An entity as a passage refers to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRef {
    #[serde(rename = "type")]
    pub kind: EntityKind,
    pub canonical: String,
}

/// A session after language analysis, ready for the index.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysedSession {
    pub meta: SessionMeta,
    pub passages: Vec<Passage>,
    pub words: u64,
    pub warnings: Vec<String>,
    /// What the reports need, stored as the session's own index document.
    pub record: SessionRecord,
}

/// Whether a question was asked in so many words or reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKindRecord {
    Direct,
    Indirect,
}

/// A reply the minutes record for a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerRecord {
    /// The reply sentence.
    pub text: String,
    /// Who replied, when the text says so.
    pub speaker: Option<String>,
    /// Passage the reply is in.
    pub passage: u32,
    /// The reply is a promise ("X belooft …", "zegt toe").
    pub commitment: bool,
}

/// A question found in a session, as stored in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionRecord {
    pub passage: u32,
    /// The question itself, not the whole sentence or paragraph.
    pub text: String,
    pub kind: QuestionKindRecord,
    /// Canonical name of the asker; `None` when it is the narrator or
    /// nobody is named.
    pub asker: Option<String>,
    pub addressee: Option<String>,
    /// `None`: the question stays open.
    pub answer: Option<AnswerRecord>,
}

/// A term that is frequent in one session, kept for keyness against the
/// rest of the archive at report time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermCount {
    /// Stem, or two stems separated by a space for a phrase.
    pub term: String,
    /// Most frequent surface form, for display.
    pub display: String,
    pub count: u32,
}

/// Everything the reports need about one session, stored in the index as
/// one session document so that reports never re-run the analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub id: String,
    pub title: String,
    /// ISO date, when known.
    pub date: Option<String>,
    pub series: String,
    pub path: String,
    pub words: u64,
    pub passages: u32,
    /// Theme name → number of lexicon hits in the session.
    pub themes: BTreeMap<String, u32>,
    pub questions: Vec<QuestionRecord>,
    /// Unigram and phrase counts (count ≥ 2), for discovered themes.
    pub terms: Vec<TermCount>,
    /// Number of counted words and phrases (the keyness corpus sizes).
    pub term_words: u64,
    pub term_phrases: u64,
    /// People, organisations, places, deals, dates and amounts.
    #[serde(default)]
    pub entities: Vec<EntityRecord>,
    /// Promises made in the session (toezeggingen).
    #[serde(default)]
    pub commitments: Vec<CommitmentRecord>,
}

/// A promise recorded in the minutes ("Ik zeg toe dat …").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentRecord {
    pub passage: u32,
    /// The agenda item it was made under, when the minutes have items.
    pub item: Option<String>,
    /// Who committed: the speaker of the turn for "ik", else the subject
    /// as written ("de wethouder").
    pub by: Option<String>,
    pub text: String,
    /// The deadline as written ("voor de zomer", "in april").
    pub deadline: Option<String>,
}

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityKind {
    Per,
    Org,
    Loc,
    Misc,
    Deal,
    Date,
    Money,
    Percent,
}

impl EntityKind {
    pub const ALL: [EntityKind; 8] = [
        EntityKind::Per,
        EntityKind::Org,
        EntityKind::Loc,
        EntityKind::Misc,
        EntityKind::Deal,
        EntityKind::Date,
        EntityKind::Money,
        EntityKind::Percent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Per => "PER",
            EntityKind::Org => "ORG",
            EntityKind::Loc => "LOC",
            EntityKind::Misc => "MISC",
            EntityKind::Deal => "DEAL",
            EntityKind::Date => "DATE",
            EntityKind::Money => "MONEY",
            EntityKind::Percent => "PERCENT",
        }
    }

    /// Parses `PER`, `person`, `persoon`, … (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.to_ascii_lowercase();
        Some(match s.as_str() {
            "per" | "person" | "persoon" | "people" | "personen" => EntityKind::Per,
            "org" | "organisation" | "organization" | "organisatie" => EntityKind::Org,
            "loc" | "location" | "place" | "plaats" | "locatie" => EntityKind::Loc,
            "misc" | "overig" => EntityKind::Misc,
            "deal" | "deals" => EntityKind::Deal,
            "date" | "datum" => EntityKind::Date,
            "money" | "bedrag" | "geld" => EntityKind::Money,
            "percent" | "percentage" => EntityKind::Percent,
            _ => return None,
        })
    }
}

/// One entity of a session after resolution, as stored in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRecord {
    /// Canonical name: a person's full name, an organisation's acronym, a
    /// deal's full title, a normalised date or amount.
    pub canonical: String,
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Number of mentions in the session.
    pub count: u32,
    /// Distinct forms as written, in order of first use.
    pub surface_forms: Vec<String>,
    pub affiliation: Option<String>,
    pub role: Option<String>,
    /// Passages (1-based) that mention it.
    pub passages: Vec<u32>,
}
