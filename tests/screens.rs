//! Whole screens after scripted actions, as snapshots (text), with the styles that carry meaning
//! — selection and contradiction marks — asserted on the buffer cells, in both themes.

use fogline::app::{Action, App};
use fogline::load::load_bundled;
use fogline::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn app(w: u16, h: u16, actions: &[Action]) -> App {
    let mut app = App::new(load_bundled().dataset);
    app.update(Action::Resize(w, h));
    for &a in actions {
        app.update(a);
    }
    app
}

fn render(app: &App, theme: &Theme) -> Buffer {
    let size = app.size();
    let mut terminal =
        Terminal::new(TestBackend::new(size.width, size.height)).unwrap_or_else(|e| panic!("{e}"));
    terminal
        .draw(|f| draw(f, app, theme))
        .unwrap_or_else(|e| panic!("{e}"));
    terminal.backend().buffer().clone()
}

fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The position of the first cell of `needle` on screen.
fn find(buffer: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let t = text(buffer);
    t.lines().enumerate().find_map(|(y, line)| {
        line.find(needle)
            .map(|i| (line[..i].chars().count() as u16, y as u16))
    })
}

fn key(c: char) -> Action {
    Action::Input(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char(c),
        crossterm::event::KeyModifiers::NONE,
    ))
}

/// Down to the SDF's announcement, the ninth event.
const TO_SDF: [Action; 8] = [Action::Down; 8];

#[test]
fn first_screen_80x24() {
    let b = render(&app(80, 24, &[]), &Theme::color());
    insta::assert_snapshot!(text(&b));
}

#[test]
fn contradiction_120x40() {
    let mut actions = TO_SDF.to_vec();
    actions.extend([Action::FocusNext, Action::Right]);
    let b = render(&app(120, 40, &actions), &Theme::color());
    insta::assert_snapshot!(text(&b));
}

#[test]
fn side_by_side_180x40() {
    let b = render(&app(180, 40, &TO_SDF), &Theme::color());
    insta::assert_snapshot!(text(&b));
}

#[test]
fn detail_120x40() {
    let mut actions = vec![Action::Down; 4];
    actions.push(Action::OpenDetail);
    let b = render(&app(120, 40, &actions), &Theme::color());
    insta::assert_snapshot!(text(&b));
}

#[test]
fn help_80x24() {
    let b = render(&app(80, 24, &[Action::ToggleHelp]), &Theme::color());
    insta::assert_snapshot!(text(&b));
}

#[test]
fn source_picker_and_search_80x24() {
    let b = render(
        &app(
            80,
            24,
            &[Action::OpenSourcePicker, Action::Down, Action::PickerToggle],
        ),
        &Theme::color(),
    );
    insta::assert_snapshot!("source_picker_80x24", text(&b));
    let actions = [
        Action::StartSearch,
        key('r'),
        key('a'),
        key('q'),
        key('q'),
        key('a'),
    ];
    let b = render(&app(80, 24, &actions), &Theme::color());
    insta::assert_snapshot!("search_80x24", text(&b));
}

#[test]
fn too_small_30x8() {
    let b = render(&app(30, 8, &[]), &Theme::color());
    insta::assert_snapshot!(text(&b));
}

#[test]
fn any_size_from_0x0_draws_without_panicking() {
    for w in (0..=200).step_by(7).chain([0, 1, 39, 40, 41, 169, 170]) {
        for h in (0..=60).step_by(5).chain([0, 1, 11, 12, 13]) {
            for actions in [
                &[][..],
                &TO_SDF[..],
                &[Action::OpenDetail][..],
                &[Action::ToggleHelp][..],
                &[Action::OpenKindPicker][..],
            ] {
                let a = app(w, h, actions);
                let _ = render(&a, &Theme::color());
            }
        }
    }
}

#[test]
fn the_selection_stands_out_in_both_themes() {
    for theme in [Theme::color(), Theme::plain()] {
        let b = render(&app(120, 40, &[Action::Down]), &theme);
        let (x, y) = find(&b, "Four months of fighting").unwrap_or_else(|| panic!("row not drawn"));
        assert!(
            b[(x, y)].modifier.contains(Modifier::REVERSED),
            "selected row not reversed"
        );
        let (x, y) = find(&b, "ISIS captures Raqqa").unwrap_or_else(|| panic!("row not drawn"));
        assert!(
            !b[(x, y)].modifier.contains(Modifier::REVERSED),
            "unselected row reversed"
        );
    }
}

#[test]
fn contradictions_are_marked_in_both_themes() {
    let b = render(&app(120, 40, &TO_SDF), &Theme::color());
    let (x, y) = find(&b, "✗ conflict").unwrap_or_else(|| panic!("no conflict mark"));
    assert_eq!(b[(x, y)].fg, Color::Red);
    assert!(b[(x, y)].modifier.contains(Modifier::BOLD));
    let b = render(&app(120, 40, &TO_SDF), &Theme::plain());
    let (x, y) = find(&b, "✗ conflict").unwrap_or_else(|| panic!("no conflict mark"));
    assert_eq!(b[(x, y)].fg, Color::Reset, "NO_COLOR: no colour");
    assert!(
        b[(x, y)]
            .modifier
            .contains(Modifier::BOLD | Modifier::UNDERLINED)
    );
    // Every cell on screen is colourless in the plain theme.
    let area = b.area;
    for y in 0..area.height {
        for x in 0..area.width {
            assert_eq!(
                (b[(x, y)].fg, b[(x, y)].bg),
                (Color::Reset, Color::Reset),
                "colour at {x},{y}"
            );
        }
    }
}

#[test]
fn search_matches_are_highlighted() {
    let actions = [
        Action::StartSearch,
        key('w'),
        key('e'),
        key('l'),
        key('l'),
        Action::Submit,
        Action::Top,
    ];
    let b = render(&app(120, 40, &actions), &Theme::color());
    let (x, y) =
        find(&b, "Coalition: the fall of Raqqa").unwrap_or_else(|| panic!("row not drawn"));
    assert_eq!(b[(x, y)].fg, Color::Yellow);
    let (x, y) = find(&b, "ISIS captures").unwrap_or_else(|| panic!("row not drawn"));
    assert_ne!(b[(x, y)].fg, Color::Yellow);
    assert!(text(&b).contains("search \"well\": 1 matches"));
}

#[test]
fn wide_and_right_to_left_text_keeps_the_columns_aligned() {
    let text_data = r#"Dataset(
        sources: [(id: "wire", name: "Wire", kind: Media)],
        events: [
            (id: "a", when: "2017-10-15", kind: Pause, title: "拉卡之战：最后的日子，联军暂停空袭", place: (name: "拉卡"), sources: [(source: "wire")]),
            (id: "b", when: "2017-10-16", kind: Statement, title: "معركة الرقة: قوات سوريا الديمقراطية تعلن السيطرة", place: (name: "الرقة"), sources: [(source: "wire")]),
            (id: "c", when: "2017-10-17", kind: Other, title: "Plain ASCII title", sources: [(source: "wire")]),
        ],
    )"#;
    let loaded = fogline::load::load_inputs(
        vec![fogline::load::Input {
            name: "wide.ron".into(),
            text: text_data.into(),
        }],
        Vec::new(),
    );
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    for width in [60u16, 80, 120] {
        let mut app = App::new(loaded.dataset.clone());
        app.update(Action::Resize(width, 24));
        let b = render(&app, &Theme::color());
        // The sources column starts at the same screen column on every row, whatever the title.
        let starts: Vec<u16> = (0..b.area.height)
            .filter_map(|y| {
                (0..b.area.width.saturating_sub(4))
                    .find(|&x| (0..4).map(|k| b[(x + k, y)].symbol()).collect::<String>() == "wire")
            })
            .collect();
        assert_eq!(starts.len(), 3, "at {width}: {starts:?}\n{}", text(&b));
        assert!(
            starts.iter().all(|&x| x == starts[0]),
            "at {width}: {starts:?}\n{}",
            text(&b)
        );
        if width >= 120 {
            let t = text(&b);
            assert!(t.contains("拉卡之战：最后的日子，联军暂停空袭"), "{t}");
            assert!(t.contains("معركة الرقة"), "{t}");
        }
    }
}

#[test]
fn other_reports_that_differ_are_marked_beside_the_selected_event() {
    // A hand-written report beside the real UCDP rows (tests/fixtures/import): its figure for
    // the deaths of 24 September 2017 in Raqqa cannot be UCDP's.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let report = dir.path().join("report.ron");
    std::fs::write(
        &report,
        r#"Dataset(
    title: "A test report",
    sources: [(id: "test-report", name: "Test report", kind: Media)],
    events: [(id: "strike", when: "2017-09-24", kind: Airstrike, title: "Airstrike in central Raqqa",
        place: (name: "Raqqa"), quantities: [(what: "killed", value: AtLeast(12))],
        sources: [(source: "test-report")])],
)"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let csv = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/ucdp-ged231-syria.csv");
    let loaded = fogline::open::open_paths(&[report, csv], None);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let mut app = App::new(loaded.dataset);
    app.update(Action::Resize(140, 40));
    for _ in 0..app.visible_count() {
        if app.selected_event().is_some_and(|e| e.id() == "strike") {
            break;
        }
        app.update(Action::Down);
    }
    let b = render(&app, &Theme::color());
    let screen = text(&b);
    assert!(
        screen.contains("Other reports of the same happening (2)"),
        "{screen}"
    );
    assert!(
        screen.contains("at least 12 here · 5 there (killed)"),
        "{screen}"
    );
    let (x, y) = find(&b, "✗ differ").unwrap_or_else(|| panic!("no mark:\n{screen}"));
    assert_eq!(b[(x, y)].fg, Color::Red);
    let (x, y) = find(&b, "at least 12 here").unwrap_or_else(|| panic!("no figures"));
    assert_eq!(
        b[(x, y)].fg,
        Color::Red,
        "the figures that differ are marked too"
    );
}
