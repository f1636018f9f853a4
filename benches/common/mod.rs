//! What the whole-archive benchmarks (`index_only.rs`, `stages.rs`) share:
//! the archive and thread count from the environment, as `benches/run.sh`
//! sets them.

/// `NOTULEN_BENCH_ARCHIVE` and `NOTULEN_BENCH_THREADS` (default 2), with a
/// worker pool of that size; `None` (after saying what to set) without an
/// archive.
pub fn archive_and_pool() -> Option<(String, usize, rayon::ThreadPool)> {
    let Ok(archive) = std::env::var("NOTULEN_BENCH_ARCHIVE") else {
        eprintln!("set NOTULEN_BENCH_ARCHIVE to an archive folder (see benches/run.sh)");
        return None;
    };
    let threads: usize = std::env::var("NOTULEN_BENCH_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(2);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    Some((archive, threads, pool))
}
