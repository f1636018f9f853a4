//! The manifest of a generation: which file each indexed session came from
//! (size, modification time, content hash) and which analyser produced it,
//! so the next run analyses only what changed.
//!
//! [`plan`] is pure: it compares what discovery found with the manifest and
//! says what to keep, what to (re)analyse and what to remove.

use super::info::AnalyserInfo;
use super::schema::SCHEMA_VERSION;
use crate::corpus::SourceFile;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

pub const MANIFEST_FILE: &str = "manifest.json";

/// Bumped when the manifest's own layout changes; an unknown format makes
/// the next run start over rather than guess.
pub const MANIFEST_FORMAT: u32 = 1;

/// Everything that changes what the analysis of an unchanged file yields.
/// Two runs with equal fingerprints produce identical documents for the
/// same bytes, so a session analysed by the one can stay for the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    pub tool_version: String,
    pub schema_version: u32,
    pub analyser: AnalyserInfo,
    /// [`crate::themes::Lexicon::hash`] of the theme lexicon.
    pub lexicon_hash: String,
    /// blake3 of the entity model's bytes.
    pub model_hash: String,
}

impl Fingerprint {
    pub fn new(lexicon_hash: &str, model: &crate::entities::Model) -> Self {
        Fingerprint {
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            schema_version: SCHEMA_VERSION,
            analyser: AnalyserInfo::current(),
            lexicon_hash: lexicon_hash.to_string(),
            model_hash: model_hash(model),
        }
    }
}

/// blake3 of `model` as [`crate::entities::Model::to_bytes`] writes it.
/// The embedded model's file is already in that form (a test checks), so
/// its hash comes from the compiled-in bytes: serialising the model again
/// cost about 35 M instructions, ~10 ms before any worker could start.
fn model_hash(model: &crate::entities::Model) -> String {
    use crate::entities::Tagger;
    let embedded = Tagger::embedded();
    let hash = if std::ptr::eq(model, embedded.model()) {
        blake3::hash(Tagger::embedded_bytes())
    } else {
        blake3::hash(&model.to_bytes())
    };
    hash.to_hex().to_string()
}

/// What `stat` says about a file; equal stats are taken to mean equal bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStat {
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (negative
    /// before it); 0 when the file system does not record one.
    pub mtime_ns: i64,
}

impl FileStat {
    pub fn of(path: &Path) -> std::io::Result<Self> {
        let meta = fs::metadata(path)?;
        let mtime_ns = match meta.modified() {
            Ok(t) => nanos_since_epoch(t),
            Err(_) => 0,
        };
        Ok(FileStat {
            size: meta.len(),
            mtime_ns,
        })
    }
}

fn nanos_since_epoch(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_nanos()).map_or(i64::MIN, |n| -n),
    }
}

/// One indexed session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Session id (path relative to its root, without extension).
    pub id: String,
    /// The path it was read from, as discovered.
    pub path: String,
    pub stat: FileStat,
    /// blake3 of the file's bytes, hex.
    pub content_hash: String,
    /// blake3 of the decoded text, hex (what `corpus_hash` is made of).
    pub text_hash: String,
    pub passages: u64,
    pub words: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub fingerprint: Fingerprint,
    /// Sorted by id, ids unique.
    pub entries: Vec<ManifestEntry>,
}

impl Manifest {
    pub fn new(fingerprint: Fingerprint, mut entries: Vec<ManifestEntry>) -> Self {
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        Manifest {
            format: MANIFEST_FORMAT,
            fingerprint,
            entries,
        }
    }

    /// Reads the manifest of a generation; `Ok(None)` when the generation
    /// has none (built before manifests existed) or one in another format.
    pub fn read(dir: &Path) -> Result<Option<Self>> {
        let path = dir.join(MANIFEST_FILE);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(path, e)),
        };
        // A manifest we cannot understand only costs a full rebuild.
        match serde_json::from_slice::<Manifest>(&bytes) {
            Ok(m) if m.format == MANIFEST_FORMAT => Ok(Some(m)),
            _ => Ok(None),
        }
    }

    /// Writes the manifest into a generation under construction. Written
    /// to a temporary file and renamed, never in place: the build folder
    /// may share files with the live generation through hard links.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let json = serde_json::to_vec(self).map_err(|e| Error::Index {
            path: dir.to_path_buf(),
            reason: format!("cannot encode the manifest: {e}"),
        })?;
        super::info::write_replacing(&dir.join(MANIFEST_FILE), &json)
    }
}

/// A discovered file the run has to read.
#[derive(Debug, Clone)]
pub struct Task {
    pub file: SourceFile,
    /// Taken before reading, so a change during the run is seen next time.
    pub stat: Option<FileStat>,
    /// What the index holds for this id now, if anything.
    pub previous: Option<ManifestEntry>,
}

/// What a run has to do, by comparing discovery with the manifest.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Same path, size and mtime as indexed: left alone.
    pub unchanged: Vec<ManifestEntry>,
    /// New ids, and known ids whose file may have changed.
    pub tasks: Vec<Task>,
    /// Indexed ids no longer found: their documents are deleted.
    pub removed: Vec<ManifestEntry>,
    /// Indexed ids not found because the folder (or file) they were under
    /// could not be read this time: kept, since nothing indexed may be
    /// lost to a transient error.
    pub unreachable: Vec<ManifestEntry>,
}

/// Compares the discovered files (with their stats) with the manifest.
/// `unreadable` are the paths discovery reported errors for.
pub fn plan(
    files: Vec<(SourceFile, Option<FileStat>)>,
    manifest: Option<&Manifest>,
    unreadable: &[PathBuf],
) -> Plan {
    let mut known: BTreeMap<&str, &ManifestEntry> = manifest
        .map(|m| m.entries.iter().map(|e| (e.id.as_str(), e)).collect())
        .unwrap_or_default();
    let mut plan = Plan::default();
    for (file, stat) in files {
        let previous = known.remove(file.id.as_str());
        match previous {
            Some(prev)
                if stat == Some(prev.stat) && prev.path == file.path.display().to_string() =>
            {
                plan.unchanged.push(prev.clone());
            }
            _ => plan.tasks.push(Task {
                file,
                stat,
                previous: previous.cloned(),
            }),
        }
    }
    for (_, entry) in known {
        let path = Path::new(&entry.path);
        if unreadable.iter().any(|bad| path.starts_with(bad)) {
            plan.unreachable.push(entry.clone());
        } else {
            plan.removed.push(entry.clone());
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceFormat;

    fn file(id: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(format!("archief/{id}.txt")),
            id: id.to_string(),
            series: String::new(),
            format: SourceFormat::Text,
        }
    }

    /// The shortcut in [`model_hash`] is only sound while the committed
    /// model file is exactly what `to_bytes` writes; a copy of the model
    /// (another address, so the slow path) must hash the same.
    #[test]
    fn embedded_model_hash_is_the_hash_of_its_serialisation() {
        let embedded = crate::entities::Tagger::embedded().model();
        assert_eq!(
            embedded.to_bytes(),
            crate::entities::Tagger::embedded_bytes(),
            "models/ner-nl.bin is not in the form Model::to_bytes writes"
        );
        let copy = embedded.clone();
        assert_eq!(model_hash(&copy), model_hash(embedded));
        assert_eq!(
            model_hash(embedded),
            blake3::hash(&embedded.to_bytes()).to_hex().to_string()
        );
    }

    fn stat(size: u64, mtime_ns: i64) -> Option<FileStat> {
        Some(FileStat { size, mtime_ns })
    }

    fn entry(id: &str, size: u64, mtime_ns: i64) -> ManifestEntry {
        ManifestEntry {
            id: id.to_string(),
            path: format!("archief/{id}.txt"),
            stat: FileStat { size, mtime_ns },
            content_hash: "c".into(),
            text_hash: "t".into(),
            passages: 1,
            words: 2,
        }
    }

    fn manifest(entries: Vec<ManifestEntry>) -> Manifest {
        let fingerprint = Fingerprint {
            tool_version: "0".into(),
            schema_version: 1,
            analyser: AnalyserInfo::current(),
            lexicon_hash: "l".into(),
            model_hash: "m".into(),
        };
        Manifest::new(fingerprint, entries)
    }

    fn ids(entries: &[ManifestEntry]) -> Vec<&str> {
        entries.iter().map(|e| e.id.as_str()).collect()
    }

    #[test]
    fn plan_sorts_files_into_unchanged_tasks_and_removed() {
        let m = manifest(vec![
            entry("a", 10, 1),
            entry("b", 10, 1),
            entry("c", 10, 1),
            entry("d", 10, 1),
            entry("sub/e", 10, 1),
        ]);
        let files = vec![
            (file("a"), stat(10, 1)), // unchanged
            (file("b"), stat(11, 1)), // size changed
            (file("c"), stat(10, 2)), // touched
            (file("n"), stat(5, 5)),  // new
            (file("x"), None),        // stat failed: read will report it
        ];
        let p = plan(files, Some(&m), &[PathBuf::from("archief/sub")]);
        assert_eq!(ids(&p.unchanged), ["a"]);
        let tasks: Vec<(&str, bool)> = p
            .tasks
            .iter()
            .map(|t| (t.file.id.as_str(), t.previous.is_some()))
            .collect();
        assert_eq!(
            tasks,
            [("b", true), ("c", true), ("n", false), ("x", false)]
        );
        assert_eq!(ids(&p.removed), ["d"]);
        assert_eq!(ids(&p.unreachable), ["sub/e"]);
    }

    #[test]
    fn a_moved_root_is_reanalysed_because_the_path_is_stored() {
        let m = manifest(vec![entry("a", 10, 1)]);
        let mut moved = file("a");
        moved.path = PathBuf::from("elders/a.txt");
        let p = plan(vec![(moved, stat(10, 1))], Some(&m), &[]);
        assert!(p.unchanged.is_empty());
        assert_eq!(p.tasks.len(), 1);
    }

    #[test]
    fn without_manifest_everything_is_new() {
        let p = plan(vec![(file("a"), stat(1, 1))], None, &[]);
        assert_eq!(p.tasks.len(), 1);
        assert!(p.tasks[0].previous.is_none());
        assert!(p.removed.is_empty() && p.unchanged.is_empty());
    }

    #[test]
    fn manifest_round_trips_and_unknown_formats_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Manifest::read(dir.path()).unwrap(), None);
        let m = manifest(vec![entry("b", 1, -5), entry("a", 2, 7)]);
        assert_eq!(ids(&m.entries), ["a", "b"], "sorted by id");
        m.write(dir.path()).unwrap();
        assert_eq!(Manifest::read(dir.path()).unwrap(), Some(m));
        fs::write(dir.path().join(MANIFEST_FILE), "{\"format\": 999}").unwrap();
        assert_eq!(Manifest::read(dir.path()).unwrap(), None);
        fs::write(dir.path().join(MANIFEST_FILE), "niet eens json").unwrap();
        assert_eq!(Manifest::read(dir.path()).unwrap(), None);
    }
}
