//! The viewer's state: what is loaded, filtered, selected, focused, typed. Changed only by
//! [`App::update`](super::App::update); read by the UI.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};

use ratatui::layout::Rect;
use tui_input::Input;

use crate::model::{Dataset, Event, EventKind};
use crate::query::search_index::SearchIndex;
use crate::query::{ClaimIndex, Filter, SameIndex, SourceIndex};

use super::briefing::{Briefing, Exporting};
use super::layout;
use super::search_job::SearchJob;

/// A search running in the background for keys typed into the prompt.
#[derive(Debug)]
pub(super) struct InFlight {
    /// Its job's number.
    pub(super) serial: u64,
    /// The selection when the search prompt opened.
    pub(super) started_at: usize,
    /// Set to stop it.
    pub(super) stop: Arc<AtomicBool>,
}

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The timeline.
    Timeline,
    /// The source-comparison pane.
    Compare,
}

/// What the keys currently drive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Browsing the panes.
    Browse,
    /// The selected event in full, scrolled down this many lines.
    Detail {
        /// Lines scrolled.
        scroll: u16,
    },
    /// The help screen, scrolled down this many lines.
    Help {
        /// Lines scrolled.
        scroll: u16,
    },
    /// Choosing sources; the cursor is on this source.
    SourcePicker {
        /// Index into the dataset's sources.
        cursor: usize,
    },
    /// Choosing kinds; the cursor is on this kind.
    KindPicker {
        /// Index into [`crate::model::EventKind::ALL`].
        cursor: usize,
    },
    /// Typing a search; the selection to return to on Esc.
    Search {
        /// The selection when the search started.
        started_at: usize,
    },
    /// Typing a date range.
    DatePrompt,
}

/// The viewer.
#[derive(Debug)]
pub struct App {
    /// Shared with the loader, which writes the cache's snapshot while the data is on screen.
    pub(super) dataset: Arc<Dataset>,
    /// Claims by subject and by event, built once.
    pub(super) claims: ClaimIndex,
    pub(super) filter: Filter,
    /// Indices into `dataset.events` of the events that pass the filter, in date order.
    /// (`u32`: 4 bytes an event shown, not 8.) Shared with a search running in the background;
    /// an `Arc<Vec>`, not an `Arc<[u32]>`, which would copy a million of them at each filter.
    pub(super) visible: Arc<Vec<u32>>,
    /// Position of the selection in `visible`.
    pub(super) selected: usize,
    /// Position in `visible` of the first row shown.
    pub(super) offset: usize,
    pub(super) size: Rect,
    pub(super) focus: Focus,
    pub(super) mode: Mode,
    pub(super) prompt: Input,
    pub(super) prompt_error: Option<String>,
    /// The search, as typed; None when there is none.
    pub(super) search: Option<String>,
    /// Positions in `visible` of the events that match the search.
    /// (Shared with a search that narrows from them.)
    pub(super) matches: Arc<Vec<usize>>,
    /// What `matches` were found for: the generation of `visible` and the search, lowercased.
    pub(super) searched: Option<(u64, String)>,
    /// Keys typed into the search prompt and not searched for yet (see [`App::defer_searches`]):
    /// where the search started.
    pub(super) typed_ahead: Option<usize>,
    /// Whether keys typed into the search prompt wait to be searched for together.
    pub(super) deferring: bool,
    /// The search running in the background for keys typed into the prompt, if one is (see
    /// [`App::search_in_background`]).
    pub(super) in_flight: Option<InFlight>,
    /// The number of the next search job.
    pub(super) next_search: u64,
    /// How many searches were run (to check that keys typed together make one).
    #[cfg(test)]
    pub(super) searches_run: usize,
    pub(super) all_subjects: bool,
    pub(super) compare_row: usize,
    pub(super) compare_col: usize,
    /// Time axis zoom: each level halves the time shown.
    pub(super) zoom: u8,
    /// Time axis pan, in quarters of the window, from centred on the selection.
    pub(super) pan: i32,
    pub(super) message: Option<String>,
    pub(super) quit: bool,
    /// Events marked for a briefing (indices into `dataset.events`).
    pub(super) marks: std::collections::BTreeSet<usize>,
    /// Whether the user asked for an export that the terminal loop has not started yet.
    pub(super) export_requested: bool,
    /// The export the terminal loop is writing, if any.
    pub(super) exporting: Option<Exporting>,
    /// Whether the user asked for a reload that the terminal loop has not started yet.
    pub(super) reload_requested: bool,
    /// Why the last reload was not taken in.
    pub(super) reload_problems: Vec<String>,
    /// The files the data came from.
    pub(super) files: Vec<String>,
    /// Counts recomputations of `visible`, so that caches know when they are stale.
    pub(super) generation: u64,
    /// First and last known day of the visible events.
    pub(super) visible_span: Option<(i64, i64)>,
    pub(super) axis_cache: super::axis::AxisCache,
    pub(super) compare_cache: super::compare::TableCache,
    /// The events of each source, for source filters.
    pub(super) by_source: SourceIndex,
    /// Each event's first and last known day, for the span of the visible events.
    pub(super) day_bounds: Vec<[i32; 2]>,
    /// How many events of each kind there are.
    pub(super) kinds: KindCounts,
    /// Finds other reports of the selected event's happening (shared with a briefing being
    /// written, which then makes none of its own).
    pub(super) same: Arc<SameIndex>,
    /// Whether `same` is still being made for the data shown (see [`SameFor`]): meanwhile it
    /// is empty, and nothing is looked for in it.
    pub(super) same_pending: bool,
    /// Each event's shared place and actors, numbered for searching, at the first search (made
    /// by whichever search, here or in the background, comes first).
    pub(super) search_index: Arc<OnceLock<SearchIndex>>,
    /// While the data is first loaded in the background: how much, and for how long so far.
    pub(super) loading: Option<super::reload::Loading>,
    /// The other reports last found: for (generation, event index), the events' indices.
    pub(super) same_cache: super::compare::SameCache,
    /// The data a reload replaced, for the terminal loop to free on another thread (see
    /// [`App::take_retired`]): freeing a million events took 0.2 s.
    pub(super) retired: Option<Arc<Dataset>>,
}

/// What a viewer indexes of its dataset before showing it. Made apart from the viewer, on the
/// loader's thread (see [`App::apply_shared_reload`]): at a million events it takes 0.05 s,
/// which the terminal's thread then does not spend with keys waiting.
#[derive(Debug)]
pub struct Indexes {
    /// The dataset indexed (its address: indexes of another are not taken).
    pub(super) of: usize,
    pub(super) claims: ClaimIndex,
    pub(super) by_source: SourceIndex,
    pub(super) day_bounds: Vec<[i32; 2]>,
    pub(super) kinds: KindCounts,
}

/// How many events of each kind there are (by the kind's number): the kind picker shows them,
/// and counting a million events for each of 16 kinds took 110 ms at every frame it drew.
pub(super) type KindCounts = [usize; EventKind::ALL.len()];

/// Counts the events of each kind.
fn count_kinds(events: &[Event]) -> KindCounts {
    let mut counts = [0; EventKind::ALL.len()];
    for e in events {
        if let Some(c) = counts.get_mut(e.kind as usize) {
            *c += 1;
        }
    }
    counts
}

impl Indexes {
    /// Indexes `d`, the indexes built side by side (on one core, a million events took half a
    /// second before they were on screen).
    pub fn of(d: &Dataset) -> Indexes {
        let (claims, (by_source, (day_bounds, kinds))) = rayon::join(
            || ClaimIndex::new(d),
            || {
                rayon::join(
                    || SourceIndex::new(d),
                    || (super::axis::day_bounds(&d.events), count_kinds(&d.events)),
                )
            },
        );
        Indexes {
            of: std::ptr::from_ref(d) as usize,
            claims,
            by_source,
            day_bounds,
            kinds,
        }
    }
}

/// The other-reports index of a dataset, made after the viewer shows it (see
/// [`App::take_same`]): the longest of the viewer's indexes to make (0.16 s at a million events,
/// on one core, where the others take 0.05 s on two), and needed only for the comparison
/// pane's list of other reports, which says meanwhile that they are being found.
#[derive(Debug)]
pub struct SameFor {
    /// The dataset indexed (its address: the index of another is not taken).
    of: usize,
    index: SameIndex,
}

impl SameFor {
    /// The other-reports index of `d`.
    pub fn of(d: &Dataset) -> SameFor {
        SameFor {
            of: std::ptr::from_ref(d) as usize,
            index: SameIndex::new(d),
        }
    }

    /// Whether it is the index of `d`.
    pub(super) fn is_of(&self, d: &Dataset) -> bool {
        self.of == std::ptr::from_ref(d) as usize
    }

    pub(super) fn into_index(self) -> SameIndex {
        self.index
    }
}

impl App {
    /// A viewer on `dataset`, everything shown, the first event selected.
    pub fn new(dataset: Dataset) -> App {
        let (
            Indexes {
                of: _,
                claims,
                by_source,
                day_bounds,
                kinds,
            },
            same,
        ) = rayon::join(|| Indexes::of(&dataset), || SameIndex::new(&dataset));
        let mut app = App {
            claims,
            same: Arc::new(same),
            same_pending: false,
            by_source,
            day_bounds,
            kinds,
            loading: None,
            search_index: Default::default(),
            dataset: Arc::new(dataset),
            filter: Filter::default(),
            visible: Arc::default(),
            selected: 0,
            offset: 0,
            size: Rect::new(0, 0, 80, 24),
            focus: Focus::Timeline,
            mode: Mode::Browse,
            prompt: Input::default(),
            prompt_error: None,
            search: None,
            matches: Arc::default(),
            searched: None,
            typed_ahead: None,
            deferring: false,
            in_flight: None,
            next_search: 1,
            #[cfg(test)]
            searches_run: 0,
            all_subjects: false,
            compare_row: 0,
            compare_col: 0,
            zoom: 0,
            pan: 0,
            message: None,
            quit: false,
            marks: Default::default(),
            export_requested: false,
            exporting: None,
            reload_requested: false,
            reload_problems: Vec::new(),
            files: Vec::new(),
            generation: 0,
            visible_span: None,
            axis_cache: Default::default(),
            compare_cache: Default::default(),
            same_cache: Default::default(),
            retired: None,
        };
        app.refilter();
        app
    }

    /// The dataset shown.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// The filters in force.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// Which pane has focus.
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// What the keys drive.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Whether the user asked to leave.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The terminal area last reported.
    pub fn size(&self) -> Rect {
        self.size
    }

    /// How many events pass the filters.
    pub fn visible_count(&self) -> usize {
        self.visible.len()
    }

    /// The selected event, if any event is visible.
    pub fn selected_event(&self) -> Option<&Event> {
        self.shown(self.selected)
            .and_then(|i| self.dataset.events.get(i))
    }

    /// The index in `dataset.events` of the event at this position among the visible.
    pub(super) fn shown(&self, position: usize) -> Option<usize> {
        self.visible.get(position).map(|&i| i as usize)
    }

    /// The position of the selection among the visible events.
    pub fn selected_position(&self) -> usize {
        self.selected
    }

    /// The rows the timeline shows now: (position among visible events, event).
    /// Only these rows are built, however many events there are.
    pub fn timeline_window(&self, rows: usize) -> impl Iterator<Item = (usize, &Event)> {
        let end = (self.offset + rows).min(self.visible.len());
        let start = self.offset.min(end);
        self.visible[start..end]
            .iter()
            .enumerate()
            .filter_map(move |(k, &i)| {
                let e = self.dataset.events.get(i as usize)?;
                Some((start + k, e))
            })
    }

    /// Whether the event at this position (among the visible) is marked.
    pub fn is_marked(&self, position: usize) -> bool {
        self.shown(position)
            .is_some_and(|i| self.marks.contains(&i))
    }

    /// How many events are marked.
    pub fn marked_count(&self) -> usize {
        self.marks.len()
    }

    /// The briefing asked for (`e`) and not yet handed out: the marked events, or if none are
    /// marked the events shown. From then until [`App::export_done`], the export is under
    /// way (see [`App::exporting`]).
    pub fn take_export_request(&mut self) -> Option<Briefing> {
        if !std::mem::take(&mut self.export_requested) {
            return None;
        }
        let briefing = self.to_brief();
        self.exporting = Some(Exporting {
            events: briefing.len(),
            written: 0,
        });
        Some(briefing)
    }

    /// The briefing an export would write now: the marked events, or if none are marked the
    /// events shown, with their claims.
    pub fn to_brief(&self) -> Briefing {
        let (events, marked) = if self.marks.is_empty() {
            (Arc::clone(&self.visible), false)
        } else {
            (
                Arc::new(self.marks.iter().map(|&i| i as u32).collect()),
                true,
            )
        };
        Briefing::new(
            Arc::clone(&self.dataset),
            (!self.same_pending).then(|| Arc::clone(&self.same)),
            events,
            self.filter.clone(),
            marked,
        )
    }

    /// The export under way, if one is.
    pub fn exporting(&self) -> Option<Exporting> {
        self.exporting
    }

    /// Notes how much of the export under way is written; true if that changed what is shown.
    pub fn export_progress(&mut self, written: u64) -> bool {
        match &mut self.exporting {
            Some(e) if e.written != written => {
                e.written = written;
                true
            }
            _ => false,
        }
    }

    /// Records how the export went, for the status line. The marks stay either way.
    pub fn export_done(&mut self, result: Result<std::path::PathBuf, String>) {
        self.exporting = None;
        self.message = Some(match result {
            Ok(path) => format!("briefing written to {}", path.display()),
            Err(e) => format!("export failed: {e}"),
        });
    }

    /// Whether the event at this position matches the search.
    pub fn is_match(&self, position: usize) -> bool {
        self.matches.binary_search(&position).is_ok()
    }

    /// The search, as typed (while typing, the text so far).
    pub fn search(&self) -> Option<&str> {
        match self.mode {
            Mode::Search { .. } => Some(self.prompt.value()),
            _ => self.search.as_deref(),
        }
    }

    /// How many events match the search, and which match the selection is (1-based).
    pub fn match_position(&self) -> (usize, Option<usize>) {
        let at = self
            .matches
            .binary_search(&self.selected)
            .ok()
            .map(|i| i + 1);
        (self.matches.len(), at)
    }

    /// The text being typed in a prompt, and the cursor position in it.
    pub fn prompt(&self) -> &Input {
        &self.prompt
    }

    /// Why the last date range typed was refused.
    pub fn prompt_error(&self) -> Option<&str> {
        self.prompt_error.as_deref()
    }

    /// A short message for the status line (what the last action did).
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Whether the comparison pane shows every subject, not only the selected event's.
    pub fn all_subjects(&self) -> bool {
        self.all_subjects
    }

    /// The position of source `id` in the dataset's sources.
    pub fn source_position(&self, id: &str) -> Option<usize> {
        self.dataset.source_position(id)
    }

    /// Whether source `id` is shown.
    pub fn source_on(&self, id: &str) -> bool {
        self.filter.sources.is_empty() || self.filter.sources.iter().any(|s| s == id)
    }

    /// How many events of kind `k` the data holds (shown or not).
    pub fn kind_count(&self, k: EventKind) -> usize {
        self.kinds.get(k as usize).copied().unwrap_or(0)
    }

    /// Whether kind `k` is shown.
    pub fn kind_on(&self, k: EventKind) -> bool {
        self.filter.kinds.is_empty() || self.filter.kinds.contains(&k)
    }

    /// The claims that concern `event_id`, in dataset order.
    pub fn claims_about<'a>(
        &'a self,
        event_id: &'a str,
    ) -> impl Iterator<Item = &'a crate::model::Claim> + 'a {
        self.claims
            .claims_of_event(&self.dataset, event_id)
            .filter_map(|c| self.dataset.claims.get(c))
    }

    /// The areas of the screen, when it is large enough.
    pub fn areas(&self) -> Option<layout::Areas> {
        layout::areas(self.size)
    }

    pub(super) fn timeline_rows(&self) -> usize {
        self.areas().map_or(1, |a| a.timeline_rows()).max(1)
    }

    /// Recomputes what passes the filters, keeping the selection on the same event when it is
    /// still shown, or on its nearest neighbour in date order.
    pub(super) fn refilter(&mut self) {
        let old = self.visible.get(self.selected).copied();
        self.visible = Arc::new(self.by_source.apply(&self.dataset, &self.filter));
        self.generation += 1;
        self.visible_span = super::axis::span_of(&self.day_bounds, &self.visible);
        self.selected = match old {
            Some(old) => self
                .visible
                .partition_point(|&i| i < old)
                .min(self.visible.len().saturating_sub(1)),
            None => 0,
        };
        self.recompute_matches();
        self.compare_row = 0;
        self.keep_selection_in_view();
    }

    /// No search, no match.
    pub(super) fn clear_matches(&mut self) {
        self.matches = Arc::default();
        self.searched = None;
    }

    /// Recomputes which visible events match the search. When the search only grew since the
    /// last time (the user typed on) and the visible events are the same, only the events that
    /// matched then are looked at again: whatever holds the longer text holds the shorter.
    pub(super) fn recompute_matches(&mut self) {
        let Some(needle) = self.needle_to_search() else {
            return;
        };
        #[cfg(test)]
        {
            self.searches_run += 1;
        }
        // Run here: with no stop, it finds.
        match self.search_job(0, needle).run() {
            Some(found) => {
                self.matches = found.matches;
                self.searched = Some((found.generation, found.needle));
            }
            None => self.clear_matches(),
        }
    }

    /// What to search for, lowercased, to have the matches of what is typed: `None` when no
    /// search needs to run — there is none (there is then no match), or its matches of the
    /// same events are known.
    pub(super) fn needle_to_search(&mut self) -> Option<String> {
        let needle = match self.search() {
            Some(s) if !s.is_empty() => s.to_lowercase(),
            _ => {
                self.clear_matches();
                return None;
            }
        };
        let known = (self.searched.as_ref())
            .is_some_and(|(generation, last)| *generation == self.generation && *last == needle);
        (!known).then_some(needle)
    }

    /// A search for `needle` (lowercased) of the visible events: of those that matched the
    /// last search only, when it grew from it (the user typed on) and they are the same events.
    pub(super) fn search_job(&self, serial: u64, needle: String) -> SearchJob {
        let narrowing = self.searched.as_ref().is_some_and(|(generation, last)| {
            *generation == self.generation && needle.contains(last.as_str())
        });
        SearchJob::new(
            serial,
            self.generation,
            needle,
            Arc::clone(&self.dataset),
            Arc::clone(&self.search_index),
            &self.visible,
            narrowing.then(|| Arc::clone(&self.matches)),
        )
    }

    /// Scrolls the timeline so that the selection is on screen.
    pub(super) fn keep_selection_in_view(&mut self) {
        let rows = self.timeline_rows();
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        self.offset = self.offset.min(self.visible.len().saturating_sub(rows));
    }
}
