//! One invalid fixture per kind of error: each must be reported with its message, at the right
//! line and column, and the text found there must be the offending token.

use std::path::PathBuf;

use fogline::load::{Severity, load_paths};

/// (fixture, message fragment, line, the text that starts at the reported column)
const CASES: &[(&str, &str, usize, &str)] = &[
    (
        "unknown_field.ron",
        "unknown field `sumary` in an event; did you mean `summary`?",
        5,
        "sumary",
    ),
    (
        "missing_field.ron",
        "An event is missing the field `title`",
        5,
        ")",
    ),
    (
        "unknown_kind.ron",
        "unknown event kind `Airstirke`; did you mean `Airstrike`?",
        5,
        "Airstirke",
    ),
    (
        "no_such_day.ron",
        "2017-02 has no day 30; it has 28 days",
        5,
        "\"2017-02-30\"",
    ),
    (
        "no_such_month.ron",
        "there is no month 13",
        5,
        "\"2017-13\"",
    ),
    (
        "interval_backwards.ron",
        "the interval ends (2017-10-16) before it starts (2017-10-17)",
        5,
        "\"2017-10-17/2017-10-16\"",
    ),
    (
        "bad_date_syntax.ron",
        "invalid date `17/10/2017x`",
        5,
        "\"17/10/2017x\"",
    ),
    (
        "unknown_source.ron",
        "unknown source `sfd`; did you mean `sdf`?",
        5,
        "\"sfd\"",
    ),
    (
        "unknown_speaker.ron",
        "unknown speaker `sallo` for source `sdf`; did you mean `salo`?",
        5,
        "\"sallo\"",
    ),
    (
        "bad_id.ron",
        "`my event` is not a valid id",
        5,
        "\"my event\"",
    ),
    ("empty_title.ron", "`title` is empty", 5, "\"\""),
    (
        "range_backwards.ron",
        "the range runs backwards: low 9 is above high 3",
        5,
        "Range(low: 9",
    ),
    (
        "unknown_vague_word.ron",
        "unknown vague quantity `sevral`; did you mean `several`?",
        5,
        "Vague(\"sevral\")",
    ),
    (
        "unknown_quantity_form.ron",
        "unknown quantity form `Abut`; did you mean `About`?",
        5,
        "Abut",
    ),
    ("wrong_type.ron", "expected a number here", 5, "\"350\""),
    (
        "bad_coordinates.ron",
        "latitude 135.9 is out of range",
        5,
        "135.9",
    ),
    (
        "quoted_kind.ron",
        "expected a bare name here",
        5,
        "\"Pause\"",
    ),
    ("syntax.ron", "expected a comma here", 5, "when"),
    (
        "percent_admits_nothing.ron",
        "this percentage admits no value",
        6,
        "Percent(MoreThan(100))",
    ),
    (
        "unclosed.ron",
        "the file ends before every `(`, `[` and `\"` is closed",
        7,
        "",
    ),
    (
        "wrong_top_level.ron",
        "expected `Dataset(…)` here, found `Events(…)`",
        2,
        "Events",
    ),
];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid")
        .join(name)
}

/// The text of `path` from 1-based `line`, character `column`, as long as `len` characters.
fn text_at(path: &PathBuf, line: usize, column: usize, len: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let line_text = text.lines().nth(line - 1).unwrap_or("");
    line_text.chars().skip(column - 1).take(len).collect()
}

#[test]
fn every_error_kind_is_reported_where_it_is() {
    for (name, message, line, token) in CASES {
        let path = fixture(name);
        let loaded = load_paths(std::slice::from_ref(&path));
        let errors: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(
            errors.len(),
            1,
            "{name}: expected one error, got {errors:#?}"
        );
        let e = errors[0];
        assert!(
            e.message.contains(message),
            "{name}: message {:?} does not contain {message:?}",
            e.message
        );
        let at = e
            .location
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: no location"));
        assert_eq!(at.line, *line, "{name}: line");
        assert!(
            at.position()
                .ends_with(&format!("{name}:{line}:{}", at.column)),
            "{name}: position {}",
            at.position()
        );
        assert_eq!(
            text_at(&path, at.line, at.column, token.chars().count()),
            *token,
            "{name}: the reported column {} does not point at the offending text",
            at.column
        );
    }
}

/// Asserts that loading `name` reports exactly these problems, in order, each as a fragment of
/// its one-line form (`file:line:column: error: message`).
fn assert_reports(name: &str, expected: &[&str]) {
    let loaded = load_paths(&[fixture(name)]);
    let lines: Vec<String> = loaded.diagnostics.iter().map(|d| d.one_line()).collect();
    assert_eq!(lines.len(), expected.len(), "{lines:#?}");
    for (want, got) in expected.iter().zip(&lines) {
        assert!(got.contains(want), "{got:?} should contain {want:?}");
    }
}

#[test]
fn duplicate_ids_name_the_first_definition() {
    assert_reports(
        "duplicate_id.ron",
        &["duplicate_id.ron:7:14: error: duplicate event id `surrenders`, first defined at "],
    );
    let loaded = load_paths(&[fixture("duplicate_id.ron")]);
    let line = loaded.diagnostics[0].one_line();
    assert!(line.ends_with("invalid/duplicate_id.ron:5:14"), "{line}");
}

/// An unusable item's id still counts: the later of two definitions is the duplicate, whichever
/// of them could be used.
#[test]
fn duplicate_ids_of_unusable_items_count_in_file_order() {
    assert_reports(
        "duplicate_id_unusable.ron",
        &[
            "duplicate_id_unusable.ron:8:34: error: invalid date `2017-02-30`",
            "duplicate_id_unusable.ron:10:14: error: duplicate event id `surrenders`, first defined at ",
            "duplicate_id_unusable.ron:14:14: error: duplicate claim id `c1`, first defined at ",
            "duplicate_id_unusable.ron:14:61: error: invalid date `2017-13-01`",
        ],
    );
    let loaded = load_paths(&[fixture("duplicate_id_unusable.ron")]);
    let firsts: Vec<String> = loaded.diagnostics[1..3]
        .iter()
        .map(|d| d.one_line())
        .collect();
    assert!(
        firsts[0].ends_with("invalid/duplicate_id_unusable.ron:8:14"),
        "{firsts:?}"
    );
    assert!(
        firsts[1].ends_with("invalid/duplicate_id_unusable.ron:13:14"),
        "{firsts:?}"
    );
}

#[test]
fn claim_errors_are_all_reported() {
    assert_reports(
        "claim_errors.ron",
        &[
            "claim_errors.ron:8:44: error: unknown subject `raqqa-contrl`; did you mean `raqqa-control`?",
            "claim_errors.ron:8:119: error: unknown event `anouncement`; did you mean `announcement`?",
            "claim_errors.ron:9:90: error: 120 is not a percentage from 0 to 100",
            "claim_errors.ron:10:124: error: credibility 7 is not on the Admiralty scale",
        ],
    );
}

#[test]
fn many_problems_in_one_run() {
    assert_reports(
        "many_errors.ron",
        &[
            "many_errors.ron:3:67: error: unknown source kind `PartyToConflit`; did you mean `PartyToConflict`?",
            "many_errors.ron:5:25: error: invalid date `2017-02-30`",
            "many_errors.ron:6:45: error: unknown event kind `Airstirke`; did you mean `Airstrike`?",
            "many_errors.ron:6:87: error: unknown source `sfd`; did you mean `sdf`?",
        ],
    );
}

#[test]
fn every_fixture_is_in_a_test() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut covered: Vec<&str> = CASES.iter().map(|c| c.0).collect();
    covered.extend([
        "duplicate_id.ron",
        "duplicate_id_unusable.ron",
        "claim_errors.ron",
        "many_errors.ron",
    ]);
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            covered.contains(&name.as_str()),
            "fixture {name} is not tested"
        );
    }
}

/// Many duplicate ids and unknown references at once (enough to fall in every table the ids are
/// filed in): each is reported once, in the file's order, the duplicate naming the line of the
/// first definition; and the same with the file parsed on one core or on several.
#[test]
fn many_duplicates_and_unknown_references_come_out_in_file_order() {
    use fogline::load::{Input, Parallel, load_inputs_with};
    let d = fogline::generate::dataset(2_000, 17);
    let mut text = fogline::load::write::to_ron(&d);
    // Every 25th event takes the id of the event before it; every 40th claim refers to an event
    // that is not there.
    let ids: Vec<String> = d.events.iter().map(|e| e.id().to_string()).collect();
    let (mut duplicated, mut replaced) = (Vec::new(), Vec::new());
    for k in (25..ids.len()).step_by(25) {
        let (from, to) = (
            format!("(id: \"{}\",", ids[k]),
            format!("(id: \"{}\",", ids[k - 1]),
        );
        assert!(text.contains(&from));
        text = text.replacen(&from, &to, 1);
        duplicated.push(ids[k - 1].clone());
        replaced.push(format!("unknown event `{}`", ids[k]));
    }
    let claims: Vec<String> = d.claims.iter().map(|c| c.id().to_string()).collect();
    let mut unknown = 0;
    for (k, c) in claims.iter().enumerate().filter(|(k, _)| k % 40 == 39) {
        let Some(start) = text.find(&format!("(id: \"{c}\",")) else {
            panic!("claim {c} is not written");
        };
        let Some(at) = text[start..].find("events: [\"").map(|i| start + i + 10) else {
            continue;
        };
        text.insert_str(at, &format!("missing{k}-"));
        unknown += 1;
    }
    assert!(unknown > 5 && duplicated.len() > 50);
    let line_of = |needle: &str| text.find(needle).map_or(0, |i| text[..i].lines().count());
    for parallel in [Parallel::off(), Parallel::auto()] {
        let input = Input {
            name: "many.ron".into(),
            text: text.clone(),
        };
        let loaded = load_inputs_with(vec![input], Vec::new(), parallel);
        let lines: Vec<String> = loaded.diagnostics.iter().map(|d| d.one_line()).collect();
        let dups: Vec<&String> = lines
            .iter()
            .filter(|l| l.contains("duplicate event id"))
            .collect();
        let unknowns = lines
            .iter()
            .filter(|l| l.contains("unknown event `missing"))
            .count();
        assert_eq!(dups.len(), duplicated.len(), "{lines:#?}");
        assert_eq!(unknowns, unknown, "{lines:#?}");
        // The claims about the events whose ids were taken refer to ids no longer there.
        let gone = lines
            .iter()
            .filter(|l| {
                replaced
                    .iter()
                    .any(|r| l.contains(&format!("{r};")) || l.ends_with(r.as_str()))
            })
            .count();
        assert!(gone > 0);
        assert_eq!(lines.len(), dups.len() + unknowns + gone, "{lines:#?}");
        for (line, id) in dups.iter().zip(&duplicated) {
            assert!(
                line.contains(&format!("`{id}`")),
                "{line} is not about {id}"
            );
            let first = line_of(&format!("(id: \"{id}\","));
            assert!(
                line.ends_with(&format!("many.ron:{first}:14")),
                "{line}: first at {first}"
            );
        }
        let at: Vec<(usize, usize)> = loaded
            .diagnostics
            .iter()
            .filter_map(|d| d.location.as_ref().map(|l| (l.line, l.column)))
            .collect();
        assert!(at.is_sorted(), "{at:?}");
    }
}

/// An event of more reports than an event can count is an error at that event, in one run with
/// the others loaded; one report fewer is taken.
#[test]
fn an_event_of_too_many_reports_is_an_error_at_it() {
    use fogline::load::{Input, Parallel, load_inputs_with};
    let reports = |n: usize| vec!["(source: \"wire\")"; n].join(", ");
    let text = format!(
        "Dataset(\n  sources: [(id: \"wire\", name: \"Wire\", kind: Media)],\n  events: [\n    \
         (id: \"most\", when: \"2017\", kind: Other, title: \"Most\", sources: [{}]),\n    \
         (id: \"too-many\", when: \"2017\", kind: Other, title: \"Too many\", sources: [{}]),\n  ],\n)\n",
        reports(65_535),
        reports(65_536),
    );
    let input = Input {
        name: "reports.ron".into(),
        text,
    };
    let loaded = load_inputs_with(vec![input], Vec::new(), Parallel::off());
    let lines: Vec<String> = loaded.diagnostics.iter().map(|d| d.one_line()).collect();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].ends_with("error: it has more than 65,535 sources"),
        "{}",
        lines[0]
    );
    assert!(lines[0].starts_with("reports.ron:5:"), "{}", lines[0]);
    let ids: Vec<&str> = loaded.dataset.events.iter().map(|e| e.id()).collect();
    assert_eq!(ids, ["most"]);
    assert_eq!(loaded.dataset.events[0].sources().len(), 65_535);
}
