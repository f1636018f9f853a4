//! Word documents (`.docx`, Office Open XML): the zip's `word/document.xml`
//! turned into paragraphs, and a title from `docProps/core.xml` or the
//! first heading. Pure: bytes in, text out.

use super::xml::{self, Node, XmlReader};
use std::io::{Cursor, Read};

/// A `document.xml` larger than this is refused rather than inflated, so a
/// zip bomb cannot exhaust memory. Real minutes are a few megabytes.
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Paragraphs separated by blank lines (untidied).
    pub text: String,
    /// `dc:title` from the core properties, else the first heading.
    pub title: Option<String>,
    pub warnings: Vec<String>,
}

pub fn extract(bytes: &[u8]) -> Result<Document, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable .docx (damaged or not a zip archive: {e})"))?;
    let body = read_part(&mut archive, "word/document.xml")?
        .ok_or_else(|| "no word/document.xml in the archive (not a Word document?)".to_string())?;
    let mut warnings = Vec::new();
    let core_title = match read_part(&mut archive, "docProps/core.xml") {
        Ok(Some(core)) => match core_title(&core) {
            Ok(title) => title,
            Err(e) => {
                warnings.push(format!("docProps/core.xml ignored: {e}"));
                None
            }
        },
        Ok(None) => None,
        Err(e) => {
            warnings.push(format!("docProps/core.xml ignored: {e}"));
            None
        }
    };
    let parsed = document_text(&body).map_err(|e| format!("word/document.xml: {e}"))?;
    Ok(Document {
        text: parsed.text,
        title: core_title.or(parsed.first_heading),
        warnings,
    })
}

fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, String> {
    let entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("{name}: {e}")),
    };
    let mut bytes = Vec::new();
    entry
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name} cannot be unpacked ({e})"))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(format!(
            "{name} unpacks to more than {} MiB",
            MAX_PART_BYTES / (1024 * 1024)
        ));
    }
    let text = xml::utf8(&bytes).map_err(|e| format!("{name}: {e}"))?;
    Ok(Some(text.to_string()))
}

fn core_title(core: &str) -> Result<Option<String>, String> {
    let mut reader = XmlReader::new(core);
    let mut in_title = false;
    let mut title = String::new();
    while let Some(node) = reader.next()? {
        match node {
            Node::Open(e) if e.name == "title" => in_title = true,
            Node::Close(name) if name == "title" => in_title = false,
            Node::Text(t) if in_title => title.push_str(&t),
            _ => {}
        }
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    Ok((!title.is_empty()).then_some(title))
}

#[derive(Debug, Default)]
struct Body {
    text: String,
    first_heading: Option<String>,
}

/// A paragraph being collected; text boxes nest paragraphs inside a
/// paragraph's run, hence a stack of these.
#[derive(Default)]
struct Paragraph {
    text: String,
    heading: bool,
}

fn is_heading_style(style: &str) -> bool {
    let lower = style.to_lowercase();
    ["heading", "kop", "titel", "title"]
        .iter()
        .any(|p| lower.starts_with(p))
}

fn document_text(xml: &str) -> Result<Body, String> {
    let mut reader = XmlReader::new(xml);
    let mut body = Body::default();
    let mut open: Vec<Paragraph> = Vec::new();
    let mut in_text = false;
    while let Some(node) = reader.next()? {
        match node {
            Node::Open(e) => match e.name.as_str() {
                "p" => open.push(Paragraph::default()),
                "pStyle" => {
                    if let (Some(p), Some(style)) = (open.last_mut(), e.attr("val")) {
                        p.heading = is_heading_style(style);
                    }
                }
                "t" => in_text = true,
                "tab" | "ptab" => push(&mut open, " "),
                "br" | "cr" => push(&mut open, "\n"),
                "noBreakHyphen" => push(&mut open, "-"),
                // Field codes, deleted text and the fallback copy of
                // alternate content are not what the reader sees.
                "instrText" | "delText" | "Fallback" | "del" => reader.skip_element()?,
                _ => {}
            },
            Node::Close(name) => match name.as_str() {
                "t" => in_text = false,
                "p" => {
                    if let Some(p) = open.pop() {
                        finish(&mut body, p);
                    }
                }
                _ => {}
            },
            Node::Text(t) if in_text => push(&mut open, &t),
            Node::Text(_) => {}
        }
    }
    Ok(body)
}

fn push(open: &mut [Paragraph], s: &str) {
    if let Some(p) = open.last_mut() {
        p.text.push_str(s);
    }
}

fn finish(body: &mut Body, p: Paragraph) {
    let text = p.text.trim();
    if text.is_empty() {
        return;
    }
    if p.heading && body.first_heading.is_none() {
        body.first_heading = Some(text.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    if !body.text.is_empty() {
        body.text.push_str("\n\n");
    }
    body.text.push_str(text);
}

/// Builds a minimal `.docx` in memory; shared with other tests.
#[cfg(test)]
pub(crate) fn build_docx(document_xml: &str, core_xml: Option<&str>) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut parts = vec![("word/document.xml", document_xml)];
    if let Some(core) = core_xml {
        parts.push(("docProps/core.xml", core));
    }
    for (name, content) in parts {
        zip.start_file(name, options).expect("start file");
        zip.write_all(content.as_bytes()).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    fn doc(body: &str) -> String {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document {W}><w:body>{body}</w:body></w:document>")
    }

    #[test]
    fn paragraphs_headings_tabs_and_breaks() {
        let xml = doc(concat!(
            "<w:p><w:pPr><w:pStyle w:val=\"Kop1\"/></w:pPr><w:r><w:t>Raadsvergadering</w:t></w:r></w:p>",
            "<w:p><w:r><w:t xml:space=\"preserve\">De heer Bakker (D66): </w:t></w:r>",
            "<w:r><w:t>Ik vraag</w:t><w:tab/><w:t>de wethouder</w:t><w:br/><w:t>iets.</w:t></w:r></w:p>",
            "<w:p/>",
            "<w:p><w:r><w:instrText>PAGE</w:instrText><w:t>R&amp;D</w:t></w:r>",
            "<w:del><w:r><w:delText>weg</w:delText></w:r></w:del></w:p>",
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cel 1</w:t></w:r></w:p></w:tc>",
            "<w:tc><w:p><w:r><w:t>cel 2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        ));
        let body = document_text(&xml).expect("parses");
        assert_eq!(
            body.text,
            "Raadsvergadering\n\nDe heer Bakker (D66): Ik vraag de wethouder\niets.\n\nR&D\n\ncel 1\n\ncel 2"
        );
        assert_eq!(body.first_heading.as_deref(), Some("Raadsvergadering"));
    }

    #[test]
    fn title_from_core_properties_wins_over_heading() {
        let body = doc(
            "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Kop</w:t></w:r></w:p>",
        );
        let core = "<cp:coreProperties xmlns:cp=\"x\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Notulen  commissie</dc:title></cp:coreProperties>";
        let with_core = extract(&build_docx(&body, Some(core))).expect("reads");
        assert_eq!(with_core.title.as_deref(), Some("Notulen commissie"));
        let without = extract(&build_docx(&body, None)).expect("reads");
        assert_eq!(without.title.as_deref(), Some("Kop"));
        assert_eq!(without.text, "Kop");
    }

    #[test]
    fn broken_documents_are_errors() {
        let good = build_docx(&doc("<w:p><w:r><w:t>Tekst</w:t></w:r></w:p>"), None);
        let mut no_document = zip::ZipWriter::new(Cursor::new(Vec::new()));
        no_document
            .start_file("word/styles.xml", zip::write::SimpleFileOptions::default())
            .expect("start");
        let no_document = no_document.finish().expect("finish").into_inner();
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (good[..good.len() / 2].to_vec(), "not a readable .docx"),
            (b"PK\x03\x04 kapot".to_vec(), "not a readable .docx"),
            (b"Gewone tekst".to_vec(), "not a readable .docx"),
            (no_document, "no word/document.xml in the archive"),
            (
                build_docx("<w:document><w:body><w:p>", None),
                "word/document.xml: malformed XML",
            ),
        ];
        for (bytes, expected) in cases {
            let err = extract(&bytes).expect_err(expected);
            assert!(err.contains(expected), "{expected}: {err}");
        }
    }
}
