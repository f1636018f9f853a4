//! Incremental runs through the real binary: a re-run analyses only what
//! changed, and its index answers exactly like a fresh `--rebuild` of the
//! same files (scores up to Tantivy's field-norm rounding, see
//! ARCHITECTURE.md).

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn notulen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_notulen"))
}

/// Runs the binary; the failure message shows the command and its output.
fn run_ok(cmd: &mut Command, expected_code: i32) -> Output {
    let out = cmd.output().expect("binary runs");
    assert_eq!(
        out.status.code(),
        Some(expected_code),
        "{cmd:?}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn index_run(index: &Path, archive: &Path, extra: &[&str], code: i32) -> String {
    let out = run_ok(
        notulen()
            .args(["run", "--quiet", "-j", "2", "--index"])
            .arg(index)
            .args(extra)
            .arg(archive),
        code,
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(index: &Path, args: &[&str]) -> Value {
    let out = run_ok(notulen().args(args).arg("--index").arg(index), 0);
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn current(index: &Path) -> String {
    fs::read_to_string(index.join("CURRENT"))
        .expect("CURRENT")
        .trim()
        .to_string()
}

/// The bundled corpus, copied so the test can change it.
/// Sessions in the bundled corpus (one file each, in series folders).
fn corpus_sessions() -> usize {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .filter(|s| s.path().is_dir())
        .map(|s| fs::read_dir(s.path()).unwrap().count())
        .sum()
}

fn archive(dir: &Path) -> PathBuf {
    let root = dir.join("archief");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for series in fs::read_dir(&corpus).unwrap().flatten() {
        if !series.path().is_dir() {
            continue;
        }
        let target = root.join(series.file_name());
        fs::create_dir_all(&target).unwrap();
        for f in fs::read_dir(series.path()).unwrap().flatten() {
            fs::copy(f.path(), target.join(f.file_name())).unwrap();
        }
    }
    root
}

/// Report provenance names the generation and the time; the rest must match.
fn without_provenance(mut v: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("generated");
                map.remove("index_path");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

/// Asserts two search outputs are the same hits (all of them: the caller
/// asks for every hit) with the same snippets, and scores equal up to
/// field-norm rounding. Hits are compared by (session, passage): two hits
/// whose scores differ by less than the rounding may swap places.
fn assert_same_search(query: &str, a: &Value, b: &Value) {
    assert_eq!(a["total"], b["total"], "total for {query}");
    let by_key = |v: &Value| {
        let mut hits = v["results"].as_array().unwrap().clone();
        hits.sort_by_key(|h| (h["session"].to_string(), h["passage"].as_u64()));
        hits
    };
    let (ra, rb) = (&by_key(a), &by_key(b));
    assert_eq!(ra.len(), rb.len(), "{query}");
    for (x, y) in ra.iter().zip(rb) {
        let (sx, sy) = (x["score"].as_f64().unwrap(), y["score"].as_f64().unwrap());
        assert!(
            (sx - sy).abs() <= 0.01 * sx.abs().max(sy.abs()),
            "{query}: score {sx} vs {sy}"
        );
        let (mut x, mut y) = (x.clone(), y.clone());
        x["score"] = Value::Null;
        y["score"] = Value::Null;
        assert_eq!(x, y, "{query}");
    }
}

const QUERIES: &[&str] = &[
    "borging",
    "deal",
    "gemeente OR rijk",
    "data",
    "wethouder",
    "\"city deal\"",
    "sleutelwoordvannieuwesessie",
    "toegevoegdealinea",
];

fn assert_same_index(incremental: &Path, fresh: &Path) {
    for q in QUERIES {
        let args = ["search", "--json", "--limit", "1000", q];
        assert_same_search(q, &json(incremental, &args), &json(fresh, &args));
    }
    for report in ["themes", "questions", "commitments"] {
        let args = ["report", report, "--format", "json"];
        assert_eq!(
            without_provenance(json(incremental, &args)),
            without_provenance(json(fresh, &args)),
            "report {report}"
        );
    }
    // One JSON object per session and line.
    let entities = |index: &Path| {
        let out = run_ok(
            notulen().args(["entities", "--json", "--index"]).arg(index),
            0,
        );
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let listed = entities(incremental);
    assert!(listed.lines().count() >= 14, "{listed}");
    assert_eq!(listed, entities(fresh), "entities");
    // notulen.json: counts, corpus hash, lexicon, failures.
    let info = |index: &Path| -> Value {
        let path = index.join(current(index)).join("notulen.json");
        serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
    };
    assert_eq!(info(incremental), info(fresh));
}

#[test]
fn rerun_updates_only_what_changed_and_matches_a_rebuild() {
    let n = corpus_sessions();
    let tmp = tempfile::tempdir().unwrap();
    let root = archive(tmp.path());
    let index = tmp.path().join("index");
    let first = index_run(&index, &root, &[], 0);
    assert!(
        first.contains(&format!("{n} new, 0 changed, 0 removed, 0 unchanged")),
        "{first}"
    );
    let gen1 = current(&index);

    // Nothing changed: no analysis, no new generation.
    let again = index_run(&index, &root, &[], 0);
    assert!(
        again.contains(&format!("0 new, 0 changed, 0 removed, {n} unchanged")),
        "{again}"
    );
    assert!(again.contains("no new generation"), "{again}");
    assert_eq!(current(&index), gen1);

    // Touched but not changed: the content hash says it is the same.
    let touched = root.join("cop-themasessies/2021-05-18-van-wie-zijn-de-data.txt");
    let bytes = fs::read(&touched).unwrap();
    fs::remove_file(&touched).unwrap();
    fs::write(&touched, &bytes).unwrap();
    let f = fs::File::options().append(true).open(&touched).unwrap();
    f.set_modified(std::time::SystemTime::UNIX_EPOCH).unwrap();
    drop(f);
    let again = index_run(&index, &root, &[], 0);
    assert!(
        again.contains(&format!("0 new, 0 changed, 0 removed, {n} unchanged")),
        "{again}"
    );
    assert_eq!(current(&index), gen1);

    // Change one, add one, delete one.
    let changed = root.join("gemeenteraad-commissie/2021-01-14-commissie-ruimte-en-wonen.txt");
    let mut text = fs::read_to_string(&changed).unwrap();
    text.push_str("\nDe voorzitter: Een toegevoegdealinea over borging, voor de toets.\n");
    fs::write(&changed, text).unwrap();
    fs::create_dir_all(root.join("nieuw")).unwrap();
    fs::write(
        root.join("nieuw/2024-02-01-extra-sessie.md"),
        "---\ntitel: Extra sessie\ndatum: 2024-02-01\n---\n\n# Extra sessie\n\n\
         Wie borgt de sleutelwoordvannieuwesessie na de looptijd van de deal?\n\n\
         De wethouder zegt toe dat zij voor de zomer terugkomt op de borging.\n",
    )
    .unwrap();
    fs::remove_file(root.join("netwerkdagen-agenda-stad/2020-02-13-netwerkdag-utrecht.txt"))
        .unwrap();
    let update = index_run(&index, &root, &[], 0);
    assert!(update.contains("indexed 2 sessions"), "{update}");
    assert!(
        update.contains(&format!("1 new, 1 changed, 1 removed, {} unchanged", n - 2)),
        "{update}"
    );
    assert_ne!(current(&index), gen1);
    let removed = json(
        &index,
        &[
            "search",
            "--json",
            "session:\"netwerkdagen-agenda-stad/2020-02-13-netwerkdag-utrecht\"",
        ],
    );
    assert_eq!(removed["total"], 0, "{removed}");
    assert_eq!(
        json(&index, &["search", "--json", "toegevoegdealinea"])["total"],
        1
    );

    let fresh = tmp.path().join("fresh");
    let rebuilt = index_run(&fresh, &root, &["--rebuild"], 0);
    assert!(
        rebuilt.contains(&format!("{n} new, 0 changed, 0 removed, 0 unchanged")),
        "{rebuilt}"
    );
    assert_same_index(&index, &fresh);

    // --rebuild on an existing index starts over and gives the same answers.
    let rebuilt = index_run(&index, &root, &["--rebuild"], 0);
    assert!(
        rebuilt.contains("rebuilding the whole index: --rebuild"),
        "{rebuilt}"
    );
    assert!(rebuilt.contains(&format!("{n} new")), "{rebuilt}");
    assert_same_index(&index, &fresh);
}

#[test]
fn a_changed_file_that_cannot_be_read_keeps_its_indexed_version() {
    let tmp = tempfile::tempdir().unwrap();
    let root = archive(tmp.path());
    let index = tmp.path().join("index");
    index_run(&index, &root, &[], 0);
    let session = "cop-themasessies/2019-10-17-aftrap-leren-van-elkaar";
    let query = format!("session:\"{session}\"");
    let before = json(&index, &["search", "--json", "--limit", "100", &query]);
    assert!(before["total"].as_u64().unwrap() > 3, "{before}");

    // The file turns into something that is not text: reported, exit 1,
    // and the index keeps what it had.
    fs::write(
        root.join(format!("{session}.txt")),
        b"\x00\x01\x02 kapot \x00",
    )
    .unwrap();
    let stderr = index_run(&index, &root, &[], 1);
    assert!(stderr.contains("aftrap-leren-van-elkaar.txt"), "{stderr}");
    assert!(stderr.contains("binary"), "{stderr}");
    assert!(stderr.contains("1 failed"), "{stderr}");
    let after = json(&index, &["search", "--json", "--limit", "100", &query]);
    assert_eq!(before["total"], after["total"]);

    // A root that cannot be found this time (an unmounted share, a typo)
    // does not make its sessions vanish: reported, and kept.
    let extra = tmp.path().join("extra");
    fs::create_dir_all(&extra).unwrap();
    fs::write(
        extra.join("los.txt"),
        "Losse notitie\n\nOver het losnummer.\n",
    )
    .unwrap();
    let run_both = |code: i32| -> String {
        let out = run_ok(
            notulen()
                .args(["run", "--quiet", "--index"])
                .arg(&index)
                .arg(&root)
                .arg(&extra),
            code,
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let stderr = run_both(1);
    assert!(stderr.contains("1 new"), "{stderr}");
    fs::rename(&extra, tmp.path().join("elders")).unwrap();
    let stderr = run_both(1);
    assert!(stderr.contains("extra"), "{stderr}");
    assert!(stderr.contains("0 removed"), "{stderr}");
    assert_eq!(json(&index, &["search", "--json", "losnummer"])["total"], 1);
    // Gone for real (the root still exists, the file does not): removed.
    fs::create_dir_all(&extra).unwrap();
    let stderr = run_both(1);
    assert!(stderr.contains("1 removed"), "{stderr}");
    assert_eq!(json(&index, &["search", "--json", "losnummer"])["total"], 0);
}

#[test]
fn another_lexicon_starts_over() {
    let n = corpus_sessions();
    let tmp = tempfile::tempdir().unwrap();
    let root = archive(tmp.path());
    let index = tmp.path().join("index");
    index_run(&index, &root, &[], 0);
    let lexicon = tmp.path().join("themas.txt");
    fs::write(&lexicon, "[koffie]\nkoffie\nkoffieleut\n").unwrap();
    let lex = lexicon.to_str().unwrap();
    let stderr = index_run(&index, &root, &["--themes", lex], 0);
    assert!(stderr.contains("the analyser changed"), "{stderr}");
    assert!(stderr.contains(&format!("{n} new")), "{stderr}");
    // Same lexicon again: nothing to do.
    let stderr = index_run(&index, &root, &["--themes", lex], 0);
    assert!(stderr.contains(&format!("{n} unchanged")), "{stderr}");
}

#[test]
fn writer_memory_is_validated() {
    let tmp = tempfile::tempdir().unwrap();
    let root = archive(tmp.path());
    let out = notulen()
        .args(["run", "--quiet", "--writer-memory", "8", "--index"])
        .arg(tmp.path().join("index"))
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("writer-memory"));
    index_run(
        &tmp.path().join("index"),
        &root,
        &["--writer-memory", "16"],
        0,
    );
}
