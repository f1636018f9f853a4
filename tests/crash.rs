//! Crash safety and concurrency through the real binary: runs killed with
//! SIGKILL at several moments, readers during a run, two runs at once.
//!
//! Nothing here waits a fixed time for something to happen: the tests poll
//! for observable states (a build folder, segment files in it, a process
//! that exited) with a generous deadline.

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn notulen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_notulen"))
}

fn output(cmd: &mut Command) -> Output {
    cmd.output().expect("binary runs")
}

fn expect_code(cmd: &mut Command, code: i32) -> Output {
    let out = output(cmd);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{cmd:?}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn synth(out: &Path, sessions: u32, seed: u32) {
    expect_code(
        notulen()
            .args(["synth", "--sessions", &sessions.to_string()])
            .args(["--seed", &seed.to_string(), "--from"])
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
            .arg(out),
        0,
    );
}

fn run(index: &Path, archive: &Path) -> Output {
    expect_code(
        notulen()
            .args(["run", "--quiet", "--index"])
            .arg(index)
            .arg(archive),
        0,
    )
}

/// A slow run: one worker and the smallest writer budget, so segments are
/// flushed while it goes.
fn spawn_run(index: &Path, archive: &Path) -> Child {
    notulen()
        .args([
            "run",
            "--quiet",
            "-j",
            "1",
            "--writer-memory",
            "16",
            "--index",
        ])
        .arg(index)
        .arg(archive)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns")
}

fn search(index: &Path) -> Value {
    let out = expect_code(
        notulen()
            .args(["search", "--json", "--limit", "50", "borging", "--index"])
            .arg(index),
        0,
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn themes(index: &Path) -> Value {
    let out = expect_code(
        notulen()
            .args(["report", "themes", "--format", "json", "--index"])
            .arg(index),
        0,
    );
    let mut v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    // Provenance says when and from which generation; the rest must match.
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

fn current(index: &Path) -> String {
    fs::read_to_string(index.join("CURRENT"))
        .expect("CURRENT")
        .trim()
        .to_string()
}

/// Polls `ready` until it holds or the child exits; true when it held
/// while the child was still running.
fn poll_while_running(child: &mut Child, mut ready: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            return false;
        }
        if ready() {
            return true;
        }
        assert!(Instant::now() < deadline, "state not reached in 300 s");
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn building_dir(index: &Path, child: &Child) -> PathBuf {
    index.join(format!(".building-{}", child.id()))
}

fn segment_stores(dir: &Path) -> Vec<std::ffi::OsString> {
    fs::read_dir(dir).map_or_else(
        |_| Vec::new(),
        |entries| {
            entries
                .flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "store"))
                .map(|e| e.file_name())
                .collect()
        },
    )
}

/// The build folder starts with links to the live generation's segments;
/// a segment the run wrote itself has a name the live one does not have.
fn has_new_segment(dir: &Path, live: &[std::ffi::OsString]) -> bool {
    segment_stores(dir).iter().any(|s| !live.contains(s))
}

struct Fixture {
    _tmp: tempfile::TempDir,
    index: PathBuf,
    small: PathBuf,
    big: PathBuf,
    baseline_gen: String,
    baseline_search: Value,
    baseline_themes: Value,
}

/// An index of a small archive (the last completed state), and a big
/// archive whose run takes long enough to be interrupted.
fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let small = tmp.path().join("klein");
    let big = tmp.path().join("groot");
    synth(&small, 20, 1);
    synth(&big, 400, 2);
    let index = tmp.path().join("index");
    run(&index, &small);
    Fixture {
        baseline_gen: current(&index),
        baseline_search: search(&index),
        baseline_themes: themes(&index),
        index,
        small,
        big,
        _tmp: tmp,
    }
}

/// After a killed run: readers see the last completed generation (or the
/// killed run's own, if it got as far as the swap), and the next run
/// succeeds and clears the leftovers.
fn check_after_kill(f: &Fixture, killed_pid: u32) {
    if current(&f.index) == f.baseline_gen {
        assert_eq!(search(&f.index), f.baseline_search);
        assert_eq!(themes(&f.index), f.baseline_themes);
    } else {
        // Killed after the swap: the new generation is complete.
        let info: Value = serde_json::from_slice(
            &fs::read(f.index.join(current(&f.index)).join("notulen.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(info["sessions"], 400);
        search(&f.index);
    }
    let out = run(&f.index, &f.small);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the index holds 20 sessions"), "{stderr}");
    assert!(!f.index.join(format!(".building-{killed_pid}")).exists());
    assert_eq!(search(&f.index), f.baseline_search);
}

#[test]
fn killed_runs_leave_the_last_generation_and_the_next_run_recovers() {
    let f = fixture();
    let mut interrupted = 0;

    // Right after start.
    let mut child = spawn_run(&f.index, &f.big);
    child.kill().expect("SIGKILL");
    if !child.wait().unwrap().success() {
        interrupted += 1;
    }
    check_after_kill(&f, child.id());

    // Mid-analysis: the build folder exists.
    let mut child = spawn_run(&f.index, &f.big);
    let dir = building_dir(&f.index, &child);
    if poll_while_running(&mut child, || dir.exists()) {
        child.kill().expect("SIGKILL");
        interrupted += 1;
    }
    child.wait().unwrap();
    check_after_kill(&f, child.id());

    // While segments are being written into the build folder.
    let mut child = spawn_run(&f.index, &f.big);
    let dir = building_dir(&f.index, &child);
    let live = segment_stores(&f.index.join(&f.baseline_gen));
    if poll_while_running(&mut child, || has_new_segment(&dir, &live)) {
        child.kill().expect("SIGKILL");
        interrupted += 1;
    }
    child.wait().unwrap();
    check_after_kill(&f, child.id());

    assert!(
        interrupted >= 2,
        "runs finished before they could be killed"
    );
}

#[test]
fn search_and_report_answer_while_a_run_is_in_progress() {
    let f = fixture();
    let mut child = spawn_run(&f.index, &f.big);
    let dir = building_dir(&f.index, &child);
    let running = poll_while_running(&mut child, || dir.exists());
    let during_search = search(&f.index);
    let during_themes = themes(&f.index);
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    assert!(running, "the run ended before its build folder was seen");
    if still_running {
        // The readers ran entirely during the run: they saw the live generation.
        assert_eq!(during_search, f.baseline_search);
        assert_eq!(during_themes, f.baseline_themes);
    }
    check_after_kill(&f, child.id());
}

#[test]
fn a_second_run_fails_fast_while_one_is_writing() {
    let f = fixture();
    // Deterministic: this test holds the run lock the way a run does.
    {
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(f.index.join(".lock"))
            .unwrap();
        lock.try_lock().expect("lock free");
        let out = expect_code(
            notulen()
                .args(["run", "--quiet", "--index"])
                .arg(&f.index)
                .arg(&f.small),
            2,
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("another `notulen run`"), "{stderr}");
        assert_eq!(current(&f.index), f.baseline_gen);
        assert_eq!(search(&f.index), f.baseline_search);
    }

    // And with a real run in progress.
    let mut child = spawn_run(&f.index, &f.big);
    let dir = building_dir(&f.index, &child);
    assert!(
        poll_while_running(&mut child, || dir.exists()),
        "the first run ended before its build folder was seen"
    );
    let second = output(
        notulen()
            .args(["run", "--quiet", "--index"])
            .arg(&f.index)
            .arg(&f.small),
    );
    let first_still_running = child.try_wait().unwrap().is_none();
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    if first_still_running {
        assert_eq!(second.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&second.stderr);
        assert!(stderr.contains("another `notulen run`"), "{stderr}");
    }
    check_after_kill(&f, child.id());
}
