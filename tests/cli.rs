//! The `fogline` binary, run as a user runs it: `check` and `list` on the bundled dataset, on
//! broken and hostile files, with every filter.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{fogline_in, root, stderr, stdout, temp};

fn fogline(args: &[&str]) -> Output {
    fogline_in(&root(), args)
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid")
        .join(name)
        .display()
        .to_string()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
    path.display().to_string()
}

/// No byte that could drive a terminal: C0 controls but newline, DEL, C1, bidi overrides.
fn assert_printable(text: &str, what: &str) {
    for c in text.chars() {
        let bad = (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        assert!(!bad, "{what} contains {:?}:\n{text}", c);
    }
}

#[test]
fn check_accepts_the_bundled_dataset() {
    let o = fogline(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "3 files checked: no problems. 3 sources, 10 events, 14 claims on 9 subjects (3 contradicted).\n"
    );
    assert_eq!(stderr(&o), "");
}

#[test]
fn the_bundled_dataset_works_from_any_directory() {
    let dir = temp();
    let o = fogline_in(dir.path(), &["list"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 10);
}

#[test]
fn check_reports_every_problem_in_every_file_and_fails() {
    let o = fogline(&[
        "check",
        "--color",
        "never",
        &fixture("many_errors.ron"),
        &fixture("unknown_source.ron"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for want in [
        "many_errors.ron:3:67]",
        "unknown source kind `PartyToConflit`; did you mean `PartyToConflict`?",
        "many_errors.ron:5:25]",
        "invalid date `2017-02-30`: 2017-02 has no day 30",
        "many_errors.ron:6:45]",
        "unknown event kind `Airstirke`; did you mean `Airstrike`?",
        "many_errors.ron:6:87]",
        "unknown_source.ron:5:83]",
        "unknown source `sfd`; did you mean `sdf`?",
        // Ids are unique across files.
        "duplicate source id `sdf`, first defined at",
        "many_errors.ron:3:20",
        "duplicate event id `a`, first defined at",
        // The offending line is quoted.
        "(id: \"b\", when: \"2017-10-16\", kind: Airstirke",
        "2 files checked: 7 errors",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
    assert_eq!(stdout(&o), "");
}

#[test]
fn list_prints_one_line_per_event_in_date_order() {
    let o = fogline(&["list"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 10, "{out}");
    assert!(lines[0].starts_with("2014  "), "{}", lines[0]);
    assert!(lines[0].contains("change of control") && lines[0].ends_with("[report]"));
    assert!(
        lines[1].starts_with("4 months to 17 Oct 2017"),
        "{}",
        lines[1]
    );
    let surrender = lines
        .iter()
        .find(|l| l.contains("About 350 ISIS militants"));
    assert!(
        surrender
            .is_some_and(|l| l.starts_with("3 days to 17 Oct 2017") && l.contains("surrender")),
        "{out}"
    );
    assert!(lines[9].starts_with("17 Oct 2017"), "{out}");
    // Columns are aligned: every title starts at the same column.
    let kind_col = lines[0].find("change of control");
    assert!(lines.iter().all(|l| l.char_indices().count() > 30));
    assert_eq!(lines[5].find("explosive device"), kind_col, "{out}");
}

#[test]
fn list_filters_by_source_kind_date_and_text() {
    let count = |args: &[&str]| {
        let mut all = vec!["list"];
        all.extend_from_slice(args);
        let o = fogline(&all);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        stdout(&o).lines().count()
    };
    assert_eq!(count(&["--source", "sdf"]), 1);
    assert_eq!(count(&["--source", "sdf", "--source", "report"]), 5);
    assert_eq!(count(&["--source", "coalition"]), 5);
    assert_eq!(count(&["--kind", "explosive-device"]), 2);
    assert_eq!(count(&["--kind", "Statement", "--kind", "assessment"]), 4);
    // Everything that may have happened on Monday 16 October 2017.
    assert_eq!(count(&["--from", "2017-10-16", "--to", "2017-10-16"]), 5);
    assert_eq!(count(&["--to", "2016"]), 1);
    assert_eq!(count(&["--from", "2017-10-17"]), 8);
    assert_eq!(count(&["--search", "WELLSPRING"]), 1);
    assert_eq!(count(&["--search", "baghdad"]), 1);
    assert_eq!(count(&["--search", "Talal Salo"]), 1);
    assert_eq!(count(&["--source", "coalition", "--kind", "pause"]), 1);
    assert_eq!(count(&["--search", "no such text anywhere"]), 0);
}

#[test]
fn list_json_is_the_events_for_machines() {
    let o = fogline(&["list", "--format", "json", "--kind", "surrender"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON: {e}"));
    let events = v.as_array().map(Vec::as_slice).unwrap_or_default();
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e["id"], "surrenders-during-halt");
    assert_eq!(e["kind"], "surrender");
    assert_eq!(e["when"]["text"], "P3D/2017-10-17");
    assert_eq!(e["when"]["earliest"], "2017-10-15");
    assert_eq!(e["when"]["latest"], "2017-10-17");
    assert_eq!(e["quantities"][0]["value"]["form"], "about");
    assert_eq!(e["quantities"][0]["value"]["value"], 350.0);
}

#[test]
fn bad_filters_are_usage_errors_with_hints() {
    let o = fogline(&["list", "--source", "sfd"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown source `sfd`; did you mean `sdf`?"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o), "");
    let o = fogline(&["list", "--kind", "airstirke"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown kind `airstirke`; did you mean `airstrike`?"),
        "{}",
        stderr(&o)
    );
    let o = fogline(&["list", "--from", "2017-02-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("2017-02 has no day 30"),
        "{}",
        stderr(&o)
    );
    let o = fogline(&["list", "--from", "2017-10-17", "--to", "2017-10-01"]);
    assert_eq!(o.status.code(), Some(2));
    let o = fogline(&["list", "--format", "yaml"]);
    assert_eq!(o.status.code(), Some(2));
    // A mistyped command is not taken for a path.
    let o = fogline(&["chek"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown command `chek`; did you mean `check`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn help_describes_commands_and_filters() {
    let o = fogline(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for want in ["check", "list", "bundled dataset"] {
        assert!(out.contains(want), "{want:?} missing from --help:\n{out}");
    }
    let o = fogline(&["list", "--help"]);
    let out = stdout(&o);
    for want in [
        "--source <ID>",
        "--kind <KIND>",
        "--from <DATE>",
        "--to <DATE>",
        "--search <TEXT>",
        "--format <FORMAT>",
    ] {
        assert!(
            out.contains(want),
            "{want:?} missing from list --help:\n{out}"
        );
    }
    let o = fogline(&["--version"]);
    assert!(stdout(&o).starts_with("fogline "));
}

#[test]
fn paths_that_are_not_datasets_are_reported() {
    let dir = temp();
    let o = fogline(&["check", "--color", "never", "/no/such/path.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("/no/such/path.ron: cannot open this path"),
        "{}",
        stderr(&o)
    );
    let empty = dir.path().display().to_string();
    let o = fogline(&["check", "--color", "never", &empty]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("this directory holds no `.ron` files"),
        "{}",
        stderr(&o)
    );
    let o = fogline(&["list", &empty]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
}

const SOURCES: &str =
    r#"Dataset(sources: [(id: "sdf", name: "Syrian Democratic Forces", kind: PartyToConflict)])"#;

#[test]
fn a_directory_loads_all_its_ron_files_merged() {
    let dir = temp();
    write(dir.path(), "b-sources.ron", SOURCES);
    write(
        dir.path(),
        "a-events.ron",
        r#"(events: [
            (id: "late", when: "2017-10-17", kind: Statement, title: "Late", sources: [(source: "sdf")]),
            (id: "early", when: "~2017-06", kind: ArmedClash, title: "Early", sources: [(source: "sdf")]),
        ])"#
            .replace("~2017-06", "2017-06~"),
    );
    write(dir.path(), "notes.txt", "not a dataset");
    let d = dir.path().display().to_string();
    let o = fogline(&["list", &d]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("~Jun 2017") && lines[0].contains("Early"),
        "{out}"
    );
    // The same file named twice is read once: no duplicate ids.
    let file = dir.path().join("a-events.ron").display().to_string();
    let o = fogline(&["check", &d, &file]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn byte_order_marks_crlf_and_empty_files_are_handled() {
    let dir = temp();
    write(dir.path(), "sources.ron", SOURCES);
    let crlf = "\u{feff}Dataset(\r\n  events: [\r\n    (id: \"e\", when: \"2017-13\", kind: Pause, title: \"t\", sources: [(source: \"sdf\")]),\r\n  ],\r\n)\r\n";
    let bad = write(dir.path(), "crlf.ron", crlf);
    let o = fogline(&[
        "check",
        "--color",
        "never",
        &bad,
        &dir.path().join("sources.ron").display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("crlf.ron:3:21]"), "{}", stderr(&o));
    write(dir.path(), "crlf.ron", crlf.replace("2017-13", "2017-12"));
    write(dir.path(), "empty.ron", "");
    let o = fogline(&[
        "check",
        "--color",
        "never",
        &dir.path().display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("empty.ron: this file is empty"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("3 files checked: 1 warning"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn non_utf8_files_are_reported_with_their_position() {
    let dir = temp();
    let path = write(
        dir.path(),
        "latin1.ron",
        b"Dataset(\n  title: \"Raqqa \xe9t\xe9\",\n)\n",
    );
    let o = fogline(&["check", "--color", "never", &path]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("latin1.ron:2:17"), "{err}");
    assert!(err.contains("not UTF-8") && err.contains("0xe9"), "{err}");
}

#[test]
fn huge_and_deeply_nested_files_do_not_crash() {
    let dir = temp();
    let deep = write(
        dir.path(),
        "deep.ron",
        format!("(events: {}", "[".repeat(200_000)),
    );
    let o = fogline(&["check", "--color", "never", &deep]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("deep.ron:1:"), "{}", stderr(&o));
    // 100 MB: one event whose summary is 100 MB long, and 100 MB of garbage.
    let big_text = "x".repeat(100 * 1024 * 1024);
    let big = write(
        dir.path(),
        "big.ron",
        SOURCES.replace(
            ")])",
            &format!(")], events: [(id: \"e\", when: \"2017\", kind: Pause, title: \"t\", summary: \"{big_text}\", sources: [(source: \"sdf\")])])"),
        ),
    );
    let o = fogline(&["check", &big]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let garbage = write(dir.path(), "garbage.ron", &big_text);
    let o = fogline(&["check", "--color", "never", &garbage]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).len() < 10_000, "the diagnostic quotes too much");
}

#[test]
fn control_characters_and_bidi_overrides_never_reach_the_terminal() {
    let dir = temp();
    write(dir.path(), "sources.ron", SOURCES);
    let hostile = "Dataset(events: [(id: \"e\", when: \"2017\", kind: Pause,\n title: \"Raqqa\u{1b}[2J\u{1b}]0;pwned\u{7} \u{202e}txet\u{9b}31m\", \n summary: \"line one\nline\u{0} two\u{1b}[31m\",\n sources: [(source: \"sdf\", quote: \"said \u{2066}this\u{2069}\u{85}\")])])";
    let path = write(dir.path(), "hostile.ron", hostile);
    let o = fogline(&[
        "list",
        "--color",
        "never",
        &dir.path().display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_printable(&stdout(&o), "list output");
    assert!(stdout(&o).contains("Raqqa txet31m"), "{}", stdout(&o));
    assert_printable(&stderr(&o), "warnings");
    assert!(stderr(&o).contains("removed 2 escape sequences and 1 control character and 1 bidirectional override character"), "{}", stderr(&o));
    let o = fogline(&[
        "list",
        "--format",
        "json",
        &dir.path().display().to_string(),
    ]);
    assert_printable(&stdout(&o), "JSON output");
    // A diagnostic that quotes a hostile line quotes a cleaned copy of it.
    std::fs::write(&path, hostile.replace("kind: Pause", "kind: Paws"))
        .unwrap_or_else(|e| panic!("{e}"));
    let o = fogline(&["check", "--color", "never", &path]);
    assert_eq!(o.status.code(), Some(1));
    assert_printable(&stderr(&o), "diagnostics");
    assert!(
        stderr(&o).contains("unknown event kind `Paws`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn generate_writes_a_valid_deterministic_dataset() {
    let dir = temp();
    let out = |name: &str| dir.path().join(name).display().to_string();
    for (name, seed) in [("a", "5"), ("b", "5"), ("c", "6")] {
        let o = fogline(&[
            "generate",
            "--events",
            "300",
            "--seed",
            seed,
            "-o",
            &out(name),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stderr(&o).contains("(300 events, "), "{}", stderr(&o));
    }
    let read =
        |name: &str| std::fs::read(dir.path().join(name).join("generated.ron")).unwrap_or_default();
    assert_eq!(read("a"), read("b"), "the same seed gives the same bytes");
    assert_ne!(read("a"), read("c"));
    let o = fogline(&["check", &out("a")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("20 sources, 300 events"),
        "{}",
        stdout(&o)
    );
    assert_eq!(stdout(&fogline(&["list", &out("a")])).lines().count(), 300);
    // Never over an existing file, unless asked.
    let o = fogline(&["generate", "--events", "10", "-o", &out("a")]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(read("a"), read("b"));
    let o = fogline(&["generate", "--events", "10", "-o", &out("a"), "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_large_file_is_read_a_piece_at_a_time_and_its_problems_are_still_located() {
    // 60,000 events: about 40 MB, over the 32 MB from which a file is parsed as it is read.
    let dir = temp();
    let data = dir.path().join("data");
    let data_arg = data.display().to_string();
    let o = fogline(&["generate", "--events", "60000", "-o", &data_arg]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let file = data.join("generated.ron");
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(text.len() > 32 << 20, "{} bytes", text.len());
    let o = fogline(&["--no-cache", "check", &data_arg]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("60000 events"), "{}", stdout(&o));
    assert_eq!(
        stdout(&fogline(&["--no-cache", "list", &data_arg]))
            .lines()
            .count(),
        60000
    );
    // A reference to nothing (found after parsing, across files), then a date that does not
    // exist (found while converting): each is located, line and column.
    let line_of = |text: &str, at: usize| text[..at].matches('\n').count() + 1;
    for (from, to) in [
        ("source: \"s3\"", "source: \"nobody\""),
        ("stated: \"", "stated: \"2017-13"),
    ] {
        let at = text.rfind(from).unwrap_or(0);
        let planted = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
        std::fs::write(&file, &planted).unwrap_or_else(|e| panic!("{e}"));
        let o = fogline(&["--no-cache", "check", &data_arg]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let place = format!("generated.ron:{}:", line_of(&planted, at));
        assert!(stderr(&o).contains(&place), "{place} not in {}", stderr(&o));
    }
}
