//! A binary snapshot of a loaded dataset, so that opening the same large files again skips
//! parsing them.
//!
//! A snapshot lives in the user's cache directory (`~/.cache/fogline` on Linux;
//! `FOGLINE_CACHE_DIR` overrides), never beside the data. It is named after what was opened (the
//! paths, made absolute) and records, for every file read, its name, size and a 128-bit content
//! hash (XXH3). It is used only when every file still has that size and that hash — a file
//! edited, replaced, added or removed means a full load, which then writes a fresh snapshot —
//! and only when its own trailing hash matches its contents, so a damaged snapshot is never
//! trusted. Only loads with no diagnostic at all are stored (a load with warnings is loaded
//! again, to show them again), and only data of [`MIN_BYTES`] or more: smaller data parses
//! faster than a snapshot is checked.

mod block;
mod codec;
mod packed;
mod slice;
mod snapshot;
mod stamp;

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::load::Loaded;
use crate::load::files::{FileRead, list_files};
use crate::model::Dataset;

pub use codec::CacheError;
use codec::{Decoder, Encoder, Result};
pub use stamp::{SETTLED, Stamp};

/// Data smaller than this (in bytes, all files together) is not cached.
pub const MIN_BYTES: u64 = 1 << 20;

/// The bytes after the contents: their XXH3-128 hash.
const TRAILER: u64 = 16;

/// What a snapshot starts with.
const MAGIC: &[u8; 14] = b"FOGLINE-CACHE\n";

/// The layout's version: raised whenever the snapshot's encoding or the model changes.
const FORMAT: u64 = 13;

/// One file as it was read: its name as the user gave it, its size and its content hash, and
/// its stamp when that can tell it unchanged later (see `stamp`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePrint {
    /// As the user named it (directories give their files' paths).
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// XXH3-128 of the bytes.
    pub hash: u128,
    /// What the file system said of it before it was read, if the file had settled by then.
    pub stamp: Option<Stamp>,
}

impl FilePrint {
    /// The print of a file just read.
    pub fn of(file: &FileRead) -> FilePrint {
        let hash = file.hash.unwrap_or_else(|| {
            let mut h = Xxh3::new();
            h.update(&file.bytes);
            h.digest128()
        });
        let stamp = file
            .meta
            .as_ref()
            .and_then(|m| Stamp::settled(m, file.read_at))
            // The stamp must describe these very bytes.
            .filter(|s| s.size == file.size);
        FilePrint {
            name: file.name.clone(),
            size: file.size,
            hash,
            stamp,
        }
    }

    /// Whether a file whose metadata is now `meta` must be read to tell whether it still has
    /// this print: always, unless its stamp was recorded and is unchanged.
    fn needs_hashing(&self, meta: &std::fs::Metadata) -> bool {
        self.stamp.is_none() || Stamp::of(meta) != self.stamp
    }
}

/// Where snapshots are kept.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// Snapshots in `dir`.
    pub fn in_dir(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    /// The user's cache directory for fogline (`FOGLINE_CACHE_DIR` when set), if there is one.
    pub fn locate() -> Option<Cache> {
        if let Some(dir) = std::env::var_os("FOGLINE_CACHE_DIR").filter(|d| !d.is_empty()) {
            return Some(Cache::in_dir(dir));
        }
        directories::ProjectDirs::from("", "", "fogline").map(|d| Cache::in_dir(d.cache_dir()))
    }

    /// The snapshot file for what `paths` name.
    pub fn file_for(&self, paths: &[PathBuf]) -> Option<PathBuf> {
        let mut key = String::new();
        for p in paths {
            key.push_str(&std::fs::canonicalize(p).ok()?.to_string_lossy());
            key.push('\0');
        }
        Some(
            self.dir
                .join(format!("{:016x}.snapshot", xxh3_64(key.as_bytes()))),
        )
    }

    /// The dataset `paths` name, from its snapshot, when there is one and every file still
    /// matches it. Anything else (no snapshot, a file changed, a damaged snapshot) is `None`.
    ///
    /// Also gives fresh prints when the snapshot is worth writing again: a file's stamp did not
    /// tell (it had none, read just after it was written, or was touched since) and, found
    /// unchanged by its content, it has a settled stamp now.
    pub fn load(&self, paths: &[PathBuf]) -> Option<(Loaded, Option<Vec<FilePrint>>)> {
        let file = self.file_for(paths)?;
        let (listed, problems) = list_files(paths);
        if !problems.is_empty() {
            return None;
        }
        read_snapshot(&file, &listed).ok()
    }

    /// Stores `dataset`, loaded from `paths` with no diagnostic at all, whose files were read as
    /// `prints` (see [`crate::open::open_unstored`], which gives prints only for such a load).
    /// Does nothing for small data; a snapshot that cannot be written is left out silently (the
    /// cache only saves time).
    pub fn store(&self, paths: &[PathBuf], prints: &[FilePrint], dataset: &Dataset) {
        let total: u64 = prints.iter().map(|p| p.size).sum();
        if total < MIN_BYTES {
            return;
        }
        if let Some(file) = self.file_for(paths) {
            self.remove_abandoned();
            let _ = std::fs::create_dir_all(&self.dir)
                .map_err(CacheError::from)
                .and_then(|()| write_snapshot(&file, prints, dataset));
        }
    }
}

impl Cache {
    /// Removes snapshots left half-written an hour ago or more (the viewer writes its snapshot
    /// while the data is on screen, and quitting does not wait for it).
    fn remove_abandoned(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.filter_map(|e| e.ok()) {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() >= 3600);
            if old && entry.file_name().to_string_lossy().starts_with(PARTIAL) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// How a snapshot being written is named, until it is renamed into place.
const PARTIAL: &str = ".partial-";

/// Writes a snapshot atomically: a reader sees the old one or the new one, never half of one.
/// (Written to a temporary file beside it, then renamed over it; not synced to disk, as a
/// snapshot lost in a crash is only rebuilt, and one damaged is refused by its hash.)
fn write_snapshot(file: &Path, prints: &[FilePrint], dataset: &Dataset) -> Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(PARTIAL).tempfile_in(dir)?;
    let mut e = Encoder::new(tmp.as_file_mut());
    e.bytes(MAGIC)?;
    e.uint(FORMAT)?;
    e.str(env!("CARGO_PKG_VERSION"))?;
    e.len(prints.len())?;
    for p in prints {
        e.str(&p.name)?;
        e.uint(p.size)?;
        e.bytes(&p.hash.to_le_bytes())?;
        encode_stamp(&mut e, p.stamp.as_ref())?;
    }
    snapshot::encode(&mut e, dataset)?;
    let digest = e.digest()?;
    let out = e.into_inner()?;
    out.write_all(&digest.to_le_bytes())?;
    tmp.persist(file).map_err(|e| CacheError::Io(e.error))?;
    Ok(())
}

/// Reads a snapshot, checking it against the files `listed` (name and path) as they are now.
fn read_snapshot(
    file: &Path,
    listed: &[(String, PathBuf)],
) -> Result<(Loaded, Option<Vec<FilePrint>>)> {
    let input = File::open(file)?;
    let len = input.metadata()?.len();
    let body = len
        .checked_sub(TRAILER)
        .ok_or(CacheError::Invalid("too short"))?;
    let mut d = Decoder::new(input, body);
    let mut magic = [0u8; MAGIC.len()];
    d.bytes(&mut magic)?;
    if &magic != MAGIC || d.uint()? != FORMAT || d.string()? != env!("CARGO_PKG_VERSION") {
        return Err(CacheError::Invalid("written by another version"));
    }
    let n = d.len()?;
    if n != listed.len() {
        return Err(CacheError::Invalid("another set of files"));
    }
    let mut recorded = Vec::with_capacity(n);
    for _ in 0..n {
        let name = d.string()?;
        let size = d.uint()?;
        let mut hash = [0u8; 16];
        d.bytes(&mut hash)?;
        recorded.push(FilePrint {
            name,
            size,
            hash: u128::from_le_bytes(hash),
            stamp: decode_stamp(&mut d)?,
        });
    }
    // Sizes first, as they cost nothing; then the stamps, or the contents. Each file's
    // metadata is taken once, with the clock just before it (as when a file is parsed).
    let mut now = Vec::with_capacity(recorded.len());
    for (r, (name, path)) in recorded.iter().zip(listed) {
        let read_at = std::time::SystemTime::now();
        let meta = std::fs::metadata(path)?;
        if r.name != *name || meta.len() != r.size {
            return Err(CacheError::Invalid("a file changed"));
        }
        now.push((read_at, meta));
    }
    // Files whose stamps do not tell are hashed on another core while the snapshot is read;
    // what was read is used only if they match.
    let (unchanged, dataset) = std::thread::scope(|scope| {
        // Gives the stamps files have gained since (see `Cache::load`), or `None` if one changed.
        let hashing = scope.spawn(|| -> Result<Option<Vec<Option<Stamp>>>> {
            let mut gained = Vec::with_capacity(recorded.len());
            for ((r, (_, path)), (read_at, meta)) in recorded.iter().zip(listed).zip(&now) {
                if !r.needs_hashing(meta) {
                    gained.push(None);
                    continue;
                }
                if hash_file(path)? != r.hash {
                    return Ok(None);
                }
                // Unchanged by content, and settled: a stamp to record (it had none, or the file
                // was touched since, as by `touch`).
                gained.push(Stamp::settled(meta, *read_at).filter(|s| s.size == r.size));
            }
            Ok(Some(gained))
        });
        let dataset = read_body(&mut d);
        let unchanged = hashing
            .join()
            .unwrap_or(Err(CacheError::Invalid("hashing failed")));
        (unchanged, dataset)
    });
    let Some(gained) = unchanged? else {
        return Err(CacheError::Invalid("a file changed"));
    };
    let dataset = dataset?;
    let restamped = gained.iter().any(Option::is_some).then(|| {
        let mut prints = recorded.clone();
        for (p, stamp) in prints.iter_mut().zip(gained) {
            p.stamp = stamp.or(p.stamp);
        }
        prints
    });
    let loaded = Loaded {
        dataset,
        diagnostics: Vec::new(),
        files: recorded.into_iter().map(|r| r.name).collect(),
        from_cache: true,
    };
    Ok((loaded, restamped))
}

/// The dataset, then the trailer: the hash of everything before it, which must match.
fn read_body(d: &mut Decoder<File>) -> Result<Dataset> {
    let dataset = snapshot::decode(d)?;
    let digest = d.digest()?;
    let mut trailer = [0u8; TRAILER as usize];
    d.rest(&mut trailer)?;
    if u128::from_le_bytes(trailer) != digest || !d.at_end()? {
        return Err(CacheError::Invalid("damaged"));
    }
    Ok(dataset)
}

/// A stamp, or its absence, as the flag 0 or 1 and then its fields.
fn encode_stamp<W: Write>(e: &mut Encoder<W>, stamp: Option<&Stamp>) -> Result<()> {
    let Some(s) = stamp else {
        return e.u8(0);
    };
    e.u8(1)?;
    for n in [s.dev, s.ino, s.size] {
        e.uint(n)?;
    }
    // Times as their two's-complement bits: before 1970 they are long, but still exact.
    for n in [s.mtime.0, s.mtime.1, s.ctime.0, s.ctime.1] {
        e.uint(n as u64)?;
    }
    Ok(())
}

/// A stamp written by [`encode_stamp`].
fn decode_stamp<R: Read>(d: &mut Decoder<R>) -> Result<Option<Stamp>> {
    if !d.flag()? {
        return Ok(None);
    }
    let (dev, ino, size) = (d.uint()?, d.uint()?, d.uint()?);
    let mut time = || d.uint().map(|n| n as i64);
    Ok(Some(Stamp {
        dev,
        ino,
        size,
        mtime: (time()?, time()?),
        ctime: (time()?, time()?),
    }))
}

/// The XXH3-128 of a file's contents, read a block at a time.
fn hash_file(path: &Path) -> Result<u128> {
    let mut f = File::open(path)?;
    let mut h = Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            return Ok(h.digest128());
        }
        h.update(&buf[..n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_settled_file_is_told_unchanged_by_its_stamp_and_a_rewrite_is_not() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("data.ron");
        std::fs::write(&path, "Dataset()")?;
        let read = |read_at| -> std::io::Result<FilePrint> {
            let bytes = std::fs::read(&path)?;
            Ok(FilePrint::of(&FileRead {
                name: "data.ron".into(),
                size: bytes.len() as u64,
                bytes,
                meta: Some(std::fs::metadata(&path)?),
                read_at,
                hash: None,
            }))
        };
        // Read at once: no stamp, so its content is always checked.
        let fresh = read(std::time::SystemTime::now())?;
        assert_eq!(fresh.stamp, None);
        assert!(fresh.needs_hashing(&std::fs::metadata(&path)?));
        if cfg!(unix) {
            // Read as if later, once settled: the stamp tells it unchanged.
            let later = std::time::SystemTime::now() + SETTLED;
            let settled = read(later)?;
            assert!(settled.stamp.is_some());
            assert!(!settled.needs_hashing(&std::fs::metadata(&path)?));
            std::thread::sleep(std::time::Duration::from_millis(20));
            std::fs::write(&path, "Dataset()")?;
            assert!(settled.needs_hashing(&std::fs::metadata(&path)?));
        }
        Ok(())
    }

    #[test]
    fn only_snapshots_abandoned_an_hour_ago_are_removed() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let cache = Cache::in_dir(dir.path());
        let file = |name: &str, age_secs: u64| -> std::io::Result<PathBuf> {
            let path = dir.path().join(name);
            let f = File::create(&path)?;
            let when = std::time::SystemTime::now() - std::time::Duration::from_secs(age_secs);
            f.set_modified(when)?;
            Ok(path)
        };
        let abandoned = file(".partial-abc", 7200)?;
        let being_written = file(".partial-def", 5)?;
        let old_snapshot = file("0123456789abcdef.snapshot", 7200)?;
        cache.remove_abandoned();
        assert!(!abandoned.exists());
        assert!(being_written.exists());
        assert!(old_snapshot.exists());
        Ok(())
    }
}
