//! Finding the session files under the paths given on the command line, with
//! stable ids derived from their paths.

use super::parlamint::{self, XmlKind};
use super::SourceFile;
use crate::error::Error;
use crate::model::SourceFormat;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

const EXTENSIONS: &str = ".txt, .md, .markdown, .html, .htm, .docx, .pdf or .xml (ParlaMint TEI)";

/// How much of an `.xml` file is read to find its root element.
const XML_HEAD_BYTES: u64 = 64 * 1024;

/// What a file is, judged by its name and, for `.txt` and `.xml`, a look
/// at its first bytes or its siblings.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Session(SourceFormat),
    /// Belongs to a ParlaMint sitting or corpus but is no session itself
    /// (`-meta.tsv`, `.conllu`, `teiCorpus` root, speaker lists): skipped
    /// silently.
    SideFile,
    /// A type notulen reads, but this file is not of the kind it reads;
    /// reported even when found in a folder.
    Unsupported(String),
    /// Any other file: skipped in folders, reported when named.
    Other,
}

pub fn discover(paths: &[PathBuf]) -> (Vec<SourceFile>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        match fs::metadata(root) {
            Err(e) => errors.push(Error::io(root, e)),
            Ok(meta) if meta.is_dir() => walk(root, &mut files, &mut errors),
            Ok(meta) if meta.is_file() => match classify(root) {
                Kind::Session(format) => {
                    let stem = root.file_stem().unwrap_or(root.as_os_str());
                    files.push(SourceFile {
                        path: root.clone(),
                        id: stem.to_string_lossy().into_owned(),
                        series: String::new(),
                        format,
                    });
                }
                Kind::SideFile => {}
                Kind::Unsupported(reason) => errors.push(Error::input(root, reason)),
                Kind::Other => errors.push(Error::input(
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
                match classify(&path) {
                    Kind::Session(format) => files.push(source_file(root, path, format)),
                    Kind::Unsupported(reason) => errors.push(Error::input(&path, reason)),
                    Kind::SideFile | Kind::Other => {}
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

fn classify(path: &Path) -> Kind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let Some((_, ext)) = name.rsplit_once('.') else {
        return Kind::Other;
    };
    if name.ends_with("-meta.tsv") || ext == "conllu" {
        return Kind::SideFile;
    }
    let format = match ext {
        "txt" if is_parlamint_text(path) => SourceFormat::ParlamintText,
        "txt" => SourceFormat::Text,
        "md" | "markdown" => SourceFormat::Markdown,
        "html" | "htm" => SourceFormat::Html,
        "docx" => SourceFormat::Docx,
        "pdf" => SourceFormat::Pdf,
        "xml" => match xml_kind(path) {
            XmlKind::Sitting => SourceFormat::ParlamintTei,
            XmlKind::TeiAuxiliary => return Kind::SideFile,
            XmlKind::Other(root) => {
                return Kind::Unsupported(format!(
                    "unsupported XML (root element <{root}>); only ParlaMint TEI sittings are read"
                ))
            }
        },
        _ => return Kind::Other,
    };
    Kind::Session(format)
}

/// A `.txt` is ParlaMint's export when a `-meta.tsv` with ParlaMint's
/// header sits beside it.
fn is_parlamint_text(path: &Path) -> bool {
    let Ok(file) = fs::File::open(parlamint::meta_path(path)) else {
        return false;
    };
    let mut head = Vec::new();
    if file.take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    let head = String::from_utf8_lossy(&head);
    let first_line = head
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    parlamint::is_meta_header(first_line)
}

/// The kind of an `.xml` file by its root element. A file that cannot be
/// read here is passed on as a sitting, so that reading it reports why.
fn xml_kind(path: &Path) -> XmlKind {
    let mut head = Vec::new();
    match fs::File::open(path) {
        Ok(file) => {
            if file.take(XML_HEAD_BYTES).read_to_end(&mut head).is_err() {
                return XmlKind::Sitting;
            }
        }
        Err(_) => return XmlKind::Sitting,
    }
    parlamint::classify_xml(&String::from_utf8_lossy(&head))
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
            self.file_with(relative, "tekst")
        }

        fn file_with(&self, relative: &str, content: &str) -> PathBuf {
            let path = self.0.join(relative);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(&path, content).expect("write");
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
        let pdf = tmp.file("verslag.odt");
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

    #[test]
    fn parlamint_files_word_pdf_and_xml_kinds() {
        let tmp = TempDir::new("parlamint");
        let header = "Text_ID\tID\tTitle\tSpeaker_name\n";
        tmp.file_with("tk/S1.txt", "S1.u1\tTekst");
        let meta = tmp.file_with("tk/S1-meta.tsv", header);
        let conllu = tmp.file_with("tk/S1.conllu", "# newdoc id = S1.u1\n");
        tmp.file("tk/S2.txt");
        tmp.file_with("tk/S2-meta.tsv", "ID\tNaam\n");
        tmp.file_with(
            "tei/zitting.xml",
            "<?xml version=\"1.0\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text/></TEI>",
        );
        tmp.file_with(
            "tei/ParlaMint-NL.xml",
            "<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\"></teiCorpus>",
        );
        let feed = tmp.file_with("tei/feed.xml", "<rss version=\"2.0\"/>");
        tmp.file("word/notulen.docx");
        tmp.file("word/verslag.PDF");
        let (files, errors) = discover(std::slice::from_ref(&tmp.0));
        let got: Vec<(&str, SourceFormat)> =
            files.iter().map(|f| (f.id.as_str(), f.format)).collect();
        assert_eq!(
            got,
            vec![
                ("tei/zitting", SourceFormat::ParlamintTei),
                ("tk/S1", SourceFormat::ParlamintText),
                ("tk/S2", SourceFormat::Text),
                ("word/notulen", SourceFormat::Docx),
                ("word/verslag", SourceFormat::Pdf),
            ]
        );
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            vec![format!(
                "{}: unsupported XML (root element <rss>); only ParlaMint TEI sittings are read",
                feed.display()
            )]
        );
        // Named explicitly, the side files are still no sessions and no errors.
        let (files, errors) = discover(&[meta, conllu]);
        assert!(
            files.is_empty() && errors.is_empty(),
            "{files:?} {errors:?}"
        );
    }
}
