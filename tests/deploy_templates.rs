//! The shipped OpenSearch template and Quickwit index config are valid JSON
//! and map exactly the fields of `notulen export --format jsonl`.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &str) -> Value {
    let text = fs::read_to_string(repo().join(path)).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The keys of an exported passage, from a real export.
fn export_fields() -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archief/raad");
    fs::create_dir_all(&archive).unwrap();
    fs::write(
        archive.join("2021-03-09-x.txt"),
        "Commissie\n\nDe heer Bakker (D66): Hoe borgen we de woningbouwopgave?",
    )
    .unwrap();
    let index = dir.path().join("index");
    Command::cargo_bin("notulen")
        .unwrap()
        .args(["run", "--quiet", "--index"])
        .arg(&index)
        .arg(dir.path().join("archief"))
        .assert()
        .success();
    let out = dir.path().join("p.jsonl");
    Command::cargo_bin("notulen")
        .unwrap()
        .args(["export", "--format", "jsonl", "--index"])
        .arg(&index)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let rows: Vec<Value> = fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows[1]["text_stemmed"]
        .as_str()
        .unwrap()
        .contains("woningbouwopgav bouwopgav opgav"));
    rows[0].as_object().unwrap().keys().cloned().collect()
}

#[test]
fn templates_match_the_export() {
    let fields = export_fields();
    let opensearch = json("deploy/opensearch/notulen-passages.template.json");
    let mapped: BTreeSet<String> = opensearch["template"]["mappings"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(mapped, fields, "OpenSearch template");
    assert_eq!(
        opensearch["template"]["settings"]["analysis"]["analyzer"]["notulen_dutch"]["type"],
        "dutch"
    );

    let quickwit = json("deploy/quickwit/notulen-passages.index.json");
    let mapped: BTreeSet<String> = quickwit["doc_mapping"]["field_mappings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(mapped, fields, "Quickwit index config");
    assert_eq!(
        quickwit["search_settings"]["default_search_fields"][0],
        "text_stemmed"
    );
}
