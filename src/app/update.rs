//! `App::update`: every change of state, one action at a time. No I/O here.

use crossterm::event::Event as TermEvent;
use ratatui::layout::Rect;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::model::{EventKind, When};

use std::sync::atomic::Ordering;

use super::action::Action;
use super::search_job::{Found, SearchJob};
use super::state::{App, Focus, InFlight, Mode};

/// How far the time axis pans from the selection, in quarters of its window.
const MAX_PAN: i32 = 2;

impl App {
    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        // Keys typed ahead into the search prompt are searched for before anything else can
        // look at what they found.
        let typing_on = self.deferring && self.types_into_search(action);
        if self.drops_typed_search(action) {
            // Nothing will look at what it finds.
            self.stop_search();
            self.typed_ahead = None;
        } else if !typing_on {
            self.settle_search();
        }
        self.message = None;
        match action {
            Action::Quit => self.quit = true,
            Action::Resize(w, h) => {
                self.size = Rect::new(0, 0, w, h);
                self.keep_selection_in_view();
            }
            Action::ToggleHelp => self.mode = Mode::Help { scroll: 0 },
            _ => match self.mode {
                Mode::Browse => self.browse(action),
                Mode::Detail { scroll } => {
                    self.mode = match action {
                        Action::Down | Action::ScrollDown => Mode::Detail {
                            scroll: scroll.saturating_add(1),
                        },
                        Action::Up | Action::ScrollUp => Mode::Detail {
                            scroll: scroll.saturating_sub(1),
                        },
                        Action::Back => Mode::Browse,
                        _ => self.mode,
                    }
                }
                Mode::Help { scroll } => {
                    self.mode = match action {
                        Action::Down | Action::ScrollDown => Mode::Help {
                            scroll: scroll.saturating_add(1),
                        },
                        Action::Up | Action::ScrollUp => Mode::Help {
                            scroll: scroll.saturating_sub(1),
                        },
                        Action::Back => Mode::Browse,
                        _ => self.mode,
                    }
                }
                Mode::SourcePicker { cursor } => self.source_picker(cursor, action),
                Mode::KindPicker { cursor } => self.kind_picker(cursor, action),
                Mode::Search { started_at } => self.search_prompt(started_at, action),
                Mode::DatePrompt => self.date_prompt(action),
            },
        }
    }

    fn browse(&mut self, action: Action) {
        match (action, self.focus) {
            (Action::Down | Action::ScrollDown, Focus::Timeline) => self.select(self.selected + 1),
            (Action::Up | Action::ScrollUp, Focus::Timeline) => {
                self.select(self.selected.saturating_sub(1))
            }
            (Action::Down | Action::ScrollDown, Focus::Compare) => {
                self.compare_row = (self.compare_row + 1).min(self.compare_rows().saturating_sub(1))
            }
            (Action::Up | Action::ScrollUp, Focus::Compare) => {
                self.compare_row = self.compare_row.saturating_sub(1)
            }
            (Action::Right, Focus::Compare) => {
                self.compare_col =
                    (self.compare_col + 1).min(self.compare_columns().saturating_sub(1))
            }
            (Action::Left, Focus::Compare) => self.compare_col = self.compare_col.saturating_sub(1),
            (Action::PageDown, _) => self.select(self.selected + self.timeline_rows()),
            (Action::PageUp, _) => self.select(self.selected.saturating_sub(self.timeline_rows())),
            (Action::Top, _) => self.select(0),
            (Action::Bottom, _) => self.select(usize::MAX),
            (Action::FocusNext | Action::FocusPrev, _) => {
                self.focus = match self.focus {
                    Focus::Timeline => Focus::Compare,
                    Focus::Compare => Focus::Timeline,
                }
            }
            (Action::OpenDetail, _) if self.selected_event().is_some() => {
                self.mode = Mode::Detail { scroll: 0 }
            }
            (Action::Back, _) if self.search.is_some() => {
                self.search = None;
                self.clear_matches();
                self.message = Some("search cleared".into());
            }
            (Action::ToggleSource(n), _) => self.toggle_source(n),
            (Action::AllSources, _) => {
                self.filter.sources.clear();
                self.message = Some("all sources".into());
                self.refilter();
            }
            (Action::ClearFilters, _) => {
                self.filter = crate::query::Filter::default();
                self.message = Some("filters cleared".into());
                self.refilter();
            }
            (Action::OpenSourcePicker, _) if !self.dataset.sources.is_empty() => {
                self.mode = Mode::SourcePicker { cursor: 0 }
            }
            (Action::OpenKindPicker, _) => self.mode = Mode::KindPicker { cursor: 0 },
            (Action::OpenDatePrompt, _) => {
                let current = match (self.filter.from, self.filter.to) {
                    (None, None) => String::new(),
                    (from, to) => format!(
                        "{}/{}",
                        from.map_or("..".to_string(), |d| d.to_string()),
                        to.map_or("..".to_string(), |d| d.to_string())
                    ),
                };
                self.prompt = Input::new(current);
                self.prompt_error = None;
                self.mode = Mode::DatePrompt;
            }
            (Action::StartSearch, _) => {
                self.prompt = Input::new(self.search.clone().unwrap_or_default());
                self.mode = Mode::Search {
                    started_at: self.selected,
                };
            }
            (Action::ToggleMark, _) => {
                if let Some(i) = self.shown(self.selected) {
                    if !self.marks.remove(&i) {
                        self.marks.insert(i);
                    }
                    self.select(self.selected + 1);
                }
            }
            (Action::ClearMarks, _) => {
                self.message = Some(format!("{} unmarked", self.marks.len()));
                self.marks.clear();
            }
            (Action::Export, _) if self.exporting.is_some() => {
                self.message =
                    Some("a briefing is being written; the next can start when it is done".into());
            }
            (Action::Export, _) => self.export_requested = true,
            (Action::Reload, _) => self.reload_requested = true,
            (Action::NextMatch, _) => self.jump_to_match(true),
            (Action::PrevMatch, _) => self.jump_to_match(false),
            (Action::ToggleAllSubjects, _) => {
                self.all_subjects = !self.all_subjects;
                self.compare_row = 0;
            }
            (Action::ZoomIn, _) => self.zoom = (self.zoom + 1).min(super::axis::MAX_ZOOM),
            (Action::ZoomOut, _) => {
                self.zoom = self.zoom.saturating_sub(1);
                if self.zoom == 0 {
                    self.pan = 0;
                }
            }
            // Half a window either way at most: the selection stays in view.
            (Action::PanLeft, _) if self.zoom > 0 => self.pan = (self.pan - 1).max(-MAX_PAN),
            (Action::PanRight, _) if self.zoom > 0 => self.pan = (self.pan + 1).min(MAX_PAN),
            _ => {}
        }
    }

    /// Moves the selection to `position` (clamped) and keeps it in view.
    fn select(&mut self, position: usize) {
        let last = self.visible.len().saturating_sub(1);
        let position = position.min(last);
        if position != self.selected {
            self.compare_row = 0;
            self.pan = 0;
        }
        self.selected = position;
        self.keep_selection_in_view();
    }

    fn toggle_source(&mut self, n: usize) {
        let Some(source) = self.dataset.sources.get(n) else {
            self.message = Some(format!("there is no source {}", n + 1));
            return;
        };
        let id = source.id.clone();
        let all: Vec<String> = self.dataset.sources.iter().map(|s| s.id.clone()).collect();
        let mut on: Vec<String> = if self.filter.sources.is_empty() {
            all.clone()
        } else {
            self.filter.sources.clone()
        };
        let now_on = if let Some(i) = on.iter().position(|s| *s == id) {
            on.remove(i);
            false
        } else {
            on.push(id.clone());
            true
        };
        // Keep dataset order; all on is the same as no source filter.
        on.sort_by_key(|s| all.iter().position(|a| a == s));
        self.filter.sources = if on.len() == all.len() {
            Vec::new()
        } else {
            on
        };
        self.message = Some(format!("{id} {}", if now_on { "on" } else { "off" }));
        self.refilter();
    }

    fn source_picker(&mut self, cursor: usize, action: Action) {
        let count = self.dataset.sources.len();
        let id = self.dataset.sources.get(cursor).map(|s| s.id.clone());
        match action {
            Action::Down => {
                self.mode = Mode::SourcePicker {
                    cursor: (cursor + 1).min(count.saturating_sub(1)),
                }
            }
            Action::Up => {
                self.mode = Mode::SourcePicker {
                    cursor: cursor.saturating_sub(1),
                }
            }
            Action::PickerToggle => self.toggle_source(cursor),
            Action::PickerOnly => {
                if let Some(id) = id {
                    self.filter.sources = if count == 1 {
                        Vec::new()
                    } else {
                        vec![id.clone()]
                    };
                    self.message = Some(format!("only {id}"));
                    self.refilter();
                }
            }
            Action::PickerAll => {
                self.filter.sources.clear();
                self.refilter();
            }
            Action::Back => self.mode = Mode::Browse,
            _ => {}
        }
    }

    fn kind_picker(&mut self, cursor: usize, action: Action) {
        let all = EventKind::ALL;
        let kind = all.get(cursor).copied();
        match action {
            Action::Down => {
                self.mode = Mode::KindPicker {
                    cursor: (cursor + 1).min(all.len() - 1),
                }
            }
            Action::Up => {
                self.mode = Mode::KindPicker {
                    cursor: cursor.saturating_sub(1),
                }
            }
            Action::PickerToggle => {
                if let Some(kind) = kind {
                    let mut on: Vec<EventKind> = if self.filter.kinds.is_empty() {
                        all.to_vec()
                    } else {
                        self.filter.kinds.clone()
                    };
                    match on.iter().position(|k| *k == kind) {
                        Some(i) => {
                            on.remove(i);
                        }
                        None => on.push(kind),
                    }
                    on.sort();
                    self.filter.kinds = if on.len() == all.len() {
                        Vec::new()
                    } else {
                        on
                    };
                    self.refilter();
                }
            }
            Action::PickerOnly => {
                if let Some(kind) = kind {
                    self.filter.kinds = vec![kind];
                    self.refilter();
                }
            }
            Action::PickerAll => {
                self.filter.kinds.clear();
                self.refilter();
            }
            Action::Back => self.mode = Mode::Browse,
            _ => {}
        }
    }

    /// Applies `actions` in order, as [`App::update`] applies each, except that keys typed one
    /// after another into the search prompt are searched for once, for the text they leave
    /// (see [`App::defer_searches`]).
    pub fn update_all(&mut self, actions: impl IntoIterator<Item = Action>) {
        self.defer_searches();
        for action in actions {
            self.update(action);
        }
        self.settle();
    }

    /// From now until [`App::settle`], keys typed one after another into the search prompt are
    /// searched for once, for the text they leave, not each: at a million events a search
    /// takes 60-150 ms, and keys that came together (typed fast, or pasted) each waited for
    /// the search of the one before. Anything else is applied after the search is run.
    pub fn defer_searches(&mut self) {
        self.deferring = true;
    }

    /// Runs the search for keys typed since [`App::defer_searches`]; keys are searched for as
    /// they come again.
    pub fn settle(&mut self) {
        self.deferring = false;
        self.settle_search();
    }

    /// Runs the search for keys typed ahead, if there are any. A search running in the
    /// background for them is stopped, and run here instead: what comes next sees its matches.
    fn settle_search(&mut self) {
        if let Some(started_at) = self.stop_search() {
            self.typed_ahead.get_or_insert(started_at);
        }
        if let Some(started_at) = self.typed_ahead.take() {
            self.search_typed(started_at);
        }
    }

    /// Stops the search running in the background, if one is; gives where it started.
    fn stop_search(&mut self) -> Option<usize> {
        let f = self.in_flight.take()?;
        f.stop.store(true, Ordering::Relaxed);
        Some(f.started_at)
    }

    /// Ends applying events together, as [`App::settle`] does, except that the search for keys
    /// typed into the prompt is not run here but given, to run in the background (on a thread
    /// of the caller's; hand what it finds to [`App::search_found`]). Meanwhile the prompt shows
    /// what is typed, the matches stay the last search's, and [`App::searching`] says so. More
    /// keys typed make it stale (the next job stops it); anything else stops it and searches at
    /// once, so that what comes next sees the matches.
    pub fn search_in_background(&mut self) -> Option<SearchJob> {
        self.deferring = false;
        let started_at = self.typed_ahead.take()?;
        let Some(needle) = self.needle_to_search() else {
            // No search to run (cleared, or the same again): settled here.
            self.search_typed(started_at);
            return None;
        };
        self.stop_search();
        #[cfg(test)]
        {
            self.searches_run += 1;
        }
        let serial = self.next_search;
        self.next_search += 1;
        let job = self.search_job(serial, needle);
        self.in_flight = Some(InFlight {
            serial,
            started_at,
            stop: job.stopper(),
        });
        Some(job)
    }

    /// Takes in what a search run in the background found: its matches, and the selection on
    /// the first at or after where the search started. A stale search's (more keys were typed,
    /// or something else was done, since it started) is dropped. Gives whether it was taken.
    pub fn search_found(&mut self, found: Found) -> bool {
        let Some(f) = self.in_flight.take_if(|f| f.serial == found.serial) else {
            return false;
        };
        let wanted = self.needle_to_search();
        if found.generation != self.generation || wanted.as_ref() != Some(&found.needle) {
            // Not what is typed now (cannot happen: anything else stops it): searched here.
            self.typed_ahead.get_or_insert(f.started_at);
            self.settle_search();
            return false;
        }
        self.matches = found.matches;
        self.searched = Some((found.generation, found.needle));
        self.select_first_match(f.started_at);
        true
    }

    /// Whether a search runs in the background for what was typed into the prompt.
    pub fn searching(&self) -> bool {
        self.in_flight.is_some()
    }

    /// Whether `action` needs the matches of the search running in the background, as it is:
    /// no key was typed since it started, and the action is not another key typed, nor one that
    /// drops what was typed. The terminal loop then waits for that search and hands it to
    /// [`App::search_found`] before the action, rather than have it run again from the start.
    pub fn waits_for_search(&self, action: Action) -> bool {
        self.in_flight.is_some()
            && self.typed_ahead.is_none()
            && !self.types_into_search(action)
            && !self.drops_typed_search(action)
    }

    /// Whether `action` is a key typed into the search prompt.
    fn types_into_search(&self, action: Action) -> bool {
        matches!(action, Action::Input(_)) && matches!(self.mode, Mode::Search { .. })
    }

    /// Whether `action` leaves what was typed into the search prompt unsearched: quitting, or
    /// cancelling the prompt (which goes back to the search there was before).
    fn drops_typed_search(&self, action: Action) -> bool {
        match action {
            Action::Quit => true,
            Action::Back => matches!(self.mode, Mode::Search { .. }),
            _ => false,
        }
    }

    /// Incremental search: matches as the user types, and the selection on the first at or
    /// after where the search started.
    fn search_typed(&mut self, started_at: usize) {
        self.recompute_matches();
        self.select_first_match(started_at);
    }

    /// The selection on the first match at or after `started_at`, or the first of all, or, with
    /// none, back on `started_at`.
    fn select_first_match(&mut self, started_at: usize) {
        let first = self
            .matches
            .iter()
            .find(|&&p| p >= started_at)
            .or(self.matches.first())
            .copied();
        self.select(first.unwrap_or(started_at));
    }

    fn search_prompt(&mut self, started_at: usize, action: Action) {
        match action {
            Action::Input(key) => {
                self.prompt.handle_event(&TermEvent::Key(key));
                if self.deferring {
                    self.typed_ahead = Some(started_at);
                } else {
                    self.search_typed(started_at);
                }
            }
            Action::Submit => {
                let text = self.prompt.value().trim().to_string();
                self.search = (!text.is_empty()).then_some(text);
                self.mode = Mode::Browse;
                self.recompute_matches();
                if self.search.is_some() && self.matches.is_empty() {
                    self.message = Some("no match".into());
                }
            }
            Action::Back => {
                self.mode = Mode::Browse;
                self.recompute_matches();
                self.select(started_at);
            }
            _ => {}
        }
    }

    fn date_prompt(&mut self, action: Action) {
        match action {
            Action::Input(key) => {
                self.prompt.handle_event(&TermEvent::Key(key));
                self.prompt_error = None;
            }
            Action::Submit => {
                let text = self.prompt.value().trim().to_string();
                if text.is_empty() {
                    self.filter.from = None;
                    self.filter.to = None;
                    self.mode = Mode::Browse;
                    self.message = Some("any date".into());
                    self.refilter();
                    return;
                }
                // A range is written as a date or an interval, as in the data: `2017-10`,
                // `2017-10-14/2017-10-17`, `2017-06/..`.
                match When::parse(&text) {
                    Ok(w) => {
                        self.filter.from = w.earliest();
                        self.filter.to = w.latest();
                        self.mode = Mode::Browse;
                        self.message = Some(format!("dates: {}", w.human()));
                        self.refilter();
                    }
                    Err(e) => self.prompt_error = Some(format!("{e}")),
                }
            }
            Action::Back => self.mode = Mode::Browse,
            _ => {}
        }
    }

    fn jump_to_match(&mut self, forward: bool) {
        if self.matches.is_empty() {
            self.message = Some(if self.search.is_some() {
                "no match".into()
            } else {
                "no search: press / to search".into()
            });
            return;
        }
        let next = if forward {
            self.matches
                .iter()
                .find(|&&p| p > self.selected)
                .or(self.matches.first())
        } else {
            self.matches
                .iter()
                .rev()
                .find(|&&p| p < self.selected)
                .or(self.matches.last())
        };
        if let Some(&p) = next {
            self.select(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;

    fn key(c: char) -> Action {
        Action::Input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    fn viewer() -> App {
        let mut app = App::new(crate::generate::dataset(3_000, 7));
        app.update(Action::Resize(120, 40));
        app.update(Action::Down);
        app
    }

    /// What a viewer shows of a search: its text, the matches, the selection, the mode.
    fn seen(app: &App) -> (Option<String>, Vec<usize>, usize, bool) {
        (
            app.search().map(str::to_string),
            app.matches.to_vec(),
            app.selected,
            matches!(app.mode, Mode::Search { .. }),
        )
    }

    #[test]
    fn keys_typed_together_are_searched_for_once_and_end_as_typed_one_by_one() {
        let typed: Vec<Action> = "raqqa l".chars().map(key).collect();
        let (mut one_by_one, mut together) = (viewer(), viewer());
        for app in [&mut one_by_one, &mut together] {
            app.update(Action::StartSearch);
        }
        for &k in &typed {
            one_by_one.update(k);
        }
        assert_eq!(one_by_one.searches_run, typed.len());
        together.update_all(typed.iter().copied());
        assert_eq!(together.searches_run, 1);
        assert!(!one_by_one.matches.is_empty());
        assert_eq!(seen(&together), seen(&one_by_one));
        // What comes after the keys sees their search: Enter, then a move to the next match.
        let both = |a: &mut App, b: &mut App, actions: &[Action]| {
            for &action in actions {
                a.update(action);
            }
            b.update_all(actions.iter().copied());
        };
        let then = [key('o'), Action::Submit, Action::NextMatch];
        both(&mut one_by_one, &mut together, &then);
        assert_eq!(together.searches_run, 2);
        assert_eq!(seen(&together), seen(&one_by_one));
        // Cleared, keys typed, then Esc in the same breath: back where the search started.
        let then = [
            Action::Back,
            Action::StartSearch,
            key('x'),
            key('q'),
            Action::Back,
        ];
        both(&mut one_by_one, &mut together, &then);
        assert_eq!(seen(&together), seen(&one_by_one));
        assert!(together.matches.is_empty());
    }

    /// Applies keys together, as the terminal loop does, and gives the search it would run in
    /// the background.
    fn typed_in_background(app: &mut App, keys: &str) -> SearchJob {
        app.defer_searches();
        for c in keys.chars() {
            app.update(key(c));
        }
        app.search_in_background()
            .unwrap_or_else(|| panic!("no search to run for {keys:?}"))
    }

    #[test]
    fn a_search_in_the_background_ends_as_typing_one_by_one_and_a_stale_one_is_dropped() {
        let (mut one_by_one, mut apart) = (viewer(), viewer());
        for app in [&mut one_by_one, &mut apart] {
            app.update(Action::StartSearch);
        }
        for c in "raqqa l".chars() {
            one_by_one.update(key(c));
        }
        let first = typed_in_background(&mut apart, "raq");
        // Meanwhile what is typed shows, and the search is said to run.
        assert!(apart.searching());
        assert_eq!(apart.search(), Some("raq"));
        assert!(apart.matches.is_empty());
        let first_stop = first.stopper();
        let early = first
            .run()
            .unwrap_or_else(|| panic!("not stopped, it finds"));
        // Typed on before it came back: the search it ran is stale, and stopped.
        let second = typed_in_background(&mut apart, "qa l");
        assert!(first_stop.load(Ordering::Relaxed));
        assert!(!apart.search_found(early));
        assert!(apart.searching());
        assert!(apart.matches.is_empty());
        let found = second
            .run()
            .unwrap_or_else(|| panic!("not stopped, it finds"));
        assert!(apart.search_found(found));
        assert!(!apart.searching());
        assert!(!one_by_one.matches.is_empty());
        assert_eq!(seen(&apart), seen(&one_by_one));
        assert_eq!(apart.searches_run, 2);
        // Typing on narrows from those matches, in the background too.
        one_by_one.update(key('o'));
        let third = typed_in_background(&mut apart, "o");
        let found = third
            .run()
            .unwrap_or_else(|| panic!("not stopped, it finds"));
        assert!(apart.search_found(found));
        assert_eq!(seen(&apart), seen(&one_by_one));
    }

    #[test]
    fn what_needs_the_matches_waits_for_the_background_search_unless_keys_made_it_stale() {
        let mut app = viewer();
        app.update(Action::StartSearch);
        assert!(!app.waits_for_search(Action::Submit));
        let job = typed_in_background(&mut app, "raqqa");
        for needs in [Action::Submit, Action::NextMatch, Action::Down] {
            assert!(app.waits_for_search(needs), "{needs:?}");
        }
        for not in [key('x'), Action::Back, Action::Quit] {
            assert!(!app.waits_for_search(not), "{not:?}");
        }
        // Handed what it found, the action that waited searches no more.
        let found = job.run().unwrap_or_else(|| panic!("not stopped, it finds"));
        assert!(app.search_found(found));
        app.update(Action::Submit);
        assert_eq!(app.searches_run, 1);
        assert!(!app.matches.is_empty());
        // A key typed since the search started makes it stale: nothing waits for it.
        app.update(Action::StartSearch);
        let _stale = typed_in_background(&mut app, "l");
        app.defer_searches();
        app.update(key('o'));
        assert!(!app.waits_for_search(Action::Submit));
    }

    #[test]
    fn anything_but_typing_on_stops_the_background_search_and_searches_at_once() {
        let (mut one_by_one, mut apart) = (viewer(), viewer());
        for app in [&mut one_by_one, &mut apart] {
            app.update(Action::StartSearch);
        }
        let then = [Action::Submit, Action::NextMatch];
        for action in "raqqa l".chars().map(key).chain(then) {
            one_by_one.update(action);
        }
        let job = typed_in_background(&mut apart, "raqqa l");
        let stop = job.stopper();
        apart.update_all(then);
        assert!(stop.load(Ordering::Relaxed));
        assert!(!apart.searching());
        assert_eq!(seen(&apart), seen(&one_by_one));
        // Stopped, it finds nothing, and nothing is taken from it.
        assert!(job.run().is_none());
        assert_eq!(apart.searches_run, 2);

        // Cancelling the prompt stops it, and searches no more: back to the search before.
        let (mut one_by_one, mut apart) = (viewer(), viewer());
        for app in [&mut one_by_one, &mut apart] {
            app.update(Action::StartSearch);
        }
        for action in "raqqa".chars().map(key).chain([Action::Back]) {
            one_by_one.update(action);
        }
        let job = typed_in_background(&mut apart, "raqqa");
        assert!(!apart.waits_for_search(Action::Back));
        apart.update(Action::Back);
        assert!(job.stopper().load(Ordering::Relaxed));
        assert_eq!(apart.searches_run, 1);
        assert_eq!(seen(&apart), seen(&one_by_one));

        // Quitting stops it, and searches no more.
        let mut quitting = viewer();
        quitting.update(Action::StartSearch);
        let job = typed_in_background(&mut quitting, "raqqa");
        quitting.update(Action::Quit);
        assert!(job.stopper().load(Ordering::Relaxed));
        assert!(quitting.should_quit());
        assert_eq!(quitting.searches_run, 1);
    }
}
