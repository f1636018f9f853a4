//! Commitments (toezeggingen) in one passage of Dutch minutes.
//!
//! Pure: a passage in, the commitments it states out. Each sentence (from
//! [`crate::text::sentences`]) gives at most one commitment, from the first
//! of these patterns that matches, case-insensitively, on whole words:
//! * `ik zeg (u / de commissie) toe (dat …)`, `dat zeg ik toe`;
//! * `X zegt / zeggen / zegde (de commissie) toe (dat / om …)`;
//! * `ik beloof …`, `X belooft / beloofde (om / dat) …`;
//! * `de toezegging (is) dat …`, `toezegging: …` (singular only: "de
//!   toezeggingen genoteerd" is a recap, and `zonder toezegging` is none);
//! * `kom(t/en) … (er/daar)op terug`, `… zal daarop terugkomen`; the text is
//!   the whole sentence;
//! * `ik / het college / de wethouder zal … informeren / sturen / zorgen …`,
//!   only when the sentence also states a deadline.
//!
//! Questions (a sentence ending in `?`) and negated promises (`ik zeg niet
//! toe`) are never commitments. A bare `Dat zeg ik toe.` takes its deadline
//! from the next sentence when it has none itself, because the promise is
//! spelled out there ("Dat zeg ik toe. … dus voor de zomer van 2024.").

use std::ops::Range;

/// One commitment found in a passage.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Commitment {
    /// The promise itself: the clause after "toe dat", "belooft", … ("ik de
    /// commissie voor de zomer een notitie stuur over …"), trimmed, without
    /// the final full stop. The whole sentence for "kom ik op terug",
    /// "zal … sturen" and bare "Dat zeg ik toe".
    pub text: String,
    /// Byte range of the whole sentence in the passage.
    pub sentence: Range<usize>,
    /// Who commits, as written, when the sentence says so ("De wethouder",
    /// "Wouter", "het college"); `None` for first-person commitments (the
    /// caller fills in the turn's speaker) and when the subject is unclear.
    pub by: Option<String>,
    /// The deadline as written, when stated ("voor de zomer", "in april",
    /// "binnen twee weken", "vóór de begrotingsbehandeling").
    pub deadline: Option<String>,
    /// True for "ik" and "we"/"wij": the speaker of the turn commits.
    pub first_person: bool,
}

/// The commitments in `passage`, in order. Never panics.
pub fn detect(passage: &str) -> Vec<Commitment> {
    detect_in(passage, &crate::text::sentences(passage))
}

/// [`detect`] with the passage's sentences ([`crate::text::sentences`])
/// already split, when the caller needs them for more than this.
pub fn detect_in(passage: &str, ranges: &[Range<usize>]) -> Vec<Commitment> {
    let mut out = Vec::new();
    for (n, range) in ranges.iter().enumerate() {
        let Some(sentence) = passage.get(range.clone()) else {
            continue;
        };
        let Some(found) = detect_sentence(sentence) else {
            continue;
        };
        let ws = words(sentence);
        let mut deadline = found
            .text
            .clone()
            .and_then(|r| find_deadline(sentence, &ws, r.start))
            .or_else(|| find_deadline(sentence, &ws, 0));
        if deadline.is_none() && found.bare {
            deadline = ranges
                .get(n + 1)
                .and_then(|next| passage.get(next.clone()))
                .filter(|next| !is_question(next))
                .and_then(|next| find_deadline(next, &words(next), 0));
        }
        let text = match found.text {
            Some(r) => clean(&sentence[r]),
            None => clean(sentence),
        };
        // "Ze beloofde …": the person the previous sentence names, when it
        // names exactly one; never the pronoun itself.
        let by = match found.by {
            Some(by) if is_third_person_pronoun(&by) => n
                .checked_sub(1)
                .and_then(|p| ranges.get(p))
                .and_then(|p| passage.get(p.clone()))
                .and_then(only_person_named),
            by => by,
        };
        out.push(Commitment {
            text,
            sentence: range.clone(),
            by,
            deadline,
            first_person: found.first_person,
        });
    }
    out
}

/// A word of a sentence: its lower-cased form and byte range.
struct Word {
    lower: String,
    range: Range<usize>,
}

/// Maximal runs of alphanumeric characters.
fn words(s: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                out.push(Word {
                    lower: s[b..i].to_lowercase(),
                    range: b..i,
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(b) = start {
        out.push(Word {
            lower: s[b..].to_lowercase(),
            range: b..s.len(),
        });
    }
    out
}

/// What a pattern found in one sentence.
struct Found {
    /// Byte range of the promise within the sentence; `None`: whole sentence.
    text: Option<Range<usize>>,
    by: Option<String>,
    first_person: bool,
    /// "Dat zeg ik toe": the promise is in the surrounding sentences.
    bare: bool,
}

fn is_question(sentence: &str) -> bool {
    sentence
        .trim_end()
        .trim_end_matches(|c: char| "\"'’”)]»".contains(c))
        .ends_with('?')
}

/// Every pattern below needs one of these as (part of) a word: "toe"
/// (zeg … toe, toezegging), "belo" (beloof, belooft, beloven …), "terug"
/// and "zal". Most sentences have none, and are skipped before they are
/// split into lower-cased words. Matching ASCII case-insensitively is
/// exact here: no other character lower-cases to these letters.
fn may_commit(s: &str) -> bool {
    let bytes = s.as_bytes();
    // One pass over the bytes instead of one per trigger: only `t`, `b`
    // and `z` (either case) can start a trigger, and `| 0x20` maps exactly
    // those two bytes each to the lower-case letter.
    (0..bytes.len()).any(|i| {
        let rest = &bytes[i..];
        let starts = |t: &[u8]| rest.len() >= t.len() && rest[..t.len()].eq_ignore_ascii_case(t);
        match bytes[i] | 0x20 {
            b't' => starts(b"toe") || starts(b"terug"),
            b'b' => starts(b"belo"),
            b'z' => starts(b"zal"),
            _ => false,
        }
    })
}

/// [`may_commit`] as first written, one scan per trigger: the reference
/// the single-pass scan is tested against.
#[cfg(test)]
fn may_commit_reference(s: &str) -> bool {
    const TRIGGERS: &[&[u8]] = &[b"toe", b"belo", b"terug", b"zal"];
    let bytes = s.as_bytes();
    TRIGGERS
        .iter()
        .any(|t| bytes.windows(t.len()).any(|w| w.eq_ignore_ascii_case(t)))
}

fn detect_sentence(s: &str) -> Option<Found> {
    if !may_commit(s) || is_question(s) {
        return None;
    }
    let w = words(s);
    zeg_toe(s, &w)
        .or_else(|| belooft(s, &w))
        .or_else(|| toezegging(s, &w))
        .or_else(|| terugkomen(s, &w))
        .or_else(|| zal_met_termijn(s, &w))
}

const NEGATIONS: &[&str] = &["niet", "niets", "geen", "nooit"];
const FIRST_PERSON: &[&str] = &["ik", "we", "wij"];

fn is(w: &[Word], i: usize, options: &[&str]) -> bool {
    w.get(i)
        .is_some_and(|w| options.contains(&w.lower.as_str()))
}

fn negated(w: &[Word], range: Range<usize>) -> bool {
    w.get(range)
        .is_some_and(|ws| ws.iter().any(|x| NEGATIONS.contains(&x.lower.as_str())))
}

/// The promise after word `after`: skips a leading "dat"/"om" (or one a few
/// words on: "belooft de commissie dat"). `None` when nothing follows.
fn clause_after(s: &str, w: &[Word], after: usize) -> Option<Range<usize>> {
    let mut first = after + 1;
    for k in first..(first + 4).min(w.len()) {
        if is(w, k, &["dat", "om"]) {
            first = k + 1;
            break;
        }
    }
    let start = w.get(first)?.range.start;
    Some(start..s.len())
}

/// The subject before word `verb`, as written, when the sentence (or the
/// part after its last comma) starts with it and it is short.
fn subject_before(s: &str, w: &[Word], verb: usize) -> Option<String> {
    // "Jan Pieter antwoordde dat … en beloofde haar …": the verb shares
    // the subject of the sentence, a name at its start.
    if verb > 2 && w[verb - 1].lower == "en" {
        return sentence_subject(s, w, verb);
    }
    let end = w.get(verb)?.range.start;
    let head = &s[..end];
    let head = head.rsplit([',', ';', ':']).next().unwrap_or(head).trim();
    // A long subject is a person with their organisation, or no subject.
    let head = without_affiliation(head);
    let n = words(head).len();
    if n == 0 || n > 6 {
        return None;
    }
    Some(
        head.trim_matches(|c: char| !c.is_alphanumeric())
            .to_string(),
    )
    .filter(|h| !h.is_empty())
}

fn is_third_person_pronoun(subject: &str) -> bool {
    ["hij", "zij", "ze"]
        .iter()
        .any(|p| subject.eq_ignore_ascii_case(p))
}

/// Lower-case words that may sit inside a person's name ("Jan de Vries").
fn is_name_particle(w: &str) -> bool {
    matches!(
        w,
        "van" | "de" | "der" | "den" | "ter" | "ten" | "te" | "het" | "'t" | "’t"
    )
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// The one name `sentence` mentions: its only run of capitalised words
/// (with particles inside), not counting a capitalised first word that is
/// a stop word ("Dat", "Ze"). `None` when it names nobody or more than one.
fn only_person_named(sentence: &str) -> Option<String> {
    let w = words(sentence);
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let surface = &sentence[w[i].range.clone()];
        let starts = is_capitalised(surface) && !(i == 0 && crate::text::is_stopword(&w[i].lower));
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        loop {
            if w.get(end)
                .is_some_and(|x| is_capitalised(&sentence[x.range.clone()]))
            {
                end += 1;
                continue;
            }
            let mut j = end;
            while w.get(j).is_some_and(|x| is_name_particle(&x.lower)) {
                j += 1;
            }
            if j > end
                && w.get(j)
                    .is_some_and(|x| is_capitalised(&sentence[x.range.clone()]))
            {
                end = j + 1;
                continue;
            }
            break;
        }
        runs.push(i..end);
        i = end;
    }
    match runs.as_slice() {
        [r] => Some(sentence[w[r.start].range.start..w[r.end - 1].range.end].to_string()),
        _ => None,
    }
}

/// A person without their affiliation: "Jan de Vries van de VNG" → "Jan
/// de Vries". A name is capitalised words, optionally particles and one
/// more capitalised word (the surname); an affiliation link ("van",
/// "namens", "uit", "bij") after a whole name starts the organisation. An
/// acronym or more than one capitalised word after the particles is an
/// organisation too ("Jan Mulder van de City Deal …"). Anything else is
/// returned as it is ("De wethouder", "het college").
fn without_affiliation(subject: &str) -> &str {
    let parts: Vec<(usize, &str)> = subject
        .split_whitespace()
        .map(|p| (p.as_ptr() as usize - subject.as_ptr() as usize, p))
        .collect();
    let cap = |k: usize| parts.get(k).is_some_and(|&(_, p)| is_capitalised(p));
    let acronym = |k: usize| {
        parts
            .get(k)
            .is_some_and(|&(_, p)| p.chars().count() >= 2 && p.chars().all(char::is_uppercase))
    };
    let low = |k: usize| {
        parts
            .get(k)
            .map_or(String::new(), |&(_, p)| p.to_lowercase())
    };
    let mut i = 0;
    while cap(i) && !acronym(i) {
        i += 1;
    }
    if i == 0 {
        return subject;
    }
    let mut j = i;
    while is_name_particle(&low(j)) {
        j += 1;
    }
    if j > i && cap(j) && !acronym(j) && !cap(j + 1) {
        i = j + 1;
    }
    if i < parts.len() && matches!(low(i).as_str(), "van" | "namens" | "uit" | "bij") {
        let end = parts[i - 1].0 + parts[i - 1].1.len();
        return subject[..end].trim_end_matches(',');
    }
    subject
}

/// The name a sentence starts with ("Jan Pieter antwoordde …"), when the
/// sentence starts with one and it is followed by a lower-case word (its
/// verb) before word `before`.
fn sentence_subject(s: &str, w: &[Word], before: usize) -> Option<String> {
    let surface = |k: usize| &s[w[k].range.clone()];
    if w.is_empty() || crate::text::is_stopword(&w[0].lower) {
        return None;
    }
    let mut end = 0;
    while end < before
        && (is_capitalised(surface(end)) || (end > 0 && is_name_particle(&w[end].lower)))
    {
        end += 1;
    }
    // The words read must end in a capitalised one and be followed by a verb.
    while end > 0 && !is_capitalised(surface(end - 1)) {
        end -= 1;
    }
    if end == 0 || end >= before || is_capitalised(surface(end)) {
        return None;
    }
    // Only whitespace before the name: the sentence starts with it.
    if !s[..w[0].range.start].trim().is_empty() {
        return None;
    }
    Some(without_affiliation(&s[w[0].range.start..w[end - 1].range.end]).to_string())
}

/// Sorts a subject into (by, first_person).
fn who(subject: Option<String>) -> (Option<String>, bool) {
    match subject {
        Some(s) if FIRST_PERSON.contains(&s.to_lowercase().as_str()) => (None, true),
        Some(s) => (Some(without_affiliation(&s).to_string()), false),
        None => (None, false),
    }
}

/// "ik zeg (u) toe (dat)", "dat zeg ik toe", "de wethouder zegt toe dat".
fn zeg_toe(s: &str, w: &[Word]) -> Option<Found> {
    for (i, word) in w.iter().enumerate() {
        let verb = word.lower.as_str();
        let first = matches!(verb, "zeg");
        let third = matches!(verb, "zegt" | "zeggen" | "zegde" | "zegden");
        if !first && !third {
            continue;
        }
        let Some(toe) = (i + 1..(i + 6).min(w.len())).find(|&k| w[k].lower == "toe") else {
            continue;
        };
        if negated(w, i.saturating_sub(1)..toe) {
            continue;
        }
        let text = clause_after(s, w, toe);
        let bare = text.is_none();
        let (by, first_person) = if first {
            if !(is(w, i.wrapping_sub(1), &["ik"]) || is(w, i + 1, &["ik"])) {
                continue;
            }
            (None, true)
        } else if is(w, i + 1, FIRST_PERSON) {
            (None, true)
        } else {
            who(subject_before(s, w, i))
        };
        return Some(Found {
            text,
            by,
            first_person,
            bare,
        });
    }
    None
}

/// "ik beloof …", "de wethouder belooft (om / dat) …", "dat beloof ik".
fn belooft(s: &str, w: &[Word]) -> Option<Found> {
    for (i, word) in w.iter().enumerate() {
        let verb = word.lower.as_str();
        let first = verb == "beloof";
        let third = matches!(verb, "belooft" | "beloofde" | "beloven" | "beloofden");
        if !first && !third {
            continue;
        }
        if negated(w, i.saturating_sub(1)..(i + 2).min(w.len())) {
            continue;
        }
        let (by, first_person) = if first {
            if !(is(w, i.wrapping_sub(1), &["ik"]) || is(w, i + 1, &["ik"])) {
                continue;
            }
            (None, true)
        } else if is(w, i + 1, FIRST_PERSON) {
            (None, true)
        } else {
            who(subject_before(s, w, i))
        };
        // "Dat beloof ik." has nothing after the subject.
        let after = if is(w, i + 1, &["ik", "we", "wij"]) {
            i + 1
        } else {
            i
        };
        let text = clause_after(s, w, after);
        return Some(Found {
            bare: text.is_none(),
            text,
            by,
            first_person,
        });
    }
    None
}

/// "de toezegging is dat …", "toezegging: …"; not "zonder toezegging".
fn toezegging(s: &str, w: &[Word]) -> Option<Found> {
    let i = w.iter().position(|x| x.lower == "toezegging")?;
    if is(w, i.wrapping_sub(1), &["zonder", "geen"]) {
        return None;
    }
    let colon = w
        .get(i + 1)
        .map_or(&s[w[i].range.end..], |next| {
            &s[w[i].range.end..next.range.start]
        })
        .contains(':');
    let dat = (i + 1..(i + 3).min(w.len())).find(|&k| w[k].lower == "dat");
    let start = match (colon, dat) {
        (true, _) => w.get(i + 1)?.range.start,
        (false, Some(k)) => w.get(k + 1)?.range.start,
        _ => return None,
    };
    let first_person = w[..i].iter().any(|x| x.lower == "ik");
    Some(Found {
        text: Some(start..s.len()),
        by: None,
        first_person,
        bare: false,
    })
}

/// "ik kom daar in april op terug", "we komen erop terug", "de wethouder
/// komt er schriftelijk op terug", "ik zal daarop terugkomen".
fn terugkomen(s: &str, w: &[Word]) -> Option<Found> {
    let end = w
        .iter()
        .position(|x| x.lower == "terug" || x.lower == "terugkomen" || x.lower == "terugkomt")?;
    let (verb, first_person) = if w[end].lower == "terug" {
        let op = end.checked_sub(1)?;
        if !matches!(
            w[op].lower.as_str(),
            "op" | "erop" | "daarop" | "hierop" | "waarop"
        ) {
            return None;
        }
        let verb = (op.saturating_sub(10)..op)
            .rev()
            .find(|&k| matches!(w[k].lower.as_str(), "kom" | "komt" | "komen"))?;
        (verb, w[verb].lower != "komt")
    } else {
        let verb = (end.saturating_sub(8)..end).rev().find(|&k| {
            matches!(
                w[k].lower.as_str(),
                "zal" | "zullen" | "wil" | "ga" | "gaan"
            )
        })?;
        (
            verb,
            w[verb].lower != "zal"
                || is(w, verb + 1, &["ik"])
                || is(w, verb.wrapping_sub(1), &["ik"]),
        )
    };
    if negated(w, verb.saturating_sub(1)..end) {
        return None;
    }
    let (by, first_person) = if first_person
        || is(w, verb + 1, FIRST_PERSON)
        || is(w, verb.wrapping_sub(1), FIRST_PERSON)
    {
        (None, true)
    } else {
        who(subject_before(s, w, verb))
    };
    Some(Found {
        text: None,
        by,
        first_person,
        bare: false,
    })
}

/// "ik zal u in april informeren", "het college zal voor de zomer een notitie
/// sturen"; only with a deadline in the sentence.
fn zal_met_termijn(s: &str, w: &[Word]) -> Option<Found> {
    const VERBS: &[&str] = &[
        "informeren",
        "sturen",
        "toesturen",
        "zenden",
        "toezenden",
        "zorgen",
        "terugkoppelen",
        "rapporteren",
        "aanleveren",
        "beantwoorden",
        "voorleggen",
        "melden",
    ];
    let zal = w.iter().position(|x| x.lower == "zal")?;
    if negated(w, zal..w.len()) {
        return None;
    }
    let (by, first_person) = if is(w, zal.wrapping_sub(1), &["ik"]) || is(w, zal + 1, &["ik"]) {
        (None, true)
    } else {
        let lower = |a: usize, b: usize| -> Option<String> {
            Some(format!("{} {}", w.get(a)?.lower, w.get(b)?.lower))
        };
        let subject = [
            (zal.wrapping_sub(2), zal.wrapping_sub(1)),
            (zal + 1, zal + 2),
        ]
        .into_iter()
        .find(|&(a, b)| matches!(lower(a, b).as_deref(), Some("het college" | "de wethouder")))?;
        (
            Some(s[w[subject.0].range.start..w[subject.1].range.end].to_string()),
            false,
        )
    };
    if !w[zal..].iter().any(|x| VERBS.contains(&x.lower.as_str())) {
        return None;
    }
    find_deadline(s, w, 0)?;
    Some(Found {
        text: None,
        by,
        first_person,
        bare: false,
    })
}

/// Trims, and drops a final full stop.
fn clean(s: &str) -> String {
    let t = s.trim();
    let t = t.strip_suffix('.').unwrap_or(t).trim_end();
    t.trim_start_matches([':', ',', ' ']).to_string()
}

const MONTHS: &[&str] = &crate::text::MONTH_NAMES;
const SEASONS: &[&str] = &[
    "zomer",
    "zomervakantie",
    "zomerreces",
    "voorjaar",
    "najaar",
    "herfst",
    "herfstvakantie",
    "winter",
    "lente",
    "kerst",
    "kerstvakantie",
    "kerstreces",
    "meivakantie",
    "jaarwisseling",
];
const MEETINGS: &[&str] = &[
    "begrotingsbehandeling",
    "voorjaarsnota",
    "kadernota",
    "begroting",
    "raadsvergadering",
    "commissievergadering",
    "behandeling",
];
const NUMBERS: &[&str] = &[
    "een", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "twaalf",
];

fn is_year(x: &str) -> bool {
    x.len() == 4
        && x.bytes().all(|b| b.is_ascii_digit())
        && (x.starts_with("19") || x.starts_with("20"))
}

fn is_day(x: &str) -> bool {
    x.len() <= 2 && x.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

/// The first deadline phrase starting at or after byte `from`, as written.
/// A closing date ("voor de zomer") wins over a starting point ("na de
/// voorjaarsnota") in the same sentence.
fn find_deadline(s: &str, w: &[Word], from: usize) -> Option<String> {
    let found: Vec<(usize, usize)> = (0..w.len())
        .filter(|&i| w[i].range.start >= from)
        .filter_map(|i| deadline_at(w, i).map(|end| (i, end)))
        .collect();
    let (i, end) = found
        .iter()
        .find(|&&(i, _)| w[i].lower != "na")
        .or(found.first())
        .copied()?;
    Some(s[w[i].range.start..w[end].range.end].to_string())
}

/// If a deadline starts at word `i`, the index of its last word.
fn deadline_at(w: &[Word], i: usize) -> Option<usize> {
    let at = |k: usize| w.get(k).map_or("", |x| x.lower.as_str());
    let any = |k: usize, set: &[&str]| set.contains(&at(k));
    // An optional "van 2024" or "in november (2024)" or "van 28 januari".
    let tail = |end: usize| -> usize {
        if at(end + 1) == "van" && is_year(at(end + 2)) {
            end + 2
        } else if any(end + 1, &["in", "van"]) && any(end + 2, MONTHS) {
            if is_year(at(end + 3)) {
                end + 3
            } else {
                end + 2
            }
        } else if at(end + 1) == "van" && is_day(at(end + 2)) && any(end + 3, MONTHS) {
            if is_year(at(end + 4)) {
                end + 4
            } else {
                end + 3
            }
        } else {
            end
        }
    };
    let before = [
        "voor",
        "vóór",
        "uiterlijk",
        "na",
        "in",
        "begin",
        "eind",
        "half",
        "medio",
    ];
    match at(i) {
        p if before.contains(&p) => {
            let by_date = matches!(p, "voor" | "vóór" | "uiterlijk");
            // in april (2024); voor 1 januari 2024
            if any(i + 1, MONTHS) {
                return Some(if is_year(at(i + 2)) { i + 2 } else { i + 1 });
            }
            if by_date && is_day(at(i + 1)) && any(i + 2, MONTHS) {
                return Some(if is_year(at(i + 3)) { i + 3 } else { i + 2 });
            }
            if by_date && at(i + 1) == "de" && is_day(at(i + 2)) && any(i + 3, MONTHS) {
                return Some(if is_year(at(i + 4)) { i + 4 } else { i + 3 });
            }
            // voor de zomer (van 2024); in het najaar; na de zomer
            let k = if any(i + 1, &["de", "het"]) {
                i + 2
            } else {
                i + 1
            };
            if any(k, SEASONS) && (k > i + 1 || p != "voor") {
                return Some(tail(k));
            }
            if p != "in" && k > i + 1 && any(k, MEETINGS) {
                return Some(tail(k));
            }
            // voor de (eerst)volgende vergadering: boards and committees
            // count in meetings rather than months.
            if by_date
                && k > i + 1
                && any(k, &["volgende", "eerstvolgende"])
                && any(
                    k + 1,
                    &[
                        "vergadering",
                        "bijeenkomst",
                        "bestuursvergadering",
                        "commissievergadering",
                    ],
                )
            {
                return Some(k + 1);
            }
            // in het eerste kwartaal (van 2024)
            if any(k, &["eerste", "tweede", "derde", "vierde", "laatste"])
                && at(k + 1) == "kwartaal"
            {
                return Some(tail(k + 1));
            }
            // voor het eind(e) van het jaar / dit jaar / 2023
            if by_date && at(i + 1) == "het" && any(i + 2, &["eind", "einde"]) && at(i + 3) == "van"
            {
                if is_year(at(i + 4)) {
                    return Some(i + 4);
                }
                if any(i + 4, &["het", "dit", "deze"]) && any(i + 5, &["jaar", "maand", "kwartaal"])
                {
                    return Some(i + 5);
                }
            }
            // eind dit jaar, begin volgend jaar
            if any(i, &["eind", "begin"]) && any(i + 1, &["dit", "volgend"]) && at(i + 2) == "jaar"
            {
                return Some(i + 2);
            }
            None
        }
        "volgende" | "deze" | "komende" if any(i + 1, &["week", "maand"]) => Some(i + 1),
        "binnen"
            if (any(i + 1, NUMBERS) || at(i + 1).parse::<u16>().is_ok())
                && any(
                    i + 2,
                    &["week", "weken", "maand", "maanden", "dag", "dagen"],
                ) =>
        {
            Some(i + 2)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(passage: &str) -> Commitment {
        let found = detect(passage);
        assert_eq!(found.len(), 1, "{passage:?} gave {found:#?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn patterns() {
        // (passage, text, by, first_person)
        let cases: &[(&str, &str, Option<&str>, bool)] = &[
            (
                "Ik zeg toe dat ik de commissie voor de zomer een notitie stuur over de kosten.",
                "ik de commissie voor de zomer een notitie stuur over de kosten",
                None,
                true,
            ),
            (
                "Ik zeg u toe dat het stuk er komt.",
                "het stuk er komt",
                None,
                true,
            ),
            (
                "Ik zeg de commissie toe dat we de cijfers delen.",
                "we de cijfers delen",
                None,
                true,
            ),
            (
                "De wethouder zegt toe dat zij de raad informeert.",
                "zij de raad informeert",
                Some("De wethouder"),
                false,
            ),
            (
                "Wethouder Postma zegt toe om de cijfers te delen.",
                "de cijfers te delen",
                Some("Wethouder Postma"),
                false,
            ),
            (
                "Voorzitter, het college zegt de commissie toe dat er een evaluatie komt.",
                "er een evaluatie komt",
                Some("het college"),
                false,
            ),
            (
                "Wouter belooft om de stukken te sturen.",
                "de stukken te sturen",
                Some("Wouter"),
                false,
            ),
            (
                "De wethouder beloofde dat de brief volgende week komt.",
                "de brief volgende week komt",
                Some("De wethouder"),
                false,
            ),
            ("Ik beloof u een antwoord.", "u een antwoord", None, true),
            (
                "De toezegging is dat de raad in april een brief krijgt.",
                "de raad in april een brief krijgt",
                None,
                false,
            ),
            (
                "Ik kom daar in april op terug.",
                "Ik kom daar in april op terug",
                None,
                true,
            ),
            (
                "Daar komen we op terug.",
                "Daar komen we op terug",
                None,
                true,
            ),
            (
                "De wethouder komt erop terug.",
                "De wethouder komt erop terug",
                Some("De wethouder"),
                false,
            ),
            (
                "Het college zal de raad voor de zomer informeren.",
                "Het college zal de raad voor de zomer informeren",
                Some("Het college"),
                false,
            ),
            (
                "Ik zal u binnen twee weken de cijfers sturen.",
                "Ik zal u binnen twee weken de cijfers sturen",
                None,
                true,
            ),
            ("Dat zeg ik toe.", "Dat zeg ik toe", None, true),
            ("Dat beloof ik.", "Dat beloof ik", None, true),
        ];
        for &(passage, text, by, first_person) in cases {
            let c = one(passage);
            assert_eq!(c.text, text, "{passage}");
            assert_eq!(c.by.as_deref(), by, "{passage}");
            assert_eq!(c.first_person, first_person, "{passage}");
            assert_eq!(c.sentence, 0..passage.len(), "{passage}");
        }
    }

    #[test]
    fn committers() {
        // (passage, by): the corpus' own sentences and ones written for this.
        let cases: &[(&str, Option<&str>)] = &[
            // A pronoun is the one person the previous sentence names.
            (
                "Marloes kon dat nog niet zeggen, want de steekproef was daarvoor te klein. \
                 Ze beloofde het mee te nemen in het vervolgonderzoek dat Platform31 in het \
                 najaar start.",
                Some("Marloes"),
            ),
            // … and nobody when it names no one, or more than one.
            (
                "De steekproef was te klein. Ze beloofde het mee te nemen.",
                None,
            ),
            (
                "Marloes en Jan Pieter spraken elkaar. Hij belooft de cijfers te sturen.",
                None,
            ),
            (
                "Ze beloofde het mee te nemen in het vervolgonderzoek.",
                None,
            ),
            // The person, not their organisation.
            (
                "Jan de Vries van de VNG zegt toe dat hij erop terugkomt.",
                Some("Jan de Vries"),
            ),
            (
                "Kees-Jan Verhoef van de VNG belooft de notitie te sturen.",
                Some("Kees-Jan Verhoef"),
            ),
            (
                "Evelien Mulder van de City Deal Gezonde Leefomgeving belooft de notitie te sturen.",
                Some("Evelien Mulder"),
            ),
            (
                "Jan van den Berg belooft de notitie te sturen.",
                Some("Jan van den Berg"),
            ),
            // A second verb shares the sentence's subject.
            (
                "Jan Pieter antwoordde dat daar binnen zijn deal al een werkgroep over \
                 nadenkt en beloofde haar de contactgegevens te sturen.",
                Some("Jan Pieter"),
            ),
        ];
        for &(passage, by) in cases {
            let found = detect(passage);
            assert_eq!(found.len(), 1, "{passage:?} gave {found:#?}");
            assert_eq!(found[0].by.as_deref(), by, "{passage}");
            assert!(!found[0].first_person, "{passage}");
        }
        let c = &detect(
            "Jan Pieter antwoordde dat daar binnen zijn deal al een werkgroep over nadenkt en \
             beloofde haar de contactgegevens te sturen.",
        )[0];
        assert_eq!(c.text, "haar de contactgegevens te sturen");
    }

    #[test]
    fn exclusions() {
        for passage in [
            "De wethouder zegt dat het goed gaat.",
            "Wij denken aan de toekomst van het dorp.",
            "Het toezicht is op orde.",
            "Kan de wethouder toezeggen dat het stuk voor de zomer komt?",
            "Zegt de wethouder toe dat het stuk voor de zomer komt?",
            "Komt de wethouder daarop terug?",
            "Dat gebeurt zonder toezegging van het college.",
            "Er is een aantal toezeggingen genoteerd.",
            "Ik geef toe dat dit niet helder is opgeschreven.",
            "Ik zeg niet toe dat het lukt.",
            "Ik kom er niet op terug.",
            "Ik zal de raad informeren.",
            "Het college zal niet voor de zomer informeren.",
            "Ik zal in april op vakantie gaan.",
            "",
            "   \n\n ",
            "🙂🙂🙂 toe toe zeg?",
        ] {
            assert_eq!(detect(passage), vec![], "{passage:?}");
        }
    }

    #[test]
    fn deadlines() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "Ik beloof dat ik voor de volgende vergadering een overzicht maak.",
                Some("voor de volgende vergadering"),
            ),
            (
                "Ik beloof dat ik na de volgende vergadering iets stuur.",
                None,
            ),
            (
                "Ik zeg toe dat het voor de zomer komt.",
                Some("voor de zomer"),
            ),
            (
                "Ik zeg toe dat het vóór de zomervakantie komt.",
                Some("vóór de zomervakantie"),
            ),
            (
                "Ik zeg toe dat het in het najaar komt.",
                Some("in het najaar"),
            ),
            ("Ik zeg toe dat het in april komt.", Some("in april")),
            (
                "Ik zeg toe dat het voor het eind van het jaar komt.",
                Some("voor het eind van het jaar"),
            ),
            (
                "Ik zeg toe dat het voor het einde van dit jaar komt.",
                Some("voor het einde van dit jaar"),
            ),
            (
                "Ik zeg toe dat het voor 1 januari 2024 komt.",
                Some("voor 1 januari 2024"),
            ),
            (
                "Ik zeg toe dat het volgende week komt.",
                Some("volgende week"),
            ),
            (
                "Ik zeg toe dat het binnen twee weken komt.",
                Some("binnen twee weken"),
            ),
            (
                "Ik zeg toe dat het binnen 3 maanden komt.",
                Some("binnen 3 maanden"),
            ),
            (
                "Ik zeg toe dat het voor de zomer van 2024 komt.",
                Some("voor de zomer van 2024"),
            ),
            (
                "Ik zeg toe dat het in het najaar van 2022 komt.",
                Some("in het najaar van 2022"),
            ),
            (
                "Ik zeg toe dat het vóór de begrotingsbehandeling komt.",
                Some("vóór de begrotingsbehandeling"),
            ),
            ("Ik zeg toe dat het na de zomer komt.", Some("na de zomer")),
            (
                "Ik zeg toe dat het voor de raadsvergadering van 28 januari komt.",
                Some("voor de raadsvergadering van 28 januari"),
            ),
            (
                "Ik zeg toe dat het in het eerste kwartaal van 2025 komt.",
                Some("in het eerste kwartaal van 2025"),
            ),
            ("Ik zeg toe dat het snel komt.", None),
            ("Ik zeg toe dat het voor de raad komt.", None),
            (
                "Ik zeg toe dat ik voor de commissie vorige week iets stuur.",
                None,
            ),
        ];
        for &(passage, deadline) in cases {
            assert_eq!(one(passage).deadline.as_deref(), deadline, "{passage}");
        }
    }

    #[test]
    fn bare_commitment_takes_the_next_sentence_deadline() {
        let passage = "Dat zeg ik toe. Het voorstel komt dus voor de zomer van 2024.";
        let c = one(passage);
        assert_eq!(c.deadline.as_deref(), Some("voor de zomer van 2024"));
        assert_eq!(&passage[c.sentence], "Dat zeg ik toe.");
    }

    #[test]
    fn sentence_ranges_point_into_the_passage() {
        let passage = "Dank u. Dat is helder. Ik zeg toe dat ik in mei antwoord. Tot slot.";
        let c = one(passage);
        assert_eq!(
            &passage[c.sentence.clone()],
            "Ik zeg toe dat ik in mei antwoord."
        );
        assert_eq!(c.deadline.as_deref(), Some("in mei"));
    }

    /// The single-pass trigger scan agrees with one scan per trigger, on
    /// every sentence of the bundled corpus and on generated strings
    /// (near misses, other cases, multi-byte neighbours, string ends).
    #[test]
    fn trigger_scan_equals_the_reference() {
        let mut texts: Vec<String> = Vec::new();
        for text in crate::testdata::corpus_texts() {
            for s in crate::text::sentences(&text) {
                texts.push(text[s].to_string());
            }
        }
        assert!(texts.len() > 100, "corpus/ has sentences");
        let hits = texts.iter().filter(|t| may_commit_reference(t)).count();
        assert!(hits > 0 && hits < texts.len());
        const POOL: &[&str] = &[
            "t", "T", "to", "tO", "e", "E", "erug", "eRUG", "b", "B", "elo", "ELo", "z", "Z", "al",
            "aL", " ", "é", "ô", "\u{0130}", "4", "T\u{301}",
        ];
        let mut random = crate::testdata::xorshift(0x2545_F491_4F6C_DD1D);
        for len in 0..3_000 {
            let s: String = (0..len % 9)
                .map(|_| POOL[(random() % POOL.len() as u64) as usize])
                .collect();
            texts.push(s);
        }
        for t in &texts {
            assert_eq!(may_commit(t), may_commit_reference(t), "{t:?}");
        }
    }

    #[test]
    fn never_panics() {
        let long = "zeg toe ik kom op terug voor de 🙂 ".repeat(3_000);
        assert!(long.len() > 100_000);
        let _ = detect(&long);
        let words = "woord ".repeat(20_000);
        assert!(detect(&words).is_empty());
        for s in [
            "?",
            ".",
            "toe",
            "zeg",
            "Ik zeg",
            "voor",
            "binnen",
            "toezegging",
            "toezegging:",
            "İ zeg toe.",
        ] {
            let _ = detect(s);
        }
    }

    fn corpus(name: &str) -> Vec<Commitment> {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/gemeenteraad-commissie/"
        );
        let text = std::fs::read_to_string(format!("{dir}{name}")).expect("corpus file");
        // One passage per turn body: drop the "Wethouder Postma: " label.
        crate::text::paragraphs(&text)
            .into_iter()
            .flat_map(|p| {
                let para = &text[p];
                let body = para
                    .split_once(": ")
                    .filter(|(label, _)| label.len() < 60)
                    .map_or(para, |(_, body)| body);
                detect(body)
            })
            .collect()
    }

    #[test]
    fn corpus_2021_ruimte_en_wonen() {
        let found = corpus("2021-01-14-commissie-ruimte-en-wonen.txt");
        let got: Vec<(&str, Option<&str>)> = found
            .iter()
            .map(|c| (c.text.as_str(), c.deadline.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "ik de commissie voor de zomer een overzicht stuur van de afspraken per project, zodat u zelf kunt volgen of we op koers liggen",
                    Some("voor de zomer"),
                ),
                (
                    "ik u in april informeer over de uitkomst van de aanvraag",
                    Some("in april"),
                ),
                (
                    "De vraag over energieneutraal bouwen neem ik ook mee; daar kom ik schriftelijk op terug",
                    None,
                ),
                (
                    "ik de commissie in het najaar van 2022 een evaluatie stuur",
                    Some("in het najaar van 2022"),
                ),
                ("Ik kom er deze week schriftelijk op terug", Some("deze week")),
            ]
        );
        assert!(found.iter().all(|c| c.first_person && c.by.is_none()));
    }

    #[test]
    fn corpus_2023_bestuur_en_middelen() {
        let found = corpus("2023-09-28-commissie-bestuur-en-middelen.txt");
        let got: Vec<(&str, Option<&str>)> = found
            .iter()
            .map(|c| (c.text.as_str(), c.deadline.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "ik de commissie voor het eind van het jaar een notitie stuur over eigendom en gebruik van de gegevens, inclusief de manier waarop inwoners hun gegevens kunnen inzien",
                    Some("voor het eind van het jaar"),
                ),
                ("Ik kom daar na dat overleg op terug", None),
                ("Dat zeg ik toe", Some("voor de zomer van 2024")),
                (
                    "Ik zal uw vraag doorgeleiden en zorgen dat u voor de begrotingsbehandeling in november een antwoord heeft",
                    Some("voor de begrotingsbehandeling in november"),
                ),
            ]
        );
        assert!(found.iter().all(|c| c.first_person && c.by.is_none()));
    }
}
