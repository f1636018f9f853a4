//! PDFs with a text layer: the text of each page in reading order, lines
//! re-flowed into paragraphs. Pure: bytes in, text out.
//!
//! Built on `lopdf` rather than `pdf-extract`: `pdf-extract` is itself a
//! layer over `lopdf` that adds font metrics and many more dependencies,
//! and panics on a range of malformed files; `lopdf` parses, decrypts and
//! decodes font encodings (ToUnicode maps included) and leaves the layout
//! to us. `lopdf`'s own `extract_text` is not used because it only breaks
//! lines at `ET`/`T*`, so it cannot see paragraph gaps, and it skips text
//! inside form XObjects; the content-stream walk below follows the text
//! position (text matrix and the vertical part of `cm`) and enters forms.

use lopdf::content::Content;
use lopdf::{Document, Encoding, Object};
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Bound on a page's decompressed content, against decompression bombs.
const MAX_PAGE_CONTENT: usize = 64 * 1024 * 1024;

/// `TJ` offsets (thousandths of an em) wider than this are word spaces.
const TJ_SPACE: f32 = 200.0;

/// Extracts the text, never panicking: the PDF crates are large parsers
/// of hostile input, so a panic inside them becomes an ordinary error.
pub fn extract(bytes: &[u8]) -> Result<String, String> {
    guarded(|| extract_unchecked(bytes))
}

fn guarded(f: impl FnOnce() -> Result<String, String>) -> Result<String, String> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(format!("damaged PDF (the PDF parser gave up: {detail})"))
        }
    }
}

fn extract_unchecked(bytes: &[u8]) -> Result<String, String> {
    if !bytes.starts_with(b"%PDF-") && !bytes.get(..1024).is_some_and(|h| contains(h, b"%PDF-")) {
        return Err("not a PDF (no %PDF- header)".to_string());
    }
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_PAGE_CONTENT),
        ..lopdf::LoadOptions::default()
    };
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(
            e @ (lopdf::Error::InvalidPassword
            | lopdf::Error::Decryption(_)
            | lopdf::Error::UnsupportedSecurityHandler(_)),
        ) => return Err(format!("encrypted PDF: {e}; decrypt it first")),
        Err(e) => return Err(format!("damaged PDF ({e})")),
    };
    if doc.is_encrypted() {
        return Err("encrypted PDF: it needs a password; decrypt it first".to_string());
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err("PDF has no pages".to_string());
    }
    let mut out = String::new();
    let mut undecodable = 0usize;
    for (&number, &page_id) in &pages {
        let page = page_lines(&doc, page_id).map_err(|e| format!("page {number}: {e}"))?;
        undecodable += page.undecodable;
        let text = paragraphs_from_lines(&page.lines);
        if text.is_empty() {
            continue;
        }
        // A page break ends a paragraph: running heads and page numbers
        // would otherwise be glued into the text.
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&text);
    }
    if out.trim().is_empty() {
        // The parser rebuilds what it can of a cut-off file, and what it
        // loses first is the page content: without this, a truncated text
        // PDF would be reported as a scan.
        let tail = &bytes[bytes.len().saturating_sub(1024)..];
        if !contains(tail, b"%%EOF") {
            return Err("damaged PDF (truncated: no %%EOF at the end, and no text found)".into());
        }
        return Err(if undecodable > 0 {
            "PDF text uses fonts without a usable encoding; the text cannot be decoded".to_string()
        } else {
            "PDF has no text layer (scanned image?); OCR is not supported".to_string()
        });
    }
    Ok(out)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A line of text as placed on the page.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    text: String,
    /// Baseline height (text space, scaled).
    y: f32,
    /// Effective font size.
    size: f32,
}

struct Page {
    lines: Vec<Line>,
    /// Text shown in a font whose encoding could not be read.
    undecodable: usize,
}

fn number(operands: &[Object], i: usize) -> f32 {
    operands
        .get(i)
        .and_then(|o| o.as_float().ok())
        .unwrap_or(0.0)
}

fn page_lines(doc: &Document, page_id: lopdf::ObjectId) -> Result<Page, String> {
    let fonts = encodings(doc, doc.get_page_fonts(page_id).unwrap_or_default());
    let mut xobjects = Vec::new();
    if let Ok((inline, ids)) = doc.get_page_resources(page_id) {
        let dicts = inline
            .into_iter()
            .chain(ids.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
        xobjects.extend(dicts.filter_map(|r| doc.get_dict_in_dict(r, b"XObject").ok()));
    }
    let data = doc
        .get_page_content_with_limit(page_id, MAX_PAGE_CONTENT)
        .map_err(|e| e.to_string())?;
    let mut page = Page {
        lines: Vec::new(),
        undecodable: 0,
    };
    walk(doc, &data, &fonts, &xobjects, Ctm::default(), 0, &mut page)?;
    Ok(page)
}

fn encodings<'d>(
    doc: &'d Document,
    fonts: BTreeMap<Vec<u8>, &'d lopdf::Dictionary>,
) -> BTreeMap<Vec<u8>, Encoding<'d>> {
    fonts
        .into_iter()
        .filter_map(|(name, font)| font.get_font_encoding(doc).ok().map(|e| (name, e)))
        .collect()
}

/// The vertical part of the current transformation matrix: enough to place
/// lines, as minutes are not set rotated or sheared.
#[derive(Debug, Clone, Copy)]
struct Ctm {
    scale: f32,
    offset: f32,
}

impl Default for Ctm {
    fn default() -> Self {
        Ctm {
            scale: 1.0,
            offset: 0.0,
        }
    }
}

/// Form XObjects nest; real files stay shallow, hostile ones may loop.
const MAX_FORM_DEPTH: u8 = 8;

/// Follows one content stream (a page's or a form's), adding the text it
/// shows to `page`.
fn walk(
    doc: &Document,
    data: &[u8],
    fonts: &BTreeMap<Vec<u8>, Encoding<'_>>,
    xobjects: &[&lopdf::Dictionary],
    mut ctm: Ctm,
    depth: u8,
    page: &mut Page,
) -> Result<(), String> {
    let content = Content::decode(data).map_err(|e| format!("damaged content stream ({e})"))?;
    let mut saved: Vec<Ctm> = Vec::new();
    let mut encoding: Option<&Encoding> = None;
    let (mut y, mut scale, mut leading, mut font_size) = (0.0f32, 1.0f32, 0.0f32, 12.0f32);
    // Set when the text position moved since the last shown text: on the
    // same line that is a gap between words.
    let mut moved = false;
    for op in &content.operations {
        let ops = &op.operands;
        let mut shown: Vec<&Object> = Vec::new();
        match op.operator.as_str() {
            "q" => saved.push(ctm),
            "Q" => ctm = saved.pop().unwrap_or(ctm),
            "cm" => {
                ctm = Ctm {
                    scale: ctm.scale * number(ops, 3),
                    offset: ctm.offset + ctm.scale * number(ops, 5),
                };
                moved = true;
            }
            "Do" if depth < MAX_FORM_DEPTH => {
                let name = ops.first().and_then(|o| o.as_name().ok());
                if let Some(form) = name.and_then(|n| form_xobject(doc, xobjects, n)) {
                    let resources = form
                        .dict
                        .get(b"Resources")
                        .and_then(|r| doc.dereference(r))
                        .and_then(|(_, r)| r.as_dict())
                        .ok();
                    let form_fonts = resources
                        .and_then(|r| doc.get_dict_in_dict(r, b"Font").ok())
                        .map(|f| {
                            f.iter()
                                .filter_map(|(name, font)| {
                                    let (_, font) = doc.dereference(font).ok()?;
                                    Some((name.clone(), font.as_dict().ok()?))
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    let form_xobjects: Vec<&lopdf::Dictionary> = resources
                        .and_then(|r| doc.get_dict_in_dict(r, b"XObject").ok())
                        .into_iter()
                        .collect();
                    if let Ok(data) = form.decompressed_content() {
                        walk(
                            doc,
                            &data,
                            &encodings(doc, form_fonts),
                            &form_xobjects,
                            ctm,
                            depth + 1,
                            page,
                        )?;
                    }
                }
            }
            "BT" => {
                y = 0.0;
                scale = 1.0;
                moved = true;
            }
            "Tf" => {
                encoding = ops
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|name| fonts.get(name));
                font_size = number(ops, 1).abs();
            }
            "TL" => leading = number(ops, 0),
            "Tm" => {
                let d = number(ops, 3).abs();
                scale = if d > 0.0 { d } else { 1.0 };
                y = number(ops, 5);
                moved = true;
            }
            "Td" | "TD" => {
                let ty = number(ops, 1);
                if op.operator == "TD" {
                    leading = -ty;
                }
                y += ty * scale;
                moved = true;
            }
            "T*" => {
                y -= leading * scale;
                moved = true;
            }
            "Tj" | "TJ" => shown.extend(ops.first()),
            "'" => {
                y -= leading * scale;
                moved = true;
                shown.extend(ops.first());
            }
            "\"" => {
                y -= leading * scale;
                moved = true;
                shown.extend(ops.get(2));
            }
            _ => {}
        }
        if shown.is_empty() {
            continue;
        }
        let Some(enc) = encoding else {
            page.undecodable += 1;
            continue;
        };
        let mut text = String::new();
        for object in shown {
            show(enc, object, &mut text);
        }
        if text.is_empty() {
            continue;
        }
        let size = (font_size * scale * ctm.scale.abs()).max(1.0);
        let y_page = ctm.offset + ctm.scale * y;
        match page.lines.last_mut() {
            Some(last) if (last.y - y_page).abs() < 0.5 * size.min(last.size) => {
                if moved && !last.text.ends_with(' ') && !text.starts_with(' ') {
                    last.text.push(' ');
                }
                last.text.push_str(&text);
            }
            _ => page.lines.push(Line {
                text,
                y: y_page,
                size,
            }),
        }
        moved = false;
    }
    Ok(())
}

fn form_xobject<'d>(
    doc: &'d Document,
    xobjects: &[&'d lopdf::Dictionary],
    name: &[u8],
) -> Option<&'d lopdf::Stream> {
    xobjects.iter().find_map(|dict| {
        let (_, object) = doc.dereference(dict.get(name).ok()?).ok()?;
        let stream = object.as_stream().ok()?;
        let subtype = stream.dict.get(b"Subtype").and_then(Object::as_name).ok()?;
        (subtype == b"Form").then_some(stream)
    })
}

fn show(encoding: &Encoding, object: &Object, out: &mut String) {
    match object {
        Object::String(bytes, _) => {
            if let Ok(s) = Document::decode_text(encoding, bytes) {
                out.push_str(&s);
            }
        }
        Object::Array(items) => {
            for item in items {
                match item {
                    Object::Integer(_) | Object::Real(_)
                        if item.as_float().is_ok_and(|n| n < -TJ_SPACE) && !out.ends_with(' ') =>
                    {
                        out.push(' ');
                    }
                    _ => show(encoding, item, out),
                }
            }
        }
        _ => {}
    }
}

/// Joins a page's lines into paragraphs: a gap clearly wider than the
/// usual line distance on the page, or a jump back up (a new column),
/// starts a new paragraph.
fn paragraphs_from_lines(lines: &[Line]) -> String {
    let mut steps: Vec<f32> = lines
        .windows(2)
        .map(|w| w[0].y - w[1].y)
        .filter(|d| *d > 0.0)
        .collect();
    steps.sort_by(f32::total_cmp);
    let usual = steps.get(steps.len() / 2).copied();
    let mut raw = String::new();
    for (i, line) in lines.iter().enumerate() {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        if let Some(prev) = i.checked_sub(1).and_then(|p| lines.get(p)) {
            let step = prev.y - line.y;
            let wide = usual.is_some_and(|u| step > u * 1.3) || step > 1.9 * line.size;
            raw.push_str(if step <= 0.0 || wide { "\n\n" } else { "\n" });
        }
        raw.push_str(text);
    }
    reflow(&raw)
}

/// Re-flows text lines into paragraphs: lines within a paragraph (no blank
/// line between them) are joined with a space, and a word hyphenated at a
/// line end is joined without one when the next line goes on in lower case
/// (`woning-` + `bouw`); "Noord-" + "Holland" keeps its hyphen. Paragraphs
/// come out separated by one blank line.
pub fn reflow(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut paragraph = String::new();
    let flush = |paragraph: &mut String, out: &mut String| {
        if !paragraph.is_empty() {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(paragraph);
            paragraph.clear();
        }
    };
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            flush(&mut paragraph, &mut out);
            continue;
        }
        if paragraph.is_empty() {
            paragraph.push_str(&line);
            continue;
        }
        let hyphenated = paragraph.ends_with('-')
            && paragraph
                .chars()
                .rev()
                .nth(1)
                .is_some_and(char::is_alphabetic)
            && line.chars().next().is_some_and(char::is_lowercase);
        if hyphenated {
            paragraph.pop();
        } else {
            paragraph.push(' ');
        }
        paragraph.push_str(&line);
    }
    flush(&mut paragraph, &mut out);
    out
}

/// Small PDFs built with lopdf's document API, for the tests here and in
/// the corpus module.
#[cfg(test)]
pub(crate) mod build {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream};

    /// One page per entry; each page shows its lines top-down, `gap`
    /// points apart, with a double gap before a line that is `""`.
    pub fn text_pdf(pages: &[&[&str]]) -> Document {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        let resources_id = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => font_id },
        });
        let mut kids = Vec::new();
        for lines in pages {
            let mut operations = vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 11.into()]),
                Operation::new("TL", vec![13.into()]),
                Operation::new("Td", vec![72.into(), 760.into()]),
            ];
            for line in *lines {
                if line.is_empty() {
                    operations.push(Operation::new("T*", vec![]));
                    continue;
                }
                // Words as separate strings in one TJ, spaced by offsets,
                // as many producers write them.
                let mut parts: Vec<Object> = Vec::new();
                for (i, word) in line.split(' ').enumerate() {
                    if i > 0 {
                        parts.push((-250).into());
                    }
                    parts.push(Object::string_literal(win_ansi(word)));
                }
                operations.push(Operation::new("TJ", vec![Object::Array(parts)]));
                operations.push(Operation::new("T*", vec![]));
            }
            operations.push(Operation::new("ET", vec![]));
            kids.push(page(&mut doc, pages_id, Content { operations }));
        }
        finish(&mut doc, pages_id, resources_id, kids);
        doc
    }

    /// Lines placed by `cm` rather than text operators, and a paragraph
    /// inside a form XObject with its own font.
    pub fn cm_and_form_pdf() -> Document {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font = || {
            dictionary! {
                "Type" => "Font",
                "Subtype" => "Type1",
                "BaseFont" => "Helvetica",
                "Encoding" => "WinAnsiEncoding",
            }
        };
        let font_id = doc.add_object(font());
        let form_font_id = doc.add_object(font());
        let form_content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F2".into(), 11.into()]),
                Operation::new("Td", vec![72.into(), 600.into()]),
                Operation::new("Tj", vec![Object::string_literal("Uit een formulier.")]),
                Operation::new("ET", vec![]),
            ],
        };
        let form_id = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                "Resources" => dictionary! { "Font" => dictionary! { "F2" => form_font_id } },
            },
            form_content.encode().expect("encodes"),
        ));
        let resources_id = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => font_id },
            "XObject" => dictionary! { "Fm1" => form_id },
        });
        let mut operations = Vec::new();
        for (y, text) in [
            (700, "Eerste regel"),
            (687, "tweede regel"),
            (640, "Derde alinea."),
        ] {
            operations.extend([
                Operation::new("q", vec![]),
                Operation::new(
                    "cm",
                    vec![1.into(), 0.into(), 0.into(), 1.into(), 72.into(), y.into()],
                ),
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 11.into()]),
                Operation::new("Tj", vec![Object::string_literal(text)]),
                Operation::new("ET", vec![]),
                Operation::new("Q", vec![]),
            ]);
        }
        operations.push(Operation::new("Do", vec!["Fm1".into()]));
        let kid = page(&mut doc, pages_id, Content { operations });
        finish(&mut doc, pages_id, resources_id, vec![kid]);
        doc
    }

    /// A page that only paints an image, like a scan.
    pub fn image_only_pdf() -> Document {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let image = Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => 2,
                "Height" => 2,
                "ColorSpace" => "DeviceGray",
                "BitsPerComponent" => 8,
            },
            vec![0, 255, 255, 0],
        );
        let image_id = doc.add_object(image);
        let resources_id = doc.add_object(dictionary! {
            "XObject" => dictionary! { "Im1" => image_id },
        });
        let operations = vec![
            Operation::new("q", vec![]),
            Operation::new(
                "cm",
                vec![
                    500.into(),
                    0.into(),
                    0.into(),
                    700.into(),
                    50.into(),
                    50.into(),
                ],
            ),
            Operation::new("Do", vec!["Im1".into()]),
            Operation::new("Q", vec![]),
        ];
        let kid = page(&mut doc, pages_id, Content { operations });
        finish(&mut doc, pages_id, resources_id, vec![kid]);
        doc
    }

    pub fn save(doc: &mut Document) -> Vec<u8> {
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("saves");
        bytes
    }

    fn win_ansi(word: &str) -> Vec<u8> {
        word.chars()
            .map(|c| match c {
                'ë' => 0xEB,
                'é' => 0xE9,
                c => u8::try_from(u32::from(c)).unwrap_or(b'?'),
            })
            .collect()
    }

    fn page(doc: &mut Document, pages_id: lopdf::ObjectId, content: Content) -> Object {
        let stream = Stream::new(dictionary! {}, content.encode().expect("encodes"));
        let content_id = doc.add_object(stream);
        doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        })
        .into()
    }

    fn finish(
        doc: &mut Document,
        pages_id: lopdf::ObjectId,
        resources_id: lopdf::ObjectId,
        kids: Vec<Object>,
    ) {
        let count = i64::try_from(kids.len()).expect("few pages");
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => kids,
                "Count" => count,
                "Resources" => resources_id,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            }),
        );
        let catalog_id = doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages_id,
        });
        doc.trailer.set("Root", catalog_id);
    }
}

#[cfg(test)]
mod tests {
    use super::build::*;
    use super::*;

    #[test]
    fn reflows_lines_into_paragraphs() {
        let cases = [
            ("Een\nregel\n\nTwee", "Een regel\n\nTwee"),
            ("over woning-\nbouw gesproken", "over woningbouw gesproken"),
            ("in Noord-\nHolland", "in Noord- Holland"),
            ("getal 3-\n4", "getal 3- 4"),
            ("  ruimte   hier \n\n\n\n daar ", "ruimte hier\n\ndaar"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(reflow(input), expected, "{input:?}");
        }
    }

    #[test]
    fn text_pdf_keeps_words_lines_and_paragraphs() {
        let mut doc = text_pdf(&[
            &[
                "Notulen van de raad",
                "",
                "De heer Bakker (D66): ik vraag de",
                "wethouder naar de woning-",
                "bouw in het centrum.",
                "",
                "Wethouder Verbeek: daar kom ik op terug.",
            ],
            &["Tweede pagina met ideën."],
        ]);
        let text = extract(&save(&mut doc)).expect("text PDF reads");
        assert_eq!(
            text,
            "Notulen van de raad\n\n\
             De heer Bakker (D66): ik vraag de wethouder naar de woningbouw in het centrum.\n\n\
             Wethouder Verbeek: daar kom ik op terug.\n\n\
             Tweede pagina met ideën."
        );
    }

    #[test]
    fn text_placed_by_cm_and_in_forms_is_found() {
        let text = extract(&save(&mut cm_and_form_pdf())).expect("reads");
        assert_eq!(
            text,
            "Eerste regel tweede regel\n\nDerde alinea.\n\nUit een formulier."
        );
    }

    #[test]
    fn unusable_pdfs_are_errors_with_reasons() {
        let text = save(&mut text_pdf(&[&["Tekst op een pagina."]]));
        let mut encrypted_doc = text_pdf(&[&["Geheime tekst."]]);
        let file_id = Object::string_literal(b"notulen-test-id!".to_vec());
        encrypted_doc
            .trailer
            .set("ID", Object::Array(vec![file_id.clone(), file_id.clone()]));
        let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
            document: &encrypted_doc,
            owner_password: "eigenaar",
            user_password: "gebruiker",
            key_length: 128,
            permissions: lopdf::Permissions::all(),
        })
        .expect("encryption state");
        encrypted_doc.encrypt(&state).expect("encrypts");
        // Protected by an owner password only: every viewer opens it, so
        // must we.
        let mut open_doc = text_pdf(&[&["Openbare tekst."]]);
        open_doc
            .trailer
            .set("ID", Object::Array(vec![file_id.clone(), file_id.clone()]));
        let open_state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
            document: &open_doc,
            owner_password: "eigenaar",
            user_password: "",
            key_length: 128,
            permissions: lopdf::Permissions::all(),
        })
        .expect("encryption state");
        open_doc.encrypt(&open_state).expect("encrypts");
        assert_eq!(
            extract(&save(&mut open_doc)),
            Ok("Openbare tekst.".to_string())
        );

        let cases: Vec<(Vec<u8>, &str)> = vec![
            (
                save(&mut image_only_pdf()),
                "PDF has no text layer (scanned image?); OCR is not supported",
            ),
            (text[..text.len() / 3].to_vec(), "damaged PDF"),
            (b"%PDF-1.7\n%%EOF".to_vec(), "damaged PDF"),
            (b"geen pdf".to_vec(), "not a PDF"),
            (save(&mut encrypted_doc), "encrypted PDF: "),
        ];
        for (bytes, expected) in cases {
            let err = extract(&bytes).expect_err(expected);
            assert!(err.starts_with(expected), "{expected}: {err}");
        }
    }

    #[test]
    fn never_panics_on_mangled_pdfs() {
        let good = save(&mut text_pdf(&[&["Een regel tekst.", "", "Nog een."]]));
        // Deterministic corruption: flip bytes at many positions.
        for step in [7usize, 13, 31, 97] {
            let mut bytes = good.clone();
            for i in (0..bytes.len()).step_by(step) {
                bytes[i] = bytes[i].wrapping_add(0x5a);
            }
            if let Err(reason) = extract(&bytes) {
                assert!(!reason.is_empty());
            }
        }
        for cut in 0..good.len() {
            if let Err(reason) = extract(&good[..cut]) {
                assert!(!reason.is_empty());
                // Cut off is damaged, not a scan without text.
                assert!(!reason.contains("text layer"), "cut at {cut}: {reason}");
            }
        }
    }

    #[test]
    fn a_truncated_pdf_is_damaged_not_a_scan() {
        // Written by hand as simple tools write PDFs: objects in order, the
        // page content last but one, cut off inside the content stream.
        let cut = "%PDF-1.4\n\
            1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
            2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
            3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
            /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>\nendobj\n\
            4 0 obj\n<< /Length 120 >>\nstream\n\
            BT /F1 12 Tf 72 720 Td 14 TL (Verslag van de werkgroep) ' (over de borg";
        let err = extract(cut.as_bytes()).expect_err("no text");
        assert!(err.starts_with("damaged PDF (truncated"), "{err}");
    }

    #[test]
    fn a_panic_in_the_parser_becomes_an_error() {
        let err = guarded(|| panic!("index out of range")).expect_err("caught");
        assert_eq!(
            err,
            "damaged PDF (the PDF parser gave up: index out of range)"
        );
    }
}
