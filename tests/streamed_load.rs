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

/// Events out of the timeline's order come out in order, read whole or in pieces: a file in
/// reverse order, one with two events swapped far apart (in different pieces), one whose
/// halves are swapped (each piece is in order, but not the pieces), and two files,
/// each in order, whose events interleave. A file in order is not sorted again (the dataset is
/// the same either way; the two cases above are the ones that must be).
#[test]
fn events_out_of_order_come_out_in_order() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = dir.path();
    let in_order = |l: &Loaded| {
        let events = &l.dataset.events;
        events.is_sorted_by(|a, b| fogline::model::Dataset::order(a, b).is_le())
    };
    let ron = fogline::load::write::to_ron;
    let mut reversed = fogline::generate::dataset(300, 5);
    reversed.events.reverse();
    let loaded = assert_same(&[write(dir, "reversed.ron", ron(&reversed))]);
    assert!(loaded.diagnostics.is_empty());
    assert!(in_order(&loaded));

    let mut swapped = fogline::generate::dataset(300, 5);
    swapped.events.swap(10, 250);
    assert!(!in_order(&Loaded {
        dataset: swapped.clone(),
        diagnostics: Vec::new(),
        files: Vec::new(),
        from_cache: false,
    }));
    let loaded = assert_same(&[write(dir, "swapped.ron", ron(&swapped))]);
    assert!(loaded.diagnostics.is_empty());
    assert!(in_order(&loaded));

    // Each piece in order, the pieces not.
    let mut rotated = fogline::generate::dataset(300, 5);
    rotated.events.rotate_left(150);
    let loaded = assert_same(&[write(dir, "rotated.ron", ron(&rotated))]);
    assert!(in_order(&loaded));

    // The second file's ids are its own: "b…" for "e…", "d…" for "c…", "topic-…" for
    // "subject-…".
    let first = ron(&fogline::generate::dataset(200, 7));
    let second = (ron(&fogline::generate::dataset(200, 8)))
        .replace("\"e", "\"b")
        .replace("(id: \"c", "(id: \"d")
        .replace("\"subject-", "\"topic-");
    let loaded = assert_same(&[write(dir, "a.ron", first), write(dir, "b.ron", second)]);
    let shown = render(&loaded.diagnostics, false);
    assert!(loaded.diagnostics.is_empty(), "{shown}");
    assert_eq!(loaded.dataset.events.len(), 400);
    assert!(in_order(&loaded));
}
