//! Search that researchers steer (filters, phrases, compounds, facets,
//! sorting), the concordance, and the exports, through the real binary.

use assert_cmd::Command;
use notulen::export::qdpx_format;
use serde_json::Value;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn notulen() -> Command {
    Command::cargo_bin("notulen").expect("binary built")
}

/// One index of the bundled corpus, built once for all tests here.
fn corpus_index() -> &'static Path {
    static INDEX: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index");
        let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
        notulen()
            .args(["run", "--quiet", "--index"])
            .arg(&index)
            .arg(&corpus)
            .assert()
            .success();
        (dir, index)
    });
    path
}

/// A small archive whose every word the test knows.
fn small_index() -> &'static Path {
    static INDEX: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("archief");
        fs::create_dir_all(root.join("raad")).unwrap();
        fs::write(
            root.join("raad/2021-03-09-sessie.txt"),
            "Sessie over wonen\n\n\
             De woningbouwopgave is groot en de ideeën zijn talrijk.\n\n\
             Na de looptijd van de City Deal moeten de resultaten geborgd blijven.\n\n\
             De deal loopt af, en de looptijd is nooit lang genoeg voor een deal als deze.",
        )
        .unwrap();
        fs::write(
            root.join("raad/2022-05-01-tweede.txt"),
            "Tweede sessie\n\nDe bouwopgave vraagt om borging. Hoe borgen we dat?\n\n\
             Een opgave voor iedereen.",
        )
        .unwrap();
        let index = dir.path().join("index");
        notulen()
            .args(["run", "--quiet", "--index"])
            .arg(&index)
            .arg(&root)
            .assert()
            .success();
        (dir, index)
    });
    path
}

fn search(index: &Path, args: &[&str]) -> Value {
    let out = notulen()
        .args(["search", "--json", "--index"])
        .arg(index)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "search {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn results(v: &Value) -> &Vec<Value> {
    v["results"].as_array().unwrap()
}

fn total(v: &Value) -> u64 {
    v["total"].as_u64().unwrap()
}

#[test]
fn filter_flags_agree_with_query_fields() {
    let index = corpus_index();
    let all = search(index, &["deal", "-n", "500"]);
    for (flag, value, field) in [
        ("--theme", "borging en continuïteit", "thema"),
        ("--series", "cop-themasessies", "reeks"),
        ("--organisation", "VNG", "organisatie"),
    ] {
        let by_flag = search(index, &["deal", flag, value, "-n", "500"]);
        let by_query = search(
            index,
            &[&format!("deal AND {field}:\"{value}\""), "-n", "500"],
        );
        assert!(total(&by_flag) > 0, "{flag} {value} finds nothing");
        assert!(
            total(&by_flag) < total(&all),
            "{flag} {value} filters nothing"
        );
        assert_eq!(total(&by_flag), total(&by_query), "{flag} {value}");
    }
    let vng = search(index, &["deal", "--org", "VNG", "-n", "500"]);
    for hit in results(&vng) {
        let orgs: Vec<&str> = hit["entities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] == "ORG")
            .map(|e| e["canonical"].as_str().unwrap())
            .collect();
        assert!(orgs.contains(&"VNG"), "{hit}");
    }
}

#[test]
fn date_ranges_as_flags_and_in_queries() {
    let index = corpus_index();
    let flags = search(
        index,
        &[
            "stad",
            "--from",
            "2021-01-01",
            "--to",
            "2021-12-31",
            "-n",
            "500",
        ],
    );
    let query = search(
        index,
        &["stad AND datum:[2021-01-01 TO 2021-12-31]", "-n", "500"],
    );
    assert!(total(&flags) > 0);
    assert_eq!(total(&flags), total(&query));
    for hit in results(&flags) {
        let d = hit["date"].as_str().unwrap();
        assert!(("2021-01-01"..="2021-12-31").contains(&d), "{d}");
    }
    notulen()
        .args([
            "search",
            "stad",
            "--from",
            "2022-01-01",
            "--to",
            "2021-01-01",
            "--index",
        ])
        .arg(index)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("wrong way round"));
    notulen()
        .args(["search", "stad", "--from", "9 maart", "--index"])
        .arg(index)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("YYYY-MM-DD"));
    notulen()
        .args(["search", "spreker2:x", "--index"])
        .arg(index)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown field"));
}

#[test]
fn questions_only_and_sorting_by_date() {
    let index = corpus_index();
    let q = search(index, &["deal", "--questions", "-n", "500"]);
    assert!(total(&q) > 0 && total(&q) < total(&search(index, &["deal"])));
    for hit in results(&q) {
        assert!(hit["questions"].as_u64().unwrap() > 0);
    }
    for (sort, newest_first) in [("newest", true), ("oldest", false)] {
        let v = search(index, &["deal", "--sort", sort, "-n", "40"]);
        let dates: Vec<&str> = results(&v)
            .iter()
            .filter_map(|h| h["date"].as_str())
            .collect();
        assert!(dates.len() > 5);
        let mut sorted = dates.clone();
        sorted.sort();
        if newest_first {
            sorted.reverse();
        }
        assert_eq!(dates, sorted, "--sort {sort}");
    }
    // Paging by date is stable: two pages are the first 20 in two halves.
    let whole = search(index, &["deal", "--sort", "newest", "-n", "20"]);
    let first = search(index, &["deal", "--sort", "newest", "-n", "10"]);
    let second = search(
        index,
        &["deal", "--sort", "newest", "-n", "10", "--offset", "10"],
    );
    let key = |h: &Value| format!("{}#{}", h["session"], h["passage"]);
    let paged: Vec<String> = results(&first)
        .iter()
        .chain(results(&second))
        .map(key)
        .collect();
    let all: Vec<String> = results(&whole).iter().map(key).collect();
    assert_eq!(paged, all);
}

#[test]
fn phrases_and_proximity_are_highlighted_as_spans() {
    let index = small_index();
    let near = search(index, &["\"looptijd deal\"~3"]);
    assert_eq!(total(&near), 1, "{near}");
    let snippet = results(&near)[0]["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("<b>looptijd van de City Deal</b>"),
        "{snippet}"
    );
    // The other "deal"s of the passage are not part of a match.
    assert_eq!(snippet.matches("<b>").count(), 1, "{snippet}");
    // Without slop the words must be adjacent (stop words count).
    assert_eq!(total(&search(index, &["\"looptijd deal\""])), 0);
    // A wider window reaches the third passage too.
    assert_eq!(total(&search(index, &["\"looptijd deal\"~6"])), 2);
}

#[test]
fn folding_stemming_and_compounds() {
    let index = small_index();
    // Diacritics are folded: "ideeen" finds "ideeën".
    let v = search(index, &["ideeen"]);
    assert_eq!(total(&v), 1);
    assert!(results(&v)[0]["snippet"]
        .as_str()
        .unwrap()
        .contains("<b>ideeën</b>"));
    // Stems: borging finds geborgd and borgen.
    let v = search(index, &["borging", "-n", "10"]);
    assert_eq!(total(&v), 2);
    // Compounds: the tail finds the compound and is highlighted in it.
    let v = search(index, &["bouwopgave"]);
    assert_eq!(total(&v), 2, "{v}");
    let snippets: Vec<&str> = results(&v)
        .iter()
        .map(|h| h["snippet"].as_str().unwrap())
        .collect();
    assert!(
        snippets
            .iter()
            .any(|s| s.contains("<b>woningbouwopgave</b>")),
        "{snippets:?}"
    );
    assert_eq!(total(&search(index, &["opgave"])), 3);
    // A modifier does not: "bouw" only narrows "bouwopgave".
    assert_eq!(total(&search(index, &["bouw"])), 0);
    // --exact matches surface forms only.
    assert_eq!(total(&search(index, &["--exact", "bouwopgave"])), 1);
}

#[test]
fn facets_count_the_whole_result_set() {
    let index = corpus_index();
    let v = search(index, &["deal", "--facets", "-n", "1"]);
    let facets = v["facets"].as_object().expect("facets");
    for name in [
        "theme",
        "deal",
        "organisation",
        "person",
        "speaker",
        "party",
        "year",
    ] {
        assert!(facets.contains_key(name), "{name}");
    }
    let total = total(&v);
    let years: u64 = facets["year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .sum();
    // Every corpus session is dated, so the years partition the results.
    assert_eq!(years, total);
    // A facet count is what the matching filter finds.
    let theme = &facets["theme"][0];
    let value = theme["value"].as_str().unwrap();
    let filtered = search(index, &["deal", "--theme", value]);
    assert_eq!(
        theme["count"].as_u64(),
        filtered["total"].as_u64(),
        "{value}"
    );
    assert!(search(index, &["deal"]).get("facets").is_none());
}

fn kwic(index: &Path, args: &[&str]) -> String {
    let out = notulen()
        .arg("kwic")
        .arg("--index")
        .arg(index)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn kwic_lines_are_aligned_and_parse_as_csv_and_json() {
    let index = corpus_index();
    let text = kwic(index, &["borging", "-w", "30"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() > 10);
    let bars: HashSet<usize> = lines
        .iter()
        .map(|l| l.chars().position(|c| c == '|').unwrap())
        .collect();
    assert_eq!(bars, HashSet::from([31]), "left context is right-aligned");
    let second: HashSet<usize> = lines
        .iter()
        .map(|l| l.chars().skip(32).position(|c| c == '|').unwrap())
        .collect();
    assert_eq!(second.len(), 1, "match column has one width");

    let csv = kwic(index, &["borging", "--csv", "-w", "30"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        ["session", "date", "passage", "left", "match", "right"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), lines.len());
    for row in &rows {
        let m = row[4].to_lowercase();
        assert!(m.starts_with("borg") || m.starts_with("geborg"), "{m}");
        assert!(row[3].chars().count() <= 30 && row[5].chars().count() <= 30);
    }
    let json = kwic(index, &["borging", "--json", "-n", "3"]);
    let parsed: Vec<Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(parsed.len(), 3);
    assert!(parsed[0]["match"].is_string() && parsed[0]["left"].is_string());
}

#[test]
fn kwic_snapshot() {
    let text = kwic(small_index(), &["borging", "-w", "24"]);
    insta::assert_snapshot!(text);
}

fn export(index: &Path, out: &Path, args: &[&str]) -> std::process::Output {
    notulen()
        .arg("export")
        .arg("--index")
        .arg(index)
        .arg("--out")
        .arg(out)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn csv_and_jsonl_exports_parse_back() {
    let index = corpus_index();
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("passages.csv");
    let out = export(index, &csv_path, &["--format", "csv", "--query", "borging"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for col in [
        "session", "title", "date", "series", "passage", "text", "themes", "askers",
    ] {
        assert!(header.iter().any(|h| h == col), "{col} in {header:?}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let expected = total(&search(index, &["borging"]));
    assert_eq!(rows.len() as u64, expected);
    let text_col = header.iter().position(|h| h == "text").unwrap();
    assert!(rows
        .iter()
        .all(|r| r.len() == header.len() && !r[text_col].is_empty()));

    let provenance: Value = serde_json::from_str(
        &fs::read_to_string(dir.path().join("passages.csv.provenance.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(provenance["rows"].as_u64(), Some(expected));
    for key in ["tool", "corpus_hash", "lexicon_hash", "query"] {
        assert!(
            provenance[key].as_str().is_some_and(|s| !s.is_empty()),
            "{key}"
        );
    }
    assert!(provenance["analyser"]["model"]
        .as_str()
        .is_some_and(|s| s.len() == 16));

    let jsonl = dir.path().join("questions.jsonl");
    let out = export(index, &jsonl, &["--format", "jsonl", "--questions"]);
    assert!(out.status.success());
    let questions: Vec<Value> = fs::read_to_string(&jsonl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(questions.len() > 50);
    assert!(questions.iter().any(|q| q["question_group"].is_u64()));
    assert!(questions
        .iter()
        .all(|q| q["question"].is_string() && q["answered"].is_boolean()));

    let entities = dir.path().join("entities.csv");
    assert!(export(
        index,
        &entities,
        &["--format", "csv", "--entities", "--org", "VNG"]
    )
    .status
    .success());
    let mut reader = csv::Reader::from_path(&entities).unwrap();
    assert!(reader.records().count() > 0);
}

#[test]
fn exports_are_whole_or_absent() {
    let index = corpus_index();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.csv");
    assert!(export(index, &path, &["-f", "csv"]).status.success());
    let before = fs::read(&path).unwrap();
    // An existing file is kept without --force.
    let out = export(index, &path, &["-f", "csv", "--query", "borging"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(fs::read(&path).unwrap(), before);
    assert!(export(
        index,
        &path,
        &["-f", "csv", "--query", "borging", "--force"]
    )
    .status
    .success());
    assert_ne!(fs::read(&path).unwrap(), before);
    // Bad folder, bad query, bad dates: exit 2 and nothing written.
    for (out_path, args) in [
        (dir.path().join("nope/x.csv"), vec!["-f", "csv"]),
        (
            dir.path().join("y.csv"),
            vec!["-f", "csv", "--query", "onbekend:veld"],
        ),
        (
            dir.path().join("z.csv"),
            vec!["-f", "csv", "--from", "2022-01-01", "--to", "2021-01-01"],
        ),
    ] {
        let out = export(index, &out_path, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out_path.exists());
    }
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
}

#[test]
fn qdpx_round_trip() {
    let index = corpus_index();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.qdpx");
    let out = export(index, &path, &["--format", "qdpx"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let project = qdpx_format::read_path(&path).expect("reads back");
    project.validate().expect("valid REFI-QDA structure");

    // GUIDs well formed and unique across the project.
    let guids = project.defined_guids();
    assert!(guids.iter().all(|g| qdpx_format::is_guid(g)));
    assert_eq!(guids.iter().collect::<HashSet<_>>().len(), guids.len());

    // One source per session; every selection's text is what its code says.
    let sessions = fs::read_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .map(|e| fs::read_dir(e.unwrap().path()).unwrap().count())
        .sum::<usize>();
    assert_eq!(project.sources.len(), sessions);
    // What each coded selection must say, from the table exports of the
    // same index: question texts and entity surface forms per session
    // (sources are named "date title").
    let questions_path = dir.path().join("q.jsonl");
    let entities_path = dir.path().join("e.jsonl");
    assert!(
        export(index, &questions_path, &["-f", "jsonl", "--questions"])
            .status
            .success()
    );
    assert!(
        export(index, &entities_path, &["-f", "jsonl", "--entities"])
            .status
            .success()
    );
    let rows = |path: &Path| -> Vec<Value> {
        fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let source_name = |r: &Value| {
        format!(
            "{} {}",
            r["date"].as_str().unwrap(),
            r["title"].as_str().unwrap()
        )
    };
    let mut questions: HashSet<(String, String)> = HashSet::new();
    for q in rows(&questions_path) {
        questions.insert((source_name(&q), q["question"].as_str().unwrap().to_string()));
    }
    let mut forms: HashSet<(String, String, String)> = HashSet::new();
    for e in rows(&entities_path) {
        for f in e["surface_forms"].as_array().unwrap() {
            forms.insert((
                source_name(&e),
                e["canonical"].as_str().unwrap().to_string(),
                f.as_str().unwrap().to_string(),
            ));
        }
    }
    // Code GUID → (top category, code name).
    let mut category = std::collections::HashMap::new();
    for top in &project.codes {
        for code in top.walk() {
            category.insert(code.guid.clone(), (top.name.clone(), code.name.clone()));
        }
    }
    let top: Vec<&str> = project.codes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(top, ["Thema's", "Vragen", "Entiteiten"]);
    let mut checked = 0;
    let mut whole_passages = 0;
    for source in &project.sources {
        let name = source.name.clone().unwrap();
        let body = source.text.as_deref().unwrap();
        let chars: Vec<char> = body.chars().collect();
        for sel in &source.selections {
            let text = sel.text(source).expect("selection inside its source");
            assert!(!text.trim().is_empty());
            // Never a fragment of a word.
            let before = sel.start.checked_sub(1).map(|i| chars[i]);
            assert!(!before.is_some_and(char::is_alphanumeric), "{text:?}");
            assert!(
                !chars.get(sel.end).is_some_and(|c| c.is_alphanumeric()),
                "{text:?}"
            );
            for coding in &sel.codings {
                let (top, code) = &category[&coding.code_guid];
                match top.as_str() {
                    "Vragen" => {
                        if !questions.contains(&(name.clone(), text.to_string())) {
                            whole_passages += 1;
                        }
                    }
                    "Entiteiten" => assert!(
                        forms.contains(&(name.clone(), code.clone(), text.to_string())),
                        "{name}: {text:?} coded as {code}"
                    ),
                    _ => assert_eq!(top, "Thema's"),
                }
                checked += 1;
            }
        }
    }
    // A question is coded on its own words; only where the detector
    // rephrased it is the whole passage coded instead.
    assert!(
        whole_passages * 10 < questions.len(),
        "{whole_passages} whole passages"
    );
    assert!(checked > 500, "{checked} codings");
}

#[test]
fn search_text_snapshot() {
    let out = notulen()
        .args(["search", "\"looptijd deal\"~6", "--facets", "--index"])
        .arg(small_index())
        .output()
        .unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn themes_by_party_agree_with_party_searches() {
    let index = corpus_index();
    let out = notulen()
        .args([
            "report", "themes", "--by", "party", "--format", "json", "--index",
        ])
        .arg(index)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["by"], "party");
    let totals = v["totals"].as_array().unwrap();
    assert!(totals.len() > 3);
    // Each cell is the number of passages a party/theme search finds.
    for t in totals.iter().take(5) {
        let (party, theme) = (t["group"].as_str().unwrap(), t["theme"].as_str().unwrap());
        let found = search(index, &["*", "--party", party, "--theme", theme]);
        assert_eq!(
            t["passages"].as_u64(),
            found["total"].as_u64(),
            "{party} / {theme}"
        );
    }
    let out = notulen()
        .args([
            "report", "themes", "--by", "party", "--format", "csv", "--index",
        ])
        .arg(index)
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ["party", "year", "theme", "passages"]);
    assert!(reader.records().count() >= totals.len());
    notulen()
        .args(["report", "questions", "--by", "party", "--index"])
        .arg(index)
        .assert()
        .code(2);
}

#[test]
fn outputs_go_to_stdout_through_links_and_never_over_a_file_unasked() {
    let index = small_index();
    let dir = tempfile::tempdir().unwrap();
    // `-` is standard output, without a provenance file.
    let out = export(index, Path::new("-"), &["--format", "csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("session,"));
    assert!(!Path::new("-").exists() && !Path::new("-.provenance.json").exists());
    let out = export(index, Path::new("-"), &["--format", "qdpx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a file"));

    // A link is followed: the file behind it gets the export, the link stays.
    #[cfg(unix)]
    {
        let real = dir.path().join("echt.csv");
        let link = dir.path().join("link.csv");
        fs::write(&real, "oud\n").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let out = export(index, &link, &["--format", "csv", "--force"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(fs::read_to_string(&real).unwrap().starts_with("session,"));
    }

    // Reports, like exports, replace an existing file only with --force.
    let report = dir.path().join("thema.txt");
    let write_report = |force: bool| {
        let mut cmd = notulen();
        cmd.args(["report", "themes", "--index"])
            .arg(index)
            .arg("--out")
            .arg(&report);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    assert!(write_report(false).status.success());
    let again = write_report(false);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert!(write_report(true).status.success());
}

#[test]
fn a_query_of_exclusions_only_searches_all_other_passages() {
    let index = small_index();
    let all = total(&search(index, &["*"]));
    let with = total(&search(index, &["borging"]));
    assert!(with > 0 && with < all);
    assert_eq!(total(&search(index, &["NOT borging"])), all - with);
}

#[test]
fn query_mistakes_are_explained() {
    let index = small_index();
    for (query, says) in [
        ("\"borging", "quotation mark is not closed"),
        ("(borging OR data", "parentheses do not match"),
        ("jaar:abc", "whole number"),
        ("borging~1", "not supported"),
        ("", "the query is empty"),
    ] {
        let out = notulen()
            .args(["search", "--index"])
            .arg(index)
            .arg(query)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{query}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{query}: {stderr}");
        assert!(!stderr.contains("ParseIntError"), "{stderr}");
    }
}
