//! Writing files so that nothing is lost: atomically (a temporary file, synced, then renamed,
//! so a failure leaves no half-written file), and never over another file unless asked.

use std::io::Write;
use std::path::{Path, PathBuf};

use atomicwrites::{AtomicFile, OverwriteBehavior};

/// Why a file could not be written, said for people.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file exists and replacing it was not asked for.
    #[error("{0} already exists; it was left as it is")]
    Exists(PathBuf),
    /// The path names a directory.
    #[error("{0} is a directory")]
    IsDirectory(PathBuf),
    /// The path has no file name (`/`, `..`).
    #[error("{0} does not name a file")]
    NotAFile(PathBuf),
    /// The system refused (permissions, no space, a missing directory).
    #[error("cannot write {path}: {source}")]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl WriteError {
    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            WriteError::Exists(_) => "choose another name with -o, or add --force to replace it",
            WriteError::IsDirectory(_) | WriteError::NotAFile(_) => {
                "give a file name, e.g. -o briefing.md"
            }
            WriteError::Io { .. } => {
                "check that the directory exists, that you may write there, and that the disk has room"
            }
        }
    }
}

/// Writes `bytes` to `path` atomically; an existing file is replaced only with `replace`.
pub fn write_atomic(path: &Path, bytes: &[u8], replace: bool) -> Result<(), WriteError> {
    write_atomic_with(path, replace, |w| w.write_all(bytes))
}

/// Writes what `write` writes to `path` atomically, as it comes (through a buffer); an existing
/// file is replaced only with `replace`. If `write` fails, nothing is left behind.
pub fn write_atomic_with(
    path: &Path,
    replace: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    if path.is_dir() {
        return Err(WriteError::IsDirectory(path.to_path_buf()));
    }
    if path.file_name().is_none() {
        return Err(WriteError::NotAFile(path.to_path_buf()));
    }
    // A bare file name lives in the current directory: say so, for the temporary file's sake.
    let path = if path.parent().is_some_and(|p| p.as_os_str().is_empty()) {
        Path::new(".").join(path)
    } else {
        path.to_path_buf()
    };
    let overwrite = if replace {
        OverwriteBehavior::AllowOverwrite
    } else {
        OverwriteBehavior::DisallowOverwrite
    };
    AtomicFile::new(&path, overwrite)
        .write(|f| {
            let mut buffered = std::io::BufWriter::with_capacity(1 << 16, f);
            write(&mut buffered)?;
            buffered.flush()
        })
        .map_err(|e| {
            let source = match e {
                atomicwrites::Error::Internal(e) | atomicwrites::Error::User(e) => e,
            };
            if source.kind() == std::io::ErrorKind::AlreadyExists {
                WriteError::Exists(path.clone())
            } else {
                WriteError::Io {
                    path: path.clone(),
                    source,
                }
            }
        })
}

/// Writes `bytes` to `dir/stem.ext`, or `stem-2.ext`, `stem-3.ext`… — the first name free — and
/// returns the path written.
pub fn write_fresh(dir: &Path, stem: &str, ext: &str, bytes: &[u8]) -> Result<PathBuf, WriteError> {
    write_fresh_with(dir, stem, ext, |w| w.write_all(bytes))
}

/// Writes what `write` writes, as it comes, to `dir/stem.ext`, or `stem-2.ext`, `stem-3.ext`…
/// — the first name free — and returns the path written. Names taken are passed over before
/// writing; should one be taken while it is written, `write` is called again for the next.
pub fn write_fresh_with(
    dir: &Path,
    stem: &str,
    ext: &str,
    mut write: impl FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<PathBuf, WriteError> {
    for n in 1..10_000 {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = dir.join(name);
        if path.symlink_metadata().is_ok() {
            continue;
        }
        match write_atomic_with(&path, false, &mut write) {
            Err(WriteError::Exists(_)) => continue,
            other => return other.map(|()| path),
        }
    }
    Err(WriteError::Exists(dir.join(format!("{stem}.{ext}"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_file_passes_over_names_taken_and_is_written_as_it_comes() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let taken = dir.path().join("briefing.md");
        std::fs::write(&taken, "someone's notes").unwrap_or_else(|e| panic!("{e}"));
        let written = write_fresh_with(dir.path(), "briefing", "md", |w| {
            for part in ["# Briefing", "\n", "text"] {
                w.write_all(part.as_bytes())?;
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(written, dir.path().join("briefing-2.md"));
        let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
        assert_eq!(read(&written), "# Briefing\ntext");
        assert_eq!(read(&taken), "someone's notes", "left as it was");
    }

    #[test]
    fn a_write_that_fails_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let result = write_fresh_with(dir.path(), "briefing", "md", |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("the disk is full"))
        });
        assert!(matches!(result, Err(WriteError::Io { .. })), "{result:?}");
        let left = std::fs::read_dir(dir.path()).map_or(0, |d| d.count());
        assert_eq!(left, 0, "no file, no temporary file");
    }
}
