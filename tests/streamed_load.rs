//! A file parsed as it is read, a piece at a time, gives exactly what reading it whole gives:
//! the same dataset and the same diagnostics, position for position — for clean data, for data
//! with problems planted in it (left to reading whole, or located by reading the file again),
//! across files, and for line ends and byte-order marks.

use std::path::{Path, PathBuf};

use fogline::load::Loaded;
use fogline::load::diagnostic::render;
use fogline::load::pieces::Streaming;
use fogline::open::open_unstored_with;

fn open(paths: &[PathBuf], streaming: Streaming) -> Loaded {
    open_unstored_with(paths, None, streaming).0
}

/// Every file streamed, 512 bytes at a time, on three threads.
fn always() -> Streaming {
    Streaming {
        min_bytes: 0,
        piece: 512,
        threads: 3,
    }
}

fn assert_same(paths: &[PathBuf]) -> Loaded {
    let whole = open(paths, Streaming::off());
    let streamed = open(paths, always());
    assert_eq!(
        render(&streamed.diagnostics, false),
        render(&whole.diagnostics, false),
        "{paths:?}"
    );
    let json = |l: &Loaded| serde_json::to_string(&l.dataset).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json(&streamed), json(&whole), "{paths:?}");
    assert_eq!(streamed.files, whole.files);
    streamed
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

#[test]
fn streamed_files_load_as_whole_ones_do() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = dir.path();
    let text = fogline::load::write::to_ron(&fogline::generate::dataset(300, 5));
    let clean = assert_same(&[write(dir, "clean.ron", &text)]);
    assert!(clean.diagnostics.is_empty());
    assert_eq!(clean.dataset.events.len(), 300);

    // References to nothing are found across files, after parsing: the streamed file is read
    // again to say where they are.
    let dangling = text
        .replacen("source: \"s3\"", "source: \"nobody\"", 1)
        .replacen("events: [\"e4\"]", "events: [\"e4\", \"e-none\"]", 1);
    assert_ne!(dangling, text);
    let loaded = assert_same(&[write(dir, "dangling.ron", &dangling)]);
    let shown = render(&loaded.diagnostics, false);
    assert!(
        shown.contains("nobody") && shown.contains("dangling.ron:"),
        "{shown}"
    );

    // Problems found while converting, and syntax errors: the file is read whole.
    let planted = text
        .replacen("title: \"", "title: \"\u{1b}[2J", 1)
        .replacen("(id: \"e17\"", "(id: \"e16\"", 1)
        .replacen("stated: \"", "stated: \"2017-13", 1);
    assert_same(&[write(dir, "planted.ron", &planted)]);
    let broken = text.replacen("(id: \"e200\"", "(id: \"e200\",,", 1);
    let loaded = assert_same(&[write(dir, "broken.ron", &broken)]);
    assert!(loaded.has_errors());

    // Line ends and a byte-order mark.
    assert_same(&[write(dir, "crlf.ron", text.replace('\n', "\r\n"))]);
    let marked = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    assert_same(&[write(dir, "marked.ron", marked)]);

    // Two files: the second refers to the first's sources, and defines one of them again.
    let sources = "Dataset(sources: [(id: \"extra\", name: \"Extra\", kind: Media)])";
    let refers = text.replacen("source: \"s3\"", "source: \"extra\"", 1);
    let both = assert_same(&[
        write(dir, "a.ron", sources),
        write(dir, "b.ron", &refers),
        write(dir, "c.ron", &planted),
    ]);
    assert!(render(&both.diagnostics, false).contains("c.ron"));
}
