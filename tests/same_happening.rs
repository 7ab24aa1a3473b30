//! The same-happening rule (`query::same`): the indexed search finds exactly what checking every
//! pair finds, the relation is symmetric, and it never pairs events of one origin — on generated
//! data with dates of every precision, and on the bundled report beside real UCDP rows.

use std::path::PathBuf;

use fogline::model::Dataset;
use fogline::query::same::{SameIndex, report};

fn brute_force(d: &Dataset, i: usize) -> Vec<usize> {
    (0..d.events.len())
        .filter(|&j| report(d, i, j).is_some())
        .collect()
}

fn check(d: &Dataset) -> usize {
    let index = SameIndex::new(d);
    let mut pairs = 0;
    for i in 0..d.events.len() {
        let found: Vec<usize> = index.other_reports(d, i).iter().map(|o| o.index).collect();
        assert_eq!(found, brute_force(d, i), "event {}", d.events[i].id());
        for &j in &found {
            assert!(
                report(d, j, i).is_some(),
                "{} pairs with {} but not back",
                d.events[i].id(),
                d.events[j].id()
            );
            let origin = |e: &fogline::model::Event| -> Vec<fogline::model::Name> {
                e.sources()
                    .iter()
                    .map(|a| a.via.clone().unwrap_or_else(|| a.source.clone()))
                    .collect()
            };
            let (a, b) = (origin(&d.events[i]), origin(&d.events[j]));
            assert!(a.iter().all(|x| !b.contains(x)), "one origin paired");
        }
        pairs += found.len();
    }
    pairs
}

#[test]
fn the_index_finds_what_every_pair_finds_on_generated_data() {
    let d = fogline::generate::dataset(1_500, 7);
    let pairs = check(&d);
    assert!(pairs > 0, "the generated data has pairs to find");
}

/// Generated events moved about: places with coordinates (near one another, far north, across the
/// date line), with districts and provinces, or with none; dates of several years, open-ended
/// or with no start. The index files and finds them by key and tier; checking every pair must
/// agree.
#[test]
fn the_index_finds_what_every_pair_finds_with_coordinates_and_long_dates() {
    use fogline::model::{Place, When};
    use std::sync::Arc;
    let d = fogline::generate::dataset(2_000, 11);
    let centres = [
        (35.95, 39.01),
        (69.9, 30.1),
        (-16.5, 179.95),
        (-16.5, -179.97),
    ];
    let dates = [
        "2014/2019",
        "2015/..",
        "../2016-03",
        "2016",
        "2013/2016-06",
        "2017-01/2017-04",
    ];
    let events = d
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut e = e.clone();
            let name = e.place.as_ref().map(|p| p.name.clone()).unwrap_or_default();
            let (lat, lon) = centres[i % centres.len()];
            let spread = (i % 7) as f64 * 0.05;
            e.place = match i % 5 {
                0 => None,
                1 => Some(Arc::new(Place {
                    name: format!("Village {}", i % 13),
                    admin1: Some("Ar Raqqah Governorate".into()),
                    admin2: Some(name),
                    country: None,
                    coordinates: None,
                })),
                _ => Some(Arc::new(Place {
                    name: format!("Hamlet {i}"),
                    admin1: None,
                    admin2: None,
                    country: None,
                    coordinates: Some((lat + spread, lon - spread * 1.5)),
                })),
            };
            if i % 3 == 0 {
                e.when = When::parse(dates[(i / 3) % dates.len()]).unwrap_or(e.when);
            }
            e
        })
        .collect();
    let d = Dataset::new(
        d.titles.clone(),
        d.sources.clone(),
        d.subjects.clone(),
        events,
        d.claims.clone(),
    );
    let count =
        |f: &dyn Fn(&fogline::model::Event) -> bool| d.events.iter().filter(|e| f(e)).count();
    assert!(count(&|e| e.when.earliest().is_none()) > 10, "no start");
    assert!(count(&|e| e.when.latest().is_none()) > 10, "open-ended");
    let days = |e: &fogline::model::Event| match (e.when.earliest(), e.when.latest()) {
        (Some(a), Some(b)) => (b - a).num_days(),
        _ => 0,
    };
    assert!(count(&|e| days(e) > 1_000) > 10, "years long");
    assert!(
        count(&|e| (63..400).contains(&days(e))) > 10,
        "a year or so"
    );
    let pairs = check(&d);
    assert!(pairs > 1_000, "only {pairs} pairs to find");
}

#[test]
fn the_index_finds_what_every_pair_finds_beside_real_rows() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let loaded = fogline::open::open_paths(
        &[
            root.join("data/raqqa"),
            root.join("tests/fixtures/import/ucdp-ged231-syria.csv"),
            root.join("tests/fixtures/import/acled-syria-2022.csv"),
        ],
        None,
    );
    assert!(!loaded.has_errors());
    assert_eq!(
        check(&loaded.dataset),
        8,
        "4 pairs, each seen from both sides"
    );
}

/// An event of the dataset is found where it is (by its address); an equal copy held elsewhere
/// is found by the timeline order; an event the dataset does not have is not found.
#[test]
fn an_event_is_found_where_it_is_among_the_events() {
    let d = fogline::generate::dataset(3_000, 5);
    for (i, e) in d.events.iter().enumerate() {
        assert_eq!(d.position(e), Some(i));
    }
    let copy = d.events[1_234].clone();
    let found = d.position(&copy).map(|i| d.events[i].id());
    assert_eq!(found, Some(copy.id()));
    let other = fogline::generate::dataset(10, 99);
    let stranger = other
        .events
        .iter()
        .find(|e| d.events.iter().all(|x| x.id() != e.id()));
    if let Some(stranger) = stranger {
        assert_eq!(d.position(stranger), None);
    }
}
