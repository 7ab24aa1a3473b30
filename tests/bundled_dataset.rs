//! The bundled dataset is true to its source: every quote and paraphrase is verbatim from the
//! report, the report's facts are all there, relative dates are resolved from its date, and the
//! contradictions it describes are found.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use fogline::load::{bundled, load_bundled};
use fogline::model::{ClaimValue, Dataset, Event, Quantity};
use fogline::query::{Standing, subject_rows};

/// A copy of ../shared/seeds/raqqa-report-2017-10-17.txt, kept with the tests.
const REPORT: &str = include_str!("fixtures/raqqa-report-2017-10-17.txt");

fn dataset() -> Dataset {
    let loaded = load_bundled();
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    loaded.dataset
}

fn event<'a>(d: &'a Dataset, id: &str) -> &'a Event {
    d.events
        .iter()
        .find(|e| e.id() == id)
        .unwrap_or_else(|| panic!("no event {id}"))
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn every_quote_and_paraphrase_is_verbatim_from_the_report() {
    let d = dataset();
    let mut checked = 0;
    let texts = d
        .events
        .iter()
        .flat_map(|e| e.sources().iter().map(move |a| (e, a)))
        .flat_map(|(e, a)| [e.quote(a), e.paraphrase(a)])
        .chain(d.claims.iter().flat_map(|c| [c.quote(), c.paraphrase()]))
        .flatten();
    for text in texts {
        assert!(
            REPORT.contains(text),
            "not verbatim in the report: {text:?}"
        );
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} quotes checked");
}

#[test]
fn the_seed_copy_matches_the_shared_report_when_present() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/seeds/raqqa-report-2017-10-17.txt");
    if let Ok(text) = std::fs::read_to_string(shared) {
        assert_eq!(text, REPORT);
    }
}

#[test]
fn every_bundled_file_is_embedded() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(bundled::DIR);
    let on_disk: BTreeSet<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ron"))
        .collect();
    let embedded: BTreeSet<String> = bundled::FILES.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(on_disk, embedded);
    // And the embedded text is the file's text.
    for (name, text) in bundled::FILES {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(bundled::DIR)
            .join(name);
        assert_eq!(std::fs::read_to_string(path).ok().as_deref(), Some(*text));
    }
}

#[test]
fn relative_dates_are_resolved_from_tuesday_17_october_2017() {
    let d = dataset();
    let monday = event(&d, "security-commander-killed");
    assert_eq!(
        (monday.when.earliest(), monday.when.latest()),
        (day(2017, 10, 16), day(2017, 10, 16))
    );
    let halt = event(&d, "airstrike-halt");
    assert_eq!(halt.when.text(), "P3D/2017-10-17");
    assert_eq!(
        (halt.when.earliest(), halt.when.latest()),
        (day(2017, 10, 15), day(2017, 10, 17))
    );
    let battle = event(&d, "fighting-in-raqqa");
    assert_eq!(battle.when.text(), "P4M/2017-10-17");
    assert_eq!(battle.when.human(), "4 months to 17 Oct 2017");
    let capture = event(&d, "isis-captures-raqqa");
    assert_eq!(capture.when.human(), "2014");
    let month = event(&d, "ied-civilian-deaths");
    assert_eq!(month.when.text(), "P1M/2017-10-17");
}

#[test]
fn the_reports_facts_are_all_there() {
    let d = dataset();
    let surrenders = event(&d, "surrenders-during-halt");
    assert_eq!(
        surrenders.quantities[0].value,
        Quantity::About { value: 350.0 }
    );
    assert_eq!(surrenders.when, event(&d, "airstrike-halt").when);
    let ied = event(&d, "ied-civilian-deaths");
    assert!(matches!(&ied.quantities[0].value, Quantity::Vague { word, .. } if word == "several"));
    let salo = d.claims.iter().find(|c| c.id() == "salo-under-control");
    assert_eq!(
        salo.and_then(|c| c.quote()),
        Some("the situation in Raqqa is under control")
    );
    assert_eq!(salo.and_then(|c| c.speaker.as_deref()), Some("salo"));
    let quotes: Vec<&str> = d
        .claims
        .iter()
        .filter_map(|c| c.quote())
        .chain(
            d.events
                .iter()
                .flat_map(|e| e.sources().iter().filter_map(|a| e.quote(a))),
        )
        .collect();
    for q in [
        "on the verge",
        "wellspring",
        "the situation in Raqqa is under control",
    ] {
        assert!(quotes.contains(&q), "missing quote {q:?}");
    }
    let all_text = serde_json::to_string(&d).unwrap_or_default();
    for fact in [
        "more than 90 percent",
        "some 100 ISIS fighters",
        "not yet received an official confirmation",
        "Middle Euphrates River Valley",
        "four months of fighting",
        "halted airstrikes over the past three days",
        "commander of the internal security forces",
        "video briefing from Baghdad",
    ] {
        assert!(all_text.contains(fact), "missing fact {fact:?}");
    }
    let speakers: Vec<(&str, &str)> = d
        .sources
        .iter()
        .flat_map(|s| {
            s.speakers
                .iter()
                .map(move |p| (s.id.as_str(), p.name.as_str()))
        })
        .collect();
    assert_eq!(
        speakers,
        [("coalition", "Col. Ryan Dillon"), ("sdf", "Talal Salo")]
    );
}

#[test]
fn the_sdf_and_the_coalition_contradict_each_other() {
    let d = dataset();
    let rows = subject_rows(&d);
    let standing = |id: &str| {
        rows.iter()
            .find(|r| r.subject.id == id)
            .map(|r| (r.standing, r.contradictions().len()))
    };
    // Status: liberated against not yet liberated (both SDF claims against the coalition's).
    assert_eq!(standing("raqqa-control"), Some((Standing::Contradicted, 2)));
    // 100 % ("full control") against "more than 90 percent".
    assert_eq!(
        standing("raqqa-share-under-sdf-control"),
        Some((Standing::Contradicted, 1))
    );
    // Operation over against clearance operations continue.
    assert_eq!(
        standing("raqqa-military-operation"),
        Some((Standing::Contradicted, 1))
    );
    assert_eq!(
        standing("isis-surrendered-during-halt"),
        Some((Standing::SingleSource, 0))
    );
    let share = rows
        .iter()
        .find(|r| r.subject.id == "raqqa-share-under-sdf-control")
        .and_then(|r| r.contradictions().first().copied());
    let (a, b) = share.unwrap_or_else(|| panic!("no share contradiction"));
    let mut sides = [&*a.source, &*b.source];
    sides.sort_unstable();
    assert_eq!(sides, ["coalition", "sdf"]);
    assert!(matches!(a.value, ClaimValue::Percent { .. }));
    // Every contradiction sets two different sources against each other.
    for r in &rows {
        for (x, y) in &r.contradictions() {
            assert_ne!(x.source, y.source, "{} contradicts itself", r.subject.id);
        }
    }
}
