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
    for n in 1..10_000 {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = dir.join(name);
        match write_atomic(&path, bytes, false) {
            Err(WriteError::Exists(_)) => continue,
            other => return other.map(|()| path),
        }
    }
    Err(WriteError::Exists(dir.join(format!("{stem}.{ext}"))))
}
