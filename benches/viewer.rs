//! The viewer at scale: one key press and the frame it redraws, a source filter, the zoomed time
//! axis — at 10k and 100k events, and 1M with `FOGLINE_BENCH_1M=1`. Sizes sit side by side in
//! each group, so the growth from one to the next reads off one run.
//!
//! `cargo bench --bench viewer`

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use fogline::app::{Action, App};
use fogline::model::{
    Attribution, Claim, ClaimValue, Dataset, Event, EventKind, Place, Quantity, Source, SourceKind,
    Subject, When,
};
use fogline::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A deterministic dataset of `n` events: 20 sources, 1–3 attributions per event, dates of every
/// precision over 2014–2018, a claim for every fourth event on 200 subjects.
fn dataset(n: usize) -> Dataset {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let sources: Vec<Source> = (0..20)
        .map(|i| Source {
            id: format!("s{i}"),
            name: format!("Source number {i}"),
            kind: SourceKind::ALL[i % SourceKind::ALL.len()],
            speakers: Vec::new(),
            reliability: None,
            url: None,
            description: None,
        })
        .collect();
    let subjects: Vec<Subject> = (0..200)
        .map(|i| Subject {
            id: format!("subject-{i}"),
            label: format!("Subject {i}"),
            description: None,
        })
        .collect();
    let base = NaiveDate::from_ymd_opt(2014, 1, 1).unwrap_or(NaiveDate::MIN);
    let mut events = Vec::with_capacity(n);
    let mut claims = Vec::new();
    for i in 0..n {
        let r = next();
        let day = base + chrono::Days::new(r % 1800);
        let text = match r % 10 {
            0 => day.format("%Y").to_string(),
            1 => day.format("%Y-%m").to_string(),
            2 => format!("P{}D/{}", 1 + r % 30, day.format("%Y-%m-%d")),
            3 => format!("{}~", day.format("%Y-%m-%d")),
            _ => day.format("%Y-%m-%d").to_string(),
        };
        let when = When::parse(&text).unwrap_or_else(|_| When::day(day));
        let attributions = (0..1 + r as usize % 3)
            .map(|k| Attribution {
                source: format!("s{}", (r as usize + k * 7) % 20),
                speaker: None,
                quote: Some("a quote of some length from the source about what happened".into()),
                paraphrase: None,
                via: None,
            })
            .collect();
        let id = format!("e{i}");
        if i % 4 == 0 {
            claims.push(Claim {
                id: format!("c{i}"),
                source: format!("s{}", r % 20),
                speaker: None,
                subject: format!("subject-{}", r % 200),
                stated: when.clone(),
                value: ClaimValue::Count {
                    value: Quantity::About {
                        value: (r % 500) as f64,
                    },
                },
                quote: None,
                paraphrase: None,
                via: None,
                credibility: None,
                events: vec![id.clone()],
            });
        }
        events.push(Event {
            id,
            when,
            kind: EventKind::ALL[r as usize % EventKind::ALL.len()],
            title: format!("Event {i}: something happened at a place with a long enough name"),
            summary: Some("A summary of roughly two hundred characters, as reports give: who, what, where and when, with a figure or two, and the sources' words, so that search has something to chew on.".into()),
            place: Some(Place {
                name: format!("Place {}", r % 500),
                admin1: None,
                country: None,
                coordinates: None,
            }),
            actors: vec!["Group A".into(), "Group B".into()],
            quantities: Vec::new(),
            sources: attributions,
        });
    }
    Dataset::new(Vec::new(), sources, subjects, events, claims)
}

fn sizes() -> Vec<usize> {
    let mut sizes = vec![10_000, 100_000];
    if std::env::var_os("FOGLINE_BENCH_1M").is_some() {
        sizes.push(1_000_000);
    }
    sizes
}

fn viewer(c: &mut Criterion) {
    let theme = Theme::color();
    let mut terminal = match Terminal::new(TestBackend::new(200, 50)) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let apps: Vec<(usize, App)> = sizes()
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
            let mut app = App::new(app.dataset().clone());
            app.update(Action::Resize(200, 50));
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

    let mut group = c.benchmark_group("source filter on and off");
    for (n, app) in &apps {
        let mut app = App::new(app.dataset().clone());
        app.update(Action::Resize(200, 50));
        group.bench_with_input(BenchmarkId::from_parameter(n), n, |b, _| {
            b.iter(|| {
                app.update(Action::ToggleSource(3));
                black_box(app.visible_count());
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
