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
