//! Where index generations live on disk, and how a new one replaces the old.
//!
//! ```text
//! index/
//!   CURRENT          name of the live generation (replaced by rename)
//!   gen-000007/      a complete Tantivy index plus notulen.json
//!   gen-000006/      the generation before (kept for readers that resolved
//!                    CURRENT just before the swap; removed by the next run)
//!   .building-1234/  a run in progress (removed on success or next run)
//!   .lock            held by the run that is writing
//! ```
//!
//! A run builds into `.building-<pid>` (empty, or for an incremental run
//! hard links to the live generation's files), commits, renames it to the next
//! `gen-N`, then atomically renames a new `CURRENT` over the old one. A
//! reader resolves `CURRENT` once and opens that generation; a run killed at
//! any point leaves the previous `CURRENT` and its generation untouched.

use crate::error::{Error, Result};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

const CURRENT: &str = "CURRENT";
const GEN_PREFIX: &str = "gen-";
const BUILDING_PREFIX: &str = ".building-";
const LOCK: &str = ".lock";

/// The folder that holds all generations of one index.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

/// An exclusive claim on a store for one run. Released on drop (and by the
/// OS if the process dies), so a killed run never blocks the next one.
#[derive(Debug)]
pub struct RunLock {
    _file: fs::File,
}

impl Store {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Store { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The live generation, if any run has completed.
    pub fn current(&self) -> Result<Option<PathBuf>> {
        let pointer = self.root.join(CURRENT);
        match fs::read_to_string(&pointer) {
            Ok(name) => {
                let name = name.trim();
                if !name.starts_with(GEN_PREFIX) || name.contains(['/', '\\']) {
                    return Err(Error::Index {
                        path: pointer,
                        reason: format!("unexpected generation name {name:?}"),
                    });
                }
                Ok(Some(self.root.join(name)))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(pointer, e)),
        }
    }

    /// The live generation, or an error telling the user to run `notulen run`.
    pub fn require_current(&self) -> Result<PathBuf> {
        self.current()?.ok_or_else(|| Error::Index {
            path: self.root.clone(),
            reason: "no index here; build one with `notulen run` (or pass --index DIR)".into(),
        })
    }

    /// Takes the run lock, failing fast when another run holds it.
    pub fn lock(&self) -> Result<RunLock> {
        fs::create_dir_all(&self.root).map_err(|e| Error::io(&self.root, e))?;
        let path = self.root.join(LOCK);
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(RunLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => Err(Error::Index {
                path: self.root.clone(),
                reason: "another `notulen run` is writing this index; wait for it to finish".into(),
            }),
            Err(fs::TryLockError::Error(e)) => Err(Error::io(path, e)),
        }
    }

    /// Removes leftovers of killed runs and superseded generations, but
    /// keeps the generation before the live one: a reader that resolved
    /// `CURRENT` just before the last swap may still be opening it. Only
    /// call while holding the [`RunLock`]: then no run is writing, so every
    /// `.building-*` folder belongs to a run that died.
    pub fn clean(&self, _lock: &RunLock) -> Result<()> {
        let current = self.current()?;
        let current_number = current
            .as_deref()
            .and_then(|p| p.file_name())
            .and_then(|n| generation_number(&n.to_string_lossy()));
        let entries = match fs::read_dir(&self.root) {
            Ok(entries) => entries,
            Err(e) => return Err(Error::io(&self.root, e)),
        };
        let mut generations = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.starts_with(BUILDING_PREFIX) {
                fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
            } else if let Some(n) = generation_number(&name) {
                if Some(&path) != current.as_ref() {
                    generations.push((n, path));
                }
            }
        }
        // The newest generation older than the live one stays; anything
        // newer than the live one was never published (killed mid-swap).
        let previous = generations
            .iter()
            .filter(|(n, _)| current_number.is_some_and(|c| *n < c))
            .map(|(n, _)| *n)
            .max();
        for (n, path) in generations {
            if Some(n) != previous {
                // A reader may still have an old generation open; on Unix its
                // memory maps outlive the unlink, so removal is safe.
                fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
            }
        }
        Ok(())
    }

    /// A fresh, empty folder to build the next generation in.
    pub fn building_dir(&self, _lock: &RunLock) -> Result<PathBuf> {
        let path = self
            .root
            .join(format!("{BUILDING_PREFIX}{}", std::process::id()));
        if path.exists() {
            fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        }
        fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        Ok(path)
    }

    /// A build folder that starts as a copy of generation `from`: every
    /// file hard-linked (copied where the file system cannot link), except
    /// lock files and the files notulen writes itself, which the build
    /// writes anew. Sharing is safe because Tantivy never writes into an
    /// existing file: segments are immutable, deletes go to new files and
    /// `meta.json` is replaced by rename.
    pub fn building_dir_from(&self, lock: &RunLock, from: &Path) -> Result<PathBuf> {
        let dir = self.building_dir(lock)?;
        let entries = fs::read_dir(from).map_err(|e| Error::io(from, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(from, e))?;
            let name = entry.file_name();
            let name_str = name.to_string_lossy();
            if name_str.ends_with(".lock")
                || name_str == super::info::INFO_FILE
                || name_str == super::manifest::MANIFEST_FILE
            {
                continue;
            }
            let source = entry.path();
            if !entry
                .file_type()
                .map_err(|e| Error::io(&source, e))?
                .is_file()
            {
                continue;
            }
            let target = dir.join(&name);
            if fs::hard_link(&source, &target).is_err() {
                fs::copy(&source, &target).map_err(|e| Error::io(&source, e))?;
            }
        }
        Ok(dir)
    }

    /// Makes a completed build the live generation and returns its path.
    pub fn publish(&self, lock: &RunLock, built: &Path) -> Result<PathBuf> {
        let next = self.next_generation_name()?;
        let target = self.root.join(&next);
        sync_dir(built)?;
        fs::rename(built, &target).map_err(|e| Error::io(built, e))?;
        let tmp = self.root.join(format!("{CURRENT}.tmp"));
        {
            let mut f = fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
            writeln!(f, "{next}").map_err(|e| Error::io(&tmp, e))?;
            f.sync_all().map_err(|e| Error::io(&tmp, e))?;
        }
        fs::rename(&tmp, self.root.join(CURRENT)).map_err(|e| Error::io(&tmp, e))?;
        sync_dir(&self.root)?;
        self.clean(lock)?;
        Ok(target)
    }

    fn next_generation_name(&self) -> Result<String> {
        let mut highest = 0u64;
        for entry in fs::read_dir(&self.root)
            .map_err(|e| Error::io(&self.root, e))?
            .flatten()
        {
            if let Some(n) = generation_number(&entry.file_name().to_string_lossy()) {
                highest = highest.max(n);
            }
        }
        Ok(format!("{GEN_PREFIX}{:06}", highest + 1))
    }
}

/// `gen-000007` → 7.
fn generation_number(name: &str) -> Option<u64> {
    name.strip_prefix(GEN_PREFIX)?.parse().ok()
}

/// Flushes a directory entry so a rename survives power loss.
fn sync_dir(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let dir = fs::File::open(path).map_err(|e| Error::io(path, e))?;
        dir.sync_all().map_err(|e| Error::io(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_swaps_generations_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("index"));
        assert!(store.current().unwrap().is_none());
        let lock = store.lock().unwrap();
        let first = store.building_dir(&lock).unwrap();
        fs::write(first.join("x"), "1").unwrap();
        let gen1 = store.publish(&lock, &first).unwrap();
        assert_eq!(store.current().unwrap(), Some(gen1.clone()));
        let second = store.building_dir(&lock).unwrap();
        let gen2 = store.publish(&lock, &second).unwrap();
        assert_ne!(gen1, gen2);
        assert!(gen1.exists(), "the generation before the live one is kept");
        let third = store.building_dir(&lock).unwrap();
        let gen3 = store.publish(&lock, &third).unwrap();
        assert!(!gen1.exists(), "older generations are removed");
        assert!(gen2.exists());
        assert_eq!(store.current().unwrap(), Some(gen3));
    }

    #[test]
    fn building_from_a_generation_links_without_sharing_our_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let lock = store.lock().unwrap();
        let b = store.building_dir(&lock).unwrap();
        fs::write(b.join("seg.idx"), "segment").unwrap();
        fs::write(b.join(super::super::info::INFO_FILE), "{}").unwrap();
        fs::write(b.join(".tantivy-writer.lock"), "").unwrap();
        let gen1 = store.publish(&lock, &b).unwrap();
        let next = store.building_dir_from(&lock, &gen1).unwrap();
        assert_eq!(fs::read_to_string(next.join("seg.idx")).unwrap(), "segment");
        assert!(!next.join(super::super::info::INFO_FILE).exists());
        assert!(!next.join(".tantivy-writer.lock").exists());
        // Replacing a file in the build leaves the live generation as it was.
        super::super::info::write_replacing(&next.join("seg.idx"), b"new").unwrap();
        assert_eq!(fs::read_to_string(gen1.join("seg.idx")).unwrap(), "segment");
    }

    #[test]
    fn unpublished_generation_newer_than_current_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let lock = store.lock().unwrap();
        let b = store.building_dir(&lock).unwrap();
        let gen1 = store.publish(&lock, &b).unwrap();
        // Killed between renaming the build and swapping CURRENT.
        let orphan = dir.path().join("gen-000009");
        fs::create_dir_all(&orphan).unwrap();
        store.clean(&lock).unwrap();
        assert!(!orphan.exists());
        assert_eq!(store.current().unwrap(), Some(gen1));
    }

    #[test]
    fn second_lock_fails_fast() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let _held = store.lock().unwrap();
        let err = store.lock().unwrap_err().to_string();
        assert!(err.contains("another `notulen run`"), "{err}");
    }

    #[test]
    fn killed_build_leaves_current_and_is_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let lock = store.lock().unwrap();
        let b = store.building_dir(&lock).unwrap();
        let gen1 = store.publish(&lock, &b).unwrap();
        // Simulate a killed run: a half-written build folder stays behind.
        let half = dir.path().join(".building-999999");
        fs::create_dir_all(&half).unwrap();
        assert_eq!(store.current().unwrap(), Some(gen1));
        store.clean(&lock).unwrap();
        assert!(!half.exists());
    }
}
