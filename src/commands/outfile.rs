//! Where `--out` writes: a file replaced whole or not at all, standard
//! output for `-`, or a device or pipe (`/dev/stdout`, a FIFO) written
//! directly.
//!
//! A regular file is written to a temporary file beside it and renamed over
//! it at the end, so a failed or interrupted write never leaves half an
//! export. Two things a plain rename gets wrong are handled here: a symbolic
//! link is followed (the file it points to is replaced and the link stays,
//! as any editor or shell redirection would do), and the new file gets the
//! permissions of the file it replaces, or those of any new file (0666 less
//! the umask) instead of a temporary file's private 0600.

use anyhow::Context as _;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// An output being written; [`OutputFile::finish`] makes it final.
pub struct OutputFile {
    target: Target,
    /// The path as the user gave it, for messages.
    shown: PathBuf,
}

enum Target {
    Stdout(io::Stdout),
    /// A device or pipe: there is nothing to replace and nothing to rename.
    Direct(File),
    /// A regular file (new or replaced) via a temporary file beside it.
    Replace {
        tmp: tempfile::NamedTempFile,
        path: PathBuf,
        force: bool,
    },
}

impl OutputFile {
    /// Opens `out` for writing. An existing regular file (or the file a link
    /// points to) is only replaced with `force`; devices and pipes are
    /// never refused, since writing to them overwrites nothing.
    pub fn create(out: &Path, force: bool) -> anyhow::Result<Self> {
        let shown = out.to_path_buf();
        if out.as_os_str() == "-" {
            return Ok(OutputFile {
                target: Target::Stdout(io::stdout()),
                shown,
            });
        }
        // Asked of the path as given (links followed by the system):
        // `/dev/stdout` is a link to a link to a pipe that has no path.
        match fs::metadata(out) {
            Ok(meta) if meta.is_dir() => {
                anyhow::bail!("cannot write {}: it is a folder", out.display())
            }
            Ok(meta) if !meta.is_file() => {
                let file = fs::OpenOptions::new()
                    .write(true)
                    .open(out)
                    .with_context(|| format!("cannot write {}", out.display()))?;
                return Ok(OutputFile {
                    target: Target::Direct(file),
                    shown,
                });
            }
            Ok(_) if !force => {
                anyhow::bail!("{} exists; use --force to replace it", out.display())
            }
            _ => {}
        }
        let path = resolve(out)?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            anyhow::bail!(
                "cannot write {}: folder {} does not exist",
                out.display(),
                dir.display()
            );
        }
        let tmp = new_temp_file(&dir, &path)
            .with_context(|| format!("cannot write in {}", dir.display()))?;
        Ok(OutputFile {
            target: Target::Replace { tmp, path, force },
            shown,
        })
    }

    /// Whether the output is a file that can have a provenance file beside it.
    pub fn is_file(&self) -> bool {
        matches!(self.target, Target::Replace { .. })
    }

    /// The temporary file behind a regular output, for writers that seek
    /// (a zip archive); `None` for standard output, devices and pipes.
    pub fn seekable(&mut self) -> Option<&mut File> {
        match &mut self.target {
            Target::Replace { tmp, .. } => Some(tmp.as_file_mut()),
            _ => None,
        }
    }

    /// Makes the output final: renames the temporary file over the target.
    pub fn finish(self) -> anyhow::Result<()> {
        let shown = self.shown;
        match self.target {
            Target::Stdout(mut out) => match out.flush() {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other.with_context(|| "cannot write to standard output".to_string()),
            },
            Target::Direct(mut file) => file
                .flush()
                .with_context(|| format!("cannot write {}", shown.display())),
            Target::Replace { tmp, path, force } => {
                let result = if force {
                    tmp.persist(&path).map(|_| ())
                } else {
                    // Another process may have created the file meanwhile.
                    tmp.persist_noclobber(&path).map(|_| ())
                };
                result.map_err(|e| anyhow::anyhow!("cannot write {}: {}", shown.display(), e.error))
            }
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.target {
            // A closed pipe (`--out - | head`) is not an error: the rest is
            // not wanted.
            Target::Stdout(out) => quiet_on_closed_pipe(out.write(buf), buf.len()),
            Target::Direct(file) => quiet_on_closed_pipe(file.write(buf), buf.len()),
            Target::Replace { tmp, .. } => tmp.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.target {
            Target::Stdout(out) => out.flush(),
            Target::Direct(file) => file.flush(),
            Target::Replace { tmp, .. } => tmp.flush(),
        }
    }
}

fn quiet_on_closed_pipe(written: io::Result<usize>, len: usize) -> io::Result<usize> {
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(len),
        other => other,
    }
}

/// Writes `bytes` to `out` as [`OutputFile`] does.
pub fn write_whole(out: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    let mut file = OutputFile::create(out, force)?;
    file.write_all(bytes)
        .with_context(|| format!("cannot write {}", out.display()))?;
    file.finish()
}

/// The file a path finally names: links followed, also a dangling link's
/// target (which the write then creates).
fn resolve(out: &Path) -> anyhow::Result<PathBuf> {
    let mut path = out.to_path_buf();
    // A bounded walk: a loop of links is an error, not a hang.
    for _ in 0..40 {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&path)
                    .with_context(|| format!("cannot follow the link {}", path.display()))?;
                path = match path.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(path),
        }
    }
    anyhow::bail!("cannot write {}: too many levels of links", out.display())
}

/// A temporary file in `dir` with the permissions the final file should
/// have: those of the file it replaces, or the default for new files.
fn new_temp_file(dir: &Path, replaces: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".notulen-out-");
    #[cfg(unix)]
    let existing = fs::metadata(replaces).ok().map(|m| m.permissions());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created with 0666, the umask then applies, as for any new file.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir)?;
    #[cfg(unix)]
    if let Some(permissions) = existing {
        tmp.as_file().set_permissions(permissions)?;
    }
    #[cfg(not(unix))]
    let _ = replaces;
    Ok(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_file_only_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("uit.csv");
        write_whole(&path, b"een\n", false).unwrap();
        let err = write_whole(&path, b"twee\n", false).unwrap_err();
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"een\n");
        write_whole(&path, b"twee\n", true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"twee\n");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("echt.csv");
        let link = dir.path().join("link.csv");
        fs::write(&real, "oud\n").unwrap();
        std::os::unix::fs::symlink("echt.csv", &link).unwrap();
        write_whole(&link, b"nieuw\n", true).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"nieuw\n");
        // Without --force the file behind the link is protected too.
        assert!(write_whole(&link, b"x\n", false).is_err());
        // A dangling link: its target is created.
        let dangling = dir.path().join("los.csv");
        std::os::unix::fs::symlink("nieuw.csv", &dangling).unwrap();
        write_whole(&dangling, b"a\n", false).unwrap();
        assert_eq!(fs::read(dir.path().join("nieuw.csv")).unwrap(), b"a\n");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_not_private_and_replaced_ones_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rapport.html");
        write_whole(&path, b"<p>", false).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // The mode any new file gets under this umask (a temporary file
        // alone would be 0600 whatever the umask).
        let reference = dir.path().join("gewoon.txt");
        File::create(&reference).unwrap();
        let usual = fs::metadata(&reference).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, usual);
        let private = fs::Permissions::from_mode(0o640);
        fs::set_permissions(&path, private).unwrap();
        write_whole(&path, b"<p>2", true).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_directly() {
        // /dev/null stands for /dev/stdout and FIFOs: not replaced, not
        // refused without --force, and left a device.
        write_whole(Path::new("/dev/null"), b"weg\n", false).unwrap();
        assert!(!fs::metadata("/dev/null").unwrap().is_file());
    }

    #[test]
    fn a_folder_or_a_missing_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_whole(dir.path(), b"x", true).unwrap_err();
        assert!(err.to_string().contains("it is a folder"), "{err}");
        let err = write_whole(&dir.path().join("nee/uit.csv"), b"x", true).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
    }
}
