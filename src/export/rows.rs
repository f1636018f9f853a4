//! The rows of an export: per passage, per question, per entity mention.

use crate::index::SessionPassages;
use crate::model::{EntityKind, QuestionKindRecord, SessionRecord};
use serde::Serialize;
use std::collections::HashMap;

/// A row type: its CSV header and cells. Lists become `; `-joined cells
/// in CSV and arrays in JSON lines.
pub trait Row {
    const HEADER: &'static [&'static str];
    fn cells(&self) -> Vec<String>;
}

/// Recurring question group per question, from the questions report over
/// the whole archive, keyed by (session, passage, question text).
#[derive(Debug, Default, Clone)]
pub struct GroupLookup {
    groups: HashMap<(String, u32, String), (u32, String)>,
}

impl GroupLookup {
    pub fn new(report: &crate::report::QuestionReport) -> Self {
        let mut groups = HashMap::new();
        for g in &report.groups {
            for &i in &g.questions {
                if let Some(q) = report.questions.get(i) {
                    groups.insert(
                        (q.session.clone(), q.passage, q.text.clone()),
                        (g.id, g.label.clone()),
                    );
                }
            }
        }
        GroupLookup { groups }
    }

    pub fn get(&self, session: &str, passage: u32, text: &str) -> Option<&(u32, String)> {
        self.groups
            .get(&(session.to_string(), passage, text.to_string()))
    }
}

/// The columns every row starts with: which session it comes from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SessionColumns {
    pub session: String,
    pub title: String,
    pub date: Option<String>,
    pub series: String,
}

impl SessionColumns {
    fn of(r: &SessionRecord) -> Self {
        SessionColumns {
            session: r.id.clone(),
            title: r.title.clone(),
            date: r.date.clone(),
            series: r.series.clone(),
        }
    }

    /// CSV cells of the columns, then the passage number.
    fn cells(&self, passage: impl ToString) -> Vec<String> {
        vec![
            self.session.clone(),
            self.title.clone(),
            opt(&self.date),
            self.series.clone(),
            passage.to_string(),
        ]
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PassageRow {
    #[serde(flatten)]
    pub source: SessionColumns,
    pub passage: u64,
    pub speaker: Option<String>,
    pub party: Option<String>,
    pub role: Option<String>,
    pub agenda_item: Option<String>,
    pub themes: Vec<String>,
    pub persons: Vec<String>,
    pub organisations: Vec<String>,
    pub places: Vec<String>,
    pub deals: Vec<String>,
    pub other_names: Vec<String>,
    pub questions: u64,
    /// Askers of the passage's questions, where known.
    pub askers: Vec<String>,
    /// Ids of the recurring question groups its questions belong to.
    pub question_groups: Vec<u32>,
    pub text: String,
    /// The text's index terms (stemmed, folded, stop words dropped, compound
    /// tails added), space-separated: for search engines without a Dutch
    /// stemmer (Quickwit). JSON lines only; CSV leaves it out (and the
    /// analysis is not run for it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_stemmed: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuestionRow {
    #[serde(flatten)]
    pub source: SessionColumns,
    pub passage: u32,
    pub kind: &'static str,
    pub asker: Option<String>,
    pub addressee: Option<String>,
    pub question: String,
    pub answered: bool,
    pub answer_by: Option<String>,
    pub answer_passage: Option<u32>,
    pub answer: Option<String>,
    pub question_group: Option<u32>,
    pub question_group_label: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntityRow {
    #[serde(flatten)]
    pub source: SessionColumns,
    pub passage: u32,
    #[serde(rename = "type")]
    pub kind: EntityKind,
    pub canonical: String,
    /// The forms the session writes it in.
    pub surface_forms: Vec<String>,
    pub affiliation: Option<String>,
    pub role: Option<String>,
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn list<T: ToString>(v: &[T]) -> String {
    v.iter().map(T::to_string).collect::<Vec<_>>().join("; ")
}

impl Row for PassageRow {
    const HEADER: &'static [&'static str] = &[
        "session",
        "title",
        "date",
        "series",
        "passage",
        "speaker",
        "party",
        "role",
        "agenda_item",
        "themes",
        "persons",
        "organisations",
        "places",
        "deals",
        "other_names",
        "questions",
        "askers",
        "question_groups",
        "text",
    ];
    fn cells(&self) -> Vec<String> {
        let mut cells = self.source.cells(self.passage);
        cells.extend([
            opt(&self.speaker),
            opt(&self.party),
            opt(&self.role),
            opt(&self.agenda_item),
            list(&self.themes),
            list(&self.persons),
            list(&self.organisations),
            list(&self.places),
            list(&self.deals),
            list(&self.other_names),
            self.questions.to_string(),
            list(&self.askers),
            list(&self.question_groups),
            self.text.clone(),
        ]);
        cells
    }
}

impl Row for QuestionRow {
    const HEADER: &'static [&'static str] = &[
        "session",
        "title",
        "date",
        "series",
        "passage",
        "kind",
        "asker",
        "addressee",
        "question",
        "answered",
        "answer_by",
        "answer_passage",
        "answer",
        "question_group",
        "question_group_label",
    ];
    fn cells(&self) -> Vec<String> {
        let mut cells = self.source.cells(self.passage);
        cells.extend([
            self.kind.to_string(),
            opt(&self.asker),
            opt(&self.addressee),
            self.question.clone(),
            // R's read.csv reads TRUE/FALSE as logical.
            if self.answered { "TRUE" } else { "FALSE" }.to_string(),
            opt(&self.answer_by),
            self.answer_passage
                .map(|p| p.to_string())
                .unwrap_or_default(),
            opt(&self.answer),
            self.question_group
                .map(|g| g.to_string())
                .unwrap_or_default(),
            opt(&self.question_group_label),
        ]);
        cells
    }
}

impl Row for EntityRow {
    const HEADER: &'static [&'static str] = &[
        "session",
        "title",
        "date",
        "series",
        "passage",
        "type",
        "canonical",
        "surface_forms",
        "affiliation",
        "role",
    ];
    fn cells(&self) -> Vec<String> {
        let mut cells = self.source.cells(self.passage);
        cells.extend([
            self.kind.as_str().to_string(),
            self.canonical.clone(),
            list(&self.surface_forms),
            opt(&self.affiliation),
            opt(&self.role),
        ]);
        cells
    }
}

/// One row per matching passage; `stemmed` adds the index terms.
pub fn passage_rows(s: &SessionPassages, groups: &GroupLookup, stemmed: bool) -> Vec<PassageRow> {
    let r = &s.record;
    s.passages
        .iter()
        .map(|p| {
            let number = u32::try_from(p.number).unwrap_or(u32::MAX);
            let names = |kind: EntityKind| -> Vec<String> {
                p.entities
                    .iter()
                    .filter(|e| e.kind == kind)
                    .map(|e| e.canonical.clone())
                    .collect()
            };
            let questions: Vec<_> = r.questions.iter().filter(|q| q.passage == number).collect();
            let mut askers: Vec<String> =
                questions.iter().filter_map(|q| q.asker.clone()).collect();
            askers.dedup();
            let mut question_groups: Vec<u32> = questions
                .iter()
                .filter_map(|q| groups.get(&r.id, q.passage, &q.text).map(|g| g.0))
                .collect();
            question_groups.sort_unstable();
            question_groups.dedup();
            PassageRow {
                source: SessionColumns::of(r),
                passage: p.number,
                speaker: p.speaker.clone(),
                party: p.party.clone(),
                role: p.role.clone(),
                agenda_item: p.item.clone(),
                themes: p.themes.clone(),
                persons: names(EntityKind::Per),
                organisations: names(EntityKind::Org),
                places: names(EntityKind::Loc),
                deals: names(EntityKind::Deal),
                other_names: names(EntityKind::Misc),
                questions: p.questions,
                askers,
                question_groups,
                text: p.text.clone(),
                text_stemmed: stemmed.then(|| {
                    crate::index::analyzer::terms(
                        crate::index::analyzer::Mode::StemmedCompounds,
                        &p.text,
                    )
                    .join(" ")
                }),
            }
        })
        .collect()
}

/// One row per question in a matching passage.
pub fn question_rows(s: &SessionPassages, groups: &GroupLookup) -> Vec<QuestionRow> {
    let r = &s.record;
    let matched = |n: u32| s.passages.iter().any(|p| p.number == u64::from(n));
    r.questions
        .iter()
        .filter(|q| matched(q.passage))
        .map(|q| {
            let group = groups.get(&r.id, q.passage, &q.text);
            QuestionRow {
                source: SessionColumns::of(r),
                passage: q.passage,
                kind: match q.kind {
                    QuestionKindRecord::Direct => "direct",
                    QuestionKindRecord::Indirect => "indirect",
                },
                asker: q.asker.clone(),
                addressee: q.addressee.clone(),
                question: q.text.clone(),
                answered: q.answer.is_some(),
                answer_by: q.answer.as_ref().and_then(|a| a.speaker.clone()),
                answer_passage: q.answer.as_ref().map(|a| a.passage),
                answer: q.answer.as_ref().map(|a| a.text.clone()),
                question_group: group.map(|g| g.0),
                question_group_label: group.map(|g| g.1.clone()),
            }
        })
        .collect()
}

/// One row per (entity, matching passage that mentions it).
pub fn entity_rows(s: &SessionPassages) -> Vec<EntityRow> {
    let r: &SessionRecord = &s.record;
    let mut rows = Vec::new();
    for p in &s.passages {
        let number = u32::try_from(p.number).unwrap_or(u32::MAX);
        for e in r.entities.iter().filter(|e| e.passages.contains(&number)) {
            rows.push(EntityRow {
                source: SessionColumns::of(r),
                passage: number,
                kind: e.kind,
                canonical: e.canonical.clone(),
                surface_forms: e.surface_forms.clone(),
                affiliation: e.affiliation.clone(),
                role: e.role.clone(),
            });
        }
    }
    rows
}
