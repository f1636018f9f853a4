//! The REFI-QDA export: every session with a matching passage becomes a
//! plain-text source (its passages, blank-line separated); themes, questions
//! and entity mentions in the matching passages become coded selections at
//! their exact character positions. The format itself is in
//! [`super::qdpx_format`].

use super::qdpx_format::{Code, ProjectHeader, ProjectWriter, Selection, Source};
use super::{ExportInfo, GroupLookup};
use crate::index::{IndexView, PreparedQuery};
use crate::model::{EntityKind, SessionRecord};
use crate::themes::{Lexicon, ThemeMatcher};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Seek, Write};

/// Code keys; each names its place in the code book.
fn theme_key(theme: &str) -> String {
    format!("theme/{theme}")
}
fn group_key(id: u32) -> String {
    format!("question/group/{id}")
}
const SINGLE_QUESTION_KEY: &str = "question/single";
fn entity_key(kind: EntityKind, name: &str) -> String {
    format!("entity/{}/{name}", kind.as_str())
}

fn kind_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Per => "Personen (PER)",
        EntityKind::Org => "Organisaties (ORG)",
        EntityKind::Loc => "Plaatsen (LOC)",
        EntityKind::Misc => "Overige namen (MISC)",
        EntityKind::Deal => "Deals (DEAL)",
        EntityKind::Date => "Datums (DATE)",
        EntityKind::Money => "Bedragen (MONEY)",
        EntityKind::Percent => "Percentages (PERCENT)",
    }
}

/// Writes the project to `out`; the number of sources.
pub fn export<W: Write + Seek>(
    view: &IndexView,
    prepared: &PreparedQuery,
    lexicon: &Lexicon,
    groups: &GroupLookup,
    info: &ExportInfo,
    out: W,
) -> anyhow::Result<u64> {
    let header = ProjectHeader {
        name: "notulen export".to_string(),
        origin: format!("notulen {}", info.tool),
        created: info.generated.clone(),
        description: info.lines().join("\n"),
        user: "notulen".to_string(),
    };
    let mut writer = ProjectWriter::new(out, header)?;
    let mut matcher = ThemeMatcher::new(lexicon);
    let mut recurring: BTreeMap<u32, String> = BTreeMap::new();
    let mut entities: BTreeMap<EntityKind, BTreeSet<String>> = BTreeMap::new();
    let mut sources = 0u64;
    let mut failure = None;
    view.walk(prepared, |session| {
        let all = view.session_passages(&session.record.id)?;
        let matching: BTreeSet<u64> = session.passages.iter().map(|p| p.number).collect();
        let mut text = String::new();
        let mut selections = Vec::new();
        for p in &all {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let base = text.len();
            text.push_str(&p.text);
            if !matching.contains(&p.number) {
                continue;
            }
            let number = u32::try_from(p.number).unwrap_or(u32::MAX);
            for hit in matcher.find(&p.text) {
                selections.push(Selection {
                    start: base + hit.span.start,
                    end: base + hit.span.end,
                    code_key: theme_key(&hit.theme),
                    name: None,
                });
            }
            question_selections(
                &session.record,
                number,
                &p.text,
                base,
                groups,
                &mut recurring,
                &mut selections,
            );
            entity_selections(
                &session.record,
                number,
                &p.text,
                base,
                &mut entities,
                &mut selections,
            );
        }
        let r = &session.record;
        let name = match &r.date {
            Some(d) => format!("{d} {}", r.title),
            None => r.title.clone(),
        };
        let source = Source {
            key: r.id.clone(),
            name,
            text,
            selections,
        };
        if let Err(e) = writer.add_source(&source) {
            failure = Some(e);
            return Ok(false);
        }
        sources += 1;
        Ok(true)
    })?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    writer.finish(&codebook(lexicon, &recurring, &entities))?;
    Ok(sources)
}

fn question_selections(
    r: &SessionRecord,
    passage: u32,
    text: &str,
    base: usize,
    groups: &GroupLookup,
    recurring: &mut BTreeMap<u32, String>,
    out: &mut Vec<Selection>,
) {
    for q in r.questions.iter().filter(|q| q.passage == passage) {
        // The question as stored is a substring of its passage; where the
        // detector rephrased it, the whole passage is coded.
        let span = text
            .find(q.text.as_str())
            .map_or(0..text.len(), |at| at..at + q.text.len());
        if span.is_empty() {
            continue;
        }
        let code_key = match groups.get(&r.id, q.passage, &q.text) {
            Some((id, label)) => {
                recurring.entry(*id).or_insert_with(|| label.clone());
                group_key(*id)
            }
            None => SINGLE_QUESTION_KEY.to_string(),
        };
        out.push(Selection {
            start: base + span.start,
            end: base + span.end,
            code_key,
            name: q.asker.as_ref().map(|a| format!("vraag van {a}")),
        });
    }
}

fn entity_selections(
    r: &SessionRecord,
    passage: u32,
    text: &str,
    base: usize,
    entities: &mut BTreeMap<EntityKind, BTreeSet<String>>,
    out: &mut Vec<Selection>,
) {
    for e in r.entities.iter().filter(|e| e.passages.contains(&passage)) {
        let mut found = false;
        for form in &e.surface_forms {
            for span in word_occurrences(text, form) {
                found = true;
                out.push(Selection {
                    start: base + span.start,
                    end: base + span.end,
                    code_key: entity_key(e.kind, &e.canonical),
                    name: None,
                });
            }
        }
        if found {
            entities
                .entry(e.kind)
                .or_default()
                .insert(e.canonical.clone());
        }
    }
}

/// Occurrences of `needle` in `text` that are whole words (not inside a
/// longer word).
fn word_occurrences(text: &str, needle: &str) -> Vec<std::ops::Range<usize>> {
    if needle.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(needle) {
        let start = from + i;
        let end = start + needle.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            out.push(start..end);
        }
        from = start + needle.chars().next().map_or(1, char::len_utf8);
    }
    out
}

fn codebook(
    lexicon: &Lexicon,
    recurring: &BTreeMap<u32, String>,
    entities: &BTreeMap<EntityKind, BTreeSet<String>>,
) -> Vec<Code> {
    let code = |key: String, name: String, children: Vec<Code>| Code {
        key,
        name,
        description: None,
        color: None,
        children,
    };
    let themes = lexicon
        .theme_names()
        .into_iter()
        .map(|t| code(theme_key(t), t.to_string(), Vec::new()))
        .collect();
    let mut questions: Vec<Code> = recurring
        .iter()
        .map(|(id, label)| code(group_key(*id), format!("V{id}: {label}"), Vec::new()))
        .collect();
    questions.push(code(
        SINGLE_QUESTION_KEY.to_string(),
        "Niet terugkerende vragen".to_string(),
        Vec::new(),
    ));
    let kinds = entities
        .iter()
        .map(|(kind, names)| {
            let children = names
                .iter()
                .map(|n| code(entity_key(*kind, n), n.clone(), Vec::new()))
                .collect();
            code(
                format!("entity/{}", kind.as_str()),
                kind_name(*kind).to_string(),
                children,
            )
        })
        .collect();
    vec![
        code("themes".into(), "Thema's".into(), themes),
        code("questions".into(), "Vragen".into(), questions),
        code("entities".into(), "Entiteiten".into(), kinds),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_occurrences_skip_parts_of_words() {
        let text = "NEN en NENgroep, en nog eens NEN.";
        let got: Vec<&str> = word_occurrences(text, "NEN")
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(got, vec!["NEN", "NEN"]);
        assert!(word_occurrences("ééé", "é").is_empty());
        assert!(word_occurrences("x", "").is_empty());
    }
}
