//! Within-session resolution: which mentions of one session name the same
//! person, organisation or deal, and what the text says about people's roles
//! and affiliations.
//!
//! Pure: text and mentions in, entities out. Everything is decided within
//! one session — "Martine" is Martine de Vaan only because she is the one
//! Martine in these minutes. Choices:
//! - a person's canonical name is the longest form used; shorter forms
//!   (first names, surnames) join it only when exactly one longer form fits;
//! - an organisation's canonical name is its acronym when the text gives one
//!   ("VNG"), because minutes use acronyms more than expansions and the
//!   acronym is stable across sessions; the expansion is a surface form;
//! - surface forms are stored without a leading article ("het NEN" → "NEN").

use std::collections::BTreeMap;
use std::ops::Range;

use crate::entities::rules::{self, RuleKind, RuleMatch, Token, TokenKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum MentionKind {
    Person,
    Organisation,
    Location,
    Misc,
    Deal,
    Date,
    Money,
    Percent,
}

impl From<RuleKind> for MentionKind {
    fn from(kind: RuleKind) -> Self {
        match kind {
            RuleKind::Date => MentionKind::Date,
            RuleKind::Money => MentionKind::Money,
            RuleKind::Percent => MentionKind::Percent,
            RuleKind::Deal => MentionKind::Deal,
        }
    }
}

/// A mention found by the tagger or the rules.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mention {
    pub kind: MentionKind,
    /// Byte range in the session text.
    pub span: Range<usize>,
    /// The surface text (normally the text of `span`).
    pub text: String,
}

impl From<&RuleMatch> for Mention {
    fn from(m: &RuleMatch) -> Self {
        Mention {
            kind: m.kind.into(),
            span: m.span.clone(),
            text: m.text.clone(),
        }
    }
}

/// Mentions of one thing within a session.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ResolvedEntity {
    pub kind: MentionKind,
    /// People: the full name; organisations: the acronym when known; deals:
    /// "City Deal …"; dates, money, percentages: the normalised value.
    pub canonical: String,
    /// Sorted spans of all mentions.
    pub mentions: Vec<Range<usize>>,
    /// Distinct surfaces in order of first use.
    pub surface_forms: Vec<String>,
    /// People only: the organisation or deal they speak for.
    pub affiliation: Option<String>,
    /// People only: "moderator", "projectleider", "wethouder"…
    pub role: Option<String>,
}

/// A Dutch personal name in parts: "Rogier van der Wal" is "Rogier",
/// "van der", "Wal".
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct NameParts {
    /// First name(s), possibly several ("Henk Jan"); empty for "van Adrichem".
    pub first: String,
    pub infix: Option<String>,
    /// Empty for a lone first name.
    pub last: String,
}

/// Name particles (tussenvoegsels). "in", "op", "uit" and "aan" only count
/// when another particle follows ("in 't Veld", "op de Beek").
const PARTICLES: &[&str] = &[
    "van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "’t", "la", "le", "du", "da", "von",
];
const LEADING_PARTICLES: &[&str] = &["in", "op", "uit", "aan"];

fn is_particle(word: &str) -> bool {
    PARTICLES.iter().any(|p| word.eq_ignore_ascii_case(p))
}

/// Splits a full name into first names, particles and surname. A lone word
/// is a first name. "Sint" after a first name starts the surname ("Ron Sint
/// Nicolaas").
pub fn split_name(full: &str) -> NameParts {
    let words: Vec<&str> = full.split_whitespace().collect();
    if words.len() <= 1 {
        return NameParts {
            first: words.first().map_or_else(String::new, |w| (*w).to_owned()),
            ..NameParts::default()
        };
    }
    let particle_at = |i: usize| -> bool {
        let w = words[i];
        is_particle(w)
            || (LEADING_PARTICLES.iter().any(|p| w.eq_ignore_ascii_case(p))
                && words.get(i + 1).is_some_and(|n| is_particle(n)))
    };
    // The surname starts at the first particle run that leaves a word after it.
    for i in 0..words.len() - 1 {
        if particle_at(i) {
            let mut j = i;
            while j < words.len() - 1 && particle_at(j) {
                j += 1;
            }
            return NameParts {
                first: words[..i].join(" "),
                infix: Some(words[i..j].join(" ")),
                last: words[j..].join(" "),
            };
        }
        if i > 0 && (words[i] == "Sint" || words[i] == "St.") {
            return NameParts {
                first: words[..i].join(" "),
                infix: None,
                last: words[i..].join(" "),
            };
        }
    }
    let (last, first) = words.split_last().unwrap_or((&"", &[]));
    NameParts {
        first: first.join(" "),
        infix: None,
        last: (*last).to_owned(),
    }
}

/// Words that state a role. A compound ending in one counts too
/// ("communicatieadviseur", "werkgroepsecretaris").
const ROLES: &[&str] = &[
    "moderator",
    "voorzitter",
    "secretaris",
    "projectleider",
    "programmamanager",
    "projectmanager",
    "manager",
    "dealmaker",
    "onderzoeker",
    "adviseur",
    "directeur",
    "beleidsmedewerker",
    "medewerker",
    "kwartiermaker",
    "griffier",
    "minister",
    "staatssecretaris",
    "wethouder",
    "burgemeester",
    "gedeputeerde",
    "raadslid",
    "coördinator",
    "coordinator",
    "trainee",
    "lector",
    "hoogleraar",
    "ambtenaar",
    "teamleider",
];

fn role_of(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    let known = ROLES
        .iter()
        .any(|r| lower == *r || (lower.ends_with(r) && lower.len() >= r.len() + 3));
    known.then_some(lower)
}

/// Forms of address before a surname, lower-case without their period.
fn is_address(word: &str) -> bool {
    ["mevrouw", "mevr", "mw", "dhr", "meneer", "heer"].contains(&word)
}

/// Articles stripped from organisation, deal and place names.
const ARTICLES: &[&str] = &["de", "het", "'t", "’t"];

/// `s` without a leading article, and the bytes removed.
fn strip_article(s: &str) -> (&str, usize) {
    let trimmed = s.trim_start();
    let lead = s.len() - trimmed.len();
    if let Some((first, rest)) = trimmed.split_once(char::is_whitespace) {
        if ARTICLES.iter().any(|a| first.eq_ignore_ascii_case(a)) && !rest.trim().is_empty() {
            let rest_trimmed = rest.trim_start();
            return (rest_trimmed.trim_end(), s.len() - rest_trimmed.len());
        }
    }
    (trimmed.trim_end(), lead)
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An acronym: 2–10 characters, letters and digits (and "&", "-"), at least
/// two capitals and no more lowercase letters than capitals ("VNG", "KvK",
/// "CoP").
fn is_acronym(s: &str) -> bool {
    let count = s.chars().count();
    let upper = s.chars().filter(|c| c.is_uppercase()).count();
    let lower = s.chars().filter(|c| c.is_lowercase()).count();
    (2..=10).contains(&count)
        && upper >= 2
        && lower <= upper
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '&' || c == '-')
        && s.chars().next().is_some_and(char::is_uppercase)
}

fn acronym_letters(acronym: &str) -> String {
    acronym.chars().filter(|c| c.is_uppercase()).collect()
}

/// Lowercase head words an expansion may start with ("het ministerie van
/// Economische Zaken en Klimaat"); they give no letter to the acronym.
const HEADS: &[&str] = &["ministerie", "gemeente", "provincie"];

/// Initials of the capitalised words, capitals after hyphens included
/// ("Noord-Brabant" → "NB"); lowercase function words give none.
fn initials<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for w in words {
        let mut prev_hyphen = true;
        for c in w.chars() {
            if prev_hyphen && c.is_uppercase() {
                out.push(c);
            }
            prev_hyphen = c == '-';
        }
    }
    out
}

/// Whether `words` spell out `acronym`: a title of capitalised words joined by
/// function words, optionally after a head word ("ministerie van", also when
/// capitalised) that the acronym leaves out.
fn spells_out(words: &[&str], acronym: &str) -> bool {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    let is_head = HEADS.iter().any(|h| first.eq_ignore_ascii_case(h));
    if !(capitalised(first) || is_head) || !capitalised(last) {
        return false;
    }
    let body_ok = words[1..].iter().all(|w| {
        capitalised(w)
            || ARTICLES.contains(w)
            || ["van", "voor", "en", "op", "in", "der", "den", "te", "ter"].contains(w)
    });
    if !body_ok {
        return false;
    }
    let letters = acronym_letters(acronym);
    if letters.len() < 2 {
        return false;
    }
    // Some acronyms take a letter from a function word, and some leave the
    // last word out: "Rijksdienst voor Ondernemend Nederland (RVO)". Only
    // for the initials of every word, so "Ministerie van Binnenlandse
    // Zaken (BZK)" still does not spell out.
    let every_initial = |ws: &[&str]| -> String {
        ws.iter()
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect()
    };
    initials(words.iter().copied()) == letters
        || (is_head && initials(words[1..].iter().copied()) == letters)
        || every_initial(words) == letters
        || (words.len() > 2 && every_initial(&words[..words.len() - 1]) == letters)
}

/// An acronym defined in the text: "Vereniging van Nederlandse Gemeenten
/// (VNG)" or "VNG (Vereniging van Nederlandse Gemeenten)".
#[derive(Debug, Clone)]
struct AcronymPair {
    acronym: String,
    expansion: String,
    acronym_span: Range<usize>,
    expansion_span: Range<usize>,
}

/// Expansions reach back at most this many words before the parenthesis.
const MAX_EXPANSION_WORDS: usize = 12;

fn acronym_pairs(text: &str, tokens: &[Token]) -> Vec<AcronymPair> {
    let mut pairs = Vec::new();
    for p in 0..tokens.len() {
        if !tokens[p].is_punct('(') {
            continue;
        }
        let close = (p + 1..(p + 2 + MAX_EXPANSION_WORDS).min(tokens.len()))
            .take_while(|&q| !tokens[q].after_blank_line() && !tokens[q].is_punct('('))
            .find(|&q| tokens[q].is_punct(')'));
        let Some(q) = close else { continue };
        let inner = &tokens[p + 1..q];
        // "Expansion (ACR)": the longest run of words before "(" that spells it.
        if let [acr] = inner {
            let acronym = acr.text(text);
            if acr.is_word() && is_acronym(acronym) {
                let mut lo = p;
                while lo > 0
                    && p - lo < MAX_EXPANSION_WORDS
                    && tokens[lo - 1].is_word()
                    && !tokens[lo].after_blank_line()
                {
                    lo -= 1;
                }
                let words: Vec<&str> = tokens[lo..p].iter().map(|t| t.text(text)).collect();
                if let Some(s) = (0..words.len()).find(|&s| spells_out(&words[s..], acronym)) {
                    pairs.push(AcronymPair {
                        acronym: acronym.to_owned(),
                        expansion: words[s..].join(" "),
                        acronym_span: acr.start..acr.end,
                        expansion_span: tokens[lo + s].start..tokens[p - 1].end,
                    });
                    continue;
                }
            }
        }
        // "ACR (Expansion)".
        let Some(acr) = p.checked_sub(1).map(|i| &tokens[i]) else {
            continue;
        };
        let acronym = acr.text(text);
        if !(acr.is_word() && is_acronym(acronym))
            || inner.is_empty()
            || !inner.iter().all(Token::is_word)
        {
            continue;
        }
        let mut words: Vec<&str> = inner.iter().map(|t| t.text(text)).collect();
        let mut first = p + 1;
        if words.len() > 1 && ARTICLES.iter().any(|a| words[0].eq_ignore_ascii_case(a)) {
            words.remove(0);
            first += 1;
        }
        if spells_out(&words, acronym) {
            pairs.push(AcronymPair {
                acronym: acronym.to_owned(),
                expansion: words.join(" "),
                acronym_span: acr.start..acr.end,
                expansion_span: tokens[first].start..tokens[q - 1].end,
            });
        }
    }
    pairs
}

/// Mentions of one entity being collected.
#[derive(Debug)]
struct Group {
    kind: MentionKind,
    canonical: String,
    mentions: Vec<(Range<usize>, String)>,
    affiliation: Option<String>,
    role: Option<String>,
}

impl Group {
    fn new(kind: MentionKind, canonical: String) -> Self {
        Group {
            kind,
            canonical,
            mentions: Vec::new(),
            affiliation: None,
            role: None,
        }
    }

    fn finish(mut self) -> Option<ResolvedEntity> {
        self.mentions
            .sort_by_key(|(span, _)| (span.start, span.end));
        self.mentions.dedup_by(|a, b| a.0 == b.0);
        let mut surface_forms: Vec<String> = Vec::new();
        for (_, s) in &self.mentions {
            if !surface_forms.contains(s) {
                surface_forms.push(s.clone());
            }
        }
        (!self.mentions.is_empty()).then(|| ResolvedEntity {
            kind: self.kind,
            canonical: self.canonical,
            mentions: self.mentions.into_iter().map(|(span, _)| span).collect(),
            surface_forms,
            affiliation: self.affiliation,
            role: self.role,
        })
    }
}

/// Groups mentions that name the same thing within one session, and reads
/// roles and affiliations of people from the text around their names.
/// Entities come in order of first mention; bare deal names ("Ruimte voor
/// Lopen") of deals found in full are added as mentions (see
/// [`find_deal_aliases`]). Spans outside `text` are kept but get no context.
pub fn resolve(text: &str, mentions: &[Mention]) -> Vec<ResolvedEntity> {
    let tokens = rules::tokenize(text);
    let mut input: Vec<Mention> = mentions
        .iter()
        .filter(|m| !m.text.trim().is_empty())
        .cloned()
        .collect();
    input.sort_by(|a, b| {
        (a.span.start, a.span.end, a.kind).cmp(&(b.span.start, b.span.end, b.kind))
    });
    input.dedup();
    let of_kind =
        |kind: MentionKind| -> Vec<&Mention> { input.iter().filter(|m| m.kind == kind).collect() };
    let taken: Vec<Range<usize>> = input.iter().map(|m| m.span.clone()).collect();

    let (mut groups, org_aliases) =
        resolve_organisations(text, &tokens, &of_kind(MentionKind::Organisation), &taken);
    groups.extend(resolve_people(
        text,
        &tokens,
        &of_kind(MentionKind::Person),
        &org_aliases,
    ));
    groups.extend(resolve_deals(text, &of_kind(MentionKind::Deal), &taken));
    for kind in [MentionKind::Location, MentionKind::Misc] {
        groups.extend(resolve_by_name(&of_kind(kind), kind));
    }
    for kind in [MentionKind::Date, MentionKind::Money, MentionKind::Percent] {
        groups.extend(resolve_values(&of_kind(kind), kind));
    }

    let mut entities: Vec<ResolvedEntity> = groups.into_iter().filter_map(Group::finish).collect();
    entities.sort_by(|a, b| {
        let first = |e: &ResolvedEntity| e.mentions.first().map_or(usize::MAX, |s| s.start);
        (first(a), a.kind, &a.canonical).cmp(&(first(b), b.kind, &b.canonical))
    });
    entities
}

/// Whether `span` overlaps any of `sorted` (sorted by start).
fn overlaps_any(sorted: &[Range<usize>], span: &Range<usize>) -> bool {
    let i = sorted.partition_point(|s| s.start < span.end);
    // Only spans starting before `span` ends can overlap; a long earlier span
    // may, so look back over them (mentions are short and few per session).
    sorted[..i]
        .iter()
        .rev()
        .take(64)
        .any(|s| s.end > span.start)
}

// ---------------------------------------------------------------------------
// People.

#[derive(Debug)]
struct PersonMention {
    span: Range<usize>,
    surface: String,
    /// Lowercased words of the name.
    key: Vec<String>,
    /// Token range of the name when the span is consistent with the text.
    tokens: Option<(usize, usize)>,
    role: Option<String>,
}

fn sentence_initial(text: &str, tokens: &[Token], k: usize) -> bool {
    k == 0
        || tokens[k].newlines_before > 0
        || matches!(
            tokens[k - 1].kind,
            TokenKind::Punct('.' | '!' | '?' | ':' | '"' | '“' | '‘' | '•')
        )
        || tokens[k - 1].text(text).is_empty()
}

fn is_lower_particle(text: &str, t: &Token) -> bool {
    t.is_word()
        && is_particle(t.text(text))
        && t.text(text)
            .chars()
            .next()
            .is_some_and(|c| !c.is_uppercase())
}

fn prepare_person(
    text: &str,
    tokens: &[Token],
    m: &Mention,
    first_words: &[String],
) -> Option<PersonMention> {
    let consistent = text.get(m.span.clone()) == Some(m.text.as_str());
    if !consistent {
        let mut words: Vec<&str> = m.text.split_whitespace().collect();
        while words.len() > 1 && is_address(&words[0].trim_end_matches('.').to_lowercase()) {
            words.remove(0);
        }
        let mut role = None;
        while words.len() > 1 && role_of(words[0]).is_some() {
            role = role.or_else(|| role_of(words[0]));
            words.remove(0);
        }
        let surface = words.join(" ");
        let key = name_key(&surface);
        return (!key.is_empty()).then(|| PersonMention {
            span: m.span.clone(),
            surface,
            key,
            tokens: None,
            role,
        });
    }
    let mut a = rules::token_at(tokens, m.span.start);
    let mut b = tokens.partition_point(|t| t.start < m.span.end);
    while a < b && !tokens[a].is_word() {
        a += 1;
    }
    while b > a && !tokens[b - 1].is_word() {
        b -= 1;
    }
    if a >= b {
        return None;
    }
    // "Mevrouw Yilmaz", "Dhr. De Graaf", "de heer Bakker": the form of
    // address is not part of the name (and would keep "Mevrouw Yilmaz"
    // apart from "S. Yilmaz" of the attendee list).
    loop {
        let word = |i: usize| tokens[i].text(text).trim_end_matches('.').to_lowercase();
        let skip = if b - a > 2 && word(a) == "de" && word(a + 1) == "heer" {
            2
        } else if b - a > 1 && is_address(&word(a)) {
            1
        } else {
            break;
        };
        a += skip;
        while a < b && !tokens[a].is_word() {
            a += 1;
        }
        if a >= b {
            return None;
        }
    }
    // "Moderator Henk Jan Bierling" tagged whole: the role is not the name.
    let mut role = None;
    while b - a > 1 && role_of(tokens[a].text(text)).is_some() {
        role = role.or_else(|| role_of(tokens[a].text(text)));
        a += 1;
    }
    // The tagger stopped inside the name: "Martine de" → "Martine de Vaan".
    if is_lower_particle(text, &tokens[b - 1]) {
        let mut k = b;
        while k < tokens.len() && k - b < 3 && is_lower_particle(text, &tokens[k]) {
            k += 1;
        }
        if tokens
            .get(k)
            .is_some_and(|t| t.is_capitalised(text) && !t.after_blank_line())
        {
            b = k + 1;
        }
    }
    // Or started inside it: "Vaan" → "Martine de Vaan", when the word before
    // the particles is not just a capitalised sentence opener ("Volgens de
    // Vries") but known as a first word of some person mention.
    if b - a == 1 && tokens[a].is_capitalised(text) {
        let mut k = a;
        while k > 0 && a - k < 3 && is_lower_particle(text, &tokens[k - 1]) {
            k -= 1;
        }
        if k < a && k > 0 && tokens[k - 1].is_capitalised(text) {
            let word = tokens[k - 1].text(text).to_lowercase();
            if !sentence_initial(text, tokens, k - 1) || first_words.contains(&word) {
                a = k - 1;
            }
        }
    }
    let span = tokens[a].start..tokens[b - 1].end;
    let surface = collapse_whitespace(text.get(span.clone()).unwrap_or(""));
    let key = name_key(&surface);
    (!key.is_empty()).then_some(PersonMention {
        span,
        surface,
        key,
        tokens: Some((a, b)),
        role,
    })
}

fn name_key(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// `part` is a first-name prefix or surname suffix of the longer `whole`.
fn is_name_part(part: &[String], whole: &[String]) -> bool {
    whole.len() > part.len() && (whole.starts_with(part) || whole.ends_with(part))
}

fn resolve_people(
    text: &str,
    tokens: &[Token],
    mentions: &[&Mention],
    org_aliases: &BTreeMap<String, String>,
) -> Vec<Group> {
    let first_words: Vec<String> = mentions
        .iter()
        .filter(|m| m.text.split_whitespace().count() > 1)
        .filter_map(|m| m.text.split_whitespace().next())
        .map(str::to_lowercase)
        .collect();
    let people: Vec<PersonMention> = mentions
        .iter()
        .filter_map(|m| prepare_person(text, tokens, m, &first_words))
        .collect();

    let mut keys: Vec<&Vec<String>> = people.iter().map(|p| &p.key).collect();
    keys.sort();
    keys.dedup();
    let maximal: Vec<&Vec<String>> = keys
        .iter()
        .copied()
        .filter(|k| !keys.iter().any(|g| is_name_part(k, g)))
        .collect();
    // Each form joins the one longer form it is part of; with none or several
    // (two Martines), it stays its own entity.
    let target_of = |key: &Vec<String>| -> Vec<String> {
        if maximal.contains(&key) {
            return key.clone();
        }
        let fits: Vec<&&Vec<String>> = maximal.iter().filter(|g| is_name_part(key, g)).collect();
        match fits.as_slice() {
            [one] => (**one).clone(),
            _ => key.clone(),
        }
    };

    let mut groups: BTreeMap<Vec<String>, (Group, Vec<&PersonMention>)> = BTreeMap::new();
    for p in &people {
        let target = target_of(&p.key);
        let entry = groups
            .entry(target.clone())
            .or_insert_with(|| (Group::new(MentionKind::Person, String::new()), Vec::new()));
        entry.0.mentions.push((p.span.clone(), p.surface.clone()));
        entry.1.push(p);
    }
    let mut out = Vec::new();
    for (target, (mut group, members)) in groups {
        let full: Vec<&&PersonMention> = members.iter().filter(|p| p.key == target).collect();
        group.canonical = full
            .first()
            .map_or_else(|| members[0].surface.clone(), |p| p.surface.clone());
        // Context around the full name counts first, then shorter forms.
        let ordered = full
            .iter()
            .map(|p| **p)
            .chain(members.iter().copied().filter(|p| p.key != target));
        for p in ordered {
            if group.role.is_none() {
                group.role = p.role.clone();
            }
            if let Some((a, b)) = p.tokens {
                let context = person_context(text, tokens, a, b);
                group.role = group.role.take().or(context.role);
                group.affiliation = group.affiliation.take().or(context.affiliation);
            }
        }
        group.affiliation = group
            .affiliation
            .map(|a| canonical_affiliation(&a, org_aliases));
        out.push(group);
    }
    out
}

#[derive(Default)]
struct PersonContext {
    role: Option<String>,
    affiliation: Option<String>,
}

/// Sentence-ending punctuation; role look-ahead stops there.
fn ends_clause(t: &Token) -> bool {
    matches!(t.kind, TokenKind::Punct('.' | '!' | '?' | ';')) || t.after_blank_line()
}

/// Role and affiliation stated around the name at tokens `a..b`.
fn person_context(text: &str, tokens: &[Token], a: usize, b: usize) -> PersonContext {
    let mut context = PersonContext::default();
    let word = |i: usize| tokens.get(i).filter(|t| t.is_word());
    // "Moderator Henk Jan Bierling", "wethouder Jansen".
    if a > 0 && !tokens[a].after_blank_line() {
        context.role = word(a - 1).and_then(|t| role_of(t.text(text)));
    }
    let next = tokens.get(b).filter(|t| !t.after_blank_line());
    // "X van de City Deal Een Slimme Stad", "X van Platform31", "X namens de VNG".
    if next.is_some_and(|t| t.is(text, "van") || t.is(text, "namens")) {
        context.affiliation = affiliation_from(text, tokens, b + 1, true);
    }
    // "X (VNG)", "X (wethouder)".
    if next.is_some_and(|t| t.is_punct('(')) {
        let close = (b + 1..(b + 12).min(tokens.len())).find(|&q| tokens[q].is_punct(')'));
        if let Some(q) = close.filter(|&q| q > b + 1 && tokens[b + 1..q].iter().all(Token::is_word))
        {
            if q == b + 2 && role_of(tokens[b + 1].text(text)).is_some() {
                context.role = context.role.or_else(|| role_of(tokens[b + 1].text(text)));
            } else if tokens[b + 1].is_capitalised(text) {
                context.affiliation = context.affiliation.or_else(|| {
                    text.get(tokens[b + 1].start..tokens[q - 1].end)
                        .map(collapse_whitespace)
                });
            }
        }
    }
    // "X, (de) communicatieadviseur van Agenda Stad".
    if next.is_some_and(|t| t.is_punct(',')) {
        let mut k = b + 1;
        if word(k).is_some_and(|t| {
            ["de", "het", "een", "onze", "hun", "haar", "zijn"]
                .iter()
                .any(|d| t.is(text, d))
        }) {
            k += 1;
        }
        for r in k..k + 3 {
            let Some(t) = word(r) else { break };
            if let Some(role) = role_of(t.text(text)) {
                context.role = context.role.or(Some(role));
                if word(r + 1).is_some_and(|t| t.is(text, "van") || t.is(text, "bij")) {
                    context.affiliation = context
                        .affiliation
                        .or_else(|| affiliation_from(text, tokens, r + 2, false));
                }
                break;
            }
            if t.is_capitalised(text) {
                break;
            }
        }
    }
    // "X, die we welkom heten als kersvers projectleider".
    if context.role.is_none() {
        let mut k = b;
        while k < tokens.len() && k < b + 20 && !ends_clause(&tokens[k]) {
            if tokens[k].is(text, "als") {
                context.role = (k + 1..k + 4)
                    .map_while(word)
                    .find_map(|t| role_of(t.text(text)))
                    .filter(|_| {
                        (k + 1..k + 4)
                            .map_while(word)
                            .take_while(|t| role_of(t.text(text)).is_none())
                            .all(|t| !t.is_capitalised(text))
                    });
                break;
            }
            k += 1;
        }
    }
    context
}

/// The organisation named from token `k` on: an optional article, then a
/// title. `strict` (right after a name) also wants an article, a
/// multi-word title or an acronym-like word, so that "Regien" + "van
/// Adrichem" is not read as an affiliation.
fn affiliation_from(text: &str, tokens: &[Token], mut k: usize, strict: bool) -> Option<String> {
    let mut article = false;
    if tokens
        .get(k)
        .is_some_and(|t| ARTICLES.iter().any(|a| t.is(text, a)))
    {
        article = true;
        k += 1;
    }
    let end = rules::title_end(text, tokens, k);
    if end == k || tokens[k].after_blank_line() {
        return None;
    }
    let single = &tokens[k];
    let acronym_like =
        is_acronym(single.text(text)) || single.text(text).chars().any(|c| c.is_ascii_digit());
    if strict && !article && end - k < 2 && !acronym_like {
        return None;
    }
    text.get(tokens[k].start..tokens[end - 1].end)
        .map(collapse_whitespace)
}

/// A deal's canonical name or an organisation's acronym where known.
fn canonical_affiliation(affiliation: &str, org_aliases: &BTreeMap<String, String>) -> String {
    rules::canonical_deal(affiliation)
        .or_else(|| org_aliases.get(&affiliation.to_lowercase()).cloned())
        .unwrap_or_else(|| affiliation.to_owned())
}

// ---------------------------------------------------------------------------
// Organisations.

/// Groups organisation mentions; returns the groups and the alias map
/// (lowercased acronym or expansion → canonical acronym).
fn resolve_organisations(
    text: &str,
    tokens: &[Token],
    mentions: &[&Mention],
    taken: &[Range<usize>],
) -> (Vec<Group>, BTreeMap<String, String>) {
    let mut aliases: BTreeMap<String, String> = BTreeMap::new();
    let pairs = acronym_pairs(text, tokens);
    for pair in &pairs {
        aliases
            .entry(pair.expansion.to_lowercase())
            .or_insert_with(|| pair.acronym.clone());
        aliases
            .entry(pair.acronym.to_lowercase())
            .or_insert_with(|| pair.acronym.clone());
    }

    // Each mention as (span, surface, key): the key is the acronym when the
    // mention carries one ("Vereniging van Nederlandse Gemeenten (VNG)").
    let mut items: Vec<(Range<usize>, String, String)> = Vec::new();
    for m in mentions {
        let (stripped, offset) = strip_article(&m.text);
        let surface = collapse_whitespace(stripped);
        if surface.is_empty() {
            continue;
        }
        let span = if text.get(m.span.clone()) == Some(m.text.as_str()) {
            (m.span.start + offset).min(m.span.end)..m.span.end
        } else {
            m.span.clone()
        };
        let mut key = surface.clone();
        if let Some((outer, inner)) = surface.strip_suffix(')').and_then(|s| s.split_once(" (")) {
            let outer_words: Vec<&str> = outer.split_whitespace().collect();
            if is_acronym(inner) && spells_out(&outer_words, inner) {
                aliases
                    .entry(outer.to_lowercase())
                    .or_insert_with(|| inner.to_owned());
                key = inner.to_owned();
            } else if is_acronym(outer) {
                aliases
                    .entry(inner.to_lowercase())
                    .or_insert_with(|| outer.to_owned());
                key = outer.to_owned();
            }
        }
        items.push((span, surface, key));
    }

    // "UFS" and "Urban Futures Studio" in one session, never defined: join
    // them when the initials fit exactly one multi-word name.
    let acronyms: Vec<&str> = items
        .iter()
        .map(|(_, _, k)| k.as_str())
        .filter(|k| is_acronym(k))
        .collect();
    let mut spelled: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (_, _, key) in &items {
        let words: Vec<&str> = key.split_whitespace().collect();
        if words.len() < 2 || aliases.contains_key(&key.to_lowercase()) {
            continue;
        }
        let letters = initials(words.iter().copied());
        if let Some(acr) = acronyms
            .iter()
            .find(|a| acronym_letters(a) == letters && letters.len() >= 2)
        {
            if spells_out(&words, acr) {
                let names = spelled.entry((*acr).to_owned()).or_default();
                if !names.contains(&key.to_lowercase()) {
                    names.push(key.to_lowercase());
                }
            }
        }
    }
    for (acr, names) in spelled {
        if let [name] = names.as_slice() {
            aliases.entry(name.clone()).or_insert_with(|| acr.clone());
            aliases.entry(acr.to_lowercase()).or_insert(acr);
        }
    }

    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for (span, surface, key) in items {
        let canonical = aliases.get(&key.to_lowercase()).cloned().unwrap_or(key);
        groups
            .entry(canonical.to_lowercase())
            .or_insert_with(|| Group::new(MentionKind::Organisation, canonical))
            .mentions
            .push((span, surface));
    }
    // A definition the tagger missed still belongs to an organisation it found.
    for pair in &pairs {
        if let Some(group) = groups.get_mut(&pair.acronym.to_lowercase()) {
            for (span, surface) in [
                (&pair.acronym_span, &pair.acronym),
                (&pair.expansion_span, &pair.expansion),
            ] {
                if !overlaps_any(taken, span) {
                    group.mentions.push((span.clone(), surface.clone()));
                }
            }
        }
    }
    (groups.into_values().collect(), aliases)
}

// ---------------------------------------------------------------------------
// Deals.

/// Bare names of `deals` ("Ruimte voor Lopen" for "City Deal Ruimte voor
/// Lopen") where the text uses them outside the deals' own mentions. Names
/// of one word are skipped ("Woondeal Groningen" would make every
/// "Groningen" a deal); matching is case-sensitive and on word boundaries.
pub fn find_deal_aliases(text: &str, deals: &[ResolvedEntity]) -> Vec<Mention> {
    let mut own: Vec<Range<usize>> = deals
        .iter()
        .filter(|d| d.kind == MentionKind::Deal)
        .flat_map(|d| d.mentions.iter().cloned())
        .collect();
    own.sort_by_key(|s| (s.start, s.end));
    let mut found: Vec<Mention> = Vec::new();
    for deal in deals.iter().filter(|d| d.kind == MentionKind::Deal) {
        let Some(name) = rules::deal_name_part(&deal.canonical) else {
            continue;
        };
        if name.split_whitespace().count() < 2 {
            continue;
        }
        for (start, _) in text.match_indices(name) {
            let end = start + name.len();
            let free_before = !text[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            let free_after = !text[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            let span = start..end;
            if free_before && free_after && !overlaps_any(&own, &span) {
                found.push(Mention {
                    kind: MentionKind::Deal,
                    span,
                    text: name.to_owned(),
                });
            }
        }
    }
    // Longer names first where two overlap ("Een Slimme Stad" in "Een Slimme
    // Stad Noord").
    found.sort_by(|a, b| {
        (a.span.start, std::cmp::Reverse(a.span.end))
            .cmp(&(b.span.start, std::cmp::Reverse(b.span.end)))
    });
    let mut kept: Vec<Mention> = Vec::new();
    for m in found {
        if kept.last().is_none_or(|k| k.span.end <= m.span.start) {
            kept.push(m);
        }
    }
    kept
}

/// A deal mention's canonical name: from its own text ("City Deal Een Slimme
/// Stad"), or from the sentence before it when it is the second name after a
/// plural ("City Deals X en Zicht op Ondermijning").
fn deal_canonical(text: &str, m: &Mention) -> Option<String> {
    if let Some(c) = rules::canonical_deal(&m.text) {
        return Some(c);
    }
    if text.get(m.span.clone()) != Some(m.text.as_str()) {
        return None;
    }
    // A bounded window keeps this linear; 400 bytes reach any plural head,
    // and 100 after reach the "en Woondeals" that completes "Regio-".
    let mut lo = m.span.start.saturating_sub(400);
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = m.span.end.saturating_add(100).min(text.len());
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    let window = text.get(lo..hi)?;
    rules::find(window)
        .into_iter()
        .find(|r| {
            r.kind == RuleKind::Deal
                && r.span.start + lo == m.span.start
                && r.span.end + lo == m.span.end
        })
        .and_then(|r| r.normalized)
}

fn resolve_deals(text: &str, mentions: &[&Mention], taken: &[Range<usize>]) -> Vec<Group> {
    let named: Vec<(&Mention, Option<String>)> = mentions
        .iter()
        .map(|m| (*m, deal_canonical(text, m)))
        .collect();
    let mut canonicals: Vec<String> = named.iter().filter_map(|(_, c)| c.clone()).collect();
    canonicals.sort();
    canonicals.dedup();
    // "City Deal Impact" (the text went on in lowercase: "Impact
    // ondernemen") is the one longer deal it starts.
    let merged = |c: &str| -> String {
        let longer: Vec<&String> = canonicals
            .iter()
            .filter(|o| o.len() > c.len() && o.starts_with(c) && o[c.len()..].starts_with(' '))
            .collect();
        match (rules::deal_name_part(c), longer.as_slice()) {
            (Some(_), [one]) => (*one).clone(),
            _ => c.to_owned(),
        }
    };
    let by_name = |bare: &str| -> Option<String> {
        canonicals
            .iter()
            .find(|c| rules::deal_name_part(c).is_some_and(|n| n.eq_ignore_ascii_case(bare)))
            .cloned()
    };

    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut add = |canonical: String, span: Range<usize>, surface: String| {
        groups
            .entry(canonical.to_lowercase())
            .or_insert_with(|| Group::new(MentionKind::Deal, canonical))
            .mentions
            .push((span, surface));
    };
    for (m, canonical) in &named {
        let (stripped, _) = strip_article(&m.text);
        let surface = collapse_whitespace(stripped);
        let canonical = match canonical {
            Some(c) => merged(c),
            None => by_name(&surface).map_or_else(|| surface.clone(), |c| merged(&c)),
        };
        add(canonical, m.span.clone(), surface);
    }
    let draft: Vec<ResolvedEntity> = groups
        .values()
        .map(|g| ResolvedEntity {
            kind: MentionKind::Deal,
            canonical: g.canonical.clone(),
            mentions: g.mentions.iter().map(|(s, _)| s.clone()).collect(),
            surface_forms: Vec::new(),
            affiliation: None,
            role: None,
        })
        .collect();
    for alias in find_deal_aliases(text, &draft) {
        if overlaps_any(taken, &alias.span) {
            continue;
        }
        if let Some(canonical) = by_name(&alias.text) {
            let key = merged(&canonical).to_lowercase();
            if let Some(g) = groups.get_mut(&key) {
                g.mentions.push((alias.span, alias.text));
            }
        }
    }
    groups.into_values().collect()
}

// ---------------------------------------------------------------------------
// Places, other names and values.

fn resolve_by_name(mentions: &[&Mention], kind: MentionKind) -> Vec<Group> {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for m in mentions {
        let surface = collapse_whitespace(strip_article(&m.text).0);
        groups
            .entry(surface.to_lowercase())
            .or_insert_with(|| Group::new(kind, surface.clone()))
            .mentions
            .push((m.span.clone(), surface));
    }
    groups.into_values().collect()
}

fn resolve_values(mentions: &[&Mention], kind: MentionKind) -> Vec<Group> {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for m in mentions {
        let surface = collapse_whitespace(&m.text);
        let canonical = rules::find(&surface)
            .into_iter()
            .find(|r| MentionKind::from(r.kind) == kind && r.span == (0..surface.len()))
            .and_then(|r| r.normalized)
            .unwrap_or_else(|| surface.clone());
        groups
            .entry(canonical.clone())
            .or_insert_with(|| Group::new(kind, canonical))
            .mentions
            .push((m.span.clone(), surface));
    }
    groups.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(text: &str, kind: MentionKind, surface: &str, nth: usize) -> Mention {
        let start = text
            .match_indices(surface)
            .nth(nth)
            .map(|(i, _)| i)
            .expect("surface in text");
        Mention {
            kind,
            span: start..start + surface.len(),
            text: surface.to_owned(),
        }
    }

    fn person(text: &str, surface: &str, nth: usize) -> Mention {
        mention(text, MentionKind::Person, surface, nth)
    }

    fn find_entity<'a>(entities: &'a [ResolvedEntity], surface: &str) -> &'a ResolvedEntity {
        entities
            .iter()
            .find(|e| e.surface_forms.iter().any(|s| s == surface))
            .unwrap_or_else(|| panic!("no entity with surface {surface:?} in {entities:#?}"))
    }

    #[test]
    fn forms_of_address_are_not_part_of_a_name() {
        let text = "Mevrouw Yilmaz (GroenLinks): Dank. Dhr. De Graaf vraagt het ook. \
                    De heer Bakker is er niet. Yilmaz knikt.";
        let mentions = [
            person(text, "Mevrouw Yilmaz", 0),
            person(text, "Dhr. De Graaf", 0),
            person(text, "De heer Bakker", 0),
            person(text, "Yilmaz", 1),
        ];
        let entities = resolve(text, &mentions);
        let names: Vec<(&str, usize)> = entities
            .iter()
            .map(|e| (e.canonical.as_str(), e.mentions.len()))
            .collect();
        assert_eq!(names, [("Yilmaz", 2), ("De Graaf", 1), ("Bakker", 1)]);
    }

    #[test]
    fn splits_dutch_names() {
        let cases = [
            ("Henk Jan Bierling", "Henk Jan", None, "Bierling"),
            ("Martine de Vaan", "Martine", Some("de"), "Vaan"),
            ("Jan-Willem Wesselink", "Jan-Willem", None, "Wesselink"),
            ("Regien van Adrichem", "Regien", Some("van"), "Adrichem"),
            ("Rogier van der Wal", "Rogier", Some("van der"), "Wal"),
            ("Jan in 't Veld", "Jan", Some("in 't"), "Veld"),
            ("Anna op de Beek", "Anna", Some("op de"), "Beek"),
            ("Kees ter Horst", "Kees", Some("ter"), "Horst"),
            ("Ron Sint Nicolaas", "Ron", None, "Sint Nicolaas"),
            ("van Adrichem", "", Some("van"), "Adrichem"),
            ("Martine", "Martine", None, ""),
            ("Jan de", "Jan", None, "de"),
            ("", "", None, ""),
        ];
        for (full, first, infix, last) in cases {
            let parts = split_name(full);
            assert_eq!(
                (
                    parts.first.as_str(),
                    parts.infix.as_deref(),
                    parts.last.as_str()
                ),
                (first, infix, last),
                "{full:?}"
            );
        }
    }

    #[test]
    fn short_forms_join_the_one_full_name() {
        let text = "Frank opent. Moderator Henk Jan Bierling geeft Martine de Vaan het woord. \
                    Henk Jan vraagt door; Martine en De Vaan antwoorden. Frank Reniers sluit af. \
                    Bierling dankt Frank.";
        let mentions = vec![
            person(text, "Frank", 0),
            person(text, "Henk Jan Bierling", 0),
            person(text, "Martine de Vaan", 0),
            person(text, "Henk Jan", 1),
            person(text, "Martine", 1),
            person(text, "De Vaan", 0),
            person(text, "Frank Reniers", 0),
            person(text, "Bierling", 1),
            person(text, "Frank", 2),
        ];
        let entities = resolve(text, &mentions);
        let names: Vec<(&str, usize)> = entities
            .iter()
            .map(|e| (e.canonical.as_str(), e.mentions.len()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("Frank Reniers", 3),
                ("Henk Jan Bierling", 3),
                ("Martine de Vaan", 3)
            ]
        );
        assert_eq!(entities[1].role.as_deref(), Some("moderator"));
    }

    #[test]
    fn ambiguous_first_names_stay_apart() {
        let text = "Jan de Boer en Jan Smit spreken. Jan begint.";
        let mentions = vec![
            person(text, "Jan de Boer", 0),
            person(text, "Jan Smit", 0),
            person(text, "Jan", 2),
        ];
        let canonicals: Vec<String> = resolve(text, &mentions)
            .into_iter()
            .map(|e| e.canonical)
            .collect();
        assert_eq!(canonicals, ["Jan de Boer", "Jan Smit", "Jan"]);
    }

    #[test]
    fn roles_and_affiliations() {
        let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
            ("Moderator Henk Jan Bierling opent.", "Henk Jan Bierling", Some("moderator"), None),
            ("Jan-Willem Wesselink van de City Deal Een Slimme Stad het spits af.", "Jan-Willem Wesselink", None, Some("City Deal Een Slimme Stad")),
            ("Rogier van der Wal van Platform31 herkent dit.", "Rogier van der Wal", None, Some("Platform31")),
            ("Piet Jansen (VNG) zegt.", "Piet Jansen", None, Some("VNG")),
            ("Piet Jansen (wethouder) zegt.", "Piet Jansen", Some("wethouder"), None),
            ("Daarna wethouder Piet Jansen.", "Piet Jansen", Some("wethouder"), None),
            ("Regien van Adrichem, die we welkom heten als kersvers projectleider na de ondertekening.", "Regien van Adrichem", Some("projectleider"), None),
            ("Evan Schaafsma, de communicatieadviseur van Agenda Stad, start.", "Evan Schaafsma", Some("communicatieadviseur"), Some("Agenda Stad")),
            ("Ron Sint Nicolaas, projectleider van de naar eigen zeggen onzichtbare deal.", "Ron Sint Nicolaas", Some("projectleider"), None),
            ("Regien van Adrichem zegt iets.", "Regien", None, None),
            ("Irene Bronsvoort van de Urban Futures Studio stelt zich voor.", "Irene Bronsvoort", None, Some("Urban Futures Studio")),
            ("Anne Smit van de Vereniging van Nederlandse Gemeenten (VNG) spreekt.", "Anne Smit", None, Some("VNG")),
            ("Farida vertelt als alumnus van de Mixed Classroom.", "Farida", None, None),
        ];
        for (text, name, role, affiliation) in cases {
            let mut mentions = vec![person(text, name, 0)];
            if text.contains("(VNG)") {
                mentions.push(mention(text, MentionKind::Organisation, "VNG", 0));
            }
            let entities = resolve(text, &mentions);
            let e = entities
                .iter()
                .find(|e| e.kind == MentionKind::Person)
                .expect("person");
            assert_eq!(
                (e.role.as_deref(), e.affiliation.as_deref()),
                (*role, *affiliation),
                "{text:?}"
            );
        }
    }

    #[test]
    fn truncated_names_are_widened() {
        let text = "Daarna sprak Martine de Vaan. Later zei Martine de Vaan het weer.";
        let start = text.find("Martine de").expect("name");
        let truncated = Mention {
            kind: MentionKind::Person,
            span: start..start + "Martine de".len(),
            text: "Martine de".into(),
        };
        let second = text.rfind("Vaan").expect("name");
        let tail = Mention {
            kind: MentionKind::Person,
            span: second..second + 4,
            text: "Vaan".into(),
        };
        let entities = resolve(text, &[truncated, tail]);
        assert_eq!(entities.len(), 1);
        assert_eq!(entities[0].canonical, "Martine de Vaan");
        assert_eq!(entities[0].mentions.len(), 2);
        // A capitalised sentence opener is not a first name.
        let text = "Volgens de Vries klopt het.";
        let vries = mention(text, MentionKind::Person, "Vries", 0);
        assert_eq!(resolve(text, &[vries])[0].canonical, "Vries");
    }

    #[test]
    fn organisations_join_acronym_and_expansion() {
        let text = "De Vereniging van Nederlandse Gemeenten (VNG) en het ministerie van Economische Zaken en Klimaat (EZK) \
                    spraken. Later zei de VNG iets, en EZK ook. Het NEN en NEN (Nederlands Normalisatie-instituut) ook. \
                    De Urban Futures Studio won; UFS is blij.";
        let org = |s: &str, n: usize| mention(text, MentionKind::Organisation, s, n);
        let mentions = vec![
            org("Vereniging van Nederlandse Gemeenten", 0),
            org("de VNG", 0),
            org("EZK", 1),
            org("Het NEN", 0),
            org("NEN", 1),
            org("Urban Futures Studio", 0),
            org("UFS", 0),
        ];
        let entities = resolve(text, &mentions);
        let summary: Vec<(&str, usize)> = entities
            .iter()
            .map(|e| (e.canonical.as_str(), e.mentions.len()))
            .collect();
        assert_eq!(
            summary,
            vec![("VNG", 3), ("EZK", 3), ("NEN", 2), ("UFS", 2)]
        );
        assert!(entities[0]
            .surface_forms
            .contains(&"Vereniging van Nederlandse Gemeenten".to_owned()));
        assert!(entities[1]
            .surface_forms
            .contains(&"ministerie van Economische Zaken en Klimaat".to_owned()));
    }

    #[test]
    fn acronym_definitions_are_checked() {
        let cases = [
            (
                "de Vereniging van Nederlandse Gemeenten (VNG)",
                Some(("VNG", "Vereniging van Nederlandse Gemeenten")),
            ),
            (
                "het ministerie van Economische Zaken en Klimaat (EZK)",
                Some(("EZK", "ministerie van Economische Zaken en Klimaat")),
            ),
            ("het Ministerie van Binnenlandse Zaken (BZK)", None),
            (
                "VNG (Vereniging van Nederlandse Gemeenten)",
                Some(("VNG", "Vereniging van Nederlandse Gemeenten")),
            ),
            (
                "de Kamer van Koophandel (KvK)",
                Some(("KvK", "Kamer van Koophandel")),
            ),
            (
                "de Rijksdienst voor Ondernemend Nederland (RVO)",
                Some(("RVO", "Rijksdienst voor Ondernemend Nederland")),
            ),
            ("met Mooie Woorden (VNG)", None),
            ("(VNG)", None),
        ];
        for (text, expected) in cases {
            let pairs = acronym_pairs(text, &rules::tokenize(text));
            let got = pairs
                .first()
                .map(|p| (p.acronym.as_str(), p.expansion.as_str()));
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn deal_aliases_join_their_deal() {
        let text = "Martine van de City Deal Ruimte voor Lopen zegt dat Ruimte voor Lopen groeit. \
                    De City Deal Impact ondernemen en de City Deal Impact Ondernemen zijn een.";
        let mentions: Vec<Mention> = rules::find(text).iter().map(Mention::from).collect();
        let entities = resolve(text, &mentions);
        let summary: Vec<(&str, usize)> = entities
            .iter()
            .map(|e| (e.canonical.as_str(), e.mentions.len()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("City Deal Ruimte voor Lopen", 2),
                ("City Deal Impact Ondernemen", 2)
            ]
        );
        assert_eq!(
            entities[0].surface_forms,
            ["City Deal Ruimte voor Lopen", "Ruimte voor Lopen"]
        );
    }

    #[test]
    fn values_resolve_to_normalised_form() {
        let text = "Op 9 maart 2021 en 9-3-2021 kost het € 2,5 mln, ofwel 2.500.000 euro, 12% en 12 procent.";
        let mentions: Vec<Mention> = rules::find(text).iter().map(Mention::from).collect();
        let summary: Vec<(MentionKind, String, usize)> = resolve(text, &mentions)
            .into_iter()
            .map(|e| (e.kind, e.canonical, e.mentions.len()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (MentionKind::Date, "2021-03-09".to_owned(), 2),
                (MentionKind::Money, "2500000".to_owned(), 2),
                (MentionKind::Percent, "12".to_owned(), 2),
            ]
        );
    }

    fn seed() -> Option<String> {
        crate::testdata::seed()
    }

    /// Every whole-word occurrence of the names, longest first, as person
    /// mentions — what a good tagger would give.
    fn seed_people(text: &str) -> Vec<Mention> {
        let mut names = [
            "Henk Jan Bierling",
            "Henk Jan",
            "Jan-Willem Wesselink",
            "Jan-Willem",
            "Martine de Vaan",
            "Martine",
            "Regien van Adrichem",
            "Regien",
            "Frank Reniers",
            "Frank",
            "Marc Noordhoek",
            "Marc",
            "Annefleur Siebenga",
            "Annefleur",
            "Suzanne Potjer",
            "Suzanne",
            "Willemien Vreugdenhil",
            "Willemien",
            "Farida",
            "Anne Kurstjens",
            "Geert Robroek",
            "Geert",
            "Irene Bronsvoort",
            "Irene",
            "Rogier van der Wal",
            "Ron Sint Nicolaas",
            "Ron",
            "Evan Schaafsma",
            "Wendolijn Beukers",
            "Wendolijn",
            "Jurian Strik",
            "Jurian",
            "Celestine",
        ];
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        let mut found: Vec<Mention> = Vec::new();
        for name in names {
            for (start, _) in text.match_indices(name) {
                let end = start + name.len();
                let bounded = !text[..start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                    && !text[end..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_alphanumeric() || c == '-');
                if bounded
                    && !found
                        .iter()
                        .any(|m| m.span.start < end && start < m.span.end)
                {
                    found.push(Mention {
                        kind: MentionKind::Person,
                        span: start..end,
                        text: name.to_owned(),
                    });
                }
            }
        }
        found
    }

    #[test]
    fn seed_report() {
        let Some(text) = seed() else { return };
        let mut mentions = seed_people(&text);
        mentions.extend(rules::find(&text).iter().map(Mention::from));
        for org in [
            "het NEN",
            "het CROW",
            "CROW",
            "de VNG",
            "UFS",
            "Urban Futures Studio",
        ] {
            for (start, _) in text.match_indices(org) {
                if !mentions
                    .iter()
                    .any(|m| m.span.start < start + org.len() && start < m.span.end)
                {
                    mentions.push(Mention {
                        kind: MentionKind::Organisation,
                        span: start..start + org.len(),
                        text: org.to_owned(),
                    });
                }
            }
        }
        let entities = resolve(&text, &mentions);
        let person_of = |surface: &str| find_entity(&entities, surface);
        assert_eq!(person_of("Henk Jan").canonical, "Henk Jan Bierling");
        assert_eq!(person_of("Henk Jan").role.as_deref(), Some("moderator"));
        assert_eq!(person_of("Jan-Willem").canonical, "Jan-Willem Wesselink");
        assert_eq!(
            person_of("Jan-Willem").affiliation.as_deref(),
            Some("City Deal Een Slimme Stad")
        );
        assert_eq!(person_of("Martine").canonical, "Martine de Vaan");
        assert_eq!(
            person_of("Martine").affiliation.as_deref(),
            Some("City Deal Ruimte voor Lopen")
        );
        assert_eq!(person_of("Frank").canonical, "Frank Reniers");
        assert_eq!(person_of("Regien").role.as_deref(), Some("projectleider"));
        assert_eq!(
            person_of("Rogier van der Wal").affiliation.as_deref(),
            Some("Platform31")
        );
        assert_eq!(
            person_of("Evan Schaafsma").role.as_deref(),
            Some("communicatieadviseur")
        );

        let deal = find_entity(&entities, "Ruimte voor Lopen");
        assert_eq!(deal.canonical, "City Deal Ruimte voor Lopen");
        assert_eq!(
            find_entity(&entities, "Een Slimme Stad").canonical,
            "City Deal Een Slimme Stad"
        );
        assert_eq!(
            find_entity(&entities, "City Deal Impact").canonical,
            "City Deal Impact Ondernemen"
        );
        assert_eq!(
            find_entity(&entities, "Zicht op Ondermijning").canonical,
            "City Deal Zicht op Ondermijning"
        );
        assert_eq!(find_entity(&entities, "CROW").mentions.len(), 3);
        assert_eq!(
            find_entity(&entities, "Urban Futures Studio").canonical,
            "UFS"
        );
        assert_eq!(find_entity(&entities, "Regio-").canonical, "Regio Deals");
        for e in &entities {
            eprintln!(
                "{:?}\t{}\t{}\t{:?}\t{:?}",
                e.kind,
                e.canonical,
                e.mentions.len(),
                e.role,
                e.affiliation
            );
        }
    }

    #[test]
    fn never_panics() {
        let odd = "\u{0}😀 Jan (VNG) ’t de\u{301} Vaan (€ City Deal ‘X’ \u{10FFFF}(A";
        let wild = |len: usize| -> Vec<Mention> {
            (0..len + 3)
                .flat_map(|s| [(s, s + 1), (s, s + 5), (s + 7, s), (s, usize::MAX)])
                .flat_map(|(a, b)| {
                    [
                        MentionKind::Person,
                        MentionKind::Organisation,
                        MentionKind::Deal,
                        MentionKind::Money,
                        MentionKind::Misc,
                    ]
                    .map(|kind| Mention {
                        kind,
                        span: a..b,
                        text: odd
                            .get(a.min(odd.len())..b.min(odd.len()))
                            .unwrap_or("x")
                            .to_owned(),
                    })
                })
                .collect()
        };
        let _ = resolve(odd, &wild(odd.len()));
        let _ = resolve("", &wild(4));
        assert!(resolve("", &[]).is_empty());
        let long = "a".repeat(1_000_000);
        let m = Mention {
            kind: MentionKind::Person,
            span: 0..long.len(),
            text: long.clone(),
        };
        assert_eq!(resolve(&long, &[m]).len(), 1);
        let parens = "(VNG) ".repeat(100_000);
        let _ = resolve(&parens, &[]);
        assert_eq!(
            split_name("😀 de"),
            NameParts {
                first: "😀".into(),
                infix: None,
                last: "de".into()
            }
        );
    }
}
