//! Finding the session files under the paths given on the command line, with
//! stable ids derived from their paths.

use super::SourceFile;
use crate::error::Error;
use crate::model::SourceFormat;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

const EXTENSIONS: &str = ".txt, .md, .markdown, .html or .htm";

pub fn discover(paths: &[PathBuf]) -> (Vec<SourceFile>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        match fs::metadata(root) {
            Err(e) => errors.push(Error::io(root, e)),
            Ok(meta) if meta.is_dir() => walk(root, &mut files, &mut errors),
            Ok(meta) if meta.is_file() => match format_of(root) {
                Some(format) => {
                    let stem = root.file_stem().unwrap_or(root.as_os_str());
                    files.push(SourceFile {
                        path: root.clone(),
                        id: stem.to_string_lossy().into_owned(),
                        series: String::new(),
                        format,
                    });
                }
                None => errors.push(Error::input(
                    root,
                    format!("unsupported file type (expected {EXTENSIONS})"),
                )),
            },
            Ok(_) => errors.push(Error::input(root, "neither a file nor a folder")),
        }
    }
    let files = drop_duplicate_ids(files, &mut errors);
    (files, errors)
}

/// Two roots can hold the same relative path; both files would get one id
/// and one would overwrite the other in the index. The first one wins and
/// the other is reported, never silently dropped.
fn drop_duplicate_ids(files: Vec<SourceFile>, errors: &mut Vec<Error>) -> Vec<SourceFile> {
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut kept = Vec::with_capacity(files.len());
    for file in files {
        if let Some(first) = seen.get(&file.id) {
            if fs::canonicalize(first).ok() != fs::canonicalize(&file.path).ok() {
                errors.push(Error::input(
                    &file.path,
                    format!(
                        "same id \"{}\" as {}; skipped (give the folders separately or rename)",
                        file.id,
                        first.display()
                    ),
                ));
            }
            continue;
        }
        seen.insert(file.id.clone(), file.path.clone());
        kept.push(file);
    }
    kept
}

/// Depth-first walk of `root`, children sorted by name so that the order of
/// files (and so the output) is the same on every machine.
fn walk(root: &Path, files: &mut Vec<SourceFile>, errors: &mut Vec<Error>) {
    // Symlinked folders are followed, but each real folder only once, so a
    // link cycle cannot make the walk run forever.
    let mut visited = HashSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        if let Ok(real) = fs::canonicalize(&dir) {
            if !visited.insert(real) {
                continue;
            }
        }
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                errors.push(Error::io(&dir, e));
                continue;
            }
        };
        let mut children = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => children.push(entry.path()),
                Err(e) => errors.push(Error::io(&dir, e)),
            }
        }
        children.sort();
        let mut subdirs = Vec::new();
        for path in children {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let Some(name) = name else { continue };
            if name.starts_with('.') {
                continue;
            }
            let meta = match fs::metadata(&path) {
                Ok(meta) => meta,
                Err(e) => {
                    errors.push(Error::io(&path, e));
                    continue;
                }
            };
            if meta.is_dir() {
                subdirs.push(path);
            } else if meta.is_file() && !name.to_lowercase().starts_with("readme") {
                if let Some(format) = format_of(&path) {
                    files.push(source_file(root, path, format));
                }
            }
        }
        // Reversed onto the stack so the first folder is walked first.
        stack.extend(subdirs.into_iter().rev());
    }
}

fn source_file(root: &Path, path: PathBuf, format: SourceFormat) -> SourceFile {
    let relative = path.strip_prefix(root).unwrap_or(&path);
    let components: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let (name, folders) = components
        .split_last()
        .map_or(("", &[][..]), |(n, f)| (n.as_str(), f));
    let stem = Path::new(name)
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let series = folders.join("/");
    let id = if series.is_empty() {
        stem
    } else {
        format!("{series}/{stem}")
    };
    SourceFile {
        path,
        id,
        series,
        format,
    }
}

fn format_of(path: &Path) -> Option<SourceFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" => Some(SourceFormat::Text),
        "md" | "markdown" => Some(SourceFormat::Markdown),
        "html" | "htm" => Some(SourceFormat::Html),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> Self {
            let dir = std::env::temp_dir()
                .join(format!("notulen-discover-{name}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).expect("create temp dir");
            TempDir(dir)
        }

        fn file(&self, relative: &str) -> PathBuf {
            let path = self.0.join(relative);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(&path, "tekst").expect("write");
            path
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn walks_folders_in_order_with_ids_and_series() {
        let tmp = TempDir::new("walk");
        for f in [
            "b.md",
            "a.txt",
            "cop-themasessies/2021-03-09-koffieleut.txt",
            "cop-themasessies/sub/x.HTML",
            "cop-themasessies/plaatje.png",
            "README.md",
            "readme.txt",
            ".hidden.txt",
            ".git/config.txt",
            "z.htm",
            "y.markdown",
        ] {
            tmp.file(f);
        }
        let (files, errors) = discover(std::slice::from_ref(&tmp.0));
        assert!(errors.is_empty(), "{errors:?}");
        let got: Vec<(&str, &str, SourceFormat)> = files
            .iter()
            .map(|f| (f.id.as_str(), f.series.as_str(), f.format))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a", "", SourceFormat::Text),
                ("b", "", SourceFormat::Markdown),
                ("y", "", SourceFormat::Markdown),
                ("z", "", SourceFormat::Html),
                (
                    "cop-themasessies/2021-03-09-koffieleut",
                    "cop-themasessies",
                    SourceFormat::Text
                ),
                (
                    "cop-themasessies/sub/x",
                    "cop-themasessies/sub",
                    SourceFormat::Html
                ),
            ]
        );
        assert!(files[0].path.starts_with(&tmp.0));
    }

    #[test]
    fn explicit_files_missing_paths_and_duplicates() {
        let tmp = TempDir::new("explicit");
        let txt = tmp.file("sub/2021-03-09 sessie.txt");
        let pdf = tmp.file("verslag.pdf");
        let other = tmp.file("other/2021-03-09 sessie.txt");
        let missing = tmp.0.join("bestaat-niet");
        let (files, errors) = discover(&[txt.clone(), pdf.clone(), missing.clone(), other, txt]);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].id, "2021-03-09 sessie");
        assert_eq!(files[0].series, "");
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with(&pdf.display().to_string()));
        assert!(messages[0].contains("unsupported file type"));
        assert!(messages[1].starts_with(&missing.display().to_string()));
        assert!(messages[2].contains("same id"), "{}", messages[2]);
    }
}
