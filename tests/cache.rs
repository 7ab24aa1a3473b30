//! The snapshot cache, through the binary: a second open of the same large data reads the
//! snapshot and gives exactly what parsing gives; a changed file, a damaged snapshot, data with
//! warnings, small data and `--no-cache` all mean parsing; the data files are never touched.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{stderr, stdout, temp};

/// Runs fogline in `dir` with its snapshots in `cache`.
fn run(dir: &Path, cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fogline"))
        .args(args)
        .current_dir(dir)
        .env("FOGLINE_CACHE_DIR", cache)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run fogline: {e}"))
}

/// A generated dataset of 2,000 events (about 1.3 MB, over the cache's threshold) in `dir/data`.
fn generated(dir: &Path) -> PathBuf {
    let cache = dir.join("unused-cache");
    let out = run(dir, &cache, &["generate", "--events", "2000", "-o", "data"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let file = dir.join("data/generated.ron");
    let size = std::fs::metadata(&file).map_or(0, |m| m.len());
    assert!(size > fogline::cache::MIN_BYTES, "{size} bytes");
    file
}

fn snapshots(cache: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(cache)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default()
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const CACHED: &str = "read from the cache";

#[test]
fn a_second_open_reads_the_snapshot_and_gives_what_parsing_gives() {
    let dir = temp();
    let file = generated(dir.path());
    let before = read(&file);
    let cache = dir.path().join("cache");

    let first = run(dir.path(), &cache, &["check", "data"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(!stdout(&first).contains(CACHED), "{}", stdout(&first));
    assert_eq!(snapshots(&cache).len(), 1, "one snapshot written");

    let second = run(dir.path(), &cache, &["check", "data"]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(stdout(&second).contains(CACHED), "{}", stdout(&second));
    assert!(
        stdout(&second).contains("2000 events"),
        "{}",
        stdout(&second)
    );

    // Everything a command can print about the events, from the snapshot and from parsing.
    for args in [
        vec!["list", "data", "--format", "json"],
        vec!["list", "data", "--source", "s3", "--search", "Raqqa"],
    ] {
        let cached = run(dir.path(), &cache, &args);
        let mut parsed_args = args.clone();
        parsed_args.push("--no-cache");
        let parsed = run(dir.path(), &cache, &parsed_args);
        assert!(cached.status.success(), "{}", stderr(&cached));
        assert!(!cached.stdout.is_empty());
        assert_eq!(stdout(&cached), stdout(&parsed), "{args:?}");
    }
    let brief = |extra: &str| {
        let out = run(
            dir.path(),
            &cache,
            &["brief", "data", "--source", "s5", extra],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    assert_eq!(brief("--color=never"), brief("--no-cache"));

    // The data was read, never written; the snapshot is not beside it.
    assert_eq!(read(&file), before);
    let beside: Vec<_> = std::fs::read_dir(dir.path().join("data"))
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(beside, vec![std::ffi::OsString::from("generated.ron")]);
}

#[test]
fn a_file_changed_in_place_is_parsed_again() {
    // Read just after it was written: the file is told unchanged by its content only.
    change_in_place_and_open(false);
}

#[test]
fn a_settled_file_changed_in_place_is_parsed_again() {
    // Left alone long enough before it is read, the file is told unchanged by its stamp (inode,
    // size, times); a rewrite that keeps its size and modification time still changes that.
    change_in_place_and_open(true);
}

/// Opens generated data (after letting it settle, if asked), changes one letter of it keeping
/// its size and modification time, and checks that the next open parses the change.
fn change_in_place_and_open(settle: bool) {
    let dir = temp();
    let file = generated(dir.path());
    let cache = dir.path().join("cache");
    if settle {
        std::thread::sleep(fogline::cache::SETTLED + std::time::Duration::from_millis(200));
    }
    assert!(run(dir.path(), &cache, &["check", "data"]).status.success());
    let again = run(dir.path(), &cache, &["check", "data"]);
    assert!(stdout(&again).contains(CACHED), "{}", stdout(&again));

    // Same size, same modification time, one letter different.
    let modified = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8(read(&file)).unwrap_or_else(|e| panic!("{e}"));
    let changed = text.replacen("event 7\"", "evEnt 7\"", 1);
    assert_ne!(changed, text);
    assert_eq!(changed.len(), text.len());
    std::fs::write(&file, &changed).unwrap_or_else(|e| panic!("{e}"));
    std::fs::File::options()
        .write(true)
        .open(&file)
        .and_then(|f| f.set_modified(modified))
        .unwrap_or_else(|e| panic!("{e}"));

    let out = run(dir.path(), &cache, &["check", "data"]);
    assert!(!stdout(&out).contains(CACHED), "{}", stdout(&out));
    let list = run(dir.path(), &cache, &["list", "data", "--search", "evEnt 7"]);
    assert!(stdout(&list).contains("evEnt 7"), "{}", stdout(&list));
    // The fresh load left a fresh snapshot.
    let again = run(dir.path(), &cache, &["check", "data"]);
    assert!(stdout(&again).contains(CACHED), "{}", stdout(&again));
}

#[test]
fn a_snapshot_made_of_a_file_just_written_gains_its_stamp_once_it_has_settled() {
    let dir = temp();
    let file = generated(dir.path());
    let cache = dir.path().join("cache");
    // Written again just before it is read (far less than the 3 s a stamp needs): the snapshot
    // has no stamp, and the next opens check the file's content.
    std::fs::write(&file, read(&file)).unwrap_or_else(|e| panic!("{e}"));
    assert!(run(dir.path(), &cache, &["check", "data"]).status.success());
    let written = |cache: &Path| -> std::time::SystemTime {
        let snapshot = snapshots(cache).into_iter().next();
        snapshot
            .and_then(|s| std::fs::metadata(s).and_then(|m| m.modified()).ok())
            .unwrap_or_else(|| panic!("no snapshot"))
    };
    let first = written(&cache);
    let again = run(dir.path(), &cache, &["check", "data"]);
    assert!(stdout(&again).contains(CACHED), "{}", stdout(&again));
    assert_eq!(written(&cache), first, "nothing to write again yet");
    // Settled, found unchanged by its content: the snapshot is written again, with the stamp...
    std::thread::sleep(fogline::cache::SETTLED + std::time::Duration::from_millis(200));
    let settled = run(dir.path(), &cache, &["check", "data"]);
    assert!(stdout(&settled).contains(CACHED), "{}", stdout(&settled));
    let restamped = written(&cache);
    assert_ne!(restamped, first);
    // ...once.
    let later = run(dir.path(), &cache, &["list", "data"]);
    assert!(later.status.success());
    assert_eq!(written(&cache), restamped);
    assert_eq!(snapshots(&cache).len(), 1);
}

#[test]
fn a_damaged_snapshot_is_not_trusted() {
    let dir = temp();
    generated(dir.path());
    let cache = dir.path().join("cache");
    let json = |args: &[&str]| stdout(&run(dir.path(), &cache, args));
    let expected = json(&["list", "data", "--format", "json", "--no-cache"]);
    assert!(run(dir.path(), &cache, &["check", "data"]).status.success());
    let snapshot = snapshots(&cache).remove(0);
    let good = read(&snapshot);

    // A flipped byte in the middle (inside some text), a truncation, and trailing garbage.
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x01;
    let truncated = good[..good.len() - 100].to_vec();
    let mut longer = good.clone();
    longer.extend_from_slice(b"more");
    for damaged in [flipped, truncated, longer] {
        std::fs::write(&snapshot, &damaged).unwrap_or_else(|e| panic!("{e}"));
        let out = run(dir.path(), &cache, &["check", "data"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(!stdout(&out).contains(CACHED), "{}", stdout(&out));
        // The load rewrote it, and it is good again.
        assert_eq!(read(&snapshot), good);
        std::fs::write(&snapshot, &damaged).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(json(&["list", "data", "--format", "json"]), expected);
    }
}

#[test]
fn no_snapshot_without_the_cache_for_small_data_or_with_warnings() {
    let dir = temp();
    generated(dir.path());
    let cache = dir.path().join("cache");

    let out = run(dir.path(), &cache, &["check", "data", "--no-cache"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(snapshots(&cache).is_empty(), "--no-cache wrote a snapshot");

    let root = common::root();
    let raqqa = root.join("data/raqqa");
    let out = run(dir.path(), &cache, &["check", &raqqa.to_string_lossy()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(snapshots(&cache).is_empty(), "small data was cached");

    // The same large data with one warning: shown every time, so never cached.
    let file = dir.path().join("data/generated.ron");
    let text = String::from_utf8(read(&file)).unwrap_or_else(|e| panic!("{e}"));
    let warned = text.replacen("title: \"", "title: \"\u{1b}[31m", 1);
    std::fs::write(&file, warned).unwrap_or_else(|e| panic!("{e}"));
    for _ in 0..2 {
        let out = run(dir.path(), &cache, &["check", "data"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stdout(&out).contains("1 warning"), "{}", stdout(&out));
        assert!(!stdout(&out).contains(CACHED), "{}", stdout(&out));
    }
    assert!(
        snapshots(&cache).is_empty(),
        "a load with warnings was cached"
    );
}
