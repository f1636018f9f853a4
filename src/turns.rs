//! Speaker turns in council and committee minutes: "De heer Bakker (D66): …",
//! "Wethouder Verbeek: …", "De voorzitter: …", and the attendee list
//! ("Aanwezig: mevrouw S. Yilmaz (GroenLinks), …, voorzitter de heer M.
//! Kramer") that gives initials, parties and roles. Pure.
//!
//! A label is only recognised at the start of a paragraph and only after a
//! form of address or a role ("De heer", "Mevrouw", "Wethouder", …), so an
//! ordinary sentence with a colon ("Concreet betekent dit het volgende: …")
//! is never taken for a speaker.

/// A speaker label at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerLabel {
    /// "wethouder", "voorzitter", "burgemeester", … ; `None` for plain
    /// "de heer"/"mevrouw".
    pub role: Option<String>,
    /// The name as written ("Van Leeuwen", "Verbeek"); `None` for "De voorzitter:".
    pub name: Option<String>,
    pub party: Option<String>,
    /// Byte offset just after the colon.
    pub end: usize,
}

/// Someone on the attendee list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    /// "S. Yilmaz", "R. van Leeuwen".
    pub name: String,
    pub party: Option<String>,
    pub role: Option<String>,
}

/// Forms of address, lower-case, longest first.
const ADDRESS: &[&str] = &["de heer", "mevrouw", "mevr.", "dhr.", "mw.", "heer"];

/// Roles that can head a label or an attendee entry, lower-case.
const ROLES: &[&str] = &[
    "burgemeester",
    "wethouder",
    "de voorzitter",
    "voorzitter",
    "griffier",
    "minister",
    "staatssecretaris",
    "secretaris",
    "inspreker",
];

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        let rest = &s[prefix.len()..];
        // A whole word only.
        if rest.is_empty() || rest.starts_with([' ', ':', '(']) || prefix.ends_with('.') {
            return Some(rest);
        }
    }
    None
}

/// The speaker label at the start of `paragraph`, if any.
pub fn speaker_label(paragraph: &str) -> Option<SpeakerLabel> {
    let colon = paragraph.find(':')?;
    // Labels are short; a colon far into the paragraph is prose.
    if colon > 80 {
        return None;
    }
    let head = paragraph[..colon].trim();
    let mut rest = head;
    let mut role = None;
    let mut addressed = false;
    for r in ROLES {
        if let Some(after) = strip_prefix_ci(rest, r) {
            role = Some(r.trim_start_matches("de ").to_string());
            rest = after.trim_start();
            break;
        }
    }
    for a in ADDRESS {
        if let Some(after) = strip_prefix_ci(rest, a) {
            addressed = true;
            rest = after.trim_start();
            break;
        }
    }
    if role.is_none() && !addressed {
        return None;
    }
    let (name_part, party) = match (rest.find('('), rest.rfind(')')) {
        (Some(open), Some(close)) if close > open && close == rest.len() - 1 => (
            rest[..open].trim(),
            Some(rest[open + 1..close].trim().to_string()).filter(|p| !p.is_empty()),
        ),
        (None, None) => (rest, None),
        _ => return None,
    };
    // A name is a few words, each capitalised or a Dutch infix, no
    // sentence punctuation.
    let words: Vec<&str> = name_part.split_whitespace().collect();
    if words.len() > 5 {
        return None;
    }
    let infix = |w: &str| {
        matches!(
            w,
            "van" | "de" | "der" | "den" | "het" | "ter" | "ten" | "te" | "in" | "op" | "'t" | "’t"
        )
    };
    let ok = words.iter().all(|w| {
        infix(w)
            || w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\'' | '’'))
    });
    if !ok {
        return None;
    }
    if words.is_empty() && role.is_none() {
        return None;
    }
    Some(SpeakerLabel {
        role,
        name: (!words.is_empty()).then(|| words.join(" ")),
        party,
        end: colon + 1,
    })
}

/// Parses an attendee paragraph ("Aanwezig: …"); empty when `paragraph`
/// is not one.
pub fn attendees(paragraph: &str) -> Vec<Attendee> {
    let Some(list) = strip_prefix_ci(paragraph.trim(), "aanwezig")
        .and_then(|r| r.trim_start().strip_prefix(':'))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // Split on commas outside parentheses.
    let mut depth = 0usize;
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, c) in list.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&list[start..]);
    for part in parts {
        let part = part.trim().trim_end_matches('.');
        let part = part.strip_prefix("en ").unwrap_or(part);
        let mut rest = part;
        let mut role = None;
        loop {
            let mut moved = false;
            for r in ROLES {
                if let Some(after) = strip_prefix_ci(rest, r) {
                    role = Some(r.trim_start_matches("de ").to_string());
                    rest = after.trim_start();
                    moved = true;
                }
            }
            for a in ADDRESS {
                if let Some(after) = strip_prefix_ci(rest, a) {
                    rest = after.trim_start();
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
        let (name, party) = match (rest.find('('), rest.rfind(')')) {
            (Some(o), Some(c)) if c > o => {
                (rest[..o].trim(), Some(rest[o + 1..c].trim().to_string()))
            }
            _ => (rest.trim(), None),
        };
        if name.is_empty() || !name.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        // "(Financiën)" after a wethouder is a portfolio, not a party.
        let party = if role.is_some() { None } else { party };
        out.push(Attendee {
            name: name.to_string(),
            party,
            role,
        });
    }
    out
}

fn surname_key(name: &str) -> String {
    // "R. van Leeuwen" and "Van Leeuwen" share "van leeuwen".
    name.split_whitespace()
        .filter(|w| !w.ends_with('.'))
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Who a label refers to, by the attendee list when it names them:
/// "De heer Van Leeuwen" → "R. van Leeuwen", "De voorzitter" → the chair.
pub fn speaker_name(label: &SpeakerLabel, attendees: &[Attendee]) -> Option<String> {
    match &label.name {
        Some(name) => {
            let key = surname_key(name);
            let found = attendees.iter().find(|a| surname_key(&a.name) == key);
            Some(found.map_or_else(|| name.clone(), |a| a.name.clone()))
        }
        None => {
            let role = label.role.as_deref()?;
            attendees
                .iter()
                .find(|a| a.role.as_deref() == Some(role))
                .map(|a| a.name.clone())
                .or_else(|| Some(role.to_string()))
        }
    }
}

/// The speaker of a turn: name (by the attendee list where it names
/// them), party and role.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Speaker {
    pub name: Option<String>,
    pub party: Option<String>,
    pub role: Option<String>,
}

/// Resolves a label against the attendee list.
pub fn speaker(label: &SpeakerLabel, attendees: &[Attendee]) -> Speaker {
    let name = speaker_name(label, attendees);
    let attendee = name
        .as_deref()
        .and_then(|n| attendees.iter().find(|a| a.name == n));
    Speaker {
        party: label
            .party
            .clone()
            .or_else(|| attendee.and_then(|a| a.party.clone())),
        role: label
            .role
            .clone()
            .or_else(|| attendee.and_then(|a| a.role.clone())),
        name,
    }
}

/// An agenda-item heading ("Agendapunt 3. …", "Punt 4: …", "3. Rondvraag")
/// ends the current speaker's turn.
pub fn is_agenda_heading(paragraph: &str) -> bool {
    let p = paragraph.trim();
    if p.len() > 120 || p.contains('\n') {
        return false;
    }
    let lower = p.to_lowercase();
    if lower.starts_with("agendapunt") || lower.starts_with("punt ") {
        return true;
    }
    let digits = p.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && digits < 3 && p[digits..].starts_with(". ") && !p.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let l = speaker_label("De heer Van Leeuwen (VVD): Voorzitter, de VVD …").unwrap();
        assert_eq!(l.name.as_deref(), Some("Van Leeuwen"));
        assert_eq!(l.party.as_deref(), Some("VVD"));
        assert_eq!(l.role, None);
        let l = speaker_label("Wethouder Postma: Dank voor alle vragen.").unwrap();
        assert_eq!(l.role.as_deref(), Some("wethouder"));
        assert_eq!(l.name.as_deref(), Some("Postma"));
        let l = speaker_label("De voorzitter: Goedenavond allemaal").unwrap();
        assert_eq!((l.role.as_deref(), l.name), (Some("voorzitter"), None));
        let l = speaker_label("Mevrouw De Boer-Visser (CDA): Het CDA …").unwrap();
        assert_eq!(l.name.as_deref(), Some("De Boer-Visser"));
        assert!(speaker_label("Dhr. Bakker: ja").is_some());
        for prose in [
            "Concreet betekent dit het volgende: eerst …",
            "Wat de dorpen betreft, mevrouw De Boer-Visser: ja, …",
            "De vraag is nu: wie betaalt dit?",
            "Mevrouw zei toen iets heel anders tegen de wethouder: nee.",
            "",
            ":",
        ] {
            assert_eq!(speaker_label(prose), None, "{prose}");
        }
    }

    #[test]
    fn attendee_list_and_names() {
        let list = attendees(
            "Aanwezig: mevrouw S. Yilmaz (GroenLinks), de heer R. van Leeuwen (VVD), wethouder J. Postma (Wonen), voorzitter mevrouw H. Jansen-Kok, griffier de heer W. Mol",
        );
        assert_eq!(list.len(), 5);
        assert_eq!(list[0].name, "S. Yilmaz");
        assert_eq!(list[0].party.as_deref(), Some("GroenLinks"));
        assert_eq!(list[2].role.as_deref(), Some("wethouder"));
        assert_eq!(list[2].party, None);
        assert_eq!(list[3].role.as_deref(), Some("voorzitter"));
        assert_eq!(list[3].name, "H. Jansen-Kok");
        let label = speaker_label("De heer Van Leeuwen (VVD): …").unwrap();
        assert_eq!(
            speaker_name(&label, &list).as_deref(),
            Some("R. van Leeuwen")
        );
        let chair = speaker_label("De voorzitter: …").unwrap();
        assert_eq!(
            speaker_name(&chair, &list).as_deref(),
            Some("H. Jansen-Kok")
        );
        let s = speaker(&speaker_label("De heer Van Leeuwen: …").unwrap(), &list);
        assert_eq!(
            s.party.as_deref(),
            Some("VVD"),
            "party from the attendee list"
        );
        let s = speaker(&speaker_label("Wethouder Postma: …").unwrap(), &list);
        assert_eq!(
            (s.name.as_deref(), s.role.as_deref()),
            (Some("J. Postma"), Some("wethouder"))
        );
        let unknown = speaker_label("Mevrouw Nieuw: …").unwrap();
        assert_eq!(speaker_name(&unknown, &list).as_deref(), Some("Nieuw"));
        assert!(attendees("Niet aanwezig vandaag").is_empty());
    }

    #[test]
    fn agenda_headings() {
        assert!(is_agenda_heading(
            "Agendapunt 3. Woningbouwprogramma 2021–2030"
        ));
        assert!(is_agenda_heading("4. Rondvraag"));
        assert!(is_agenda_heading("Punt 4: Rondvraag"));
        assert!(!is_agenda_heading(
            "3. Dit is een gewone zin die eindigt met een punt."
        ));
        assert!(!is_agenda_heading("De voorzitter: …"));
    }
}
