//! Inputs a fuzzer crashed on (`tests/fuzz-regressions/<target>/<name>`),
//! replayed through the very code the fuzz targets run: `fuzz/src/lib.rs`
//! is included here by path, so a fixed crash stays fixed without the
//! nightly-only fuzzing toolchain. The seeds the fuzzers start from
//! (`fuzz/seeds/<target>/`) are replayed too: each must be read without
//! error, or the fuzzer would start from a refusal.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod fuzz_targets;

use fuzz_targets::Target;
use std::path::{Path, PathBuf};

/// Every file in `<root>/<target>/`, with its target; a folder that names
/// no target is an error, so a typo cannot hide a regression input.
fn inputs(root: &Path) -> Vec<(Target, PathBuf)> {
    let mut found = Vec::new();
    let Ok(folders) = std::fs::read_dir(root) else {
        return found;
    };
    for folder in folders {
        let folder = folder.expect("folder entry").path();
        if !folder.is_dir() {
            continue;
        }
        let name = folder.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let target = Target::from_name(name)
            .unwrap_or_else(|| panic!("{}: not the name of a fuzz target", folder.display()));
        for file in std::fs::read_dir(&folder).expect("read folder") {
            found.push((target, file.expect("file entry").path()));
        }
    }
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found
}

/// Seeds must be read; inputs a fuzzer once crashed on (none yet: see
/// `fuzz/README.md`) must now be read or refused with a reason.
#[test]
fn saved_inputs_are_handled() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let cases = inputs(&root);
    for target in Target::ALL {
        assert!(
            cases.iter().any(|(t, _)| *t == target),
            "no seed for {}",
            target.name()
        );
    }
    for (target, path) in cases {
        let bytes = std::fs::read(&path).expect("read seed");
        if let Err(reason) = target.run(&bytes) {
            panic!("{}: seed refused: {reason}", path.display());
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    for (target, path) in inputs(&root) {
        let bytes = std::fs::read(&path).expect("read input");
        // Panics (the original crash, or a broken invariant checked in
        // `Target::run`) fail the test; a refusal naming the file is fine.
        match target.run(&bytes) {
            Ok(()) => eprintln!("{}: read", path.display()),
            Err(reason) => eprintln!("{}: refused: {reason}", path.display()),
        }
    }
}
