//! ParlaMint parliamentary corpora: the plain-text export (`X.txt`, one
//! `SPEECH_ID<TAB>text` line per speech, with speaker metadata in the
//! sibling `X-meta.tsv`) and the TEI component files (one sitting, `<u>`
//! speeches of `<seg>` paragraphs, plain or token-annotated `.ana.xml`).
//! Both give the speaker of every speech, which becomes a [`GivenTurn`].
//! Pure: text in, [`Sitting`] out.

use super::xml::{Element, Node, XmlReader};
use crate::model::GivenTurn;
use crate::turns;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const TEI_NAMESPACE: &str = "http://www.tei-c.org/ns/1.0";

/// One sitting, its paragraphs separated by blank lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sitting {
    pub text: String,
    pub title: Option<String>,
    /// ISO date as the source writes it.
    pub date: Option<String>,
    pub turns: Vec<GivenTurn>,
}

impl Sitting {
    fn new() -> Self {
        Sitting {
            text: String::new(),
            title: None,
            date: None,
            turns: Vec::new(),
        }
    }

    /// Appends a paragraph (whitespace collapsed, so it is one line) and
    /// returns its start offset; `None` when it is empty.
    fn push_paragraph(&mut self, text: &str) -> Option<usize> {
        let mut words = text.split_whitespace();
        let first = words.next()?;
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let start = self.text.len();
        self.text.push_str(first);
        for word in words {
            self.text.push(' ');
            self.text.push_str(word);
        }
        Some(start)
    }
}

// ---------------------------------------------------------------------
// Plain text + -meta.tsv

/// `X.txt` → `X-meta.tsv`.
pub fn meta_path(text_path: &Path) -> PathBuf {
    let stem = text_path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    text_path.with_file_name(format!("{stem}-meta.tsv"))
}

/// Whether the first line of a `-meta.tsv` is a ParlaMint header.
pub fn is_meta_header(first_line: &str) -> bool {
    let columns: Vec<&str> = first_line.trim_end().split('\t').collect();
    ["Text_ID", "ID", "Speaker_name"]
        .iter()
        .all(|c| columns.contains(c))
}

/// Columns the reader needs; the others (Body, Term, Topic, …) are ignored.
const REQUIRED_COLUMNS: [&str; 6] = [
    "ID",
    "Title",
    "Date",
    "Speaker_role",
    "Speaker_party",
    "Speaker_name",
];

struct Meta<'a> {
    columns: HashMap<&'a str, usize>,
    rows: HashMap<&'a str, Vec<&'a str>>,
    first: Option<Vec<&'a str>>,
}

impl<'a> Meta<'a> {
    fn parse(tsv: &'a str, name: &str) -> Result<Self, String> {
        let mut lines = tsv.lines().enumerate();
        let header = lines
            .next()
            .map(|(_, l)| l.trim_start_matches('\u{feff}'))
            .ok_or_else(|| format!("{name} is empty"))?;
        let columns: HashMap<&str, usize> = header
            .split('\t')
            .enumerate()
            .map(|(i, c)| (c.trim(), i))
            .collect();
        let missing: Vec<&str> = REQUIRED_COLUMNS
            .iter()
            .copied()
            .filter(|c| !columns.contains_key(c))
            .collect();
        if !missing.is_empty() {
            return Err(format!("{name} lacks the column(s) {}", missing.join(", ")));
        }
        let width = header.split('\t').count();
        let mut rows = HashMap::new();
        let mut first = None;
        for (i, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            if fields.len() != width {
                return Err(format!(
                    "{name} line {}: {} fields where the header has {width}",
                    i + 1,
                    fields.len()
                ));
            }
            let id = columns
                .get("ID")
                .and_then(|&i| fields.get(i))
                .copied()
                .unwrap_or_default();
            first.get_or_insert_with(|| fields.clone());
            rows.insert(id, fields);
        }
        Ok(Meta {
            columns,
            rows,
            first,
        })
    }

    /// A field of a row; ParlaMint writes `-` for "no value".
    fn get(&self, row: &[&'a str], column: &str) -> Option<&'a str> {
        let value = *row.get(*self.columns.get(column)?)?;
        (!value.is_empty() && value != "-").then_some(value)
    }
}

/// Reads a ParlaMint `.txt` with its `-meta.tsv` (named `meta_name` in
/// messages).
pub fn read_text(text: &str, meta: &str, meta_name: &str) -> Result<Sitting, String> {
    let meta = Meta::parse(meta, meta_name)?;
    let mut sitting = Sitting::new();
    if let Some(first) = &meta.first {
        sitting.title = meta.get(first, "Title").map(str::to_string);
        sitting.date = meta.get(first, "Date").map(str::to_string);
    }
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            continue;
        }
        let (id, speech) = line.split_once('\t').ok_or_else(|| {
            format!(
                "line {}: no tab; expected SPEECH_ID<TAB>text (a ParlaMint .txt)",
                i + 1
            )
        })?;
        let id = id.trim();
        let row = meta
            .rows
            .get(id)
            .ok_or_else(|| format!("speech id {id} in the text has no row in {meta_name}"))?;
        let Some(start) = sitting.push_paragraph(speech) else {
            continue;
        };
        let role = match meta.get(row, "Speaker_role") {
            Some("Voorzitter" | "Chairperson") => Some("voorzitter"),
            _ if meta.get(row, "Speaker_minister") == Some("Minister") => Some("minister"),
            _ if meta.get(row, "Speaker_MP") == Some("MP") => Some("Kamerlid"),
            _ => None,
        };
        sitting.turns.push(GivenTurn {
            start,
            speaker: meta.get(row, "Speaker_name").map(given_name_first),
            party: meta.get(row, "Speaker_party").map(str::to_string),
            role: role.map(str::to_string),
        });
    }
    Ok(sitting)
}

/// "Surname, Given" → "Given Surname".
fn given_name_first(name: &str) -> String {
    match name.split_once(',') {
        Some((surname, given)) if !given.trim().is_empty() => {
            format!("{} {}", given.trim(), surname.trim())
        }
        _ => name.trim().to_string(),
    }
}

// ---------------------------------------------------------------------
// TEI

/// What the root element of an `.xml` file says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlKind {
    /// A ParlaMint TEI component file: one sitting.
    Sitting,
    /// Another TEI document (a `teiCorpus` root, a `listPerson`, a
    /// taxonomy): part of a ParlaMint corpus, but not a sitting.
    TeiAuxiliary,
    /// Not TEI at all; the root element's name.
    Other(String),
}

/// Classifies an XML file by the root element in its first bytes. A head
/// that cannot be parsed counts as a sitting, so that the reader reports
/// what is wrong with it.
pub fn classify_xml(head: &str) -> XmlKind {
    let mut reader = XmlReader::new(head);
    loop {
        match reader.next() {
            Ok(Some(Node::Open(root))) => {
                let tei = root.attr("xmlns") == Some(TEI_NAMESPACE);
                return match (root.name.as_str(), tei) {
                    ("TEI", true) => XmlKind::Sitting,
                    (_, true) => XmlKind::TeiAuxiliary,
                    (name, false) => XmlKind::Other(name.to_string()),
                };
            }
            Ok(Some(_)) => continue,
            Ok(None) | Err(_) => return XmlKind::Sitting,
        }
    }
}

/// Elements whose content is not speech: transcriber's notes, omissions,
/// gestures, noises and events in the room.
const NOT_SPEECH: [&str; 5] = ["note", "gap", "kinesic", "vocal", "incident"];

/// A `<u>` being read.
struct Utterance {
    name: Option<String>,
    party: Option<String>,
    role: Option<String>,
    /// Set once its first paragraph is in the text.
    started: bool,
}

/// Reads a ParlaMint TEI component file (plain or `.ana.xml`).
pub fn read_tei(xml: &str) -> Result<Sitting, String> {
    let mut reader = XmlReader::new(xml);
    let mut sitting = Sitting::new();
    let mut stack: Vec<String> = Vec::new();
    let mut nl_title: Option<String> = None;
    let mut label: Option<String> = None;
    let mut utterance: Option<Utterance> = None;
    // Text being collected for a title, heading, speaker note or segment.
    let mut buffer = String::new();
    // In `.ana.xml`, segments hold `<w>`/`<pc>` tokens: they are joined by
    // spaces unless marked `join="right"`, and the indentation between
    // them is not text.
    let mut tokens = false;
    let mut in_token = false;
    let mut glue_next = true;
    let mut seen_root = false;
    while let Some(node) = reader.next()? {
        match node {
            Node::Open(element) => {
                if !seen_root {
                    check_root(&element)?;
                    seen_root = true;
                }
                let name = element.name.as_str();
                let in_body = stack.iter().any(|s| s == "body");
                if in_body && name == "note" && element.attr("type") == Some("speaker") {
                    label = Some(collect_text(&mut reader)?);
                    continue;
                }
                if in_body && NOT_SPEECH.contains(&name) {
                    reader.skip_element()?;
                    continue;
                }
                match name {
                    "title"
                        if stack.last().is_some_and(|s| s == "titleStmt")
                            && element.attr("type") == Some("main") =>
                    {
                        let title = strip_parlamint_suffix(&collect_text(&mut reader)?);
                        if element.attr("xml:lang") == Some("nl") {
                            nl_title.get_or_insert(title.clone());
                        }
                        sitting.title.get_or_insert(title);
                        continue;
                    }
                    "date" if stack.last().is_some_and(|s| s == "setting") => {
                        if let Some(when) = element.attr("when") {
                            sitting.date.get_or_insert_with(|| when.to_string());
                        }
                    }
                    "head" if in_body => {
                        let heading = collect_text(&mut reader)?;
                        if let Some(start) = sitting.push_paragraph(&heading) {
                            // Nobody speaks a heading; the turn before it ends.
                            sitting.turns.push(GivenTurn {
                                start,
                                speaker: None,
                                party: None,
                                role: None,
                            });
                        }
                        continue;
                    }
                    "u" => utterance = Some(utterance_speaker(&element, label.take())),
                    "seg" => {
                        buffer.clear();
                        tokens = false;
                        glue_next = true;
                    }
                    "w" | "pc" => {
                        if !glue_next {
                            buffer.push(' ');
                        }
                        tokens = true;
                        in_token = true;
                        glue_next = element.attr("join") == Some("right");
                    }
                    _ => {}
                }
                stack.push(element.name);
            }
            Node::Close(name) => {
                stack.pop();
                match name.as_str() {
                    "w" | "pc" => in_token = false,
                    "seg" => {
                        if let Some(start) = sitting.push_paragraph(&buffer) {
                            if let Some(u) = utterance.as_mut().filter(|u| !u.started) {
                                u.started = true;
                                sitting.turns.push(GivenTurn {
                                    start,
                                    speaker: u.name.clone(),
                                    party: u.party.clone(),
                                    role: u.role.clone(),
                                });
                            }
                        }
                        buffer.clear();
                    }
                    "u" => utterance = None,
                    _ => {}
                }
            }
            Node::Text(text) => {
                let in_seg = stack.iter().any(|s| s == "seg");
                if in_seg && (in_token || !tokens || !text.trim().is_empty()) {
                    buffer.push_str(&text);
                }
            }
        }
    }
    if !seen_root {
        return Err("empty XML document".to_string());
    }
    if nl_title.is_some() {
        sitting.title = nl_title;
    }
    Ok(sitting)
}

fn check_root(root: &Element) -> Result<(), String> {
    if root.name == "TEI" && root.attr("xmlns") == Some(TEI_NAMESPACE) {
        Ok(())
    } else {
        Err(format!(
            "not a ParlaMint TEI sitting: the root element is <{}>, not <TEI xmlns=\"{TEI_NAMESPACE}\">",
            root.name
        ))
    }
}

/// The text content of the element just opened, whitespace collapsed.
fn collect_text(reader: &mut XmlReader<'_>) -> Result<String, String> {
    let mut text = String::new();
    let mut depth = 1usize;
    while depth > 0 {
        match reader.next()? {
            Some(Node::Open(_)) => depth += 1,
            Some(Node::Close(_)) => depth -= 1,
            Some(Node::Text(t)) => text.push_str(&t),
            None => return Err("malformed XML: unexpected end of document".to_string()),
        }
    }
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// ParlaMint titles end in "[ParlaMint]" or "[ParlaMint SAMPLE]": corpus
/// bookkeeping, not part of the sitting's name.
fn strip_parlamint_suffix(title: &str) -> String {
    match title.rfind('[') {
        Some(i) if title[i..].starts_with("[ParlaMint") && title.ends_with(']') => {
            title[..i].trim_end().to_string()
        }
        _ => title.to_string(),
    }
}

/// Name, party and role of a speech: from the speaker note before it
/// ("De heer Van der Staaij (SGP):") where there is one, else from the
/// `who` id; the role also from `ana="#chair"`.
fn utterance_speaker(u: &Element, label: Option<String>) -> Utterance {
    let parsed = label.and_then(|l| {
        let l = l.trim();
        if l.ends_with(':') {
            turns::speaker_label(l)
        } else {
            turns::speaker_label(&format!("{l}:"))
        }
    });
    let (label_name, party, label_role) =
        parsed.map_or((None, None, None), |p| (p.name, p.party, p.role));
    let chair = u
        .attr("ana")
        .is_some_and(|a| a.split_whitespace().any(|v| v == "#chair"));
    Utterance {
        name: label_name.or_else(|| u.attr("who").and_then(name_from_id)),
        party,
        role: label_role.or_else(|| chair.then(|| "voorzitter".to_string())),
        started: false,
    }
}

/// "#KhadijaArib" → "Khadija Arib"; "#VanderStaaijKees" → "Van der
/// Staaij Kees". ParlaMint ids are a person's names run together; their
/// order differs between corpora, so it is kept.
fn name_from_id(who: &str) -> Option<String> {
    let id = who.trim().trim_start_matches('#');
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in id.chars() {
        if c.is_uppercase() && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        if c.is_alphanumeric() || c == '\'' {
            current.push(c);
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    words.extend((!current.is_empty()).then_some(current));
    let words: Vec<String> = words
        .into_iter()
        .map(|w| match w.as_str() {
            "Vander" => "Van der".to_string(),
            "Vanden" => "Van den".to_string(),
            "Vande" => "Van de".to_string(),
            _ => w,
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where a turn starts (offset or text), speaker, party, role.
    type Turn<'a, T> = (T, Option<&'a str>, Option<&'a str>, Option<&'a str>);

    const HEADER: &str = "Text_ID\tID\tTitle\tDate\tBody\tSpeaker_role\tSpeaker_MP\tSpeaker_minister\tSpeaker_party\tSpeaker_name";

    fn meta(rows: &[&str]) -> String {
        let mut s = HEADER.to_string();
        for r in rows {
            s.push('\n');
            s.push_str(r);
        }
        s.push('\n');
        s
    }

    const ROW_CHAIR: &str = "S\tS.u1\tVerslag van de vergadering\t2023-02-09\tTweede Kamer\tVoorzitter\tMP\tnotMinister\tVVD\tJansen, Petra";
    const ROW_MP: &str = "S\tS.u2\tVerslag van de vergadering\t2023-02-09\tTweede Kamer\tVast\tMP\tnotMinister\tD66\tBakker, Tom";
    const ROW_MINISTER: &str = "S\tS.u3\tVerslag van de vergadering\t2023-02-09\tTweede Kamer\tVast\tnotMP\tMinister\t-\tDe Vries, Anne";
    const ROW_GUEST: &str = "S\tS.u4\tVerslag van de vergadering\t2023-02-09\tTweede Kamer\tGast\tnotMP\tnotMinister\t-\t-";

    #[test]
    fn text_with_meta_gives_paragraphs_and_turns() {
        let text = "S.u1\tIk open de vergadering.\nS.u2\tVoorzitter. Ik heb een  vraag over de dijken.\n\nS.u3\tDaar kom ik op terug.\nS.u4\tDank u.\n";
        let meta = meta(&[ROW_CHAIR, ROW_MP, ROW_MINISTER, ROW_GUEST]);
        let s = read_text(text, &meta, "S-meta.tsv").expect("reads");
        assert_eq!(
            s.text,
            "Ik open de vergadering.\n\nVoorzitter. Ik heb een vraag over de dijken.\n\nDaar kom ik op terug.\n\nDank u."
        );
        assert_eq!(s.title.as_deref(), Some("Verslag van de vergadering"));
        assert_eq!(s.date.as_deref(), Some("2023-02-09"));
        let got: Vec<Turn<usize>> = s
            .turns
            .iter()
            .map(|t| {
                (
                    t.start,
                    t.speaker.as_deref(),
                    t.party.as_deref(),
                    t.role.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (0, Some("Petra Jansen"), Some("VVD"), Some("voorzitter")),
                (25, Some("Tom Bakker"), Some("D66"), Some("Kamerlid")),
                (71, Some("Anne De Vries"), None, Some("minister")),
                (94, None, None, None),
            ]
        );
        assert!(s.text[71..].starts_with("Daar"));
    }

    #[test]
    fn text_with_bad_meta_is_an_error() {
        let cases = [
            (
                "S.u9\tWie ben ik?",
                meta(&[ROW_CHAIR]),
                "speech id S.u9 in the text has no row in S-meta.tsv",
            ),
            (
                "S.u1\tTekst",
                "Text_ID\tID\tSpeaker_name\nS\tS.u1\tX".to_string(),
                "S-meta.tsv lacks the column(s) Title, Date, Speaker_role, Speaker_party",
            ),
            (
                "S.u1\tTekst",
                format!("{HEADER}\nS\tS.u1\tte kort"),
                "S-meta.tsv line 2: 3 fields where the header has 10",
            ),
            (
                "Gewone tekst zonder tab",
                meta(&[ROW_CHAIR]),
                "line 1: no tab; expected SPEECH_ID<TAB>text",
            ),
            ("S.u1\tTekst", String::new(), "S-meta.tsv is empty"),
        ];
        for (text, meta, expected) in cases {
            let err = read_text(text, &meta, "S-meta.tsv").expect_err(expected);
            assert!(err.starts_with(expected), "{expected}: {err}");
        }
    }

    #[test]
    fn meta_header_and_path() {
        assert!(is_meta_header(HEADER));
        assert!(!is_meta_header("ID\tName\tParty"));
        assert_eq!(
            meta_path(Path::new("a/ParlaMint-NL_2017.txt")),
            PathBuf::from("a/ParlaMint-NL_2017-meta.tsv")
        );
    }

    /// An invented sitting in the shape of a ParlaMint-NL component file.
    const TEI: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="Test-2023-02-09" xml:lang="nl">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main" xml:lang="en">Minutes of the Tweede Kamer, 2023-02-09 [ParlaMint]</title>
        <title type="main" xml:lang="nl">Verslag van de vergadering van 9 februari 2023 [ParlaMint]</title>
        <title type="sub" xml:lang="nl">Vergadering 12</title>
      </titleStmt>
    </fileDesc>
    <profileDesc>
      <settingDesc>
        <setting><date when="2023-02-09">9 februari 2023</date></setting>
      </settingDesc>
    </profileDesc>
  </teiHeader>
  <text>
    <body>
      <div type="debateSection">
        <head>Debat over de dijkversterking</head>
        <note type="speaker">De voorzitter:</note>
        <u who="#PetraJansen" ana="#chair" xml:id="T.u1">
          <seg xml:id="T.seg1">Ik open de vergadering.</seg>
        </u>
        <note type="speaker">De heer Van den Berg (SGP):</note>
        <u who="#VandenBergJan" ana="#regular" xml:id="T.u2">
          <seg xml:id="T.seg2">Voorzitter. Wanneer worden de dijken
            in Zeeland versterkt?</seg>
          <note type="comment">Geroffel op de bankjes.</note>
          <kinesic type="applause"><desc>Applaus.</desc></kinesic>
          <seg xml:id="T.seg3">Dat vraag ik <gap reason="inaudible"><desc>onverstaanbaar</desc></gap>de minister.</seg>
        </u>
        <u who="#AnneDeVries" ana="#regular" xml:id="T.u3">
          <seg>Daar kom ik &amp; mijn ambtenaren op terug.</seg>
        </u>
      </div>
    </body>
  </text>
</TEI>
"##;

    fn turns_of(s: &Sitting) -> Vec<Turn<'_, &str>> {
        s.turns
            .iter()
            .map(|t| {
                (
                    &s.text[t.start..],
                    t.speaker.as_deref(),
                    t.party.as_deref(),
                    t.role.as_deref(),
                )
            })
            .map(|(text, a, b, c)| (text.split('\n').next().unwrap_or(""), a, b, c))
            .collect()
    }

    #[test]
    fn tei_sitting_gives_speeches_and_speakers() {
        let s = read_tei(TEI).expect("reads");
        assert_eq!(
            s.title.as_deref(),
            Some("Verslag van de vergadering van 9 februari 2023")
        );
        assert_eq!(s.date.as_deref(), Some("2023-02-09"));
        assert_eq!(
            s.text,
            "Debat over de dijkversterking\n\nIk open de vergadering.\n\n\
             Voorzitter. Wanneer worden de dijken in Zeeland versterkt?\n\n\
             Dat vraag ik de minister.\n\nDaar kom ik & mijn ambtenaren op terug."
        );
        assert_eq!(
            turns_of(&s),
            vec![
                ("Debat over de dijkversterking", None, None, None),
                (
                    "Ik open de vergadering.",
                    Some("Petra Jansen"),
                    None,
                    Some("voorzitter")
                ),
                (
                    "Voorzitter. Wanneer worden de dijken in Zeeland versterkt?",
                    Some("Van den Berg"),
                    Some("SGP"),
                    None
                ),
                (
                    "Daar kom ik & mijn ambtenaren op terug.",
                    Some("Anne De Vries"),
                    None,
                    None
                ),
            ]
        );
    }

    #[test]
    fn annotated_tei_joins_tokens() {
        let ana = r##"<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
          <u who="#TomBakker">
            <seg>
              <s>
                <w lemma="ik">Ik</w>
                <w>vraag</w>
                <name type="PER"><w>De</w> <w join="right">Vries</w></name>
                <pc>:</pc>
                <pc join="right">"</pc>
                <w join="right">waarom</w>
                <pc>?</pc>
              </s>
            </seg>
          </u></body></text></TEI>"##;
        let s = read_tei(ana).expect("reads");
        assert_eq!(s.text, "Ik vraag De Vries: \"waarom?");
        assert_eq!(turns_of(&s)[0].1, Some("Tom Bakker"));
    }

    #[test]
    fn xml_kinds_and_bad_tei() {
        let cases = [
            (TEI, XmlKind::Sitting),
            (
                "<?xml version=\"1.0\"?><!-- x --><teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\">",
                XmlKind::TeiAuxiliary,
            ),
            ("<rss version=\"2.0\"><channel>", XmlKind::Other("rss".into())),
            ("<TEI><text>", XmlKind::Other("TEI".into())),
            ("<<<", XmlKind::Sitting),
        ];
        for (head, expected) in cases {
            assert_eq!(classify_xml(head), expected, "{head}");
        }
        let errors = [
            (
                "<rss><channel/></rss>",
                "not a ParlaMint TEI sitting: the root element is <rss>",
            ),
            (
                &TEI[..TEI.len() / 2],
                "malformed XML: the document ends inside",
            ),
            (
                "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text></body></TEI>",
                "malformed XML at line 1, column",
            ),
            ("", "empty XML document"),
        ];
        for (xml, expected) in errors {
            let err = read_tei(xml).expect_err(expected);
            assert!(err.starts_with(expected), "{expected}: {err}");
        }
    }

    #[test]
    fn names_from_ids() {
        let cases = [
            ("#KhadijaArib", Some("Khadija Arib")),
            ("#VanderStaaijKees", Some("Van der Staaij Kees")),
            ("#CemLaçin", Some("Cem Laçin")),
            ("#", None),
        ];
        for (id, expected) in cases {
            assert_eq!(name_from_id(id).as_deref(), expected, "{id}");
        }
    }
}
