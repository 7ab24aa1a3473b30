//! Taking in reloaded data: the user's place kept by id, bad data never replacing good data.

use std::sync::Arc;

use fogline::app::{Action, App, Changes, Focus, Indexes, Prepared, SameFor};
use fogline::load::{Input, Loaded, load_inputs};
use fogline::model::Dataset;

const SOURCES: &str =
    r#"(sources: [(id: "a", name: "A", kind: Media), (id: "b", name: "B", kind: Media)])"#;

fn event(id: &str, day: u32, title: &str, source: &str) -> String {
    format!(
        r#"(id: "{id}", when: "2017-10-{day:02}", kind: Other, title: "{title}", sources: [(source: "{source}")]),"#
    )
}

fn load(files: &[(&str, String)]) -> Loaded {
    load_inputs(
        files
            .iter()
            .map(|(name, text)| Input {
                name: name.to_string(),
                text: text.clone(),
            })
            .collect(),
        Vec::new(),
    )
}

fn events(list: &[String]) -> String {
    format!("(events: [{}])", list.concat())
}

fn base() -> Vec<String> {
    vec![
        event("e1", 1, "One", "a"),
        event("e2", 2, "Two", "b"),
        event("e3", 3, "Three", "a"),
        event("e4", 4, "Four", "b"),
        event("e5", 5, "Five", "a"),
    ]
}

fn app_on(loaded: Loaded) -> App {
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let mut app = App::new(loaded.dataset);
    app.set_files(loaded.files);
    app.update(Action::Resize(100, 30));
    app
}

fn selected(app: &App) -> String {
    app.selected_event()
        .map(|e| e.id().to_string())
        .unwrap_or_default()
}

fn marked(app: &App) -> Vec<String> {
    (0..app.visible_count())
        .filter(|&p| app.is_marked(p))
        .map(|p| {
            app.timeline_window(usize::MAX)
                .nth(p)
                .map(|(_, e)| e.id().to_string())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn selection_marks_filters_and_focus_survive_by_id() {
    let mut app = app_on(load(&[
        ("s.ron", SOURCES.into()),
        ("e.ron", events(&base())),
    ]));
    app.update(Action::Down);
    app.update(Action::ToggleMark); // e2, moves to e3
    app.update(Action::Down);
    app.update(Action::ToggleMark); // e4, moves to e5
    app.update(Action::Up); // e4
    app.update(Action::FocusNext);
    assert_eq!(selected(&app), "e4");
    // Insert two earlier events, change e4's title, remove e5.
    let mut list = vec![
        event("e0", 1, "Zero", "a"),
        event("e00", 1, "Double zero", "b"),
    ];
    list.extend(base().into_iter().take(3));
    list.push(event("e4", 4, "Four, corrected", "b"));
    app.apply_reload(
        load(&[("s.ron", SOURCES.into()), ("e.ron", events(&list))]),
        false,
    );
    assert_eq!(
        app.message(),
        Some("reloaded: 2 added, 1 removed, 1 changed")
    );
    assert_eq!(selected(&app), "e4");
    assert_eq!(
        app.selected_event().map(|e| e.title()),
        Some("Four, corrected")
    );
    assert_eq!(marked(&app), ["e2", "e4"]);
    assert_eq!(app.focus(), Focus::Compare);
    assert!(app.reload_problems().is_empty());
}

#[test]
fn a_selected_event_whose_date_changed_stays_selected_where_it_moved() {
    let mut app = app_on(load(&[
        ("s.ron", SOURCES.into()),
        ("e.ron", events(&base())),
    ]));
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!(selected(&app), "e3");
    for (day, position) in [(9, 4), (3, 2), (1, 1)] {
        let mut list = base();
        list[2] = event("e3", day, "Three", "a");
        app.apply_reload(
            load(&[("s.ron", SOURCES.into()), ("e.ron", events(&list))]),
            false,
        );
        assert_eq!(selected(&app), "e3", "moved to day {day}");
        assert_eq!(app.selected_position(), position, "day {day}");
    }
}

#[test]
fn a_removed_selected_event_gives_way_to_its_neighbour() {
    let mut app = app_on(load(&[
        ("s.ron", SOURCES.into()),
        ("e.ron", events(&base())),
    ]));
    app.update(Action::ToggleSource(1)); // only source a: e1, e3, e5
    app.update(Action::Down);
    assert_eq!(selected(&app), "e3");
    let list: Vec<String> = base()
        .into_iter()
        .filter(|e| !e.contains("\"e3\""))
        .collect();
    app.apply_reload(
        load(&[("s.ron", SOURCES.into()), ("e.ron", events(&list))]),
        false,
    );
    assert_eq!(app.filter().sources, ["a"], "the filter stays");
    assert_eq!(
        selected(&app),
        "e5",
        "the next event in date order among those shown"
    );
    assert_eq!(app.visible_count(), 2);
}

#[test]
fn invalid_data_never_replaces_the_last_good_data() {
    let mut app = app_on(load(&[
        ("s.ron", SOURCES.into()),
        ("e.ron", events(&base())),
    ]));
    let broken = events(&base()).replace("2017-10-03", "2017-13-03");
    app.apply_reload(load(&[("s.ron", SOURCES.into()), ("e.ron", broken)]), false);
    assert_eq!(app.visible_count(), 5, "the old events are still shown");
    let problems = app.reload_problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("e.ron:1:"), "{problems:?}");
    assert!(problems[0].contains("there is no month 13"), "{problems:?}");
    // Fixed: the panel goes.
    app.apply_reload(
        load(&[("s.ron", SOURCES.into()), ("e.ron", events(&base()))]),
        false,
    );
    assert!(app.reload_problems().is_empty());
    assert_eq!(app.message(), Some("reloaded"));
}

#[test]
fn a_deleted_file_is_reported_and_its_events_stay_until_reloaded_by_hand() {
    let two = [
        ("s.ron", SOURCES.to_string()),
        ("e.ron", events(&base())),
        ("more.ron", events(&[event("m1", 9, "More", "a")])),
    ];
    let mut app = app_on(load(&two));
    assert_eq!(app.visible_count(), 6);
    let without = load(&two[..2]);
    app.apply_reload(without, false);
    assert_eq!(app.visible_count(), 6);
    assert!(
        app.reload_problems()[0].starts_with("more.ron: deleted"),
        "{:?}",
        app.reload_problems()
    );
    app.update(Action::Reload);
    assert!(app.take_reload_request());
    app.apply_reload(load(&two[..2]), true);
    assert_eq!(app.visible_count(), 5);
    assert!(app.reload_problems().is_empty());
}

/// What a viewer shows that its indexes decide: the events of each kind, and the events left
/// with each source turned off in turn.
fn indexed_view(app: &mut App) -> Vec<usize> {
    let mut seen: Vec<usize> = fogline::model::EventKind::ALL
        .iter()
        .map(|&k| app.kind_count(k))
        .collect();
    for source in 0..2 {
        app.update(Action::ToggleSource(source));
        seen.push(app.visible_count());
        app.update(Action::ToggleSource(source));
    }
    seen.push(app.visible_count());
    seen
}

/// The base data's files.
fn base_files() -> [(&'static str, String); 2] {
    [("s.ron", SOURCES.into()), ("e.ron", events(&base()))]
}

/// The base data changed: e1 now reported by b, e4 and e5 gone, e8 and e9 added.
fn changed_files() -> [(&'static str, String); 2] {
    let mut changed = base();
    changed.truncate(3);
    changed.push(event("e9", 9, "Nine", "b"));
    changed.push(event("e8", 8, "Eight", "b"));
    changed[0] = event("e1", 1, "One", "b");
    [("s.ron", SOURCES.into()), ("e.ron", events(&changed))]
}

#[test]
fn indexes_made_by_the_loader_are_taken_and_those_of_other_data_are_not() {
    let (first, second) = (|| load(&base_files()), || load(&changed_files()));
    let reloaded = |indexes: fn(&Arc<Dataset>, &Arc<Dataset>) -> Option<Indexes>| {
        let mut app = app_on(first());
        let old = Arc::new(first().dataset);
        let mut loaded = second();
        let dataset = Arc::new(std::mem::take(&mut loaded.dataset));
        let prepared = Prepared {
            indexes: indexes(&dataset, &old),
            changes: None,
            same_apart: false,
        };
        app.apply_shared_reload(loaded, dataset, prepared, false);
        indexed_view(&mut app)
    };
    let here = reloaded(|_, _| None);
    let apart = reloaded(|new, _| Some(Indexes::of(new)));
    let of_other = reloaded(|_, old| Some(Indexes::of(old)));
    assert_eq!(apart, here);
    assert_eq!(of_other, here);
    // The reload did change what the indexes say.
    assert_ne!(here, indexed_view(&mut app_on(first())));
}

#[test]
fn changes_worked_out_by_the_loader_are_taken_only_against_the_data_shown() {
    let (first, second) = (|| load(&base_files()), || load(&changed_files()));
    let shared = |mut loaded: Loaded| {
        let dataset = Arc::new(std::mem::take(&mut loaded.dataset));
        (loaded, dataset)
    };
    let said = "reloaded: 2 added, 2 removed, 1 changed";

    // Worked out against the data shown: taken as they are.
    let mut app = app_on(first());
    let (loaded, dataset) = shared(second());
    let changes = Changes::between(app.dataset(), &dataset);
    let prepared = Prepared {
        indexes: None,
        changes: Some(changes),
        same_apart: false,
    };
    app.apply_shared_reload(loaded, dataset, prepared, false);
    assert_eq!(app.message(), Some(said));
    // The data replaced is left for the caller to free, once.
    let retired = app.take_retired();
    assert!(retired.is_some_and(|d| d.events.len() == 5 && d.events[3].id() == "e4"));
    assert!(app.take_retired().is_none());

    // Against other data with the same events as the new (no change, were they taken): worked
    // out again here, against the data shown.
    app.update(Action::Down);
    assert_eq!(app.message(), None);
    let (loaded, dataset) = shared(first());
    let other = Arc::new(first().dataset);
    let prepared = Prepared {
        indexes: None,
        changes: Some(Changes::between(&other, &dataset)),
        same_apart: false,
    };
    app.apply_shared_reload(loaded, dataset, prepared, false);
    assert_eq!(app.message(), Some(said));
}

/// The other reports of each of the first `n` events of the timeline, by id.
fn others_of_first(app: &mut App, n: usize) -> Vec<Vec<String>> {
    app.update(Action::Top);
    (0..n)
        .map(|_| {
            let others = app.other_reports();
            let ids = others.iter().map(|o| o.event.id().to_string()).collect();
            app.update(Action::Down);
            ids
        })
        .collect()
}

/// What the viewer's export of the events shown writes.
fn exported(app: &App) -> String {
    let mut out = Vec::new();
    app.to_brief()
        .write(&mut out)
        .unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_other_reports_index_made_apart_is_taken_only_for_the_data_shown() {
    let data = fogline::generate::dataset(300, 2);
    let mut whole = App::new(data.clone());
    whole.update(Action::Resize(100, 30));
    let expected = others_of_first(&mut whole, 80);
    assert!(expected.iter().filter(|o| !o.is_empty()).count() > 5);
    let briefing = exported(&whole);

    let mut app = app_on(load(&base_files()));
    let dataset = Arc::new(data.clone());
    let loaded = Loaded {
        dataset: Dataset::default(),
        diagnostics: Vec::new(),
        files: Vec::new(),
        from_cache: false,
    };
    let prepared = Prepared {
        indexes: None,
        changes: None,
        same_apart: true,
    };
    // Asked for (`true`): the base data's files, not among these, are let go.
    app.apply_shared_reload(loaded, Arc::clone(&dataset), prepared, true);
    assert_eq!(app.dataset().events.len(), 300);
    // Meanwhile no other report is found, and an export makes its own index: the same file.
    assert!(app.finding_other_reports());
    assert!(others_of_first(&mut app, 80).iter().all(Vec::is_empty));
    assert_eq!(exported(&app), briefing);
    // The index of other data (equal, but not the data shown) is not taken; this one is, once.
    let other = Arc::new(data);
    assert!(!app.take_same(SameFor::of(&other)));
    assert!(app.finding_other_reports());
    assert!(app.take_same(SameFor::of(&dataset)));
    assert!(!app.finding_other_reports());
    assert_eq!(others_of_first(&mut app, 80), expected);
    assert!(!app.take_same(SameFor::of(&dataset)));
    assert_eq!(others_of_first(&mut app, 80), expected);
    assert_eq!(exported(&app), briefing);
}
