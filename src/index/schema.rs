//! The index schema: one document per passage. Field names are constants
//! because they are also the field names of the query language.

use super::analyzer;
use tantivy::schema::{
    DateOptions, DateTimePrecision, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing,
    TextOptions, FAST, STORED, STRING,
};

/// Bumped whenever the schema or the analysers change meaning; an index
/// with another version is refused with a message to re-run.
pub const SCHEMA_VERSION: u32 = 2;

pub const SESSION: &str = "sessie";
pub const TITLE: &str = "titel";
pub const DATE: &str = "datum";
/// The session's year, for `jaar:2021` and the year facet.
pub const YEAR: &str = "jaar";
pub const SERIES: &str = "reeks";
pub const PATH: &str = "pad";
pub const PASSAGE: &str = "passage";
pub const TEXT: &str = "tekst";
pub const EXACT: &str = "exact";
pub const WORDS: &str = "woorden";
/// Document kind: [`KIND_PASSAGE`] or [`KIND_SESSION`].
pub const KIND: &str = "soort";
pub const THEME: &str = "thema";
pub const QUESTIONS: &str = "vragen";
/// Stored JSON: the session's [`crate::model::SessionRecord`] on session documents.
pub const ANALYSIS: &str = "analyse";

/// Canonical names of the entities a passage mentions, per type.
pub const PERSON: &str = "persoon";
pub const ORGANISATION: &str = "organisatie";
pub const PLACE: &str = "plaats";
pub const DEAL: &str = "deal";
pub const OTHER_NAME: &str = "overig";

/// Speaker-turn minutes: the speaker (full name where the attendee list
/// gives it), party and role of a passage, and its agenda item.
pub const SPEAKER: &str = "spreker";
pub const PARTY: &str = "partij";
pub const ROLE: &str = "rol";
pub const AGENDA_ITEM: &str = "agendapunt";

/// One document per passage: what search finds.
pub const KIND_PASSAGE: &str = "passage";
/// One document per session, holding what the reports read.
pub const KIND_SESSION: &str = "session";

/// English spellings accepted in queries, rewritten to the schema names.
pub const ALIASES: &[(&str, &str)] = &[
    ("session", SESSION),
    ("title", TITLE),
    ("date", DATE),
    ("year", YEAR),
    ("series", SERIES),
    ("text", TEXT),
    ("theme", THEME),
    ("questions", QUESTIONS),
    ("person", PERSON),
    ("organisation", ORGANISATION),
    ("organization", ORGANISATION),
    ("place", PLACE),
    ("location", PLACE),
    ("misc", OTHER_NAME),
    ("speaker", SPEAKER),
    ("party", PARTY),
    ("role", ROLE),
    ("item", AGENDA_ITEM),
];

/// Typed handles to every field, resolved once per open index.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub session: tantivy::schema::Field,
    pub title: tantivy::schema::Field,
    pub date: tantivy::schema::Field,
    pub year: tantivy::schema::Field,
    pub series: tantivy::schema::Field,
    pub path: tantivy::schema::Field,
    pub passage: tantivy::schema::Field,
    pub text: tantivy::schema::Field,
    pub exact: tantivy::schema::Field,
    pub words: tantivy::schema::Field,
    pub kind: tantivy::schema::Field,
    pub theme: tantivy::schema::Field,
    pub questions: tantivy::schema::Field,
    pub analysis: tantivy::schema::Field,
    pub person: tantivy::schema::Field,
    pub organisation: tantivy::schema::Field,
    pub place: tantivy::schema::Field,
    pub deal: tantivy::schema::Field,
    pub other_name: tantivy::schema::Field,
    pub speaker: tantivy::schema::Field,
    pub party: tantivy::schema::Field,
    pub role: tantivy::schema::Field,
    pub agenda_item: tantivy::schema::Field,
}

impl Fields {
    /// The index field for entities of `kind`, if they are searchable by name.
    pub fn for_entity(&self, kind: crate::model::EntityKind) -> Option<tantivy::schema::Field> {
        use crate::model::EntityKind as K;
        match kind {
            K::Per => Some(self.person),
            K::Org => Some(self.organisation),
            K::Loc => Some(self.place),
            K::Deal => Some(self.deal),
            K::Misc => Some(self.other_name),
            K::Date | K::Money | K::Percent => None,
        }
    }
}

fn text_options(analyser: &str, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(analyser)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored {
        options.set_stored()
    } else {
        options
    }
}

/// Fields that search results are counted by (`--facets`): whole values in
/// a fast column, so counting a result set reads no stored documents.
pub const FACETED: &[&str] = &[THEME, DEAL, ORGANISATION, PERSON, SPEAKER, PARTY];

fn facet_options(analyser: &str) -> TextOptions {
    text_options(analyser, true).set_fast(Some("raw"))
}

pub fn build() -> Schema {
    let mut builder = Schema::builder();
    builder.add_text_field(SESSION, STRING | STORED | FAST);
    builder.add_text_field(TITLE, text_options(analyzer::DUTCH, true));
    builder.add_date_field(
        DATE,
        DateOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    builder.add_u64_field(
        YEAR,
        NumericOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast(),
    );
    builder.add_text_field(SERIES, STRING | STORED | FAST);
    builder.add_text_field(PATH, STORED);
    builder.add_u64_field(
        PASSAGE,
        NumericOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast(),
    );
    builder.add_text_field(TEXT, text_options(analyzer::DUTCH, true));
    builder.add_text_field(EXACT, text_options(analyzer::EXACT, false));
    builder.add_u64_field(WORDS, NumericOptions::default().set_stored().set_fast());
    builder.add_text_field(KIND, STRING | FAST);
    // Theme names go through the Dutch analyser so `thema:borging` finds
    // "borging en continuïteit"; stored for display.
    builder.add_text_field(THEME, facet_options(analyzer::DUTCH));
    builder.add_u64_field(
        QUESTIONS,
        NumericOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast(),
    );
    builder.add_text_field(ANALYSIS, STORED);
    // Names are matched word by word, lower-cased, not stemmed: a surname
    // must not match its stem-mate, and `persoon:"Jan-Willem Wesselink"`
    // is a phrase over the name's words.
    for field in [
        PERSON,
        ORGANISATION,
        PLACE,
        DEAL,
        OTHER_NAME,
        SPEAKER,
        PARTY,
        ROLE,
    ] {
        let options = if FACETED.contains(&field) {
            facet_options(analyzer::EXACT)
        } else {
            text_options(analyzer::EXACT, true)
        };
        builder.add_text_field(field, options);
    }
    builder.add_text_field(AGENDA_ITEM, text_options(analyzer::DUTCH, true));
    builder.build()
}

impl Fields {
    pub fn resolve(schema: &Schema) -> tantivy::Result<Self> {
        Ok(Fields {
            session: schema.get_field(SESSION)?,
            title: schema.get_field(TITLE)?,
            date: schema.get_field(DATE)?,
            year: schema.get_field(YEAR)?,
            series: schema.get_field(SERIES)?,
            path: schema.get_field(PATH)?,
            passage: schema.get_field(PASSAGE)?,
            text: schema.get_field(TEXT)?,
            exact: schema.get_field(EXACT)?,
            words: schema.get_field(WORDS)?,
            kind: schema.get_field(KIND)?,
            theme: schema.get_field(THEME)?,
            questions: schema.get_field(QUESTIONS)?,
            analysis: schema.get_field(ANALYSIS)?,
            person: schema.get_field(PERSON)?,
            organisation: schema.get_field(ORGANISATION)?,
            place: schema.get_field(PLACE)?,
            deal: schema.get_field(DEAL)?,
            other_name: schema.get_field(OTHER_NAME)?,
            speaker: schema.get_field(SPEAKER)?,
            party: schema.get_field(PARTY)?,
            role: schema.get_field(ROLE)?,
            agenda_item: schema.get_field(AGENDA_ITEM)?,
        })
    }
}
