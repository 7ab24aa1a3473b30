//! A dataset written as RON loads back equal: the writer and the loader agree on the format.

use fogline::load::write::to_ron;
use fogline::load::{Input, load_bundled, load_inputs};
use fogline::model::Dataset;

fn reload(d: &Dataset) -> Dataset {
    let text = to_ron(d);
    let loaded = load_inputs(
        vec![Input {
            name: "written.ron".into(),
            text: text.clone(),
        }],
        Vec::new(),
    );
    assert!(
        loaded.diagnostics.is_empty(),
        "{:#?}\n{text}",
        loaded.diagnostics
    );
    loaded.dataset
}

fn assert_same(a: &Dataset, b: &Dataset) {
    assert_eq!(a.titles.first(), b.titles.first());
    assert_eq!(a.sources, b.sources);
    assert_eq!(a.subjects, b.subjects);
    assert_eq!(a.events, b.events);
    assert_eq!(a.claims, b.claims);
    for (x, y) in a.events.iter().zip(&b.events) {
        assert_eq!(x.when.text(), y.when.text());
    }
}

#[test]
fn the_bundled_dataset_round_trips() {
    let d = load_bundled().dataset;
    assert_same(&d, &reload(&d));
}

#[test]
fn generated_datasets_round_trip() {
    for seed in [1, 2, 3] {
        let d = fogline::generate::dataset(2_000, seed);
        assert_same(&d, &reload(&d));
    }
}
