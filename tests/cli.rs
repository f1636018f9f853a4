//! End-to-end tests through the real binary: run the pipeline into a
//! temporary index, search it, and check exit codes and messages.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn notulen() -> Command {
    Command::cargo_bin("notulen").expect("binary built")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `notulen run PATHS --index INDEX --quiet` and returns the assertion.
fn run_into(index: &Path, paths: &[&Path]) -> assert_cmd::assert::Assert {
    let mut cmd = notulen();
    cmd.arg("run").arg("--quiet").arg("--index").arg(index);
    for p in paths {
        cmd.arg(p);
    }
    cmd.assert()
}

fn search_json(index: &Path, args: &[&str]) -> Value {
    let out = notulen()
        .arg("search")
        .arg("--json")
        .arg("--index")
        .arg(index)
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "search {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn texts(v: &Value) -> Vec<String> {
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap().to_lowercase())
        .collect()
}

/// A small archive written by the test itself, so expectations are exact.
fn small_archive(dir: &Path) -> PathBuf {
    let root = dir.join("archief");
    fs::create_dir_all(root.join("reeks-a")).unwrap();
    fs::write(
        root.join("reeks-a/2021-03-09-sessie.txt"),
        "Sessie over resultaten\n\nOp dinsdag 9 maart 2021 spraken we over hoe de resultaten worden geborgd.\n\n\
         Na de looptijd van de deal moet er iets blijven.\n\n\
         De deal heeft een looptijd die lang genoeg is, zei iemand over de deal.\n",
    )
    .unwrap();
    fs::write(
        root.join("reeks-a/notities.md"),
        "---\ntitel: Notities over financiering\ndatum: 2022-06-14\n---\n\n# Financiering\n\nWie betaalt de **ideeën** van de partners?\n",
    )
    .unwrap();
    root
}

#[test]
fn run_then_stemmed_search_finds_inflected_form() {
    let tmp = tempfile::tempdir().unwrap();
    let root = small_archive(tmp.path());
    let index = tmp.path().join("index");
    run_into(&index, &[&root])
        .success()
        .stderr(predicate::str::contains("indexed 2 sessions"));

    let v = search_json(&index, &["borging"]);
    let found = texts(&v);
    assert!(
        found.iter().any(|t| t.contains("geborgd")),
        "borging should find geborgd: {found:?}"
    );
    let hit = &v["results"][0];
    assert_eq!(hit["date"], "2021-03-09");
    assert_eq!(hit["series"], "reeks-a");
    assert!(hit["snippet"].as_str().unwrap().contains("<b>"));

    // Diacritics are folded: ideeen finds ideeën.
    let v = search_json(&index, &["ideeen"]);
    assert_eq!(v["total"], 1);
    assert_eq!(v["results"][0]["title"], "Notities over financiering");
    assert_eq!(v["results"][0]["date"], "2022-06-14");

    // Date ranges take ISO dates.
    let v = search_json(
        &index,
        &["datum:[2022-01-01 TO 2022-12-31]", "--limit", "50"],
    );
    let results = v["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(results.iter().all(|r| r["date"] == "2022-06-14"), "{v}");
}

#[test]
fn phrase_query_matches_only_the_phrase() {
    let tmp = tempfile::tempdir().unwrap();
    let root = small_archive(tmp.path());
    let index = tmp.path().join("index");
    run_into(&index, &[&root]).success();

    let loose = search_json(&index, &["looptijd deal"]);
    assert_eq!(loose["total"], 2, "both passages have both words");
    let phrase = search_json(&index, &["\"looptijd van de deal\""]);
    assert_eq!(phrase["total"], 1);
    assert!(texts(&phrase)[0].contains("looptijd van de deal"));
}

#[test]
fn exact_search_does_not_stem() {
    let tmp = tempfile::tempdir().unwrap();
    let root = small_archive(tmp.path());
    let index = tmp.path().join("index");
    run_into(&index, &[&root]).success();
    let stemmed = search_json(&index, &["borgen"]);
    assert!(stemmed["total"].as_u64().unwrap() >= 1);
    let exact = search_json(&index, &["--exact", "borgen"]);
    assert_eq!(exact["total"], 0);
    let exact = search_json(&index, &["--exact", "geborgd"]);
    assert_eq!(exact["total"], 1);
}

#[test]
fn query_syntax_error_is_exit_2_with_message() {
    let tmp = tempfile::tempdir().unwrap();
    let root = small_archive(tmp.path());
    let index = tmp.path().join("index");
    run_into(&index, &[&root]).success();
    notulen()
        .args(["search", "--index"])
        .arg(&index)
        .arg("onbekend:veld")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field `onbekend`"));
    notulen()
        .args(["search", "--index"])
        .arg(&index)
        .arg("\"open phrase")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot parse query"));
}

#[test]
fn search_without_index_says_to_run() {
    let tmp = tempfile::tempdir().unwrap();
    notulen()
        .args(["search", "borging", "--index"])
        .arg(tmp.path().join("nergens"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("notulen run"));
}

#[test]
fn bad_inputs_are_reported_and_the_rest_is_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = small_archive(tmp.path());
    let bad = root.join("slecht");
    fs::create_dir_all(&bad).unwrap();
    fs::write(bad.join("leeg.txt"), "").unwrap();
    fs::write(
        bad.join("binair.txt"),
        b"\x00\x01\x02PK\x03\x04\x00\x00garbage\x00",
    )
    .unwrap();
    // Windows-1252: "Ideeën" with ë as 0xEB — read with a warning, not lost.
    fs::write(
        bad.join("cp1252.txt"),
        b"Verslag\n\nIdee\xebn over samenwerking.\n",
    )
    .unwrap();
    let missing = tmp.path().join("bestaat-niet");
    let index = tmp.path().join("index");

    let out = notulen()
        .args(["run", "--quiet", "--index"])
        .arg(&index)
        .arg(&root)
        .arg(&missing)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(stderr.contains("leeg.txt"), "{stderr}");
    assert!(stderr.contains("empty"), "{stderr}");
    assert!(stderr.contains("binair.txt"), "{stderr}");
    assert!(stderr.contains("bestaat-niet"), "{stderr}");
    assert!(stderr.contains("Windows-1252"), "{stderr}");
    assert!(stderr.contains("indexed 3 sessions"), "{stderr}");

    let v = search_json(&index, &["ideeën"]);
    assert!(texts(&v)
        .iter()
        .any(|t| t.contains("ideeën over samenwerking")));
}

#[test]
fn unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let root = small_archive(tmp.path());
    let locked = root.join("geheim.txt");
    fs::write(&locked, "Geheim verslag\n\nTekst.\n").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_ok() {
        eprintln!("skipped: running with privileges that ignore file permissions");
        return;
    }
    let index = tmp.path().join("index");
    run_into(&index, &[&root])
        .code(1)
        .stderr(predicate::str::contains("geheim.txt"))
        .stderr(predicate::str::contains("ermission denied"));
}

#[test]
fn huge_single_paragraph_is_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("groot");
    fs::create_dir_all(&root).unwrap();
    let sentence = "De gemeente wil de afspraken met partners in de regio borgen. ";
    let text: String = sentence.repeat(50 * 1024 * 1024 / sentence.len());
    fs::write(root.join("groot.txt"), &text).unwrap();
    // One enormous "word" without any space or punctuation as well.
    fs::write(root.join("lang-woord.txt"), "a".repeat(2 * 1024 * 1024)).unwrap();
    let index = tmp.path().join("index");
    run_into(&index, &[&root])
        .success()
        .stderr(predicate::str::contains("indexed 2 sessions"));
    let v = search_json(&index, &["borging", "--limit", "1"]);
    assert_eq!(v["total"], 1);
}

#[test]
fn failed_run_keeps_previous_index() {
    let tmp = tempfile::tempdir().unwrap();
    let root = small_archive(tmp.path());
    let index = tmp.path().join("index");
    run_into(&index, &[&root]).success();
    // A killed run leaves a half-built folder behind; the live index is unaffected.
    fs::create_dir_all(index.join(".building-424242")).unwrap();
    fs::write(index.join(".building-424242/meta.json"), "{half").unwrap();
    assert_eq!(search_json(&index, &["borging"])["total"], 1);
    // A run in which nothing can be read does not replace the index.
    let empty = tmp.path().join("leeg");
    fs::create_dir_all(&empty).unwrap();
    run_into(&index, &[&empty])
        .code(2)
        .stderr(predicate::str::contains("left as it was"));
    assert_eq!(search_json(&index, &["borging"])["total"], 1);
    // The next good run cleans up the leftovers.
    run_into(&index, &[&root]).success();
    assert!(!index.join(".building-424242").exists());
}

#[test]
fn bundled_corpus_runs_and_is_searchable() {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");
    let corpus = repo().join("corpus");
    let out = notulen()
        .args(["run", "--quiet", "--index"])
        .arg(&index)
        .arg(&corpus)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let v = search_json(&index, &["borging", "--limit", "50"]);
    let found = texts(&v);
    assert!(found.len() >= 3, "{found:?}");
    assert!(
        found.iter().any(|t| !t.contains("borging")),
        "stemming should find other forms than the query word"
    );
    // Every result has a session date (the corpus is fully dated).
    for r in v["results"].as_array().unwrap() {
        assert!(r["date"].is_string(), "{r}");
    }
}

#[test]
fn results_are_identical_at_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = repo().join("corpus");
    let one = tmp.path().join("one");
    let two = tmp.path().join("two");
    for (index, threads) in [(&one, "1"), (&two, "2")] {
        notulen()
            .args(["run", "--quiet", "-j", threads, "--index"])
            .arg(index)
            .arg(&corpus)
            .assert()
            .success();
    }
    for q in ["borging", "data", "\"city deal\"", "gemeente OR rijk"] {
        let a = search_json(&one, &[q, "--limit", "30"]);
        let b = search_json(&two, &[q, "--limit", "30"]);
        assert_eq!(a, b, "query {q}");
    }
}

#[test]
fn seed_report_date_and_title() {
    let seed = repo().join("../shared/seeds/cop-themasessie-2021-03-09.txt");
    if !seed.exists() {
        eprintln!("skipped: {} not present", seed.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");
    run_into(&index, &[&seed]).success();
    let v = search_json(&index, &["koffieleut"]);
    let hit = &v["results"][0];
    assert_eq!(hit["date"], "2021-03-09");
    assert_eq!(
        hit["title"],
        "Veel gedeelde vragen tijdens virtuele koffieleut CoP"
    );
    assert_eq!(hit["session"], "cop-themasessie-2021-03-09");
}

#[test]
fn usage_error_is_exit_2() {
    notulen().arg("bestaat-niet").assert().code(2);
    notulen().args(["search"]).assert().code(2);
}
