//! From paths to texts: expanding directories, reading bytes, decoding UTF-8.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, Severity};
use super::locate::line_col;

/// One file's text, ready to parse (BOM removed, line ends normalised).
#[derive(Debug, Clone)]
pub struct Input {
    /// The name to show: the path as the user gave it.
    pub name: String,
    /// The decoded text.
    pub text: String,
}

/// Reads every path: files as they are, directories as all their `*.ron` files in name order.
/// A file reached twice is read once.
pub fn read_paths(paths: &[PathBuf]) -> (Vec<Input>, Vec<Diagnostic>) {
    let (files, mut problems) = read_files(paths, false);
    let mut inputs = Vec::with_capacity(files.len());
    for FileRead { name, bytes, .. } in files {
        match decode(&name, bytes) {
            Ok(input) => inputs.push(input),
            Err(d) => problems.push(*d),
        }
    }
    (inputs, problems)
}

/// One file's bytes as read, with what the file system said of it just before.
#[derive(Debug)]
pub struct FileRead {
    /// The path as the user gave it.
    pub name: String,
    /// The contents (left empty when the file was parsed as it was read: see
    /// [`super::pieces`]).
    pub bytes: Vec<u8>,
    /// How many bytes were read.
    pub size: u64,
    /// The file's metadata, taken from the open file before its bytes were read.
    pub meta: Option<std::fs::Metadata>,
    /// The clock just before that metadata was taken.
    pub read_at: std::time::SystemTime,
    /// The XXH3-128 hash of the contents, when asked for (worked out as they are read, while
    /// each piece is fresh in the processor's cache).
    pub hash: Option<u128>,
}

/// The text of the file at `path`, if it can be read and decoded.
pub fn read_text(path: &Path) -> Option<String> {
    let read = read_one(path, false).ok()?;
    decode("", read.bytes).ok().map(|input| input.text)
}

/// The bytes of every file the paths stand for (see [`read_paths`]), named as the user gave them,
/// and with their hashes when `hash` is set.
pub fn read_files(paths: &[PathBuf], hash: bool) -> (Vec<FileRead>, Vec<Diagnostic>) {
    let (listed, mut problems) = list_files(paths);
    let mut files = Vec::with_capacity(listed.len());
    for (name, file) in listed {
        match read_named(name, &file, hash) {
            Ok(read) => files.push(read),
            Err(d) => problems.push(*d),
        }
    }
    (files, problems)
}

/// The bytes of the file at `path`, named `name` (see [`read_files`]), or why they cannot be read.
pub fn read_named(name: String, path: &Path, hash: bool) -> Result<FileRead, Box<Diagnostic>> {
    match read_one(path, hash) {
        Ok(read) => Ok(FileRead { name, ..read }),
        Err(e) => Err(Box::new(
            Diagnostic::error(format!("cannot read this file: {e}"))
                .in_file(&name)
                .with_help("check the path and the file's permissions"),
        )),
    }
}

/// A file's bytes, its metadata taken before reading them, the clock before that, and the hash
/// of the bytes if asked for (unnamed: the caller names it).
fn read_one(path: &Path, hash: bool) -> std::io::Result<FileRead> {
    use std::io::Read;
    let read_at = std::time::SystemTime::now();
    let mut f = std::fs::File::open(path)?;
    let meta = f.metadata().ok();
    let mut bytes = Vec::new();
    let size = meta.as_ref().map_or(0, |m| m.len());
    // As `std::fs::read` does: a size that cannot be held is an error, not an abort.
    bytes
        .try_reserve_exact(usize::try_from(size).unwrap_or(usize::MAX))
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::OutOfMemory))?;
    let mut hasher = hash.then(xxhash_rust::xxh3::Xxh3::new);
    loop {
        // A piece at a time, hashed as it comes.
        let from = bytes.len();
        let n = f.by_ref().take(8 << 20).read_to_end(&mut bytes)?;
        if let Some(h) = hasher.as_mut() {
            h.update(&bytes[from..]);
        }
        if n == 0 {
            break;
        }
    }
    Ok(FileRead {
        name: String::new(),
        size: bytes.len() as u64,
        bytes,
        meta,
        read_at,
        hash: hasher.map(|h| h.digest128()),
    })
}

/// Every file the paths stand for, named as the user gave them, each once: files as they are,
/// directories as their `*.ron` files in name order.
pub fn list_files(paths: &[PathBuf]) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        for file in expand(path, &mut problems) {
            let key = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
            if seen.insert(key) {
                files.push((file.display().to_string(), file));
            }
        }
    }
    (files, problems)
}

/// The total size in bytes of the files the paths stand for (what cannot be read counts 0).
pub fn total_size(paths: &[PathBuf]) -> u64 {
    let mut ignored = Vec::new();
    paths
        .iter()
        .flat_map(|p| expand(p, &mut ignored))
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

/// The files a path stands for.
fn expand(path: &Path, problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let shown = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            let help = if e.kind() == std::io::ErrorKind::NotFound {
                "check the path; run `fogline check` with no path to check the bundled dataset"
            } else {
                "check the path and its permissions"
            };
            problems.push(
                Diagnostic::error(format!("cannot open this path: {e}"))
                    .in_file(shown)
                    .with_help(help),
            );
            return Vec::new();
        }
    };
    if !meta.is_dir() {
        return vec![path.to_path_buf()];
    }
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) => {
            problems
                .push(Diagnostic::error(format!("cannot list this directory: {e}")).in_file(shown));
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x.eq_ignore_ascii_case("ron"))
                && std::fs::metadata(p).is_ok_and(|m| m.is_file())
        })
        .collect();
    files.sort();
    if files.is_empty() {
        problems.push(
            Diagnostic::error("this directory holds no `.ron` files")
                .in_file(shown)
                .with_help("give the directory that holds the dataset's .ron files, or the files themselves"),
        );
    }
    files
}

/// Decodes a file's bytes: UTF-8 required, a byte-order mark dropped, CRLF made LF.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<Input, Box<Diagnostic>> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            let (line, column) = line_col(&prefix, prefix.len());
            return Err(Box::new(Diagnostic {
                severity: Severity::Error,
                message: format!(
                    "this file is not UTF-8 text: byte 0x{:02x} at line {line}, column {column} is not valid UTF-8",
                    bytes.get(valid).copied().unwrap_or(0)
                ),
                help: Some("save the file as UTF-8".to_string()),
                location: None,
                file: Some(format!("{name}:{line}:{column}")),
            }));
        }
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    Ok(Input {
        name: name.to_string(),
        text,
    })
}
