//! The real `fogline` binary in a real pseudo-terminal: keys in, screen out (read through the
//! vt100 terminal emulator), as a user sees it.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN)
}

struct Session {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote.
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Session {
    fn start(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        Session::spawn(
            args,
            cols,
            rows,
            env,
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        )
    }

    fn start_in(args: &[&str], cols: u16, rows: u16, dir: &std::path::Path) -> Session {
        Session::spawn(args, cols, rows, &[], dir)
    }

    fn spawn(
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
        dir: &std::path::Path,
    ) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap_or_else(|e| panic!("no pty: {e}"));
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_fogline"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        // Snapshots of large test data go to the build's scratch space, not the user's cache.
        cmd.env(
            "FOGLINE_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/fogline-cache"),
        );
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(dir);
        let child = pair
            .slave
            .spawn_command(cmd)
            .unwrap_or_else(|e| panic!("cannot start fogline: {e}"));
        drop(pair.slave);
        let mut reader = pair
            .master
            .try_clone_reader()
            .unwrap_or_else(|e| panic!("{e}"));
        let writer = pair.master.take_writer().unwrap_or_else(|e| panic!("{e}"));
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (feed, log) = (Arc::clone(&screen), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = feed.lock() {
                    p.process(&buf[..n]);
                }
                if let Ok(mut l) = log.lock() {
                    l.extend_from_slice(&buf[..n]);
                }
            }
        });
        Session {
            master: pair.master,
            writer,
            child,
            screen,
            raw,
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .and_then(|()| self.writer.flush())
            .unwrap_or_else(|e| panic!("cannot type: {e}"));
        // Let crossterm see an Esc alone as the Esc key.
        std::thread::sleep(Duration::from_millis(60));
    }

    fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Waits until the screen satisfies `ok`, up to 10 seconds; panics with the screen if not.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let screen = self.contents();
            if ok(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        // The emulator first, so that what the program draws for the new size lands in it.
        if let Ok(mut p) = self.screen.lock() {
            p.screen_mut().set_size(nz(rows), nz(cols));
        }
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }

    /// Waits for the process to end, and returns whether it succeeded.
    fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return status.success(),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(30))
                }
                _ => {
                    let _ = self.child.kill();
                    panic!(
                        "fogline did not exit; the screen shows:\n{}",
                        self.contents()
                    );
                }
            }
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

#[test]
fn browse_filter_compare_search_help_resize_and_quit() {
    let mut s = Session::start(&[], 120, 40, &[]);
    // The timeline, with every event.
    let screen = s.wait_text("Timeline · 10 of 10 events");
    assert!(screen.contains("ISIS captures Raqqa, the first major city it took"));
    assert!(screen.contains("10 of 10 events · sources: all"));
    {
        let p = s.screen.lock().unwrap_or_else(|e| e.into_inner());
        assert!(
            p.screen().alternate_screen(),
            "the viewer uses the alternate screen"
        );
    }

    // A source filter takes effect: turn the report (source 1) off.
    s.send("1");
    s.wait_text("6 of 10 events · sources: coalition, sdf");
    let screen = s.contents();
    assert!(!screen.contains("ISIS captures Raqqa"));
    s.send("0");
    s.wait_text("10 of 10 events · sources: all");

    // The comparison pane marks the SDF / coalition contradiction.
    s.send("G");
    s.send("k");
    let screen = s.wait_text("✗ conflict");
    assert!(screen.contains("Control of Raqqa"));
    assert!(screen.contains("not yet liberated"));
    assert!(screen.contains("liberated"));
    // A cell's verbatim quote and speaker.
    s.send("\t");
    s.send("l");
    s.wait_text("“the situation in Raqqa is under control”");
    s.wait_text("Talal Salo, SDF spokesman");
    s.send("\t");

    // Search: incremental, with the count in the status line.
    s.send("/wellspring");
    s.wait_text("search \"wellspring\": 1 of 1");
    s.send("\r");
    s.send("\u{1b}");
    s.wait_for("the search to clear", |screen| {
        !screen.contains("search \"wellspring\"")
    });

    // Help, generated from the keymap.
    s.send("?");
    let screen = s.wait_text("Help · Esc to close");
    assert!(screen.contains("turn source 1…9 on or off"));
    s.send("\u{1b}");
    s.wait_for("the help to close", |screen| {
        !screen.contains("Help · Esc to close")
    });

    // Resize: smaller, too small, and back.
    s.resize(80, 24);
    s.wait_for("a redraw at 80x24", |screen| {
        screen
            .lines()
            .next()
            .is_some_and(|l| l.trim_end().chars().count() == 80)
    });
    s.resize(30, 8);
    s.wait_text("Too small: 30x8.");
    s.resize(100, 30);
    s.wait_text("Timeline · 10 of 10 events");

    // Quit restores the terminal.
    s.send("q");
    assert!(s.wait_exit(), "fogline exited with an error");
    let p = s.screen.lock().unwrap_or_else(|e| e.into_inner());
    assert!(
        !p.screen().alternate_screen(),
        "still on the alternate screen after q"
    );
    assert!(
        !p.screen().hide_cursor(),
        "the cursor is still hidden after q"
    );
}

#[test]
fn the_detail_opens_and_closes() {
    let mut s = Session::start(&[], 100, 30, &[("NO_COLOR", "1")]);
    s.wait_text("Timeline · 10 of 10 events");
    s.send("jjjj\r");
    let screen = s.wait_text("Event · Esc to close");
    assert!(screen.contains("written P3D/2017-10-17; 2017-10-15 to 2017-10-17"));
    assert!(screen.contains("about 350 (approximate)"));
    // NO_COLOR: the selection is still visible, by reverse video.
    s.send("\u{1b}");
    s.wait_for("the detail to close", |screen| {
        !screen.contains("Event · Esc to close")
    });
    {
        let p = s.screen.lock().unwrap_or_else(|e| e.into_inner());
        let screen = p.screen();
        let row = (0..30u16)
            .find(|&r| {
                screen
                    .contents_between(r, 0, r, 99)
                    .contains("About 350 ISIS")
            })
            .unwrap_or_else(|| panic!("row not on screen"));
        let col = screen
            .contents_between(row, 0, row, 99)
            .find("About 350")
            .unwrap_or(0) as u16;
        let cell = screen.cell(row, col).unwrap_or_else(|| panic!("no cell"));
        assert!(cell.inverse(), "the selected row is not in reverse video");
        assert_eq!(
            cell.fgcolor(),
            vt100::Color::Default,
            "NO_COLOR yet coloured"
        );
    }
    s.send("q");
    assert!(s.wait_exit());
}

#[test]
fn without_a_terminal_the_viewer_says_so() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fogline"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the viewer needs a terminal"), "{err}");
    assert!(err.contains("fogline list"), "{err}");
}

#[test]
fn nothing_from_the_data_drives_the_terminal() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = "Dataset(\n sources: [(id: \"wire\", name: \"Wire\\u{1b}]0;pwned-title\\u{7}\", kind: Media)],\n events: [(id: \"e\", when: \"2017-10-16\", kind: Pause, title: \"Calm\\u{1b}[2J\\u{1b}[H in \\u{202e}aqqaR\", summary: \"x\\u{1b}[5;31mblink\", sources: [(source: \"wire\", quote: \"\\u{9b}6n\")])],\n)";
    std::fs::write(dir.path().join("hostile.ron"), data).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("hostile.ron").display().to_string();
    let mut s = Session::start(&[&path], 100, 30, &[]);
    let screen = s.wait_text("Calm in aqqaR");
    assert!(screen.contains("Timeline · 1 of 1 events"), "{screen}");
    s.send("\r");
    s.wait_text("xblink");
    // Esc and q apart: together they read as Alt-q.
    s.send("\u{1b}");
    s.wait_for("the detail to close", |screen| {
        !screen.contains("Event · Esc to close")
    });
    s.send("q");
    assert!(s.wait_exit());
    let raw = s.raw.lock().map(|r| r.clone()).unwrap_or_default();
    let raw = String::from_utf8_lossy(&raw);
    // (The warnings quote the file's lines, where `\u{1b}` is six plain characters: harmless.)
    for bad in [
        "\u{1b}]0;",
        "\u{7}",
        "\u{1b}[2J\u{1b}[H in",
        "\u{1b}[5;31m",
        "\u{202e}",
        "\u{9b}",
    ] {
        assert!(
            !raw.contains(bad),
            "the program wrote {bad:?} from the data"
        );
    }
}

#[test]
fn marked_events_export_to_a_fresh_briefing_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(work.join("briefing.md"), "someone's notes").unwrap_or_else(|e| panic!("{e}"));
    let mut s = Session::start_in(&[], 120, 40, &work);
    s.wait_text("Timeline · 10 of 10 events");
    s.send("jjjj ");
    s.wait_text("1 marked");
    s.send("e");
    s.wait_text("briefing written to ./briefing-2.md");
    let written = std::fs::read_to_string(work.join("briefing-2.md")).unwrap_or_default();
    assert!(
        written.contains("- **Events:** 1 of 10, marked by hand"),
        "{written}"
    );
    assert!(written.contains("About 350 ISIS militants surrender"));
    assert_eq!(
        std::fs::read_to_string(work.join("briefing.md"))
            .ok()
            .as_deref(),
        Some("someone's notes"),
        "an existing file was overwritten"
    );
    // A write that fails is reported, and the viewer goes on with its marks.
    std::fs::remove_dir_all(&work).unwrap_or_else(|e| panic!("{e}"));
    s.send("e");
    s.wait_text("export failed");
    s.wait_text("1 marked");
    s.send("q");
    assert!(s.wait_exit());
}

const LIVE_SOURCES: &str = r#"(sources: [(id: "wire", name: "Wire", kind: Media)])"#;

fn live_events(titles: &[&str]) -> String {
    let events: Vec<String> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| format!(r#"(id: "e{i}", when: "2017-10-{:02}", kind: Other, title: "{t}", sources: [(source: "wire")]),"#, i + 1))
        .collect();
    format!("(events: [{}])", events.concat())
}

#[test]
fn the_viewer_follows_edits_and_keeps_the_last_good_data() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let events = dir.path().join("events.ron");
    let write = |text: String| std::fs::write(&events, text).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("sources.ron"), LIVE_SOURCES).unwrap_or_else(|e| panic!("{e}"));
    write(live_events(&["Alpha", "Bravo"]));
    let path = dir.path().display().to_string();
    let mut s = Session::start(&[&path], 100, 30, &[]);
    s.wait_text("Timeline · 2 of 2 events");

    // Edited in place.
    write(live_events(&["Alpha", "Bravo", "Charlie"]));
    s.wait_text("Charlie");
    s.wait_text("Timeline · 3 of 3 events");

    // Replaced atomically, as editors save.
    let tmp = dir.path().join(".events.ron.swp");
    std::fs::write(&tmp, live_events(&["Alpha", "Bravo", "Charlie", "Delta"]))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::rename(&tmp, &events).unwrap_or_else(|e| panic!("{e}"));
    s.wait_text("Delta");

    // A burst of writes: the last one wins.
    for n in 0..20 {
        write(live_events(&["Alpha", "Bravo", &format!("Burst {n}")]));
    }
    s.wait_text("Burst 19");
    s.wait_for("the burst to settle", |screen| {
        screen.contains("3 of 3 events") && !screen.contains("Delta")
    });

    // Broken: the old events stay, and a panel says why.
    write("(events: [(id: \"x\", when: \"2017-13\", kind: Other, title: \"Broken\"".into());
    let screen = s.wait_text("Not reloaded: still showing the last good data");
    assert!(screen.contains("Burst 19"), "{screen}");
    assert!(screen.contains("events.ron:1:"), "{screen}");
    // Fixed: the panel goes.
    write(live_events(&["Alpha", "Bravo", "Echo"]));
    s.wait_text("Echo");
    s.wait_for("the panel to go", |screen| !screen.contains("Not reloaded"));

    // Deleted and made again: followed.
    std::fs::remove_file(&events).unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(std::time::Duration::from_millis(100));
    write(live_events(&["Alpha", "Foxtrot"]));
    s.wait_text("Foxtrot");
    s.send("q");
    assert!(s.wait_exit());
}

#[test]
fn with_no_watch_only_r_reloads() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let events = dir.path().join("events.ron");
    std::fs::write(dir.path().join("sources.ron"), LIVE_SOURCES).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&events, live_events(&["Alpha"])).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().display().to_string();
    let mut s = Session::start(&["--no-watch", &path], 100, 30, &[]);
    s.wait_text("Timeline · 1 of 1 events");
    std::fs::write(&events, live_events(&["Alpha", "Golf"])).unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(std::time::Duration::from_millis(800));
    assert!(
        !s.contents().contains("Golf"),
        "reloaded without being asked"
    );
    s.send("R");
    s.wait_text("Golf");
    s.wait_text("reloaded: 1 added");
    s.send("q");
    assert!(s.wait_exit());
}

#[test]
fn an_export_opens_beside_the_report_and_its_reports_of_the_same_happening_show() {
    let mut s = Session::start(
        &[
            "data/raqqa",
            "tests/fixtures/import/ucdp-ged231-syria.csv",
            "--no-watch",
        ],
        140,
        40,
        &[],
    );
    s.wait_text("Timeline · 18 of 18 events");
    s.send("/Four months");
    s.wait_text("search \"Four months\": 1 of");
    s.send("\r");
    let screen = s.wait_text("Other reports of the same happening (2)");
    assert!(screen.contains("2 other reports"), "{screen}");
    assert!(
        screen.contains("5 Jun – 10 Oct 2017 · UCDP Georeferenced Event Dataset"),
        "{screen}"
    );
    assert!(screen.contains("24 Sep 2017 · UCDP Georeferenced Event Dataset"));
    // An event of one origin alone has none.
    s.send("\u{1b}");
    s.send("g");
    s.wait_for("the list to go", |screen| {
        !screen.contains("Other reports of the same happening")
    });
    s.send("q");
    assert!(s.wait_exit());
}

#[test]
fn large_data_loads_in_the_background_with_progress_and_q_quits_at_once() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = fogline::load::write::to_ron(&fogline::generate::dataset(20_000, 1));
    let big = dir.path().join("big.ron");
    std::fs::write(&big, &text).unwrap_or_else(|e| panic!("{e}"));
    let big = big.to_string_lossy().into_owned();

    let cache = dir.path().join("cache");
    let cache = cache.to_string_lossy();
    let env = [("FOGLINE_CACHE_DIR", &*cache)];

    // The first screen shows progress while the data loads; then the data.
    let mut s = Session::start(&[&big, "--no-watch"], 120, 30, &env);
    s.wait_text("MB of data…");
    let screen = s.wait_text("loaded 20000 events in");
    assert!(!screen.contains("from the cache"), "{screen}");
    s.wait_text("Timeline · 20000 of 20000 events");
    // The snapshot is written once the data is on screen: at once, not after the loader gave
    // up waiting to hear it is (10 s).
    let written = || {
        std::fs::read_dir(dir.path().join("cache")).is_ok_and(|d| {
            d.filter_map(Result::ok)
                .any(|e| e.path().extension().is_some_and(|x| x == "snapshot"))
        })
    };
    let start = std::time::Instant::now();
    while !written() && start.elapsed() < std::time::Duration::from_secs(8) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        written(),
        "no snapshot was written within 8 s of the data on screen"
    );
    s.send("q");
    assert!(s.wait_exit());

    // Opened again: from the snapshot the first load left.
    let mut s = Session::start(&[&big, "--no-watch"], 120, 30, &env);
    s.wait_text("from the cache");
    s.wait_text("Timeline · 20000 of 20000 events");
    // A search runs in the background of the prompt: keys typed while it runs make it stale,
    // and the count shown is the last text's. Enter keeps it; n goes to the next match.
    let needle = fogline::query::search::Needle::new("event 19");
    let d = fogline::generate::dataset(20_000, 1);
    let n = (d.events.iter())
        .filter(|e| fogline::query::search::matches_text(e, &needle))
        .count();
    s.send("/event 1");
    s.send("9");
    s.wait_text(&format!("search \"event 19\": 1 of {n}"));
    s.send("\r");
    s.send("n");
    s.wait_text(&format!("search \"event 19\": 2 of {n}"));
    s.send("q");
    assert!(s.wait_exit());

    // q while loading: the viewer goes at once, the terminal restored.
    let mut s = Session::start(&[&big, "--no-watch", "--no-cache"], 120, 30, &env);
    s.wait_text("q quits");
    s.send("q");
    assert!(s.wait_exit(), "fogline exited with an error");
    let p = s.screen.lock().unwrap_or_else(|e| e.into_inner());
    assert!(!p.screen().alternate_screen());
}

#[test]
fn data_with_errors_loaded_in_the_background_is_listed_not_shown() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "Dataset(\n    events: [(id: \"x\", when: \"2017-13\")],\n)\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let bad = bad.to_string_lossy().into_owned();
    let mut s = Session::start(
        &[&bad, "--no-watch"],
        120,
        30,
        &[("FOGLINE_BACKGROUND_BYTES", "0")],
    );
    let screen = s.wait_text("nothing was loaded");
    assert!(screen.contains("bad.ron:2:"), "{screen}");
    s.send("q");
    assert!(s.wait_exit());
}

#[test]
fn an_export_opened_in_the_viewer_is_followed_when_it_is_downloaded_again() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/acled-syria-2022.csv");
    let text = std::fs::read_to_string(&fixture).unwrap_or_else(|e| panic!("{e}"));
    let csv = dir.path().join("acled.csv");
    // The first download: the header and nine of the ten rows.
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&csv, lines[..10].join("\n") + "\n").unwrap_or_else(|e| panic!("{e}"));
    let path = csv.display().to_string();
    let mut s = Session::start(&[&path], 120, 30, &[]);
    s.wait_text("Timeline · 9 of 9 events");

    // A new download replaces the file, as a browser saves: the tenth row arrives.
    let tmp = dir.path().join("acled.csv.part");
    std::fs::write(&tmp, text.clone()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::rename(&tmp, &csv).unwrap_or_else(|e| panic!("{e}"));
    s.wait_text("Timeline · 10 of 10 events");
    s.wait_text("reloaded: 1 added, 0 removed, 0 changed");
    s.send("q");
    assert!(s.wait_exit());
}

#[test]
fn a_large_export_is_written_while_the_viewer_goes_on_and_quitting_cancels_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = fogline::load::write::to_ron(&fogline::generate::dataset(150_000, 3));
    let big = dir.path().join("big.ron");
    std::fs::write(&big, &text).unwrap_or_else(|e| panic!("{e}"));
    drop(text);
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap_or_else(|e| panic!("{e}"));
    let big = big.to_string_lossy().into_owned();

    let args = [&*big, "--no-watch", "--no-cache"];
    let mut s = Session::spawn(&args, 160, 30, &[("NO_COLOR", "1")], &work);
    s.wait_text("Timeline · 150000 of 150000 events");
    // Every event shown goes into the briefing, written on a thread of its own: the status line
    // counts what is written, and keys still move the selection meanwhile.
    let first = selected_row(&s);
    assert!(!first.is_empty(), "no row selected:\n{}", s.contents());
    s.send("e");
    s.wait_text("exporting 150000 events…");
    s.send("j");
    let deadline = Instant::now() + Duration::from_secs(10);
    while selected_row(&s) == first && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let screen = s.contents();
    assert_ne!(
        selected_row(&s),
        first,
        "the selection did not move:\n{screen}"
    );
    assert!(screen.contains("exporting 150000 events…"), "{screen}");
    // A second export waits for the first.
    s.send("e");
    s.wait_text("a briefing is being written");
    // Quitting cancels it: no briefing and no temporary file is left.
    s.send("q");
    assert!(s.wait_exit());
    let left: Vec<_> = std::fs::read_dir(&work)
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// The selected row of the timeline: the first row drawn in reverse video (under NO_COLOR).
fn selected_row(s: &Session) -> String {
    let p = s.screen.lock().unwrap_or_else(|e| e.into_inner());
    let screen = p.screen();
    let (rows, cols) = screen.size();
    let (rows, cols) = (rows.get(), cols.get());
    (1..rows)
        .find(|&r| screen.cell(r, 4).is_some_and(|c| c.inverse()))
        .map(|r| screen.contents_between(r, 0, r, cols / 2))
        .unwrap_or_default()
}
