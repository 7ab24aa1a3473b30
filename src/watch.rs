//! Following edits: watch the loaded files' directories, debounce an editor's burst of writes
//! into one reload, and load again in the background, never on the interface's thread.
//!
//! Directories are watched, not files: editors replace a file by renaming a new one over it,
//! and a watch on the file dies with the first save.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Weak};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::app::{Changes, Indexes, Prepared, SameFor};
use crate::cache::Cache;
use crate::load::Loaded;
use crate::model::Dataset;
use crate::open::open_unstored;

/// How long the loader waits for a reload to be on screen before it writes its snapshot anyway.
const SHOWN_WAIT: Duration = Duration::from_secs(10);

/// How long a burst of writes may last and still count as one change.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// A finished reload.
#[derive(Debug)]
pub struct Reload {
    /// What loading found, but the dataset (left empty).
    pub loaded: Loaded,
    /// The dataset, shared with the loader while it writes the cache's snapshot.
    pub dataset: Arc<Dataset>,
    /// What the loader's thread worked out of it for the viewer (nothing for data with errors,
    /// which the viewer does not take in).
    pub prepared: Prepared,
    /// Whether the user asked for it (rather than a change on disk).
    pub manual: bool,
}

/// What the loader's thread hands to the viewer, in the order it is to be taken in.
#[derive(Debug)]
pub enum FromLoader {
    /// Data loaded.
    Reload(Box<Reload>),
    /// The other-reports index of the data of the last reload, made after it was sent (see
    /// [`Prepared::same_apart`]).
    Same(SameFor),
}

/// Reloads the data when it changes on disk or when asked, in a background thread.
pub struct Reloader {
    requests: Sender<bool>,
    results: Receiver<FromLoader>,
    /// Told when a reload's data is on screen (see [`Reloader::shown`]).
    shown: Sender<()>,
    // Kept alive for as long as the watch should last.
    _watch: Option<Box<dyn std::any::Any>>,
}

impl Reloader {
    /// Starts the loader thread for `paths` (opened with `cache`), and, with `watch`, the
    /// watcher of their directories.
    pub fn start(
        paths: Vec<PathBuf>,
        watch: bool,
        cache: Option<Cache>,
    ) -> std::io::Result<Reloader> {
        let (requests, incoming) = mpsc::channel::<bool>();
        let (outgoing, results) = mpsc::channel::<FromLoader>();
        let (shown, on_screen) = mpsc::channel::<()>();
        let load_from = paths.clone();
        std::thread::Builder::new()
            .name("fogline-reload".into())
            .spawn(move || {
                // The last data sent without errors, while the viewer shows it.
                let mut shown: Weak<Dataset> = Weak::new();
                while let Ok(mut manual) = incoming.recv() {
                    // Requests that queued up while loading are one reload.
                    while let Ok(m) = incoming.try_recv() {
                        manual |= m;
                    }
                    let (mut loaded, prints) = open_unstored(&load_from, cache.as_ref());
                    let dataset = Arc::new(std::mem::take(&mut loaded.dataset));
                    // Made here, so that the terminal goes on meanwhile (quitting, say). The
                    // data shown is compared with while the viewer still holds it (this thread
                    // keeps it only weakly: two copies of a large dataset would not fit).
                    let taken = !loaded.has_errors();
                    let prepared = if taken {
                        let before = std::mem::replace(&mut shown, Arc::downgrade(&dataset));
                        Prepared {
                            indexes: Some(Indexes::of(&dataset)),
                            changes: before.upgrade().map(|b| Changes::between(&b, &dataset)),
                            same_apart: true,
                        }
                    } else {
                        Prepared::default()
                    };
                    let reload = Reload {
                        loaded,
                        dataset: Arc::clone(&dataset),
                        prepared,
                        manual,
                    };
                    if outgoing.send(FromLoader::Reload(Box::new(reload))).is_err() {
                        return;
                    }
                    // Made while the viewer shows the data: it waited 0.16 s for it at 1M.
                    if taken
                        && outgoing
                            .send(FromLoader::Same(SameFor::of(&dataset)))
                            .is_err()
                    {
                        return;
                    }
                    // Each reload waits until it is on screen (a viewer gone, or stuck, does
                    // not hold it up), and the snapshot is written then: written while the
                    // viewer indexed a million events, it took half their cores and delayed
                    // them by a second.
                    let _ = on_screen.recv_timeout(SHOWN_WAIT);
                    if let (Some(cache), Some(prints)) = (&cache, prints) {
                        cache.store(&load_from, &prints, &dataset);
                    }
                }
            })?;
        let watcher = if watch {
            Some(watch_dirs(&paths, requests.clone()).map_err(std::io::Error::other)?)
        } else {
            None
        };
        Ok(Reloader {
            requests,
            results,
            shown,
            _watch: watcher,
        })
    }

    /// Asks for a reload now.
    pub fn request(&self) {
        let _ = self.requests.send(true);
    }

    /// What the loader has handed over, if anything is waiting.
    pub fn try_recv(&self) -> Option<FromLoader> {
        self.results.try_recv().ok()
    }

    /// Says that the last reload taken is on screen: its snapshot may be written now.
    pub fn shown(&self) {
        let _ = self.shown.send(());
    }
}

/// Watches the directory of each path (a directory itself, or a file's parent), and asks for a
/// reload when a `.ron` file or a given file in them changes.
fn watch_dirs(paths: &[PathBuf], requests: Sender<bool>) -> notify::Result<Box<dyn std::any::Any>> {
    let files: Vec<PathBuf> = paths
        .iter()
        .filter(|p| !p.is_dir())
        .map(|p| absolute(p))
        .collect();
    let relevant = move |path: &Path| {
        path.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
            || files.iter().any(|f| f == path)
    };
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        // Only changes: a file opened, read or closed unchanged is none, and reading the data
        // (loading it again is just that) must not ask for another load.
        let changes = |e: &notify_debouncer_full::DebouncedEvent| {
            !matches!(e.kind, notify::EventKind::Access(_))
        };
        if let Ok(events) = result
            && events
                .iter()
                .any(|e| changes(e) && e.paths.iter().any(|p| relevant(p)))
        {
            let _ = requests.send(false);
        }
    })?;
    let mut dirs: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            if p.is_dir() {
                absolute(p)
            } else {
                absolute(p)
                    .parent()
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
            }
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        debouncer.watch(&dir, RecursiveMode::NonRecursive)?;
    }
    Ok(Box::new(debouncer))
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_the_data_is_no_change_and_writing_it_is() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("data.ron");
        std::fs::write(&file, "Dataset()")?;
        let (requests, asked) = mpsc::channel();
        let _watch =
            watch_dirs(std::slice::from_ref(&file), requests).map_err(std::io::Error::other)?;
        // Let the watch settle, then read the file as a load does, again and again.
        std::thread::sleep(DEBOUNCE);
        while asked.try_recv().is_ok() {}
        for _ in 0..3 {
            std::fs::read(&file)?;
        }
        let quiet = DEBOUNCE * 4;
        assert!(
            asked.recv_timeout(quiet).is_err(),
            "reading asked for a reload"
        );
        std::fs::write(&file, "Dataset(title: \"changed\")")?;
        assert!(
            asked.recv_timeout(Duration::from_secs(5)).is_ok(),
            "writing did not ask for a reload"
        );
        Ok(())
    }
}
