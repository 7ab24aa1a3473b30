//! The viewer's behaviour, driven through actions on the bundled dataset, without a terminal.

use fogline::app::{Action, App, Focus, Mode};
use fogline::load::load_bundled;
use fogline::query::Standing;

fn app() -> App {
    let mut app = App::new(load_bundled().dataset);
    app.update(Action::Resize(120, 40));
    app
}

fn selected(app: &App) -> String {
    app.selected_event()
        .map(|e| e.id().to_string())
        .unwrap_or_default()
}

fn select_id(app: &mut App, id: &str) {
    app.update(Action::Top);
    for _ in 0..app.visible_count() {
        if selected(app) == id {
            return;
        }
        app.update(Action::Down);
    }
    panic!("{id} not reachable");
}

fn key(c: char) -> Action {
    Action::Input(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char(c),
        crossterm::event::KeyModifiers::NONE,
    ))
}

#[test]
fn moving_through_the_timeline() {
    let mut app = app();
    assert_eq!(selected(&app), "isis-captures-raqqa");
    app.update(Action::Down);
    assert_eq!(selected(&app), "fighting-in-raqqa");
    app.update(Action::Bottom);
    assert_eq!(selected(&app), "wellspring");
    app.update(Action::Down);
    assert_eq!(selected(&app), "wellspring", "stays on the last event");
    app.update(Action::PageUp);
    assert_eq!(selected(&app), "isis-captures-raqqa");
    app.update(Action::ScrollDown);
    assert_eq!(app.selected_position(), 1);
}

#[test]
fn the_selection_stays_in_view_in_a_small_terminal() {
    let mut app = app();
    app.update(Action::Resize(80, 14));
    for _ in 0..9 {
        app.update(Action::Down);
    }
    let rows = app.areas().map(|a| a.timeline_rows()).unwrap_or(0);
    let window: Vec<usize> = app.timeline_window(rows).map(|(p, _)| p).collect();
    assert!(window.contains(&app.selected_position()), "{window:?}");
    assert_eq!(window.len(), rows);
}

#[test]
fn number_keys_toggle_sources_like_list_filters() {
    let mut app = app();
    assert_eq!(app.visible_count(), 10);
    // Sources in dataset order: 1 report, 2 coalition, 3 sdf.
    app.update(Action::ToggleSource(0));
    assert_eq!(app.filter().sources, ["coalition", "sdf"]);
    assert_eq!(app.visible_count(), 6);
    app.update(Action::ToggleSource(1));
    assert_eq!(app.filter().sources, ["sdf"]);
    assert_eq!(app.visible_count(), 1);
    assert_eq!(selected(&app), "sdf-announces-full-control");
    app.update(Action::ToggleSource(0));
    app.update(Action::ToggleSource(1));
    assert!(app.filter().sources.is_empty(), "all on is no filter");
    app.update(Action::ToggleSource(8));
    assert_eq!(app.message(), Some("there is no source 9"));
    app.update(Action::ToggleSource(2));
    app.update(Action::AllSources);
    assert_eq!(app.visible_count(), 10);
}

#[test]
fn the_source_picker_toggles_only_and_all() {
    let mut app = app();
    app.update(Action::OpenSourcePicker);
    assert_eq!(app.mode(), Mode::SourcePicker { cursor: 0 });
    app.update(Action::Down);
    app.update(Action::PickerOnly);
    assert_eq!(app.filter().sources, ["coalition"]);
    assert_eq!(app.visible_count(), 5);
    app.update(Action::PickerAll);
    assert_eq!(app.visible_count(), 10);
    app.update(Action::PickerToggle);
    assert_eq!(app.filter().sources, ["report", "sdf"]);
    app.update(Action::Back);
    assert_eq!(app.mode(), Mode::Browse);
}

#[test]
fn kinds_and_dates_filter() {
    let mut app = app();
    app.update(Action::OpenKindPicker);
    // Cursor to "explosive device" (the fifth kind) and keep only it.
    for _ in 0..4 {
        app.update(Action::Down);
    }
    app.update(Action::PickerOnly);
    app.update(Action::Back);
    assert_eq!(app.visible_count(), 2);
    app.update(Action::ClearFilters);
    app.update(Action::OpenDatePrompt);
    for c in "2017-10-16".chars() {
        app.update(key(c));
    }
    app.update(Action::Submit);
    assert_eq!(app.mode(), Mode::Browse);
    assert_eq!(app.visible_count(), 5);
    // A bad range is refused, in place.
    app.update(Action::OpenDatePrompt);
    for _ in 0..10 {
        app.update(Action::Input(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Backspace,
            crossterm::event::KeyModifiers::NONE,
        )));
    }
    for c in "2017-13".chars() {
        app.update(key(c));
    }
    app.update(Action::Submit);
    assert_eq!(app.mode(), Mode::DatePrompt);
    assert!(
        app.prompt_error()
            .is_some_and(|e| e.contains("no month 13"))
    );
    app.update(Action::Back);
    assert_eq!(app.visible_count(), 5, "the old range stays");
}

#[test]
fn search_is_incremental_and_n_moves_between_matches() {
    let mut app = app();
    app.update(Action::StartSearch);
    for c in "raqqa".chars() {
        app.update(key(c));
    }
    let (count, at) = app.match_position();
    assert!(count >= 5, "{count}");
    assert_eq!(at, Some(1));
    app.update(Action::Submit);
    assert_eq!(app.search(), Some("raqqa"));
    let first = app.selected_position();
    app.update(Action::NextMatch);
    assert!(app.selected_position() > first);
    app.update(Action::PrevMatch);
    assert_eq!(app.selected_position(), first);
    // Search does not filter.
    assert_eq!(app.visible_count(), 10);
    app.update(Action::Back);
    assert_eq!(app.search(), None);
    // Esc while typing returns to where the search started.
    app.update(Action::Bottom);
    let start = app.selected_position();
    app.update(Action::StartSearch);
    app.update(key('2'));
    app.update(key('0'));
    app.update(Action::Back);
    assert_eq!(app.selected_position(), start);
}

#[test]
fn the_comparison_follows_the_selection() {
    let mut app = app();
    // The 2014 capture has no claims: every subject is shown.
    let view = app.compare_view();
    assert!(view.all);
    select_id(&mut app, "sdf-announces-full-control");
    let view = app.compare_view();
    assert!(!view.all);
    let rows: Vec<(&str, Standing)> = view
        .rows
        .iter()
        .map(|r| (r.subject.id.as_str(), r.standing))
        .collect();
    assert_eq!(
        rows,
        [
            ("raqqa-control", Standing::Contradicted),
            ("raqqa-share-under-sdf-control", Standing::Contradicted),
            ("raqqa-military-operation", Standing::Contradicted),
        ]
    );
    let columns: Vec<&str> = view.sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(columns, ["coalition", "sdf"]);
    drop(view);
    // Selecting a cell gives its claims, with the words.
    app.update(Action::FocusNext);
    assert_eq!(app.focus(), Focus::Compare);
    app.update(Action::Right);
    let view = app.compare_view();
    let claims = view.selected_claims();
    assert_eq!(claims.len(), 2);
    assert_eq!(
        claims[1].quote(),
        Some("the situation in Raqqa is under control")
    );
    drop(view);
    // All subjects, the selected event's first.
    app.update(Action::ToggleAllSubjects);
    let view = app.compare_view();
    assert_eq!(view.rows.len(), 9);
    assert!(view.rows[..3].iter().all(|r| r.related));
    assert!(view.rows[3..].iter().all(|r| !r.related));
}

#[test]
fn filtering_a_source_out_removes_its_column_and_the_conflict() {
    let mut app = app();
    select_id(&mut app, "coalition-briefing");
    app.update(Action::ToggleSource(2)); // sdf off
    let view = app.compare_view();
    assert!(view.sources.iter().all(|s| s.id != "sdf"));
    assert!(
        view.rows
            .iter()
            .all(|r| r.standing != Standing::Contradicted)
    );
}

#[test]
fn detail_help_and_quit() {
    let mut app = app();
    app.update(Action::OpenDetail);
    assert_eq!(app.mode(), Mode::Detail { scroll: 0 });
    app.update(Action::Down);
    assert_eq!(app.mode(), Mode::Detail { scroll: 1 });
    app.update(Action::Back);
    app.update(Action::ToggleHelp);
    assert_eq!(app.mode(), Mode::Help { scroll: 0 });
    app.update(Action::Back);
    assert_eq!(app.mode(), Mode::Browse);
    assert!(!app.should_quit());
    app.update(Action::Quit);
    assert!(app.should_quit());
}

#[test]
fn the_time_axis_keeps_the_selection_in_view_when_zoomed() {
    let mut app = app();
    select_id(&mut app, "security-commander-killed");
    let full = app.axis_view(100, 3).unwrap_or_else(|| panic!("no axis"));
    assert_eq!(full.start.to_string(), "2014-01-01");
    assert_eq!(full.end.to_string(), "2017-10-17");
    for _ in 0..8 {
        app.update(Action::ZoomIn);
    }
    for _ in 0..10 {
        app.update(Action::PanRight);
    }
    let zoomed = app.axis_view(100, 3).unwrap_or_else(|| panic!("no axis"));
    assert!(zoomed.end - zoomed.start < full.end - full.start);
    let sel = zoomed
        .selected
        .unwrap_or_else(|| panic!("the selection is not on the axis"));
    assert!(!sel.range, "a single day is a tick");
    // A single day is a tick; the four-month battle is a bar.
    app.update(Action::ZoomOut);
    app.update(Action::Top);
    let view = app.axis_view(100, 3).unwrap_or_else(|| panic!("no axis"));
    assert!(
        view.lanes
            .iter()
            .flatten()
            .any(|&c| c == fogline::app::axis::AxisCell::Bar)
    );
    assert!(
        view.selected.is_some_and(|m| m.range),
        "the year 2014 is a bar"
    );
}

#[test]
fn an_empty_dataset_or_filter_does_not_break_anything() {
    let mut app = App::new(fogline::model::Dataset::default());
    for a in [
        Action::Down,
        Action::Up,
        Action::Bottom,
        Action::OpenDetail,
        Action::NextMatch,
        Action::FocusNext,
        Action::Right,
        Action::ZoomIn,
        Action::OpenSourcePicker,
        Action::ToggleSource(0),
    ] {
        app.update(a);
    }
    assert!(app.selected_event().is_none());
    assert!(app.axis_view(80, 3).is_none());
    let mut app = self::app();
    app.update(Action::StartSearch);
    app.update(key('q'));
    app.update(Action::Submit);
    app.update(Action::OpenKindPicker);
    app.update(Action::PickerOnly); // armed clash only
    app.update(Action::Back);
    app.update(Action::ToggleSource(0)); // report off: no armed clash left
    assert_eq!(app.visible_count(), 0);
    app.update(Action::OpenDetail);
    assert_eq!(app.mode(), Mode::Browse);
}

#[test]
fn marks_choose_what_the_briefing_holds() {
    let mut app = app();
    // Nothing marked: the briefing is of what is shown.
    app.update(Action::ToggleSource(0)); // report off
    let all = app.to_brief().to_markdown();
    assert!(all.contains("- **Events:** 6 of 10\n"), "{all}");
    app.update(Action::AllSources);
    select_id(&mut app, "surrenders-during-halt");
    app.update(Action::ToggleMark);
    assert_eq!(
        selected(&app),
        "security-commander-killed",
        "marking moves on"
    );
    select_id(&mut app, "sdf-announces-full-control");
    app.update(Action::ToggleMark);
    assert_eq!(app.marked_count(), 2);
    assert!(app.is_marked(4));
    let brief = app.to_brief().to_markdown();
    assert!(
        brief.contains("- **Events:** 2 of 10, marked by hand"),
        "{brief}"
    );
    // Written as it is made (as the viewer exports it), it is the same briefing.
    let mut streamed = Vec::new();
    app.to_brief()
        .write(&mut streamed)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(String::from_utf8_lossy(&streamed), brief);
    assert!(brief.contains("About 350 ISIS militants surrender"));
    assert!(brief.contains("SDF announces full control"));
    assert!(!brief.contains("ISIS captures Raqqa"));
    // Marks survive a filter that hides them, and an export however it went.
    app.update(Action::ToggleSource(2)); // sdf off
    assert_eq!(app.marked_count(), 2);
    app.update(Action::Export);
    let asked = app.take_export_request();
    assert_eq!(
        asked.as_ref().map(|b| b.len()),
        Some(2),
        "the marked events"
    );
    assert!(
        app.take_export_request().is_none(),
        "one request, one export"
    );
    // While it is written: its progress is shown, and another is not started.
    assert_eq!(app.exporting().map(|x| (x.events, x.written)), Some((2, 0)));
    assert!(app.export_progress(4096));
    assert!(!app.export_progress(4096), "nothing new to show");
    assert_eq!(app.exporting().map(|x| x.written), Some(4096));
    app.update(Action::Export);
    assert!(app.take_export_request().is_none(), "one export at a time");
    assert!(app.message().is_some_and(|m| m.contains("being written")));
    app.export_done(Err("disk full".into()));
    assert_eq!(app.exporting(), None);
    assert_eq!(app.message(), Some("export failed: disk full"));
    assert_eq!(app.marked_count(), 2);
    app.update(Action::ClearMarks);
    assert_eq!(app.marked_count(), 0);
}

/// The matches as they should be: the events shown whose text holds `needle`.
fn expected_matches(app: &App, needle: &str) -> usize {
    let mut filter = app.filter().clone();
    filter.search = Some(needle.to_string());
    app.dataset()
        .events
        .iter()
        .filter(|e| filter.matches(e))
        .count()
}

#[test]
fn typing_on_narrows_the_search_and_anything_else_searches_again() {
    let mut app = App::new(fogline::generate::dataset(3_000, 7));
    app.update(Action::Resize(120, 40));
    let backspace = Action::Input(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Backspace,
        crossterm::event::KeyModifiers::NONE,
    ));
    app.update(Action::StartSearch);
    // Typed on, the text grows: only the last matches are looked at again. Backspace, or
    // text that no longer holds the last, must look at every event shown again.
    let steps: Vec<(Action, &str)> = vec![
        (key('r'), "r"),
        (key('a'), "ra"),
        (key('q'), "raq"),
        (key('q'), "raqq"),
        (backspace, "raq"),
        (backspace, "ra"),
        (key('Q'), "raQ"),
        (key('q'), "raQq"),
        (key('a'), "raQqa"),
        (key(' '), "raQqa "),
        (key('l'), "raQqa l"),
    ];
    for (action, typed) in steps {
        app.update(action);
        assert_eq!(app.search(), Some(typed));
        let expected = expected_matches(&app, typed);
        assert!(expected > 0, "{typed:?} is in the data");
        assert_eq!(app.match_position().0, expected, "{typed:?}");
    }
    app.update(Action::Submit);
    assert_eq!(app.match_position().0, expected_matches(&app, "raQqa l"));
    // A source filter shows other events: the search is looked for among them, all of them.
    app.update(Action::ToggleSource(1));
    assert!(app.visible_count() < 3_000);
    let shown = expected_matches(&app, "raQqa l");
    assert_eq!(app.match_position().0, shown);
    // Cleared, then a search that holds the last one: every event shown is looked at.
    app.update(Action::Back);
    assert_eq!(app.match_position().0, 0);
    app.update(Action::StartSearch);
    for c in "raqqa lo".chars() {
        app.update(key(c));
    }
    assert_eq!(app.match_position().0, expected_matches(&app, "raqqa lo"));
    assert!(app.match_position().0 > 0);
}

#[test]
fn the_kind_picker_counts_every_event_of_each_kind() {
    let app = App::new(fogline::generate::dataset(2_000, 3));
    let mut total = 0;
    for k in fogline::model::EventKind::ALL {
        let expected = app.dataset().events.iter().filter(|e| e.kind == k).count();
        assert_eq!(app.kind_count(k), expected, "{k:?}");
        total += expected;
    }
    assert_eq!(total, 2_000);
    assert!(
        fogline::model::EventKind::ALL
            .iter()
            .filter(|&&k| app.kind_count(k) > 0)
            .count()
            > 3,
        "several kinds"
    );
}
