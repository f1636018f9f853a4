//! Shared data for unit tests: the seed report from `../shared`, when it is
//! there (a user's clone has none, so tests that need it skip).

/// The seed report's text, or `None` (with a note on stderr) when absent.
pub fn seed() -> Option<String> {
    let paths = [
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/seeds/cop-themasessie-2021-03-09.txt"
        ),
        "/work/shared/seeds/cop-themasessie-2021-03-09.txt",
    ];
    let text = paths.iter().find_map(|p| std::fs::read_to_string(p).ok());
    if text.is_none() {
        eprintln!("seed report not found in ../shared; skipping seed tests");
    }
    text
}

/// Where the CoNLL-2002 development part (`ned.testa`) lives: `../shared`
/// beside the repository (as CI lays it out), else the development
/// machine's `/work/shared`; `None` on a user's clone.
pub fn conll_testa() -> Option<std::path::PathBuf> {
    [
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/conll2002-nl/ned.testa"
        ),
        "/work/shared/data/conll2002-nl/ned.testa",
    ]
    .iter()
    .map(std::path::PathBuf::from)
    .find(|p| p.is_file())
}
