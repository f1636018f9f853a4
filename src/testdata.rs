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

/// Every file of the bundled `corpus/` (all folders, READMEs included) as
/// text: the real Dutch that equivalence tests compare old and new code on.
pub fn corpus_texts() -> Vec<String> {
    let mut texts = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus"
    ))];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                texts.push(text);
            }
        }
    }
    assert!(texts.len() > 10, "corpus/ has files");
    texts
}

/// Deterministic word salad for equivalence tests: `count` texts, text
/// `n` made of `n % max_words` words of `pool`, each after a space
/// (xorshift64, so no dependency and the same texts on every run).
pub fn word_salad(pool: &[&str], count: usize, max_words: usize) -> Vec<String> {
    let mut random = xorshift(0x9E37_79B9_7F4A_7C15);
    (0..count)
        .map(|n| {
            let mut text = String::new();
            for _ in 0..(n % max_words) {
                text.push(' ');
                text.push_str(pool[(random() % pool.len() as u64) as usize]);
            }
            text
        })
        .collect()
}

/// xorshift64 from `seed` (not 0): pseudo-random numbers for generated
/// test input, the same on every run and without a dependency.
pub fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
