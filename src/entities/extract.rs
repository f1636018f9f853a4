//! Entities of one session: the statistical tagger for people,
//! organisations, places and other names, the rules for deals, dates and
//! amounts, then resolution within the session (first names to full names,
//! acronyms to expansions, bare deal names to deals). Pure.

use super::resolve::{self, Mention, MentionKind, ResolvedEntity};
use super::rules::{self, RuleKind};
use super::{CachedTagger, EntityType};
use crate::model::{EntityKind, EntityRecord};
use crate::text;
use std::ops::Range;

/// The entities of a session, each with the passages that mention it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionEntities {
    pub entities: Vec<EntityRecord>,
}

impl SessionEntities {
    /// Indices into `entities` of those mentioned in passage `number`.
    pub fn in_passage(&self, number: u32) -> impl Iterator<Item = &EntityRecord> {
        self.entities
            .iter()
            .filter(move |e| e.passages.binary_search(&number).is_ok())
    }
}

pub fn kind_of(kind: MentionKind) -> EntityKind {
    match kind {
        MentionKind::Person => EntityKind::Per,
        MentionKind::Organisation => EntityKind::Org,
        MentionKind::Location => EntityKind::Loc,
        MentionKind::Misc => EntityKind::Misc,
        MentionKind::Deal => EntityKind::Deal,
        MentionKind::Date => EntityKind::Date,
        MentionKind::Money => EntityKind::Money,
        MentionKind::Percent => EntityKind::Percent,
    }
}

fn mention_kind(t: EntityType) -> MentionKind {
    match t {
        EntityType::Per => MentionKind::Person,
        EntityType::Org => MentionKind::Organisation,
        EntityType::Loc => MentionKind::Location,
        EntityType::Misc => MentionKind::Misc,
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Finds and resolves the entities of a session whose text is `text` and
/// whose passages are the byte ranges `passages` (in order).
/// `segmented` holds `passages` tokenised and split into sentences, in
/// order, as the pipeline does once for all its stages.
pub fn extract(
    tagger: &mut CachedTagger,
    text: &str,
    passages: &[Range<usize>],
    segmented: &text::Segmentation,
) -> SessionEntities {
    // Token strings of all sentences, with their byte spans in `text`; sentence `s` is
    // `bounds[s]..bounds[s + 1]` of both (flat: two vectors per sentence cost more to
    // allocate than the tokens to copy).
    let count: usize = (0..passages.len()).map(|i| segmented.tokens(i).len()).sum();
    let mut words: Vec<&str> = Vec::with_capacity(count);
    let mut spans: Vec<Range<usize>> = Vec::with_capacity(count);
    let mut bounds: Vec<usize> = vec![0];
    let mut rule_mentions: Vec<Mention> = Vec::new();
    for (i, passage) in passages.iter().enumerate() {
        let passage_text = &text[passage.clone()];
        for (_, tokens) in segmented.sentence_tokens(i) {
            let base = passage.start;
            for tok in tokens {
                // Punctuation stays in: the tagger was trained on CoNLL
                // tokens, where punctuation is a token of its own.
                words.push(&passage_text[tok.start..tok.end]);
                spans.push(base + tok.start..base + tok.end);
            }
            if words.len() > bounds[bounds.len() - 1] {
                bounds.push(words.len());
            }
        }
        for m in rules::find(passage_text) {
            let mut mention = Mention::from(&m);
            mention.span = passage.start + m.span.start..passage.start + m.span.end;
            // Dates, amounts and percentages are identified by value.
            if m.kind != RuleKind::Deal {
                if let Some(n) = &m.normalized {
                    mention.text = n.clone();
                }
            }
            rule_mentions.push(mention);
        }
    }

    let refs: Vec<&[&str]> = bounds.windows(2).map(|w| &words[w[0]..w[1]]).collect();
    let tagged = tagger.document_entities(&refs);
    let mut mentions: Vec<Mention> = Vec::new();
    for (w, entities) in bounds.windows(2).zip(&tagged) {
        let spans = &spans[w[0]..w[1]];
        for e in entities {
            let (Some(first), Some(last)) = (spans.get(e.start), spans.get(e.end.wrapping_sub(1)))
            else {
                continue;
            };
            let span = first.start..last.end;
            // The rules know deals, dates and amounts better: a tagger
            // mention that overlaps one gives way.
            if rule_mentions.iter().any(|r| overlaps(&r.span, &span)) {
                continue;
            }
            mentions.push(Mention {
                kind: mention_kind(e.kind),
                text: text[span.clone()].to_string(),
                span,
            });
        }
    }
    retype_first_names(&mut mentions);
    mentions.retain(|m| !is_generic_programme_word(&m.text));
    mentions.extend(rule_mentions);
    mentions.sort_by_key(|m| (m.span.start, m.span.end));

    let resolved = resolve::resolve(text, &mentions);
    SessionEntities {
        entities: resolved.into_iter().map(|e| record(e, passages)).collect(),
    }
}

/// The tagger sometimes reads a first name on its own ("Anne-Marie",
/// "Kees-Jan") as a place or organisation. When the same session names a
/// person in full with that first name, the short mention is that person.
fn retype_first_names(mentions: &mut [Mention]) {
    let first_names: Vec<String> = mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Person && m.text.contains(' '))
        .map(|m| resolve::split_name(&m.text).first)
        .filter(|f| !f.is_empty())
        .collect();
    for m in mentions.iter_mut() {
        if m.kind != MentionKind::Person && first_names.contains(&m.text) {
            m.kind = MentionKind::Person;
        }
    }
}

/// "City Deal", "Regio Deals": the name of a programme type, not of one
/// deal; named deals come from the rules.
fn is_generic_programme_word(text: &str) -> bool {
    let t = text.to_lowercase();
    matches!(
        t.as_str(),
        "city deal"
            | "city deals"
            | "regio deal"
            | "regio deals"
            | "green deal"
            | "green deals"
            | "town deal"
            | "town deals"
            | "woondeal"
            | "woondeals"
    )
}

fn record(e: ResolvedEntity, passages: &[Range<usize>]) -> EntityRecord {
    let mut numbers: Vec<u32> = e
        .mentions
        .iter()
        .filter_map(|m| {
            let i = passages.partition_point(|p| p.end <= m.start);
            (i < passages.len()).then(|| u32::try_from(i + 1).unwrap_or(u32::MAX))
        })
        .collect();
    numbers.dedup();
    EntityRecord {
        canonical: e.canonical,
        kind: kind_of(e.kind),
        count: u32::try_from(e.mentions.len()).unwrap_or(u32::MAX),
        surface_forms: e.surface_forms,
        affiliation: e.affiliation,
        role: e.role,
        passages: numbers,
    }
}

/// The canonical name of the person `surface` ("Henk Jan", "Bierling",
/// "Henk Jan Bierling") refers to in a session, when resolution found one.
pub fn canonical_person<'a>(entities: &'a [EntityRecord], surface: &str) -> Option<&'a str> {
    let surface = surface.trim();
    let people = entities.iter().filter(|e| e.kind == EntityKind::Per);
    let mut matches = people.filter(|e| {
        e.canonical == surface
            || e.surface_forms.iter().any(|f| f == surface)
            || starts_with_word(&e.canonical, surface)
            || ends_with_word(&e.canonical, surface)
    });
    let first = matches.next()?;
    // Ambiguous ("Jan" with two Jans in the session): keep the surface.
    if matches.any(|e| e.canonical != first.canonical) {
        return None;
    }
    Some(&first.canonical)
}

/// `name.starts_with(&format!("{word} "))`, without building the string:
/// this runs for every person of a session per asker and speaker.
fn starts_with_word(name: &str, word: &str) -> bool {
    name.strip_prefix(word)
        .is_some_and(|rest| rest.starts_with(' '))
}

/// `name.ends_with(&format!(" {word}"))`, without building the string.
fn ends_with_word(name: &str, word: &str) -> bool {
    name.strip_suffix(word)
        .is_some_and(|rest| rest.ends_with(' '))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Tagger;

    #[test]
    fn word_prefix_and_suffix_match_the_formatted_checks() {
        let names = [
            "Henk Jan Bierling",
            "Jan",
            "Jan ",
            " Jan",
            "",
            "Jannie de Vries",
            "é Jan é",
        ];
        let words = [
            "Jan",
            "Henk",
            "Henk Jan",
            "Bierling",
            "",
            " ",
            "é",
            "Vries",
            "Jan Bierling",
        ];
        for name in names {
            for word in words {
                assert_eq!(
                    starts_with_word(name, word),
                    name.starts_with(&format!("{word} ")),
                    "{name:?} starts with {word:?}"
                );
                assert_eq!(
                    ends_with_word(name, word),
                    name.ends_with(&format!(" {word}")),
                    "{name:?} ends with {word:?}"
                );
            }
        }
    }

    /// The session's entities, segmented as the pipeline does it.
    fn extract_all(text: &str, passages: &[Range<usize>]) -> SessionEntities {
        let mut segmented = text::Segmentation::default();
        for passage in passages {
            segmented.push(&text[passage.clone()]);
        }
        extract(&mut Tagger::embedded().cached(), text, passages, &segmented)
    }

    fn person(canonical: &str, forms: &[&str]) -> EntityRecord {
        EntityRecord {
            canonical: canonical.into(),
            kind: EntityKind::Per,
            count: 1,
            surface_forms: forms.iter().map(|s| s.to_string()).collect(),
            affiliation: None,
            role: None,
            passages: vec![1],
        }
    }

    #[test]
    fn askers_resolve_to_canonical_names() {
        let people = vec![
            person("Henk Jan Bierling", &["Henk Jan Bierling", "Henk Jan"]),
            person("Jan Smit", &["Jan Smit"]),
        ];
        assert_eq!(
            canonical_person(&people, "Henk Jan"),
            Some("Henk Jan Bierling")
        );
        assert_eq!(
            canonical_person(&people, "Bierling"),
            Some("Henk Jan Bierling")
        );
        assert_eq!(canonical_person(&people, "Jan Smit"), Some("Jan Smit"));
        assert_eq!(canonical_person(&people, "Martine"), None);
    }

    #[test]
    fn seed_like_text_yields_people_deals_and_amounts() {
        let text = "Moderator Henk Jan Bierling opent de sessie op dinsdag 9 maart 2021.\n\n\
                    Jan-Willem Wesselink van de City Deal Een Slimme Stad vertelt over 800.000 euro. \
                    Henk Jan vraagt hoe dat verder gaat.";
        let passages = text::paragraphs(text);
        let found = extract_all(text, &passages);
        let get = |kind: EntityKind, name: &str| {
            found
                .entities
                .iter()
                .find(|e| e.kind == kind && e.canonical == name)
                .unwrap_or_else(|| panic!("{name} ({kind:?}) not in {:#?}", found.entities))
        };
        let henk = get(EntityKind::Per, "Henk Jan Bierling");
        assert_eq!(henk.count, 2);
        assert_eq!(henk.passages, vec![1, 2]);
        get(EntityKind::Deal, "City Deal Een Slimme Stad");
        get(EntityKind::Money, "800000");
        get(EntityKind::Date, "2021-03-09");
    }

    #[test]
    fn first_names_read_as_places_become_people() {
        let mut mentions = vec![
            Mention {
                kind: MentionKind::Person,
                span: 0..25,
                text: "Anne-Marie van der Linden".into(),
            },
            Mention {
                kind: MentionKind::Location,
                span: 40..50,
                text: "Anne-Marie".into(),
            },
            Mention {
                kind: MentionKind::Location,
                span: 60..66,
                text: "Zwolle".into(),
            },
        ];
        retype_first_names(&mut mentions);
        assert_eq!(mentions[1].kind, MentionKind::Person);
        assert_eq!(mentions[2].kind, MentionKind::Location);
        assert!(is_generic_programme_word("City Deals"));
        assert!(!is_generic_programme_word("City Deal Een Slimme Stad"));
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "?",
            "\u{0}\u{1}",
            &"ä".repeat(10_000),
            "🎉 City Deal 🎉 €",
        ] {
            let passages = text::paragraphs(text);
            let _ = extract_all(text, &passages);
        }
    }
}
