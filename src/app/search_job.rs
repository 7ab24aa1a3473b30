//! A search of the visible events, made by the app and run where the terminal loop chooses: at
//! once, or on a thread of its own while the user types on (see
//! [`App::search_in_background`](super::App::search_in_background)). At a million events a
//! search takes 60-150 ms: run on the terminal's thread, every key typed meanwhile waited for it
//! before it showed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use crate::model::Dataset;
use crate::query::search_index::SearchIndex;

/// A search to run: everything it reads is its own (shared, not copied), so that it can run
/// on another thread while the app goes on.
pub struct SearchJob {
    /// Which job it is, to tell its result from a stale one's.
    pub(super) serial: u64,
    /// The generation of the visible events it searches.
    generation: u64,
    /// What is searched for, lowercased.
    needle: String,
    dataset: Arc<Dataset>,
    /// Made by the first search that needs it, here or in the app.
    index: Arc<OnceLock<SearchIndex>>,
    among: Among,
    stop: Arc<AtomicBool>,
}

/// Which events a search looks at.
enum Among {
    /// Every visible event: their indices in the dataset, in timeline order.
    Visible(Arc<Vec<u32>>),
    /// The search grew from one whose matches are known: only those are looked at again
    /// (whatever holds the longer text holds the shorter): their positions among the visible
    /// events.
    Narrowed {
        positions: Arc<Vec<usize>>,
        visible: Arc<Vec<u32>>,
    },
}

/// What a search found.
#[derive(Debug)]
pub struct Found {
    /// The job that found it.
    pub(super) serial: u64,
    /// The generation of the visible events searched.
    pub(super) generation: u64,
    /// What was searched for, lowercased.
    pub(super) needle: String,
    /// The positions, among the visible events, of those that match.
    pub(super) matches: Arc<Vec<usize>>,
}

impl SearchJob {
    /// A search for `needle` (lowercased) of every visible event, or, given the positions that
    /// matched a shorter search of the same events (`narrowed`), of those. Cheap: what it
    /// reads is shared, and what it works out is left to [`SearchJob::run`].
    pub(super) fn new(
        serial: u64,
        generation: u64,
        needle: String,
        dataset: Arc<Dataset>,
        index: Arc<OnceLock<SearchIndex>>,
        visible: &Arc<Vec<u32>>,
        narrowed: Option<Arc<Vec<usize>>>,
    ) -> SearchJob {
        let visible = Arc::clone(visible);
        let among = match narrowed {
            Some(positions) => Among::Narrowed { positions, visible },
            None => Among::Visible(visible),
        };
        SearchJob {
            serial,
            generation,
            needle,
            dataset,
            index,
            among,
            stop: Arc::new(AtomicBool::new(false)),
        }
    }

    /// What stops the search when set: it then finds nothing, as soon as it notices.
    pub(super) fn stopper(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.stop)
    }

    /// Runs the search; `None` when it was stopped.
    pub fn run(self) -> Option<Found> {
        let SearchJob {
            serial,
            generation,
            needle,
            dataset,
            index,
            among,
            stop,
        } = self;
        let events = &dataset.events;
        let index = index.get_or_init(|| SearchIndex::new(events));
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        let matches: Vec<usize> = match among {
            Among::Narrowed { positions, visible } => {
                let among: Vec<u32> = (positions.iter())
                    .filter_map(|&p| visible.get(p).copied())
                    .collect();
                let hit = index.matches_unless(events, &among, &needle, &stop)?;
                (positions.iter().zip(hit))
                    .filter_map(|(&p, hit)| hit.then_some(p))
                    .collect()
            }
            Among::Visible(among) => {
                let hit = index.matches_unless(events, &among, &needle, &stop)?;
                (hit.iter().enumerate())
                    .filter_map(|(p, &hit)| hit.then_some(p))
                    .collect()
            }
        };
        Some(Found {
            serial,
            generation,
            needle,
            matches: Arc::new(matches),
        })
    }
}
