//! The archive on disk: finding session files and turning each into a
//! [`Session`] of plain text with metadata (title, date, series).
//!
//! [`discover`] and [`read`] do the I/O; everything after the bytes are in
//! memory ([`parse`]) is pure, so it is tested with byte strings.

mod decode;
mod discover;
mod docx;
mod html;
mod markdown;
mod metadata;
mod parlamint;
mod pdf;
mod xml;

use crate::error::{Error, Result};
use crate::model::{GivenTurn, Session, SourceFormat};
use std::path::PathBuf;

/// A file found by [`discover`], with its stable id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as found (the root given on the command line joined with
    /// the path below it).
    pub path: PathBuf,
    /// Path relative to the root it was found under, without extension,
    /// with `/` separators: `cop-themasessies/2021-03-09-koffieleut`.
    pub id: String,
    /// Folder of the file relative to its root, `/`-separated; "" at the root.
    pub series: String,
    pub format: SourceFormat,
}

/// Walks the given files and folders. Folders are walked recursively in
/// path order; hidden entries, `README*` files, files of other types and
/// the side files of ParlaMint sittings (`-meta.tsv`, `.conllu`, corpus
/// and speaker lists) are skipped. A missing or unreadable path, an
/// explicitly named file of an unsupported type, an `.xml` file that is
/// not TEI and a second file with an id already taken are reported as
/// errors, and the walk goes on.
pub fn discover(paths: &[PathBuf]) -> (Vec<SourceFile>, Vec<Error>) {
    discover::discover(paths)
}

/// Reads and decodes one file into a [`Session`]. A ParlaMint text is
/// read together with its sibling `-meta.tsv`.
pub fn read(file: &SourceFile) -> Result<Session> {
    let bytes = std::fs::read(&file.path).map_err(|e| Error::io(&file.path, e))?;
    if file.format == SourceFormat::ParlamintText {
        let meta_path = parlamint::meta_path(&file.path);
        let meta = std::fs::read(&meta_path).map_err(|e| Error::io(&meta_path, e))?;
        return parse_parlamint_text(file, &bytes, &meta);
    }
    parse(file, &bytes)
}

/// The other file a session is read from, if any: a ParlaMint text's
/// `-meta.tsv`. Whoever reads the bytes itself (the incremental run, which
/// hashes them) must read and hash this one too.
pub fn companion(file: &SourceFile) -> Option<PathBuf> {
    (file.format == SourceFormat::ParlamintText).then(|| parlamint::meta_path(&file.path))
}

/// [`parse`], or [`parse_parlamint_text`] when `companion` holds the bytes
/// of the file [`companion`] names.
pub fn parse_with(file: &SourceFile, bytes: &[u8], companion: Option<&[u8]>) -> Result<Session> {
    match companion {
        Some(meta) if file.format == SourceFormat::ParlamintText => {
            parse_parlamint_text(file, bytes, meta)
        }
        _ => parse(file, bytes),
    }
}

/// Decodes a file's bytes already in memory into a [`Session`]; pure.
/// A ParlaMint text needs its metadata: see [`parse_parlamint_text`].
pub fn parse(file: &SourceFile, bytes: &[u8]) -> Result<Session> {
    let input = |reason: String| Error::input(&file.path, reason);
    let mut warnings = Vec::new();
    let mut turns = Vec::new();
    let content = match file.format {
        SourceFormat::Text | SourceFormat::Markdown | SourceFormat::Html => {
            let decoded = decode::decode(bytes).map_err(input)?;
            warnings = decoded.warnings;
            markup_content(file.format, &decoded.text)
        }
        SourceFormat::Docx => {
            let document = docx::extract(bytes).map_err(input)?;
            warnings = document.warnings;
            metadata::Content {
                text: tidy_paragraphs(&document.text),
                header: metadata::Header::default(),
                title: document.title,
            }
        }
        SourceFormat::Pdf => metadata::Content {
            text: pdf::extract(bytes).map_err(input)?,
            header: metadata::Header::default(),
            title: None,
        },
        SourceFormat::ParlamintTei => {
            let sitting = xml::utf8(bytes)
                .and_then(parlamint::read_tei)
                .map_err(input)?;
            sitting_content(sitting, &mut turns)
        }
        SourceFormat::ParlamintText => {
            return Err(input(
                "a ParlaMint text is read together with its -meta.tsv".to_string(),
            ))
        }
    };
    session(file, content, warnings, turns)
}

/// Reads a ParlaMint `.txt` with the bytes of its `-meta.tsv`; pure.
pub fn parse_parlamint_text(file: &SourceFile, text: &[u8], meta: &[u8]) -> Result<Session> {
    let input = |reason: String| Error::input(&file.path, reason);
    let meta_name = parlamint::meta_path(&file.path).file_name().map_or_else(
        || "-meta.tsv".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let text = decode::decode(text).map_err(input)?;
    let meta = decode::decode(meta).map_err(|r| input(format!("{meta_name}: {r}")))?;
    let mut warnings = text.warnings;
    warnings.extend(meta.warnings.iter().map(|w| format!("{meta_name}: {w}")));
    let mut turns = Vec::new();
    let sitting = parlamint::read_text(&text.text, &meta.text, &meta_name).map_err(input)?;
    let content = sitting_content(sitting, &mut turns);
    session(file, content, warnings, turns)
}

fn markup_content(format: SourceFormat, text: &str) -> metadata::Content {
    let (header, body) = metadata::split_header(text);
    match format {
        SourceFormat::Markdown => {
            let plain = markdown::to_plain(body);
            metadata::Content {
                text: plain.text,
                header,
                title: plain.heading,
            }
        }
        SourceFormat::Html => {
            let page = html::extract(text);
            metadata::Content {
                text: page.text,
                header: metadata::Header::default(),
                title: page.title,
            }
        }
        _ => metadata::Content {
            text: tidy_paragraphs(body),
            header,
            title: None,
        },
    }
}

/// A sitting's own title and date are metadata, as in front matter.
fn sitting_content(sitting: parlamint::Sitting, turns: &mut Vec<GivenTurn>) -> metadata::Content {
    *turns = sitting.turns;
    metadata::Content {
        text: sitting.text,
        header: metadata::Header {
            title: sitting.title,
            date: sitting.date,
            series: None,
        },
        title: None,
    }
}

fn session(
    file: &SourceFile,
    content: metadata::Content,
    mut warnings: Vec<String>,
    turns: Vec<GivenTurn>,
) -> Result<Session> {
    if content.text.is_empty() {
        let reason = match file.format {
            SourceFormat::Text => "no text besides the header",
            SourceFormat::Markdown | SourceFormat::Html => "no text left after removing markup",
            SourceFormat::Docx => "no text in the document",
            SourceFormat::Pdf => "no text in the PDF",
            SourceFormat::ParlamintText | SourceFormat::ParlamintTei => {
                "no speeches in the sitting"
            }
        };
        return Err(Error::input(&file.path, reason));
    }
    let meta = metadata::session_meta(file, &content, &mut warnings);
    Ok(Session {
        meta,
        text: content.text,
        warnings,
        turns,
    })
}

/// Applies the paragraph convention of [`Session::text`]: lines trimmed,
/// paragraphs separated by exactly one blank line, none at either end.
fn tidy_paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_pending = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank_pending = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_pending { "\n\n" } else { "\n" });
        }
        blank_pending = false;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DateSource;
    use time::macros::date;

    fn file(id: &str, format: SourceFormat) -> SourceFile {
        SourceFile {
            path: PathBuf::from(format!("archief/{id}")),
            id: id.to_string(),
            series: "cop".to_string(),
            format,
        }
    }

    #[test]
    fn tidies_paragraphs() {
        let cases = [
            ("  a  \n b\n\n\n\n  c \n", "a\nb\n\nc"),
            ("\n\n a", "a"),
            ("a\n \t \nb", "a\n\nb"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(tidy_paragraphs(input), expected, "{input:?}");
        }
    }

    #[test]
    fn parses_each_format() {
        let txt = parse(
            &file("2021-03-09-x", SourceFormat::Text),
            b"titel: Koffieleut\r\n\r\nEerste alinea\r\nnog een regel\r\n\r\n\r\nTweede",
        )
        .expect("txt");
        assert_eq!(txt.text, "Eerste alinea\nnog een regel\n\nTweede");
        assert_eq!(txt.meta.title, "Koffieleut");
        assert_eq!(txt.meta.date, Some(date!(2021 - 03 - 09)));
        assert_eq!(txt.meta.date_source, DateSource::FileName);
        assert_eq!(txt.meta.series, "cop");
        assert_eq!(txt.meta.path, "archief/2021-03-09-x");

        let md = parse(
            &file("x", SourceFormat::Markdown),
            b"---\ndatum: 2022-05-01\nreeks: Webinars\n---\n# Kop **vet**\nTekst met [link](http://x.nl).",
        )
        .expect("md");
        assert_eq!(md.text, "Kop vet\n\nTekst met link.");
        assert_eq!(md.meta.title, "Kop vet");
        assert_eq!(md.meta.date_source, DateSource::FrontMatter);
        assert_eq!(md.meta.series, "Webinars");

        let html = parse(
            &file("x", SourceFormat::Html),
            b"<title>Sessie | Site</title><p>Op 9 maart 2021 &amp; later.</p>",
        )
        .expect("html");
        assert_eq!(html.text, "Op 9 maart 2021 & later.");
        assert_eq!(html.meta.title, "Sessie");
        assert_eq!(html.meta.date, Some(date!(2021 - 03 - 09)));
        assert_eq!(html.meta.date_source, DateSource::Text);
        assert_eq!(html.meta.format, SourceFormat::Html);
    }

    #[test]
    fn reports_unusable_files_with_path_and_reason() {
        let cases: &[(SourceFormat, &[u8], &str)] = &[
            (SourceFormat::Text, b"", "archief/x: empty file"),
            (
                SourceFormat::Text,
                b"\x00\x01",
                "archief/x: binary file, not text",
            ),
            (
                SourceFormat::Text,
                b"titel: Alleen kop\n",
                "archief/x: no text besides the header",
            ),
            (
                SourceFormat::Html,
                b"<html><script>x()</script></html>",
                "archief/x: no text left after removing markup",
            ),
            (
                SourceFormat::Markdown,
                b"<!-- niets -->\n---\n",
                "archief/x: no text left after removing markup",
            ),
        ];
        for (format, bytes, expected) in cases {
            let err = parse(&file("x", *format), bytes).expect_err("should fail");
            assert_eq!(err.to_string(), *expected);
        }
    }

    #[test]
    fn windows_1252_is_decoded_with_a_warning() {
        let s = parse(&file("x", SourceFormat::Text), b"Ide\xebn\n\nover de stad").expect("ok");
        assert_eq!(s.text, "Ideën\n\nover de stad");
        assert_eq!(s.meta.title, "Ideën");
        assert_eq!(s.warnings[0], "not valid UTF-8; decoded as Windows-1252");
        // The text has no date either, and says so.
        assert!(
            s.warnings[1].starts_with("no session date found"),
            "{:?}",
            s.warnings
        );
        let dated = parse(
            &file("2021-03-09-x", SourceFormat::Text),
            b"Ide\xebn\n\nover",
        )
        .unwrap();
        assert_eq!(dated.warnings.len(), 1, "{:?}", dated.warnings);
    }

    #[test]
    fn read_reports_missing_file() {
        let err = read(&file("bestaat-niet.txt", SourceFormat::Text)).expect_err("missing");
        assert!(err.to_string().starts_with("archief/bestaat-niet.txt: "));
    }

    #[test]
    fn large_single_paragraph_is_read() {
        let big = "woord ".repeat(2_000_000);
        for format in [
            SourceFormat::Text,
            SourceFormat::Markdown,
            SourceFormat::Html,
        ] {
            let s = parse(&file("x", format), big.as_bytes()).expect("big");
            assert_eq!(s.text.len(), big.len() - 1);
        }
    }

    #[test]
    fn seed_session() {
        let candidates = [
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../shared/seeds/cop-themasessie-2021-03-09.txt"
            ),
            "/work/shared/seeds/cop-themasessie-2021-03-09.txt",
        ];
        let Some(path) = candidates.iter().map(PathBuf::from).find(|p| p.is_file()) else {
            eprintln!("seed session not found; skipping ({candidates:?})");
            return;
        };
        let source = SourceFile {
            path,
            id: "cop-themasessie-2021-03-09".to_string(),
            series: String::new(),
            format: SourceFormat::Text,
        };
        let s = read(&source).expect("seed reads");
        assert_eq!(
            s.meta.title,
            "Veel gedeelde vragen tijdens virtuele koffieleut CoP"
        );
        assert_eq!(s.meta.date, Some(date!(2021 - 03 - 09)));
        assert_eq!(s.meta.date_source, DateSource::Text);
        assert!(s.warnings.is_empty());
        assert!(s.text.starts_with("Veel gedeelde vragen"));
        assert!(!s.text.contains("\n\n\n"));
    }

    #[test]
    fn new_formats_parse_from_bytes() {
        let docx = docx::build_docx(
            "<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>Notulen 14 juni 2022</w:t></w:r></w:p>\
             <w:p><w:r><w:t>  Eerste   alinea </w:t><w:br/><w:br/><w:t>Tweede</w:t></w:r></w:p></w:body></w:document>",
            None,
        );
        let s = parse(&file("x", SourceFormat::Docx), &docx).expect("docx");
        assert_eq!(s.text, "Notulen 14 juni 2022\n\nEerste   alinea\n\nTweede");
        assert_eq!(s.meta.title, "Notulen 14 juni 2022");
        assert_eq!(s.meta.date, Some(date!(2022 - 06 - 14)));
        assert!(s.turns.is_empty());

        let pdf = pdf::build::save(&mut pdf::build::text_pdf(&[&["Verslag", "", "Tekst."]]));
        let s = parse(&file("x", SourceFormat::Pdf), &pdf).expect("pdf");
        assert_eq!(s.text, "Verslag\n\nTekst.");
        assert_eq!(s.meta.format, SourceFormat::Pdf);

        let tei = "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><profileDesc><settingDesc>\
                   <setting><date when=\"2020-10-01\"/></setting></settingDesc></profileDesc></teiHeader>\
                   <text><body><u who=\"#TomBakker\"><seg>Goedemorgen.</seg></u></body></text></TEI>";
        let s = parse(&file("x", SourceFormat::ParlamintTei), tei.as_bytes()).expect("tei");
        assert_eq!(s.text, "Goedemorgen.");
        assert_eq!(s.meta.date, Some(date!(2020 - 10 - 01)));
        assert_eq!(s.meta.date_source, DateSource::FrontMatter);
        assert_eq!(s.turns.len(), 1);
        assert_eq!(s.turns[0].speaker.as_deref(), Some("Tom Bakker"));

        let s = parse_parlamint_text(
            &file("S.txt", SourceFormat::ParlamintText),
            b"S.u1\tDank u wel.",
            b"Text_ID\tID\tTitle\tDate\tSpeaker_role\tSpeaker_party\tSpeaker_name\n\
              S\tS.u1\tZitting\t2019-05-16\tVast\tSP\tSmit, Linda\n",
        )
        .expect("parlamint text");
        assert_eq!(s.meta.title, "Zitting");
        assert_eq!(s.turns[0].speaker.as_deref(), Some("Linda Smit"));
    }

    #[test]
    fn new_formats_report_errors_with_path() {
        let cases: &[(SourceFormat, &[u8], &str)] = &[
            (
                SourceFormat::Docx,
                b"PK\x03\x04",
                "archief/x: not a readable .docx",
            ),
            (
                SourceFormat::Pdf,
                b"%PDF-1.4 kapot",
                "archief/x: damaged PDF",
            ),
            (
                SourceFormat::ParlamintTei,
                b"<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body></body></text></TEI>",
                "archief/x: no speeches in the sitting",
            ),
            (
                SourceFormat::ParlamintTei,
                b"<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\xff</TEI>",
                "archief/x: XML is not UTF-8",
            ),
            (
                SourceFormat::ParlamintText,
                b"S.u1\tTekst",
                "archief/x: a ParlaMint text is read together with its -meta.tsv",
            ),
        ];
        for (format, bytes, expected) in cases {
            let err = parse(&file("x", *format), bytes).expect_err(expected);
            assert!(err.to_string().starts_with(expected), "{expected}: {err}");
        }
    }

    /// The real ParlaMint-NL samples in `../shared`, when they are there.
    #[test]
    fn parlamint_samples() {
        let dirs = [
            concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/parlamint-nl"),
            "/work/shared/data/parlamint-nl",
        ];
        let Some(dir) = dirs.iter().map(PathBuf::from).find(|d| d.is_dir()) else {
            eprintln!("ParlaMint samples not found; skipping ({dirs:?})");
            return;
        };
        let (files, errors) = discover(std::slice::from_ref(&dir));
        assert!(errors.is_empty(), "{errors:?}");
        let ids: Vec<&str> = files.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "ParlaMint-NL_2017-01-26-tweedekamer-4",
                "ParlaMint-NL_2019-05-16-tweedekamer-11"
            ]
        );
        let arib = (Some("Khadija Arib"), Some("PvdA"), Some("voorzitter"));
        let expected = [
            (
                date!(2017 - 01 - 26),
                [
                    arib,
                    (Some("Lea Bouwmeester"), Some("PvdA"), Some("Kamerlid")),
                    arib,
                    arib,
                ],
            ),
            (
                date!(2019 - 05 - 16),
                [
                    arib,
                    // Marked notMP in the metadata (see the samples' README).
                    (Some("Cem Laçin"), Some("SP"), None),
                    arib,
                    arib,
                ],
            ),
        ];
        for (file, (want_date, want_turns)) in files.iter().zip(expected) {
            assert_eq!(file.format, SourceFormat::ParlamintText);
            let s = read(file).expect("sample reads");
            assert_eq!(s.meta.date, Some(want_date));
            assert!(s
                .meta
                .title
                .starts_with("Verslag van de vergadering van de Tweede Kamer"));
            assert_eq!(crate::text::paragraphs(&s.text).len(), 4);
            let turns: Vec<_> = s
                .turns
                .iter()
                .map(|t| (t.speaker.as_deref(), t.party.as_deref(), t.role.as_deref()))
                .collect();
            assert_eq!(turns, want_turns);
            assert!(s.text[s.turns[1].start..].starts_with("Voorzitter."));
        }
    }
}
