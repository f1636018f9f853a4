//! Entities across the archive: per-session records merged by canonical
//! name and type. Pure; the `entities` command reads the records from the
//! index and prints the result.

use crate::model::{EntityKind, SessionRecord};
use serde::Serialize;
use std::collections::BTreeMap;

/// One entity over all selected sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArchiveEntity {
    pub canonical: String,
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Mentions in all sessions.
    pub mentions: u64,
    /// Number of sessions that mention it.
    pub sessions: u64,
    /// ISO dates of the first and last dated session that mention it.
    pub first: Option<String>,
    pub last: Option<String>,
    /// Most common affiliation and role stated for a person.
    pub affiliation: Option<String>,
    pub role: Option<String>,
}

/// Merges the entities of `sessions`, optionally of one kind only. Sorted
/// by number of sessions, then mentions (both descending), then name.
pub fn aggregate(sessions: &[SessionRecord], kind: Option<EntityKind>) -> Vec<ArchiveEntity> {
    #[derive(Default)]
    struct Acc {
        mentions: u64,
        sessions: u64,
        first: Option<String>,
        last: Option<String>,
        affiliations: BTreeMap<String, u32>,
        roles: BTreeMap<String, u32>,
    }
    let mut acc: BTreeMap<(EntityKind, String), Acc> = BTreeMap::new();
    for session in sessions {
        for e in &session.entities {
            if kind.is_some_and(|k| k != e.kind) {
                continue;
            }
            let a = acc.entry((e.kind, e.canonical.clone())).or_default();
            a.mentions += u64::from(e.count);
            a.sessions += 1;
            if let Some(date) = &session.date {
                if a.first.as_ref().is_none_or(|f| date < f) {
                    a.first = Some(date.clone());
                }
                if a.last.as_ref().is_none_or(|l| date > l) {
                    a.last = Some(date.clone());
                }
            }
            if let Some(x) = &e.affiliation {
                *a.affiliations.entry(x.clone()).or_default() += 1;
            }
            if let Some(x) = &e.role {
                *a.roles.entry(x.clone()).or_default() += 1;
            }
        }
    }
    let most_common = |m: &BTreeMap<String, u32>| {
        m.iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(k, _)| k.clone())
    };
    let mut out: Vec<ArchiveEntity> = acc
        .into_iter()
        .map(|((kind, canonical), a)| ArchiveEntity {
            canonical,
            kind,
            mentions: a.mentions,
            sessions: a.sessions,
            first: a.first,
            last: a.last,
            affiliation: most_common(&a.affiliations),
            role: most_common(&a.roles),
        })
        .collect();
    out.sort_by(|a, b| {
        b.sessions
            .cmp(&a.sessions)
            .then(b.mentions.cmp(&a.mentions))
            .then(a.kind.cmp(&b.kind))
            .then(a.canonical.cmp(&b.canonical))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityRecord;

    fn session(
        id: &str,
        date: Option<&str>,
        entities: &[(&str, EntityKind, u32)],
    ) -> SessionRecord {
        SessionRecord {
            id: id.into(),
            title: id.into(),
            date: date.map(str::to_string),
            series: String::new(),
            path: String::new(),
            words: 100,
            passages: 1,
            themes: BTreeMap::new(),
            questions: vec![],
            terms: vec![],
            term_words: 0,
            term_phrases: 0,
            entities: entities
                .iter()
                .map(|(name, kind, count)| EntityRecord {
                    canonical: name.to_string(),
                    kind: *kind,
                    count: *count,
                    surface_forms: vec![name.to_string()],
                    affiliation: None,
                    role: None,
                    passages: vec![1],
                })
                .collect(),
            commitments: Vec::new(),
        }
    }

    #[test]
    fn merges_by_name_and_type_with_date_span() {
        let sessions = vec![
            session(
                "a",
                Some("2021-03-09"),
                &[
                    ("VNG", EntityKind::Org, 2),
                    ("Sanne de Groot", EntityKind::Per, 3),
                ],
            ),
            session("b", Some("2019-10-17"), &[("VNG", EntityKind::Org, 1)]),
            session("c", None, &[("VNG", EntityKind::Org, 4)]),
        ];
        let all = aggregate(&sessions, None);
        assert_eq!(all[0].canonical, "VNG");
        assert_eq!(all[0].mentions, 7);
        assert_eq!(all[0].sessions, 3);
        assert_eq!(all[0].first.as_deref(), Some("2019-10-17"));
        assert_eq!(all[0].last.as_deref(), Some("2021-03-09"));
        let people = aggregate(&sessions, Some(EntityKind::Per));
        assert_eq!(people.len(), 1);
        assert_eq!(people[0].mentions, 3);
    }
}
