//! `notulen synth` through the real binary: deterministic output, a
//! refusal to write into a non-empty folder, and archives that index
//! without failures.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn notulen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_notulen"))
}

fn expect_code(cmd: &mut Command, code: i32) -> Output {
    let out = cmd.output().expect("binary runs");
    assert_eq!(
        out.status.code(),
        Some(code),
        "{cmd:?}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn synth(out: &Path, extra: &[&str], code: i32) -> Output {
    expect_code(
        notulen()
            .args(["synth", "--sessions", "30", "--from"])
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
            .args(extra)
            .arg(out),
        code,
    )
}

/// Every file below `root`, by relative path.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                files.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn same_seed_gives_identical_files_and_the_archive_indexes_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    let out = synth(&a, &["--seed", "9"], 0);
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote 30 sessions"));
    synth(&b, &["--seed", "9"], 0);
    synth(&c, &["--seed", "10"], 0);
    let (ta, tb, tc) = (tree(&a), tree(&b), tree(&c));
    assert_eq!(ta.len(), 30);
    assert_eq!(ta, tb, "same seed, same bytes");
    assert_ne!(ta, tc, "another seed, another archive");
    // Several series folders, every file in one.
    let series: std::collections::BTreeSet<_> = ta
        .keys()
        .map(|p| p.parent().unwrap().to_path_buf())
        .collect();
    assert!(series.len() >= 3, "{series:?}");
    assert!(series.iter().all(|s| !s.as_os_str().is_empty()));

    let index = tmp.path().join("index");
    let out = expect_code(
        notulen()
            .args(["run", "--quiet", "--index"])
            .arg(&index)
            .arg(&a),
        0,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("indexed 30 sessions"), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    // Dated, and the speaker-turn minutes carry speakers.
    let out = expect_code(
        notulen()
            .args([
                "search",
                "--json",
                "--limit",
                "200",
                "rol:wethouder",
                "--index",
            ])
            .arg(&index),
        0,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = v["results"].as_array().unwrap();
    assert!(!results.is_empty(), "{v}");
    assert!(results.iter().all(|r| r["date"].is_string()), "{v}");
}

#[test]
fn refuses_a_non_empty_folder_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    fs::create_dir_all(&out_dir).unwrap();
    fs::write(out_dir.join("iets.txt"), "al hier").unwrap();
    let out = synth(&out_dir, &[], 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not empty"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(tree(&out_dir).len(), 1, "nothing written");
    synth(&out_dir, &["--force"], 0);
    assert_eq!(tree(&out_dir).len(), 31);
}

#[test]
fn material_folder_must_hold_sessions() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("leeg");
    fs::create_dir_all(&empty).unwrap();
    let out = expect_code(
        notulen()
            .args(["synth", "--sessions", "3", "--from"])
            .arg(&empty)
            .arg(tmp.path().join("out")),
        2,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("leeg"), "{stderr}");
}
