//! The input readers end to end: an archive with a Word document, a
//! ParlaMint TEI sitting, a ParlaMint text + metadata pair and a broken
//! Word file, indexed by the real binary and searched by speaker.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::io::Write;
use std::path::Path;

fn notulen() -> Command {
    Command::cargo_bin("notulen").expect("binary built")
}

fn docx(paragraphs: &[(&str, Option<&str>)]) -> Vec<u8> {
    let mut body = String::new();
    for (text, style) in paragraphs {
        body.push_str("<w:p>");
        if let Some(style) = style {
            body.push_str(&format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>"));
        }
        body.push_str(&format!(
            "<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"
        ));
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}</w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(document.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

const TEI: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="nl">
  <teiHeader><fileDesc><titleStmt>
    <title type="main" xml:lang="nl">Verslag van de commissie Waterstaat [ParlaMint]</title>
  </titleStmt></fileDesc>
  <profileDesc><settingDesc><setting><date when="2023-04-12"/></setting></settingDesc></profileDesc>
  </teiHeader>
  <text><body><div type="debateSection">
    <note type="speaker">De voorzitter:</note>
    <u who="#PetraJansen" ana="#chair"><seg>Ik geef het woord aan mevrouw Smit.</seg></u>
    <note type="speaker">Mevrouw Smit (SP):</note>
    <u who="#LindaSmit" ana="#regular">
      <seg>Voorzitter. Hoe lang moeten de bewoners nog wachten op schoon drinkwater?</seg>
      <vocal type="interruption"><desc>Interruptie</desc></vocal>
    </u>
  </div></body></text>
</TEI>
"##;

const META_HEADER: &str = "Text_ID\tID\tTitle\tDate\tBody\tTerm\tSession\tMeeting\tSitting\tAgenda\tSubcorpus\tLang\tSpeaker_role\tSpeaker_MP\tSpeaker_minister\tSpeaker_party\tSpeaker_party_name\tParty_status\tParty_orientation\tSpeaker_ID\tSpeaker_name\tSpeaker_gender\tSpeaker_birth\tTopic";

fn meta_row(id: &str, role: &str, party: &str, name: &str) -> String {
    format!(
        "TK-2023-02-09\t{id}\tVerslag van de vergadering van 9 februari 2023\t2023-02-09\tTweede Kamer\t-\t-\t-\t-\t-\tReferentie\tNederlands\t{role}\tMP\tnotMinister\t{party}\t-\t-\t-\t-\t{name}\t-\t-\tMilieu"
    )
}

fn archive(root: &Path) {
    fs::create_dir_all(root.join("gemeente")).unwrap();
    fs::create_dir_all(root.join("tk")).unwrap();
    fs::write(
        root.join("gemeente/2023-03-01-raad.docx"),
        docx(&[
            ("Raadsvergadering over het fietspad", Some("Kop1")),
            (
                "Aanwezig: de heer T. Bakker (D66), voorzitter mevrouw P. Jansen",
                None,
            ),
            (
                "De heer Bakker (D66): Wanneer komt het nieuwe fietspad langs de rivier?",
                None,
            ),
        ]),
    )
    .unwrap();
    fs::write(root.join("tk/commissie.xml"), TEI).unwrap();
    fs::write(
        root.join("tk/TK-2023-02-09.txt"),
        "TK-2023-02-09.u1\tIk open de vergadering.\n\
         TK-2023-02-09.u2\tVoorzitter. Waarom worden er zo weinig windmolens op zee gebouwd?\n",
    )
    .unwrap();
    fs::write(
        root.join("tk/TK-2023-02-09-meta.tsv"),
        format!(
            "{META_HEADER}\n{}\n{}\n",
            meta_row("TK-2023-02-09.u1", "Voorzitter", "VVD", "Jansen, Petra"),
            meta_row("TK-2023-02-09.u2", "Vast", "GroenLinks", "Vermeulen, Sanne"),
        ),
    )
    .unwrap();
    let good = docx(&[("Tekst", None)]);
    fs::write(root.join("kapot.docx"), &good[..good.len() / 2]).unwrap();
}

fn search(index: &Path, query: &str) -> Value {
    let out = notulen()
        .args(["search", query, "--json", "--index"])
        .arg(index)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "search {query:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// (session, speaker, party) of each hit.
fn hits(v: &Value) -> Vec<(String, String, String)> {
    let field = |r: &Value, k: &str| r[k].as_str().unwrap_or("").to_string();
    v["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| (field(r, "session"), field(r, "speaker"), field(r, "party")))
        .collect()
}

#[test]
fn new_formats_are_indexed_with_their_speakers() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("archief");
    archive(&root);
    let index = tmp.path().join("index");
    let out = notulen()
        .args(["run", "--quiet", "--index"])
        .arg(&index)
        .arg(&root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(
        stderr.contains(&format!(
            "{}: not a readable .docx",
            root.join("kapot.docx").display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("indexed 3 sessions"), "{stderr}");
    assert!(!stderr.contains("meta.tsv"), "{stderr}");

    // ParlaMint text: the speaker comes from the metadata, not the text.
    let v = search(&index, "spreker:vermeulen");
    assert_eq!(
        hits(&v),
        vec![(
            "tk/TK-2023-02-09".to_string(),
            "Sanne Vermeulen".to_string(),
            "GroenLinks".to_string()
        )]
    );
    let hit = &v["results"][0];
    assert_eq!(hit["date"], "2023-02-09");
    assert_eq!(
        hit["title"],
        "Verslag van de vergadering van 9 februari 2023"
    );
    assert!(hit["text"].as_str().unwrap().contains("windmolens"));

    // TEI: the speaker note before the speech, and the chair by its id.
    let v = search(&index, "spreker:smit");
    assert_eq!(
        hits(&v),
        vec![(
            "tk/commissie".to_string(),
            "Smit".to_string(),
            "SP".to_string()
        )]
    );
    assert!(!v["results"][0]["text"]
        .as_str()
        .unwrap()
        .contains("Interruptie"));
    let v = search(&index, "spreker:jansen AND rol:voorzitter");
    let mut sessions: Vec<String> = hits(&v).into_iter().map(|h| h.0).collect();
    sessions.sort();
    assert_eq!(sessions, ["tk/TK-2023-02-09", "tk/commissie"]);

    // Word: the label in the text gives the speaker.
    let v = search(&index, "fietspad AND spreker:bakker");
    let found = hits(&v);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "gemeente/2023-03-01-raad");
    assert_eq!(found[0].2, "D66");
    assert_eq!(
        v["results"][0]["title"],
        "Raadsvergadering over het fietspad"
    );
}
