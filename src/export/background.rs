//! A file written on a thread of its own, so that the viewer stays responsive while a large
//! briefing is written: how much is written can be read at any time, and cancelling leaves
//! nothing behind (the write fails, and the atomic write removes its temporary file).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;

use super::write::{WriteError, write_fresh_with};

/// A write under way on its own thread (see [`write_fresh_with`]).
#[derive(Debug)]
pub struct Background {
    written: Arc<AtomicU64>,
    cancel: Arc<AtomicBool>,
    thread: Option<JoinHandle<Result<PathBuf, WriteError>>>,
}

impl Background {
    /// Starts writing what `write` writes to `dir/stem.ext`, or the first of `stem-2.ext`,
    /// `stem-3.ext`… that is free, on a new thread.
    pub fn start(
        dir: &Path,
        stem: &str,
        ext: &str,
        mut write: impl FnMut(&mut dyn Write) -> std::io::Result<()> + Send + 'static,
    ) -> std::io::Result<Background> {
        let written = Arc::new(AtomicU64::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (dir, stem, ext) = (dir.to_path_buf(), stem.to_string(), ext.to_string());
        let (count, stop) = (Arc::clone(&written), Arc::clone(&cancel));
        let thread = std::thread::Builder::new()
            .name("export".into())
            .spawn(move || {
                write_fresh_with(&dir, &stem, &ext, |out| {
                    // Counted from zero again should a name be taken while it is written.
                    count.store(0, Ordering::Relaxed);
                    let mut out = Watched {
                        out,
                        written: &count,
                        cancel: &stop,
                    };
                    write(&mut out)
                })
            })?;
        Ok(Background {
            written,
            cancel,
            thread: Some(thread),
        })
    }

    /// Bytes written so far.
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::Relaxed)
    }

    /// How the write went, once it is over (then the thread is gone); None while it goes on.
    pub fn finished(&mut self) -> Option<Result<PathBuf, String>> {
        if !self.thread.as_ref().is_some_and(JoinHandle::is_finished) {
            return None;
        }
        self.thread.take().map(joined)
    }

    /// Stops the write and waits for its thread: the file is not written, and no temporary file
    /// is left. Returns how the write went should it have ended first.
    pub fn cancel(mut self) -> Option<Result<PathBuf, String>> {
        self.cancel.store(true, Ordering::Relaxed);
        self.thread.take().map(joined)
    }
}

impl Drop for Background {
    /// A write never outlives its owner half done.
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn joined(thread: JoinHandle<Result<PathBuf, WriteError>>) -> Result<PathBuf, String> {
    match thread.join() {
        Ok(result) => result.map_err(|e| format!("{e} ({})", e.hint())),
        Err(_) => Err("the export stopped on an internal error".into()),
    }
}

/// A stream that counts what goes through it and fails once cancelled.
struct Watched<'a> {
    out: &'a mut dyn Write,
    written: &'a AtomicU64,
    cancel: &'a AtomicBool,
}

impl Write for Watched<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.cancel.load(Ordering::Relaxed) {
            // Not `Interrupted`, which `write_all` would try again.
            return Err(std::io::Error::other("the export was cancelled"));
        }
        let n = self.out.write(buf)?;
        self.written.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn a_background_write_is_counted_and_lands_under_a_free_name() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("briefing.md"), "mine").unwrap_or_else(|e| panic!("{e}"));
        let (go, wait) = mpsc::channel::<()>();
        let mut b = Background::start(dir.path(), "briefing", "md", move |out| {
            out.write_all(&[b'x'; 1000])?;
            out.flush()?;
            // Held here until the test has seen the count.
            let _ = wait.recv();
            out.write_all(b"end")
        })
        .unwrap_or_else(|e| panic!("{e}"));
        while b.written() < 1000 {
            std::thread::yield_now();
        }
        assert_eq!(b.finished(), None, "still writing");
        let _ = go.send(());
        let result = loop {
            if let Some(r) = b.finished() {
                break r;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        };
        let path = result.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(path, dir.path().join("briefing-2.md"));
        assert_eq!(b.written(), 1003);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(text.len(), 1003);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("briefing.md")).unwrap_or_default(),
            "mine"
        );
    }

    /// A write started in `dir` that goes on for ever, as a very large briefing would, until a
    /// write fails; given once it has begun.
    fn endless(dir: &Path) -> Background {
        let (started, seen) = mpsc::channel::<()>();
        let b = Background::start(dir, "briefing", "md", move |out| {
            let _ = started.send(());
            loop {
                out.write_all(&[b'x'; 4096])?;
            }
        })
        .unwrap_or_else(|e| panic!("{e}"));
        seen.recv().unwrap_or_else(|e| panic!("{e}"));
        b
    }

    #[test]
    fn a_cancelled_write_leaves_no_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let result = endless(dir.path()).cancel();
        assert!(
            matches!(&result, Some(Err(e)) if e.contains("cancelled")),
            "{result:?}"
        );
        assert_eq!(files_in(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn dropped_a_write_is_cancelled_too() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        drop(endless(dir.path()));
        assert_eq!(files_in(dir.path()), Vec::<String>::new());
    }
}
