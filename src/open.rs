//! Opening what the user names: RON datasets through [`crate::load`], ACLED and UCDP GED exports
//! (CSV, told by their header) through [`crate::import`], all merged into one dataset.

use std::path::{Path, PathBuf};

use crate::cache::{Cache, FilePrint};
use crate::import::{self, Options};
use crate::load::files::{FileRead, decode, list_files, read_named};
use crate::load::pieces::{self, Streaming};
use crate::load::{self, Diagnostic, LoadFile, Loaded, Severity};

/// Loads files and directories: RON files, and CSV exports named directly (directories give
/// only their `*.ron` files). With a `cache`, a snapshot of the same files is used when there is
/// one, and a clean load of large data leaves one (see [`crate::cache`]).
pub fn open_paths(paths: &[PathBuf], cache: Option<&Cache>) -> Loaded {
    let (loaded, prints) = open_unstored(paths, cache);
    if let (Some(cache), Some(prints)) = (cache, prints) {
        cache.store(paths, &prints, &loaded.dataset);
    }
    loaded
}

/// [`open_paths`] without writing the snapshot: also gives, when a snapshot is to be written —
/// the files were parsed with no diagnostic at all (a load with warnings is not cached, so they
/// show every time), or a snapshot is worth writing again (see [`Cache::load`]) — the prints of
/// the files read, for [`Cache::store`] to be called when convenient.
pub fn open_unstored(paths: &[PathBuf], cache: Option<&Cache>) -> (Loaded, Option<Vec<FilePrint>>) {
    // Loading frees and takes memory again at a high rate: it is kept meanwhile, and what is
    // freed once loaded goes back to the system soon (see `crate::memory`).
    crate::memory::keep_freed_memory();
    let opened = open_unstored_with(paths, cache, Streaming::auto());
    crate::memory::give_back_freed_memory_soon();
    opened
}

/// [`open_unstored`], saying which files to parse as they are read (the result is the same
/// either way).
pub fn open_unstored_with(
    paths: &[PathBuf],
    cache: Option<&Cache>,
    streaming: Streaming,
) -> (Loaded, Option<Vec<FilePrint>>) {
    if let Some((loaded, restamped)) = cache.and_then(|c| c.load(paths)) {
        return (loaded, restamped);
    }
    let hash = cache.is_some();
    let (listed, mut problems) = list_files(paths);
    // The prints are of the bytes parsed: a file that changes after this is not mistaken for them.
    let mut prints = Vec::new();
    let mut inputs = Vec::new();
    let mut exports = Vec::new();
    for (name, path) in listed {
        if streams(&name, &path, streaming.min_bytes) {
            // Parsed as it is read, if it can be; otherwise read whole below.
            if let Ok(Some((read, parsed))) = pieces::parse(inputs.len(), &path, streaming, hash) {
                if hash {
                    prints.push(FilePrint::of(&FileRead {
                        name: name.clone(),
                        ..read
                    }));
                }
                let parsed = Box::new(parsed);
                inputs.push(LoadFile::Parsed { name, path, parsed });
                continue;
            }
        }
        let read = match read_named(name, &path, hash) {
            Ok(read) => read,
            Err(d) => {
                problems.push(*d);
                continue;
            }
        };
        if hash {
            prints.push(FilePrint::of(&read));
        }
        let FileRead { name, bytes, .. } = read;
        if is_export(&name, &bytes) {
            exports.push((name, bytes));
        } else {
            match decode(&name, bytes) {
                Ok(input) => inputs.push(LoadFile::Text(input)),
                Err(d) => problems.push(*d),
            }
        }
    }
    let only_exports = inputs.is_empty() && !exports.is_empty();
    let mut loaded = if only_exports {
        Loaded {
            dataset: Default::default(),
            diagnostics: problems,
            files: Vec::new(),
            from_cache: false,
        }
    } else {
        load::load_files(inputs, problems)
    };
    for (name, bytes) in exports {
        let imported = import::import(&name, &bytes, Options::default());
        absorb(&mut loaded, &name, imported);
    }
    let clean = loaded.diagnostics.is_empty();
    (loaded, cache.filter(|_| clean).map(|_| prints))
}

/// Whether a file is large enough to be parsed as it is read (see [`pieces`]), and not named as
/// an export (one that is not named so is told by the parse giving up at its first line).
fn streams(name: &str, path: &Path, min_bytes: u64) -> bool {
    !Path::new(name)
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("csv"))
        && std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() >= min_bytes)
}

/// Whether a file is read as a CSV export: its header says so, or its name ends in `.csv`.
pub fn is_export(name: &str, bytes: &[u8]) -> bool {
    import::sniff(bytes).is_some()
        || Path::new(name)
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("csv"))
}

/// Merges an import into what was loaded, saying what could not be merged.
pub fn absorb(loaded: &mut Loaded, name: &str, mut imported: import::Imported) {
    loaded
        .diagnostics
        .extend(std::mem::take(&mut imported.diagnostics));
    if imported.skipped > 0 {
        loaded.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            message: imported.counts(),
            help: None,
            location: None,
            file: Some(name.to_string()),
        });
    }
    let title = imported
        .provider
        .map(|p| format!("{} export {}", p.name(), file_name(name)));
    let repeated = loaded
        .dataset
        .absorb(title, imported.sources, imported.events);
    if let Some(first) = repeated.first() {
        loaded.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            message: format!(
                "{} event{} (first `{}`) already loaded from another file; this file's copies were left out",
                repeated.len(),
                if repeated.len() == 1 { " was" } else { "s were" },
                first.id()
            ),
            help: Some("open either the export or the dataset imported from it, not both".into()),
            location: None,
            file: Some(name.to_string()),
        });
    }
    loaded.files.push(name.to_string());
}

fn file_name(name: &str) -> String {
    Path::new(name)
        .file_name()
        .map_or_else(|| name.to_string(), |f| f.to_string_lossy().into_owned())
}
