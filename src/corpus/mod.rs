//! The archive on disk: finding session files and turning each into a
//! [`Session`] of plain text with metadata (title, date, series).
//!
//! [`discover`] and [`read`] do the I/O; everything after the bytes are in
//! memory ([`parse`]) is pure, so it is tested with byte strings.

mod decode;
mod discover;
mod html;
mod markdown;
mod metadata;

use crate::error::{Error, Result};
use crate::model::{Session, SourceFormat};
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
/// path order; hidden entries, `README*` files and files of other types are
/// skipped. A missing or unreadable path, an explicitly named file of an
/// unsupported type and a second file with an id already taken are reported
/// as errors, and the walk goes on.
pub fn discover(paths: &[PathBuf]) -> (Vec<SourceFile>, Vec<Error>) {
    discover::discover(paths)
}

/// Reads and decodes one file into a [`Session`].
pub fn read(file: &SourceFile) -> Result<Session> {
    let bytes = std::fs::read(&file.path).map_err(|e| Error::io(&file.path, e))?;
    parse(file, &bytes)
}

/// Decodes a file's bytes already in memory into a [`Session`]; pure.
pub fn parse(file: &SourceFile, bytes: &[u8]) -> Result<Session> {
    let decoded = decode::decode(bytes).map_err(|reason| Error::input(&file.path, reason))?;
    let mut warnings = decoded.warnings;
    let content = match file.format {
        SourceFormat::Text => {
            let (header, body) = metadata::split_header(&decoded.text);
            metadata::Content {
                text: tidy_paragraphs(body),
                header,
                title: None,
            }
        }
        SourceFormat::Markdown => {
            let (header, body) = metadata::split_header(&decoded.text);
            let plain = markdown::to_plain(body);
            metadata::Content {
                text: plain.text,
                header,
                title: plain.heading,
            }
        }
        SourceFormat::Html => {
            let page = html::extract(&decoded.text);
            metadata::Content {
                text: page.text,
                header: metadata::Header::default(),
                title: page.title,
            }
        }
    };
    if content.text.is_empty() {
        let reason = match file.format {
            SourceFormat::Text => "no text besides the header",
            SourceFormat::Markdown | SourceFormat::Html => "no text left after removing markup",
        };
        return Err(Error::input(&file.path, reason));
    }
    let meta = metadata::session_meta(file, &content, &mut warnings);
    Ok(Session {
        meta,
        text: content.text,
        warnings,
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
        assert_eq!(s.warnings, vec!["not valid UTF-8; decoded as Windows-1252"]);
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
}
