//! Taking in reloaded data without losing the user's place: selection, marks, filters, focus and
//! scroll are kept by event id; bad data never replaces good data.

use foldhash::{HashMap, HashSet};
use rayon::prelude::*;
use std::sync::Arc;

use crate::load::{Loaded, Severity};
use crate::model::Dataset;

use super::state::{App, Indexes, SameFor};
use crate::query::SameIndex;

/// How many problems the reload panel lists.
const SHOWN_PROBLEMS: usize = 6;

/// What the loader works out beside the data it loaded, so that the terminal's thread does not
/// (see [`App::apply_shared_reload`]): at a million events each takes a large part of a second.
#[derive(Debug, Default)]
pub struct Prepared {
    /// The viewer's indexes of the data ([`Indexes::of`] that very dataset).
    pub indexes: Option<Indexes>,
    /// How the data differs from the data shown before it.
    pub changes: Option<Changes>,
    /// Whether the loader makes the other-reports index after the data is shown, and hands it
    /// over then ([`App::take_same`]); otherwise it is made here, with the data.
    pub same_apart: bool,
}

/// How a dataset differs from the one before it: the events added, removed and changed (by id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Changes {
    /// The dataset compared with (its address: taken only by a viewer showing that one).
    against: usize,
    added: usize,
    removed: usize,
    changed: usize,
}

impl Changes {
    /// How `new` differs from `old`.
    pub fn between(old: &Dataset, new: &Dataset) -> Changes {
        let old_ids: HashMap<&str, usize> = (old.events.iter().enumerate())
            .map(|(i, e)| (e.id(), i))
            .collect();
        let new_ids: HashSet<&str> = new.events.iter().map(|e| e.id()).collect();
        let removed = old_ids.keys().filter(|id| !new_ids.contains(*id)).count();
        let (added, changed) = new
            .events
            .par_iter()
            .map(|e| match old_ids.get(e.id()) {
                None => (1, 0),
                Some(&i) => (0, usize::from(old.events.get(i) != Some(e))),
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        Changes {
            against: std::ptr::from_ref(old) as usize,
            added,
            removed,
            changed,
        }
    }

    /// The events added, removed and changed.
    fn counts(&self) -> (usize, usize, usize) {
        (self.added, self.removed, self.changed)
    }
}

/// The data being loaded for the first time, in the background.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loading {
    /// Bytes of the files being read.
    pub bytes: u64,
    /// Time since loading began.
    pub elapsed: std::time::Duration,
}

impl App {
    /// Shows the viewer while `bytes` of data load in the background: the first reload takes
    /// them in.
    pub fn start_loading(&mut self, bytes: u64) {
        self.loading = Some(Loading {
            bytes,
            elapsed: std::time::Duration::ZERO,
        });
    }

    /// How long the first load has taken so far (the terminal loop's clock).
    pub fn loading_tick(&mut self, elapsed: std::time::Duration) {
        if let Some(l) = &mut self.loading {
            l.elapsed = elapsed;
        }
    }

    /// The first load, while it goes on.
    pub fn loading(&self) -> Option<Loading> {
        self.loading
    }

    /// The files the data was loaded from (for reloads).
    pub fn set_files(&mut self, files: Vec<String>) {
        self.files = files;
    }

    /// Shows a short message in the status line (the terminal loop's own news).
    pub fn say(&mut self, message: &str) {
        self.message = Some(message.to_string());
    }

    /// Why the last reload was not taken in: one line per problem, `file:line:column: message`.
    /// Empty when the data shown is current.
    pub fn reload_problems(&self) -> &[String] {
        &self.reload_problems
    }

    /// The data the last reload replaced, if it is not taken yet: the caller frees it where it
    /// likes (the viewer may still share it with a search under way).
    pub fn take_retired(&mut self) -> Option<Arc<Dataset>> {
        self.retired.take()
    }

    /// Whether the user asked for a reload that the terminal loop has not started; clears it.
    pub fn take_reload_request(&mut self) -> bool {
        std::mem::take(&mut self.reload_requested)
    }

    /// Takes in what a reload found. With errors, or when a file loaded before is gone (unless
    /// the user asked for this reload), the data shown stays as it was and the problems are
    /// listed; otherwise the new data replaces it, keeping the user's place.
    pub fn apply_reload(&mut self, mut loaded: Loaded, manual: bool) {
        let dataset = Arc::new(std::mem::take(&mut loaded.dataset));
        self.apply_shared_reload(loaded, dataset, Prepared::default(), manual);
    }

    /// [`App::apply_reload`] with the dataset apart from the rest of what loading found, shared
    /// with the loader (`loaded.dataset` is not looked at), and what the loader `prepared` of it:
    /// what it did not prepare, or prepared for another dataset than this one and the one shown,
    /// is worked out here.
    pub fn apply_shared_reload(
        &mut self,
        loaded: Loaded,
        dataset: Arc<Dataset>,
        prepared: Prepared,
        manual: bool,
    ) {
        let first = self.loading.take();
        if loaded.has_errors() {
            let errors: Vec<String> = loaded
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.one_line())
                .collect();
            let more = errors.len().saturating_sub(SHOWN_PROBLEMS);
            self.reload_problems = errors.into_iter().take(SHOWN_PROBLEMS).collect();
            if more > 0 {
                self.reload_problems
                    .push(format!("… and {more} more: run `fogline check`"));
            }
            self.message = Some(if first.is_some() {
                "the data has errors; nothing was loaded (fix it and save, or press R)".into()
            } else {
                "the data has errors; still showing the last good data".into()
            });
            return;
        }
        let gone: Vec<&String> = self
            .files
            .iter()
            .filter(|f| !loaded.files.contains(f))
            .collect();
        if !gone.is_empty() && !manual {
            self.reload_problems = gone
                .iter()
                .map(|f| format!("{f}: deleted; its events are still shown (R reloads without it)"))
                .collect();
            self.message = Some("a file was deleted".into());
            return;
        }
        let warnings = loaded.diagnostics.len();
        let from_cache = loaded.from_cache;
        self.files = loaded.files;
        let (added, removed, changed) = self.replace_dataset(dataset, prepared);
        if let Some(l) = first {
            self.reload_problems.clear();
            let also = match warnings {
                0 => String::new(),
                1 => "; 1 warning: run `fogline check`".into(),
                n => format!("; {n} warnings: run `fogline check`"),
            };
            let how = if from_cache { " from the cache" } else { "" };
            self.message = Some(format!(
                "loaded {} events in {:.1} s{how}{also}",
                self.dataset.events.len(),
                l.elapsed.as_secs_f64()
            ));
            return;
        }
        let was_broken = !self.reload_problems.is_empty();
        self.reload_problems.clear();
        // An editor's save may come as several writes: say only what changed something.
        if added + removed + changed > 0 {
            self.message = Some(format!(
                "reloaded: {added} added, {removed} removed, {changed} changed"
            ));
        } else if was_broken || manual {
            self.message = Some("reloaded".into());
        }
    }

    /// Replaces the dataset, keeping selection, marks and scroll by event id; gives the events
    /// added, removed and changed.
    pub(super) fn replace_dataset(
        &mut self,
        dataset: Arc<Dataset>,
        prepared: Prepared,
    ) -> (usize, usize, usize) {
        let shown = Arc::as_ptr(&self.dataset) as usize;
        let counts = match prepared.changes {
            // The first load: a million events need no comparing with none.
            _ if self.dataset.events.is_empty() => (dataset.events.len(), 0, 0),
            Some(c) if c.against == shown => c.counts(),
            _ => Changes::between(&self.dataset, &dataset).counts(),
        };
        self.install(dataset, prepared.indexes, prepared.same_apart);
        counts
    }

    /// Takes in the other-reports index that the loader made after the data was shown (see
    /// [`Prepared::same_apart`]); gives whether it was taken: an index of other data than the
    /// data shown is not.
    pub fn take_same(&mut self, made: SameFor) -> bool {
        if !self.same_pending || !made.is_of(&self.dataset) {
            return false;
        }
        self.same = Arc::new(made.into_index());
        self.same_pending = false;
        // Reports looked for meanwhile were looked for in an empty index.
        self.same_cache.replace(None);
        true
    }

    /// Puts `dataset` in place of the current one, keeping selection, marks and scroll by id;
    /// with its `indexes`, if they were made already, and its other-reports index unless it
    /// comes `apart`, later.
    fn install(&mut self, dataset: Arc<Dataset>, indexes: Option<Indexes>, apart: bool) {
        let marked: HashSet<Box<str>> = self
            .marks
            .iter()
            .filter_map(|&i| self.dataset.events.get(i))
            .map(|e| e.id().into())
            .collect();
        let selected = self
            .selected_event()
            .map(|e| (e.when.clone(), Box::<str>::from(e.id())));
        let rows_above = self.selected.saturating_sub(self.offset);

        let made = indexes.filter(|made| made.of == Arc::as_ptr(&dataset) as usize);
        let (indexes, same) = match (made, apart) {
            (Some(made), true) => (made, None),
            (Some(made), false) => (made, Some(SameIndex::new(&dataset))),
            (None, true) => (Indexes::of(&dataset), None),
            (None, false) => {
                let (i, s) = rayon::join(|| Indexes::of(&dataset), || SameIndex::new(&dataset));
                (i, Some(s))
            }
        };
        let Indexes {
            of: _,
            claims,
            by_source,
            day_bounds,
            kinds,
        } = indexes;
        self.claims = claims;
        self.same_pending = same.is_none();
        self.same = Arc::new(same.unwrap_or_default());
        self.by_source = by_source;
        self.day_bounds = day_bounds;
        self.kinds = kinds;
        self.same_cache.replace(None);
        self.search_index = Default::default();
        self.searched = None;
        self.retired = Some(std::mem::replace(&mut self.dataset, dataset));
        // Looked for only when there are some: every event's id read is a second at 1M cold.
        self.marks = if marked.is_empty() {
            Default::default()
        } else {
            (self.dataset.events.iter().enumerate())
                .filter(|(_, e)| marked.contains(e.id()))
                .map(|(i, _)| i)
                .collect()
        };
        self.visible = Arc::default();
        self.refilter();
        // The same event selected, or, gone, the one that now stands where it stood.
        if let Some((when, id)) = selected {
            let events = &self.dataset.events;
            let is_it = |&i: &u32| events.get(i as usize).is_some_and(|e| e.id() == &*id);
            // Where it stands in the timeline's order: found there at once when its date did not
            // change; else looked for by id, moved.
            let at = self.visible.partition_point(|&i| {
                events
                    .get(i as usize)
                    .is_some_and(|e| (&e.when, e.id()) < (&when, &*id))
            });
            self.selected = if self.visible.get(at).is_some_and(is_it) {
                at
            } else {
                (self.visible.iter().position(is_it))
                    .unwrap_or_else(|| at.min(self.visible.len().saturating_sub(1)))
            };
        }
        self.offset = self.selected.saturating_sub(rows_above);
        self.keep_selection_in_view();
    }
}
