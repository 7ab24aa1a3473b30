//! Importing ACLED and UCDP GED exports: the real rows in `tests/fixtures/import/` (see its
//! README), the same rows in other layouts, damaged rows, and the binary as a user runs it.

mod common;

use std::path::PathBuf;

use common::{fogline_in as fogline, root, stderr, temp};

use fogline::import::{self, Imported, Options, Provider};
use fogline::load::Severity;
use fogline::model::{Event, EventKind, Quantity};

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap_or_else(|e| panic!("cannot read {name}: {e}"))
}

fn import_as(provider: Option<Provider>, bytes: &[u8]) -> Imported {
    import::import(
        "test.csv",
        bytes,
        Options {
            provider,
            ..Options::default()
        },
    )
}

fn event<'a>(imported: &'a Imported, id: &str) -> &'a Event {
    imported
        .events
        .iter()
        .find(|e| e.id() == id)
        .unwrap_or_else(|| panic!("no event {id}"))
}

fn sources(e: &Event) -> Vec<(&str, Option<&str>)> {
    e.sources()
        .iter()
        .map(|a| (&*a.source, a.via.as_deref()))
        .collect()
}

/// Rewrites a CSV: columns in the order `order` gives (by header name), renamed by `rename`.
fn relayout(
    bytes: &[u8],
    order: impl Fn(&[String]) -> Vec<usize>,
    rename: &[(&str, &str)],
) -> Vec<u8> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    let rows: Vec<csv::ByteRecord> = reader
        .byte_records()
        .map(|r| r.unwrap_or_else(|e| panic!("fixture is CSV: {e}")))
        .collect();
    let header: Vec<String> = rows[0]
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    let order = order(&header);
    let mut writer = csv::Writer::from_writer(Vec::new());
    for (n, row) in rows.iter().enumerate() {
        let fields: Vec<Vec<u8>> = order
            .iter()
            .map(|&i| {
                let f = row.get(i).unwrap_or_default().to_vec();
                if n == 0 {
                    let name = String::from_utf8_lossy(&f).into_owned();
                    rename
                        .iter()
                        .find(|(from, _)| *from == name)
                        .map_or(f, |(_, to)| to.as_bytes().to_vec())
                } else {
                    f
                }
            })
            .collect();
        writer
            .write_record(&fields)
            .unwrap_or_else(|e| panic!("write: {e}"));
    }
    writer.into_inner().unwrap_or_else(|e| panic!("flush: {e}"))
}

fn by_name(header: &[String], names: &[&str]) -> Vec<usize> {
    names
        .iter()
        .map(|n| {
            header
                .iter()
                .position(|h| h == n)
                .unwrap_or_else(|| panic!("no column {n}"))
        })
        .collect()
}

#[test]
fn acled_rows_import_with_their_dates_kinds_places_figures_and_sources() {
    let imported = import_as(Some(Provider::Acled), &fixture("acled-syria-2022.csv"));
    assert!(
        imported.diagnostics.is_empty(),
        "{:?}",
        imported.diagnostics
    );
    assert_eq!(
        (imported.rows, imported.skipped, imported.events.len()),
        (10, 0, 10)
    );

    let strike = event(&imported, "acled-SYR97622");
    assert_eq!(strike.when.text(), "2022-01-01");
    assert_eq!(strike.kind, EventKind::Airstrike);
    assert_eq!(
        strike.quantities[0].value,
        Quantity::AtLeast { value: 4.0 },
        "ACLED's figure is the lowest reported"
    );
    assert!(strike.quantities[0].what.contains("lowest reported"));
    assert_eq!(
        sources(strike),
        vec![
            ("acled", None),
            ("shaam", Some("acled")),
            ("liveuamap", Some("acled")),
            ("airwars", Some("acled")),
            ("sohr", Some("acled")),
            ("snhr", Some("acled")),
        ]
    );
    let place = strike.place.as_ref().unwrap_or_else(|| panic!("a place"));
    assert_eq!(place.name, "Nahar Al Abiad");
    assert_eq!(place.admin1.as_deref(), Some("Idleb"));
    assert_eq!(place.admin2.as_deref(), Some("Jisr Ash Shugur"));
    assert_eq!(place.coordinates, Some((35.8477, 36.3157)));
    assert_eq!(
        strike.actors.iter().map(|a| &**a).collect::<Vec<_>>(),
        vec![
            "Military Forces of Russia (2000-)",
            "Civilians (Syria)",
            "Refugees/IDPs (Syria)"
        ]
    );
    assert!(
        strike
            .summary()
            .unwrap_or("")
            .starts_with("On 1 January 2022, Russian warplanes")
    );

    // time_precision 2: a week around the recorded date; 3: the month.
    assert_eq!(
        event(&imported, "acled-SYR102651").when.text(),
        "2022-06-25~/2022-07-01~"
    );
    assert_eq!(event(&imported, "acled-SYR99478").when.text(), "2022-03");
    assert_eq!(event(&imported, "acled-SYR102636").kind, EventKind::Arrest);
    assert_eq!(event(&imported, "acled-SYR97757").kind, EventKind::Protest);
    assert_eq!(
        event(&imported, "acled-SYR99500").quantities[0].value,
        Quantity::AtLeast { value: 15.0 }
    );
    let acled = &imported.sources[0];
    assert_eq!(acled.id, "acled");
    assert!(
        acled
            .description
            .as_deref()
            .unwrap_or("")
            .contains("lowest figure")
    );
}

#[test]
fn ucdp_rows_import_with_uncertain_dates_ranges_and_cited_outlets() {
    let imported = import_as(Some(Provider::Ucdp), &fixture("ucdp-ged231-syria.csv"));
    assert_eq!(
        (imported.rows, imported.skipped, imported.events.len()),
        (8, 0, 8)
    );

    let raqqa = event(&imported, "ucdp-247964");
    assert_eq!(
        raqqa.when.text(),
        "2017-06-05/2017-10-10",
        "date_prec 5: the span given"
    );
    assert_eq!(raqqa.kind, EventKind::ArmedClash);
    assert_eq!(
        raqqa.actors.iter().map(|a| &**a).collect::<Vec<_>>(),
        vec!["IS", "SDF"]
    );
    assert_eq!(
        raqqa.quantities[0].value,
        Quantity::Range {
            low: 0.0,
            high: 1.0,
            best: Some(0.0)
        }
    );
    assert_eq!(
        sources(raqqa),
        vec![("ucdp-ged", None), ("sohr", Some("ucdp-ged"))]
    );
    assert_eq!(
        raqqa.quote(&raqqa.sources()[1]),
        Some(
            "Agreement between the Coalition and the “Islamic State” organization to get the last members and civilians out of Al-Raqqah center, a European intelligence’s rejection delays it"
        )
    );
    let place = raqqa.place.as_ref().unwrap_or_else(|| panic!("a place"));
    assert_eq!(place.name, "Ar Raqqah town");
    assert_eq!(place.admin1.as_deref(), Some("Ar Raqqah governorate"));

    // No source_office: the outlet comes from source_article (`AFP 20111002`).
    assert_eq!(
        sources(event(&imported, "ucdp-186940")),
        vec![
            ("ucdp-ged", None),
            ("afp", Some("ucdp-ged")),
            ("syrian-observatory-for-hr", Some("ucdp-ged"))
        ]
    );
    assert_eq!(
        event(&imported, "ucdp-335339").when.text(),
        "2012-10-29/2012-10-31"
    );
    assert_eq!(
        event(&imported, "ucdp-224092").when.text(),
        "2016-06-03/2016-06-10"
    );

    // One-sided violence; ten VDC items are one outlet with ten headlines (tabs kept as text).
    let civilians = event(&imported, "ucdp-187382");
    assert_eq!(civilians.kind, EventKind::AttackOnCivilians);
    let vdc: Vec<_> = civilians
        .sources()
        .iter()
        .filter(|a| &*a.source == "vdc")
        .collect();
    assert_eq!(vdc.len(), 1);
    assert_eq!(
        civilians.quote(vdc[0]).map(|q| q.matches("; ").count()),
        Some(9)
    );

    // UCDP's own row with best outside low–high: kept, widened, and said.
    let odd = event(&imported, "ucdp-304491");
    assert_eq!(
        odd.quantities[0].value,
        Quantity::Range {
            low: 4.0,
            high: 5.0,
            best: Some(4.0)
        }
    );
    assert_eq!(imported.diagnostics.len(), 1);
    let d = &imported.diagnostics[0];
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("widened"), "{}", d.message);
    let at = d.location.as_ref().unwrap_or_else(|| panic!("located"));
    assert_eq!(at.line, 4);
    assert!(imported.sources.iter().any(|s| s.id == "ucdp-ged"));
}

#[test]
fn the_header_is_told_apart_without_being_named() {
    assert_eq!(
        import::sniff(&fixture("acled-syria-2022.csv")),
        Some(Provider::Acled)
    );
    assert_eq!(
        import::sniff(&fixture("ucdp-ged231-syria.csv")),
        Some(Provider::Ucdp)
    );
    assert_eq!(import::sniff(b"a,b,c\n1,2,3\n"), None);
    assert_eq!(
        import_as(None, &fixture("ucdp-ged231-syria.csv"))
            .events
            .len(),
        8
    );
}

#[test]
fn columns_in_another_order_and_count_import_the_same() {
    let original = fixture("acled-syria-2022.csv");
    let reversed = relayout(&original, |h| (0..h.len()).rev().collect(), &[]);
    let a = import_as(Some(Provider::Acled), &original);
    let b = import_as(Some(Provider::Acled), &reversed);
    assert_eq!(a.events, b.events);
    assert_eq!(a.sources, b.sources);

    // UCDP: the GED Syria release's shape — fewer columns, `gwnob` in the middle, ending
    // low,best,high — and the `*_est` names.
    let original = fixture("ucdp-ged231-syria.csv");
    let syria = relayout(
        &original,
        |h| {
            by_name(
                h,
                &[
                    "id",
                    "year",
                    "type_of_violence",
                    "conflict_name",
                    "dyad_name",
                    "side_a",
                    "side_b",
                    "number_of_sources",
                    "source_article",
                    "source_office",
                    "source_date",
                    "source_headline",
                    "source_original",
                    "gwnob",
                    "where_prec",
                    "where_coordinates",
                    "where_description",
                    "adm_1",
                    "adm_2",
                    "latitude",
                    "longitude",
                    "country",
                    "region",
                    "event_clarity",
                    "date_prec",
                    "date_start",
                    "date_end",
                    "deaths_a",
                    "deaths_b",
                    "deaths_civilians",
                    "deaths_unknown",
                    "relid",
                    "low",
                    "best",
                    "high",
                ],
            )
        },
        &[
            ("low", "low_est"),
            ("best", "best_est"),
            ("high", "high_est"),
        ],
    );
    let a = import_as(Some(Provider::Ucdp), &original);
    let b = import_as(Some(Provider::Ucdp), &syria);
    assert_eq!(a.events, b.events);
}

#[test]
fn every_acled_date_form_imports_the_same() {
    let original = fixture("acled-syria-2022.csv");
    let text = String::from_utf8(original.clone()).unwrap_or_else(|e| panic!("{e}"));
    let base = import_as(Some(Provider::Acled), &original);
    for format in ["%d %B %Y", "%d-%b-%y"] {
        let mut rewritten = String::new();
        for (n, line) in text.lines().enumerate() {
            let mut line = line.to_string();
            if n > 0 {
                let date = &line[line.find(',').unwrap_or(0) + 1..][..10];
                let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
                    .unwrap_or_else(|e| panic!("{date}: {e}"));
                line = line.replacen(date, &day.format(format).to_string(), 1);
            }
            rewritten.push_str(&line);
            rewritten.push('\n');
        }
        assert!(rewritten.contains(if format == "%d %B %Y" {
            "1 January 2022"
        } else {
            "01-Jan-22"
        }));
        let again = import_as(Some(Provider::Acled), rewritten.as_bytes());
        assert_eq!(again.events, base.events, "{format}");
    }
}

#[test]
fn a_ucdp_file_without_its_header_reads_with_the_ged_layout() {
    let original = fixture("ucdp-ged231-syria.csv");
    let headerless = &original[original.iter().position(|&b| b == b'\n').unwrap_or(0) + 1..];
    let with = import_as(Some(Provider::Ucdp), &original);
    let without = import::import(
        "test.csv",
        headerless,
        Options {
            provider: Some(Provider::Ucdp),
            no_header: true,
            strict: false,
        },
    );
    assert_eq!(with.events, without.events);
    // Without --no-header the first row is taken for a header, and is not one.
    let wrong = import_as(None, headerless);
    assert!(wrong.has_errors());
    assert!(
        wrong.diagnostics[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("--no-header")
    );
}

#[test]
fn bad_rows_are_described_and_skipped_and_the_rest_imported() {
    let imported = import_as(Some(Provider::Acled), &fixture("acled-malformed.csv"));
    assert_eq!(
        (imported.rows, imported.skipped, imported.events.len()),
        (7, 5, 2)
    );
    assert_eq!(imported.counts(), "imported 2 of 7 rows; 5 skipped");
    let found: Vec<(usize, usize, &str)> = imported
        .diagnostics
        .iter()
        .filter_map(|d| {
            let at = d.location.as_ref()?;
            Some((at.line, at.column, d.message.as_str()))
        })
        .collect();
    let expect = [
        (3, 1, "this row has 10 fields, but the header has 31"),
        (4, 11, "`event_date` is `2022-13-06-04`"),
        (5, 473, "`fatalities` is `-3`"),
        (6, 285, "`notes` is not UTF-8 text"),
        (7, 142, "`latitude` is `95.2`"),
        (
            8,
            268,
            "control characters or bidirectional overrides were removed",
        ),
    ];
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    for ((line, column, message), (l, c, m)) in found.iter().zip(expect) {
        assert_eq!((*line, *column), (l, c), "{message}");
        assert!(message.starts_with(m), "{message} should start with {m}");
    }
    for d in &imported.diagnostics {
        assert_eq!(d.severity, Severity::Warning);
        if d.message.contains("skipped") {
            assert!(d.help.is_some(), "a hint for {}", d.message);
        }
    }
    // The kept row with an escape sequence and a bidi override: cleaned.
    let cleaned = event(&imported, "acled-SYR98015");
    let notes = cleaned.summary().unwrap_or("");
    assert!(
        !notes.contains('\u{1b}') && !notes.contains('\u{202e}'),
        "{notes:?}"
    );
    assert!(notes.starts_with("On 8 January 2022"), "{notes:?}");
}

#[test]
fn strict_stops_at_the_first_bad_row() {
    let imported = import::import(
        "test.csv",
        &fixture("acled-malformed.csv"),
        Options {
            provider: Some(Provider::Acled),
            no_header: false,
            strict: true,
        },
    );
    assert!(imported.has_errors());
    assert_eq!(imported.rows, 2);
    assert_eq!(imported.diagnostics.len(), 1);
    assert!(
        imported.diagnostics[0]
            .message
            .contains("the import stopped")
    );
}

#[test]
fn files_that_are_not_exports_are_told_so() {
    let empty = import_as(Some(Provider::Acled), b"");
    assert!(empty.has_errors());
    let missing = import_as(Some(Provider::Acled), b"event_id_cnty,notes\nX1,hello\n");
    assert!(missing.has_errors());
    assert!(
        missing.diagnostics[0]
            .message
            .contains("`event_date`, `event_type`")
    );
    let other = import_as(Some(Provider::Acled), &fixture("ucdp-ged231-syria.csv"));
    assert!(
        other.diagnostics[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("fogline import ucdp")
    );
}

// --- the binary ------------------------------------------------------------------------------

#[test]
fn fogline_import_writes_a_dataset_that_checks_and_never_overwrites() {
    let dir = temp();
    let out = dir.path().join("out");
    let csv = fixture_path("ucdp-ged231-syria.csv");
    let (csv, out_s) = (csv.to_string_lossy(), out.to_string_lossy());
    let first = fogline(dir.path(), &["import", "ucdp", &csv, "-o", &out_s]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("imported 8 of 8 rows; 0 skipped"),
        "{}",
        stderr(&first)
    );
    let written = out.join("ucdp-ged231-syria.ron");
    let check = fogline(dir.path(), &["check", &written.to_string_lossy()]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(String::from_utf8_lossy(&check.stdout).contains("8 events"));

    // The dataset holds what the import read.
    let loaded = fogline::load::load_paths(std::slice::from_ref(&written));
    let direct = import_as(Some(Provider::Ucdp), &fixture("ucdp-ged231-syria.csv"));
    let mut events = direct.events.clone();
    events.sort_by(|a, b| a.when.cmp(&b.when).then_with(|| a.id().cmp(b.id())));
    assert_eq!(loaded.dataset.events, events);

    let before = std::fs::read(&written).unwrap_or_default();
    let again = fogline(dir.path(), &["import", "ucdp", &csv, "-o", &out_s]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read(&written).unwrap_or_default(), before);
    let forced = fogline(
        dir.path(),
        &["import", "ucdp", &csv, "-o", &out_s, "--force"],
    );
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
}

#[test]
fn fogline_import_reports_bad_rows_and_strict_writes_nothing() {
    let dir = temp();
    let csv = fixture_path("acled-malformed.csv");
    let csv = csv.to_string_lossy();
    let out = fogline(dir.path(), &["import", "acled", &csv, "--color", "never"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("acled-malformed.csv:4:11"), "{err}");
    assert!(
        err.contains("expected a date as 2017-10-18, 18 October 2017 or 18-Oct-17"),
        "{err}"
    );
    assert!(err.contains("imported 2 of 7 rows; 5 skipped"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "no escape from the data reaches the terminal"
    );
    assert!(dir.path().join("acled-malformed.ron").exists());

    let strict = temp();
    let out = fogline(strict.path(), &["import", "acled", &csv, "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    assert!(!strict.path().join("acled-malformed.ron").exists());

    let wrong = fogline(
        dir.path(),
        &[
            "import",
            "acled",
            &fixture_path("ucdp-ged231-syria.csv").to_string_lossy(),
        ],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        stderr(&wrong).contains("fogline import ucdp"),
        "{}",
        stderr(&wrong)
    );
}

#[test]
fn list_opens_an_export_directly_beside_the_bundled_dataset_and_pairs_reports() {
    let csv = fixture_path("ucdp-ged231-syria.csv");
    let out = fogline(
        &root(),
        &[
            "list",
            "data/raqqa",
            &csv.to_string_lossy(),
            "--format",
            "json",
            "--other-reports",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let events: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("json: {e}"));
    let events = events.as_array().cloned().unwrap_or_default();
    assert_eq!(events.len(), 10 + 8);
    let fighting = events
        .iter()
        .find(|e| e["id"] == "fighting-in-raqqa")
        .unwrap_or_else(|| panic!("the report's fighting"));
    let others: Vec<&str> = fighting["other_reports"]
        .as_array()
        .map(|a| a.iter().filter_map(|o| o["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(others, vec!["ucdp-247964", "ucdp-254336"]);
    assert_eq!(
        fighting["other_reports"][0]["place_match"],
        "Raqqa = Ar Raqqah town"
    );
    // Events of one origin are never paired with each other.
    let homs = events
        .iter()
        .find(|e| e["id"] == "ucdp-186940")
        .unwrap_or_else(|| panic!("186940"));
    assert!(homs.get("other_reports").is_none());
}

#[test]
fn brief_sets_disagreeing_reports_of_one_happening_side_by_side() {
    // A hand-written report beside the real UCDP rows: the report's own figure for the deaths of
    // 24 September 2017 in Raqqa differs from UCDP's 5.
    let dir = temp();
    std::fs::write(
        dir.path().join("report.ron"),
        r#"Dataset(
    title: "A test report",
    sources: [(id: "test-report", name: "Test report", kind: Media)],
    events: [(
        id: "strike-24-sep",
        when: "2017-09-24",
        kind: Airstrike,
        title: "Airstrike in central Raqqa",
        place: (name: "Raqqa"),
        quantities: [(what: "killed", value: AtLeast(12))],
        sources: [(source: "test-report")],
    )],
)"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let csv = fixture_path("ucdp-ged231-syria.csv");
    let out = fogline(
        dir.path(),
        &[
            "brief",
            "report.ron",
            &csv.to_string_lossy(),
            "--source",
            "test-report",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let brief = String::from_utf8_lossy(&out.stdout);
    let disagree = brief
        .split("## Where sources disagree")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap_or_default();
    assert!(
        disagree.contains(
            "### Airstrike in central Raqqa / Non-state conflict: IS - SDF in Ar Raqqah town"
        ),
        "{brief}"
    );
    assert!(
        disagree.contains("Cannot both be true: killed at least 12 and killed 5."),
        "{disagree}"
    );
    assert!(
        disagree.contains("UCDP Georeferenced Event Dataset (`ucdp-254336`) — killed: 5"),
        "{disagree}"
    );
    // The four-month UCDP span (0–1 killed) also overlaps, and also cannot hold 12.
    assert!(disagree.contains("`ucdp-247964`"), "{disagree}");
    assert!(
        brief.contains("**UCDP Georeferenced Event Dataset** (`ucdp-ged`)"),
        "its source is listed"
    );
}

#[test]
fn a_row_repeated_is_replaced_by_its_newer_version_in_the_place_of_the_first() {
    let bytes = fixture("acled-syria-2022.csv");
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let header = reader.headers().unwrap_or_else(|e| panic!("{e}")).clone();
    let rows: Vec<csv::StringRecord> = reader.records().take(3).filter_map(Result::ok).collect();
    assert_eq!(rows.len(), 3);
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let (notes, timestamp, id) = (
        column("notes"),
        column("timestamp"),
        column("event_id_cnty"),
    );
    // Row `r` with its notes and timestamp changed.
    let version = |r: usize, said: &str, time: u64| -> csv::StringRecord {
        rows[r]
            .iter()
            .enumerate()
            .map(|(i, field)| match i {
                i if i == notes => said.to_string(),
                i if i == timestamp => time.to_string(),
                _ => field.to_string(),
            })
            .collect()
    };
    let mut out = csv::Writer::from_writer(Vec::new());
    for record in [
        header.clone(),
        version(0, "first", 100),
        version(1, "b first", 100),
        version(0, "newer", 300),
        version(2, "c", 100),
        version(0, "older than the newer", 200),
        version(1, "b again, same time", 100),
        version(0, "newest", 400),
    ] {
        out.write_record(&record).unwrap_or_else(|e| panic!("{e}"));
    }
    let csv = out.into_inner().unwrap_or_else(|e| panic!("{e}"));
    let imported = import_as(Some(Provider::Acled), &csv);
    let ids: Vec<String> = rows.iter().map(|r| format!("acled-{}", &r[id])).collect();
    let got: Vec<(&str, Option<&str>)> = imported
        .events
        .iter()
        .map(|e| (e.id(), e.summary()))
        .collect();
    assert_eq!(
        got,
        [
            (ids[0].as_str(), Some("newest")),
            (ids[1].as_str(), Some("b again, same time")),
            (ids[2].as_str(), Some("c")),
        ]
    );
    let twice = imported
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("appears twice"))
        .count();
    assert_eq!(twice, 4);
}
