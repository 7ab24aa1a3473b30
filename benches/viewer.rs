//! The viewer at scale (on `fogline generate`'s datasets): one key press and the frame it redraws, a source filter, the zoomed time
//! axis — at 10k and 100k events, and 1M with `FOGLINE_BENCH_1M=1`. Sizes sit side by side in
//! each group, so the growth from one to the next reads off one run.
//!
//! `cargo bench --bench viewer`

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use fogline::app::{Action, App};
use fogline::model::Dataset;
use fogline::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The generated dataset of `n` events (`fogline generate`, always the same seed), loaded from
/// its RON file as a user's data is: a dataset loaded lies in memory in the order it was read,
/// one made in memory does not (at 1M, a search over its scattered texts took 4 times as long).
fn dataset(n: usize) -> Dataset {
    let fail = |what: &str, e: &dyn std::fmt::Display| -> ! { panic!("{what}: {e}") };
    let dir = tempfile::tempdir().unwrap_or_else(|e| fail("no temporary directory", &e));
    let file = dir.path().join("generated.ron");
    let text = fogline::load::write::to_ron(&fogline::generate::dataset(n, 1));
    std::fs::write(&file, text).unwrap_or_else(|e| fail("cannot write the dataset", &e));
    let loaded = fogline::load::load_paths(&[file]);
    if let Some(d) = loaded.diagnostics.first() {
        fail("the generated dataset does not load cleanly", &d.message);
    }
    loaded.dataset
}

/// A viewer of `app`'s data at 200x50, nothing else done yet.
fn fresh(app: &App) -> App {
    let mut app = App::new(app.dataset().clone());
    app.update(Action::Resize(200, 50));
    app
}

fn viewer(c: &mut Criterion) {
    let theme = Theme::color();
    let mut terminal = match Terminal::new(TestBackend::new(200, 50)) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let apps: Vec<(usize, App)> = common::sizes()
        .into_iter()
        .map(|n| {
            let mut app = App::new(dataset(n));
            app.update(Action::Resize(200, 50));
            app.update(Action::Down);
            (n, app)
        })
        .collect();

    // One key press (down, then up, alternately) and the frame it redraws, at 200x50.
    let mut key_and_frame = |name: &str, zoom: usize| {
        let mut group = c.benchmark_group(name);
        for (n, app) in &apps {
            let mut app = fresh(app);
            for _ in 0..zoom {
                app.update(Action::ZoomIn);
            }
            let mut down = true;
            group.bench_with_input(BenchmarkId::from_parameter(n), n, |b, _| {
                b.iter(|| {
                    app.update(if down { Action::Down } else { Action::Up });
                    down = !down;
                    let _ = terminal.draw(|f| draw(f, black_box(&app), &theme));
                })
            });
        }
        group.finish();
    };
    key_and_frame("key press and frame, 200x50", 0);
    key_and_frame("key press and frame, time axis zoomed in", 4);

    // The comparison pane's other reports for a selection in the middle of the data (found
    // once per selection; this is the cost of moving it).
    let mut group = c.benchmark_group("other reports of one event");
    for (n, app) in &apps {
        let d = app.dataset();
        let index = fogline::query::SameIndex::new(d);
        let middle = d.events.len() / 2;
        group.bench_with_input(BenchmarkId::from_parameter(n), n, |b, _| {
            b.iter(|| black_box(index.other_reports(d, black_box(middle)).len()))
        });
    }
    group.finish();

    // What the viewer's search runs over every shown event (case-insensitive, all text).
    let mut group = c.benchmark_group("search all events");
    for (n, app) in &apps {
        let d = app.dataset();
        group.bench_with_input(BenchmarkId::from_parameter(n), n, |b, _| {
            b.iter(|| {
                let needle = fogline::query::search::Needle::new(black_box("Raqqa, event 9"));
                d.events
                    .iter()
                    .filter(|e| fogline::query::search::matches_text(e, &needle))
                    .count()
            })
        });
    }
    group.finish();

    // The viewer's search: each block of text read whole, on both cores; a rare text, and one
    // in every event (each event's texts are skipped once it is found in them).
    let mut group = c.benchmark_group("search all events, indexed");
    for (n, app) in &apps {
        let events = &app.dataset().events;
        let index = fogline::query::search_index::SearchIndex::new(events);
        let all: Vec<u32> = (0..events.len() as u32).collect();
        for needle in ["Raqqa, event 9", "e"] {
            let id = BenchmarkId::new(format!("{needle:?}"), n);
            group.bench_with_input(id, n, |b, _| {
                b.iter(|| {
                    index
                        .matches(events, &all, black_box(needle))
                        .iter()
                        .filter(|&&h| h)
                        .count()
                })
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("source filter on and off");
    for (n, app) in &apps {
        let mut app = fresh(app);
        group.bench_with_input(BenchmarkId::from_parameter(n), n, |b, _| {
            b.iter(|| {
                app.update(Action::ToggleSource(3));
                black_box(app.visible_count());
            })
        });
    }
    group.finish();

    // A kind turned off and on again in the kind picker (each applies at once).
    let mut group = c.benchmark_group("kind filter on and off");
    for (n, app) in &apps {
        let mut app = fresh(app);
        app.update(Action::OpenKindPicker);
        group.bench_with_input(BenchmarkId::from_parameter(n), n, |b, _| {
            b.iter(|| {
                app.update(Action::PickerToggle);
                black_box(app.visible_count());
            })
        });
    }
    group.finish();

    // The same, and the frame it redraws: the comparison pane's table is rebuilt for the new
    // filter (all subjects, when the selection has no claims of its own).
    let mut group = c.benchmark_group("source filter on and off, and the frame");
    for (n, app) in &apps {
        let mut app = fresh(app);
        group.bench_with_input(BenchmarkId::from_parameter(n), n, |b, _| {
            b.iter(|| {
                app.update(Action::ToggleSource(3));
                let _ = terminal.draw(|f| draw(f, black_box(&app), &theme));
            })
        });
    }
    group.finish();

    // The comparison pane for a new filter on its own: every subject's claims sorted into cells.
    let mut group = c.benchmark_group("comparison pane for a new filter");
    for (n, app) in &apps {
        let mut app = fresh(app);
        app.update(Action::ToggleAllSubjects);
        group.bench_with_input(BenchmarkId::from_parameter(n), n, |b, _| {
            b.iter(|| {
                app.update(Action::ToggleSource(3));
                black_box(app.compare_view().rows.len())
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = viewer
}
criterion_main!(benches);
