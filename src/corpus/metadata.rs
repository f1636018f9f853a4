//! Session metadata: header lines (front matter or `key: value` lines at the
//! top), and the rules that pick a title and a date from the header, the text
//! or the file name.

use super::SourceFile;
use crate::model::{DateSource, SessionMeta};
use crate::text::dates::{first_full_date, parse_iso_date};
use time::Date;

/// A first line longer than this is a paragraph, not a title.
const MAX_TITLE_CHARS: usize = 200;

/// How far into the text a session date is looked for: dates further down
/// are usually about something else ("sinds 18 december").
const DATE_LINES: usize = 5;
const DATE_CHARS: usize = 1000;

/// The recognised header fields; other front-matter keys are ignored.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Header {
    pub title: Option<String>,
    pub date: Option<String>,
    pub series: Option<String>,
}

/// A file's text after markup removal, with what the format told about it.
#[derive(Debug)]
pub struct Content {
    pub text: String,
    pub header: Header,
    /// A title from the markup (a Markdown heading, an HTML `<title>`).
    pub title: Option<String>,
}

#[derive(Clone, Copy)]
enum Field {
    Title,
    Date,
    Series,
}

fn field(key: &str) -> Option<Field> {
    match key.trim().to_lowercase().as_str() {
        "titel" | "title" => Some(Field::Title),
        "datum" | "date" => Some(Field::Date),
        "reeks" | "series" => Some(Field::Series),
        _ => None,
    }
}

impl Header {
    fn set(&mut self, field: Field, value: &str) {
        let value = unquote(value.trim());
        if value.is_empty() {
            return;
        }
        let slot = match field {
            Field::Title => &mut self.title,
            Field::Date => &mut self.date,
            Field::Series => &mut self.series,
        };
        slot.get_or_insert_with(|| value.to_string());
    }
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner.trim();
        }
    }
    value
}

/// Splits a header off the start of `text`: YAML-ish front matter between
/// `---` lines, or else plain `titel:`/`datum:`/`reeks:` lines at the very
/// top. Returns the header and the rest of the text.
pub fn split_header(text: &str) -> (Header, &str) {
    if let Some(split) = front_matter(text) {
        return split;
    }
    let mut header = Header::default();
    let mut rest = text;
    let mut found = false;
    loop {
        let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
        let line = line.trim();
        if line.is_empty() && !found {
            // Blank lines before the first header line are allowed.
            if after.is_empty() {
                break;
            }
            rest = after;
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            break;
        };
        let Some(f) = field(key) else { break };
        if value.trim().is_empty() {
            break;
        }
        header.set(f, value);
        found = true;
        rest = after;
    }
    if found {
        (header, rest)
    } else {
        (Header::default(), text)
    }
}

fn front_matter(text: &str) -> Option<(Header, &str)> {
    let (first, mut rest) = text.trim_start_matches('\n').split_once('\n')?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut header = Header::default();
    loop {
        let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((header, after));
        }
        if after.is_empty() && rest.is_empty() {
            return None;
        }
        let indented = line.starts_with([' ', '\t']);
        let yaml_like =
            trimmed.is_empty() || indented || trimmed.starts_with('#') || trimmed.starts_with("- ");
        match trimmed.split_once(':') {
            Some((key, value)) if !indented && is_yaml_key(key) => {
                if let Some(f) = field(key) {
                    header.set(f, value);
                }
            }
            // A Markdown horizontal rule followed by prose is no front matter.
            _ if !yaml_like => return None,
            _ => {}
        }
        rest = after;
    }
}

fn is_yaml_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 64
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | '.'))
}

/// Decides title, date and series for a session.
pub fn session_meta(
    file: &SourceFile,
    content: &Content,
    warnings: &mut Vec<String>,
) -> SessionMeta {
    let found_title = content
        .header
        .title
        .clone()
        .or_else(|| content.title.clone().filter(|t| !t.is_empty()))
        .or_else(|| first_line_title(&content.text));
    // A title made from the file name must not pass off its date as a date
    // from the text.
    let title_date = found_title.as_deref().and_then(first_full_date);
    let title = found_title.unwrap_or_else(|| file_stem(&file.id).to_string());

    let header_date = content.header.date.as_deref().and_then(|value| {
        let date = header_date(value);
        if date.is_none() {
            warnings.push(format!("unrecognised date in header: {value:?}"));
        }
        date
    });
    let (date, date_source) = if let Some(date) = header_date {
        (Some(date), DateSource::FrontMatter)
    } else if let Some(date) = title_date.or_else(|| text_date(&content.text)) {
        (Some(date), DateSource::Text)
    } else if let Some(date) = file_name_date(file_stem(&file.id)) {
        (Some(date), DateSource::FileName)
    } else {
        // Said, not only shown as "----------": a date is how reports
        // order and filter sessions, and the user can add one.
        warnings.push(
            "no session date found (front matter `date:`, title, first lines or a \
             YYYY-MM-DD file name); the session is indexed without a date"
                .to_string(),
        );
        (None, DateSource::Unknown)
    };

    SessionMeta {
        id: file.id.clone(),
        path: file.path.display().to_string(),
        title,
        date,
        date_source,
        series: content
            .header
            .series
            .clone()
            .unwrap_or_else(|| file.series.clone()),
        format: file.format,
    }
}

fn file_stem(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
}

fn first_line_title(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    (line.chars().count() < MAX_TITLE_CHARS).then(|| line.to_string())
}

/// ISO ("2021-03-09", also with a time after it) or Dutch ("9 maart 2021").
fn header_date(value: &str) -> Option<Date> {
    let value = value.trim();
    parse_iso_date(value)
        .or_else(|| {
            let (day, time) = (value.get(..10)?, value.get(10..)?);
            time.starts_with(['T', ' '])
                .then(|| parse_iso_date(day))
                .flatten()
        })
        .or_else(|| first_full_date(value))
}

/// A full date in the first few non-empty lines of the text.
fn text_date(text: &str) -> Option<Date> {
    let mut end = 0;
    for line in text
        .split('\n')
        .filter(|l| !l.trim().is_empty())
        .take(DATE_LINES)
    {
        end = line.as_ptr() as usize - text.as_ptr() as usize + line.len();
        if end >= DATE_CHARS {
            break;
        }
    }
    let mut limit = end.min(DATE_CHARS);
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    first_full_date(&text[..limit])
}

/// "2021-03-09-koffieleut", "sessie_2021_03_09", "20210309 verslag",
/// "9 maart 2021".
pub fn file_name_date(stem: &str) -> Option<Date> {
    let dashed = stem.replace('_', "-");
    if let Some(date) = first_full_date(&dashed) {
        return Some(date);
    }
    let bytes = stem.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i - start == 8 {
            let digits = &stem[start..i];
            let iso = format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]);
            if let Some(date) = parse_iso_date(&iso) {
                return Some(date);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceFormat;
    use time::macros::date;

    fn header(title: Option<&str>, date: Option<&str>, series: Option<&str>) -> Header {
        Header {
            title: title.map(str::to_string),
            date: date.map(str::to_string),
            series: series.map(str::to_string),
        }
    }

    #[test]
    fn splits_headers() {
        let cases = [
            (
                "---\ntitel: Koffieleut\ndatum: 2021-03-09\nauteur: Henk\ntags:\n  - cop\n---\nTekst",
                header(Some("Koffieleut"), Some("2021-03-09"), None),
                "Tekst",
            ),
            (
                "---\r\nTitle: \"Met quotes\"\r\n...\nTekst",
                header(Some("Met quotes"), None, None),
                "Tekst",
            ),
            (
                "\nTitel: Kop\nDATUM: 9 maart 2021\nReeks: CoP\n\nTekst\ndatum: niet meer",
                header(Some("Kop"), Some("9 maart 2021"), Some("CoP")),
                "\nTekst\ndatum: niet meer",
            ),
            ("Tekst\ntitel: laat", Header::default(), "Tekst\ntitel: laat"),
            (
                "---\nDit is een alinea na een lijn.\n---\nmeer",
                Header::default(),
                "---\nDit is een alinea na een lijn.\n---\nmeer",
            ),
            ("---\ntitel: nooit gesloten", Header::default(), "---\ntitel: nooit gesloten"),
            ("Vraag: hoe nu?\nTekst", Header::default(), "Vraag: hoe nu?\nTekst"),
            ("titel:\nTekst", Header::default(), "titel:\nTekst"),
            ("", Header::default(), ""),
        ];
        for (text, expected, rest) in cases {
            assert_eq!(split_header(text), (expected, rest), "{text:?}");
        }
    }

    #[test]
    fn file_name_dates() {
        let cases = [
            ("2021-03-09-koffieleut", Some(date!(2021 - 03 - 09))),
            ("sessie_2021_03_09", Some(date!(2021 - 03 - 09))),
            ("20210309 verslag", Some(date!(2021 - 03 - 09))),
            ("verslag-9-3-2021", Some(date!(2021 - 03 - 09))),
            ("9 maart 2021", Some(date!(2021 - 03 - 09))),
            ("20211309", None),
            ("123456789", None),
            ("koffieleut", None),
        ];
        for (stem, expected) in cases {
            assert_eq!(file_name_date(stem), expected, "{stem:?}");
        }
    }

    /// Header, markup title, text; expected title, date and date source.
    type Case = (
        Header,
        Option<&'static str>,
        String,
        &'static str,
        Option<Date>,
        DateSource,
    );

    #[test]
    fn chooses_title_and_date() {
        let file = SourceFile {
            path: "a/2020-01-02-x.txt".into(),
            id: "a/2020-01-02-x".to_string(),
            series: "a".to_string(),
            format: SourceFormat::Text,
        };
        let long_line = "lang ".repeat(50);
        let cases: Vec<Case> = vec![
            (
                header(Some("Kop"), Some("2021-03-09T10:00:00+01:00"), None),
                None,
                "Tekst van 9 maart 2022".to_string(),
                "Kop",
                Some(date!(2021 - 03 - 09)),
                DateSource::FrontMatter,
            ),
            (
                header(None, Some("dinsdag 9 maart 2021"), None),
                Some("Markup-titel"),
                "Tekst".to_string(),
                "Markup-titel",
                Some(date!(2021 - 03 - 09)),
                DateSource::FrontMatter,
            ),
            (
                Header::default(),
                None,
                "Sessie 14-1-2021\n\nOp dinsdag 9 maart 2021".to_string(),
                "Sessie 14-1-2021",
                Some(date!(2021 - 01 - 14)),
                DateSource::Text,
            ),
            (
                Header::default(),
                None,
                format!("{long_line}\n\nOp dinsdag 9 maart 2021"),
                "2020-01-02-x",
                Some(date!(2021 - 03 - 09)),
                DateSource::Text,
            ),
            (
                Header::default(),
                None,
                "a\nb\nc\nd\ne\nOp dinsdag 9 maart 2021".to_string(),
                "a",
                Some(date!(2020 - 01 - 02)),
                DateSource::FileName,
            ),
            (
                header(None, Some("morgen"), None),
                None,
                "Tekst".to_string(),
                "Tekst",
                Some(date!(2020 - 01 - 02)),
                DateSource::FileName,
            ),
        ];
        for (header, title, text, want_title, want_date, want_source) in cases {
            let content = Content {
                text,
                header,
                title: title.map(str::to_string),
            };
            let mut warnings = Vec::new();
            let meta = session_meta(&file, &content, &mut warnings);
            assert_eq!(meta.title, want_title, "{content:?}");
            assert_eq!(
                (meta.date, meta.date_source),
                (want_date, want_source),
                "{content:?}"
            );
            assert_eq!(meta.series, "a");
            if content.header.date.as_deref() == Some("morgen") {
                assert_eq!(warnings, vec!["unrecognised date in header: \"morgen\""]);
            }
        }
        let unknown = SourceFile {
            id: "x".to_string(),
            ..file
        };
        let content = Content {
            text: "Tekst".to_string(),
            header: header(None, None, Some("Webinars")),
            title: None,
        };
        let meta = session_meta(&unknown, &content, &mut Vec::new());
        assert_eq!((meta.date, meta.date_source), (None, DateSource::Unknown));
        assert_eq!(meta.series, "Webinars");
    }
}
