//! Synthetic archives for benchmarks and stress tests: sessions composed
//! from the paragraphs of a real archive (by default the bundled
//! `corpus/`), recombined into narrative reports and speaker-turn minutes
//! with agenda items, spread over series folders and ten years of dates.
//!
//! Deterministic: session `i` depends only on the material, the seed and
//! `i` (its own generator), so the same material, seed and N give
//! byte-identical files, and a larger N only adds files. Sessions are
//! composed and written one at a time; only the material is held.

use crate::corpus;
use crate::error::{Error, Result};
use crate::model::Session;
use crate::text;
use crate::turns;
use std::fs;
use std::path::{Path, PathBuf};

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough to
/// pick paragraphs; not for anything that needs unpredictability.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`; 0 when `n` is 0.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // Multiply-shift instead of modulo: no bias worth mentioning for
        // the small ranges used here, and no division.
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below((hi.saturating_sub(lo) + 1) as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }
}

/// Minutes of a council or committee meeting in the source: its attendee
/// list and its speaker turns, kept together so speakers match attendees.
#[derive(Debug, Clone)]
struct Council {
    attendees: String,
    turns: Vec<String>,
}

/// Paragraphs of a real archive, sorted by kind.
#[derive(Debug, Clone, Default)]
pub struct Material {
    titles: Vec<String>,
    narrative: Vec<String>,
    headings: Vec<String>,
    councils: Vec<Council>,
    agenda_items: Vec<String>,
    series: Vec<String>,
}

/// Paragraphs shorter than this that do not end like a sentence are
/// section headings.
const HEADING_MAX: usize = 80;

impl Material {
    /// Sorts the paragraphs of decoded sessions. Pure.
    pub fn from_sessions(sessions: &[Session]) -> Self {
        let mut m = Material::default();
        for s in sessions {
            let paragraphs: Vec<&str> = text::paragraphs(&s.text)
                .into_iter()
                .map(|r| s.text[r].trim())
                .filter(|p| !p.is_empty())
                .collect();
            if !s.meta.series.is_empty() && !m.series.contains(&s.meta.series) {
                m.series.push(s.meta.series.clone());
            }
            let attendees = paragraphs
                .iter()
                .find(|p| !turns::attendees(p).is_empty())
                .map(|p| p.to_string());
            if let Some(attendees) = attendees {
                let mut council = Council {
                    attendees,
                    turns: Vec::new(),
                };
                for p in &paragraphs {
                    if turns::speaker_label(p).is_some() {
                        council.turns.push(p.to_string());
                    } else if turns::is_agenda_heading(p) {
                        m.agenda_items.push(agenda_item_text(p).to_string());
                    }
                }
                if !council.turns.is_empty() {
                    m.councils.push(council);
                }
                continue;
            }
            m.titles.push(title_without_date(&s.meta.title));
            for p in paragraphs.iter().skip(1) {
                let is_heading = p.len() < HEADING_MAX && !p.ends_with(['.', '?', '!', ':', ';']);
                if is_heading {
                    m.headings.push(p.to_string());
                } else if p.len() >= HEADING_MAX {
                    m.narrative.push(p.to_string());
                }
            }
        }
        m
    }

    /// Reads and sorts every session under `dir`. Files that cannot be
    /// read are returned as errors; the rest is used.
    pub fn read(dir: &Path) -> Result<(Self, Vec<Error>)> {
        let (files, mut errors) = corpus::discover(&[dir.to_path_buf()]);
        let mut sessions = Vec::new();
        for file in &files {
            match corpus::read(file) {
                Ok(s) => sessions.push(s),
                Err(e) => errors.push(e),
            }
        }
        let material = Material::from_sessions(&sessions);
        if material.narrative.is_empty() || material.titles.is_empty() {
            return Err(Error::input(
                dir,
                "no narrative paragraphs to recombine; give an archive of session minutes with --from",
            ));
        }
        Ok((material, errors))
    }
}

/// "Verslag partneroverleg, donderdag 5 december 2019" → "Verslag
/// partneroverleg": the composed session gets a date of its own, and the
/// reader takes the first date of the title.
fn title_without_date(title: &str) -> String {
    let cut = text::dates::find_dates(title, None)
        .into_iter()
        .find(|m| m.precision == text::dates::DatePrecision::Day)
        .map_or(title.len(), |m| m.span.start);
    let mut head = title[..cut].trim_end();
    loop {
        let trimmed = head.trim_end_matches([',', '–', '-', ' ', ':']);
        let without_day = crate::text::WEEKDAY_NAMES
            .iter()
            .find_map(|d| trimmed.strip_suffix(d))
            .unwrap_or(trimmed);
        if without_day.len() == head.len() {
            break;
        }
        head = without_day;
    }
    if head.is_empty() {
        "Verslag".to_string()
    } else {
        head.to_string()
    }
}

/// "Agendapunt 3. Woningbouwprogramma" → "Woningbouwprogramma".
fn agenda_item_text(heading: &str) -> &str {
    let h = heading.trim();
    match h.find(['.', ':']) {
        Some(i) if i < 16 => h[i + 1..].trim(),
        _ => h,
    }
}

/// One composed session: where it goes below the output folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthSession {
    pub relative_path: String,
    pub contents: String,
}

/// Fictional municipalities for the minutes series.
const TOWNS: [&str; 6] = [
    "Lindeveen",
    "Oosterwaard",
    "Bergendal",
    "Schelpwijk",
    "Hoogmeer",
    "Veldhoven-Noord",
];

const COMMITTEES: [&str; 5] = [
    "commissie Ruimte en Wonen",
    "commissie Bestuur en Middelen",
    "commissie Samenleving",
    "commissie Economie en Mobiliteit",
    "gemeenteraad",
];

const PLACES: [&str; 6] = [
    "Den Haag",
    "Utrecht",
    "Rotterdam",
    "Zwolle",
    "Eindhoven",
    "online",
];

/// Session `index` of the archive for `seed`. Pure.
pub fn compose(material: &Material, seed: u64, index: u64) -> SynthSession {
    let mut rng = SplitMix64::new(seed ^ index.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    rng.next_u64();
    let first =
        time::Date::from_calendar_date(2015, time::Month::January, 1).unwrap_or(time::Date::MIN);
    let date = first
        .checked_add(time::Duration::days(rng.below(3652) as i64))
        .unwrap_or(first);
    let minutes = !material.councils.is_empty() && rng.chance(35);
    let (series, title, body) = if minutes {
        compose_minutes(material, &mut rng, date)
    } else {
        compose_report(material, &mut rng, date)
    };
    let markdown = !minutes && rng.chance(15);
    let iso = crate::pipeline::iso_date(date);
    let slug = slug(&title);
    let ext = if markdown { "md" } else { "txt" };
    let relative_path = format!("{series}/{iso}-{slug}-{index:06}.{ext}");
    let contents = if markdown {
        let mut out = format!("---\ntitel: {title}\ndatum: {iso}\n---\n\n# {title}\n\n");
        for p in &body {
            if p.len() < HEADING_MAX && !p.ends_with(['.', '?', '!', ':']) {
                out.push_str("## ");
            }
            out.push_str(p);
            out.push_str("\n\n");
        }
        out
    } else {
        let mut out = format!("{title}\n\n");
        for p in &body {
            out.push_str(p);
            out.push_str("\n\n");
        }
        out
    };
    SynthSession {
        relative_path,
        contents: contents.trim_end().to_string() + "\n",
    }
}

fn dutch_date(date: time::Date) -> String {
    let weekday = crate::text::WEEKDAY_NAMES[usize::from(date.weekday().number_days_from_monday())];
    let month = text::MONTH_NAMES[usize::from(u8::from(date.month())) - 1];
    format!("{weekday} {} {month} {}", date.day(), date.year())
}

fn compose_report(
    material: &Material,
    rng: &mut SplitMix64,
    date: time::Date,
) -> (String, String, Vec<String>) {
    let base = rng
        .pick(&material.series)
        .map_or("verslagen", String::as_str);
    let series = format!("{base}-{}", rng.between(1, 4));
    let title = rng
        .pick(&material.titles)
        .cloned()
        .unwrap_or_else(|| "Verslag".to_string());
    let place = rng.pick(&PLACES).copied().unwrap_or("online");
    let mut body = vec![format!("Bijeenkomst op {}, {place}.", dutch_date(date))];
    // Mostly short reports, some long ones: a skewed length.
    let paragraphs = if rng.chance(15) {
        rng.between(20, 45)
    } else {
        rng.between(4, 14)
    };
    for i in 0..paragraphs {
        if i > 0 && rng.chance(15) {
            if let Some(h) = rng.pick(&material.headings) {
                body.push(h.clone());
            }
        }
        if let Some(p) = rng.pick(&material.narrative) {
            body.push(mutate(p, rng));
        }
    }
    (series, title, body)
}

fn compose_minutes(
    material: &Material,
    rng: &mut SplitMix64,
    date: time::Date,
) -> (String, String, Vec<String>) {
    let town = rng.pick(&TOWNS).copied().unwrap_or("Lindeveen");
    let committee = rng.pick(&COMMITTEES).copied().unwrap_or("gemeenteraad");
    let series = format!("gemeenteraad-{}", slug(town));
    let title = format!(
        "Verslag van de {committee} van de gemeenteraad van {town}, {}",
        dutch_date(date)
    );
    let council = &material.councils[rng.below(material.councils.len() as u64) as usize];
    let mut body = vec![
        format!("Aanvang {}.{:02} uur", rng.between(13, 20), 15 * rng.below(4)),
        council.attendees.clone(),
        "Agendapunt 1. Opening en vaststelling van de agenda".to_string(),
        "De voorzitter: Goedenavond allemaal. Ik open de vergadering; de agenda wordt ongewijzigd vastgesteld.".to_string(),
    ];
    let items = rng.between(2, 6);
    for number in 2..items + 2 {
        let item = rng
            .pick(&material.agenda_items)
            .map_or("Rondvraag", String::as_str);
        body.push(format!("Agendapunt {number}. {item}"));
        for _ in 0..rng.between(2, 7) {
            // Now and then a turn of another meeting, so speakers are not
            // always the same handful.
            let source = if rng.chance(85) {
                council
            } else {
                &material.councils[rng.below(material.councils.len() as u64) as usize]
            };
            if let Some(turn) = rng.pick(&source.turns) {
                body.push(mutate(turn, rng));
            }
        }
    }
    body.push(format!("Agendapunt {}. Sluiting", items + 2));
    body.push("De voorzitter: Ik dank iedereen voor de inbreng en sluit de vergadering.".into());
    (series, title, body)
}

/// Now and then a small change, so sessions are not verbatim copies: two
/// sentences swapped, the last sentence dropped, or the numbers changed.
fn mutate(paragraph: &str, rng: &mut SplitMix64) -> String {
    if !rng.chance(25) {
        return paragraph.to_string();
    }
    let sentences = text::sentences(paragraph);
    // A speaker label must stay at the start of its paragraph.
    let fixed = usize::from(turns::speaker_label(paragraph).is_some());
    match rng.below(3) {
        0 if sentences.len() >= fixed + 2 => {
            let i = fixed + rng.below((sentences.len() - fixed - 1) as u64) as usize;
            let mut parts: Vec<&str> = sentences
                .iter()
                .map(|r| paragraph[r.clone()].trim())
                .collect();
            parts.swap(i, i + 1);
            parts.join(" ")
        }
        1 if sentences.len() >= fixed + 2 => {
            let keep = &sentences[..sentences.len() - 1];
            keep.iter()
                .map(|r| paragraph[r.clone()].trim())
                .collect::<Vec<_>>()
                .join(" ")
        }
        _ => paragraph
            .chars()
            .map(|c| match c.to_digit(10) {
                // Digits shift by one seed-dependent step: amounts and
                // years change, the shape of the number stays.
                Some(d) => char::from_digit((d + 1 + rng.below(8) as u32) % 10, 10).unwrap_or(c),
                None => c,
            })
            .collect(),
    }
}

/// "Verslag van de commissie Ruimte, 14 januari" → "verslag-van-de-commissie-ruimte-14".
fn slug(title: &str) -> String {
    let folded = text::fold(title);
    let words: Vec<String> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "sessie".into()
    } else {
        words.join("-")
    }
}

/// What [`write_archive`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SynthSummary {
    pub files: u64,
    pub bytes: u64,
}

/// Writes `sessions` composed sessions below `out`, one at a time.
/// `out` must be absent or empty unless `force`.
pub fn write_archive(
    material: &Material,
    out: &Path,
    sessions: u64,
    seed: u64,
    force: bool,
    mut written: impl FnMut(u64),
) -> Result<SynthSummary> {
    if !force {
        match fs::read_dir(out) {
            Ok(mut entries) => {
                if entries.next().is_some() {
                    return Err(Error::input(
                        out,
                        "folder is not empty; choose an empty one or pass --force",
                    ));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(out, e)),
        }
    }
    let mut summary = SynthSummary::default();
    let mut made: Option<PathBuf> = None;
    for i in 0..sessions {
        let s = compose(material, seed, i);
        let path = out.join(&s.relative_path);
        if let Some(parent) = path.parent() {
            // Series folders repeat; skip the syscall for the common case.
            if made.as_deref() != Some(parent) {
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                made = Some(parent.to_path_buf());
            }
        }
        fs::write(&path, &s.contents).map_err(|e| Error::io(&path, e))?;
        summary.files += 1;
        summary.bytes += s.contents.len() as u64;
        written(i + 1);
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::SourceFile;
    use crate::model::SourceFormat;

    fn corpus_material() -> Material {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let (m, errors) = Material::read(&dir).expect("bundled corpus");
        assert!(errors.is_empty(), "{errors:?}");
        m
    }

    #[test]
    fn splitmix_is_the_reference_sequence() {
        // First outputs for seed 1234567 from the reference implementation.
        let mut r = SplitMix64::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
        let mut r = SplitMix64::new(7);
        for _ in 0..1000 {
            assert!(r.below(10) < 10);
            let b = r.between(3, 5);
            assert!((3..=5).contains(&b));
        }
        assert_eq!(r.below(0), 0);
    }

    #[test]
    fn same_seed_same_sessions_other_seed_other_sessions() {
        let m = corpus_material();
        let a: Vec<SynthSession> = (0..40).map(|i| compose(&m, 42, i)).collect();
        let b: Vec<SynthSession> = (0..40).map(|i| compose(&m, 42, i)).collect();
        assert_eq!(a, b);
        let c: Vec<SynthSession> = (0..40).map(|i| compose(&m, 43, i)).collect();
        assert_ne!(a, c);
    }

    #[test]
    fn sessions_have_the_shape_of_minutes() {
        let m = corpus_material();
        assert!(!m.councils.is_empty(), "corpus has committee minutes");
        let sessions: Vec<SynthSession> = (0..200).map(|i| compose(&m, 7, i)).collect();
        let mut paths: Vec<&str> = sessions.iter().map(|s| s.relative_path.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), 200, "unique paths");
        let (mut minutes, mut markdown, mut years) = (0, 0, std::collections::BTreeSet::new());
        for s in &sessions {
            let (series, name) = s.relative_path.split_once('/').expect("in a series folder");
            assert!(!series.is_empty());
            years.insert(name[..4].to_string());
            // The reader takes the title, date and text from what we wrote.
            let file = SourceFile {
                path: PathBuf::from(&s.relative_path),
                id: s.relative_path.clone(),
                series: series.to_string(),
                format: if name.ends_with(".md") {
                    markdown += 1;
                    SourceFormat::Markdown
                } else {
                    SourceFormat::Text
                },
            };
            let session = corpus::parse(&file, s.contents.as_bytes()).expect("parses");
            let date = session.meta.date.expect("dated");
            assert_eq!(
                crate::pipeline::iso_date(date),
                name[..10],
                "{}",
                s.relative_path
            );
            let paragraphs = text::paragraphs(&session.text);
            assert!(paragraphs.len() >= 3, "{}", s.contents);
            if s.contents.contains("Aanwezig:") {
                minutes += 1;
                let labels = paragraphs
                    .iter()
                    .filter(|r| turns::speaker_label(&session.text[(*r).clone()]).is_some())
                    .count();
                assert!(labels >= 2, "{}", s.contents);
                assert!(s.contents.contains("Agendapunt 2. "));
            }
        }
        assert!((40..=110).contains(&minutes), "minutes: {minutes}");
        assert!(markdown > 5, "markdown: {markdown}");
        assert!(years.len() >= 8, "{years:?}");
    }

    #[test]
    fn titles_lose_their_dates() {
        for (title, expected) in [
            (
                "Verslag partneroverleg City Deal Een Slimme Stad, donderdag 5 december 2019",
                "Verslag partneroverleg City Deal Een Slimme Stad",
            ),
            (
                "Partneroverleg City Deal Energieke Wijken – 30 november 2021",
                "Partneroverleg City Deal Energieke Wijken",
            ),
            ("Netwerkdag Agenda Stad 2020", "Netwerkdag Agenda Stad 2020"),
            ("9 maart 2021", "Verslag"),
        ] {
            assert_eq!(title_without_date(title), expected);
        }
    }

    #[test]
    fn mutations_change_little_and_keep_labels_first() {
        let mut rng = SplitMix64::new(3);
        let p =
            "Wethouder Postma: Dank voor de vragen. Het tekort is 14,6 miljoen. Ik kom erop terug.";
        let mut changed = 0;
        for _ in 0..200 {
            let m = mutate(p, &mut rng);
            assert!(m.starts_with("Wethouder Postma:"), "{m}");
            if m != p {
                changed += 1;
            }
        }
        assert!((20..120).contains(&changed), "{changed}");
    }

    #[test]
    fn writes_files_and_refuses_a_non_empty_folder() {
        let m = corpus_material();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("synth");
        let summary = write_archive(&m, &out, 12, 5, false, |_| {}).unwrap();
        assert_eq!(summary.files, 12);
        let first = compose(&m, 5, 0);
        assert_eq!(
            fs::read_to_string(out.join(&first.relative_path)).unwrap(),
            first.contents
        );
        let err = write_archive(&m, &out, 1, 5, false, |_| {}).unwrap_err();
        assert!(err.to_string().contains("not empty"), "{err}");
        write_archive(&m, &out, 12, 5, true, |_| {}).unwrap();
    }

    #[test]
    fn material_without_narrative_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = Material::read(dir.path()).unwrap_err();
        assert!(err.to_string().contains("no narrative paragraphs"), "{err}");
    }
}
