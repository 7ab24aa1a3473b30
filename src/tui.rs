//! The terminal loop: read an event, map the key to an action, update, draw. The terminal is
//! restored on quit, on error and on panic.

use std::io::{IsTerminal, Write};
use std::sync::mpsc::{self, TryRecvError};
use std::time::Duration;

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseEventKind,
};
use crossterm::execute;

use crate::app::keymap::action_for;
use crate::app::{Action, App, Found, SearchJob};
use crate::export::background::Background;
use crate::model::Dataset;
use crate::ui::{self, Theme};
use crate::watch::{FromLoader, Reloader};

/// Whether the viewer can run here: both stdin and stdout are terminals.
pub fn have_terminal() -> bool {
    std::io::stdout().is_terminal() && std::io::stdin().is_terminal()
}

/// Runs the viewer on `dataset` until the user quits; with a `reloader`, takes in the data it
/// reloads (and asks it to reload on `R`). `files` are the files the dataset came from. With
/// `loading` (bytes), the data is not loaded yet: the viewer shows progress at once and the
/// reloader's first load brings the data in.
pub fn run(
    dataset: Dataset,
    files: Vec<String>,
    reloader: Option<Reloader>,
    loading: Option<u64>,
) -> std::io::Result<()> {
    let theme = Theme::from_env();
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            ratatui::restore();
            return Err(e);
        }
    };
    // ratatui's hook restores raw mode and the screen; ours also releases the mouse, first.
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        ratatui_hook(info);
    }));
    let result = execute!(std::io::stdout(), EnableMouseCapture).and_then(|()| {
        let mut app = App::new(dataset);
        app.set_files(files);
        if let (Some(bytes), Some(r)) = (loading, reloader.as_ref()) {
            app.start_loading(bytes);
            r.request();
        }
        let size = terminal.size()?;
        app.update(Action::Resize(size.width, size.height));
        let result = event_loop(&mut terminal, &mut app, &theme, reloader.as_ref());
        // Left for the process's exit to free, all at once: freeing a million events one by
        // one kept the screen up for a second after `q`.
        std::mem::forget(app);
        result
    });
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    let _ = std::io::stdout().flush();
    result
}

/// How long to wait for a key before looking for reloaded data.
const TICK: Duration = Duration::from_millis(50);

/// How long to wait for a key while a search runs in the background: its matches are drawn
/// this soon after it ends.
const SEARCH_TICK: Duration = Duration::from_millis(2);

/// How long to wait for a key while the data is first loaded: it is taken in this soon after
/// it is ready (waiting a [`TICK`], it waited 25 ms on average). The progress is still drawn
/// only every [`TICK`].
const LOADING_TICK: Duration = Duration::from_millis(5);

/// At most this many events waiting are applied before the screen is drawn again.
const MOST_WAITING: usize = 64;

/// The action a terminal event asks for, in the mode `app` is in.
fn action_of(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => action_for(app.mode(), key),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollUp => Some(Action::ScrollUp),
            MouseEventKind::ScrollDown => Some(Action::ScrollDown),
            _ => None,
        },
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    theme: &Theme,
    reloader: Option<&Reloader>,
) -> std::io::Result<()> {
    let mut dirty = true;
    // A reload taken in and not drawn yet.
    let mut unshown = false;
    let started = std::time::Instant::now();
    // When the loading progress was last drawn, since `started`.
    let mut progress_drawn = Duration::ZERO;
    // The export being written, if one is. Quitting cancels it (see `Background`'s drop): no
    // file and no temporary file is left.
    let mut export: Option<Background> = None;
    // The search running in the background for keys typed into the prompt, if one is.
    let mut searching: Option<mpsc::Receiver<Option<Found>>> = None;
    // The search to start once the screen is drawn.
    let mut to_search: Option<SearchJob> = None;
    while !app.should_quit() {
        if let Some(found) = &searching {
            match found.try_recv() {
                Ok(Some(found)) => {
                    app.search_found(found);
                    searching = None;
                    dirty = true;
                }
                // Stopped: the app no longer waits for it.
                Ok(None) => searching = None,
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    // Its thread failed: searched here instead.
                    app.settle();
                    searching = None;
                    dirty = true;
                }
            }
        }
        if app.loading().is_some() {
            let elapsed = started.elapsed();
            if elapsed.saturating_sub(progress_drawn) >= TICK {
                app.loading_tick(elapsed);
                progress_drawn = elapsed;
                dirty = true;
            }
        }
        if let Some(b) = &mut export {
            if let Some(result) = b.finished() {
                app.export_done(result);
                export = None;
                dirty = true;
            } else if app.export_progress(b.written()) {
                dirty = true;
            }
        }
        if dirty {
            terminal.draw(|frame| ui::draw(frame, app, theme))?;
            dirty = false;
        }
        if let Some(job) = to_search.take() {
            searching = search_apart(job);
            if searching.is_none() {
                // No thread for it: searched here.
                app.settle();
                dirty = true;
                continue;
            }
        }
        if let Some(r) = reloader.filter(|_| unshown) {
            r.shown();
            unshown = false;
        }
        match reloader.and_then(Reloader::try_recv) {
            Some(FromLoader::Same(same)) => {
                dirty |= app.take_same(same);
                continue;
            }
            Some(FromLoader::Reload(r)) => {
                app.apply_shared_reload(r.loaded, r.dataset, r.prepared, r.manual);
                if let Some(old) = app.take_retired() {
                    // Freed on a thread of its own (if none can be made, here).
                    let _ = std::thread::Builder::new()
                        .name("free".into())
                        .spawn(move || drop(old));
                }
                dirty = true;
                unshown = true;
                // Drawn now, not after a key or a tick.
                continue;
            }
            None => {}
        }
        if app.take_reload_request() {
            match reloader {
                Some(r) => r.request(),
                None => app.say("the bundled dataset does not change; nothing to reload"),
            }
            dirty = true;
        }
        let tick = if searching.is_some() {
            SEARCH_TICK
        } else if app.loading().is_some() {
            LOADING_TICK
        } else {
            TICK
        };
        if !event::poll(tick)? {
            continue;
        }
        dirty = true;
        // Every event already waiting, applied together: keys typed into the search prompt
        // together are searched for once, in the background (see `App::search_in_background`).
        // Each is mapped in the mode the ones before it leave.
        app.defer_searches();
        let mut waiting = 0;
        loop {
            if let Some(action) = action_of(app, event::read()?) {
                if app.waits_for_search(action)
                    && let Some(Ok(Some(found))) = searching.take().map(|r| r.recv())
                {
                    app.search_found(found);
                }
                app.update(action);
            }
            waiting += 1;
            if waiting == MOST_WAITING || !event::poll(Duration::ZERO)? {
                break;
            }
        }
        // Started once the keys typed are drawn: it takes every core.
        to_search = app.search_in_background();
        // The briefing file, on request (update does no I/O): written on a thread of its own,
        // in the current directory, under a name not yet taken.
        if let Some(briefing) = app.take_export_request() {
            let dir = std::path::Path::new(".");
            match Background::start(dir, "briefing", "md", move |out| briefing.write(out)) {
                Ok(b) => export = Some(b),
                Err(e) => app.export_done(Err(e.to_string())),
            }
        }
    }
    if export.is_some() {
        // Cancelling waits for the writer to stop; it says so meanwhile.
        app.say("quitting: the export is cancelled, nothing is left written");
        terminal.draw(|frame| ui::draw(frame, app, theme))?;
    }
    Ok(())
}

/// Runs `job` on a thread of its own; gives where its result comes, or `None` when no thread
/// could be made.
fn search_apart(job: SearchJob) -> Option<mpsc::Receiver<Option<Found>>> {
    let (found, result) = mpsc::channel();
    let run = move || {
        // The viewer may have gone on without it.
        let _ = found.send(job.run());
    };
    std::thread::Builder::new()
        .name("search".into())
        .spawn(run)
        .ok()
        .map(|_| result)
}
